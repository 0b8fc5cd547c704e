//! Contract stories of meetings, occasion alerts and the due-reminder counter: kept and found
//! alike by both stores, visible like their contact, on each participant's agenda and feed.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::{ok, service};
use crate::case::CaseData;
use crate::error::Error;
use crate::model::ContactData;
use crate::service::{AgendaEntry, BookKind, DueCounts, MeetingFilter, MeetingInput};
use crate::store::{OccasionAlertKind, Store};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap_or_default()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn input(title: &str, start: DateTime<Utc>, who: &[&str]) -> MeetingInput {
    MeetingInput {
        title: title.into(),
        start,
        minutes: 90,
        place: "Kraków, sala 2".into(),
        contact: None,
        case: None,
        participants: who.iter().map(|s| s.to_string()).collect(),
    }
}

/// A meeting on a business contact and a case: stored with its participants, shown on each
/// participant's agenda (not on others'), in their feed as a VEVENT, changed at a version,
/// gone with its contact.
pub fn meetings_are_on_each_participants_agenda<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let cyril = ok(s.local_actor("cyril"));
    let now = s.now(); // 2026-11-23 12:00 UTC
    let client = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Hurtownia Żak"),
    ));
    let case = ok(s.create_case(
        &anna,
        CaseData::new("Dostawa", client.id, anna.id(), day("2026-11-02")),
    ));
    let mut jan = ContactData::person("Jan", "Żak");
    jan.org_id = Some(client.id);
    let client = ok(s.create(&anna, BookKind::Business, jan));
    let mut i = input(
        "Rozmowa, umowa",
        at(2026, 11, 24, 9, 0),
        &["bob", "anna", "bob"],
    );
    i.contact = Some(client.id);
    i.case = Some(case.id);
    let m = ok(s.add_meeting(&anna, &i));
    assert_eq!(m.participants, ["anna", "bob"]);
    assert_eq!(m.start_local.to_string(), "2026-11-24 10:00:00");
    assert_eq!(m.case.as_ref().map(|c| c.1.as_str()), Some("Dostawa"));
    assert_eq!(m.contact.as_ref().map(|c| c.name.as_str()), Some("Jan Żak"));
    // Another one, only on the case, for cyril alone.
    let other = ok(s.add_meeting(&anna, &{
        let mut o = input("Serwis", at(2026, 11, 23, 14, 0), &["cyril"]);
        o.case = Some(case.id);
        o
    }));

    let on_agenda = |who| -> Vec<String> {
        ok(s.agenda(who, day("2026-11-23"), 3, now))
            .into_iter()
            .filter_map(|i| match i.entry {
                AgendaEntry::Meeting(m) => Some(format!("{} {}", i.date, m.meeting.title)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(on_agenda(&anna), ["2026-11-24 Rozmowa, umowa"]);
    assert_eq!(on_agenda(&bob), ["2026-11-24 Rozmowa, umowa"]);
    assert_eq!(on_agenda(&cyril), ["2026-11-23 Serwis"]);

    let ics = ok(s.ics(&bob, now));
    assert!(ics.contains("BEGIN:VEVENT\r\nUID:meeting-"), "{ics}");
    assert!(
        ics.contains("DTSTART:20261124T090000Z\r\nDURATION:PT90M"),
        "{ics}"
    );
    assert!(ics.contains("LOCATION:Kraków\\, sala 2"), "{ics}");
    assert!(!ics.contains("Serwis"));

    let by_case = ok(s.meetings(
        &bob,
        &MeetingFilter {
            case: Some(case.id),
            ..MeetingFilter::default()
        },
    ));
    assert_eq!(by_case.len(), 2, "everyone sees a case's meetings");

    // A change at a stale version is a conflict and writes nothing.
    let mut changed = i.clone();
    changed.participants = vec!["cyril".into()];
    changed.minutes = 30;
    let v = ok(s.update_meeting(&bob, m.meeting.id, 1, &changed));
    assert_eq!(
        (v.meeting.version, v.participants.clone()),
        (2, vec!["cyril".to_string()])
    );
    assert!(matches!(
        s.update_meeting(&bob, m.meeting.id, 1, &i),
        Err(Error::Conflict(_))
    ));
    assert_eq!(ok(s.meeting(&anna, m.meeting.id)).meeting.minutes, 30);
    assert!(on_agenda(&bob).is_empty());

    ok(s.delete_meeting(&cyril, other.meeting.id));
    assert!(matches!(
        s.meeting(&anna, other.meeting.id),
        Err(Error::NotFound { .. })
    ));
    ok(s.delete(&anna, client.id));
    assert!(matches!(
        s.meeting(&anna, m.meeting.id),
        Err(Error::NotFound { .. })
    ));
}

/// Meeting input is checked field by field, and a meeting on a private contact exists only
/// for its owner, who is its only possible participant.
pub fn meetings_on_private_contacts_are_the_owners<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mine = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Ewa", "Prywatna"),
    ));
    let field = |r: crate::Result<_>| match r {
        Err(Error::Invalid { field, .. }) => field,
        Err(e) => format!("other error {e}"),
        Ok(_) => "ok".into(),
    };
    let mut i = input("Kawa", at(2026, 11, 25, 9, 0), &["anna"]);
    assert_eq!(field(s.add_meeting(&anna, &i)), "contact");
    i.contact = Some(mine.id);
    i.participants = vec!["bob".into()];
    assert_eq!(field(s.add_meeting(&anna, &i)), "participants");
    i.participants = vec!["nobody".into()];
    assert_eq!(field(s.add_meeting(&anna, &i)), "participants");
    i.participants = vec![];
    assert_eq!(field(s.add_meeting(&anna, &i)), "participants");
    i.participants = vec!["anna".into()];
    i.minutes = 0;
    assert_eq!(field(s.add_meeting(&anna, &i)), "minutes");
    i.minutes = 60;
    i.title = " ".into();
    assert_eq!(field(s.add_meeting(&anna, &i)), "title");
    i.title = "x".repeat(201);
    assert_eq!(field(s.add_meeting(&anna, &i)), "title");
    i.title = "Kawa".into();
    assert!(matches!(
        s.add_meeting(&bob, &i),
        Err(Error::NotFound { .. })
    ));
    let m = ok(s.add_meeting(&anna, &i));
    assert!(matches!(
        s.meeting(&bob, m.meeting.id),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.delete_meeting(&bob, m.meeting.id),
        Err(Error::NotFound { .. })
    ));
    assert!(ok(s.meetings(&bob, &MeetingFilter::default())).is_empty());
    assert_eq!(ok(s.meetings(&anna, &MeetingFilter::default())).len(), 1);
    assert!(matches!(
        s.meetings(
            &bob,
            &MeetingFilter {
                contact: Some(mine.id),
                ..MeetingFilter::default()
            }
        ),
        Err(Error::NotFound { .. })
    ));
}

/// "Remind me 3 days before": a line on the user's agenda on the right day (the user's own,
/// not a colleague's), an alarm in the user's feed, checked lead time, gone with the contact.
pub fn occasion_alerts_come_days_before<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let now = s.now(); // 2026-11-23
    let mut data = ContactData::person("Klemens", "Planowy");
    data.birthday = Some(ok("1960-11-27".parse()));
    data.nameday = Some(ok("11-23".parse()));
    let c = ok(s.create(&anna, BookKind::Business, data));
    ok(s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Birthday, Some(3)));
    ok(s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Nameday, Some(0)));
    ok(s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Nameday, Some(1)));
    assert!(matches!(
        s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Birthday, Some(61)),
        Err(Error::Invalid { .. })
    ));
    let alerts = ok(s.occasion_alerts(&anna, Some(c.id)));
    assert_eq!(
        alerts
            .iter()
            .map(|a| (a.kind, a.days_before))
            .collect::<Vec<_>>(),
        [
            (OccasionAlertKind::Birthday, 3),
            (OccasionAlertKind::Nameday, 1)
        ]
    );
    let lines = |who| -> Vec<String> {
        ok(s.agenda(who, day("2026-11-23"), 2, now))
            .into_iter()
            .filter_map(|i| match i.entry {
                AgendaEntry::Alert(a) => Some(format!(
                    "{} {} {} {}",
                    i.date,
                    a.kind.key(),
                    a.days_before,
                    a.occasion_date
                )),
                _ => None,
            })
            .collect()
    };
    assert_eq!(lines(&anna), ["2026-11-24 birthday 3 2026-11-27"]);
    assert!(lines(&bob).is_empty(), "an alert is its user's own");
    let on_22 = ok(s.agenda(&anna, day("2026-11-22"), 1, now));
    assert!(on_22.iter().any(|i| matches!(&i.entry,
        AgendaEntry::Alert(a) if a.kind == OccasionAlertKind::Nameday && a.occasion_date == day("2026-11-23"))));
    let ics = ok(s.ics(&anna, now));
    assert!(ics.contains("TRIGGER:-P3D"), "{ics}");
    assert!(ics.contains("TRIGGER:-P1D"), "{ics}");
    assert!(!ok(s.ics(&bob, now)).contains("TRIGGER"));
    ok(s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Nameday, None));
    assert_eq!(ok(s.occasion_alerts(&anna, None)).len(), 1);
    // Another user's private contact is not found.
    let hidden = ok(s.create(&bob, BookKind::Private, ContactData::person("Jan", "Boba")));
    assert!(matches!(
        s.set_occasion_alert(&anna, hidden.id, OccasionAlertKind::Birthday, Some(1)),
        Err(Error::NotFound { .. })
    ));
    ok(s.delete(&anna, c.id));
    assert!(ok(s.occasion_alerts(&anna, None)).is_empty());
}

/// The counter of every page: the actor's open reminders due before the end of today, and
/// the overdue ones among them; done ones, colleagues' and tomorrow's do not count.
pub fn due_counter_counts_the_actors_reminders<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let now = s.now(); // 2026-11-23 12:00 UTC, 13:00 in Warsaw
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Jan", "Klient"),
    ));
    let p = ok(s.create(&anna, BookKind::Private, ContactData::person("Ola", "Moja")));
    ok(s.remind(&anna, c.id, now - Duration::days(2), "overdue", None));
    ok(s.remind(
        &anna,
        p.id,
        now - Duration::hours(1),
        "overdue private",
        None,
    ));
    let done = ok(s.remind(&anna, c.id, now - Duration::hours(1), "done", None));
    ok(s.done_reminder(&anna, done.id));
    ok(s.remind(&anna, c.id, now + Duration::hours(5), "tonight", None));
    ok(s.remind(
        &anna,
        c.id,
        at(2026, 11, 23, 23, 30),
        "tomorrow in Warsaw",
        None,
    ));
    ok(s.remind(&anna, c.id, now - Duration::hours(3), "bob's", Some("bob")));
    ok(s.remind(
        &bob,
        c.id,
        now - Duration::hours(3),
        "for anna",
        Some("anna"),
    ));
    assert_eq!(
        ok(s.due_counts(&anna, now)),
        DueCounts { due: 4, overdue: 3 }
    );
    assert_eq!(
        ok(s.due_counts(&bob, now)),
        DueCounts { due: 1, overdue: 1 }
    );
}

/// The alerts form's call: both lead times are checked before anything is written, so a
/// refused name-day value leaves the birthday alert as it was; a good pair is written
/// together, and an empty value removes its alert.
pub fn occasion_alerts_are_saved_together_or_not_at_all<S: Store>(store: S) {
    use crate::service::parse_alert_days;
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Klemens", "Formularz"),
    ));
    ok(s.set_occasion_alert(&anna, c.id, OccasionAlertKind::Birthday, Some(3)));
    let kinds = |s: &crate::service::Service<S>| -> Vec<(OccasionAlertKind, u32)> {
        ok(s.occasion_alerts(&anna, Some(c.id)))
            .into_iter()
            .map(|a| (a.kind, a.days_before))
            .collect()
    };
    match s.set_occasion_alerts(
        &anna,
        c.id,
        &[
            (OccasionAlertKind::Birthday, Some(10)),
            (OccasionAlertKind::Nameday, Some(61)),
        ],
    ) {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "nameday"),
        other => panic!("{other:?}"),
    }
    assert_eq!(kinds(&s), [(OccasionAlertKind::Birthday, 3)]);
    ok(s.set_occasion_alerts(
        &anna,
        c.id,
        &[
            (OccasionAlertKind::Birthday, None),
            (OccasionAlertKind::Nameday, Some(2)),
        ],
    ));
    assert_eq!(kinds(&s), [(OccasionAlertKind::Nameday, 2)]);
    assert_eq!(ok(parse_alert_days("nameday", " 7 ")), Some(7));
    assert_eq!(ok(parse_alert_days("nameday", "")), None);
    for bad in ["abc", "-1", "61", "1.5", "99999999999999999999"] {
        match parse_alert_days("nameday", bad) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "nameday"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let hidden = ok(s.create(
        &ok(s.local_actor("bob")),
        BookKind::Private,
        ContactData::person("Jan", "Boba"),
    ));
    assert!(matches!(
        s.set_occasion_alerts(&anna, hidden.id, &[(OccasionAlertKind::Birthday, Some(1))]),
        Err(Error::NotFound { .. })
    ));
}
