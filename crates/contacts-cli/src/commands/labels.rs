//! The shared body of `contacts group` and `contacts status`: user-defined picklists.

use contacts_core::store::{ListKind, Store};

use super::Ctx;
use crate::cli::LabelCommand;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, list: ListKind, command: LabelCommand) -> Result<()> {
    let what = list.as_str();
    let message = match command {
        LabelCommand::List => {
            let labels = ctx.service.labels(list)?;
            if ctx.json {
                let labels: Vec<contacts_wire::Label> =
                    labels.iter().map(contacts_wire::Label::from).collect();
                return output::json(ctx.out, &labels);
            }
            let rows: Vec<Vec<String>> = labels
                .into_iter()
                .map(|l| vec![l.id.to_string(), l.name])
                .collect();
            return output::table(ctx.out, &["ID", "NAME"], &rows);
        }
        LabelCommand::Add { name } => {
            let label = ctx.service.add_label(&ctx.actor, list, &name)?;
            if ctx.json {
                return output::json(ctx.out, &contacts_wire::Label::from(&label));
            }
            format!("added {what} '{}'", label.name)
        }
        LabelCommand::Rename { old, new } => {
            ctx.service.rename_label(&ctx.actor, list, &old, &new)?;
            format!("renamed {what} '{}' to '{}'", old.trim(), new.trim())
        }
        LabelCommand::Rm { name, force } => {
            let n = ctx.service.remove_label(&ctx.actor, list, &name, force)?;
            if n > 0 {
                format!("removed {what} '{}' (from {n} contact(s))", name.trim())
            } else {
                format!("removed {what} '{}'", name.trim())
            }
        }
    };
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "done": message }))
    } else {
        writeln!(ctx.out, "{message}")?;
        Ok(())
    }
}
