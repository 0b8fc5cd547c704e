//! Search and list latency on a database made by `contacts demo`, in-process.
//!
//! ```sh
//! contacts --db /tmp/big.db demo --count 1000000
//! cargo run --release -p contacts-store --example bench_search -- /tmp/big.db
//! ```
//! Queries are prefixes (2 to 6 letters) of given and family names sampled from the
//! database, two-word queries, and phone digit prefixes, as a user types them.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use contacts_core::service::{BookKind, ListFilter, Service};
use contacts_store::SqliteStore;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args()
        .nth(1)
        .ok_or("usage: bench_search DB")?
        .into();
    let raw = rusqlite::Connection::open(&path)?;
    let max_id: i64 = raw.query_row("SELECT max(id) FROM contacts", [], |r| r.get(0))?;
    let total: i64 = raw.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut queries = Vec::new();
    while queries.len() < 1000 {
        let id = rng.i64(1..=max_id);
        let row: Option<(String, String, String)> = raw
            .query_row(
                "SELECT given, family, multi FROM contacts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .ok();
        let Some((given, family, multi)) = row else {
            continue;
        };
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let n = rng.usize(2..=6);
        match queries.len() % 4 {
            0 if !given.is_empty() => queries.push(cut(&given, n).to_lowercase()),
            1 if !family.is_empty() => queries.push(cut(&family, n)),
            2 if !given.is_empty() && !family.is_empty() => {
                queries.push(format!("{} {}", given, cut(&family, n)))
            }
            3 => {
                if let Some(pos) = multi.find("\"e164\":\"+48") {
                    let digits = &multi[pos + 11..pos + 11 + 9];
                    queries.push(digits[..rng.usize(4..=9)].to_string());
                }
            }
            _ => {}
        }
    }
    drop(raw);

    let service = Service::new(SqliteStore::open(&path)?);
    let actor = service.local_actor("bench")?;
    // Warm the page cache as a running server would be.
    for q in queries.iter().take(50) {
        service.search(&actor, q, None, 20)?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in &queries {
        let t = Instant::now();
        let found = service.search(&actor, q, None, 20)?;
        times.push(t.elapsed());
        if std::env::var_os("BENCH_SLOW").is_some() && t.elapsed() > Duration::from_millis(8) {
            println!("slow: {q:?} {:?}", t.elapsed());
        }
        hits += usize::from(!found.is_empty());
    }
    report(
        &format!(
            "search ({} queries, {hits} with hits, {total} contacts)",
            queries.len()
        ),
        &mut times,
    );

    let mut times = Vec::new();
    for i in 0..200 {
        let t = Instant::now();
        let page = service.list(
            &actor,
            &ListFilter {
                book: Some(BookKind::Business),
                offset: (i % 10) * 50,
                ..ListFilter::default()
            },
        )?;
        times.push(t.elapsed());
        assert_eq!(page.len(), 50);
    }
    report("list, first pages (50 rows)", &mut times);
    Ok(())
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{what}: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}
