//! `contacts merge KEEP OTHER`: field by field into KEEP; OTHER is removed.

use contacts_core::store::Store;

use super::Ctx;
use crate::error::Result;
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, keep: &str, other: &str) -> Result<()> {
    let keep = contact_id(keep)?;
    let other = contact_id(other)?;
    let merged = ctx.service.merge(&ctx.actor, keep, other)?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::Contact::from(&merged));
    }
    writeln!(
        ctx.out,
        "merged {other} into {keep} ({}); undo with: contacts unmerge {keep}",
        output::clean(&merged.data.display_name())
    )?;
    Ok(())
}
