//! `contacts photo set|get|rm`.

use std::io::Write;
use std::path::Path;

use contacts_core::store::Store;
use contacts_core::Error;

use super::Ctx;
use crate::cli::PhotoCommand;
use crate::error::{CliError, Result};
use crate::input::contact_id;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: PhotoCommand) -> Result<()> {
    match command {
        PhotoCommand::Set { id, file } => {
            let id = contact_id(&id)?;
            let bytes = read_file(&file)?;
            ctx.service.set_photo(&ctx.actor, id, Some(bytes))?;
            done(ctx, id, "photo set")
        }
        PhotoCommand::Get { id, output } => {
            let id = contact_id(&id)?;
            let photo = ctx
                .service
                .photo(&ctx.actor, id)?
                .ok_or_else(|| Error::not_found(format!("photo of contact {id}")))?;
            write_bytes(ctx.out, output.as_deref(), photo.bytes())?;
            if ctx.json && output.as_deref().is_some_and(|p| p != Path::new("-")) {
                output::json(
                    ctx.out,
                    &serde_json::json!({
                        "id": id.0, "media_type": photo.media_type(), "size": photo.bytes().len()
                    }),
                )?;
            }
            Ok(())
        }
        PhotoCommand::Rm { id } => {
            let id = contact_id(&id)?;
            if ctx.service.photo(&ctx.actor, id)?.is_none() {
                return Err(Error::not_found(format!("photo of contact {id}")).into());
            }
            ctx.service.set_photo(&ctx.actor, id, None)?;
            done(ctx, id, "photo removed")
        }
    }
}

fn done<S: Store>(
    ctx: &mut Ctx<'_, S>,
    id: contacts_core::ids::ContactId,
    what: &str,
) -> Result<()> {
    if ctx.json {
        output::json(ctx.out, &serde_json::json!({ "id": id.0, "done": what }))
    } else {
        writeln!(ctx.out, "{what} for contact {id}")?;
        Ok(())
    }
}

/// Reads a file named on the command line.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| CliError::file(path, e))
}

/// Writes bytes to the file given with `-o`, or to standard output (also for `-o -`).
pub fn write_bytes(out: &mut dyn Write, path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) if p != Path::new("-") => {
            std::fs::write(p, bytes).map_err(|e| CliError::file(p, e))
        }
        _ => {
            out.write_all(bytes)?;
            Ok(())
        }
    }
}
