//! `contacts export [ID...|--all] [--private|--business] [--version 3.0|4.0]
//! [--format vcf|csv-google|csv-outlook] [-o FILE]`.
//!
//! vCard goes out card by card as the store reads them; CSV (which has no photos) is
//! collected first because its writer takes all rows.

use std::fs::File;
use std::io::{BufWriter, Write};

use contacts_core::csvio::{self, CsvLayout};
use contacts_core::service::{BookKind, ExportSelection};
use contacts_core::store::Store;
use contacts_core::vcard::{self, Card, VcardVersion};

use super::{book_filter, Ctx};
use crate::cli::{ExportArgs, Format};
use crate::error::{CliError, Result};
use crate::input::contact_id;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: ExportArgs) -> Result<()> {
    let selections: Vec<ExportSelection> = if args.all {
        match book_filter(args.private, args.business) {
            Some(b) => vec![ExportSelection::Book(b)],
            None => vec![
                ExportSelection::Book(BookKind::Private),
                ExportSelection::Book(BookKind::Business),
            ],
        }
    } else {
        let ids = args
            .ids
            .iter()
            .map(|s| contact_id(s))
            .collect::<contacts_core::Result<Vec<_>>>()?;
        vec![ExportSelection::Ids(ids)]
    };
    let version = if args.version == "3.0" {
        VcardVersion::V3
    } else {
        VcardVersion::V4
    };
    let mut file = match &args.output {
        Some(p) => Some(BufWriter::new(
            File::create(p).map_err(|e| CliError::file(p, e))?,
        )),
        None => None,
    };
    let out: &mut dyn Write = match &mut file {
        Some(f) => f,
        None => ctx.out,
    };
    let mut io_error = None;
    let mut csv_cards: Vec<Card> = Vec::new();
    let mut count = 0;
    let mut buf = String::new();
    for sel in &selections {
        let result = ctx.service.export(&ctx.actor, sel, &mut |card| {
            match args.format {
                Format::Vcf | Format::Auto => {
                    buf.clear();
                    vcard::write_card(&mut buf, &card, version);
                    if let Err(e) = out.write_all(buf.as_bytes()) {
                        io_error = Some(e);
                        return Err(contacts_core::Error::Conflict("output failed".into()));
                    }
                }
                Format::CsvGoogle | Format::CsvOutlook => csv_cards.push(card),
            }
            Ok(())
        });
        if let Some(e) = io_error.take() {
            return Err(CliError::Output(e));
        }
        count += result?;
    }
    let layout = match args.format {
        Format::CsvGoogle => Some(CsvLayout::Google),
        Format::CsvOutlook => Some(CsvLayout::Outlook),
        _ => None,
    };
    if let Some(layout) = layout {
        csvio::write_csv(&mut *out, &csv_cards, layout).map_err(CliError::Output)?;
    }
    out.flush().map_err(CliError::Output)?;
    drop(file);
    if let Some(p) = &args.output {
        writeln!(ctx.out, "exported {count} contact(s) to {}", p.display())?;
    }
    Ok(())
}
