//! `contacts postal import FILE` (an admin replaces the street-level postal list) and
//! `contacts postal lookup --locality L --street S [--number N]`.

use std::fs::File;

use contacts_core::postal::streets;
use contacts_core::store::Store;

use super::Ctx;
use crate::cli::PostalCommand;
use crate::error::{CliError, Result};
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, command: PostalCommand) -> Result<()> {
    match command {
        PostalCommand::Import { file } => {
            let f = File::open(&file).map_err(|e| CliError::file(&file, e))?;
            let rows = streets::read_file(f)?;
            let n = ctx.service.import_postal_streets(&ctx.actor, rows)?;
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "rows": n }));
            }
            writeln!(ctx.out, "imported {n} street-level postal code rows")?;
        }
        PostalCommand::Lookup {
            locality,
            street,
            number,
        } => {
            let found = ctx.service.postal_candidates(&locality, &street, &number)?;
            if ctx.json {
                return output::json(ctx.out, &contacts_wire::PostalCodes::from(&found));
            }
            if found.candidates.is_empty() {
                writeln!(ctx.out, "no postal code found")?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = found
                .candidates
                .iter()
                .map(|c| vec![c.code.clone(), c.street.clone(), c.numbers.clone()])
                .collect();
            output::table(ctx.out, &["CODE", "STREET", "NUMBERS"], &rows)?;
        }
    }
    Ok(())
}
