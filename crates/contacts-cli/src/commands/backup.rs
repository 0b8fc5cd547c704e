//! `contacts backup FILE`: an online copy of the whole database (admins only).

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::BackupArgs;
use crate::error::Result;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: BackupArgs) -> Result<()> {
    ctx.service.backup(&ctx.actor, &args.file)?;
    let path = args.file.display().to_string();
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "backup": path }))
    } else {
        writeln!(ctx.out, "backed up to {path}")?;
        Ok(())
    }
}
