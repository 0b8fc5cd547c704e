//! Contract stories of import, export, duplicates and merge: one transaction per import,
//! duplicates found each way, merge and unmerge round trip, private books isolated, and a
//! private book shared from one user to another through vCard text.

use std::sync::Arc;

use chrono::{TimeZone, Utc};

use crate::category::CategoryKey;
use crate::error::Error;
use crate::model::{ContactData, Email, Phone};
use crate::service::{
    BookKind, Due, ExportSelection, ListFilter, OnDuplicate, ReminderFilter, SourcedCard,
};
use crate::store::Store;
use crate::vcard::{self, Card, CardError, VcardVersion};

use super::{ok, service};

const PNG: &[u8] = super::SAMPLE_PNG;

fn email(a: &str) -> Email {
    ok(Email::new("work", a))
}

fn phone(p: &str) -> Phone {
    ok(Phone::new("mobile", p))
}

fn sourced(cards: Vec<Result<Card, CardError>>) -> Vec<SourcedCard> {
    let file: Arc<str> = Arc::from("test.vcf");
    cards.into_iter().map(|c| (file.clone(), c)).collect()
}

fn count<S: Store>(
    s: &crate::service::Service<S>,
    a: &crate::service::Actor,
    book: BookKind,
) -> u64 {
    ok(s.count(
        a,
        &ListFilter {
            book: Some(book),
            ..ListFilter::default()
        },
    ))
}

/// A bad card is reported with its file, number and line; the others import; a dry run
/// writes nothing; groups and statuses named by the cards are created.
pub fn import_is_one_transaction<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Łucja Żółkiewska\r\nN:Żółkiewska;Łucja;;;\r\nCATEGORIES:Dostawcy\r\nX-CONTACTS-STATUS:Stały klient\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jan Kowalski\r\nN:Kowalski;Jan;;;\r\nEND:VCARD\r\n";
    let mut cards: Vec<_> = vcard::read(text.as_bytes()).collect();
    cards.push(Err(CardError {
        card: 4,
        line: 13,
        message: "broken".into(),
    }));
    let mut seen = 0;
    let dry = ok(s.import(
        &anna,
        BookKind::Business,
        sourced(cards.clone()),
        OnDuplicate::Merge,
        true,
        &mut |n| seen = n,
    ));
    assert_eq!((dry.imported, dry.failed.len(), seen), (2, 2, 4));
    assert_eq!(count(&s, &anna, BookKind::Business), 0);
    assert!(ok(s.labels(crate::store::ListKind::Group)).is_empty());
    let sum = ok(s.import(
        &anna,
        BookKind::Business,
        sourced(cards),
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    ));
    assert_eq!((sum.imported, sum.merged, sum.skipped), (2, 0, 0));
    let failed: Vec<String> = sum.failed.iter().map(|f| f.to_string()).collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(
        failed[0], "test.vcf: card 2 (line 8): the card is empty",
        "{failed:?}"
    );
    assert_eq!(failed[1], "test.vcf: card 4 (line 13): broken");
    assert_eq!(count(&s, &anna, BookKind::Business), 2);
    let found = ok(s.search(&anna, "lucja", None, 10));
    let group = ok(s.label(crate::store::ListKind::Group, "dostawcy"));
    let status = ok(s.label(crate::store::ListKind::Status, "Stały klient"));
    assert_eq!(found[0].data.groups, vec![group.id]);
    assert_eq!(found[0].data.status, Some(status.id));
}

/// A card matching by e-mail (any case), E.164 phone or name and birthday follows the
/// duplicate rule; `duplicates` lists pairs with the reason.
pub fn duplicates_each_way<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let mut jan = ContactData::person("Jan", "Kowalski");
    jan.emails.push(email("jan@firma.pl"));
    let jan = ok(s.create(&anna, BookKind::Private, jan));
    let mut ewa = ContactData::person("Ewa", "Nowak");
    ewa.phones.push(phone("601 234 567"));
    ok(s.create(&anna, BookKind::Private, ewa));
    let mut zofia = ContactData::person("Zofia", "Ćwik");
    zofia.birthday = "1980-02-29".parse().ok();
    ok(s.create(&anna, BookKind::Private, zofia));

    let mut by_mail = Card::new(ContactData::person("Janek", "K."));
    by_mail.data.emails.push(email("JAN@Firma.pl"));
    by_mail.data.phones.push(phone("+48 22 123 45 67"));
    let mut by_phone = Card::new(ContactData::person("E.", "Nowak"));
    by_phone.data.phones.push(phone("+48601234567"));
    let mut by_name = Card::new(ContactData::person("ZOFIA", "Cwik"));
    by_name.data.birthday = "1980-02-29".parse().ok();
    let cards = vec![Ok(by_mail), Ok(by_phone), Ok(by_name)];

    let skip = ok(s.import(
        &anna,
        BookKind::Private,
        sourced(cards.clone()),
        OnDuplicate::Skip,
        false,
        &mut |_| {},
    ));
    assert_eq!((skip.imported, skip.merged, skip.skipped), (0, 0, 3));
    assert_eq!(count(&s, &anna, BookKind::Private), 3);

    let merge = ok(s.import(
        &anna,
        BookKind::Private,
        sourced(cards.clone()),
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    ));
    assert_eq!((merge.imported, merge.merged), (0, 3));
    let jan = ok(s.get(&anna, jan.id));
    assert_eq!(jan.data.name.given, "Jan");
    assert_eq!(jan.data.emails.len(), 1);
    assert_eq!(jan.data.phones.len(), 1);

    let create = ok(s.import(
        &anna,
        BookKind::Private,
        sourced(cards),
        OnDuplicate::Create,
        false,
        &mut |_| {},
    ));
    assert_eq!(create.imported, 3);
    let dups = ok(s.duplicates(&anna, BookKind::Private));
    let reasons: Vec<&str> = dups.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(dups.len(), 3, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("same e-mail jan@firma.pl")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("same phone +48601234567")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("same name and birthday (1980-02-29)")),
        "{reasons:?}"
    );
    let bob = ok(s.local_actor("bob"));
    assert!(ok(s.duplicates(&bob, BookKind::Private)).is_empty());
    assert!(ok(s.duplicates(&anna, BookKind::Business)).is_empty());
}

/// Merge keeps all distinct values, moves photo, attachments, history and reminders, and
/// unmerge puts both contacts back as they were.
pub fn merge_and_unmerge_round_trip<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let g1 = ok(s.add_label(&anna, crate::store::ListKind::Group, "Hurt"));
    let g2 = ok(s.add_label(&anna, crate::store::ListKind::Group, "Detal"));
    let mut a = ContactData::person("Jan", "Kowalski");
    a.emails.push(email("jan@firma.pl"));
    a.groups.push(g1.id);
    let a = ok(s.create(&anna, BookKind::Business, a));
    let mut b = ContactData::person("Jan", "Kowalski");
    b.emails.push(email("JAN@firma.pl"));
    b.phones.push(phone("601 234 567"));
    b.notes = "Zadzwonić w środę".into();
    b.groups.push(g2.id);
    let b = ok(s.create(&anna, BookKind::Business, b));
    ok(s.set_photo(&anna, b.id, Some(PNG.to_vec())));
    ok(s.attach(
        &anna,
        b.id,
        "umowa.pdf",
        "application/pdf",
        b"%PDF".to_vec(),
        "podpisana",
    ));
    ok(s.add_history(&anna, b.id, "telefon", "Rozmowa o ofercie", None, vec![]));
    ok(s.add_history(&anna, a.id, "spotkanie", "Spotkanie", None, vec![]));
    let when = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    ok(s.remind(&anna, b.id, when, "Oddzwonić", None));
    let a0 = ok(s.get(&anna, a.id));
    let b0 = ok(s.get(&anna, b.id));

    let m = ok(s.merge(&anna, a.id, b.id));
    assert_eq!(m.data.emails.len(), 1);
    assert_eq!(m.data.phones.len(), 1);
    assert_eq!(m.data.notes, "Zadzwonić w środę");
    assert_eq!(m.data.groups, vec![g1.id, g2.id]);
    assert!(matches!(s.get(&anna, b.id), Err(Error::NotFound { .. })));
    assert_eq!(
        ok(s.photo(&anna, a.id)).map(|p| p.into_bytes()),
        Some(PNG.to_vec())
    );
    assert_eq!(ok(s.attachments(&anna, a.id)).len(), 1);
    // The two entries and the merge's own.
    assert_eq!(ok(s.history(&anna, a.id)).len(), 3);
    let filter = ReminderFilter {
        mine: false,
        due: Due::All,
        contact: Some(a.id),
    };
    assert_eq!(ok(s.reminders(&anna, &filter, when)).len(), 1);

    let (ka, kb) = ok(s.unmerge(&anna, a.id));
    assert_eq!(ka.data, a0.data);
    assert_eq!(kb.data, b0.data);
    assert_eq!(kb.meta, b0.meta);
    assert_eq!(ka.meta.version, a0.meta.version + 2);
    assert_eq!(ok(s.photo(&anna, a.id)), None);
    assert_eq!(
        ok(s.photo(&anna, b.id)).map(|p| p.into_bytes()),
        Some(PNG.to_vec())
    );
    assert_eq!(ok(s.attachments(&anna, b.id)).len(), 1);
    assert!(ok(s.attachments(&anna, a.id)).is_empty());
    // Its own entry, the merge's and the unmerge's.
    assert_eq!(ok(s.history(&anna, a.id)).len(), 3);
    assert_eq!(ok(s.history(&anna, b.id)).len(), 1);
    let filter = ReminderFilter {
        mine: false,
        due: Due::All,
        contact: Some(b.id),
    };
    assert_eq!(ok(s.reminders(&anna, &filter, when)).len(), 1);
    assert!(matches!(
        s.unmerge(&anna, a.id),
        Err(Error::NotFound { .. })
    ));
    // Found again as duplicates.
    assert_eq!(ok(s.duplicates(&anna, BookKind::Business)).len(), 1);
}

/// Bob can neither export nor merge Anna's private contacts, and his import lands in his
/// own book only.
pub fn interchange_isolates_private_books<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let secret = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Tajna", "Osoba"),
    ));
    let his = ok(s.create(
        &bob,
        BookKind::Private,
        ContactData::person("Jego", "Znajomy"),
    ));
    assert!(matches!(
        s.export_cards(&bob, &ExportSelection::Ids(vec![secret.id])),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.merge(&bob, his.id, secret.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.merge(&bob, secret.id, his.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.unmerge(&bob, secret.id),
        Err(Error::NotFound { .. })
    ));
    let all = ok(s.export_cards(&bob, &ExportSelection::Book(BookKind::Private)));
    assert_eq!(all.len(), 1);
    let sum = ok(s.import(
        &bob,
        BookKind::Private,
        sourced(vec![Ok(Card::new(ContactData::person("Tajna", "Osoba")))]),
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    ));
    assert_eq!(sum.imported, 1);
    assert_eq!(count(&s, &anna, BookKind::Private), 1);
    assert_eq!(count(&s, &bob, BookKind::Private), 2);
    assert_eq!(ok(s.get(&anna, secret.id)).data, secret.data);
}

/// Anna exports her private book as vCard 4.0, Bob imports it into his: every contact,
/// photo and attachment comes over, nothing lands in the business book.
pub fn sharing_a_private_book<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mut a = ContactData::person("Łukasz", "Żółć");
    a.emails.push(email("lukasz@zolc.pl"));
    a.category = Some(CategoryKey::ALL[1]);
    a.notes = "Ulica Świętokrzyska 5; piętro 2, pokój \"A\"".into();
    let a = ok(s.create(&anna, BookKind::Private, a));
    ok(s.set_photo(&anna, a.id, Some(PNG.to_vec())));
    ok(s.attach(
        &anna,
        a.id,
        "wizytówka.txt",
        "text/plain",
        "Łódź".as_bytes().to_vec(),
        "z targów",
    ));
    let mut b = ContactData::organisation("Spółdzielnia Mleczarska");
    b.phones.push(phone("22 123 45 67"));
    ok(s.create(&anna, BookKind::Private, b));

    let cards = ok(s.export_cards(&anna, &ExportSelection::Book(BookKind::Private)));
    let text = vcard::write_all(&cards, VcardVersion::V4);
    let file: Arc<str> = Arc::from("anna.vcf");
    let read = vcard::read(text.as_bytes()).map(|c| (file.clone(), c));
    let sum = ok(s.import(
        &bob,
        BookKind::Private,
        read,
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    ));
    assert_eq!((sum.imported, sum.failed.len()), (2, 0), "{:?}", sum.failed);
    assert_eq!(count(&s, &bob, BookKind::Business), 0);
    let mine = ok(s.list(&bob, &ListFilter::default()));
    let theirs = ok(s.list(&anna, &ListFilter::default()));
    assert_eq!(mine.len(), 2);
    for (m, t) in mine.iter().zip(&theirs) {
        assert_eq!(m.data, t.data);
        assert_eq!(ok(s.photo(&bob, m.id)), ok(s.photo(&anna, t.id)));
        let ma: Vec<_> = ok(s.attachments(&bob, m.id))
            .into_iter()
            .map(|x| (x.name, x.media_type, x.note, x.size))
            .collect();
        let ta: Vec<_> = ok(s.attachments(&anna, t.id))
            .into_iter()
            .map(|x| (x.name, x.media_type, x.note, x.size))
            .collect();
        assert_eq!(ma, ta);
    }
    let att = ok(s.attachments(
        &bob,
        mine.iter()
            .find(|c| c.has_photo)
            .map(|c| c.id)
            .unwrap_or(a.id),
    ));
    assert_eq!(ok(s.attachment(&bob, att[0].id)).1, "Łódź".as_bytes());
}

/// The shapes real phones and mail programs write (a file written for the project): every
/// card goes in, a bad line is skipped with a warning naming file, card and line, a card
/// without a name is named by what it holds (or "(bez nazwy)"), a foreign number stays as
/// typed and is found and exported as typed, IM properties are messengers, Android rows fill
/// their fields, and none of it shows in another user's view of a private book.
pub fn real_world_cards_are_kept<S: Store>(store: S) {
    use base64::Engine as _;
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mut text = include_str!("fixtures/real-world.vcf").to_string();
    // Only a photo (the last card of the file has no END:VCARD, so this goes first).
    let photo_only = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=PNG:{}\r\nEND:VCARD\r\n",
        base64::engine::general_purpose::STANDARD.encode(PNG)
    );
    text.insert_str(0, &photo_only);
    let file: Arc<str> = Arc::from("real-world.vcf");
    let cards = || {
        vcard::read(text.as_bytes())
            .map(|c| (file.clone(), c))
            .collect::<Vec<_>>()
    };
    let sum = ok(s.import(
        &anna,
        BookKind::Business,
        cards(),
        OnDuplicate::Create,
        false,
        &mut |_| {},
    ));
    assert_eq!((sum.imported, sum.refused), (9, 0), "{sum:?}");
    assert_eq!(sum.outcome(), crate::service::ImportOutcome::All);
    let kinds: Vec<(&str, usize)> = sum
        .warnings
        .iter()
        .map(|g| (g.kind.as_str(), g.count))
        .collect();
    assert!(
        kinds.contains(&(
            "'…' is not a property line (no '…'); the line was skipped",
            1
        )),
        "{kinds:?}"
    );
    let skipped = sum
        .warnings
        .iter()
        .find(|g| g.kind.starts_with("'…' is not a property line"))
        .map(|g| g.examples.clone());
    assert_eq!(
        skipped,
        Some(vec![
            "real-world.vcf: card 2 (line 16): 'this line has no colon' is not a property line (no ':'); the line was skipped".to_string()
        ])
    );
    assert!(
        kinds
            .iter()
            .any(|(k, _)| k.contains("the file ends without END:VCARD")),
        "{kinds:?}"
    );
    let all = ok(s.list(
        &anna,
        &ListFilter {
            book: Some(BookKind::Business),
            limit: 100,
            ..ListFilter::default()
        },
    ));
    let mut names: Vec<String> = all.iter().map(|c| c.data.display_name()).collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "(bez nazwy)",
            "+49 30 1234567",
            "Bociek",
            "Hurtownia Żuraw sp. z o.o.",
            "John Smith",
            "Marek Wiśniewski",
            "Ostatnia Karta",
            "biuro@zuraw.example.pl",
            "tylko.komunikator@jabber.example",
        ]
    );
    let by = |n: &str| {
        all.iter()
            .find(|c| c.data.display_name() == n)
            .unwrap_or_else(|| panic!("{n} missing"))
    };
    let marek = &by("Marek Wiśniewski").data;
    assert_eq!(marek.notes, "Pierwsza linia notatki\ndruga linia notatki");
    assert_eq!(
        (
            marek.addresses[0].street.as_str(),
            marek.addresses[0].locality.as_str()
        ),
        ("ul. Długa 5", "Gdańsk")
    );
    assert_eq!(marek.phones[0].label(), "mobile");
    let bociek = &by("Bociek").data;
    assert_eq!(
        bociek.anniversary.map(|d| d.to_string()).as_deref(),
        Some("2001-06-23")
    );
    assert_eq!(
        (
            bociek.messengers[0].service.as_str(),
            bociek.messengers[0].handle.as_str()
        ),
        ("xmpp", "bociek@jabber.example")
    );
    assert!(bociek.extra.iter().any(|e| e.line.contains("relation;Ala")));
    assert_eq!(
        by("Hurtownia Żuraw sp. z o.o.").data.kind,
        crate::model::ContactKind::Organisation
    );
    assert_eq!(by("biuro@zuraw.example.pl").data.emails[0].label(), "work");
    assert_eq!(by("+49 30 1234567").data.phones[0].label(), "mobile");
    assert_eq!(by("Ostatnia Karta").data.phones[0].label(), "home");
    let john = by("John Smith");
    assert_eq!(
        (john.data.phones[0].raw(), john.data.phones[0].label()),
        ("905-555-1234", "mobile")
    );
    let services: Vec<&str> = john
        .data
        .messengers
        .iter()
        .map(|m| m.service.as_str())
        .collect();
    assert_eq!(
        services,
        vec!["skype", "gtalk", "aim", "icq", "msnim", "ymsgr", "gg", "xmpp"]
    );
    assert!(by("(bez nazwy)").has_photo);
    // Found by the digits as typed, exported as typed.
    let found = ok(s.search(&anna, "9055551234", None, 10));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, john.id);
    let mut out = String::new();
    ok(
        s.export(&anna, &ExportSelection::Ids(vec![john.id]), &mut |c| {
            vcard::write_card(&mut out, &c, VcardVersion::V4);
            Ok(())
        }),
    );
    assert!(out.contains(":905-555-1234\r\n"), "{out}");

    // Into Bob's private book: Anna sees none of it, nor does an export of hers.
    let sum = ok(s.import(
        &bob,
        BookKind::Private,
        cards(),
        OnDuplicate::Create,
        false,
        &mut |_| {},
    ));
    assert_eq!(sum.imported, 9);
    assert_eq!(ok(s.search(&anna, "9055551234", None, 10)).len(), 1);
    assert_eq!(ok(s.search(&bob, "9055551234", None, 10)).len(), 2);
    assert_eq!(count(&s, &anna, BookKind::Private), 0);
    let mut seen = 0;
    ok(s.export(
        &anna,
        &ExportSelection::Book(BookKind::Private),
        &mut |_| {
            seen += 1;
            Ok(())
        },
    ));
    assert_eq!(seen, 0);
}

/// One load into an empty book merges the cards it brings twice (the SQLite store answers the
/// duplicate lookups of such a load from the keys it wrote in it, without a query when none
/// can match).
pub fn duplicates_within_one_load_into_an_empty_book<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let mut cards: Vec<Result<Card, CardError>> = (0..300)
        .map(|i| {
            let mut c = Card::new(ContactData::person(&format!("Osoba{i}"), "Nowak"));
            c.data.emails.push(email(&format!("osoba{i}@firma.pl")));
            c.data.phones.push(phone(&format!("601 234 {i:03}")));
            Ok(c)
        })
        .collect();
    let mut by_mail = Card::new(ContactData::person("Osoba", "Dziesiąta"));
    by_mail.data.emails.push(email("OSOBA10@Firma.pl"));
    let mut by_phone = Card::new(ContactData::person("Osoba", "Dwudziesta"));
    by_phone.data.phones.push(phone("+48 601 234 020"));
    let mut new_one = Card::new(ContactData::person("Osoba", "Nowa"));
    new_one.data.emails.push(email("osoba1000@firma.pl"));
    cards.extend([Ok(by_mail), Ok(by_phone), Ok(new_one)]);
    let sum = ok(s.import(
        &anna,
        BookKind::Business,
        sourced(cards),
        OnDuplicate::Merge,
        false,
        &mut |_| {},
    ));
    assert_eq!((sum.imported, sum.merged, sum.skipped), (301, 2, 0));
    assert_eq!(count(&s, &anna, BookKind::Business), 301);
}
