//! `contacts unmerge ID`: undoes the latest merge into ID.

use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, id: &str) -> Result<()> {
    let id = contact_id(id)?;
    let (keep, other) = ctx.service.unmerge(&ctx.actor, id)?;
    if ctx.json {
        let undone = contacts_wire::Unmerge {
            kept: contacts_wire::Contact::from(&keep),
            restored: contacts_wire::Contact::from(&other),
        };
        return output::json(ctx.out, &undone);
    }
    writeln!(
        ctx.out,
        "restored {} ({}) and {} ({})",
        keep.id,
        output::clean(&keep.data.display_name()),
        other.id,
        output::clean(&other.data.display_name())
    )?;
    Ok(())
}
