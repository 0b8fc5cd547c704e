//! `contacts trash list|restore ID|purge ID|empty`: deleted contacts, kept 30 days.

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::TrashCommand;
use crate::error::{CliError, Result};
use crate::output;

fn entry_id(s: &str) -> Result<i64> {
    s.trim().parse().map_err(|_| {
        CliError::User(format!(
            "'{s}' is not a trash entry id (see `contacts trash list`)"
        ))
    })
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, cmd: TrashCommand) -> Result<()> {
    match cmd {
        TrashCommand::List => {
            let items = ctx.service.trash(&ctx.actor)?;
            if ctx.json {
                let out: Vec<contacts_wire::TrashEntry> =
                    items.iter().map(contacts_wire::TrashEntry::from).collect();
                return output::json(ctx.out, &out);
            }
            if items.is_empty() {
                writeln!(ctx.out, "the trash is empty")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    vec![
                        i.entry.id.to_string(),
                        output::clean(&i.entry.name),
                        if i.entry.book.is_business() {
                            "business"
                        } else {
                            "private"
                        }
                        .into(),
                        i.entry.deleted_at.format("%Y-%m-%d %H:%M").to_string(),
                        i.expires_at.format("%Y-%m-%d").to_string(),
                    ]
                })
                .collect();
            output::table(
                ctx.out,
                &["ENTRY", "NAME", "BOOK", "DELETED", "KEPT UNTIL"],
                &rows,
            )
        }
        TrashCommand::Restore { entry } => {
            let c = ctx
                .service
                .restore_from_trash(&ctx.actor, entry_id(&entry)?)?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &serde_json::json!({ "id": c.id.0, "restored": true }),
                );
            }
            writeln!(
                ctx.out,
                "restored contact {} ({})",
                c.id,
                output::clean(&c.data.display_name())
            )?;
            Ok(())
        }
        TrashCommand::Purge { entry } => {
            let id = entry_id(&entry)?;
            ctx.service.purge_from_trash(&ctx.actor, id)?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &serde_json::json!({ "entry": id, "deleted": true }),
                );
            }
            writeln!(ctx.out, "deleted trash entry {id} for good")?;
            Ok(())
        }
        TrashCommand::Empty { yes } => {
            if !yes {
                return Err(CliError::User(
                    "emptying the trash deletes its contacts for good; run again with --yes".into(),
                ));
            }
            let n = ctx.service.empty_trash(&ctx.actor)?;
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "deleted": n }));
            }
            writeln!(ctx.out, "deleted {n} contact(s) from the trash for good")?;
            Ok(())
        }
    }
}
