//! `contacts import FILE... [--private|--business] [--format ...] [--on-duplicate ...]
//! [--dry-run]`: every file in one transaction, a summary, per-card errors.
//!
//! vCard and CSV files are read as streams (one card or row in memory at a time, lines,
//! cards and cells of bounded size). `--format auto` takes a file holding `BEGIN:VCARD` or
//! `END:VCARD` near its start as vCard, anything else as CSV (whose reader recognises the
//! Google and Outlook columns by their names, and says when a file is neither).
//!
//! Exit codes: 0 when every card went in (imported, merged or skipped as a duplicate),
//! 4 when some cards were refused and others went in, 1 when nothing went in.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::Path;
use std::sync::Arc;

use contacts_core::csvio;
use contacts_core::service::{BookKind, ImportOutcome, ImportSummary, OnDuplicate, SourcedCard};
use contacts_core::store::Store;
use contacts_core::vcard::{self, CardError};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use crate::cli::{Format, ImportArgs, OnDuplicateArg};
use crate::error::{CliError, Result, PARTIAL, USER};
use crate::output;

type Cards = Box<dyn Iterator<Item = SourcedCard> + Send>;

fn open(path: &Path, format: Format) -> Result<Cards> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let file = File::open(path).map_err(|e| CliError::file(path, e))?;
    let mut reader = BufReader::with_capacity(256 * 1024, file);
    let head = reader.fill_buf().map_err(|e| CliError::file(path, e))?;
    if head.is_empty() || (head.len() < 256 * 1024 && head.iter().all(u8::is_ascii_whitespace)) {
        return Err(CliError::User(format!(
            "{}: the file is empty",
            path.display()
        )));
    }
    let vcf = match format {
        Format::Vcf => true,
        Format::CsvGoogle | Format::CsvOutlook => false,
        Format::Auto => vcard::looks_like_vcard(head),
    };
    if vcf {
        return Ok(Box::new(
            vcard::read_from(reader).map(move |c| (name.clone(), c)),
        ));
    }
    Ok(match csvio::read_csv_from(reader) {
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
    let cards = contacts_core::read_ahead::read_ahead(sources.into_iter().flatten(), 4096);
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
        return output::json(ctx.out, &contacts_wire::ImportSummary::from(&summary))
            .and_then(|()| exit_for(&summary));
    }
    writeln!(
        ctx.out,
        "imported {}, merged {}, skipped {}, failed {}",
        summary.imported, summary.merged, summary.skipped, summary.refused
    )?;
    for f in &summary.failed {
        writeln!(ctx.out, "error: {}", output::clean(&f.to_string()))?;
    }
    if summary.refused > summary.failed.len() {
        writeln!(
            ctx.out,
            "error: … and {} more refused cards",
            summary.refused - summary.failed.len()
        )?;
    }
    for g in &summary.warnings {
        if g.count == 1 {
            for e in &g.examples {
                writeln!(ctx.out, "warning: {}", output::clean(e))?;
            }
            continue;
        }
        writeln!(
            ctx.out,
            "warning: {} cards: {}",
            g.count,
            output::clean(&g.kind)
        )?;
        for e in &g.examples {
            writeln!(ctx.out, "  e.g. {}", output::clean(e))?;
        }
    }
    if summary.empty > 0 {
        writeln!(ctx.out, "empty rows passed over: {}", summary.empty)?;
    }
    if summary.dry_run {
        writeln!(ctx.out, "dry run: nothing was written")?;
    }
    exit_for(&summary)
}

/// 0 when every card went in, [`PARTIAL`] when some were refused, 1 when none went in.
fn exit_for(summary: &ImportSummary) -> Result<()> {
    if summary.accepted() == 0 && summary.refused == 0 {
        return Err(CliError::Import {
            code: USER,
            message: "nothing was imported: the file holds no contact".into(),
        });
    }
    match summary.outcome() {
        ImportOutcome::All => Ok(()),
        ImportOutcome::Some => Err(CliError::Import {
            code: PARTIAL,
            message: format!(
                "{} of {} cards were refused",
                summary.refused,
                summary.refused + summary.accepted()
            ),
        }),
        ImportOutcome::Nothing => Err(CliError::Import {
            code: USER,
            message: format!(
                "nothing was imported: all {} cards were refused",
                summary.refused
            ),
        }),
    }
}
