//! Contract stories of duplicates as the pages use them: warnings before saving, a merge
//! with a choice per field (meetings move along), and whether a merge can still be undone.

use chrono::{TimeZone, Utc};

use super::{ok, service};
use crate::error::Error;
use crate::model::{ContactData, Email, Phone};
use crate::service::{BookKind, MeetingFilter, MeetingInput, MergeField};
use crate::store::Store;

fn email(s: &str) -> Email {
    ok(Email::new("work", s))
}

fn phone(s: &str) -> Phone {
    ok(Phone::new("mobile", s))
}

/// A contact being saved is matched by e-mail (any case), phone (any spelling) or name plus
/// birthday against its book only, never against itself, never against what the actor may
/// not see.
pub fn saving_warns_of_possible_duplicates<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mut jan = ContactData::person("Jan", "Kowalski");
    jan.emails.push(email("jan@firma.pl"));
    jan.phones.push(phone("601 234 567"));
    let jan = ok(s.create(&anna, BookKind::Business, jan));
    let mut ewa = ContactData::person("Ewa", "Nowak");
    ewa.birthday = Some(ok("1980-05-06".parse()));
    let ewa = ok(s.create(&anna, BookKind::Business, ewa));
    let mut secret = ContactData::person("Jan", "Tajny");
    secret.emails.push(email("tajny@example.pl"));
    ok(s.create(&bob, BookKind::Private, secret));

    let mut typed = ContactData::person("J.", "Kowalski");
    typed.emails.push(email("JAN@firma.pl"));
    typed.phones.push(phone("+48601234567"));
    let hints = ok(s.possible_duplicates(&anna, BookKind::Business, &typed, None));
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0].contact.id, jan.id);
    assert_eq!(hints[0].contact.name, "Jan Kowalski");
    assert!(hints[0].reason.contains("e-mail"), "{}", hints[0].reason);
    assert!(hints[0].reason.contains("phone"), "{}", hints[0].reason);
    assert!(ok(s.possible_duplicates(&anna, BookKind::Private, &typed, None)).is_empty());
    assert!(ok(s.possible_duplicates(&anna, BookKind::Business, &typed, Some(jan.id))).is_empty());

    let mut twin = ContactData::person("Ewa", "Nowak");
    twin.birthday = Some(ok("1980-05-06".parse()));
    let hints = ok(s.possible_duplicates(&anna, BookKind::Business, &twin, None));
    assert_eq!(
        hints.iter().map(|h| h.contact.id).collect::<Vec<_>>(),
        [ewa.id]
    );
    twin.birthday = Some(ok("1981-05-06".parse()));
    assert!(ok(s.possible_duplicates(&anna, BookKind::Business, &twin, None)).is_empty());

    let mut probe = ContactData::person("X", "Y");
    probe.emails.push(email("tajny@example.pl"));
    assert!(ok(s.possible_duplicates(&anna, BookKind::Private, &probe, None)).is_empty());
    assert_eq!(
        ok(s.possible_duplicates(&bob, BookKind::Private, &probe, None)).len(),
        1
    );
}

/// A side-by-side merge: the chosen fields come from the other contact, the rest as
/// `merge` does; its meetings move to the kept contact; it can be undone until the kept
/// contact changes.
pub fn a_merge_takes_the_chosen_fields_and_can_be_undone<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let mut a = ContactData::person("Jan", "Kowalski");
    a.job_title = "Kierownik".into();
    a.notes = "stara notatka".into();
    a.emails.push(email("jan@firma.pl"));
    let a = ok(s.create(&anna, BookKind::Business, a));
    let mut b = ContactData::person("Janusz", "Kowalski");
    b.job_title = "Dyrektor".into();
    b.notes = "nowa notatka".into();
    b.birthday = Some(ok("1970-01-02".parse()));
    b.emails.push(email("janusz@firma.pl"));
    let b = ok(s.create(&anna, BookKind::Business, b));
    let start = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    let meeting = ok(s.add_meeting(
        &anna,
        &MeetingInput {
            title: "Rozmowa".into(),
            start,
            minutes: 30,
            place: String::new(),
            contact: Some(b.id),
            case: None,
            participants: vec!["anna".into()],
        },
    ));
    assert_eq!(ok(s.undoable_merge(&anna, a.id)), None);
    assert_eq!(
        MergeField::parse("job_title").ok(),
        Some(MergeField::JobTitle)
    );
    assert!(matches!(
        MergeField::parse("emails"),
        Err(Error::Invalid { .. })
    ));
    assert_eq!(MergeField::Name.text(&b.data), "Janusz Kowalski");

    let m = ok(s.merge_taking(&anna, a.id, b.id, &[MergeField::Name, MergeField::JobTitle]));
    assert_eq!(m.data.name.given, "Janusz");
    assert_eq!(m.data.job_title, "Dyrektor");
    assert_eq!(m.data.notes, "stara notatka", "not chosen: the kept one's");
    assert_eq!(
        m.data.birthday, b.data.birthday,
        "empty in the kept one: filled"
    );
    assert_eq!(m.data.emails.len(), 2);
    let moved = ok(s.meetings(
        &anna,
        &MeetingFilter {
            contact: Some(a.id),
            ..MeetingFilter::default()
        },
    ));
    assert_eq!(
        moved.iter().map(|v| v.meeting.id).collect::<Vec<_>>(),
        [meeting.meeting.id]
    );
    assert_eq!(
        ok(s.undoable_merge(&anna, a.id)),
        Some((b.id, "Janusz Kowalski".to_string()))
    );
    let (kept, other) = ok(s.unmerge(&anna, a.id));
    assert_eq!(kept.data.job_title, "Kierownik");
    assert_eq!(other.data.job_title, "Dyrektor");
    assert_eq!(
        ok(s.meeting(&anna, meeting.meeting.id)).meeting.contact,
        Some(b.id)
    );
    assert_eq!(ok(s.undoable_merge(&anna, a.id)), None);
}
