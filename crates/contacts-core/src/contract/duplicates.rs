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

/// A merge gives the kept contact each user's occasion alerts of the other for occasions
/// it had none for, and writes a history entry on it in the installation's language saying
/// which contact went in and what came along; unmerge puts the alerts back where they were
/// and writes that it was undone.
pub fn a_merge_carries_alerts_and_is_written_in_the_history<S: Store>(store: S) {
    use crate::model::Language;
    use crate::store::OccasionAlertKind::{Birthday, Nameday};
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    ok(s.set_installation_language(&anna, Language::Polish));
    let mut k = ContactData::person("Jan", "Kowalski");
    k.birthday = Some(ok("1970-03-14".parse()));
    let keep = ok(s.create(&anna, BookKind::Business, k));
    let mut o = ContactData::person("Jan", "Kowalski");
    o.emails.push(email("jan@kowalski.pl"));
    let other = ok(s.create(&anna, BookKind::Business, o));
    ok(s.set_occasion_alert(&anna, keep.id, Birthday, Some(7)));
    ok(s.set_occasion_alert(&anna, other.id, Birthday, Some(3)));
    ok(s.set_occasion_alert(&anna, other.id, Nameday, Some(1)));
    ok(s.set_occasion_alert(&bob, other.id, Nameday, Some(2)));
    ok(s.add_history(&anna, other.id, "telefon", "Rozmowa", None, vec![]));
    let alerts = |who, c| -> Vec<(crate::store::OccasionAlertKind, u32)> {
        ok(s.occasion_alerts(who, Some(c)))
            .into_iter()
            .map(|a| (a.kind, a.days_before))
            .collect()
    };

    ok(s.merge(&anna, keep.id, other.id));
    assert_eq!(alerts(&anna, keep.id), [(Birthday, 7), (Nameday, 1)]);
    assert_eq!(alerts(&bob, keep.id), [(Nameday, 2)]);
    let history = ok(s.history(&anna, keep.id));
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].kind, "scalenie");
    assert_eq!(history[0].author, anna.id());
    assert_eq!(
        history[0].text,
        format!(
            "Scalono z kontaktem Jan Kowalski (nr {}); jego dane dołączono do tej karty, \
             przeniesiono: 1 wpis historii, 2 alerty o okazjach.",
            other.id
        )
    );

    ok(s.unmerge(&anna, keep.id));
    assert_eq!(alerts(&anna, keep.id), [(Birthday, 7)]);
    assert!(alerts(&bob, keep.id).is_empty());
    assert_eq!(alerts(&anna, other.id), [(Birthday, 3), (Nameday, 1)]);
    assert_eq!(alerts(&bob, other.id), [(Nameday, 2)]);
    let history = ok(s.history(&anna, keep.id));
    assert_eq!(history[0].kind, "scalenie");
    assert!(
        history[0].text.starts_with(&format!(
            "Cofnięto scalenie z kontaktem Jan Kowalski (nr {})",
            other.id
        )),
        "{}",
        history[0].text
    );
    assert_eq!(ok(s.history(&anna, other.id)).len(), 1);

    // In an English installation the entries are English.
    ok(s.set_installation_language(&anna, Language::English));
    ok(s.merge(&anna, keep.id, other.id));
    let history = ok(s.history(&anna, keep.id));
    assert_eq!(history[0].kind, "merge");
    assert!(
        history[0].text.starts_with(&format!(
            "Merged with contact Jan Kowalski (#{}); its details were added to this card, moved here: 1 history entry, 2 occasion alerts.",
            other.id
        )),
        "{}",
        history[0].text
    );
    // A private merge has no history to write to and still carries alerts.
    let p1 = ok(s.create(&bob, BookKind::Private, ContactData::person("Ola", "Nowak")));
    let p2 = ok(s.create(&bob, BookKind::Private, ContactData::person("Ola", "Nowak")));
    ok(s.set_occasion_alert(&bob, p2.id, Birthday, Some(4)));
    ok(s.merge(&bob, p1.id, p2.id));
    assert_eq!(alerts(&bob, p1.id), [(Birthday, 4)]);
}
