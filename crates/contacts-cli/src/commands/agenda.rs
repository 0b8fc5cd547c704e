//! `contacts agenda [DATE] [--week]`: the day plan in time order: all-day birthdays and
//! name-days first, then reminders by time; reminders still open from earlier days show as
//! overdue on the day they were due.

use contacts_core::store::Store;
use contacts_wire::{AgendaEntry, AgendaItem};

use super::meeting::MeetingRow;
use super::upcoming::kind_text;
use super::{date_or_today, Ctx};
use crate::cli::AgendaArgs;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: AgendaArgs) -> Result<()> {
    let from = date_or_today(ctx.service, "date", args.date.as_deref())?;
    let days = if args.week { 7 } else { 1 };
    let now = ctx.service.now();
    let items = ctx.service.agenda(&ctx.actor, from, days, now)?;
    // Each shown item with its wire form, kept together so table rows stay aligned; kinds
    // added later are shown once the wire format learns them.
    let pairs: Vec<(&contacts_core::service::AgendaItem, AgendaItem)> = items
        .iter()
        .filter_map(|i| Some((i, AgendaItem::new(i)?)))
        .collect();
    let list: Vec<&AgendaItem> = pairs.iter().map(|(_, j)| j).collect();
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
            let (what, contact, detail) = match &json.entry {
                AgendaEntry::Occasion(o) => (
                    kind_text(o),
                    o.contact.clone(),
                    o.age.map(|a| format!("turns {a}")).unwrap_or_default(),
                ),
                AgendaEntry::Reminder(r) => {
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
                AgendaEntry::Deadline(d) => (
                    format!(
                        "{} case {}",
                        if d.overdue { "overdue" } else { "deadline of" },
                        d.number
                    ),
                    d.counterparty.clone(),
                    format!("{} [{}]", d.title, d.responsible),
                ),
                AgendaEntry::Meeting(m) => {
                    (format!("meeting {}", m.id), m.contact_name(), m.summary())
                }
                AgendaEntry::Alert(a) => (
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
