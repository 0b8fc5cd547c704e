//! `contacts copy-to-business ID`: "Skopiuj do bazy firmowej".

use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let id = contact_id(id)?;
    let copy = ctx.service.copy_to_business(&ctx.actor, id)?;
    if ctx.json {
        output::json(
            ctx.out,
            &serde_json::json!({ "id": copy.id.0, "source": id.0 }),
        )
    } else {
        writeln!(ctx.out, "{}", copy.id)?;
        Ok(())
    }
}
