//! `contacts category list|rename`: the ten categories of your private book.

use contacts_core::category::CategoryKey;
use contacts_core::store::Store;

use super::Ctx;
use crate::cli::CategoryCommand;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: CategoryCommand) -> Result<()> {
    match command {
        CategoryCommand::List => {
            let list = ctx.service.categories(&ctx.actor)?;
            if ctx.json {
                let list: Vec<contacts_wire::Category> =
                    list.iter().map(contacts_wire::Category::from).collect();
                return output::json(ctx.out, &list);
            }
            let rows: Vec<Vec<String>> = list
                .into_iter()
                .map(|c| vec![c.key.key().to_string(), c.icon.to_string(), c.label])
                .collect();
            output::table(ctx.out, &["KEY", "ICON", "LABEL"], &rows)
        }
        CategoryCommand::Rename { key, label } => {
            let key = CategoryKey::parse(&key)?;
            ctx.service.rename_category(&ctx.actor, key, &label)?;
            if ctx.json {
                output::json(
                    ctx.out,
                    &serde_json::json!({ "key": key.key(), "label": label.trim() }),
                )
            } else {
                writeln!(ctx.out, "category {} is now '{}'", key.key(), label.trim())?;
                Ok(())
            }
        }
    }
}
