//! How long a big case takes to print: 1,000 items and 1,000 notes, Polish text.
//! `cargo run -p contacts-print --example bench_case_pdf [--release]`

use std::time::Instant;

use chrono::NaiveDate;
use contacts_core::case::{CaseData, CaseItem};
use contacts_core::format::Formatter;
use contacts_core::memory::MemoryStore;
use contacts_core::model::{ContactData, Language};
use contacts_core::money::Amount;
use contacts_core::service::{BookKind, DetailInput, Service};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let s = Service::new(MemoryStore::default());
    let anna = ok(s.local_actor("anna"));
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Zakład Stolarski Żółw"),
    ));
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
    let mut data = CaseData::new("Dostawa żółtych łóżek", org.id, anna.id(), day);
    for i in 0..1000 {
        data.items.push(CaseItem::new(
            &format!("Łóżko sosnowe model {i} z szufladą"),
            ok(Amount::parse("q", "2")),
            ok(Amount::parse("p", "1250,50")),
        ));
    }
    let case = ok(s.create_case(&anna, data));
    for i in 0..1000 {
        ok(s.add_detail(
            &anna,
            case.id,
            None,
            DetailInput::Note {
                kind: "telefon".into(),
                text: format!("Rozmowa {i}: klient pyta o termin dostawy i gęstość drewna"),
            },
        ));
    }
    let view = ok(s.open_case(&anna, case.id));
    let fm = Formatter::default_zone(Language::Polish);
    let name = |_| "anna".to_string();
    // The first run reads the font; then the best of five.
    let first = Instant::now();
    let pdf = ok(contacts_print::case_pdf(&view, &fm, &name, s.now()));
    let first = first.elapsed();
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let _ = ok(contacts_print::case_pdf(&view, &fm, &name, s.now()));
        best = best.min(t.elapsed());
    }
    println!(
        "case with 1000 items and 1000 notes: {} bytes, first {:.0} ms, best of 5 {:.0} ms",
        pdf.len(),
        first.as_secs_f64() * 1000.0,
        best.as_secs_f64() * 1000.0
    );
}
