//! `contacts field list|add|rename|rm`: typed custom fields of the business book.

use contacts_core::store::{FieldType, Store};
use contacts_core::Error;
use serde::Serialize;

use super::Ctx;
use crate::cli::FieldCommand;
use crate::error::Result;
use crate::output;

#[derive(Serialize)]
struct FieldJson {
    id: i64,
    label: String,
    #[serde(rename = "type")]
    field_type: &'static str,
    choices: Vec<String>,
}

fn choices(t: &FieldType) -> Vec<String> {
    match t {
        FieldType::Choice(c) => c.clone(),
        _ => Vec::new(),
    }
}

fn field_type(name: &str, choices: Option<&str>) -> Result<FieldType> {
    let t = match name.trim().to_ascii_lowercase().as_str() {
        "text" => FieldType::Text,
        "number" => FieldType::Number,
        "date" => FieldType::Date,
        "yesno" | "yes/no" | "bool" => FieldType::YesNo,
        "choice" => {
            let list = choices
                .ok_or_else(|| Error::invalid("field", "a choice field needs --choices a,b,c"))?;
            FieldType::Choice(list.split(',').map(|s| s.trim().to_string()).collect())
        }
        other => {
            return Err(Error::invalid(
                "type",
                format!("'{other}' is not text, number, date, yesno or choice"),
            )
            .into())
        }
    };
    if choices.is_some() && !matches!(t, FieldType::Choice(_)) {
        return Err(Error::invalid("choices", "only a choice field has choices").into());
    }
    Ok(t)
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: FieldCommand) -> Result<()> {
    let message = match command {
        FieldCommand::List => {
            let fields = ctx.service.fields()?;
            if ctx.json {
                let list: Vec<FieldJson> = fields
                    .into_iter()
                    .map(|f| FieldJson {
                        id: f.id.0,
                        field_type: f.field_type.name(),
                        choices: choices(&f.field_type),
                        label: f.label,
                    })
                    .collect();
                return output::json(ctx.out, &list);
            }
            let rows: Vec<Vec<String>> = fields
                .into_iter()
                .map(|f| {
                    vec![
                        f.id.to_string(),
                        f.label.clone(),
                        f.field_type.name().to_string(),
                        choices(&f.field_type).join(", "),
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
            let t = field_type(&t, c.as_deref())?;
            let def = ctx.service.add_field(&ctx.actor, &label, t)?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &FieldJson {
                        id: def.id.0,
                        field_type: def.field_type.name(),
                        choices: choices(&def.field_type),
                        label: def.label,
                    },
                );
            }
            format!("added field '{}' ({})", def.label, def.field_type.name())
        }
        FieldCommand::Rename { old, new } => {
            ctx.service.rename_field(&ctx.actor, &old, &new)?;
            format!("renamed field '{}' to '{}'", old.trim(), new.trim())
        }
        FieldCommand::Rm { label } => {
            ctx.service.remove_field(&ctx.actor, &label)?;
            format!("removed field '{}'", label.trim())
        }
    };
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "done": message }))
    } else {
        writeln!(ctx.out, "{message}")?;
        Ok(())
    }
}
