//! Export and import speed on a database made by `contacts demo`, in-process, end to end
//! (vCard text written to a file, then read back from it into a fresh SQLite database).
//!
//! ```sh
//! contacts --db /tmp/demo100k.db demo --count 100000
//! cargo run --release -p contacts-store --example bench_interchange -- /tmp/demo100k.db
//! ```
//! Reports cards/s of both directions and the peak resident memory (VmHWM), which stays
//! small because both directions stream card by card.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use contacts_core::service::{BookKind, ExportSelection, OnDuplicate, Service};
use contacts_core::vcard::{self, VcardVersion};
use contacts_store::SqliteStore;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args()
        .nth(1)
        .ok_or("usage: bench_interchange DB")?
        .into();
    let dir = tempfile::tempdir()?;
    let vcf = dir.path().join("export.vcf");

    let source = Service::new(SqliteStore::open(&path)?);
    let actor = source.local_actor("bench")?;
    println!("peak memory after open: {:.0} MB", peak_rss_mb());
    let started = Instant::now();
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&vcf)?);
    let mut buf = String::new();
    let mut io_error = None;
    let exported = source.export(
        &actor,
        &ExportSelection::Book(BookKind::Business),
        &mut |card| {
            buf.clear();
            vcard::write_card(&mut buf, &card, VcardVersion::V4);
            if let Err(e) = out.write_all(buf.as_bytes()) {
                io_error = Some(e);
            }
            Ok(())
        },
    )?;
    out.flush()?;
    drop(out);
    if let Some(e) = io_error {
        return Err(e.into());
    }
    let secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&vcf)?.len();
    println!(
        "export: {exported} cards, {:.1} MB of vCard 4.0 in {secs:.2} s = {:.0} cards/s (peak memory {:.0} MB)",
        size as f64 / 1e6,
        exported as f64 / secs,
        peak_rss_mb()
    );
    drop(source);

    let target = Service::new(SqliteStore::open(&dir.path().join("import.db"))?);
    let actor = target.local_actor("bench")?;
    let started = Instant::now();
    let name: Arc<str> = Arc::from("export.vcf");
    // As `contacts import` does: cards parsed on a second thread while this one stores them.
    let cards = vcard::read_from(BufReader::with_capacity(1 << 20, File::open(&vcf)?))
        .map(move |c| (name.clone(), c));
    let cards = contacts_core::read_ahead::read_ahead(cards, 256);
    let summary = target.import(
        &actor,
        BookKind::Business,
        cards,
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    )?;
    let secs = started.elapsed().as_secs_f64();
    let handled = summary.imported + summary.merged + summary.skipped + summary.failed.len();
    println!(
        "import: {} imported, {} merged, {} skipped, {} failed in {secs:.2} s = {:.0} cards/s (peak memory {:.0} MB)",
        summary.imported,
        summary.merged,
        summary.skipped,
        summary.failed.len(),
        handled as f64 / secs,
        peak_rss_mb()
    );
    if let Some(f) = summary.failed.first() {
        println!("first failure: {f}");
    }
    Ok(())
}
