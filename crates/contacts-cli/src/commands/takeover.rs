//! `contacts takeover --from USER --to USER`: hands an employee's work to another (admins).

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::TakeoverArgs;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: TakeoverArgs) -> Result<()> {
    let report = if args.dry_run {
        ctx.service
            .takeover_preview(&ctx.actor, &args.from, &args.to)?
    } else {
        ctx.service.takeover(&ctx.actor, &args.from, &args.to)?
    };
    let name = |id| {
        ctx.service
            .get(&ctx.actor, id)
            .map(|c| c.data.display_name())
            .unwrap_or_default()
    };
    let clients: Vec<(i64, String)> = report.clients.iter().map(|c| (c.0, name(*c))).collect();
    if ctx.json {
        let from = args.from.trim();
        let to = args.to.trim();
        let done = contacts_wire::TakeoverReport::new(&report, from, to, args.dry_run, name);
        return output::json(ctx.out, &done);
    }
    let (from, to) = (args.from.trim(), args.to.trim());
    if args.dry_run {
        writeln!(
            ctx.out,
            "would hand over from {from} to {to} (nothing moved):"
        )?;
    } else {
        writeln!(ctx.out, "handed over from {from} to {to}:")?;
    }
    let cases: Vec<&str> = report.cases.iter().map(|(_, n)| n.as_str()).collect();
    writeln!(
        ctx.out,
        "  open cases: {}{}",
        cases.len(),
        list(&cases.join(", "))
    )?;
    let clients: Vec<String> = clients
        .iter()
        .map(|(id, n)| format!("{n} (#{id})"))
        .collect();
    writeln!(
        ctx.out,
        "  clients: {}{}",
        clients.len(),
        list(&clients.join(", "))
    )?;
    let reminders: Vec<String> = report.reminders.iter().map(|r| format!("#{r}")).collect();
    writeln!(
        ctx.out,
        "  open reminders: {}{}",
        reminders.len(),
        list(&reminders.join(", "))
    )?;
    let written = if args.dry_run {
        "history entries to write"
    } else {
        "history entries written"
    };
    writeln!(ctx.out, "  {written}: {}", report.history_entries.len())?;
    Ok(())
}

fn list(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" ({})", output::clean(s))
    }
}
