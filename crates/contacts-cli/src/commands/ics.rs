//! `contacts ics [-o FILE]`: the user's iCalendar feed (RFC 5545).

use contacts_core::store::Store;

use super::Ctx;
use crate::cli::IcsArgs;
use crate::error::{CliError, Result};

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: IcsArgs) -> Result<()> {
    let now = ctx.service.now();
    let feed = ctx.service.ics(&ctx.actor, now)?;
    match args.output {
        Some(path) => {
            std::fs::write(&path, feed.as_bytes()).map_err(|e| CliError::file(&path, e))?;
            if ctx.json {
                let written =
                    serde_json::json!({ "file": path.display().to_string(), "bytes": feed.len() });
                return crate::output::json(ctx.out, &written);
            }
            writeln!(ctx.out, "wrote {}", path.display())?;
        }
        None => ctx.out.write_all(feed.as_bytes())?,
    }
    Ok(())
}
