//! CSV in the Google and Outlook layouts, both ways, with Polish text.

use contacts_core::csvio::{read_csv, write_csv, CsvLayout};
use contacts_core::date::PartialDate;
use contacts_core::model::{Address, ContactData, ContactKind, Email, Gender, Phone, Website};
use contacts_core::vcard::Card;

fn sample() -> Card {
    let mut d = ContactData::person("Łukasz", "Żółtowski");
    d.name.prefix = "dr".into();
    d.nickname = "Łukasz \"Łuki\"".into();
    d.org_name = "Hurtownia Śrubek, Żelaza i Stali".into();
    d.department = "Dział Zamówień".into();
    d.job_title = "Kierownik".into();
    fn ok<T>(e: contacts_core::Error) -> T {
        panic!("{e}")
    }
    d.emails = vec![
        Email::new("work", "lukasz@example.pl").unwrap_or_else(ok),
        Email::new("home", "luki@example.com").unwrap_or_else(ok),
    ];
    d.phones = vec![
        Phone::new("mobile", "601 234 567").unwrap_or_else(ok),
        Phone::new("work", "+48 22 123 45 67").unwrap_or_else(ok),
    ];
    d.addresses = vec![Address {
        label: "work".into(),
        street: "ul. Świętej Jadwigi 3".into(),
        locality: "Łódź".into(),
        region: "łódzkie".into(),
        postal_code: "90-001".into(),
        country: "Polska".into(),
        ..Address::default()
    }];
    d.websites = vec![Website {
        label: String::new(),
        url: "https://example.pl".into(),
    }];
    d.birthday = "--03-14".parse::<PartialDate>().ok();
    d.anniversary = "2001-06-30".parse::<PartialDate>().ok();
    d.gender = Some(Gender::Male);
    d.notes = "Zażółć gęślą jaźń;\ndruga linia, z przecinkiem".into();
    let mut c = Card::new(d);
    c.categories = vec!["Klienci VIP".into(), "Śląsk".into()];
    c
}

fn write(cards: &[Card], layout: CsvLayout) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(&mut out, cards, layout).unwrap_or_else(|e| panic!("{e}"));
    out
}

fn read(bytes: &[u8]) -> Vec<Card> {
    read_csv(bytes)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn same_fields(a: &Card, b: &Card) {
    let (x, y) = (&a.data, &b.data);
    assert_eq!(x.name, y.name);
    assert_eq!(
        (&x.nickname, &x.org_name, &x.department, &x.job_title),
        (&y.nickname, &y.org_name, &y.department, &y.job_title)
    );
    assert_eq!(x.emails, y.emails);
    assert_eq!(x.phones, y.phones);
    assert_eq!(x.addresses, y.addresses);
    assert_eq!(x.websites, y.websites);
    assert_eq!(
        (x.birthday, x.anniversary, x.gender),
        (y.birthday, y.anniversary, y.gender)
    );
    assert_eq!(a.categories, b.categories);
}

#[test]
fn google_layout_round_trip_with_bom_and_polish_letters() {
    let card = sample();
    let bytes = write(std::slice::from_ref(&card), CsvLayout::Google);
    assert!(bytes.starts_with(b"\xEF\xBB\xBFFirst Name,Middle Name,Last Name,"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("* myContacts ::: Klienci VIP ::: Śląsk"),
        "{text}"
    );
    let back = read(&bytes);
    assert_eq!(back.len(), 1);
    same_fields(&back[0], &card);
    assert_eq!(back[0].data.notes, card.data.notes);
}

#[test]
fn google_layout_carries_what_has_no_column_as_custom_fields() {
    let mut d = ContactData::organisation("Spółka Łączność sp. z o.o.");
    d.nip = contacts_core::model::Nip::parse("5260001246").ok();
    d.nameday = "06-24".parse().ok();
    d.emails = (0..5)
        .map(|i| Email::new("", &format!("biuro{i}@example.pl")).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let mut c = Card::new(d);
    c.status = Some("Aktywny klient".into());
    c.custom_fields = vec![("Liczba pracowników".into(), "120".into())];
    let back = read(&write(std::slice::from_ref(&c), CsvLayout::Google));
    let b = &back[0];
    assert_eq!(b.data.kind, ContactKind::Organisation);
    assert_eq!(b.data.nip, c.data.nip);
    assert_eq!(b.data.nameday, c.data.nameday);
    assert_eq!(
        b.data.emails, c.data.emails,
        "overflow shares the last slot"
    );
    assert_eq!(b.status, c.status);
    assert_eq!(b.custom_fields, c.custom_fields);
}

#[test]
fn outlook_layout_round_trip() {
    let card = sample();
    let bytes = write(std::slice::from_ref(&card), CsvLayout::Outlook);
    assert!(bytes.starts_with(b"\xEF\xBB\xBFTitle,First Name,Middle Name,Last Name,"));
    let back = read(&bytes);
    let b = &back[0];
    // Outlook has no labels for e-mails, keeps phones by column.
    assert_eq!(
        b.data
            .emails
            .iter()
            .map(|e| e.address())
            .collect::<Vec<_>>(),
        vec!["lukasz@example.pl", "luki@example.com"]
    );
    let mut phones: Vec<(&str, &str)> =
        b.data.phones.iter().map(|p| (p.label(), p.raw())).collect();
    phones.sort();
    assert_eq!(
        phones,
        vec![("mobile", "601 234 567"), ("work", "+48 22 123 45 67")]
    );
    assert_eq!(b.data.name, card.data.name);
    assert_eq!(b.data.addresses, card.data.addresses);
    assert_eq!(b.data.websites, card.data.websites);
    assert_eq!(
        (b.data.birthday, b.data.anniversary),
        (card.data.birthday, card.data.anniversary)
    );
    assert_eq!(b.categories, card.categories);
    assert!(b.data.notes.starts_with("Zażółć gęślą jaźń;\ndruga linia"));
}

#[test]
fn polish_outlook_export_in_windows_1250_with_semicolons() {
    let text = "Kolor;First Name;Last Name;E-mail Address;Mobile Phone;Business City;Birthday;Categories\r\n\
                x;Grzegorz;Brzęczyszczykiewicz;g@example.pl;601234567;Chrząszczyżewoszyce;14.03.1980;Rodzina;Praca\r\n\
                ;Zofia;Ćwikła;zła-wartość;12;;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(text);
    let back = read(&bytes);
    assert_eq!(back.len(), 2);
    let g = &back[0];
    assert_eq!(g.data.name.family, "Brzęczyszczykiewicz");
    assert_eq!(g.data.addresses[0].locality, "Chrząszczyżewoszyce");
    assert_eq!(
        g.data.birthday.map(|d| d.to_string()).as_deref(),
        Some("1980-03-14")
    );
    assert_eq!(g.data.phones[0].e164(), "+48601234567");
    assert_eq!(g.categories, vec!["Rodzina"]);
    // Columns no field takes are kept.
    assert!(
        g.data
            .extra
            .iter()
            .any(|e| e.line == "X-CSV;X-NAME=Kolor:x"),
        "{:?}",
        g.data.extra
    );
    let z = &back[1];
    assert_eq!(z.data.name.family, "Ćwikła");
    assert_eq!(z.warnings.len(), 2, "{:?}", z.warnings);
    assert_eq!(
        z.data
            .extra
            .iter()
            .map(|e| e.line.as_str())
            .collect::<Vec<_>>(),
        vec!["EMAIL:zła-wartość", "TEL:12"]
    );
}

#[test]
fn old_google_layout_and_a_header_that_is_not_contacts() {
    let text = "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n\
                Ewa Łęcka,Ewa,Łęcka,* myContacts ::: Przyjaciele,* Home,ewa@example.pl,Mobile,+48 601 234 567\n";
    let back = read(text.as_bytes());
    let e = &back[0];
    assert_eq!(e.data.name.family, "Łęcka");
    assert_eq!(e.categories, vec!["Przyjaciele"]);
    assert_eq!(e.data.phones[0].label(), "mobile");
    assert!(read_csv(b"a,b,c\n1,2,3\n").is_err());
}

/// A year-less birthday is written as each program expects it: `--03-14` for Google,
/// `3/14/1604` for Outlook (which cannot store a date without a year); both read back as
/// the same year-less date. A full date is `1980-03-14` and `3/14/1980`.
#[test]
fn year_less_birthdays_in_each_dialect() {
    let mut no_year = sample();
    no_year.data.anniversary = None;
    let mut full = sample();
    full.data.birthday = "1980-03-14".parse::<PartialDate>().ok();
    full.data.anniversary = None;
    let google = String::from_utf8(write(&[no_year.clone(), full.clone()], CsvLayout::Google))
        .unwrap_or_default();
    assert!(google.contains(",--03-14,"), "{google}");
    assert!(google.contains(",1980-03-14,"), "{google}");
    let outlook = String::from_utf8(write(&[no_year.clone(), full.clone()], CsvLayout::Outlook))
        .unwrap_or_default();
    assert!(outlook.contains(",3/14/1604,"), "{outlook}");
    assert!(outlook.contains(",3/14/1980,"), "{outlook}");
    for text in [google, outlook] {
        let back = read(text.as_bytes());
        assert_eq!(back[0].data.birthday, no_year.data.birthday, "{text}");
        assert_eq!(back[1].data.birthday, full.data.birthday, "{text}");
    }
    // Polish Outlook writes a year-less day as "14.03."; an American one as "3/14".
    let text = "First Name,Birthday\nA,14.03.\nB,3/14\n";
    let back = read(text.as_bytes());
    for c in &back {
        assert_eq!(
            c.data.birthday.map(|d| d.to_string()).as_deref(),
            Some("--03-14")
        );
    }
}

/// Labels in Polish and other languages become the book's kinds; Polish and German
/// Outlook column names are recognised; a number valid abroad stays as typed.
#[test]
fn polish_and_foreign_labels_and_columns() {
    let google = "First Name,Last Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,E-mail 1 - Label,E-mail 1 - Value,Address 1 - Label,Address 1 - City\n\
                  Jan,Kowal,Komórka,601 234 567,Handy,905-555-1234,Praca,jan@kowal.example.pl,Dom,Kraków\n";
    let j = &read(google.as_bytes())[0];
    let phones: Vec<(&str, &str)> = j.data.phones.iter().map(|p| (p.label(), p.raw())).collect();
    assert_eq!(
        phones,
        [("mobile", "601 234 567"), ("mobile", "905-555-1234")]
    );
    assert!(j.data.phones[0].is_checked() && !j.data.phones[1].is_checked());
    assert_eq!(j.data.emails[0].label(), "work");
    assert_eq!(j.data.addresses[0].label, "home");
    assert!(j.warnings.is_empty(), "{:?}", j.warnings);

    let polish = "Imię;Nazwisko;Telefon komórkowy;Telefon służbowy;Adres e-mail;Firma;Urodziny\r\n\
                  Ewa;Lis;601 234 567;22 123 45 67;ewa@lis.example.pl;Lis i Syn;14.03.1980\r\n";
    let e = &read(polish.as_bytes())[0];
    assert_eq!(
        (e.data.name.given.as_str(), e.data.name.family.as_str()),
        ("Ewa", "Lis")
    );
    let phones: Vec<&str> = e.data.phones.iter().map(|p| p.label()).collect();
    assert_eq!(phones, ["mobile", "work"]);
    assert_eq!(e.data.emails[0].address(), "ewa@lis.example.pl");
    assert_eq!(e.data.org_name, "Lis i Syn");
    assert_eq!(
        e.data.birthday.map(|d| d.to_string()).as_deref(),
        Some("1980-03-14")
    );
    assert!(e.data.extra.is_empty(), "{:?}", e.data.extra);

    let german = "Vorname,Nachname,Mobiltelefon,Telefon geschäftlich,E-Mail-Adresse\n\
                  Hans,Müller,+49 151 23456789,+49 30 1234567,hans@example.de\n";
    let h = &read(german.as_bytes())[0];
    let phones: Vec<&str> = h.data.phones.iter().map(|p| p.label()).collect();
    assert_eq!(phones, ["mobile", "work"]);
    assert_eq!(h.data.name.family, "Müller");
    assert_eq!(h.data.emails.len(), 1);
}

/// Cells a spreadsheet would run are written with a leading `'`, read back without it,
/// and a value that really begins with `'=` survives too.
#[test]
fn formula_cells_are_neutralised_and_come_back() {
    let mut c = sample();
    c.data.name.given = "=1+2".into();
    c.data.name.family = "'=HYPERLINK(\"x\")".into();
    c.data.nickname = "@nick".into();
    c.data.notes = "\tTab-started note".into();
    c.data.job_title = "-kierownik".into();
    // Dates are the codec's own output (Google's `--03-14` stays as it is): left out here.
    c.data.birthday = None;
    for layout in [CsvLayout::Google, CsvLayout::Outlook] {
        let text = String::from_utf8(write(std::slice::from_ref(&c), layout)).unwrap_or_default();
        for cell in text.split([',', '\n']) {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t']),
                "{layout:?}: {cell:?} in {text}"
            );
        }
        let back = &read(text.as_bytes())[0];
        assert_eq!(back.data.name, c.data.name, "{layout:?}");
        assert_eq!(back.data.nickname, c.data.nickname, "{layout:?}");
        assert_eq!(back.data.job_title, c.data.job_title, "{layout:?}");
        assert!(
            back.data.notes.starts_with("\tTab-started note"),
            "{layout:?}"
        );
    }
}
