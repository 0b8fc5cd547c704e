//! `contacts edit ID`: scalar flags replace (an empty value clears), list flags add,
//! `--rm-*` flags remove; `--version N` refuses to overwrite a newer change.

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::EditArgs;
use crate::error::Result;
use crate::input::{contact_id, edit_contact};
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: EditArgs) -> Result<()> {
    let id = contact_id(&args.id)?;
    let current = ctx.service.get(&ctx.actor, id)?;
    let mut data = current.data.clone();
    edit_contact(ctx.service, &mut data, &args)?;
    let version = args.version.unwrap_or(current.meta.version);
    let updated = ctx.service.update(&ctx.actor, id, version, data)?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::Contact::from(&updated));
    }
    writeln!(
        ctx.out,
        "updated contact {} (now version {})",
        updated.id, updated.meta.version
    )?;
    Ok(())
}
