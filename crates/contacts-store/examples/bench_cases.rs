//! Benchmark for cases on SQLite: 100,000 cases with 1,000,000 items, the sales forecast
//! (target ≤ 200 ms), and opening a case with 1,000 detail items (target ≤ 20 ms).
//!
//! ```text
//! cargo run --release -p contacts-store --example bench_cases [-- DB_PATH]
//! ```
//!
//! Without a path the database goes to a temporary directory. Figures are medians of
//! several runs after one warm-up.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use contacts_core::case::{Case, CaseData, CaseItem, CaseStatus, Detail, DetailBody, Priority};
use contacts_core::ids::{CaseId, DetailId};
use contacts_core::model::{Book, ContactData, Meta};
use contacts_core::money::{Amount, Currency};
use contacts_core::service::Service;
use contacts_core::store::{ListKind, Store};
use contacts_store::SqliteStore;

const CASES: usize = 100_000;
const ITEMS_PER_CASE: usize = 10;
const DETAILS: usize = 1_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let store = SqliteStore::open(&path)?;
    let now = Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .ok_or("bad time")?;
    let t = Instant::now();
    let big_case = store.write(|ops| {
        let users: Vec<_> = (0..20)
            .map(|i| ops.insert_user(&format!("user{i}"), i == 0, now))
            .collect::<Result<_, _>>()?;
        let meta = Meta {
            created_at: now,
            created_by: users[0].id,
            updated_at: now,
            updated_by: users[0].id,
            version: 1,
        };
        let kinds: Vec<_> = ["Proces klienta", "Proces dostawcy", "Serwis"]
            .iter()
            .map(|k| ops.insert_label(ListKind::CaseKind, k))
            .collect::<Result<_, _>>()?;
        let orgs: Vec<_> = (0..1000)
            .map(|i| {
                ops.insert_contact(
                    Book::Business,
                    &ContactData::organisation(&format!("Firma {i}")),
                    &meta,
                )
            })
            .collect::<Result<_, _>>()?;
        let amount = |s: String| Amount::parse("amount", &s);
        let mut first = None;
        for i in 0..CASES {
            let registered = NaiveDate::from_ymd_opt(2020 + (i % 7) as i32, 1 + (i % 12) as u32, 1)
                .ok_or_else(|| contacts_core::Error::invalid("date", "bad"))?;
            let mut data = CaseData::new(
                &format!("Sprawa {i}"),
                orgs[i % orgs.len()],
                users[i % users.len()].id,
                registered,
            );
            data.deadline = NaiveDate::from_ymd_opt(2026 + (i % 2) as i32, 1 + (i % 12) as u32, 15);
            data.priority = Priority::Normal;
            data.kind = Some(kinds[i % kinds.len()].id);
            for j in 0..ITEMS_PER_CASE {
                let mut item = CaseItem::new(
                    &format!("Artykuł {j}"),
                    amount(format!("{}.5", 1 + j))?,
                    amount(format!("{}.99", 10 + (i + j) % 500))?,
                );
                if j == 9 {
                    item.currency = Currency::parse("EUR")?;
                }
                data.items.push(item);
            }
            let year = chrono::Datelike::year(&registered);
            let case = Case {
                id: CaseId(0),
                number: format!("{year}/{:06}", i + 1),
                year,
                seq: i as u32 + 1,
                data,
                status: if i % 4 == 3 {
                    CaseStatus::Closed {
                        by: users[0].id,
                        at: now,
                    }
                } else {
                    CaseStatus::Open
                },
                meta: meta.clone(),
            };
            let id = ops.insert_case(&case)?;
            first.get_or_insert(id);
        }
        let big = first.ok_or_else(|| contacts_core::Error::not_found("case"))?;
        for k in 0..DETAILS {
            let body = match k % 3 {
                0 => DetailBody::Note {
                    kind: "telefon".into(),
                    text: format!("Rozmowa {k}"),
                },
                1 => DetailBody::Document {
                    kind: "Faktura".into(),
                    symbol: format!("FV {k}/2026"),
                    content: "zaliczka".into(),
                },
                _ => DetailBody::File {
                    name: format!("skan{k}.pdf"),
                    media_type: "application/pdf".into(),
                    note: String::new(),
                },
            };
            let bytes = vec![b'x'; 4096];
            let d = Detail {
                id: DetailId(0),
                case: big,
                at: now - chrono::Duration::minutes(k as i64),
                size: if k % 3 == 2 { 4096 } else { 0 },
                body,
                meta: meta.clone(),
            };
            ops.insert_detail(&d, (k % 3 == 2).then_some(&bytes[..]))?;
        }
        Ok(big)
    })?;
    println!(
        "filled {CASES} cases with {} items and {DETAILS} detail items in {:.1?}",
        CASES * ITEMS_PER_CASE,
        t.elapsed()
    );
    let s = Service::new(store).with_clock(move || now);
    let admin = s.actor_by_name("user0")?;

    let forecast = median(7, || {
        let f = s.forecast(&admin)?;
        Ok(f.open_cases)
    })?;
    println!(
        "forecast over {} open cases: median {:.1?} (target ≤ 200 ms)",
        forecast.1, forecast.0
    );
    let open = median(21, || {
        let v = s.open_case(&admin, big_case)?;
        Ok(v.timeline.len() as u64)
    })?;
    println!(
        "open a case with {} timeline entries: median {:.2?} (target ≤ 20 ms)",
        open.1, open.0
    );
    Ok(())
}

/// The median time of `runs` runs after one warm-up, and the last result.
fn median(
    runs: usize,
    mut f: impl FnMut() -> contacts_core::Result<u64>,
) -> Result<(Duration, u64), Box<dyn std::error::Error>> {
    let mut last = f()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f()?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok((times[runs / 2], last))
}
