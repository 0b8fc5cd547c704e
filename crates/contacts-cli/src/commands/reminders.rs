//! `contacts reminders [list] [--mine] [--due ...]`, `reminders take|assign|done|rm RID`.
//! Times are shown in the installation's time zone.

use contacts_core::ids::ReminderId;
use contacts_core::service::{Due, ReminderFilter};
use contacts_core::store::Store;

use super::Ctx;
use crate::cli::{DueArg, ReminderCommand, ReminderListArgs, RemindersArgs};
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: RemindersArgs) -> Result<()> {
    let command = args.command.unwrap_or(ReminderCommand::List(args.list));
    let (rid, verb) = match command {
        ReminderCommand::List(list) => return run_list(ctx, list),
        ReminderCommand::Take { rid } => {
            let id = reminder_id(&rid)?;
            ctx.service.take_reminder(&ctx.actor, id)?;
            (id, "taken over by you")
        }
        ReminderCommand::Assign { rid, assignee } => {
            let id = reminder_id(&rid)?;
            ctx.service
                .assign_reminder(&ctx.actor, id, Some(&assignee))?;
            (id, "assigned")
        }
        ReminderCommand::Done { rid } => {
            let id = reminder_id(&rid)?;
            ctx.service.done_reminder(&ctx.actor, id)?;
            (id, "done")
        }
        ReminderCommand::Rm { rid } => {
            let id = reminder_id(&rid)?;
            ctx.service.delete_reminder(&ctx.actor, id)?;
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "removed": id.0 }));
            }
            writeln!(ctx.out, "removed reminder {id}")?;
            return Ok(());
        }
    };
    let view = ctx.service.reminder(&ctx.actor, rid)?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::Reminder::from(&view));
    }
    let detail = match (&view.done_by, &view.assignee) {
        (Some(by), _) => format!(" (by {by})"),
        (None, Some(to)) => format!(" (now {to}'s)"),
        _ => String::new(),
    };
    writeln!(ctx.out, "reminder {rid} {verb}{detail}")?;
    Ok(())
}

fn reminder_id(s: &str) -> Result<ReminderId> {
    Ok(s.parse()?)
}

fn run_list<S: Store>(ctx: &mut Ctx<'_, S>, args: ReminderListArgs) -> Result<()> {
    let filter = ReminderFilter {
        mine: args.mine,
        due: match args.due {
            DueArg::Open => Due::Open,
            DueArg::Today => Due::Today,
            DueArg::Overdue => Due::Overdue,
            DueArg::Week => Due::Week,
            DueArg::All => Due::All,
        },
        contact: args.contact.as_deref().map(contact_id).transpose()?,
    };
    let now = ctx.service.now();
    let list: Vec<contacts_wire::Reminder> = ctx
        .service
        .reminders(&ctx.actor, &filter, now)?
        .iter()
        .map(contacts_wire::Reminder::from)
        .collect();
    if ctx.json {
        return output::json(ctx.out, &list);
    }
    if list.is_empty() {
        writeln!(ctx.out, "no reminders")?;
        return Ok(());
    }
    let fm = ctx.fmt()?;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|r| {
            let state = match (&r.done_by, r.overdue) {
                (Some(by), _) => format!("done by {by}"),
                (None, true) => "overdue".to_string(),
                (None, false) => String::new(),
            };
            vec![
                r.id.to_string(),
                output::shown_local(&fm, &r.due),
                state,
                r.contact.clone(),
                r.text.clone(),
                r.assignee.clone().unwrap_or_default(),
                r.created_by.clone(),
            ]
        })
        .collect();
    output::table(
        ctx.out,
        &["RID", "DUE", "STATE", "CONTACT", "TEXT", "ASSIGNEE", "BY"],
        &rows,
    )
}
