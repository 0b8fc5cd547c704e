//! `contacts remind ID --at TIME --text TEXT [--assign USER]`: a reminder on a contact, due at a
//! local time of the installation's time zone (stored in UTC).

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::RemindArgs;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: RemindArgs) -> Result<()> {
    let contact = contact_id(&args.id)?;
    let at = ctx.service.local_to_utc(&args.at)?;
    let r = ctx
        .service
        .remind(&ctx.actor, contact, at, &args.text, args.assign.as_deref())?;
    let view = ctx.service.reminder(&ctx.actor, r.id)?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::Reminder::from(&view));
    }
    let tz = ctx.service.timezone()?;
    let overdue = if view.overdue {
        ", overdue already"
    } else {
        ""
    };
    let who = view
        .assignee
        .as_deref()
        .map(|a| format!(" for {a}"))
        .unwrap_or_default();
    writeln!(
        ctx.out,
        "added reminder {} on {}{who}, due {} ({tz}){overdue}",
        r.id,
        output::clean(&view.contact.name),
        ctx.fmt()?.local_datetime(view.due_local),
    )?;
    Ok(())
}
