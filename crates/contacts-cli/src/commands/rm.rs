//! `contacts rm ID`.

use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let id = contact_id(id)?;
    ctx.service.delete(&ctx.actor, id)?;
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "id": id.0, "removed": true }))
    } else {
        writeln!(
            ctx.out,
            "removed contact {id} (kept in the trash for 30 days: `contacts trash list`)"
        )?;
        Ok(())
    }
}
