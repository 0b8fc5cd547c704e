use chrono::{NaiveDate, TimeZone, Utc};
use contacts_core::case::{CaseData, CaseItem};
use contacts_core::format::Formatter;
use contacts_core::memory::MemoryStore;
use contacts_core::model::{ContactData, Language};
use contacts_core::money::{Amount, Currency};
use contacts_core::report;
use contacts_core::service::{BookKind, DetailInput, Service};

const POLISH: &str = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ";

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Every page's text, and the names of the fonts the file embeds (with a font file).
fn read(bytes: &[u8]) -> (usize, String, Vec<String>) {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = ok(lopdf::Document::load_mem(bytes));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = ok(doc.extract_text(&pages));
    let mut embedded = Vec::new();
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        let is_descriptor = d
            .get(b"Type")
            .and_then(|t| t.as_name())
            .map(|n| n == b"FontDescriptor")
            .unwrap_or(false);
        if is_descriptor && (d.has(b"FontFile2") || d.has(b"FontFile3")) {
            let name = d
                .get(b"FontName")
                .and_then(|n| n.as_name())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            embedded.push(name);
        }
    }
    (pages.len(), text, embedded)
}

/// With `CONTACTS_PDF_DUMP=DIR`, the tests leave their PDFs there to be looked at.
fn dump(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("CONTACTS_PDF_DUMP") {
        ok(std::fs::write(std::path::Path::new(&dir).join(name), pdf));
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_case_prints_with_its_items_timeline_and_polish_letters() {
    let s = Service::new(MemoryStore::default()).with_clock(now);
    let anna = ok(s.local_actor("anna"));
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation(&format!("Źródło Łąka {POLISH}")),
    ));
    let mut data = CaseData::new(
        "Dostawa żółtych łóżek",
        org.id,
        anna.id(),
        NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default(),
    );
    let amount = |s: &str| ok(Amount::parse("x", s));
    data.items
        .push(CaseItem::new("Łóżko sosnowe", amount("2"), amount("1250")));
    let mut eur = CaseItem::new("Montaż", amount("1"), amount("600"));
    eur.currency = ok(Currency::parse("EUR"));
    data.items.push(eur);
    let case = ok(s.create_case(&anna, data));
    ok(s.add_detail(
        &anna,
        case.id,
        None,
        DetailInput::Note {
            kind: "telefon".into(),
            text: "Klient prosi o zmianę koloru na źółty".into(),
        },
    ));
    let view = ok(s.open_case(&anna, case.id));
    let fm = Formatter::default_zone(Language::Polish);
    let pdf = ok(contacts_print::case_pdf(
        &view,
        &fm,
        &|_| "anna".into(),
        now(),
    ));
    dump("case.pdf", &pdf);
    let (pages, text, fonts) = read(&pdf);
    assert_eq!(pages, 1);
    let text = squash(&text);
    for want in [
        POLISH,
        "Dostawa żółtych łóżek",
        "Łóżko sosnowe",
        "2 500,00 zł",
        "600,00 EUR",
        "Klient prosi o zmianę koloru na źółty",
        "Przebieg sprawy",
        "Strona 1 / 1",
    ] {
        assert!(text.contains(want), "'{want}' is not in: {text}");
    }
    assert!(
        fonts.iter().any(|f| f.contains("DejaVuSans")),
        "no embedded DejaVu Sans: {fonts:?}"
    );
}

#[test]
fn a_long_report_breaks_into_pages_with_the_header_on_each() {
    let mut t = report::Table::new("overdue", &["number", "title", "value"]);
    for i in 0..150 {
        t.rows.push(vec![
            report::Cell::Text(format!("2026/{i:04}")),
            report::Cell::Text(format!(
                "Sprawa {i} Żółć gęślą jaźń z bardzo długim tytułem, który musi się zawinąć w kolumnie tabeli, aby nie wyjść poza stronę"
            )),
            report::Cell::Money(contacts_core::money::Decimal::from(i * 100)),
        ]);
    }
    let fm = Formatter::default_zone(Language::English);
    let pdf = ok(contacts_print::report_pdf(&t, &fm, now()));
    dump("long-report.pdf", &pdf);
    let doc = ok(lopdf::Document::load_mem(&pdf));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() > 3, "{} pages", pages.len());
    for p in &pages {
        let text = ok(doc.extract_text(&[*p]));
        assert!(text.contains("Number"), "page {p} has no header: {text}");
        assert!(squash(&text).contains(&format!("Page {p} / {}", pages.len())));
    }
    let all = squash(&ok(doc.extract_text(&pages)));
    // Every row is there once: nothing fell off a page.
    for i in 0..150 {
        assert!(all.contains(&format!("2026/{i:04}")), "row {i} is missing");
    }
    assert!(all.contains("14900.00"), "{all}");
}

#[test]
fn an_empty_report_says_so() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let t = report::activity_table(&[], day, day);
    let fm = Formatter::default_zone(Language::Polish);
    let (_, text, _) = read(&ok(contacts_print::report_pdf(&t, &fm, now())));
    let text = squash(&text);
    assert!(text.contains("Aktywność pracowników"), "{text}");
    assert!(text.contains("01.12.2026 – 01.12.2026"), "{text}");
    assert!(text.contains("Brak danych."), "{text}");
}

#[test]
fn a_contact_card_prints_its_fields_people_and_history() {
    let s = Service::new(MemoryStore::default()).with_clock(now);
    let anna = ok(s.local_actor("anna"));
    let mut org = ContactData::organisation(&format!("Hurtownia Łąka {POLISH}"));
    org.nip = Some(ok(contacts_core::model::Nip::parse("5260250274")));
    org.notes = "Dostawy we wtorki.\nKlucz u portiera.".into();
    let org = ok(s.create(&anna, BookKind::Business, org));
    let mut person = ContactData::person("Żaneta", "Kowalska");
    person.org_id = Some(org.id);
    person.job_title = "Księgowa".into();
    ok(s.create(&anna, BookKind::Business, person));
    ok(s.add_history(
        &anna,
        org.id,
        "telefon",
        "Zamówienie na grudzień, źle wpisana ilość",
        None,
        vec![],
    ));
    ok(s.set_account_manager(&anna, org.id, Some(anna.id())));
    let sheet = ok(s.contact_sheet(&anna, org.id));
    let fm = Formatter::default_zone(Language::Polish);
    let pdf = ok(contacts_print::contact_pdf(&sheet, &fm, now()));
    dump("contact.pdf", &pdf);
    let (pages, text, fonts) = read(&pdf);
    assert_eq!(pages, 1);
    let text = squash(&text);
    for want in [
        POLISH,
        "Baza firmowa",
        "NIP 526-025-02-74",
        "Opiekun klienta anna",
        "Dostawy we wtorki.",
        "Klucz u portiera.",
        "Osoby",
        "Żaneta Kowalska",
        "Księgowa",
        "Historia kontaktów",
        "Zamówienie na grudzień, źle wpisana ilość",
        "Strona 1 / 1",
    ] {
        assert!(text.contains(want), "'{want}' is not in: {text}");
    }
    assert!(fonts.iter().any(|f| f.contains("DejaVuSans")), "{fonts:?}");
    // English for an English reader; a private card has no history part.
    let mine = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Jan", "Prywatny"),
    ));
    let sheet = ok(s.contact_sheet(&anna, mine.id));
    let en = Formatter::default_zone(Language::English);
    let (_, text, _) = read(&ok(contacts_print::contact_pdf(&sheet, &en, now())));
    let text = squash(&text);
    assert!(text.contains("Book private"), "{text}");
    assert!(!text.contains("Client history"), "{text}");
    assert_eq!(
        contacts_print::contact_file_name(mine.id),
        format!("contact-{}.pdf", mine.id.0)
    );
}
