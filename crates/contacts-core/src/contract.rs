//! The store contract: stories every [`Store`] must pass, run against `MemoryStore` here
//! and against `SqliteStore` in contacts-store through [`store_contract_tests!`].
//!
//! Stories go through the [`Service`] where a rule is involved, so they also check that the
//! store gives the service what it needs (scopes honoured, conflicts reported, rollback).

pub mod auth;
pub mod dates;
pub mod duplicates;
pub mod interchange;
pub mod mailing;
pub mod meetings;
pub mod polish;
pub mod sync;
pub mod trash;
pub use auth::*;
pub use dates::*;
pub use interchange::*;
pub use mailing::*;
pub use sync::*;
pub use trash::*;

use chrono::{NaiveDate, TimeZone, Utc};

use crate::category::CategoryKey;
use crate::date::PartialDate;
use crate::error::Error;
use crate::model::*;
use crate::service::{BookKind, ListFilter, Service};
use crate::store::{FieldType, ListKind, Store};

pub mod cases;

/// A real 1×1 PNG, for stories that need a photo.
pub const SAMPLE_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The head of a 1×1 baseline JPEG (SOI, JFIF APP0, SOF0): enough for its type and size.
pub const SAMPLE_JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x01, 0x00, 0x01, 0x03, 0x01, 0x11,
    0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
];

// `__contract_stories!` and `STORY_COUNT`, written by build.rs from every `pub fn
// NAME<S: Store>(store: S)` in this file and in `contract/`.
include!(concat!(env!("OUT_DIR"), "/contract_stories.rs"));

/// Generates one `#[test]` per story of the contract for a store made by `$make`: every
/// public story function of `contract` and its modules, found by build.rs, so a new story
/// runs on every store without being listed anywhere.
#[macro_export]
macro_rules! store_contract_tests {
    ($make:expr) => {
        $crate::__contract_stories!($make);
    };
}

fn ok<T>(r: crate::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

fn service<S: Store>(store: S) -> Service<S> {
    Service::new(store).with_clock(|| {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
            .single()
            .unwrap_or_default()
    })
}

fn full_contact() -> ContactData {
    let mut c = ContactData::person("Łukasz", "Żółć-Kowalski");
    c.name.prefix = "dr".into();
    c.name.additional = "Maria".into();
    c.name.suffix = "jr.".into();
    c.nickname = "Łuki".into();
    c.org_name = "Przykład Sp. z o.o.".into();
    c.department = "Sprzedaż".into();
    c.job_title = "Kierownik".into();
    c.emails = vec![
        ok(Email::new("work", "lukasz@przyklad.pl")),
        ok(Email::new("home", "l.zolc@poczta.pl")),
    ];
    c.phones = vec![
        ok(Phone::new("mobile", "601 234 567")),
        ok(Phone::new("work", "+48 22 123 45 67")),
    ];
    c.addresses = vec![Address {
        label: "work".into(),
        street: "ul. Świętokrzyska 12".into(),
        locality: "Warszawa".into(),
        postal_code: "00-916".into(),
        country: "Polska".into(),
        ..Address::default()
    }];
    c.websites = vec![Website {
        label: "work".into(),
        url: "https://przyklad.pl".into(),
    }];
    c.messengers = vec![Messenger {
        service: "signal".into(),
        handle: "+48601234567".into(),
    }];
    c.birthday = Some(ok("1980-02-29".parse::<PartialDate>()));
    c.anniversary = Some(ok("--06-15".parse::<PartialDate>()));
    c.nameday = Some(ok("10-18".parse()));
    c.gender = Some(Gender::Male);
    c.notes = "Woli kontakt rano.\nDrugi wiersz; z przecinkiem, i średnikiem".into();
    c.no_mailing = true;
    c.extra = vec![ExtraProperty {
        line: "X-SKYPE:lukasz.zolc".into(),
    }];
    c
}

/// User names are unique; users are found by id and name.
pub fn users_are_unique<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    assert!(anna.is_admin(), "the first user is an admin");
    let bob = ok(s.local_actor("bob"));
    assert!(!bob.is_admin());
    assert_eq!(ok(s.local_actor("anna")).id(), anna.id());
    assert!(matches!(
        s.add_user(Some(&anna), "bob", false),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.add_user(Some(&bob), "carol", false),
        Err(Error::Forbidden(_))
    ));
    let names: Vec<String> = ok(s.users(&anna)).into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["anna", "bob"]);
    assert_eq!(ok(s.actor(bob.id())).name(), "bob");
    // The user management list is an admin's; everyone sees the directory of names.
    assert!(matches!(s.users(&bob), Err(Error::Forbidden(_))));
    let names: Vec<String> = ok(s.user_directory(&bob))
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["anna", "bob"]);
}

/// Passwords: the core's rule, its hash, sign-in by password on this store.
pub fn passwords_are_checked_and_hashed_by_the_core<S: Store>(store: S) {
    use crate::password::NewPassword;
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    assert!(NewPassword::new("short").is_err());
    let pw = NewPassword::new("bob's long secret").unwrap_or_else(|e| panic!("{e}"));
    let u = ok(s.set_password_locally("bob", &pw));
    assert!(u
        .password_hash
        .as_deref()
        .is_some_and(|h| h.starts_with("$argon2id$")));
    assert_eq!(
        s.authenticate("bob", "bob's long secret"),
        Some(bob.clone())
    );
    assert_eq!(s.authenticate("bob", "bob's long secreT"), None);
    assert_eq!(
        s.authenticate("anna", "bob's long secret"),
        None,
        "anna has none"
    );
    // Only bob changes bob's password, and only with the current one.
    let new = NewPassword::new("bob's next secret").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        s.change_own_password(&anna, "bob's long secret", &new),
        Err(Error::Invalid { .. })
    ));
    assert!(s.change_own_password(&bob, "wrong", &new).is_err());
    ok(s.change_own_password(&bob, "bob's long secret", &new));
    assert!(s.authenticate("bob", "bob's next secret").is_some());
}

/// Every field comes back as it was stored, in both books.
pub fn contact_round_trips_every_field<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let mut private = full_contact();
    private.category = Some(CategoryKey::Family);
    let c = ok(s.create(&anna, BookKind::Private, private.clone()));
    let back = ok(s.get(&anna, c.id));
    assert_eq!(back.data, private);
    assert_eq!(back.book, Book::Private(anna.id()));
    assert_eq!(back.meta.version, 1);
    assert_eq!(back.meta.created_by, anna.id());

    let vip = ok(s.add_label(&anna, ListKind::Group, "VIP"));
    let active = ok(s.label(ListKind::Status, "active client"));
    let size = ok(s.add_field(&anna, "Employees", FieldType::Number));
    let since = ok(s.add_field(&anna, "Client since", FieldType::Date));
    let tier = ok(s.add_field(
        &anna,
        "Tier",
        FieldType::Choice(vec!["A".into(), "B".into()]),
    ));
    let mut org = ContactData::organisation("Żabka Polska");
    org.nip = Some(ok(Nip::parse("526-000-12-46")));
    org.regon = Some(ok(Regon::parse("123456785")));
    org.bank_account = Some(ok(BankAccount::parse("PL61109010140000071219812874")));
    org.groups = vec![vip.id];
    org.status = Some(active.id);
    org.custom.insert(size.id, FieldValue::Number(120.5));
    org.custom.insert(
        since.id,
        FieldValue::Date(NaiveDate::from_ymd_opt(2020, 1, 31).unwrap_or_default()),
    );
    org.custom.insert(tier.id, FieldValue::Choice("B".into()));
    let o = ok(s.create(&anna, BookKind::Business, org.clone()));
    assert_eq!(ok(s.get(&anna, o.id)).data, org);
    let mut person = full_contact();
    person.org_id = Some(o.id);
    // A linked person shows the organisation's own name.
    person.org_name = org.org_name.clone();
    let p = ok(s.create(&anna, BookKind::Business, person.clone()));
    assert_eq!(ok(s.get(&anna, p.id)).data, person);
}

/// An edit carrying a stale version fails with a conflict and writes nothing.
pub fn stale_edits_conflict_and_write_nothing<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Jan", "Nowak"),
    ));
    let v2 = ok(s.update(&bob, c.id, 1, ContactData::person("Jan", "Nowakowski")));
    assert_eq!(v2.meta.version, 2);
    assert_eq!(v2.meta.updated_by, bob.id());
    let stale = s.update(&anna, c.id, 1, ContactData::person("Janek", "Nowak"));
    assert!(matches!(stale, Err(Error::Conflict(_))), "{stale:?}");
    let now = ok(s.get(&anna, c.id));
    assert_eq!(now.data.name.family, "Nowakowski");
    assert_eq!(now.meta.version, 2);
}

/// A private contact exists only for its owner, admins included, through every call.
pub fn private_books_are_isolated<S: Store>(store: S) {
    let s = service(store);
    let admin = ok(s.local_actor("admin"));
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    assert!(admin.is_admin());
    let secret = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Tajny", "Klient"),
    ));
    ok(s.set_photo(&anna, secret.id, Some(SAMPLE_PNG.to_vec())));
    let att = ok(s.attach(
        &anna,
        secret.id,
        "cv.pdf",
        "application/pdf",
        b"%PDF".to_vec(),
        "",
    ));
    ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Jawny", "Klient"),
    ));
    for other in [&admin, &bob] {
        let nf = |r: crate::Result<()>| assert!(matches!(r, Err(Error::NotFound { .. })), "{r:?}");
        nf(s.get(other, secret.id).map(|_| ()));
        nf(s.update(other, secret.id, 1, ContactData::person("X", "Y"))
            .map(|_| ()));
        nf(s.delete(other, secret.id));
        nf(s.copy_to_business(other, secret.id).map(|_| ()));
        nf(s.set_photo(other, secret.id, None));
        nf(s.photo(other, secret.id).map(|_| ()));
        nf(
            s.attach(other, secret.id, "x.txt", "text/plain", vec![], "")
                .map(|_| ()),
        );
        nf(s.attachments(other, secret.id).map(|_| ()));
        nf(s.attachment(other, att.id).map(|_| ()));
        nf(s.remove_attachment(other, att.id));
        assert!(ok(s.search(other, "tajny", None, 10)).is_empty());
        assert!(ok(s.search(other, "klient", None, 10))
            .iter()
            .all(|c| c.book == Book::Business));
        let listed = ok(s.list(other, &ListFilter::default()));
        assert_eq!(listed.len(), 1);
        assert!(ok(s.list(
            other,
            &ListFilter {
                book: Some(BookKind::Private),
                ..ListFilter::default()
            }
        ))
        .is_empty());
        assert_eq!(ok(s.count(other, &ListFilter::default())), 1);
    }
    assert_eq!(ok(s.list(&anna, &ListFilter::default())).len(), 2);
    assert_eq!(ok(s.search(&anna, "tajny", None, 10)).len(), 1);
    assert!(ok(s.photo(&anna, secret.id)).is_some());
}

/// Search is case- and diacritic-insensitive, matches word prefixes and phone digits.
pub fn search_folds_and_matches_prefixes<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let note = ok(s.add_field(&anna, "Branża", FieldType::Text));
    let mut a = ContactData::person("Łukasz", "Żółć");
    a.phones.push(ok(Phone::new("mobile", "+48 601 234 567")));
    a.custom
        .insert(note.id, FieldValue::Text("hurtownia ryb".into()));
    let a = ok(s.create(&anna, BookKind::Business, a));
    let mut b = ContactData::person("Łucja", "Nowak");
    b.emails.push(ok(Email::new("", "lucja@example.com")));
    b.notes = "Poznana na targach w Poznaniu".into();
    let b = ok(s.create(&anna, BookKind::Private, b));
    let ids = |q: &str| -> Vec<i64> {
        ok(s.search(&anna, q, None, 50))
            .into_iter()
            .map(|c| c.id.0)
            .collect()
    };
    assert_eq!(ids("lukasz"), [a.id.0]);
    assert_eq!(ids("ŻÓŁĆ"), [a.id.0]);
    assert_eq!(ids("zolc"), [a.id.0]);
    assert_eq!(ids("601234"), [a.id.0]);
    assert_eq!(ids("601 234 567"), [a.id.0]);
    assert_eq!(ids("hurtow"), [a.id.0]);
    assert_eq!(ids("targ"), [b.id.0]);
    assert_eq!(ids("lucja@example"), [b.id.0]);
    let mut both = ids("łu");
    both.sort();
    assert_eq!(both, [a.id.0, b.id.0]);
    assert!(ids("lukasz nowak").is_empty());
    // A long word is looked up by its first six letters and checked in full; when many
    // contacts share those letters, the exact query still finds the rare one.
    let many: Vec<ContactData> = (0..12)
        .map(|i| ContactData::person(&format!("Jan{i}"), "Kowalczyk"))
        .collect();
    ok(s.create_many(&anna, BookKind::Business, many));
    let rare = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Ewa", "Kowalczykowska"),
    ));
    assert_eq!(
        ok(s.search(&anna, "kowalczykowska", None, 1))
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [rare.id]
    );
    assert_eq!(ok(s.search(&anna, "kowalczyk", None, 50)).len(), 13);
    // A long word is first looked up whole: a short answer holds exact words only.
    let five = ok(s.search(&anna, "kowalczyk", None, 5));
    assert_eq!(five.len(), 5);
    assert!(
        five.iter().all(|c| c.data.name.family == "Kowalczyk"),
        "{five:?}"
    );
    assert_eq!(ok(s.search(&anna, "kowalczykowsk", None, 5)).len(), 1);
    assert_eq!(ok(s.search(&anna, "jan1 kowalczyk", None, 5)).len(), 3);
    assert_eq!(
        ok(s.search(&anna, "kowalczykowsk e", None, 5))
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        [rare.id]
    );
    // A one-letter word is checked by the core on rows read ahead; when few of them pass,
    // more are read, and when even that is not enough, the exact query runs.
    let many: Vec<ContactData> = (0..150)
        .map(|i| ContactData::person("Kuba", &format!("Nowy{i}")))
        .collect();
    ok(s.create_many(&anna, BookKind::Business, many));
    let few: Vec<ContactData> = (0..4)
        .map(|i| ContactData::person("Kuba", &format!("Zorro{i}")))
        .collect();
    ok(s.create_many(&anna, BookKind::Business, few));
    let zorros = ok(s.search(&anna, "kuba z", None, 3));
    assert_eq!(zorros.len(), 3);
    assert!(zorros
        .iter()
        .all(|c| c.data.name.family.starts_with("Zorro")));
    assert_eq!(ok(s.search(&anna, "kuba z", None, 10)).len(), 4);
    // One-letter words narrow too (checked by the core, not expanded by the index).
    assert_eq!(ids("ł żółć"), [a.id.0]);
    assert_eq!(ids("z łukasz"), [a.id.0]);
    assert!(ids("n łukasz").is_empty());
    assert_eq!(ids("l n"), [b.id.0]);
    assert!(ids("").is_empty());
    assert!(
        ids("\"*()").is_empty(),
        "FTS syntax in a query is just text"
    );
    assert_eq!(ok(s.search(&anna, "łu", None, 1)).len(), 1);
    assert_eq!(
        ok(s.search(&anna, "łu", Some(BookKind::Business), 10)).len(),
        1
    );
    // Edits and removals are reflected.
    ok(s.modify(&anna, a.id, |d| {
        d.name.given = "Zbigniew".into();
        Ok(())
    }));
    assert!(ids("lukasz").is_empty());
    assert_eq!(ids("zbig"), [a.id.0]);
    ok(s.delete(&anna, b.id));
    assert!(ids("targ").is_empty());
}

/// Lists come in name order, filtered by category, group and status, paged.
pub fn list_orders_filters_and_pages<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let g = ok(s.add_label(&anna, ListKind::Group, "Hurt"));
    let inactive = ok(s.label(ListKind::Status, "Inactive"));
    for (given, family) in [
        ("Ewa", "Zielińska"),
        ("Adam", "Ąbacki"),
        ("Piotr", "Nowak"),
        ("Anna", "Nowak"),
    ] {
        let mut d = ContactData::person(given, family);
        if family == "Nowak" {
            d.groups = vec![g.id];
        }
        if given == "Piotr" {
            d.status = Some(inactive.id);
        }
        ok(s.create(&anna, BookKind::Business, d));
    }
    let mut fam = ContactData::person("Ola", "Domowa");
    fam.category = Some(CategoryKey::Family);
    ok(s.create(&anna, BookKind::Private, fam));
    ok(s.create(&anna, BookKind::Private, ContactData::person("Olek", "Bez")));
    let names = |f: ListFilter| -> Vec<String> {
        ok(s.list(&anna, &f))
            .into_iter()
            .map(|c| c.data.display_name())
            .collect()
    };
    assert_eq!(
        names(ListFilter::default()),
        [
            "Adam Ąbacki",
            "Olek Bez",
            "Ola Domowa",
            "Anna Nowak",
            "Piotr Nowak",
            "Ewa Zielińska"
        ]
    );
    assert_eq!(
        names(ListFilter {
            book: Some(BookKind::Business),
            limit: 2,
            offset: 1,
            ..ListFilter::default()
        }),
        ["Anna Nowak", "Piotr Nowak"]
    );
    assert_eq!(
        names(ListFilter {
            group: Some(g.id),
            ..ListFilter::default()
        }),
        ["Anna Nowak", "Piotr Nowak"]
    );
    assert_eq!(
        names(ListFilter {
            status: Some(inactive.id),
            ..ListFilter::default()
        }),
        ["Piotr Nowak"]
    );
    assert_eq!(
        names(ListFilter {
            category: Some(CategoryKey::Family),
            ..ListFilter::default()
        }),
        ["Ola Domowa"]
    );
    assert_eq!(
        ok(s.count(
            &anna,
            &ListFilter {
                book: Some(BookKind::Private),
                ..ListFilter::default()
            }
        )),
        2
    );
}

/// Photos and attachments are kept whole and go with their contact.
pub fn photos_and_attachments<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let c = ok(s.create(&anna, BookKind::Private, ContactData::person("Jan", "Foto")));
    let jpeg = [SAMPLE_JPEG, &[7u8; 3000]].concat();
    ok(s.set_photo(&anna, c.id, Some(jpeg.clone())));
    let photo = ok(s.photo(&anna, c.id)).unwrap_or_else(|| panic!("photo missing"));
    assert_eq!(
        (photo.media_type(), photo.bytes().len()),
        ("image/jpeg", SAMPLE_JPEG.len() + 3000)
    );
    assert!(ok(s.get(&anna, c.id)).has_photo);
    assert_eq!(
        ok(s.get(&anna, c.id)).meta.version,
        2,
        "a new photo is a change"
    );
    assert!(matches!(
        s.set_photo(&anna, c.id, Some(b"GIF-not-really".to_vec())),
        Err(Error::Invalid { .. })
    ));
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let a = ok(s.attach(
        &anna,
        c.id,
        "/tmp/dir/Życiorys.pdf",
        "application/pdf",
        bytes.clone(),
        "CV",
    ));
    assert_eq!(
        (a.name.as_str(), a.size, a.note.as_str()),
        ("Życiorys.pdf", 70_000, "CV")
    );
    let (info, back) = ok(s.attachment(&anna, a.id));
    assert_eq!((info.contact, back), (c.id, bytes));
    assert_eq!(ok(s.attachments(&anna, c.id)).len(), 1);
    ok(s.remove_attachment(&anna, a.id));
    assert!(ok(s.attachments(&anna, c.id)).is_empty());
    let b = ok(s.attach(&anna, c.id, "list.txt", "text/plain", b"hej".to_vec(), ""));
    ok(s.delete(&anna, c.id));
    assert!(matches!(
        s.attachment(&anna, b.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(s.photo(&anna, c.id), Err(Error::NotFound { .. })));
}

/// "Skopiuj do bazy firmowej" copies data, photo and attachments; the original stays.
pub fn copy_to_business_takes_photo_and_attachments<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mut d = full_contact();
    d.category = Some(CategoryKey::Clients);
    let c = ok(s.create(&anna, BookKind::Private, d.clone()));
    ok(s.set_photo(&anna, c.id, Some(SAMPLE_PNG.to_vec())));
    ok(s.attach(
        &anna,
        c.id,
        "oferta.pdf",
        "application/pdf",
        b"%PDF-1.4".to_vec(),
        "oferta",
    ));
    let copy = ok(s.copy_to_business(&anna, c.id));
    assert_eq!(copy.book, Book::Business);
    let seen_by_bob = ok(s.get(&bob, copy.id));
    d.category = None;
    assert_eq!(seen_by_bob.data, d);
    assert!(seen_by_bob.has_photo);
    let atts = ok(s.attachments(&bob, copy.id));
    assert_eq!(
        atts.iter()
            .map(|a| (a.name.as_str(), a.note.as_str()))
            .collect::<Vec<_>>(),
        [("oferta.pdf", "oferta")]
    );
    assert_eq!(ok(s.attachment(&bob, atts[0].id)).1, b"%PDF-1.4");
    assert!(ok(s.get(&anna, c.id)).book == Book::Private(anna.id()));
    assert!(matches!(
        s.copy_to_business(&anna, copy.id),
        Err(Error::Invalid { .. })
    ));
}

/// Groups and statuses: defaults, uniqueness, renames, and removal from contacts.
pub fn labels_and_memberships<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let statuses: Vec<String> = ok(s.labels(ListKind::Status))
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(statuses, ["Active client", "Inactive"]);
    let g1 = ok(s.add_label(&anna, ListKind::Group, "Hurt"));
    let g2 = ok(s.add_label(&anna, ListKind::Group, "Detal"));
    assert!(matches!(
        s.add_label(&anna, ListKind::Group, "hurt"),
        Err(Error::Conflict(_))
    ));
    let mut d = ContactData::person("Jan", "Grupowy");
    d.groups = vec![g1.id, g2.id];
    d.status = Some(ok(s.label(ListKind::Status, "Inactive")).id);
    let c = ok(s.create(&anna, BookKind::Business, d));
    ok(s.rename_label(&anna, ListKind::Group, "Hurt", "Hurtownie"));
    assert_eq!(ok(s.label(ListKind::Group, "hurtownie")).id, g1.id);
    // One removal rule for every frontend: a used entry is refused with how many hold
    // it; forcing it is an admin's; then every contact loses it.
    let bob = ok(s.local_actor("bob"));
    assert!(anna.is_admin() && !bob.is_admin());
    for actor in [&anna, &bob] {
        match s.remove_label(actor, ListKind::Group, "Detal", false) {
            Err(Error::Invalid { field, reason }) => {
                assert_eq!(field, "name");
                assert!(reason.contains("held by 1 contact"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        s.remove_label(&bob, ListKind::Status, "Inactive", true),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(ok(s.label_use(ListKind::Group, "Detal")), 1);
    assert_eq!(ok(s.remove_label(&anna, ListKind::Group, "Detal", true)), 1);
    assert_eq!(
        ok(s.remove_label(&anna, ListKind::Status, "Inactive", true)),
        1
    );
    let unused = ok(s.add_label(&bob, ListKind::Group, "Pusta"));
    assert_eq!(
        ok(s.remove_label(&bob, ListKind::Group, &unused.name, false)),
        0
    );
    let back = ok(s.get(&anna, c.id));
    assert_eq!(back.data.groups, [g1.id]);
    assert_eq!(back.data.status, None);
    assert!(matches!(
        s.label(ListKind::Group, "Detal"),
        Err(Error::Invalid { .. })
    ));
    let mut p = ContactData::person("Ola", "Prywatna");
    p.groups = vec![g1.id];
    assert!(matches!(
        s.create(&anna, BookKind::Private, p),
        Err(Error::Invalid { .. })
    ));
}

/// Renaming a custom field keeps every value; removing it removes them.
pub fn custom_fields_rename_keeps_values<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let f = ok(s.add_field(&anna, "Pole 1", FieldType::Text));
    let yes = ok(s.add_field(&anna, "Newsletter", FieldType::YesNo));
    assert!(matches!(
        s.add_field(&anna, "pole 1", FieldType::Text),
        Err(Error::Conflict(_))
    ));
    let mut d = ContactData::person("Jan", "Polowy");
    d.custom
        .insert(f.id, FieldValue::Text("wartość szczególna".into()));
    d.custom.insert(yes.id, FieldValue::YesNo(true));
    let c = ok(s.create(&anna, BookKind::Business, d));
    ok(s.rename_field(&anna, "Pole 1", "Źródło"));
    let defs = ok(s.fields());
    assert_eq!(
        defs.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(),
        ["Źródło", "Newsletter"]
    );
    assert_eq!(
        ok(s.get(&anna, c.id)).data.custom.get(&f.id),
        Some(&FieldValue::Text("wartość szczególna".into()))
    );
    let mut wrong = ContactData::person("Jan", "Zły");
    wrong.custom.insert(yes.id, FieldValue::Text("tak".into()));
    assert!(matches!(
        s.create(&anna, BookKind::Business, wrong),
        Err(Error::Invalid { .. })
    ));
    ok(s.remove_field(&anna, "źródło"));
    assert_eq!(ok(s.get(&anna, c.id)).data.custom.len(), 1);
    assert!(ok(s.search(&anna, "szczegolna", None, 10)).is_empty());
}

/// A write that fails part-way leaves nothing behind.
pub fn failed_writes_leave_nothing<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let batch = vec![
        ContactData::person("Jan", "Pierwszy"),
        ContactData::person("Jan", "Drugi"),
        ContactData::default(),
    ];
    assert!(matches!(
        s.create_many(&anna, BookKind::Business, batch),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 0);
    assert!(ok(s.search(&anna, "jan", None, 10)).is_empty());
    let ids = ok(s.create_many(
        &anna,
        BookKind::Business,
        vec![
            ContactData::person("Jan", "Pierwszy"),
            ContactData::organisation("Firma"),
        ],
    ));
    assert_eq!(ids.len(), 2);
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 2);

    // A stream: later items may name what earlier ones made; one bad item undoes them all.
    let made = std::cell::RefCell::new(Vec::new());
    let stream = |bad: bool| {
        let made = &made;
        (0..3).map(move |i| match i {
            0 => ContactData::organisation("Strumień Sp. z o.o."),
            1 => {
                let mut p = ContactData::person("Ewa", "Strumyk");
                p.org_id = made.borrow().first().copied();
                p
            }
            _ if bad => ContactData::default(),
            _ => ContactData::person("Olga", "Potok"),
        })
    };
    let failed = s.create_each(&anna, BookKind::Business, stream(true), |id, _| {
        made.borrow_mut().push(id)
    });
    assert!(matches!(failed, Err(Error::Invalid { .. })), "{failed:?}");
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 2);
    assert!(ok(s.search(&anna, "strumyk", None, 10)).is_empty());
    made.borrow_mut().clear();
    let n = ok(
        s.create_each(&anna, BookKind::Business, stream(false), |id, _| {
            made.borrow_mut().push(id)
        }),
    );
    assert_eq!(n, 3);
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 5);
    let ewa = ok(s.get(&anna, made.borrow()[1]));
    assert_eq!(ewa.data.org_id, Some(made.borrow()[0]));
    // The person takes the name of the organisation made earlier in the same stream.
    assert_eq!(ewa.data.org_name, "Strumień Sp. z o.o.");
    assert_eq!(ok(s.search(&anna, "strumyk", None, 10)).len(), 1);
}

/// Installation settings are kept.
pub fn settings_round_trip<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    assert_eq!(ok(s.setting("nameday.country")), None);
    ok(s.set_setting(&anna, "nameday.country", "pl"));
    ok(s.set_setting(&anna, "nameday.country", "cz"));
    assert_eq!(ok(s.setting("nameday.country")).as_deref(), Some("cz"));
}

/// People keep working after their organisation is removed; the link goes.
pub fn deleting_an_organisation_unlinks_its_people<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Firma Krzak"),
    ));
    let mut p = ContactData::person("Jan", "Pracownik");
    p.org_id = Some(org.id);
    p.org_name = "Firma Krzak".into();
    let p = ok(s.create(&anna, BookKind::Business, p));
    let mut bad = ContactData::person("Ola", "Prywatna");
    bad.org_id = Some(org.id);
    assert!(
        matches!(
            s.create(&anna, BookKind::Private, bad),
            Err(Error::Invalid { .. })
        ),
        "org in the other book"
    );
    let mut bad = ContactData::person("Ola", "Zła");
    bad.org_id = Some(p.id);
    assert!(
        matches!(
            s.create(&anna, BookKind::Business, bad),
            Err(Error::Invalid { .. })
        ),
        "not an organisation"
    );
    ok(s.delete(&anna, org.id));
    let back = ok(s.get(&anna, p.id));
    assert_eq!(
        (
            back.data.org_id,
            back.data.org_name.as_str(),
            back.meta.version
        ),
        (None, "Firma Krzak", 2)
    );
}

/// Lists are in Polish alphabetical order on every store: "Baran" before "Bąk", "Lucyna"
/// before "Łukasz", "Ozga" before "Ósemka"; a contact without a name sorts by what it
/// shows.
pub fn names_list_in_polish_order<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    for (given, family) in [
        ("Jan", "Bąk"),
        ("Ewa", "Baran"),
        ("Piotr", "Łukasz"),
        ("Anna", "Lucyna"),
        ("Olga", "Ósemka"),
        ("Adam", "Ozga"),
        ("Zofia", "Żak"),
        ("Celina", "Zając"),
    ] {
        ok(s.create(
            &anna,
            BookKind::Business,
            ContactData::person(given, family),
        ));
    }
    let org = ContactData {
        kind: ContactKind::Organisation,
        org_name: "Łąka Sp. z o.o.".into(),
        ..ContactData::default()
    };
    ok(s.create(&anna, BookKind::Business, org));
    let listed: Vec<String> = ok(s.list(
        &anna,
        &ListFilter {
            book: Some(BookKind::Business),
            ..ListFilter::default()
        },
    ))
    .iter()
    .map(|c| c.data.display_name())
    .collect();
    assert_eq!(
        listed,
        [
            "Ewa Baran",
            "Jan Bąk",
            "Anna Lucyna",
            "Łąka Sp. z o.o.",
            "Piotr Łukasz",
            "Adam Ozga",
            "Olga Ósemka",
            "Celina Zając",
            "Zofia Żak",
        ]
    );
}

/// What a contact can hold is bounded, on every path in, and each refusal names the field;
/// stored file names are cleaned whatever path they came by.
pub fn contact_limits_name_the_field<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let field_of = |r: crate::Result<Contact>| match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let long = "ż".repeat(MAX_LINE_CHARS + 1);
    assert_eq!(
        field_of(s.create(
            &anna,
            BookKind::Private,
            ContactData::person(&long, "Nowak")
        )),
        "given"
    );
    assert_eq!(
        field_of(s.create(
            &anna,
            BookKind::Private,
            ContactData::person("Jan", "No\0wak")
        )),
        "family"
    );
    let mut d = ContactData::person("Jan", "Nowak");
    d.job_title = "Kierownik\nsprzedaży".into();
    assert_eq!(field_of(s.create(&anna, BookKind::Private, d)), "job_title");
    let mut d = ContactData::person("Jan", "Nowak");
    d.emails = (0..=MAX_VALUES)
        .map(|i| ok(Email::new("work", &format!("jan{i}@example.pl"))))
        .collect();
    assert_eq!(field_of(s.create(&anna, BookKind::Private, d)), "email");
    let mut d = ContactData::person("Jan", "Nowak");
    d.notes = "a".repeat(MAX_TEXT_BYTES + 1);
    assert_eq!(field_of(s.create(&anna, BookKind::Private, d)), "notes");
    let mut d = ContactData::person("Jan", "Nowak");
    d.notes = "bell\u{7}".into();
    assert_eq!(field_of(s.create(&anna, BookKind::Private, d)), "notes");
    let mut d = ContactData::person("Jan", "Nowak");
    d.extra = (0..12)
        .map(|i| ExtraProperty {
            line: format!("X-BIG-{i}:{}", "x".repeat(MAX_EXTRA_LINE_BYTES - 20)),
        })
        .collect();
    assert_eq!(field_of(s.create(&anna, BookKind::Private, d)), "contact");
    // Within the limits: several lines of notes, the longest one-line value.
    let mut d = ContactData::person(&"ż".repeat(MAX_LINE_CHARS), "Nowak");
    d.notes = "Pierwsza linia\nDruga\tz tabulatorem".into();
    let c = ok(s.create(&anna, BookKind::Private, d));
    // An edit is held to the same limits and changes nothing when refused.
    let mut bad = c.data.clone();
    bad.nickname = "x\u{0}".into();
    assert!(s.update(&anna, c.id, c.meta.version, bad).is_err());
    assert_eq!(ok(s.get(&anna, c.id)).meta.version, c.meta.version);
    // File names: no directories, no control characters, bounded with the extension kept.
    let a = ok(s.attach(
        &anna,
        c.id,
        "../../etc/pa\u{0}ss\u{7}wd",
        "text/plain",
        b"x".to_vec(),
        "",
    ));
    assert_eq!(a.name, "passwd");
    let a = ok(s.attach(
        &anna,
        c.id,
        "C:\\Users\\jan\\.ukryty",
        "text/plain",
        b"x".to_vec(),
        "",
    ));
    assert_eq!(a.name, "ukryty");
    let long_name = format!("{}.pdf", "ą".repeat(300));
    let a = ok(s.attach(
        &anna,
        c.id,
        &long_name,
        "application/pdf",
        b"x".to_vec(),
        "",
    ));
    assert!(a.name.len() <= crate::service::MAX_FILE_NAME_BYTES && a.name.ends_with("ą.pdf"));
    assert!(s
        .attach(&anna, c.id, "/\u{1}/", "text/plain", b"x".to_vec(), "")
        .is_err());
}

#[cfg(test)]
mod memory {
    // By its textual name: a macro made by `include!` cannot be named by path in its own
    // crate (other crates use `store_contract_tests!`).
    __contract_stories!(crate::memory::MemoryStore::default());

    #[test]
    fn every_story_is_found() {
        // build.rs reads exact one-line signatures; a story written another way (`S: Store +
        // Clone`, a signature over several lines) would be skipped silently. Every public
        // function of the contract is a story (helpers are private), so build.rs counts
        // them all too.
        const { assert!(super::STORY_COUNT >= 41) };
        assert_eq!(
            super::STORY_COUNT,
            super::PUBLIC_FN_COUNT,
            "a public function of the contract is not a one-line `pub fn NAME<S: Store>(store: S)`"
        );
    }
}
