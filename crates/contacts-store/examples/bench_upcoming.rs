//! Latency of "who celebrates in the next 7 days" (`Service::upcoming`) over a big SQLite
//! database, in-process, and of name-day lookups by name.
//!
//! ```sh
//! cargo run --release -p contacts-store --example bench_upcoming -- /tmp/upcoming.db [COUNT]
//! ```
//! A missing or empty database is first filled with COUNT contacts (default 1,000,000) through
//! `Service::create_many` in batches of 20,000: 85% people with common Polish given names
//! (several of which have many name-days), 60% of them with a birthday (most with the year),
//! 3% with a name-day set by hand; 15% organisations. Then 200 windows of 7 days from start
//! dates spread over two years (year ends and February included) are timed after a warm-up.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::model::ContactData;
use contacts_core::nameday::Calendar;
use contacts_core::service::{BookKind, ListFilter, Service};
use contacts_store::SqliteStore;

const GIVEN: &[&str] = &[
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Magdalena",
    "Joanna",
    "Zofia",
    "Aleksandra",
    "Monika",
    "Teresa",
    "Danuta",
    "Natalia",
    "Karolina",
    "Marta",
    "Beata",
    "Dorota",
    "Halina",
    "Jadwiga",
    "Julia",
    "Alicja",
    "Jan",
    "Piotr",
    "Andrzej",
    "Krzysztof",
    "Stanisław",
    "Tomasz",
    "Paweł",
    "Józef",
    "Marcin",
    "Marek",
    "Michał",
    "Grzegorz",
    "Jerzy",
    "Tadeusz",
    "Adam",
    "Łukasz",
    "Zbigniew",
    "Ryszard",
    "Dariusz",
    "Henryk",
    "Mariusz",
    "Kazimierz",
    "Wojciech",
    "Robert",
    "Mateusz",
    "Jakub",
    "Szymon",
    "Bartosz",
    "Kamil",
    "Mieczysław",
    "Szczepan",
    "Sylwester",
    "Roman",
    "Dawid",
];

const FAMILY: &[&str] = &[
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Kwiatkowski",
    "Krawczyk",
    "Piotrowski",
    "Grabowski",
    "Nowakowski",
    "Pawłowski",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path: PathBuf = args
        .next()
        .ok_or("usage: bench_upcoming DB [COUNT]")?
        .into();
    let count: usize = args
        .next()
        .map(|c| c.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let service = Service::new(SqliteStore::open(&path)?);
    let actor = service.local_actor("bench")?;
    let have = service.count(&actor, &ListFilter::default())? as usize;
    if have == 0 {
        fill(&service, &actor, count)?;
    }
    let total = service.count(&actor, &ListFilter::default())?;

    let mut rng = fastrand::Rng::with_seed(11);
    let base = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?;
    let mut starts: Vec<NaiveDate> = (0..200)
        .map(|_| base + Days::new(rng.u64(0..730)))
        .collect();
    // Always include the awkward windows.
    for s in ["2025-12-28", "2027-02-25", "2028-02-25"] {
        let i = rng.usize(0..starts.len());
        starts[i] = s.parse()?;
    }
    for from in starts.iter().take(20) {
        service.upcoming(&actor, *from, 7, true, true)?;
    }
    let mut times = Vec::with_capacity(starts.len());
    let mut found = 0usize;
    for from in &starts {
        let t = Instant::now();
        let list = service.upcoming(&actor, *from, 7, true, true)?;
        times.push(t.elapsed());
        found += list.len();
    }
    report(
        &format!(
            "upcoming --days 7 ({} windows, {} occasions on average, {total} contacts)",
            starts.len(),
            found / starts.len()
        ),
        &mut times,
    );

    let cal = Calendar::get("pl").ok_or("no pl calendar")?;
    let names: Vec<String> = GIVEN
        .iter()
        .flat_map(|n| {
            [
                n.to_string(),
                n.to_uppercase(),
                contacts_core::text::fold(n),
            ]
        })
        .chain(["Xyzzy".to_string(), "Mieczyslawa".to_string()])
        .collect();
    let mut times = Vec::with_capacity(100_000);
    for i in 0..100_000 {
        let name = &names[i % names.len()];
        let t = Instant::now();
        let r = cal.lookup(name);
        times.push(t.elapsed());
        std::hint::black_box(r.is_ok());
    }
    report("name-day lookup by name (pl, known names)", &mut times);
    let md = MonthDay::new(6, 24)?;
    let mut times = Vec::with_capacity(100_000);
    for _ in 0..100_000 {
        let t = Instant::now();
        std::hint::black_box(cal.names_on(md).len());
        times.push(t.elapsed());
    }
    report("names on a date", &mut times);
    Ok(())
}

fn fill(
    service: &Service<SqliteStore>,
    actor: &contacts_core::service::Actor,
    count: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = fastrand::Rng::with_seed(3);
    let t = Instant::now();
    let mut made = 0;
    while made < count {
        let n = (count - made).min(20_000);
        let batch: Vec<ContactData> = (0..n).map(|i| contact(&mut rng, made + i)).collect();
        service.create_many(actor, BookKind::Business, batch)?;
        made += n;
        eprint!("\rfilled {made} contacts in {:.0?}", t.elapsed());
    }
    eprintln!();
    Ok(())
}

fn contact(rng: &mut fastrand::Rng, i: usize) -> ContactData {
    if rng.u8(0..100) < 15 {
        return ContactData::organisation(&format!("Firma {i}"));
    }
    let mut c = ContactData::person(
        GIVEN[rng.usize(0..GIVEN.len())],
        FAMILY[rng.usize(0..FAMILY.len())],
    );
    if rng.u8(0..100) < 60 {
        let day =
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() + Days::new(rng.u64(0..366));
        let md = MonthDay::of(day);
        c.birthday = Some(if rng.u8(0..100) < 70 {
            let year = rng.i32(1940..2006);
            PartialDate {
                year: NaiveDate::from_ymd_opt(year, md.month(), md.day()).map(|_| year),
                month_day: md,
            }
        } else {
            PartialDate::without_year(md)
        });
    }
    if rng.u8(0..100) < 3 {
        let day =
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() + Days::new(rng.u64(0..366));
        c.nameday = Some(MonthDay::of(day));
    }
    c
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let fmt = |d: Duration| {
        if d < Duration::from_micros(100) {
            format!("{:.2} µs", d.as_secs_f64() * 1e6)
        } else {
            format!("{:.3} ms", d.as_secs_f64() * 1e3)
        }
    };
    println!(
        "{what}: p50 {}, p95 {}, p99 {}, max {}",
        fmt(at(0.50)),
        fmt(at(0.95)),
        fmt(at(0.99)),
        fmt(times[times.len() - 1])
    );
}
