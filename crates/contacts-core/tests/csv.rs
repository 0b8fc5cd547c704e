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
