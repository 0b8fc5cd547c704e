//! `contacts import FILE... [--private|--business] [--format ...] [--on-duplicate ...]
//! [--dry-run]`: every file in one transaction, a summary, per-card errors.
//!
//! vCard files are read as a stream (one card in memory at a time); CSV files whole.
//! `--format auto` takes a file holding `BEGIN:VCARD` near its start as vCard, anything
//! else as CSV (whose reader recognises the Google and Outlook columns by their names).

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;
use std::sync::Arc;

use contacts_core::csvio;
use contacts_core::service::{BookKind, OnDuplicate, SourcedCard};
use contacts_core::store::Store;
use contacts_core::vcard::{self, CardError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use crate::cli::{Format, ImportArgs, OnDuplicateArg};
use crate::error::{CliError, Result};
use crate::output;

type Cards = Box<dyn Iterator<Item = SourcedCard> + Send>;

fn open(path: &Path, format: Format) -> Result<Cards> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let file = File::open(path).map_err(|e| CliError::file(path, e))?;
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let vcf = match format {
        Format::Vcf => true,
        Format::CsvGoogle | Format::CsvOutlook => false,
        Format::Auto => {
            vcard::looks_like_vcard(reader.fill_buf().map_err(|e| CliError::file(path, e))?)
        }
    };
    if vcf {
        return Ok(Box::new(
            vcard::read_from(reader).map(move |c| (name.clone(), c)),
        ));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut bytes).map_err(|e| CliError::file(path, e))?;
    Ok(match csvio::read_csv(&bytes) {
        Ok(rows) => Box::new(rows.map(move |c| (name.clone(), c))),
        Err(e) => Box::new(std::iter::once((name, Err::<_, CardError>(e)))),
    })
}

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, args: ImportArgs) -> Result<()> {
    let book = if args.private {
        BookKind::Private
    } else {
        BookKind::Business
    };
    let on_duplicate = match args.on_duplicate {
        OnDuplicateArg::Merge => OnDuplicate::Merge,
        OnDuplicateArg::Skip => OnDuplicate::Skip,
        OnDuplicateArg::Create => OnDuplicate::Create,
    };
    let mut sources = Vec::with_capacity(args.files.len());
    for f in &args.files {
        sources.push(open(f, args.format)?);
    }
    // Cards are read and parsed on a second thread while this one stores them.
    let cards = contacts_core::read_ahead::read_ahead(sources.into_iter().flatten(), 256);
    let bar = if ctx.json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {human_pos} cards ({per_sec})") {
            bar.set_style(style);
        }
        bar
    };
    let summary = ctx.service.import(
        &ctx.actor,
        book,
        cards,
        on_duplicate,
        args.dry_run,
        &mut |n| {
            if n % 256 == 0 {
                bar.set_position(n as u64);
            }
        },
    )?;
    bar.finish_and_clear();
    if ctx.json {
        let failed: Vec<_> = summary
            .failed
            .iter()
            .map(|f| {
                serde_json::json!({ "file": f.file, "card": f.card, "line": f.line, "message": f.message })
            })
            .collect();
        return output::json(
            ctx.out,
            &serde_json::json!({
                "imported": summary.imported,
                "merged": summary.merged,
                "skipped": summary.skipped,
                "failed": failed,
                "warnings": summary.warnings,
                "dry_run": summary.dry_run,
            }),
        );
    }
    writeln!(
        ctx.out,
        "imported {}, merged {}, skipped {}, failed {}",
        summary.imported,
        summary.merged,
        summary.skipped,
        summary.failed.len()
    )?;
    for f in &summary.failed {
        writeln!(ctx.out, "error: {}", output::clean(&f.to_string()))?;
    }
    for w in &summary.warnings {
        writeln!(ctx.out, "warning: {}", output::clean(w))?;
    }
    if summary.dry_run {
        writeln!(ctx.out, "dry run: nothing was written")?;
    }
    Ok(())
}
