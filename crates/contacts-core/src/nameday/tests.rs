use std::time::Instant;

use proptest::prelude::*;

use super::*;

fn md(s: &str) -> MonthDay {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cal(cc: &str) -> &'static Calendar {
    Calendar::get(cc).unwrap_or_else(|| panic!("no calendar {cc}"))
}

fn days(v: &[MonthDay]) -> Vec<String> {
    v.iter().map(|d| d.to_string()).collect()
}

#[test]
fn every_country_parses() {
    assert_eq!(Calendar::countries().len(), 19);
    assert!(!Calendar::countries().contains(&"fi"));
    for cc in Calendar::countries() {
        let (_, text) = data::FILES
            .iter()
            .find(|(c, _)| c == cc)
            .unwrap_or_else(|| panic!("{cc}"));
        let parsed = parse("xx", text);
        assert!(parsed.is_ok(), "{cc}: {:?}", parsed.err());
        assert_eq!(Calendar::get(cc).map(Calendar::country), Some(*cc));
    }
    assert_eq!(Calendar::get("PL").map(Calendar::country), Some("pl"));
    assert!(Calendar::get("fi").is_none());
    assert!(Calendar::get("xx").is_none());
}

#[test]
fn parse_rejects_bad_lines() {
    assert!(parse("xx", "01-01\tAnna\n").is_ok());
    for bad in [
        "01-01 Anna\n",
        "13-01\tAnna\n",
        "01-01\tAnna,\n",
        "01-01\tAnna\n01-01\tEwa\n",
    ] {
        assert!(parse("xx", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn polish_spot_checks() {
    let pl = cal("pl");
    for (name, day) in [
        ("Jan", "06-24"),
        ("Anna", "07-26"),
        ("Krzysztof", "07-25"),
        ("Małgorzata", "07-13"),
        ("Małgorzata", "07-20"),
        ("Piotr", "06-29"),
        ("Agnieszka", "01-21"),
        ("Maria", "08-15"),
        ("Katarzyna", "11-25"),
        ("Andrzej", "11-30"),
        ("Tomasz", "12-21"),
        ("Michał", "09-29"),
        ("Barbara", "12-04"),
        ("Józef", "03-19"),
        ("Stanisław", "05-08"),
        ("Stanisław", "11-13"),
    ] {
        assert!(pl.dates_of(name).contains(&md(day)), "{name} on {day}");
    }
    assert_eq!(days(&pl.dates_of("Anna")), ["07-26", "08-07"]);
    assert_eq!(days(&pl.dates_of("Zbigniew")), ["02-17", "03-17", "04-01"]);
    assert!(pl.dates_of("Jan").len() > 30);
}

#[test]
fn dates_are_in_calendar_order_and_unique() {
    for cc in Calendar::countries() {
        let c = cal(cc);
        for entries in c.index.values() {
            for e in entries {
                assert!(
                    e.dates.windows(2).all(|w| w[0] < w[1]),
                    "{cc} {}",
                    e.display
                );
            }
        }
    }
}

#[test]
fn matching_ignores_case_and_diacritics() {
    let pl = cal("pl");
    let want = pl.lookup("Łukasz").map(|n| n.dates);
    assert_eq!(want.as_ref().map(Vec::len), Ok(5));
    for spelling in ["lukasz", "ŁUKASZ", "łukasz", " Lukasz "] {
        let got = pl.lookup(spelling);
        assert_eq!(got.as_ref().map(|n| n.name.as_str()), Ok("Łukasz"));
        assert_eq!(got.map(|n| n.dates), want);
    }
}

#[test]
fn exact_spelling_wins_over_folded_twin() {
    // pl lists both "Łucja" and "Lucja", which fold to the same key.
    let pl = cal("pl");
    let lookup = |name: &str| pl.lookup(name).map(|n| (n.name, days(&n.dates)));
    let lucja = [
        "03-04", "03-25", "06-25", "07-06", "07-09", "09-16", "12-13",
    ];
    let l_lucja = ["03-25", "06-25", "07-06", "07-09", "09-16", "12-13"];
    assert_eq!(
        lookup("Lucja"),
        Ok(("Lucja".into(), lucja.map(String::from).to_vec()))
    );
    assert_eq!(
        lookup("LUCJA"),
        Ok(("Lucja".into(), lucja.map(String::from).to_vec()))
    );
    assert_eq!(
        lookup("łucja"),
        Ok(("Łucja".into(), l_lucja.map(String::from).to_vec()))
    );
}

#[test]
fn ambiguous_folded_name_gives_the_union() {
    // at lists "Günther" (07-03, 10-08) and "Gunther" (11-28).
    let at = cal("at");
    assert_eq!(days(&at.dates_of("Günther")), ["07-03", "10-08"]);
    assert_eq!(days(&at.dates_of("gunther")), ["11-28"]);
    let got = at.lookup("Gúnther");
    assert_eq!(got.as_ref().map(|n| n.name.as_str()), Ok("Günther/Gunther"));
    assert_eq!(
        got.map(|n| days(&n.dates)),
        Ok(vec!["07-03".into(), "10-08".into(), "11-28".into()])
    );
}

#[test]
fn compounds_are_found_whole_and_by_word() {
    let pl = cal("pl");
    assert!(pl
        .names_on(md("07-22"))
        .contains(&"Maria Magdalena".to_string()));
    assert!(pl.dates_of("Maria Magdalena").contains(&md("07-22")));
    assert!(pl.dates_of("maria  magdalena").contains(&md("07-22")));
    assert!(pl.dates_of("Magdalena").contains(&md("07-22")));
    assert!(pl.dates_of("Magdalena").contains(&md("05-27")));
    // The bad token "Piotr. Jagoda" was split into two names.
    assert_eq!(days(&pl.dates_of("Jagoda")), ["07-02"]);
    assert!(pl.dates_of("Piotr").contains(&md("07-02")));
    assert!(pl.lookup("Piotr. Jagoda").is_err());
}

#[test]
fn holidays_are_not_names() {
    let checks = [
        ("cz", "01-01", "Nový rok"),
        ("sk", "01-01", "Nový rok"),
        ("se", "01-01", "Nyårsdagen"),
        ("dk", "01-01", "Nytårsdag"),
        ("fr", "01-01", "Jour de l'An"),
        ("it", "01-01", "Maria Ss. Madre Di Dio"),
        ("de", "01-01", "Neujahr"),
        ("se", "12-25", "Juldagen"),
    ];
    for (cc, day, holiday) in checks {
        let c = cal(cc);
        assert!(
            !c.names_on(md(day)).iter().any(|n| n == holiday),
            "{cc} {day} {holiday}"
        );
        assert!(c.lookup(holiday).is_err(), "{cc} {holiday}");
    }
    // No name anywhere keeps a dot, digit or bracket from the upstream junk.
    for cc in Calendar::countries() {
        let c = cal(cc);
        for names in &c.by_day {
            for n in names {
                assert!(
                    !n.chars()
                        .any(|ch| ch.is_ascii_digit() || ".()[],;".contains(ch)),
                    "{cc}: {n:?}"
                );
                assert!(
                    n.chars().next().is_some_and(char::is_uppercase),
                    "{cc}: {n:?}"
                );
            }
        }
    }
}

#[test]
fn names_on_a_day() {
    let pl = cal("pl");
    assert_eq!(
        pl.names_on(md("01-01")),
        ["Mieczysław", "Mieczysława", "Mieszko"]
    );
    assert!(!pl.names_on(md("02-29")).is_empty());
    // ru is nearly empty upstream: days without names give an empty slice.
    let ru = cal("ru");
    let empty_days = (0..366)
        .filter(|&i| ru.by_day.get(i).is_some_and(Vec::is_empty))
        .count();
    assert!(empty_days > 300, "{empty_days}");
    assert!(ru.names_on(md("01-01")).is_empty());
}

#[test]
fn unknown_names_get_suggestions() {
    let pl = cal("pl");
    let err = pl.lookup("Krzysztop").err();
    let suggestions = err.map(|e| e.suggestions).unwrap_or_default();
    assert_eq!(suggestions.first().map(String::as_str), Some("Krzysztof"));
    assert!(suggestions.len() <= 5);
    assert_eq!(
        pl.lookup("Qwxzvbnm").map_err(|e| e.suggestions),
        Err(vec![])
    );
    assert!(pl.dates_of("Qwxzvbnm").is_empty());
    assert_eq!(
        pl.lookup("Malgorzta").err().map(|e| e.to_string()),
        Some("name not in the name-day calendar; did you mean Małgorzata?".into())
    );
}

#[test]
fn contact_nameday_choices() {
    let pl = cal("pl");
    // One date.
    assert_eq!(
        pl.contact_nameday("Jagoda", None),
        NamedayChoice::One(md("07-02"))
    );
    // Several dates, no birthday.
    assert_eq!(
        pl.contact_nameday("Zbigniew", None),
        NamedayChoice::Ambiguous(vec![md("02-17"), md("03-17"), md("04-01")])
    );
    // Several dates: the first on or after the birthday, wrapping to the year's first.
    for (birthday, want) in [
        ("01-05", "02-17"),
        ("02-17", "02-17"),
        ("02-18", "03-17"),
        ("03-20", "04-01"),
        ("04-02", "02-17"),
        ("12-31", "02-17"),
    ] {
        assert_eq!(
            pl.contact_nameday("Zbigniew", Some(md(birthday))),
            NamedayChoice::One(md(want)),
            "born {birthday}"
        );
    }
    // Only the first word counts.
    assert_eq!(
        pl.contact_nameday("Anna Maria", Some(md("08-01"))),
        NamedayChoice::One(md("08-07"))
    );
    assert_eq!(
        pl.contact_nameday("zbigniew Jan", None),
        NamedayChoice::Ambiguous(vec![md("02-17"), md("03-17"), md("04-01")])
    );
    // A hyphenated name unknown as a whole falls back to its first part.
    assert_eq!(
        pl.contact_nameday("Anna-Qwxz", Some(md("08-01"))),
        NamedayChoice::One(md("08-07"))
    );
    assert_eq!(pl.contact_nameday("Qwxz", None), NamedayChoice::None);
    assert_eq!(pl.contact_nameday("   ", None), NamedayChoice::None);
}

#[test]
fn lookup_is_fast() {
    // A coarse guard, not a benchmark: 10 µs a lookup is the budget; allow slack for debug builds
    // and a busy machine.
    let pl = cal("pl");
    let names = ["Łukasz", "lukasz", "Jan", "Małgorzata", "Zbigniew"];
    let rounds = 2_000u32;
    let start = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for n in names {
            found += pl.dates_of(n).len();
        }
    }
    let per_lookup = start.elapsed() / (rounds * names.len() as u32);
    assert!(found > 0);
    assert!(per_lookup.as_micros() < 50, "{per_lookup:?} a lookup");
}

proptest! {
    #[test]
    fn every_listed_name_is_found_on_its_day(cc_i in 0usize..19, day_n in 0usize..366, pick in 0usize..64) {
        let cc = Calendar::countries()[cc_i % Calendar::countries().len()];
        let c = cal(cc);
        let names = &c.by_day[day_n];
        prop_assume!(!names.is_empty());
        let name = &names[pick % names.len()];
        let day = MonthDay::of(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|d| d.checked_add_days(chrono::Days::new(day_n as u64)))
            .unwrap_or_else(|| panic!("{day_n}")));
        prop_assert!(c.names_on(day).contains(name));
        let found = c.lookup(name);
        prop_assert!(found.is_ok(), "{} {}", cc, name);
        let found = found.unwrap_or_else(|_| unreachable!());
        prop_assert!(found.dates.contains(&day));
        prop_assert!(c.dates_of(&name.to_uppercase()).contains(&day));
        // Without diacritics the name is still found, unless a twin is spelt exactly that way
        // ("Cedomil" beside "Čedomil" in hr): then the exact spelling wins.
        let folded = fold(name);
        let twin = c.index.get(&folded).is_some_and(|entries| {
            entries.iter().any(|e| e.display != *name && e.display.to_lowercase() == folded)
        });
        prop_assert!(twin || c.dates_of(&folded).contains(&day));
    }

    #[test]
    fn lookup_never_panics(s in "\\PC{0,30}") {
        let pl = cal("pl");
        let _ = pl.lookup(&s);
        let _ = pl.contact_nameday(&s, None);
    }
}
