//! Server time of the two heaviest pages of issue 13 (target ≤ 50 ms each) and what the
//! due-reminder counter adds to a page:
//! - a company's card with 1,000 people working there (`/contacts/{id}`),
//! - a case with 1,000 items and 1,000 detail entries (notes, documents, files)
//!   (`/cases/{id}`),
//! - the same company page for a user with 1,000 due reminders, against one with none.
//!
//! ```sh
//! cargo run --release -p contacts-web --example bench_pages
//! ```
//!
//! A real SQLite file in a temporary folder, the real router called in process (no sockets),
//! a user signed in through the real setup form; medians of 21 runs after a warm-up.

#[path = "../tests/it/common.rs"]
mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use contacts_core::case::{CaseData, CaseItem};
use contacts_core::model::{ContactData, Phone};
use contacts_core::money::Amount;
use contacts_core::service::{BookKind, DetailInput};
use contacts_store::SqliteStore;

use common::{Client, Harness};

const PEOPLE: usize = 1_000;
const ITEMS: usize = 1_000;
const DETAILS: usize = 1_000;
const REMINDERS: usize = 1_000;
const RUNS: usize = 21;

type Error = Box<dyn std::error::Error>;

async fn median(
    h: &Harness<SqliteStore>,
    c: &Client,
    path: &str,
) -> Result<(Duration, usize), Error> {
    let first = h.get(c, path).await;
    if first.status != StatusCode::OK {
        return Err(format!("{path}: {} {}", first.status, first.text()).into());
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = h.get(c, path).await;
        times.push(t.elapsed());
        size = r.body.len();
    }
    times.sort();
    Ok((times[RUNS / 2], size))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let h = Harness::on(SqliteStore::open(&dir.path().join("bench.db"))?);
    let anna = h.setup_admin("anna").await;
    let s = h.state.service();
    let me = s.actor_by_name("anna")?;

    let t = Instant::now();
    let firm = s.create(
        &me,
        BookKind::Business,
        ContactData::organisation("Hurtownia Żółw sp. z o.o."),
    )?;
    for i in 0..PEOPLE {
        let mut d = ContactData::person("Łucja", &format!("Pracownik {i}"));
        d.org_id = Some(firm.id);
        d.job_title = "Specjalista ds. zakupów".into();
        d.phones.push(Phone::new(
            "work",
            &format!("601 {:03} {:03}", i / 1000, i % 1000),
        )?);
        s.create(&me, BookKind::Business, d)?;
    }
    let today = s.today()?;
    let mut data = CaseData::new(
        "Dostawa regałów",
        firm.id,
        me.id(),
        NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or(today),
    );
    for i in 0..ITEMS {
        data.items.push(CaseItem::new(
            &format!("Regał magazynowy typ {i}"),
            Amount::parse("quantity", &format!("{}", 1 + i % 20))?,
            Amount::parse("price", &format!("{}.99", 100 + i % 900))?,
        ));
    }
    let case = s.create_case(&me, data)?;
    for k in 0..DETAILS {
        let input = match k % 3 {
            0 => DetailInput::Note {
                kind: "telefon".into(),
                text: format!("Rozmowa o terminie dostawy nr {k}"),
            },
            1 => DetailInput::Document {
                kind: "Faktura".into(),
                symbol: format!("FV {k}/2026"),
                content: "zaliczka".into(),
                next_number: false,
            },
            _ => DetailInput::File {
                name: format!("skan{k}.pdf"),
                media_type: "application/pdf".into(),
                note: String::new(),
                bytes: Some(b"%PDF-1.4 bench".to_vec()),
            },
        };
        s.add_detail(&me, case.id, None, input)?;
    }
    println!(
        "filled: a company with {PEOPLE} people, a case with {ITEMS} items and {DETAILS} \
         detail entries in {:.1?}",
        t.elapsed()
    );

    let company = format!("/contacts/{}", firm.id);
    let (time, size) = median(&h, &anna, &company).await?;
    println!(
        "company page with {PEOPLE} people: median {:.2} ms ({size} bytes; target ≤ 50 ms)",
        time.as_secs_f64() * 1e3
    );
    let case_page = format!("/cases/{}", case.id);
    let (time, size) = median(&h, &anna, &case_page).await?;
    println!(
        "case page with {ITEMS} items and {DETAILS} detail entries: median {:.2} ms \
         ({size} bytes; target ≤ 50 ms)",
        time.as_secs_f64() * 1e3
    );

    // The due counter: the same small page for a user with no reminders and for one with
    // a thousand due ones.
    let small = "/settings";
    let (without, _) = median(&h, &anna, small).await?;
    let overdue = Utc::now() - chrono::Duration::hours(1);
    for i in 0..REMINDERS {
        s.remind(
            &me,
            firm.id,
            overdue,
            &format!("Oddzwonić {i}"),
            Some("anna"),
        )?;
    }
    let (with, _) = median(&h, &anna, small).await?;
    if !h
        .get(&anna, small)
        .await
        .text()
        .contains(&REMINDERS.to_string())
    {
        return Err(format!("{small} does not show the {REMINDERS} due reminders").into());
    }
    println!(
        "due counter: {small} median {:.2} ms without reminders, {:.2} ms with {REMINDERS} due \
         (adds {:.2} ms; target ≤ 1 ms)",
        without.as_secs_f64() * 1e3,
        with.as_secs_f64() * 1e3,
        (with.as_secs_f64() - without.as_secs_f64()) * 1e3
    );
    Ok(())
}
