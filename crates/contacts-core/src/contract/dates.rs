//! Contract stories of the dates feature: reminders (visible like their contact, taken over,
//! done), upcoming birthdays and name-days found through the store's query, the day plan and
//! the feed, and that another user's private book stays invisible through all of them.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::date::{MonthDay, PartialDate};
use crate::error::Error;
use crate::model::ContactData;
use crate::nameday::{Calendar, NamedayChoice};
use crate::service::{AgendaEntry, BookKind, Due, ListFilter, OccasionKind, ReminderFilter};
use crate::store::Store;
use crate::upcoming::{age_on, occurrences};

use super::{ok, service};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap_or_default()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn person(given: &str, family: &str, birthday: Option<&str>) -> ContactData {
    let mut c = ContactData::person(given, family);
    c.birthday = birthday.map(|b| ok(b.parse::<PartialDate>()));
    c
}

/// A business reminder is everyone's: a colleague sees it, takes it over and marks it done;
/// who and when are recorded, and a done reminder cannot be done again.
pub fn reminders_are_shared_taken_and_done<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let client = ok(s.create(&anna, BookKind::Business, person("Jan", "Klient", None)));
    let now = s.now(); // 2026-11-23 12:00 UTC
    let r = ok(s.remind(
        &anna,
        client.id,
        at(2026, 11, 24, 11, 0),
        "Call the client",
        None,
    ));
    assert_eq!((r.version, r.assignee, r.created_by), (1, None, anna.id()));
    let seen = ok(s.reminder(&bob, r.id));
    assert_eq!(seen.contact.name, "Jan Klient");
    assert_eq!(
        seen.due_local.to_string(),
        "2026-11-24 12:00:00",
        "Warsaw, winter"
    );
    assert!(!seen.overdue);

    let taken = ok(s.take_reminder(&bob, r.id));
    assert_eq!((taken.assignee, taken.version), (Some(bob.id()), 2));
    let mine = |who| {
        ok(s.reminders(
            who,
            &ReminderFilter {
                mine: true,
                ..ReminderFilter::default()
            },
            now,
        ))
        .len()
    };
    assert_eq!((mine(&anna), mine(&bob)), (0, 1));

    let done = ok(s.done_reminder(&anna, r.id));
    assert_eq!(
        (done.done_by, done.done_at, done.version),
        (Some(anna.id()), Some(now), 3)
    );
    let err = s
        .done_reminder(&bob, r.id)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        err,
        format!(
            "invalid reminder: reminder {} was done by anna at 2026-11-23 12:00 UTC",
            r.id
        )
    );
    assert!(matches!(
        s.take_reminder(&bob, r.id),
        Err(Error::Invalid { .. })
    ));
    let view = ok(s.reminder(&bob, r.id));
    assert_eq!(
        (view.done_by.as_deref(), view.assignee.as_deref()),
        (Some("anna"), Some("bob"))
    );
    let open = ok(s.reminders(&bob, &ReminderFilter::default(), now));
    assert!(open.is_empty(), "done reminders are not open");
    let all = ReminderFilter {
        due: Due::All,
        ..ReminderFilter::default()
    };
    assert_eq!(ok(s.reminders(&bob, &all, now)).len(), 1);
}

/// Bad input writes nothing: an unknown assignee is named, an empty text refused; a past time
/// is allowed and overdue at once.
pub fn reminder_input_is_checked<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let c = ok(s.create(&anna, BookKind::Business, person("Ewa", "Termin", None)));
    let now = s.now();
    let err = s.remind(&anna, c.id, now, "Call", Some("zenon"));
    match err {
        Err(Error::Invalid { field, reason }) => {
            assert_eq!(field, "assignee");
            assert!(reason.contains("zenon"), "{reason}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(matches!(
        s.remind(&anna, c.id, now, "  ", None),
        Err(Error::Invalid { .. })
    ));
    let all = ReminderFilter {
        due: Due::All,
        ..ReminderFilter::default()
    };
    assert!(ok(s.reminders(&anna, &all, now)).is_empty());
    let past = ok(s.remind(&anna, c.id, now - Duration::days(3), "Late", None));
    let soon = ok(s.remind(&anna, c.id, now + Duration::hours(1), "Today", None));
    let later = ok(s.remind(&anna, c.id, now + Duration::days(5), "This week", None));
    let far = ok(s.remind(&anna, c.id, now + Duration::days(30), "Next month", None));
    let ids = |due| {
        ok(s.reminders(
            &anna,
            &ReminderFilter {
                due,
                ..ReminderFilter::default()
            },
            now,
        ))
        .into_iter()
        .map(|v| (v.reminder.id, v.overdue))
        .collect::<Vec<_>>()
    };
    assert_eq!(ids(Due::Overdue), [(past.id, true)]);
    assert_eq!(ids(Due::Today), [(soon.id, false)]);
    assert_eq!(ids(Due::Week), [(soon.id, false), (later.id, false)]);
    assert_eq!(ids(Due::Open).len(), 4);
    assert_eq!(ids(Due::Open).last().map(|x| x.0), Some(far.id));
    ok(s.delete(&anna, c.id));
    assert!(ids(Due::All).is_empty(), "reminders go with their contact");
    assert!(matches!(
        s.reminder(&anna, past.id),
        Err(Error::NotFound { .. })
    ));
}

/// A reminder on a private contact exists only for the owner: not listed, not readable, not
/// takeable, not assignable to anyone else, absent from others' day plans and feeds; the same
/// for the contact's birthday and name-day.
pub fn private_reminders_and_dates_are_isolated<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let mut secret = person("Barbara", "Tajna", Some("1970-11-25"));
    secret.nameday = Some(ok("11-26".parse()));
    let secret = ok(s.create(&anna, BookKind::Private, secret));
    let now = s.now();
    assert!(matches!(
        s.remind(&anna, secret.id, now, "Private call", Some("bob")),
        Err(Error::Invalid { .. })
    ));
    let r = ok(s.remind(
        &anna,
        secret.id,
        now + Duration::hours(2),
        "Private call",
        None,
    ));
    assert!(matches!(
        s.remind(&bob, secret.id, now, "Snoop", None),
        Err(Error::NotFound { .. })
    ));
    let all = ReminderFilter {
        due: Due::All,
        ..ReminderFilter::default()
    };
    assert!(ok(s.reminders(&bob, &all, now)).is_empty());
    assert_eq!(ok(s.reminders(&anna, &all, now)).len(), 1);
    for attempt in [
        s.reminder(&bob, r.id).map(|_| ()),
        s.take_reminder(&bob, r.id).map(|_| ()),
        s.done_reminder(&bob, r.id).map(|_| ()),
        s.delete_reminder(&bob, r.id),
        s.nameday_info(&bob, secret.id).map(|_| ()),
    ] {
        assert!(
            matches!(attempt, Err(Error::NotFound { .. })),
            "{attempt:?}"
        );
    }
    let from = day("2026-11-23");
    assert_eq!(ok(s.upcoming(&anna, from, 7, false, false)).len(), 2);
    assert!(ok(s.upcoming(&bob, from, 7, false, false)).is_empty());
    assert_eq!(ok(s.agenda(&anna, from, 7, now)).len(), 3);
    assert!(ok(s.agenda(&bob, from, 7, now)).is_empty());
    let uid = format!("reminder-{}@contacts", r.id);
    assert!(ok(s.ics(&anna, now)).contains(&uid));
    let feed = ok(s.ics(&bob, now));
    assert!(!feed.contains(&uid) && !feed.contains("Tajna"), "{feed}");
    // The owner still can do everything with it.
    ok(s.take_reminder(&anna, r.id));
    ok(s.done_reminder(&anna, r.id));
}

/// Name-days of contacts: an explicit one wins; a name with one day gives it; with several,
/// the birthday picks the first on or after it; without a birthday the user must pick.
pub fn contact_namedays_follow_the_given_name<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let cal = ok(s.calendar());
    let info = |data: ContactData| {
        let c = ok(s.create(&anna, BookKind::Business, data));
        ok(s.nameday_info(&anna, c.id))
    };
    let md = |x: &str| ok(x.parse::<MonthDay>());
    let one = info(person("Mieczysław", "Nowak", None));
    assert_eq!(one.effective, Some(md("01-01")));
    assert_eq!(one.derived, NamedayChoice::One(md("01-01")));
    assert_eq!(one.candidates, [md("01-01")]);
    let jan = info(person("Jan", "Bez", None));
    assert_eq!(jan.effective, None);
    assert_eq!(jan.derived, NamedayChoice::Ambiguous(cal.dates_of("Jan")));
    assert!(jan.candidates.len() > 3);
    let jan = info(person("jan", "Z", Some("1980-12-20")));
    assert_eq!(jan.effective, Some(md("12-27")));
    let mut picked = person("Jan", "Wybrał", None);
    picked.nameday = Some(md("06-24"));
    let picked = info(picked);
    assert_eq!(
        (picked.effective, picked.explicit),
        (Some(md("06-24")), Some(md("06-24")))
    );
    let unknown = info(person("Xyzzy", "Nikt", None));
    assert_eq!(
        (unknown.effective, unknown.derived),
        (None, NamedayChoice::None)
    );
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        person("Łukasz", "K", Some("1985-10-01")),
    ));
    assert_eq!(
        ok(s.nameday_candidates(&anna, c.id)),
        NamedayChoice::One(md("10-18"))
    );
}

/// `upcoming` finds, through the store's indexed query, exactly what a walk over every visible
/// contact finds: across the year end, around 29 February, with ages, explicit name-days, the
/// birthday rule, compound and hyphenated names, and nobody else's private book.
pub fn upcoming_matches_a_walk_over_every_contact<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let bob = ok(s.local_actor("bob"));
    let names = [
        "Jan",
        "jan",
        "Anna",
        "Piotr",
        "Szczepan",
        "Mieczysław",
        "Sylwester",
        "Roman",
        "Józef",
        "Łukasz",
        "Maria",
        "Magdalena",
        "Anna-Maria",
        "Tomasz",
        "KATARZYNA",
        "Dawid",
        "Xyzzy",
        "Adam Jan",
        "",
    ];
    let birthdays = [
        None,
        Some("--01-02"),
        Some("1980-02-29"),
        Some("1975-12-27"),
        Some("--12-31"),
        Some("2001-06-15"),
        Some("1990-03-01"),
        Some("1999-12-28"),
        Some("--02-28"),
    ];
    let mut n = 0;
    for given in names {
        for b in birthdays {
            n += 1;
            let mut c = if given.is_empty() {
                let mut o = ContactData::organisation(&format!("Firma {n}"));
                o.birthday = b.map(|x| ok(x.parse::<PartialDate>()));
                o
            } else {
                person(given, &format!("N{n}"), b)
            };
            if n % 7 == 0 {
                c.nameday = Some(ok("12-30".parse()));
            }
            if n % 11 == 0 {
                c.nameday = Some(ok("02-29".parse()));
            }
            let (who, book) = match n % 3 {
                0 => (&anna, BookKind::Private),
                1 => (&bob, BookKind::Private),
                _ => (&anna, BookKind::Business),
            };
            if given.is_empty() && book == BookKind::Private {
                continue;
            }
            ok(s.create(who, book, c));
        }
    }
    let cal = ok(s.calendar());
    let windows = [
        ("2025-12-25", 10),
        ("2027-02-25", 5),
        ("2028-02-25", 5),
        ("2026-06-10", 30),
        ("2026-01-01", 366),
        ("2026-07-20", 7),
        ("2026-08-01", 1),
    ];
    for who in [&anna, &bob] {
        let everyone = ok(s.list(
            who,
            &ListFilter {
                limit: 10_000,
                ..ListFilter::default()
            },
        ));
        for (from, days) in windows {
            let from = day(from);
            let got: Vec<(NaiveDate, i64, String)> = ok(s.upcoming(who, from, days, true, true))
                .into_iter()
                .map(|o| (o.date, o.contact.id.0, describe(&o.kind)))
                .collect();
            let mut want = Vec::new();
            for c in &everyone {
                if let Some(b) = c.data.birthday {
                    for d in occurrences(b.month_day, from, days) {
                        let age = b.date().and_then(|born| age_on(born, d));
                        want.push((d, c.id.0, describe(&OccasionKind::Birthday { age })));
                    }
                }
                let derived = match cal
                    .contact_nameday(&c.data.name.given, c.data.birthday.map(|b| b.month_day))
                {
                    NamedayChoice::One(d) => Some(d),
                    _ => None,
                };
                if let Some(nd) = c.data.nameday.or(derived) {
                    let name = c.data.name.given.split_whitespace().next().unwrap_or("");
                    for d in occurrences(nd, from, days) {
                        want.push((
                            d,
                            c.id.0,
                            describe(&OccasionKind::Nameday { name: name.into() }),
                        ));
                    }
                }
            }
            let mut got_sorted = got.clone();
            got_sorted.sort();
            want.sort();
            assert_eq!(
                got_sorted,
                want,
                "{} from {from} for {days} days",
                who.name()
            );
            let dates: Vec<NaiveDate> = got.iter().map(|g| g.0).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "date order");
        }
    }
    let only_birthdays = ok(s.upcoming(&anna, day("2025-12-25"), 10, true, false));
    assert!(only_birthdays
        .iter()
        .all(|o| matches!(o.kind, OccasionKind::Birthday { .. })));
    assert!(!only_birthdays.is_empty());
    for days in [0, 367] {
        assert!(matches!(
            s.upcoming(&anna, day("2025-12-25"), days, true, true),
            Err(Error::Invalid { .. })
        ));
    }
}

fn describe(kind: &OccasionKind) -> String {
    match kind {
        OccasionKind::Birthday { age } => format!("birthday {age:?}"),
        OccasionKind::Nameday { name } => format!("nameday {name}"),
    }
}

/// The day plan: overdue reminders first, then each day's birthdays and name-days before its
/// timed reminders; done reminders and ones after the range stay out.
pub fn agenda_is_in_time_order<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    let now = s.now(); // Monday 2026-11-23 12:00 UTC, 13:00 in Warsaw
    let c = ok(s.create(
        &anna,
        BookKind::Business,
        person("Klemens", "Planowy", Some("1960-11-23")),
    ));
    ok(s.remind(&anna, c.id, now - Duration::days(2), "Overdue", None));
    let done = ok(s.remind(&anna, c.id, now - Duration::days(1), "Done", None));
    ok(s.done_reminder(&anna, done.id));
    ok(s.remind(&anna, c.id, now + Duration::hours(3), "Today", None));
    ok(s.remind(&anna, c.id, at(2026, 11, 24, 7, 0), "Tomorrow", None));
    ok(s.remind(&anna, c.id, at(2026, 11, 25, 0, 0), "After", None));
    let plan = ok(s.agenda(&anna, day("2026-11-23"), 2, now));
    let lines: Vec<String> = plan
        .iter()
        .map(|i| {
            let what = match &i.entry {
                AgendaEntry::Reminder(v) => v.reminder.text.clone(),
                AgendaEntry::Occasion(o) => describe(&o.kind),
                #[allow(unreachable_patterns)]
                _ => "other".into(),
            };
            format!(
                "{} {} {what}",
                i.date,
                i.time
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or("--:--".into())
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "2026-11-21 13:00 Overdue",
            "2026-11-23 --:-- birthday Some(66)",
            "2026-11-23 --:-- nameday Klemens",
            "2026-11-23 16:00 Today",
            "2026-11-24 08:00 Tomorrow",
        ]
    );
    assert_eq!(ok(s.today()).to_string(), "2026-11-23");
}

/// The installation's time zone and calendar are settings, checked when set.
pub fn time_zone_and_calendar_settings<S: Store>(store: S) {
    let s = service(store);
    let anna = ok(s.local_actor("anna"));
    assert_eq!(ok(s.timezone()).name(), "Europe/Warsaw");
    assert_eq!(ok(s.calendar()).country(), "pl");
    assert_eq!(
        ok(s.local_to_utc("2026-09-10 12:00")).to_rfc3339(),
        "2026-09-10T10:00:00+00:00"
    );
    assert!(matches!(
        s.local_to_utc("2026-03-29 02:30"),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.set_setting(&anna, "timezone", "Mars/Base"),
        Err(Error::Invalid { .. })
    ));
    assert!(matches!(
        s.set_setting(&anna, "nameday.country", "xx"),
        Err(Error::Invalid { .. })
    ));
    ok(s.set_setting(&anna, "timezone", "America/New_York"));
    assert_eq!(
        ok(s.local_to_utc("2026-09-10 12:00")).to_rfc3339(),
        "2026-09-10T16:00:00+00:00"
    );
    ok(s.set_setting(&anna, "nameday.country", "cz"));
    assert_eq!(ok(s.calendar()).country(), "cz");
    assert!(Calendar::get("cz").is_some());
}
