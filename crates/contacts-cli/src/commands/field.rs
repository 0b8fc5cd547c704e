//! `contacts field list|add|rename|rm`: typed custom fields of the business book.

use contacts_core::store::{FieldType, Store};

use super::Ctx;
use crate::cli::FieldCommand;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: FieldCommand) -> Result<()> {
    let message = match command {
        FieldCommand::List => {
            let fields = ctx.service.fields()?;
            if ctx.json {
                let list: Vec<contacts_wire::Field> =
                    fields.iter().map(contacts_wire::Field::from).collect();
                return output::json(ctx.out, &list);
            }
            let rows: Vec<Vec<String>> = fields
                .into_iter()
                .map(|f| {
                    vec![
                        f.id.to_string(),
                        f.label.clone(),
                        f.field_type.name().to_string(),
                        f.field_type.choices().join(", "),
                    ]
                })
                .collect();
            return output::table(ctx.out, &["ID", "LABEL", "TYPE", "CHOICES"], &rows);
        }
        FieldCommand::Add {
            label,
            field_type: t,
            choices: c,
        } => {
            let c = c
                .as_deref()
                .map(FieldType::split_choices)
                .unwrap_or_default();
            let t = FieldType::parse(&t, &c)?;
            let def = ctx.service.add_field(&ctx.actor, &label, t)?;
            if ctx.json {
                return output::json(ctx.out, &contacts_wire::Field::from(&def));
            }
            format!("added field '{}' ({})", def.label, def.field_type.name())
        }
        FieldCommand::Rename { old, new } => {
            ctx.service.rename_field(&ctx.actor, &old, &new)?;
            format!("renamed field '{}' to '{}'", old.trim(), new.trim())
        }
        FieldCommand::Rm { label } => {
            let n = ctx.service.remove_field(&ctx.actor, &label)?;
            format!("removed field '{}' and its {n} value(s)", label.trim())
        }
    };
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "done": message }))
    } else {
        writeln!(ctx.out, "{message}")?;
        Ok(())
    }
}
