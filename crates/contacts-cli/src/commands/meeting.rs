//! `contacts meeting add|list|edit|rm`, `contacts alert set|rm|list` and `contacts due`:
//! meetings on a contact or a case, alerts before birthdays and name-days, and the counter of
//! one's due reminders. Every rule is the core's.

use contacts_core::ids::MeetingId;
use contacts_core::service::{MeetingFilter, MeetingInput, MeetingView, Service};
use contacts_core::store::{OccasionAlertKind, Store};

use super::Ctx;
use crate::cli::{AlertCommand, MeetingCommand, MeetingFields};
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

/// What the table of meetings shows of one (the JSON is `contacts_wire::Meeting`).
pub trait MeetingRow {
    fn contact_name(&self) -> String;
    /// Title, place, length, participants and case, for a table cell.
    fn summary(&self) -> String;
}

impl MeetingRow for contacts_wire::Meeting {
    fn contact_name(&self) -> String {
        self.contact.clone().unwrap_or_default()
    }

    fn summary(&self) -> String {
        let mut s = format!("{} ({} min", self.title, self.minutes);
        if !self.place.is_empty() {
            s.push_str(&format!(", {}", self.place));
        }
        s.push_str(&format!(") [{}]", self.participants.join(", ")));
        if let Some(n) = &self.case_number {
            s.push_str(&format!(" case {n}"));
        }
        s
    }
}

fn meeting_id(s: &str) -> Result<MeetingId> {
    Ok(s.parse()?)
}

fn case_of<S: Store>(
    svc: &Service<S>,
    ctx_actor: &contacts_core::service::Actor,
    key: Option<&str>,
) -> Result<Option<contacts_core::ids::CaseId>> {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Ok(Some(svc.find_case(ctx_actor, k)?.id)),
        None => Ok(None),
    }
}

/// The core's input from the flags, over `base` (a meeting being changed) or the defaults.
fn input<S: Store>(
    ctx: &Ctx<'_, S>,
    f: &MeetingFields,
    base: Option<&MeetingView>,
) -> Result<MeetingInput> {
    let svc = ctx.service;
    let start = match (&f.at, base) {
        (Some(at), _) => svc.local_to_utc(at)?,
        (None, Some(b)) => b.meeting.start,
        (None, None) => svc.local_to_utc("")?,
    };
    let contact = match (&f.contact, base) {
        (Some(c), _) if c.trim().is_empty() => None,
        (Some(c), _) => Some(contact_id(c)?),
        (None, b) => b.and_then(|b| b.meeting.contact),
    };
    let case = match (&f.case, base) {
        (Some(c), _) => case_of(svc, &ctx.actor, Some(c))?,
        (None, b) => b.and_then(|b| b.meeting.case),
    };
    Ok(MeetingInput {
        title: f
            .title
            .clone()
            .or_else(|| base.map(|b| b.meeting.title.clone()))
            .unwrap_or_default(),
        start,
        minutes: f
            .minutes
            .or_else(|| base.map(|b| b.meeting.minutes))
            .unwrap_or(60),
        place: f
            .place
            .clone()
            .or_else(|| base.map(|b| b.meeting.place.clone()))
            .unwrap_or_default(),
        contact,
        case,
        participants: f
            .with
            .clone()
            .or_else(|| base.map(|b| b.participants.clone()))
            .unwrap_or_else(|| vec![ctx.actor.name().to_string()]),
    })
}

fn print_one<S: Store>(ctx: &mut Ctx<'_, S>, verb: &str, m: &MeetingView) -> Result<()> {
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::Meeting::from(m));
    }
    writeln!(
        ctx.out,
        "{verb} meeting {} \"{}\" at {} for {} min with {}",
        m.meeting.id,
        output::clean(&m.meeting.title),
        ctx.fmt()?.local_datetime(m.start_local),
        m.meeting.minutes,
        output::clean(&m.participants.join(", ")),
    )?;
    Ok(())
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, c: MeetingCommand) -> Result<()> {
    match c {
        MeetingCommand::Add(f) => {
            let i = input(ctx, &f, None)?;
            let m = ctx.service.add_meeting(&ctx.actor, &i)?;
            print_one(ctx, "added", &m)
        }
        MeetingCommand::Edit { mid, fields } => {
            let id = meeting_id(&mid)?;
            let old = ctx.service.meeting(&ctx.actor, id)?;
            let i = input(ctx, &fields, Some(&old))?;
            let m = ctx
                .service
                .update_meeting(&ctx.actor, id, old.meeting.version, &i)?;
            print_one(ctx, "changed", &m)
        }
        MeetingCommand::Rm { mid } => {
            let id = meeting_id(&mid)?;
            ctx.service.delete_meeting(&ctx.actor, id)?;
            if !ctx.json {
                writeln!(ctx.out, "removed meeting {id}")?;
            } else {
                output::json(ctx.out, &serde_json::json!({ "removed": id.0 }))?;
            }
            Ok(())
        }
        MeetingCommand::List {
            mine,
            contact,
            case,
        } => {
            let filter = MeetingFilter {
                mine,
                contact: contact.as_deref().map(contact_id).transpose()?,
                case: case_of(ctx.service, &ctx.actor, case.as_deref())?,
                ..MeetingFilter::default()
            };
            let list = ctx.service.meetings(&ctx.actor, &filter)?;
            if ctx.json {
                let out: Vec<contacts_wire::Meeting> =
                    list.iter().map(contacts_wire::Meeting::from).collect();
                return output::json(ctx.out, &out);
            }
            if list.is_empty() {
                writeln!(ctx.out, "no meetings")?;
                return Ok(());
            }
            let fm = ctx.fmt()?;
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|m| {
                    let on = [
                        m.contact.as_ref().map(|c| c.name.clone()),
                        m.case.as_ref().map(|c| format!("case {}", c.0)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                    vec![
                        m.meeting.id.to_string(),
                        fm.local_datetime(m.start_local),
                        m.meeting.minutes.to_string(),
                        m.meeting.title.clone(),
                        m.meeting.place.clone(),
                        m.participants.join(", "),
                        on,
                    ]
                })
                .collect();
            output::table(
                ctx.out,
                &["ID", "START", "MIN", "TITLE", "PLACE", "WITH", "ON"],
                &rows,
            )
        }
    }
}

pub fn alert<S: Store>(ctx: &mut Ctx<'_, S>, c: AlertCommand) -> Result<()> {
    match c {
        AlertCommand::Set { id, kind, days } => {
            let contact = contact_id(&id)?;
            let kind = OccasionAlertKind::parse(&kind)?;
            ctx.service
                .set_occasion_alert(&ctx.actor, contact, kind, Some(days))?;
            if ctx.json {
                let alert = contacts_wire::OccasionAlert::new(contact, kind, Some(days));
                return output::json(ctx.out, &alert);
            }
            writeln!(
                ctx.out,
                "you will be reminded {days} days before the {} of contact {contact}",
                kind.key()
            )?;
            Ok(())
        }
        AlertCommand::Rm { id, kind } => {
            let contact = contact_id(&id)?;
            let kind = OccasionAlertKind::parse(&kind)?;
            ctx.service
                .set_occasion_alert(&ctx.actor, contact, kind, None)?;
            if !ctx.json {
                writeln!(
                    ctx.out,
                    "removed your {} alert on contact {contact}",
                    kind.key()
                )?;
            } else {
                let removed = contacts_wire::OccasionAlert::new(contact, kind, None);
                output::json(ctx.out, &removed)?;
            }
            Ok(())
        }
        AlertCommand::List { contact } => {
            let contact = contact.as_deref().map(contact_id).transpose()?;
            let list = ctx.service.occasion_alerts(&ctx.actor, contact)?;
            if ctx.json {
                let out: Vec<contacts_wire::OccasionAlert> = list
                    .iter()
                    .map(contacts_wire::OccasionAlert::from)
                    .collect();
                return output::json(ctx.out, &out);
            }
            let rows: Vec<(i64, &str, u32)> = list
                .iter()
                .map(|a| (a.contact.0, a.kind.key(), a.days_before))
                .collect();
            if rows.is_empty() {
                writeln!(ctx.out, "no alerts")?;
                return Ok(());
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|(c, k, d)| vec![c.to_string(), k.to_string(), d.to_string()])
                .collect();
            output::table(ctx.out, &["CONTACT", "KIND", "DAYS BEFORE"], &table)
        }
    }
}

pub fn due<S: Store>(ctx: &mut Ctx<'_, S>) -> Result<()> {
    let c = ctx.service.due_counts(&ctx.actor, ctx.service.now())?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::DueCounts::from(&c));
    }
    writeln!(
        ctx.out,
        "{} due today, {} of them overdue",
        c.due, c.overdue
    )?;
    Ok(())
}
