//! Contract stories for client history, cases, detail items, reports and takeover.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::{ok, service};
use crate::case::{CaseData, CaseItem, CaseQuery, CaseStatus, DetailBody, Priority, TimelineEntry};
use crate::error::Error;
use crate::ids::{ContactId, UserId};
use crate::model::ContactData;
use crate::money::{Amount, Currency};
use crate::service::{Actor, BookKind, DetailInput, ListFilter, Service};
use crate::store::{ListKind, Store};

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .unwrap_or_default()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn amount(s: &str) -> Amount {
    ok(Amount::parse("amount", s))
}

fn item(article: &str, qty: &str, price: &str) -> CaseItem {
    CaseItem::new(article, amount(qty), amount(price))
}

struct World<S> {
    s: Service<S>,
    anna: Actor,
    bob: Actor,
    org: ContactId,
    jan: ContactId,
}

/// anna (admin), bob; a business organisation with a person working there.
fn world<S: Store>(store: S) -> World<S> {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Hurtownia Żak"),
    ));
    let mut p = ContactData::person("Jan", "Żak");
    p.org_id = Some(org.id);
    let jan = ok(s.create(&anna, BookKind::Business, p));
    World {
        s,
        anna,
        bob,
        org: org.id,
        jan: jan.id,
    }
}

fn case_for<S: Store>(w: &World<S>, title: &str, responsible: UserId) -> CaseData {
    CaseData::new(title, w.org, responsible, day(2026, 11, 2))
}

/// A history entry is changed (kind, time, text; its files stay) by its author or an
/// admin; the kind joins the picklist; the client's last contact follows the new time.
pub fn history_entries_are_changed_by_their_author_or_an_admin<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let by_bob = ok(s.add_history(
        &w.bob,
        w.org,
        "telefon",
        "Pytał o ceny",
        Some(at(2026, 8, 1, 9)),
        vec![("oferta.txt".into(), "text/plain".into(), b"oferta".to_vec())],
    ));
    let by_anna = ok(s.add_history(
        &w.anna,
        w.org,
        "telefon",
        "Umówiony",
        Some(at(2026, 7, 1, 9)),
        vec![],
    ));
    let changed = ok(s.update_history(
        &w.bob,
        by_bob.id,
        "Spotkanie",
        "Pytał o ceny i terminy",
        at(2026, 9, 2, 11),
    ));
    assert_eq!(changed.kind, "Spotkanie");
    assert_eq!(changed.text, "Pytał o ceny i terminy");
    assert_eq!(changed.at, at(2026, 9, 2, 11));
    assert_eq!(changed.author, w.bob.id());
    assert_eq!(changed.files, by_bob.files, "its files stay");
    assert!(ok(s.history_kinds()).iter().any(|(k, _)| k == "Spotkanie"));
    let facts = ok(s.client_facts(&w.anna, &[w.org]));
    assert_eq!(facts[0].1.last_contact, Some(at(2026, 9, 2, 11)));
    // Bob may not change anna's entry; anna (an admin) may change bob's.
    assert!(matches!(
        s.update_history(&w.bob, by_anna.id, "telefon", "x", at(2026, 7, 1, 9)),
        Err(Error::Forbidden(_))
    ));
    ok(s.update_history(
        &w.anna,
        by_bob.id,
        "telefon",
        "Poprawione",
        at(2026, 6, 1, 8),
    ));
    let facts = ok(s.client_facts(&w.anna, &[w.org]));
    assert_eq!(facts[0].1.last_contact, Some(at(2026, 7, 1, 9)));
    assert!(matches!(
        s.update_history(&w.anna, by_bob.id, "  ", "x", at(2026, 6, 1, 8)),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(ok(s.history_entry(&w.anna, by_bob.id)).text, "Poprawione");
}

/// History kinds grow from what users type; the timeline is newest first; the last
/// contact date follows from it and filters lists.
pub fn history_grows_its_kinds_and_reads_newest_first<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let quiet = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Cicha Sp. z o.o."),
    ));
    ok(s.create(
        &w.anna,
        BookKind::Private,
        ContactData::person("Ola", "Prywatna"),
    ));
    let e1 = ok(s.add_history(
        &w.anna,
        w.org,
        "Telefon",
        "Pytał o ceny",
        Some(at(2026, 8, 1, 9)),
        vec![],
    ));
    let e2 = ok(s.add_history(
        &w.bob,
        w.org,
        "spotkanie",
        "Prezentacja oferty",
        Some(at(2026, 11, 20, 10)),
        vec![(
            "/tmp/oferta.pdf".into(),
            "application/pdf".into(),
            b"%PDF-1.4 oferta".to_vec(),
        )],
    ));
    let e3 = ok(s.add_history(&w.bob, w.org, "TELEFON", "", None, vec![]));
    assert_eq!(e3.kind, "Telefon", "a kind typed again is the same kind");
    assert_eq!(e3.at, s.now());
    assert_eq!(e2.author, w.bob.id());
    assert!(matches!(
        s.add_history(&w.anna, w.org, "  ", "x", None, vec![]),
        Err(Error::Invalid { .. })
    ));
    let timeline: Vec<_> = ok(s.history(&w.anna, w.org))
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(timeline, [e3.id, e2.id, e1.id]);
    assert_eq!(
        ok(s.history_kinds()),
        [("Telefon".to_string(), 2), ("spotkanie".to_string(), 1)]
    );
    let f = &ok(s.history_entry(&w.anna, e2.id)).files[0];
    assert_eq!((f.name.as_str(), f.size), ("oferta.pdf", 15));
    assert_eq!(ok(s.history_file(&w.anna, f.id)).1, b"%PDF-1.4 oferta");
    assert_eq!(ok(s.last_contact(&w.anna, w.org)), Some(s.now()));
    assert_eq!(ok(s.last_contact(&w.anna, quiet.id)), None);
    let not_contacted = |days: i64| -> Vec<String> {
        ok(s.list(
            &w.anna,
            &ListFilter {
                not_contacted_for: Some(chrono::Duration::days(days)),
                ..ListFilter::default()
            },
        ))
        .into_iter()
        .map(|c| c.data.display_name())
        .collect()
    };
    // Jan and Cicha were never contacted; the private contact is not a client.
    assert_eq!(not_contacted(90), ["Cicha Sp. z o.o.", "Jan Żak"]);
    ok(s.remove_history(&w.bob, e3.id));
    ok(s.remove_history(&w.bob, e2.id));
    assert_eq!(ok(s.last_contact(&w.anna, w.org)), Some(at(2026, 8, 1, 9)));
    assert_eq!(
        not_contacted(90),
        ["Cicha Sp. z o.o.", "Hurtownia Żak", "Jan Żak"]
    );
    assert_eq!(
        ok(s.count(
            &w.anna,
            &ListFilter {
                not_contacted_for: Some(chrono::Duration::days(200)),
                ..ListFilter::default()
            }
        )),
        2
    );
    assert!(matches!(
        s.remove_history(&w.bob, e1.id),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.history_file(&w.anna, f.id),
        Err(Error::NotFound { .. })
    ));
}

/// A private contact is "not found" as a history target, counterparty or person, for
/// its owner and for anyone else.
pub fn private_contacts_have_no_cases_or_history<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let private_org = ok(s.create(
        &w.anna,
        BookKind::Private,
        ContactData::organisation("Moja Firma"),
    ));
    let mut p = ContactData::person("Ewa", "Prywatna");
    p.org_id = Some(private_org.id);
    let private_person = ok(s.create(&w.anna, BookKind::Private, p));
    for who in [&w.anna, &w.bob] {
        let nf = |r: crate::Result<()>| assert!(matches!(r, Err(Error::NotFound { .. })), "{r:?}");
        nf(
            s.add_history(who, private_org.id, "telefon", "x", None, vec![])
                .map(|_| ()),
        );
        nf(s.history(who, private_org.id).map(|_| ()));
        nf(s.last_contact(who, private_org.id).map(|_| ()));
        nf(s.set_account_manager(who, private_org.id, Some(who.id())));
        nf(s.create_case(
            who,
            CaseData::new("x", private_org.id, who.id(), day(2026, 1, 1)),
        )
        .map(|_| ()));
        let mut d = case_for(&w, "x", who.id());
        d.person = Some(private_person.id);
        nf(s.create_case(who, d).map(|_| ()));
    }
    assert_eq!(ok(s.count_cases(&w.anna, &CaseQuery::default())), 0);
    assert!(
        ok(s.history_kinds()).is_empty(),
        "nothing written, not even a kind"
    );
}

/// A contact person for a private-person counterparty, a person from another organisation, a negative
/// quantity, an unknown user: refused with a clear message, nothing written.
pub fn bad_cases_are_refused_and_write_nothing<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Inna"),
    ));
    let mut p = ContactData::person("Obcy", "Pracownik");
    p.org_id = Some(other.id);
    let stranger = ok(s.create(&w.anna, BookKind::Business, p));
    let invalid = |d: CaseData, field: &str| match s.create_case(&w.anna, d) {
        Err(Error::Invalid { field: f, reason }) => {
            assert_eq!(f, field, "{reason}");
            reason
        }
        other => panic!("expected invalid {field}, got {other:?}"),
    };
    let mut d = CaseData::new("x", w.jan, w.anna.id(), day(2026, 1, 1));
    d.person = Some(w.jan);
    let reason = invalid(d, "person");
    assert!(reason.contains("belongs to an organisation"), "{reason}");
    let mut d = case_for(&w, "x", w.anna.id());
    d.person = Some(stranger.id);
    let reason = invalid(d, "person");
    assert!(
        reason.contains("does not work at Hurtownia Żak"),
        "{reason}"
    );
    invalid(case_for(&w, "x", UserId(9999)), "responsible");
    let mut d = case_for(&w, "x", w.anna.id());
    d.kind = Some(crate::ids::LabelId(9999));
    invalid(d, "kind");
    let mut d = case_for(&w, "x", w.anna.id());
    d.items.push(item("", "1", "1"));
    invalid(d, "article");
    match Amount::parse("quantity", "-2") {
        Err(Error::Invalid { field, reason }) => {
            assert_eq!(field, "quantity");
            assert!(reason.contains("negative"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(Amount::new("price", rust_decimal::Decimal::new(-1, 2)).is_err());
    assert_eq!(ok(s.count_cases(&w.anna, &CaseQuery::default())), 0);
    // A valid case with a valid person goes in.
    let mut d = case_for(&w, "ok", w.anna.id());
    d.person = Some(w.jan);
    ok(s.create_case(&w.anna, d));
    assert_eq!(ok(s.count_cases(&w.anna, &CaseQuery::default())), 1);
}

/// Numbers are unique per year, in order, with the configured prefix.
pub fn case_numbers_count_per_year_with_a_prefix<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let n = |d: CaseData| ok(s.create_case(&w.anna, d)).number;
    assert_eq!(n(case_for(&w, "a", w.anna.id())), "2026/0001");
    assert_eq!(n(case_for(&w, "b", w.anna.id())), "2026/0002");
    assert_eq!(
        n(CaseData::new("c", w.org, w.anna.id(), day(2025, 12, 31))),
        "2025/0001"
    );
    ok(s.set_setting(&w.anna, crate::case::NUMBER_PREFIX_SETTING, "ZK/"));
    assert_eq!(n(case_for(&w, "d", w.bob.id())), "ZK/2026/0003");
    let found = ok(s.find_case(&w.bob, "ZK/2026/0003"));
    assert_eq!(found.data.title, "d");
    assert_eq!(
        ok(s.find_case(&w.bob, &found.id.to_string())).number,
        "ZK/2026/0003"
    );
    assert!(matches!(
        s.find_case(&w.bob, "2026/0099"),
        Err(Error::NotFound { .. })
    ));
    let listed: Vec<String> = ok(s.cases(&w.anna, &CaseQuery::default()))
        .into_iter()
        .map(|c| c.number)
        .collect();
    assert_eq!(
        listed,
        ["ZK/2026/0003", "2026/0002", "2026/0001", "2025/0001"]
    );
}

/// Every field of a case comes back; totals are exact per currency.
pub fn a_case_round_trips_with_exact_totals<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let kind = ok(s.add_label(&w.anna, ListKind::CaseKind, "Proces klienta"));
    let mut d = case_for(&w, "Dostawa papieru", w.bob.id());
    d.external_number = "ZAM/77/2026".into();
    d.person = Some(w.jan);
    d.deadline = Some(day(2026, 12, 15));
    d.priority = Priority::High;
    d.kind = Some(kind.id);
    d.only_listed_articles = true;
    let mut a4 = item("Papier A4", "2.5", "3,333");
    a4.unit = "ryza".into();
    a4.payment = "przelew 14 dni".into();
    let mut eur = item("Serwis", "1", "100");
    eur.currency = ok(Currency::parse("eur"));
    d.items = vec![a4, item("Toner", "3", "0.1"), eur];
    let c = ok(s.create_case(&w.anna, d.clone()));
    let back = ok(s.case(&w.bob, c.id));
    assert_eq!(back.data, d);
    assert_eq!(back.status, CaseStatus::Open);
    assert_eq!((back.meta.version, back.meta.created_by), (1, w.anna.id()));
    let totals: Vec<String> = ok(back.totals())
        .iter()
        .map(|(c, v)| format!("{c} {v}"))
        .collect();
    assert_eq!(totals, ["EUR 100", "PLN 8.6325"]);
    let view = ok(s.open_case(&w.bob, c.id));
    assert_eq!(view.counterparty.id, w.org);
    assert_eq!(view.person.map(|p| p.id), Some(w.jan));
    assert_eq!(view.responsible.name, "bob");
    assert_eq!(view.kind.map(|k| k.name).as_deref(), Some("Proces klienta"));
    let c = ok(s.update_case_item(&w.anna, c.id, 2, item("Toner XL", "1", "250")));
    let c = ok(s.remove_case_item(&w.anna, c.id, 3));
    let c = ok(s.add_case_item(&w.anna, c.id, item("Zszywacz", "10", "12.99")));
    assert_eq!(c.meta.version, 4);
    let back = ok(s.case(&w.anna, c.id));
    assert_eq!(
        back.data
            .items
            .iter()
            .map(|i| i.article.as_str())
            .collect::<Vec<_>>(),
        ["Papier A4", "Toner XL", "Zszywacz"]
    );
    assert_eq!(ok(back.totals())[0].1.to_string(), "388.2325");
    assert!(matches!(
        s.remove_case_item(&w.anna, c.id, 9),
        Err(Error::Invalid { .. })
    ));
    // A kind in use stays (issue 13: removed only when unused).
    assert!(matches!(
        s.remove_label(&w.anna, ListKind::CaseKind, "proces klienta", true),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(ok(s.case(&w.anna, c.id)).data.kind, Some(kind.id));
}

/// Closing records who and when; a closed case refuses edits until reopened; a stale
/// version conflicts and writes nothing.
pub fn closed_cases_refuse_edits_and_stale_edits_conflict<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let c = ok(s.create_case(&w.anna, case_for(&w, "Umowa", w.anna.id())));
    let v2 = ok(s.modify_case(&w.bob, c.id, |d| {
        d.priority = Priority::Low;
        Ok(())
    }));
    assert_eq!((v2.meta.version, v2.meta.updated_by), (2, w.bob.id()));
    let stale = s.update_case(&w.anna, c.id, 1, case_for(&w, "Nadpisana", w.anna.id()));
    assert!(matches!(stale, Err(Error::Conflict(_))), "{stale:?}");
    assert_eq!(ok(s.case(&w.anna, c.id)).data.title, "Umowa");
    assert!(matches!(
        s.close_case(&w.bob, c.id, 1),
        Err(Error::Conflict(_))
    ));
    let closed = ok(s.close_case(&w.bob, c.id, 2));
    assert_eq!(
        closed.status,
        CaseStatus::Closed {
            by: w.bob.id(),
            at: s.now()
        }
    );
    assert_eq!(ok(s.case(&w.anna, c.id)).status, closed.status);
    let refused = |r: crate::Result<()>| match r {
        Err(Error::Invalid { reason, .. }) => assert!(reason.contains("is closed"), "{reason}"),
        other => panic!("{other:?}"),
    };
    refused(
        s.update_case(&w.anna, c.id, 3, case_for(&w, "Zmiana", w.anna.id()))
            .map(|_| ()),
    );
    refused(
        s.add_case_item(&w.anna, c.id, item("X", "1", "1"))
            .map(|_| ()),
    );
    refused(
        s.add_detail(
            &w.anna,
            c.id,
            None,
            DetailInput::Note {
                kind: "".into(),
                text: "x".into(),
            },
        )
        .map(|_| ()),
    );
    refused(s.close_case(&w.anna, c.id, 3).map(|_| ()));
    assert_eq!(ok(s.case(&w.anna, c.id)).meta.version, 3);
    assert_eq!(
        ok(s.count_cases(
            &w.anna,
            &CaseQuery {
                open: Some(false),
                ..CaseQuery::default()
            }
        )),
        1
    );
    let reopened = ok(s.reopen_case(&w.anna, c.id, 3));
    assert_eq!(reopened.status, CaseStatus::Open);
    ok(s.update_case(&w.anna, c.id, 4, case_for(&w, "Zmiana", w.anna.id())));
    assert_eq!(ok(s.case(&w.bob, c.id)).data.title, "Zmiana");
}

/// Notes, document references and files: add, open, edit, remove; time order; the
/// timeline merges the counterparty's history.
pub fn details_keep_time_order_and_the_timeline_merges_history<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let c = ok(s.create_case(&w.anna, case_for(&w, "Oferta", w.anna.id())));
    let file = ok(s.add_detail(
        &w.bob,
        c.id,
        Some(at(2026, 11, 10, 8)),
        DetailInput::File {
            name: "C:\\skany\\fax.pdf".into(),
            media_type: "application/pdf".into(),
            note: "fax od klienta".into(),
            bytes: Some(vec![7u8; 5000]),
        },
    ));
    let note = ok(s.add_detail(
        &w.anna,
        c.id,
        Some(at(2026, 11, 3, 8)),
        DetailInput::Note {
            kind: "Telefon".into(),
            text: "Klient oddzwoni".into(),
        },
    ));
    let doc = ok(s.add_detail(
        &w.anna,
        c.id,
        None,
        DetailInput::Document {
            kind: "Faktura VAT".into(),
            symbol: "FV 12/2026".into(),
            content: "Zaliczka".into(),
            next_number: false,
        },
    ));
    ok(s.add_history(
        &w.bob,
        w.org,
        "spotkanie",
        "Negocjacje",
        Some(at(2026, 11, 5, 12)),
        vec![],
    ));
    assert!(matches!(
        s.add_detail(
            &w.anna,
            c.id,
            None,
            DetailInput::File {
                name: "x".into(),
                media_type: "".into(),
                note: "".into(),
                bytes: None
            }
        ),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.add_detail(
            &w.anna,
            c.id,
            None,
            DetailInput::Note {
                kind: "x".into(),
                text: " ".into()
            }
        ),
        Err(Error::Invalid { .. })
    ));
    let order: Vec<_> = ok(s.details(&w.anna, c.id))
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(order, [note.id, file.id, doc.id]);
    let (opened, bytes) = ok(s.detail(&w.anna, file.id));
    assert_eq!(
        opened.body,
        DetailBody::File {
            name: "fax.pdf".into(),
            media_type: "application/pdf".into(),
            note: "fax od klienta".into()
        }
    );
    assert_eq!((opened.size, bytes.map(|b| b.len())), (5000, Some(5000)));
    assert_eq!(ok(s.note_kinds()), ["Telefon"]);
    assert_eq!(ok(s.document_kinds()), ["Faktura VAT"]);
    let timeline: Vec<String> = ok(s.case_timeline(&w.anna, c.id))
        .into_iter()
        .map(|e| match e {
            TimelineEntry::Detail(d) => d.body.activity_key(),
            TimelineEntry::History(h) => format!("history: {}", h.kind),
        })
        .collect();
    assert_eq!(
        timeline,
        [
            "note: Telefon",
            "history: spotkanie",
            "file",
            "document: Faktura VAT"
        ]
    );
    // Edit: the date moves it, the file keeps its bytes; a stale edit conflicts.
    let edited = ok(s.update_detail(
        &w.bob,
        file.id,
        1,
        Some(at(2026, 11, 1, 8)),
        DetailInput::File {
            name: "fax2.pdf".into(),
            media_type: "application/pdf".into(),
            note: "".into(),
            bytes: None,
        },
    ));
    assert_eq!((edited.meta.version, edited.size), (2, 5000));
    assert_eq!(
        ok(s.detail(&w.anna, file.id)).1.map(|b| b.len()),
        Some(5000)
    );
    assert!(matches!(
        s.update_detail(
            &w.anna,
            file.id,
            1,
            None,
            DetailInput::File {
                name: "x".into(),
                media_type: "".into(),
                note: "".into(),
                bytes: Some(vec![1])
            }
        ),
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        s.update_detail(
            &w.anna,
            note.id,
            1,
            None,
            DetailInput::Document {
                kind: "x".into(),
                symbol: "".into(),
                content: "".into(),
                next_number: false,
            }
        ),
        Err(Error::Invalid { .. })
    ));
    ok(s.update_detail(
        &w.anna,
        note.id,
        1,
        None,
        DetailInput::Note {
            kind: "telefon".into(),
            text: "Oddzwonił".into(),
        },
    ));
    let order: Vec<_> = ok(s.details(&w.anna, c.id))
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(order, [file.id, note.id, doc.id]);
    ok(s.remove_detail(&w.anna, doc.id));
    assert!(matches!(
        s.detail(&w.anna, doc.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ok(s.details(&w.anna, c.id)).len(), 2);
    assert_eq!(ok(s.open_case(&w.anna, c.id)).timeline.len(), 3);
    ok(s.delete_case(&w.anna, c.id));
    assert!(matches!(
        s.detail(&w.anna, note.id),
        Err(Error::NotFound { .. })
    ));
}

/// The forecast sums open cases by month, employee and kind; activity counts per user;
/// overdue lists open cases past their deadline.
pub fn reports_forecast_activity_overdue<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let service_kind = ok(s.add_label(&w.anna, ListKind::CaseKind, "Serwis"));
    let mk = |title: &str, who: &Actor, deadline: Option<NaiveDate>, items: Vec<CaseItem>| {
        let mut d = case_for(&w, title, who.id());
        d.deadline = deadline;
        d.items = items;
        if title.starts_with('S') {
            d.kind = Some(service_kind.id);
        }
        ok(s.create_case(who, d))
    };
    mk(
        "A",
        &w.anna,
        Some(day(2026, 12, 1)),
        vec![item("a", "2", "10.005")],
    );
    mk(
        "S1",
        &w.bob,
        Some(day(2026, 12, 31)),
        vec![item("b", "1", "0.01")],
    );
    let late = mk(
        "S2",
        &w.bob,
        Some(day(2026, 11, 1)),
        vec![item("c", "3", "1")],
    );
    mk("N", &w.anna, None, vec![]);
    let done = mk(
        "D",
        &w.anna,
        Some(day(2026, 10, 1)),
        vec![item("d", "100", "100")],
    );
    ok(s.close_case(&w.anna, done.id, 1));
    ok(s.add_history(
        &w.anna,
        w.org,
        "telefon",
        "",
        Some(at(2026, 11, 20, 9)),
        vec![],
    ));
    ok(s.add_history(
        &w.anna,
        w.org,
        "telefon",
        "",
        Some(at(2026, 11, 21, 9)),
        vec![],
    ));
    ok(s.add_history(&w.bob, w.org, "e-mail", "", Some(at(2026, 1, 1, 9)), vec![]));
    ok(s.add_detail(
        &w.bob,
        late.id,
        Some(at(2026, 11, 22, 9)),
        DetailInput::Note {
            kind: "telefon".into(),
            text: "x".into(),
        },
    ));

    let f = ok(s.forecast(&w.anna));
    let show = |rows: &[crate::service::ForecastRow]| -> Vec<String> {
        rows.iter()
            .map(|r| format!("{}|{}|{}|{}", r.key, r.currency, r.value, r.cases))
            .collect()
    };
    assert_eq!(f.open_cases, 4);
    assert_eq!(
        show(&f.by_month),
        ["2026-11|PLN|3|1", "2026-12|PLN|20.020|2"]
    );
    assert_eq!(
        show(&f.by_employee),
        ["anna|PLN|20.010|1", "bob|PLN|3.01|2"]
    );
    assert_eq!(show(&f.by_kind), ["Serwis|PLN|3.01|2", "|PLN|20.010|1"]);
    assert_eq!(crate::money::display(f.total[0].1), "23.02");

    let a = ok(s.activity(&w.anna, day(2026, 11, 1), day(2026, 11, 30)));
    let rows: Vec<String> = a
        .iter()
        .map(|r| {
            format!(
                "{} h{:?} d{:?} +{} -{}",
                r.user, r.history, r.details, r.cases_opened, r.cases_closed
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "anna h{\"telefon\": 2} d{} +3 -1",
            "bob h{} d{\"note: telefon\": 1} +2 -0"
        ]
    );
    assert!(matches!(
        s.activity(&w.anna, day(2026, 12, 1), day(2026, 11, 1)),
        Err(Error::Invalid { .. })
    ));

    let overdue = ok(s.overdue_cases(&w.anna, day(2026, 11, 23)));
    assert_eq!(
        overdue
            .iter()
            .map(|o| (
                o.case.number.as_str(),
                o.days_overdue,
                o.responsible.as_str(),
                o.counterparty.as_str()
            ))
            .collect::<Vec<_>>(),
        [("2026/0003", 22, "bob", "Hurtownia Żak")]
    );
}

/// Takeover moves every open case and client of one user to another, writes a history
/// entry per client, and changes nothing when refused.
pub fn takeover_is_all_or_nothing<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let carol = ok(s.local_actor("carol"));
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Druga"),
    ));
    let c1 = ok(s.create_case(&w.anna, case_for(&w, "1", w.bob.id())));
    let c2 = ok(s.create_case(&w.anna, case_for(&w, "2", w.bob.id())));
    let c3 = ok(s.create_case(&w.anna, case_for(&w, "3", w.bob.id())));
    ok(s.close_case(&w.anna, c3.id, 1));
    let c4 = ok(s.create_case(&w.anna, case_for(&w, "4", w.anna.id())));
    ok(s.set_account_manager(&w.anna, other.id, Some(w.bob.id())));
    let call = ok(s.remind(&w.anna, w.org, at(2026, 12, 1, 9), "Zadzwonić", Some("bob")));
    let done = ok(s.remind(&w.anna, w.org, at(2026, 12, 2, 9), "Zrobione", Some("bob")));
    ok(s.done_reminder(&w.bob, done.id));
    let snapshot = |s: &Service<S>| {
        (
            ok(s.cases(&w.anna, &CaseQuery::default())),
            ok(s.clients_of(&w.anna, w.bob.id())).len(),
            ok(s.history(&w.anna, w.org)).len(),
        )
    };
    let before = snapshot(s);
    assert!(matches!(
        s.takeover(&w.bob, "bob", "carol"),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        s.takeover(&w.anna, "bob", "nobody"),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.takeover(&w.anna, "bob", "bob"),
        Err(Error::Invalid { .. })
    ));
    ok(s.update_user(&w.anna, "carol", |u| u.disabled = true));
    assert!(matches!(
        s.takeover(&w.anna, "bob", "carol"),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(snapshot(s), before, "a refused takeover changes nothing");
    ok(s.update_user(&w.anna, "carol", |u| u.disabled = false));
    // bob leaves: disabled users can still be taken over from.
    ok(s.update_user(&w.anna, "bob", |u| u.disabled = true));
    ok(s.set_setting(&w.anna, "language", "en"));
    let preview = ok(s.takeover_preview(&w.anna, "bob", "carol"));
    assert_eq!(snapshot(s), before, "a preview changes nothing");
    let r = ok(s.takeover(&w.anna, "bob", "carol"));
    assert_eq!(
        (&preview.cases, &preview.clients, &preview.reminders),
        (&r.cases, &r.clients, &r.reminders),
        "the preview shows what moves"
    );
    assert_eq!(
        r.cases.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["2026/0002", "2026/0001"]
    );
    assert_eq!(r.clients, [other.id]);
    assert_eq!(r.reminders, [call.id]);
    assert_eq!(
        ok(s.reminder(&w.anna, call.id)).assignee.as_deref(),
        Some("carol")
    );
    assert_eq!(
        ok(s.reminder(&w.anna, done.id)).assignee.as_deref(),
        Some("bob"),
        "a done reminder stays as it was"
    );
    assert_eq!(r.history_entries.len(), 2);
    let owner = |id| ok(s.case(&w.anna, id)).data.responsible;
    assert_eq!(
        (owner(c1.id), owner(c2.id), owner(c3.id), owner(c4.id)),
        (carol.id(), carol.id(), w.bob.id(), w.anna.id())
    );
    assert_eq!(ok(s.case(&w.anna, c1.id)).meta.version, 2);
    assert_eq!(
        ok(s.account_manager(&w.anna, other.id))
            .map(|u| u.name)
            .as_deref(),
        Some("carol")
    );
    let h = ok(s.history(&w.anna, w.org));
    assert_eq!(h[0].kind, "takeover");
    assert_eq!(
        h[0].text,
        "Handed over from bob to carol: cases 2026/0002, 2026/0001; 1 open reminder."
    );
    assert_eq!(
        ok(s.history(&w.anna, other.id))[0].text,
        "Handed over from bob to carol: responsibility for the client."
    );
    let again = ok(s.takeover(&w.anna, "bob", "carol"));
    assert_eq!(again, crate::service::TakeoverReport::default());
}

/// A contact that cases name cannot be removed or change kind; removing a client takes
/// its history with it.
pub fn contacts_named_by_cases_stay<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let lone = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Samotna"),
    ));
    ok(s.add_history(
        &w.anna,
        lone.id,
        "telefon",
        "",
        None,
        vec![("a.txt".into(), "text/plain".into(), b"hej".to_vec())],
    ));
    let mut d = case_for(&w, "x", w.anna.id());
    d.person = Some(w.jan);
    let c = ok(s.create_case(&w.anna, d));
    assert!(matches!(
        s.delete(&w.anna, w.org),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.delete(&w.anna, w.jan),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.modify(&w.anna, w.org, |d| {
            d.kind = crate::model::ContactKind::Person;
            d.name.given = "Już".into();
            Ok(())
        }),
        Err(Error::Invalid { .. })
    ));
    ok(s.delete_case(&w.anna, c.id));
    ok(s.delete(&w.anna, w.jan));
    ok(s.delete(&w.anna, lone.id));
    assert!(matches!(
        s.history(&w.anna, lone.id),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ok(s.history_kinds()), [("telefon".to_string(), 0)]);
}

/// Open cases' deadlines are in the day plan on their day, overdue ones too; closed cases,
/// cases without a deadline and deadlines after the range stay out.
pub fn case_deadlines_join_the_day_plan<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let now = s.now(); // 2026-11-23 12:00 UTC
    let mk = |title: &str, deadline: Option<NaiveDate>| {
        let mut d = case_for(&w, title, w.bob.id());
        d.deadline = deadline;
        ok(s.create_case(&w.anna, d))
    };
    mk("Late", Some(day(2026, 11, 20)));
    mk("Tomorrow", Some(day(2026, 11, 24)));
    mk("After", Some(day(2026, 11, 25)));
    mk("None", None);
    let closed = mk("Closed", Some(day(2026, 11, 23)));
    ok(s.close_case(&w.anna, closed.id, closed.meta.version));
    let plan = ok(s.agenda(&w.bob, day(2026, 11, 23), 2, now));
    let lines: Vec<String> = plan
        .iter()
        .filter_map(|i| match &i.entry {
            crate::service::AgendaEntry::CaseDeadline {
                number,
                title,
                counterparty,
                responsible,
                overdue,
                ..
            } => Some(format!(
                "{} {number} {title} {counterparty} {responsible} {overdue}",
                i.date
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines,
        [
            "2026-11-20 2026/0001 Late Hurtownia Żak bob true",
            "2026-11-24 2026/0002 Tomorrow Hurtownia Żak bob false",
        ]
    );
    // A window starting tomorrow still shows the overdue case, and tomorrow's.
    let next = ok(s.agenda(&w.anna, day(2026, 11, 24), 1, now));
    assert_eq!(
        next.iter()
            .filter(|i| matches!(i.entry, crate::service::AgendaEntry::CaseDeadline { .. }))
            .count(),
        2
    );
}

/// Account managers: only business contacts, only enabled users; set one by one or in
/// bulk (all or nothing); lists filter on them; a takeover writes Polish history by
/// default and moves the clients.
pub fn account_managers_are_set_filtered_and_taken_over<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let carol = ok(s.local_actor("carol"));
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Druga"),
    ));
    let private = ok(s.create(
        &w.bob,
        BookKind::Private,
        ContactData::person("Ola", "Prywatna"),
    ));
    // A private contact is not found, for its owner too; nothing of the batch is written.
    assert!(matches!(
        s.set_account_managers(&w.bob, &[w.org, private.id], Some(w.bob.id())),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ok(s.account_manager(&w.anna, w.org)), None);
    assert!(matches!(
        s.set_account_managers(&w.anna, &[], Some(w.bob.id())),
        Err(Error::Invalid { .. })
    ));
    ok(s.update_user(&w.anna, "carol", |u| u.disabled = true));
    match s.set_account_managers(&w.anna, &[w.org], Some(carol.id())) {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "account manager"),
        other => panic!("a disabled manager: {other:?}"),
    }
    ok(s.update_user(&w.anna, "carol", |u| u.disabled = false));
    assert_eq!(
        ok(s.set_account_managers(&w.anna, &[w.org, other.id, w.jan], Some(w.bob.id()))),
        3
    );
    assert_eq!(
        ok(s.set_account_managers(&w.anna, &[w.org], Some(w.bob.id()))),
        0,
        "nothing changes twice"
    );
    ok(s.set_account_manager(&w.anna, w.jan, None));
    let of_bob = |s: &Service<S>, who: &Actor| -> Vec<ContactId> {
        ok(s.list(
            who,
            &ListFilter {
                account_manager: Some(w.bob.id()),
                ..ListFilter::default()
            },
        ))
        .iter()
        .map(|c| c.id)
        .collect()
    };
    assert_eq!(of_bob(s, &w.bob), [other.id, w.org]);
    assert_eq!(
        ok(s.count(
            &w.bob,
            &ListFilter {
                account_manager: Some(w.bob.id()),
                ..ListFilter::default()
            }
        )),
        2
    );
    ok(s.add_history(
        &w.anna,
        w.org,
        "telefon",
        "x",
        Some(at(2026, 11, 5, 10)),
        vec![],
    ));
    let facts = ok(s.client_facts(&w.bob, &[w.org, private.id, w.jan]));
    assert_eq!(facts.len(), 2, "the private contact is left out");
    assert_eq!(facts[0].0, w.org);
    assert_eq!(
        facts[0].1.manager.as_ref().map(|u| u.name.as_str()),
        Some("bob")
    );
    assert_eq!(facts[0].1.last_contact, Some(at(2026, 11, 5, 10)));
    assert_eq!(facts[1].1, crate::service::ClientFacts::default());
    // Takeover in the installation's language: English while none was chosen.
    let r = ok(s.takeover(&w.anna, "bob", "carol"));
    assert_eq!(r.clients.len(), 2);
    assert_eq!(of_bob(s, &w.anna), Vec::<ContactId>::new());
    let h = ok(s.history(&w.anna, other.id));
    assert_eq!(
        (h[0].kind.as_str(), h[0].text.as_str()),
        (
            "takeover",
            "Handed over from bob to carol: responsibility for the client."
        )
    );
}

/// A natural person may have a NIP and be a case counterparty (without a contact
/// person); a person working at a firm shows the firm's name, also after a rename.
pub fn people_of_companies_and_sole_traders<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let mut trader = ContactData::person("Adam", "Kowalski");
    trader.nip = Some(ok(crate::model::Nip::parse("5260001246")));
    let trader = ok(s.create(&w.anna, BookKind::Business, trader));
    let c = ok(s.create_case(
        &w.anna,
        CaseData::new("Okna", trader.id, w.anna.id(), day(2026, 11, 2)),
    ));
    assert_eq!(c.data.counterparty, trader.id);
    assert_eq!(ok(s.get(&w.anna, w.jan)).data.org_name, "Hurtownia Żak");
    assert_eq!(ok(s.search(&w.anna, "hurtownia", None, 10)).len(), 2);
    let org = ok(s.get(&w.anna, w.org));
    ok(s.update(
        &w.anna,
        w.org,
        org.meta.version,
        ContactData::organisation("Hurtownia Żak i Syn"),
    ));
    let jan = ok(s.get(&w.anna, w.jan));
    assert_eq!(
        (jan.data.org_name.as_str(), jan.meta.version),
        ("Hurtownia Żak i Syn", 2)
    );
    let people = ok(s.people_of(&w.bob, w.org));
    assert_eq!(people.iter().map(|p| p.id).collect::<Vec<_>>(), [w.jan]);
    assert!(
        ok(s.people_of(&w.bob, w.jan)).is_empty(),
        "a person has no people"
    );
    let private = ok(s.create(
        &w.anna,
        BookKind::Private,
        ContactData::organisation("Moja"),
    ));
    assert!(matches!(
        s.people_of(&w.bob, private.id),
        Err(Error::NotFound { .. })
    ));
}

/// Case numbers follow the configured pattern; a number typed by hand is read against it
/// (leading zeros put back), the next one counts on from the highest, and a used number
/// is an error naming the field `number`.
pub fn case_numbers_follow_the_pattern_and_can_be_typed<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    assert_eq!(ok(s.next_case_number(&w.bob, day(2026, 5, 1))), "2026/0001");
    let typed = ok(s.create_case_numbered(&w.bob, case_for(&w, "a", w.bob.id()), Some("2026/7")));
    assert_eq!(typed.number, "2026/0007");
    assert_eq!(ok(s.next_case_number(&w.bob, day(2026, 5, 1))), "2026/0008");
    assert_eq!(
        ok(s.create_case(&w.bob, case_for(&w, "b", w.bob.id()))).number,
        "2026/0008"
    );
    for (number, why) in [
        ("2026/0007", "already used"),
        ("2026/07", "already used"),
        ("26-7", "pattern"),
    ] {
        match s.create_case_numbered(&w.bob, case_for(&w, "c", w.bob.id()), Some(number)) {
            Err(Error::Invalid { field, reason }) => {
                assert_eq!(field, "number");
                assert!(reason.contains(why), "{number}: {reason}");
            }
            other => panic!("{number}: {other:?}"),
        }
    }
    assert!(matches!(
        s.set_setting(&w.anna, crate::case::NUMBER_PATTERN_SETTING, "NNNN/NN"),
        Err(Error::Invalid { .. })
    ));
    ok(s.set_setting(&w.anna, crate::case::NUMBER_PATTERN_SETTING, "ZK/NNNNN"));
    assert_eq!(ok(s.case_number_pattern()).as_str(), "ZK/NNNNN");
    assert_eq!(
        ok(s.create_case(&w.bob, case_for(&w, "d", w.bob.id()))).number,
        "ZK/00001"
    );
    let mut next_year = case_for(&w, "e", w.bob.id());
    next_year.registered_on = day(2027, 1, 2);
    // Without a year in the pattern the sequence runs on.
    assert_eq!(ok(s.create_case(&w.bob, next_year)).number, "ZK/00002");
    assert_eq!(ok(s.find_case(&w.anna, "ZK/00002")).data.title, "e");
    assert_eq!(ok(s.cases(&w.anna, &CaseQuery::default())).len(), 4);
}

/// Case kinds are added, renamed and removed only while no case has them.
pub fn case_kinds_are_managed_and_removed_only_when_unused<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let k = ok(s.add_case_kind(&w.bob, "Proces klienta"));
    assert!(matches!(
        s.add_case_kind(&w.bob, "proces KLIENTA"),
        Err(Error::Invalid { ref field, .. }) if field == "name"
    ));
    assert!(matches!(
        s.add_case_kind(&w.bob, &"x".repeat(101)),
        Err(Error::Invalid { .. })
    ));
    let spare = ok(s.add_case_kind(&w.bob, "Serwis"));
    assert!(matches!(
        s.rename_case_kind(&w.bob, "Serwis", "Proces klienta"),
        Err(Error::Invalid { .. })
    ));
    let mut d = case_for(&w, "a", w.bob.id());
    d.kind = Some(k.id);
    let c = ok(s.create_case(&w.bob, d));
    ok(s.rename_case_kind(&w.bob, &k.id.to_string(), "Proces dostawcy"));
    let view = ok(s.open_case(&w.anna, c.id));
    assert_eq!(
        view.kind.map(|l| l.name).as_deref(),
        Some("Proces dostawcy")
    );
    let uses: Vec<(String, u64)> = ok(s.case_kind_uses(&w.anna))
        .into_iter()
        .map(|(l, n)| (l.name, n))
        .collect();
    assert!(
        uses.contains(&("Proces dostawcy".to_string(), 1)),
        "{uses:?}"
    );
    for removal in [
        s.remove_case_kind(&w.bob, "proces dostawcy"),
        s.remove_label(&w.bob, ListKind::CaseKind, "Proces dostawcy", false)
            .map(|_| ()),
    ] {
        match removal {
            Err(Error::Invalid { reason, .. }) => {
                assert!(
                    reason.contains("used by 1 case") && reason.contains(&c.number),
                    "{reason}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
    ok(s.remove_case_kind(&w.bob, &spare.id.to_string()));
    ok(s.modify_case(&w.bob, c.id, |d| {
        d.kind = None;
        Ok(())
    }));
    ok(s.remove_case_kind(&w.bob, "Proces dostawcy"));
    assert!(ok(s.case_kinds()).is_empty());
    assert!(matches!(
        s.remove_case_kind(&w.bob, "Serwis"),
        Err(Error::NotFound { .. })
    ));
}

/// A counterparty or person is picked by name among business contacts only; an id must
/// be one the actor may see; several matches give the candidates.
pub fn case_parties_are_picked_by_name_among_business_contacts<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Żak i Synowie"),
    ));
    let secret = ok(s.create(
        &w.anna,
        BookKind::Private,
        ContactData::organisation("Żak Prywatny"),
    ));
    let names = |v: Vec<crate::model::Contact>| -> Vec<String> {
        v.into_iter().map(|c| c.data.display_name()).collect()
    };
    let found = names(ok(s.case_party_candidates(&w.bob, "żak", None)));
    assert!(
        found.contains(&"Hurtownia Żak".to_string())
            && found.contains(&"Żak i Synowie".to_string())
    );
    assert!(!found.iter().any(|n| n.contains("Prywatny")), "{found:?}");
    // Its owner is not offered a private contact either: a case is business.
    let found = names(ok(s.case_party_candidates(&w.anna, "prywatny", None)));
    assert!(found.is_empty(), "{found:?}");
    match ok(s.pick_case_party(&w.bob, "zak", None)) {
        crate::service::PartyPick::Choose(c) => assert!(c.len() >= 2),
        other => panic!("{other:?}"),
    }
    match ok(s.pick_case_party(&w.bob, "hurtownia", None)) {
        crate::service::PartyPick::One(c) => assert_eq!(c.id, w.org),
        other => panic!("{other:?}"),
    }
    match ok(s.pick_case_party(&w.bob, &format!("Żak i Synowie (#{})", other.id), None)) {
        crate::service::PartyPick::One(c) => assert_eq!(c.id, other.id),
        x => panic!("{x:?}"),
    }
    match ok(s.pick_case_party(&w.bob, "nikt taki", None)) {
        crate::service::PartyPick::Choose(c) => assert!(c.is_empty()),
        x => panic!("{x:?}"),
    }
    assert!(matches!(
        s.pick_case_party(&w.bob, &secret.id.to_string(), None),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.pick_case_party(&w.anna, &secret.id.to_string(), None),
        Err(Error::NotFound { .. })
    ));
    // People working at the organisation, by name or all of them.
    let people = names(ok(s.case_party_candidates(&w.bob, "", Some(w.org))));
    assert_eq!(people, ["Jan Żak"]);
    match ok(s.pick_case_party(&w.bob, "jan", Some(w.org))) {
        crate::service::PartyPick::One(c) => assert_eq!(c.id, w.jan),
        x => panic!("{x:?}"),
    }
    assert!(ok(s.case_party_candidates(&w.bob, "jan", Some(other.id))).is_empty());
    assert!(matches!(
        s.case_party_candidates(&w.bob, "", Some(secret.id)),
        Err(Error::NotFound { .. })
    ));
}

/// Document references can take the next number of their kind's sequence per year.
pub fn document_references_take_the_next_number_of_their_kind<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let c = ok(s.create_case(&w.bob, case_for(&w, "a", w.bob.id())));
    let doc = |kind: &str, symbol: &str, when: DateTime<Utc>| {
        let d = ok(s.add_detail(
            &w.bob,
            c.id,
            Some(when),
            DetailInput::Document {
                kind: kind.into(),
                symbol: symbol.into(),
                content: String::new(),
                next_number: true,
            },
        ));
        match d.body {
            DetailBody::Document { symbol, .. } => symbol,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(doc("Oferta", "", at(2026, 11, 2, 9)), "1/2026");
    assert_eq!(doc("oferta", "OF", at(2026, 11, 3, 9)), "OF 2/2026");
    assert_eq!(doc("Faktura", "FV", at(2026, 11, 3, 9)), "FV 1/2026");
    assert_eq!(doc("Oferta", "", at(2027, 1, 3, 9)), "1/2027");
}

/// A case's reminders and tasks are reminders on its counterparty linked to the case: on
/// the case, on the assignee's list; they go with the case.
pub fn case_tasks_are_reminders_on_the_counterparty_listed_with_the_case<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let c = ok(s.create_case(&w.anna, case_for(&w, "Serwis", w.anna.id())));
    let other = ok(s.create_case(&w.anna, case_for(&w, "Inna", w.anna.id())));
    let r = ok(s.remind_on_case(
        &w.anna,
        c.id,
        at(2026, 11, 24, 9),
        "Przegląd drukarki",
        Some("bob"),
    ));
    assert_eq!((r.contact, r.assignee), (w.org, Some(w.bob.id())));
    assert!(matches!(
        s.remind_on_case(&w.anna, c.id, at(2026, 11, 24, 9), "  ", None),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.remind_on_case(&w.anna, c.id, at(2026, 11, 24, 9), "x", Some("nobody")),
        Err(Error::Invalid { .. })
    ));
    let listed = ok(s.case_reminders(&w.bob, c.id));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].reminder.text, "Przegląd drukarki");
    assert_eq!(listed[0].assignee.as_deref(), Some("bob"));
    assert_eq!(listed[0].case, Some((c.id, c.number.clone())));
    assert!(ok(s.case_reminders(&w.bob, other.id)).is_empty());
    let mine = crate::service::ReminderFilter {
        mine: true,
        due: crate::service::Due::All,
        ..crate::service::ReminderFilter::default()
    };
    let bobs = ok(s.reminders(&w.bob, &mine, at(2026, 11, 24, 8)));
    assert!(
        bobs.iter()
            .any(|v| v.reminder.id == r.id && v.case.as_ref().map(|x| x.0) == Some(c.id)),
        "{bobs:?}"
    );
    ok(s.delete_case(&w.anna, c.id));
    assert!(matches!(
        s.case_reminders(&w.anna, c.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.remind_on_case(&w.anna, c.id, at(2026, 11, 24, 9), "x", None),
        Err(Error::NotFound { .. })
    ));
}

/// A case's task stays on the contact it was made on when the case's counterparty
/// changes; that contact deleted and restored from the trash brings the task back on the
/// case. A case gone meanwhile leaves the task restored without a case.
pub fn a_restored_contact_brings_its_case_tasks_back_on_the_case<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let c = ok(s.create_case(&w.anna, case_for(&w, "Serwis", w.anna.id())));
    let gone = ok(s.create_case(&w.anna, case_for(&w, "Zamknięta", w.anna.id())));
    ok(s.remind_on_case(&w.anna, c.id, at(2026, 11, 24, 9), "Przegląd", Some("bob")));
    ok(s.remind_on_case(&w.anna, gone.id, at(2026, 11, 25, 9), "Odbiór", None));
    // Both cases move to another counterparty, so the first one can be deleted.
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Nowy Kontrahent"),
    ));
    for case in [&c, &gone] {
        let mut data = case.data.clone();
        data.counterparty = other.id;
        data.person = None;
        ok(s.update_case(&w.anna, case.id, case.meta.version, data));
    }
    ok(s.delete(&w.anna, w.org));
    assert!(ok(s.case_reminders(&w.anna, c.id)).is_empty());
    ok(s.delete_case(&w.anna, gone.id));
    let entry = ok(s.trash(&w.anna))
        .into_iter()
        .find(|i| i.entry.contact == w.org)
        .map(|i| i.entry.id)
        .unwrap_or_default();
    let back = ok(s.restore_from_trash(&w.bob, entry));
    let all = crate::service::ReminderFilter {
        mine: false,
        due: crate::service::Due::All,
        contact: Some(back.id),
    };
    let restored = ok(s.reminders(&w.anna, &all, at(2026, 11, 24, 8)));
    assert_eq!(restored.len(), 2, "{restored:?}");
    let task = restored
        .iter()
        .find(|v| v.reminder.text == "Przegląd")
        .map(|v| (v.case.clone(), v.assignee.clone()));
    assert_eq!(
        task,
        Some((Some((c.id, c.number.clone())), Some("bob".to_string())))
    );
    let other_task = restored.iter().find(|v| v.reminder.text == "Odbiór");
    assert_eq!(other_task.map(|v| v.case.clone()), Some(None));
    let listed: Vec<_> = ok(s.case_reminders(&w.bob, c.id))
        .into_iter()
        .map(|v| v.reminder.text)
        .collect();
    assert_eq!(listed, ["Przegląd"]);
}

/// The printable card of a contact: its lists by name, its people, account manager, last
/// contact and history with authors; another user's private contact is not found.
pub fn a_contact_sheet_gathers_the_card<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let g = ok(s.add_label(&w.anna, ListKind::Group, "Hurtownie"));
    let mut org = ok(s.get(&w.anna, w.org));
    org.data.groups.push(g.id);
    ok(s.update(&w.anna, w.org, org.meta.version, org.data));
    ok(s.set_account_manager(&w.anna, w.org, Some(w.bob.id())));
    ok(s.add_history(
        &w.bob,
        w.org,
        "telefon",
        "Zamówienie na grudzień",
        Some(at(2026, 11, 20, 10)),
        vec![],
    ));
    let sheet = ok(s.contact_sheet(&w.bob, w.org));
    assert_eq!(sheet.contact.id, w.org);
    assert_eq!(sheet.groups, ["Hurtownie"]);
    assert_eq!(sheet.account_manager.as_deref(), Some("bob"));
    assert_eq!(sheet.last_contact, Some(at(2026, 11, 20, 10)));
    assert_eq!(
        sheet.people.iter().map(|p| p.id).collect::<Vec<_>>(),
        [w.jan]
    );
    assert_eq!(sheet.history_total, 1);
    assert_eq!(sheet.history[0].0.text, "Zamówienie na grudzień");
    assert_eq!(sheet.history[0].1, "bob");
    let person = ok(s.contact_sheet(&w.anna, w.jan));
    assert_eq!(person.organisation.as_deref(), Some("Hurtownia Żak"));
    let secret = ok(s.create(
        &w.anna,
        BookKind::Private,
        ContactData::person("Ola", "Sekretna"),
    ));
    assert!(ok(s.contact_sheet(&w.anna, secret.id)).history.is_empty());
    assert!(matches!(
        s.contact_sheet(&w.bob, secret.id),
        Err(Error::NotFound { .. })
    ));
}

/// Search within a list's filter keeps the account manager and "not contacted for" rules
/// of the list: only business clients of that manager, only those quiet long enough.
pub fn search_honours_the_account_manager_and_quiet_filters<S: Store>(store: S) {
    let w = world(store);
    let s = &w.s;
    let other = ok(s.create(
        &w.anna,
        BookKind::Business,
        ContactData::organisation("Hurtownia Inna"),
    ));
    ok(s.create(
        &w.bob,
        BookKind::Private,
        ContactData::organisation("Hurtownia Prywatna"),
    ));
    ok(s.set_account_manager(&w.anna, w.org, Some(w.bob.id())));
    let ids = |f: &ListFilter| -> Vec<ContactId> {
        let mut v: Vec<_> = ok(s.search_filtered(&w.bob, "hurtownia", f, 100))
            .into_iter()
            .map(|c| c.id)
            .collect();
        v.sort();
        v
    };
    // The two companies, the private one of bob's and Jan, who works at Hurtownia Żak.
    assert_eq!(ids(&ListFilter::default()).len(), 4);
    let managed = ListFilter {
        account_manager: Some(w.bob.id()),
        ..ListFilter::default()
    };
    assert_eq!(ids(&managed), [w.org]);
    ok(s.add_history(&w.anna, other.id, "telefon", "Dziś", None, vec![]));
    let quiet = ListFilter {
        book: Some(BookKind::Business),
        not_contacted_for: Some(chrono::Duration::days(30)),
        ..ListFilter::default()
    };
    assert_eq!(ids(&quiet), [w.org, w.jan]);
    let nobody = ListFilter {
        account_manager: Some(w.anna.id()),
        ..ListFilter::default()
    };
    assert!(ids(&nobody).is_empty());
}
