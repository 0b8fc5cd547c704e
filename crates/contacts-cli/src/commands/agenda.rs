//! `contacts agenda [DATE] [--week]`: the day plan in time order: all-day birthdays and
//! name-days first, then reminders by time; reminders still open from earlier days show as
//! overdue on the day they were due.

use contacts_core::service::AgendaEntry;
use contacts_core::store::Store;
use serde::Serialize;

use super::meeting::MeetingRow;
use super::upcoming::kind_text;
use super::{date_or_today, Ctx};
use crate::cli::AgendaArgs;
use crate::error::Result;
use crate::output;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ItemJson {
    Occasion(contacts_wire::Occasion),
    Reminder(contacts_wire::Reminder),
    Deadline(DeadlineJson),
    Meeting(contacts_wire::Meeting),
    Alert(AlertJson),
}

#[derive(Serialize)]
struct AlertJson {
    contact_id: i64,
    contact: String,
    kind: &'static str,
    days_before: u32,
    occasion_date: String,
}

#[derive(Serialize)]
struct DeadlineJson {
    case: i64,
    number: String,
    title: String,
    counterparty: String,
    responsible: String,
    overdue: bool,
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: AgendaArgs) -> Result<()> {
    let from = date_or_today(ctx.service, "date", args.date.as_deref())?;
    let days = if args.week { 7 } else { 1 };
    let now = ctx.service.now();
    let items = ctx.service.agenda(&ctx.actor, from, days, now)?;
    // Each shown item with its wire form, kept together so table rows stay aligned.
    let pairs: Vec<(&contacts_core::service::AgendaItem, ItemJson)> = items
        .iter()
        .filter_map(|i| {
            let json = match &i.entry {
                AgendaEntry::Occasion(o) => ItemJson::Occasion(contacts_wire::Occasion::from(o)),
                AgendaEntry::Reminder(r) => ItemJson::Reminder(contacts_wire::Reminder::from(r)),
                AgendaEntry::CaseDeadline {
                    case,
                    number,
                    title,
                    counterparty,
                    responsible,
                    overdue,
                } => ItemJson::Deadline(DeadlineJson {
                    case: case.0,
                    number: number.clone(),
                    title: title.clone(),
                    counterparty: counterparty.clone(),
                    responsible: responsible.clone(),
                    overdue: *overdue,
                }),
                AgendaEntry::Meeting(m) => ItemJson::Meeting(contacts_wire::Meeting::from(m)),
                AgendaEntry::Alert(a) => ItemJson::Alert(AlertJson {
                    contact_id: a.contact.id.0,
                    contact: a.contact.name.clone(),
                    kind: a.kind.key(),
                    days_before: a.days_before,
                    occasion_date: a.occasion_date.to_string(),
                }),
                // Kinds added later are shown once this command learns them.
                #[allow(unreachable_patterns)]
                _ => return None,
            };
            Some((i, json))
        })
        .collect();
    let list: Vec<&ItemJson> = pairs.iter().map(|(_, j)| j).collect();
    if ctx.json {
        return output::json(ctx.out, &list);
    }
    if list.is_empty() {
        let span = if args.week {
            " in the week from"
        } else {
            " on"
        };
        let from = ctx.fmt()?.date(from);
        writeln!(ctx.out, "nothing planned{span} {from}")?;
        return Ok(());
    }
    let fm = ctx.fmt()?;
    let rows: Vec<Vec<String>> = pairs
        .iter()
        .map(|(item, json)| {
            let time = item
                .time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_else(|| "all day".to_string());
            let (what, contact, detail) = match json {
                ItemJson::Occasion(o) => (
                    kind_text(o),
                    o.contact.clone(),
                    o.age.map(|a| format!("turns {a}")).unwrap_or_default(),
                ),
                ItemJson::Reminder(r) => {
                    let what = if r.overdue {
                        "overdue reminder"
                    } else {
                        "reminder"
                    };
                    let who = r
                        .assignee
                        .as_deref()
                        .map(|a| format!(" [{a}]"))
                        .unwrap_or_default();
                    (
                        format!("{what} {}", r.id),
                        r.contact.clone(),
                        format!("{}{who}", r.text),
                    )
                }
                ItemJson::Deadline(d) => (
                    format!(
                        "{} case {}",
                        if d.overdue { "overdue" } else { "deadline of" },
                        d.number
                    ),
                    d.counterparty.clone(),
                    format!("{} [{}]", d.title, d.responsible),
                ),
                ItemJson::Meeting(m) => {
                    (format!("meeting {}", m.id), m.contact_name(), m.summary())
                }
                ItemJson::Alert(a) => (
                    format!("{} in {} days", a.kind, a.days_before),
                    a.contact.clone(),
                    format!("on {}", a.occasion_date),
                ),
            };
            vec![
                output::shown_date(&fm, &item.date.to_string()),
                time,
                what,
                contact,
                detail,
            ]
        })
        .collect();
    output::table(
        ctx.out,
        &["DATE", "TIME", "WHAT", "CONTACT", "DETAIL"],
        &rows,
    )
}
