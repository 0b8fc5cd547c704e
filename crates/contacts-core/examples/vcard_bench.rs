//! Measures vCard write and read speed (not part of the test run):
//! `cargo run --release -p contacts-core --example vcard_bench -- [CARDS]`

use std::time::Instant;

use contacts_core::date::PartialDate;
use contacts_core::model::{Address, ContactData, Email, Phone};
use contacts_core::vcard::{self, Card, VcardVersion};

fn card(i: usize) -> Card {
    let given = ["Łukasz", "Zofia", "Grzegorz", "Małgorzata", "Józef"][i % 5];
    let family = [
        "Żółtowski",
        "Ćwikła",
        "Brzęczyszczykiewicz",
        "Gąsienica",
        "Śliwa",
    ][i % 5];
    let mut d = ContactData::person(given, &format!("{family}{i}"));
    d.org_name = "Hurtownia Śrubek sp. z o.o.".into();
    d.job_title = "Kierownik działu zamówień".into();
    d.emails = [
        ("work", format!("osoba{i}@example.pl")),
        ("home", format!("prywatny{i}@example.com")),
    ]
    .iter()
    .filter_map(|(l, a)| Email::new(l, a).ok())
    .collect();
    d.phones = [
        ("mobile", format!("60{:07}", i % 10_000_000)),
        ("work", "+48 22 123 45 67".to_string()),
    ]
    .iter()
    .filter_map(|(l, n)| Phone::new(l, n).ok())
    .collect();
    d.addresses = vec![Address {
        label: "work".into(),
        street: format!("ul. Świętokrzyska {}", i % 200),
        locality: "Łódź".into(),
        postal_code: "90-001".into(),
        country: "Polska".into(),
        ..Address::default()
    }];
    d.birthday = "1980-03-14".parse::<PartialDate>().ok();
    d.notes = "Zażółć gęślą jaźń; spotkanie w środę, zadzwonić wcześniej.".into();
    let mut c = Card::new(d);
    c.categories = vec!["Klienci".into()];
    c
}

fn peak_rss_kib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.to_string())
        })
        .unwrap_or_default()
}

fn main() {
    // `vcard_bench write FILE N` writes a file; `vcard_bench stream FILE` reads it from disk
    // card by card, to show memory staying bounded.
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 2 && args[1] == "write" {
        let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(100_000);
        let mut text = String::new();
        for i in 0..n {
            vcard::write_card(&mut text, &card(i), VcardVersion::V4);
        }
        std::fs::write(&args[2], text).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    if args.len() > 2 && args[1] == "stream" {
        let f = std::fs::File::open(&args[2]).unwrap_or_else(|e| panic!("{e}"));
        let t = Instant::now();
        let n = vcard::read_from(std::io::BufReader::new(f))
            .filter(|c| c.is_ok())
            .count();
        let s = t.elapsed().as_secs_f64();
        println!(
            "streamed {n} cards from disk, {:.0} cards/s; {}",
            n as f64 / s,
            peak_rss_kib()
        );
        return;
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let cards: Vec<Card> = (0..n).map(card).collect();
    for v in [VcardVersion::V4, VcardVersion::V3] {
        let t = Instant::now();
        let mut text = String::with_capacity(n * 700);
        for c in &cards {
            vcard::write_card(&mut text, c, v);
        }
        let w = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut ok = 0;
        for c in vcard::read(text.as_bytes()) {
            ok += usize::from(c.is_ok());
        }
        let r = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let streamed = vcard::read_from(std::io::BufReader::new(text.as_bytes()))
            .filter(|c| c.is_ok())
            .count();
        let s = t.elapsed().as_secs_f64();
        println!(
            "{}: {n} cards, {:.1} MB; write {:.0} cards/s; read (slice) {:.0} cards/s ({ok} ok); read (BufRead) {:.0} cards/s ({streamed} ok)",
            v.as_str(),
            text.len() as f64 / 1e6,
            n as f64 / w,
            n as f64 / r,
            n as f64 / s,
        );
    }
    println!("{}", peak_rss_kib());
}
