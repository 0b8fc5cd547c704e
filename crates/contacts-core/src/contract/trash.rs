//! Contract stories of the trash: a deleted contact comes back with its photo,
//! attachments, history, reminders and people; a private contact's entry exists only
//! for its owner; entries go after 30 days; emptying is explicit; a restore whose old id
//! was taken meanwhile gets a new one.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};

use crate::error::Error;
use crate::model::ContactData;
use crate::service::{BookKind, Due, ListFilter, ReminderFilter, Service};
use crate::store::Store;

use super::{ok, service, SAMPLE_PNG};

fn count<S: Store>(s: &Service<S>, a: &crate::service::Actor) -> u64 {
    ok(s.count(a, &ListFilter::default()))
}

/// A business organisation with everything hanging off it goes to the trash and comes
/// back, restored by another user, under its old id.
pub fn trash_restores_everything<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let org = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Hurtownia Łąka"),
    ));
    let mut p = ContactData::person("Jan", "Pracownik");
    p.org_id = Some(org.id);
    let person = ok(s.create(&anna, BookKind::Business, p));
    ok(s.set_photo(&anna, org.id, Some(SAMPLE_PNG.to_vec())));
    ok(s.attach(
        &anna,
        org.id,
        "umowa.pdf",
        "application/pdf",
        b"%PDF-1".to_vec(),
        "umowa",
    ));
    ok(s.add_history(
        &anna,
        org.id,
        "telefon",
        "Rozmowa o cenach",
        None,
        vec![("notatka.txt".into(), "text/plain".into(), b"ceny".to_vec())],
    ));
    let due = Utc
        .with_ymd_and_hms(2026, 11, 30, 9, 0, 0)
        .single()
        .unwrap_or_default();
    ok(s.remind(&anna, org.id, due, "Zadzwonić", Some("bob")));
    let before = count(&s, &anna);

    ok(s.delete(&anna, org.id));
    assert!(matches!(s.get(&anna, org.id), Err(Error::NotFound { .. })));
    assert_eq!(count(&s, &anna), before - 1);
    // (The person who worked there keeps the company's name as text.)
    assert!(!ok(s.search(&anna, "Hurtownia", None, 10))
        .iter()
        .any(|c| c.id == org.id));
    let open = ReminderFilter {
        mine: false,
        due: Due::Open,
        contact: None,
    };
    assert!(ok(s.reminders(&bob, &open, s.now())).is_empty());
    assert_eq!(ok(s.get(&anna, person.id)).data.org_id, None);

    // Any user sees a business contact's entry and may restore it.
    let items = ok(s.trash(&bob));
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        (
            item.entry.contact,
            item.entry.name.as_str(),
            item.entry.deleted_by
        ),
        (org.id, "Hurtownia Łąka", anna.id())
    );
    assert_eq!(item.expires_at, item.entry.deleted_at + Duration::days(30));
    let back = ok(s.restore_from_trash(&bob, item.entry.id));
    assert_eq!(back.id, org.id);
    assert_eq!(back.data.display_name(), "Hurtownia Łąka");
    assert!(back.has_photo);
    assert_eq!(
        ok(s.photo(&anna, org.id)).map(|p| p.bytes().to_vec()),
        Some(SAMPLE_PNG.to_vec())
    );
    let files = ok(s.attachments(&anna, org.id));
    assert_eq!(files.len(), 1);
    assert_eq!(ok(s.attachment(&anna, files[0].id)).1, b"%PDF-1".to_vec());
    let history = ok(s.history(&anna, org.id));
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "Rozmowa o cenach");
    assert_eq!(
        ok(s.history_file(&anna, history[0].files[0].id)).1,
        b"ceny".to_vec()
    );
    let rems = ok(s.reminders(&bob, &open, s.now()));
    assert_eq!(rems.len(), 1);
    assert_eq!(
        (rems[0].reminder.contact, rems[0].assignee.as_deref()),
        (org.id, Some("bob"))
    );
    assert_eq!(ok(s.get(&anna, person.id)).data.org_id, Some(org.id));
    assert_eq!(count(&s, &anna), before);
    assert!(ok(s.search(&anna, "Hurtownia", None, 10))
        .iter()
        .any(|c| c.id == org.id));
    assert!(
        ok(s.trash(&anna)).is_empty(),
        "the entry is gone after a restore"
    );
    assert!(matches!(
        s.restore_from_trash(&bob, item.entry.id),
        Err(Error::NotFound { .. })
    ));
}

/// A private contact's entry exists only for its owner: for anyone else it is not found,
/// and emptying another user's trash leaves it.
pub fn private_trash_is_the_owners<S: Store>(store: S) {
    let s = service(store);
    let admin = ok(s.local_actor("root"));
    assert!(admin.is_admin(), "the first user is an admin");
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mine = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Zenon", "Tajny"),
    ));
    let biz = ok(s.create(
        &bob,
        BookKind::Business,
        ContactData::person("Ewa", "Firmowa"),
    ));
    ok(s.delete(&anna, mine.id));
    ok(s.delete(&bob, biz.id));
    let anna_sees: Vec<_> = ok(s.trash(&anna))
        .into_iter()
        .map(|i| i.entry.contact)
        .collect();
    assert_eq!(anna_sees.len(), 2);
    assert!(anna_sees.contains(&mine.id) && anna_sees.contains(&biz.id));
    for other in [&bob, &admin] {
        let seen: Vec<_> = ok(s.trash(other))
            .into_iter()
            .map(|i| i.entry.contact)
            .collect();
        assert_eq!(seen, vec![biz.id], "only the business entry");
    }
    let private_entry = ok(s.trash(&anna))
        .into_iter()
        .find(|i| i.entry.contact == mine.id)
        .map(|i| i.entry.id)
        .unwrap_or_default();
    assert!(matches!(
        s.restore_from_trash(&bob, private_entry),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.purge_from_trash(&admin, private_entry),
        Err(Error::NotFound { .. })
    ));
    // Bob empties what he sees: the business entry goes, Anna's private one stays.
    assert_eq!(ok(s.empty_trash(&bob)), 1);
    let left: Vec<_> = ok(s.trash(&anna))
        .into_iter()
        .map(|i| i.entry.contact)
        .collect();
    assert_eq!(left, vec![mine.id]);
    ok(s.purge_from_trash(&anna, private_entry));
    assert!(ok(s.trash(&anna)).is_empty());
    assert!(matches!(s.get(&anna, mine.id), Err(Error::NotFound { .. })));
}

/// Entries are kept 30 days: on day 29 an entry is listed and restorable, after day 30 it
/// is gone for every reader and the next write removes it.
pub fn trash_entries_go_after_30_days<S: Store>(store: S) {
    let days = Arc::new(AtomicI64::new(0));
    let clock_days = Arc::clone(&days);
    let s = Service::new(store).with_clock(move || {
        Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::days(clock_days.load(Ordering::SeqCst))
    });
    let anna = ok(s.local_actor("anna"));
    let a = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Adam", "Pierwszy"),
    ));
    let b = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Beata", "Druga"),
    ));
    ok(s.delete(&anna, a.id));
    ok(s.delete(&anna, b.id));
    days.store(29, Ordering::SeqCst);
    let items = ok(s.trash(&anna));
    assert_eq!(items.len(), 2);
    let b_entry = items
        .iter()
        .find(|i| i.entry.contact == b.id)
        .map(|i| i.entry.id)
        .unwrap_or_default();
    let a_entry = items
        .iter()
        .find(|i| i.entry.contact == a.id)
        .map(|i| i.entry.id)
        .unwrap_or_default();
    ok(s.restore_from_trash(&anna, b_entry));
    days.store(31, Ordering::SeqCst);
    assert!(ok(s.trash(&anna)).is_empty());
    assert!(matches!(
        s.restore_from_trash(&anna, a_entry),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ok(s.empty_trash(&anna)), 0);
    assert_eq!(ok(s.get(&anna, b.id)).data.display_name(), "Beata Druga");
}

/// A restore whose old id was given to a new contact meanwhile (SQLite reuses the highest
/// rowid) gets a new id; both contacts stay.
pub fn restore_takes_a_new_id_when_the_old_is_taken<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let old = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Stary", "Kontakt"),
    ));
    ok(s.delete(&anna, old.id));
    let newer = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Nowy", "Kontakt"),
    ));
    let entry = ok(s.trash(&anna))[0].entry.id;
    let back = ok(s.restore_from_trash(&anna, entry));
    assert_eq!(back.data.display_name(), "Stary Kontakt");
    assert_eq!(
        ok(s.get(&anna, newer.id)).data.display_name(),
        "Nowy Kontakt"
    );
    if newer.id == old.id {
        assert_ne!(back.id, old.id);
    } else {
        assert_eq!(back.id, old.id);
    }
    assert_eq!(count(&s, &anna), 2);
}
