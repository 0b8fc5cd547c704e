//! End to end: name-days, upcoming birthdays and name-days, reminders, the day plan, the
//! iCalendar feed and the installation settings. "Now" is 2024-05-01 12:00 UTC (14:00 in
//! Warsaw), a Wednesday of a leap year.

use crate::common;

use common::Env;
use insta::assert_snapshot;

/// Runs each command line and joins what it printed, so one snapshot shows a session.
fn session(env: &Env, user: &str, lines: &[&[&str]]) -> String {
    let mut s = String::new();
    for args in lines {
        s.push_str(&format!("$ contacts {}\n", args.join(" ")));
        s.push_str(&env.run_as(user, args).to_string());
        if !s.ends_with('\n') {
            s.push('\n');
        }
    }
    s
}

#[test]
fn nameday_by_name_and_by_date() {
    let env = Env::new();
    assert_snapshot!(session(&env, "anna", &[
        &["nameday", "lukasz"],
        &["nameday", "ŁUKASZ"],
        &["nameday", "Anna"],
        &["nameday", "--date", "10-18"],
        &["nameday", "--date", "02-29"],
        &["--json", "nameday", "agnieszka"],
        &["--json", "nameday", "--date", "01-01"],
    ]), @r#"
        $ contacts nameday lukasz
        Łukasz: 02-17, 04-22, 09-10, 10-18, 10-31
        $ contacts nameday ŁUKASZ
        Łukasz: 02-17, 04-22, 09-10, 10-18, 10-31
        $ contacts nameday Anna
        Anna: 07-26, 08-07
        $ contacts nameday --date 10-18
        10-18: Julian, Łukasz
        $ contacts nameday --date 02-29
        02-29: Dobronieg, Roman
        $ contacts --json nameday agnieszka
        {
          "name": "Agnieszka",
          "country": "pl",
          "dates": [
            "01-21",
            "01-28",
            "04-20",
            "06-17",
            "09-20"
          ]
        }
        $ contacts --json nameday --date 01-01
        {
          "date": "01-01",
          "country": "pl",
          "names": [
            "Mieczysław",
            "Mieczysława",
            "Mieszko"
          ]
        }
        "#);
}

#[test]
fn nameday_bad_input() {
    let env = Env::new();
    assert_snapshot!(session(&env, "anna", &[
        &["nameday", "Lukaszz"],
        &["nameday", "Qxqxqxqx"],
        &["nameday", "--date", "02-31"],
        &["nameday", "--date", "13-01"],
        &["nameday", "--date", "tomorrow"],
    ]), @r#"
        $ contacts nameday Lukaszz
        [stderr]
        error: unknown name 'Lukaszz' in the 'pl' name-day calendar; did you mean: Łukasz, Lubosza?
        [exit 1]
        $ contacts nameday Qxqxqxqx
        [stderr]
        error: unknown name 'Qxqxqxqx' in the 'pl' name-day calendar
        [exit 1]
        $ contacts nameday --date 02-31
        [stderr]
        error: invalid date: day 31 does not exist in month 02
        [exit 1]
        $ contacts nameday --date 13-01
        [stderr]
        error: invalid date: month 13 is not 1 to 12
        [exit 1]
        $ contacts nameday --date tomorrow
        [stderr]
        error: invalid date: 'tomorrow' is not DD.MM or MM-DD
        [exit 1]
        "#);
}

#[test]
fn show_gives_the_effective_nameday_and_the_candidates() {
    let env = Env::new();
    let one = env.ok(&["add", "--given", "Łukasz", "--family", "Nowak"]);
    let open = env.ok(&["add", "--given", "Anna", "--family", "Kowalska"]);
    let born = env.ok(&[
        "add",
        "--given",
        "Anna",
        "--family",
        "Zielińska",
        "--birthday",
        "1990-05-01",
    ]);
    let out = session(
        &env,
        "anna",
        &[
            &["show", &one],
            &["show", &open],
            &["show", &born],
            &["edit", &open, "--nameday", "07-26"],
            &["show", &open],
            &["edit", &open, "--nameday", "02-31"],
        ],
    );
    let grep: String = out
        .lines()
        .filter(|l| {
            l.starts_with('$')
                || l.trim_start().starts_with("Name-day")
                || l.starts_with("updated")
                || l.contains("error")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_snapshot!(grep, @r#"
        $ contacts show 1
          Name-day     not chosen: the name has 02-17, 04-22, 09-10, 10-18, 10-31; pick one with `contacts edit ID --nameday MM-DD`
        $ contacts show 2
          Name-day     not chosen: the name has 07-26, 08-07; pick one with `contacts edit ID --nameday MM-DD`
        $ contacts show 3
          Name-day     07-26 (from the given name and birthday; the name has 07-26, 08-07)
        $ contacts edit 2 --nameday 07-26
        updated contact 2 (now version 2)
        $ contacts show 2
          Name-day     07-26 (chosen; the name has 07-26, 08-07)
        $ contacts edit 2 --nameday 02-31
        error: invalid nameday: day 31 does not exist in month 02
        "#);
}

/// People with birthdays and name-days around the dates the tests look at.
fn people(env: &Env) -> Vec<String> {
    vec![
        env.ok(&[
            "add",
            "--given",
            "Łukasz",
            "--family",
            "Nowak",
            "--birthday",
            "1980-05-03",
        ]),
        env.ok(&[
            "add",
            "--given",
            "Zofia",
            "--family",
            "Wiśniewska",
            "--birthday",
            "--05-04",
        ]),
        env.ok(&[
            "add",
            "--given",
            "Sylwester",
            "--family",
            "Kot",
            "--birthday",
            "1999-12-31",
        ]),
        env.ok(&[
            "add",
            "--given",
            "Mieszko",
            "--family",
            "Nowy",
            "--birthday",
            "2000-01-02",
        ]),
        env.ok(&[
            "add",
            "--given",
            "Feliks",
            "--family",
            "Przestępny",
            "--birthday",
            "2000-02-29",
        ]),
        env.ok(&[
            "add",
            "--private",
            "--given",
            "Jan",
            "--family",
            "Prywatny",
            "--birthday",
            "1970-05-05",
        ]),
    ]
}

#[test]
fn upcoming_birthdays_and_namedays() {
    let env = Env::new();
    people(&env);
    assert_snapshot!(session(&env, "anna", &[
        &["upcoming"],
        &["upcoming", "--birthdays"],
        &["upcoming", "--namedays", "--days", "3"],
        &["--json", "upcoming", "--days", "3"],
    ]), @r#"
        $ contacts upcoming
        DATE        DAY  KIND            ID  CONTACT           AGE  BOOK
        2024-05-03  Fri  birthday        1   Łukasz Nowak      44   business
        2024-05-04  Sat  birthday        2   Zofia Wiśniewska       business
        2024-05-05  Sun  birthday        6   Jan Prywatny      54   private
        2024-05-06  Mon  name-day (Jan)  6   Jan Prywatny           private
        $ contacts upcoming --birthdays
        DATE        DAY  KIND      ID  CONTACT           AGE  BOOK
        2024-05-03  Fri  birthday  1   Łukasz Nowak      44   business
        2024-05-04  Sat  birthday  2   Zofia Wiśniewska       business
        2024-05-05  Sun  birthday  6   Jan Prywatny      54   private
        $ contacts upcoming --namedays --days 3
        nothing in 3 days from 2024-05-01
        $ contacts --json upcoming --days 3
        [
          {
            "date": "2024-05-03",
            "kind": "birthday",
            "contact_id": 1,
            "contact": "Łukasz Nowak",
            "book": "business",
            "age": 44
          }
        ]
        "#);
}

#[test]
fn upcoming_across_the_year_end_and_on_29_february() {
    let env = Env::new();
    people(&env);
    assert_snapshot!(session(&env, "anna", &[
        &["upcoming", "--from", "2026-12-28", "--days", "7"],
        &["upcoming", "--birthdays", "--from", "2027-02-27", "--days", "3"],
        &["upcoming", "--birthdays", "--from", "2028-02-27", "--days", "3"],
        &["upcoming", "--from", "2026-02-31"],
        &["upcoming", "--days", "0"],
    ]), @r#"
        $ contacts upcoming --from 2026-12-28 --days 7
        DATE        DAY  KIND                  ID  CONTACT        AGE  BOOK
        2026-12-31  Thu  birthday              3   Sylwester Kot  27   business
        2026-12-31  Thu  name-day (Sylwester)  3   Sylwester Kot       business
        2027-01-01  Fri  name-day (Mieszko)    4   Mieszko Nowy        business
        2027-01-02  Sat  birthday              4   Mieszko Nowy   27   business
        $ contacts upcoming --birthdays --from 2027-02-27 --days 3
        DATE        DAY  KIND      ID  CONTACT            AGE  BOOK
        2027-02-28  Sun  birthday  5   Feliks Przestępny  27   business
        $ contacts upcoming --birthdays --from 2028-02-27 --days 3
        DATE        DAY  KIND      ID  CONTACT            AGE  BOOK
        2028-02-29  Tue  birthday  5   Feliks Przestępny  28   business
        $ contacts upcoming --from 2026-02-31
        [stderr]
        error: invalid from: '2026-02-31' is not a date such as 18.10.1985 or 1985-10-18
        [exit 1]
        $ contacts upcoming --days 0
        [stderr]
        error: invalid days: 0 is not a number of days from 1 to 366
        [exit 1]
        "#);
}

#[test]
fn reminders_set_list_take_and_done() {
    let env = Env::new();
    env.ok(&["user", "add", "bob"]);
    let c = env.ok(&["add", "--given", "Łukasz", "--family", "Nowak"]);
    let before = env.ok(&["--json", "reminders", "--due", "all"]);
    assert_snapshot!(session(&env, "anna", &[
        &["remind", &c, "--at", "2024-05-01 16:30", "--text", "Call the client"],
        &["remind", &c, "--at", "2024-04-30 09:00", "--text", "Send the offer", "--assign", "bob"],
        &["remind", &c, "--at", "2024-05-06 08:00", "--text", "Invoice"],
        &["remind", &c, "--at", "2024-06-01 08:00", "--text", "Next month"],
        &["reminders"],
        &["reminders", "--due", "today"],
        &["reminders", "--due", "overdue"],
        &["reminders", "--due", "week"],
    ]), @r#"
        $ contacts remind 1 --at 2024-05-01 16:30 --text Call the client
        added reminder 1 on Łukasz Nowak, due 2024-05-01 16:30 (Europe/Warsaw)
        $ contacts remind 1 --at 2024-04-30 09:00 --text Send the offer --assign bob
        added reminder 2 on Łukasz Nowak for bob, due 2024-04-30 09:00 (Europe/Warsaw), overdue already
        $ contacts remind 1 --at 2024-05-06 08:00 --text Invoice
        added reminder 3 on Łukasz Nowak, due 2024-05-06 08:00 (Europe/Warsaw)
        $ contacts remind 1 --at 2024-06-01 08:00 --text Next month
        added reminder 4 on Łukasz Nowak, due 2024-06-01 08:00 (Europe/Warsaw)
        $ contacts reminders
        RID  DUE               STATE    CONTACT       TEXT             ASSIGNEE  BY
        2    2024-04-30 09:00  overdue  Łukasz Nowak  Send the offer   bob       anna
        1    2024-05-01 16:30           Łukasz Nowak  Call the client            anna
        3    2024-05-06 08:00           Łukasz Nowak  Invoice                    anna
        4    2024-06-01 08:00           Łukasz Nowak  Next month                 anna
        $ contacts reminders --due today
        RID  DUE               STATE  CONTACT       TEXT             ASSIGNEE  BY
        1    2024-05-01 16:30         Łukasz Nowak  Call the client            anna
        $ contacts reminders --due overdue
        RID  DUE               STATE    CONTACT       TEXT            ASSIGNEE  BY
        2    2024-04-30 09:00  overdue  Łukasz Nowak  Send the offer  bob       anna
        $ contacts reminders --due week
        RID  DUE               STATE  CONTACT       TEXT             ASSIGNEE  BY
        1    2024-05-01 16:30         Łukasz Nowak  Call the client            anna
        3    2024-05-06 08:00         Łukasz Nowak  Invoice                    anna
        "#);
    assert_snapshot!(session(&env, "bob", &[
        &["reminders", "--mine"],
        &["reminders", "take", "1"],
        &["reminders", "list", "--mine"],
        &["reminders", "done", "2"],
        &["reminders", "done", "2"],
        &["reminders", "--due", "all"],
        &["--json", "reminders", "--mine", "--due", "all"],
    ]), @r#"
        $ contacts reminders --mine
        RID  DUE               STATE    CONTACT       TEXT            ASSIGNEE  BY
        2    2024-04-30 09:00  overdue  Łukasz Nowak  Send the offer  bob       anna
        $ contacts reminders take 1
        reminder 1 taken over by you (now bob's)
        $ contacts reminders list --mine
        RID  DUE               STATE    CONTACT       TEXT             ASSIGNEE  BY
        2    2024-04-30 09:00  overdue  Łukasz Nowak  Send the offer   bob       anna
        1    2024-05-01 16:30           Łukasz Nowak  Call the client  bob       anna
        $ contacts reminders done 2
        reminder 2 done (by bob)
        $ contacts reminders done 2
        [stderr]
        error: invalid reminder: reminder 2 was done by bob at 2024-05-01 12:00 UTC
        [exit 1]
        $ contacts reminders --due all
        RID  DUE               STATE        CONTACT       TEXT             ASSIGNEE  BY
        2    2024-04-30 09:00  done by bob  Łukasz Nowak  Send the offer   bob       anna
        1    2024-05-01 16:30               Łukasz Nowak  Call the client  bob       anna
        3    2024-05-06 08:00               Łukasz Nowak  Invoice                    anna
        4    2024-06-01 08:00               Łukasz Nowak  Next month                 anna
        $ contacts --json reminders --mine --due all
        [
          {
            "id": 2,
            "contact_id": 1,
            "contact": "Łukasz Nowak",
            "book": "business",
            "text": "Send the offer",
            "due": "2024-04-30 09:00",
            "due_utc": "2024-04-30T07:00:00Z",
            "overdue": false,
            "can_take": false,
            "created_by": "anna",
            "assignee": "bob",
            "done_by": "bob",
            "done_at": "2024-05-01T12:00:00Z",
            "version": 2,
            "case_id": null,
            "case_number": null
          },
          {
            "id": 1,
            "contact_id": 1,
            "contact": "Łukasz Nowak",
            "book": "business",
            "text": "Call the client",
            "due": "2024-05-01 16:30",
            "due_utc": "2024-05-01T14:30:00Z",
            "overdue": false,
            "can_take": true,
            "created_by": "anna",
            "assignee": "bob",
            "done_by": null,
            "done_at": null,
            "version": 2,
            "case_id": null,
            "case_number": null
          }
        ]
        "#);
    // Bad input writes nothing.
    let env2 = Env::new();
    let c2 = env2.ok(&["add", "--given", "Anna"]);
    let before2 = env2.ok(&["--json", "reminders", "--due", "all"]);
    assert_snapshot!(session(&env2, "anna", &[
        &["remind", &c2, "--at", "2024-02-31 12:00", "--text", "x"],
        &["remind", &c2, "--at", "tomorrow", "--text", "x"],
        &["remind", &c2, "--at", "2024-03-31 02:30", "--text", "skipped by DST"],
        &["remind", &c2, "--at", "2024-06-01 12:00", "--text", "x", "--assign", "nobody"],
        &["remind", &c2, "--text", "  ", "--at", "2024-06-01 12:00"],
        &["remind", "999", "--at", "2024-06-01 12:00", "--text", "x"],
        &["reminders", "take", "77"],
        &["reminders", "done", "abc"],
    ]), @r#"
        $ contacts remind 1 --at 2024-02-31 12:00 --text x
        [stderr]
        error: invalid time: '2024-02-31 12:00' is not a date and time such as 10.09.2026 12:00 or 2026-09-10 12:00
        [exit 1]
        $ contacts remind 1 --at tomorrow --text x
        [stderr]
        error: invalid time: 'tomorrow' is not a date and time such as 10.09.2026 12:00 or 2026-09-10 12:00
        [exit 1]
        $ contacts remind 1 --at 2024-03-31 02:30 --text skipped by DST
        [stderr]
        error: invalid time: 2024-03-31 02:30 does not exist in Europe/Warsaw (the clocks jump forward then); choose another time
        [exit 1]
        $ contacts remind 1 --at 2024-06-01 12:00 --text x --assign nobody
        [stderr]
        error: invalid assignee: no user 'nobody'
        [exit 1]
        $ contacts remind 1 --text    --at 2024-06-01 12:00
        [stderr]
        error: invalid text: must not be empty
        [exit 1]
        $ contacts remind 999 --at 2024-06-01 12:00 --text x
        [stderr]
        error: contact 999 not found
        [exit 1]
        $ contacts reminders take 77
        [stderr]
        error: reminder 77 not found
        [exit 1]
        $ contacts reminders done abc
        [stderr]
        error: invalid id: 'abc' is not an id (a positive whole number)
        [exit 1]
        "#);
    assert_eq!(env2.ok(&["--json", "reminders", "--due", "all"]), before2);
    assert_eq!(before, "[]");
}

#[test]
fn agenda_for_a_day_and_a_week() {
    let env = Env::new();
    let ids = people(&env);
    env.ok(&[
        "remind",
        &ids[0],
        "--at",
        "2024-05-01 16:30",
        "--text",
        "Call",
    ]);
    env.ok(&[
        "remind",
        &ids[1],
        "--at",
        "2024-05-01 09:15",
        "--text",
        "Morning call",
    ]);
    env.ok(&[
        "remind",
        &ids[1],
        "--at",
        "2024-04-20 10:00",
        "--text",
        "Late one",
    ]);
    env.ok(&[
        "remind",
        &ids[2],
        "--at",
        "2024-05-03 11:00",
        "--text",
        "Meeting",
    ]);
    assert_snapshot!(session(&env, "anna", &[
        &["agenda"],
        &["agenda", "2024-05-03"],
        &["agenda", "--week"],
        &["agenda", "2024-07-01"],
        &["agenda", "2024-02-30"],
    ]), @r#"
        $ contacts agenda
        DATE        TIME   WHAT                CONTACT           DETAIL
        2024-04-20  10:00  overdue reminder 3  Zofia Wiśniewska  Late one
        2024-05-01  09:15  overdue reminder 2  Zofia Wiśniewska  Morning call
        2024-05-01  16:30  reminder 1          Łukasz Nowak      Call
        $ contacts agenda 2024-05-03
        DATE        TIME     WHAT                CONTACT           DETAIL
        2024-04-20  10:00    overdue reminder 3  Zofia Wiśniewska  Late one
        2024-05-01  09:15    overdue reminder 2  Zofia Wiśniewska  Morning call
        2024-05-03  all day  birthday            Łukasz Nowak      turns 44
        2024-05-03  11:00    reminder 4          Sylwester Kot     Meeting
        $ contacts agenda --week
        DATE        TIME     WHAT                CONTACT           DETAIL
        2024-04-20  10:00    overdue reminder 3  Zofia Wiśniewska  Late one
        2024-05-01  09:15    overdue reminder 2  Zofia Wiśniewska  Morning call
        2024-05-01  16:30    reminder 1          Łukasz Nowak      Call
        2024-05-03  all day  birthday            Łukasz Nowak      turns 44
        2024-05-03  11:00    reminder 4          Sylwester Kot     Meeting
        2024-05-04  all day  birthday            Zofia Wiśniewska
        2024-05-05  all day  birthday            Jan Prywatny      turns 54
        2024-05-06  all day  name-day (Jan)      Jan Prywatny
        $ contacts agenda 2024-07-01
        DATE        TIME   WHAT                CONTACT           DETAIL
        2024-04-20  10:00  overdue reminder 3  Zofia Wiśniewska  Late one
        2024-05-01  09:15  overdue reminder 2  Zofia Wiśniewska  Morning call
        $ contacts agenda 2024-02-30
        [stderr]
        error: invalid date: '2024-02-30' is not a date such as 18.10.1985 or 1985-10-18
        [exit 1]
        "#);
    let json = env.run(&["--json", "agenda", "2024-05-03"]).json();
    let types: Vec<&str> = json
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["type"].as_str())
        .collect();
    assert_eq!(types, ["reminder", "reminder", "occasion", "reminder"]);
}

#[test]
fn ics_feed_to_stdout_and_file() {
    let env = Env::new();
    let ids = people(&env);
    env.ok(&[
        "remind",
        &ids[0],
        "--at",
        "2024-05-01 16:30",
        "--text",
        "Call",
    ]);
    let feed = env.ok(&["ics"]);
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
    assert!(feed.ends_with("END:VCALENDAR"), "{feed}");
    assert!(feed.contains("Birthday: Łukasz Nowak"), "{feed}");
    assert!(feed.contains("Call"), "{feed}");
    assert_snapshot!(env.ok(&["ics", "-o", "feed.ics"]), @"wrote feed.ics");
    let written = String::from_utf8_lossy(&env.read("feed.ics")).into_owned();
    assert_eq!(written.trim(), feed);
    let summaries: Vec<&str> = feed.lines().filter(|l| l.starts_with("SUMMARY")).collect();
    assert_snapshot!(summaries.join("\n"), @r#"
        SUMMARY:Birthday: Łukasz Nowak
        SUMMARY:Name-day: Łukasz Nowak
        SUMMARY:Birthday: Zofia Wiśniewska
        SUMMARY:Name-day: Zofia Wiśniewska
        SUMMARY:Birthday: Sylwester Kot
        SUMMARY:Name-day: Sylwester Kot
        SUMMARY:Birthday: Mieszko Nowy
        SUMMARY:Name-day: Mieszko Nowy
        SUMMARY:Birthday: Feliks Przestępny
        SUMMARY:Name-day: Feliks Przestępny
        SUMMARY:Birthday: Jan Prywatny
        SUMMARY:Name-day: Jan Prywatny
        SUMMARY:Call (Łukasz Nowak)
        "#);
}

#[test]
fn config_timezone_and_calendar() {
    let env = Env::new();
    env.ok(&["user", "add", "bob"]);
    let c = env.ok(&["add", "--given", "Anna"]);
    env.ok(&["remind", &c, "--at", "2024-05-01 16:30", "--text", "Call"]);
    assert_snapshot!(session(&env, "anna", &[
        &["config", "list"],
        &["config", "get", "timezone"],
        &["config", "set", "timezone", "Mars/Olympus"],
        &["config", "set", "nameday.country", "xx"],
        &["config", "set", "timezone", "America/New_York"],
        &["reminders"],
        &["config", "set", "nameday.country", "cz"],
        &["nameday", "lukas"],
        &["--json", "config", "list"],
        &["config", "get", "colour"],
    ]), @r#"
        $ contacts config list
        timezone = Europe/Warsaw (default)
        nameday.country = pl (default)
        language = en (default)
        $ contacts config get timezone
        Europe/Warsaw
        $ contacts config set timezone Mars/Olympus
        [stderr]
        error: invalid timezone: 'Mars/Olympus' is not a time zone name (such as Europe/Warsaw or UTC)
        [exit 1]
        $ contacts config set nameday.country xx
        [stderr]
        error: invalid nameday.country: no name-day calendar for 'xx' (known: at, bg, cz, de, dk, ee, es, fr, gr, hr, hu, it, lt, lv, pl, ru, se, sk, us)
        [exit 1]
        $ contacts config set timezone America/New_York
        set timezone = America/New_York
        $ contacts reminders
        RID  DUE               STATE  CONTACT  TEXT  ASSIGNEE  BY
        1    2024-05-01 10:30         Anna     Call            anna
        $ contacts config set nameday.country cz
        set nameday.country = cz
        $ contacts nameday lukas
        Lukáš: 10-18
        $ contacts --json config list
        [
          {
            "key": "timezone",
            "value": "America/New_York",
            "default": false
          },
          {
            "key": "nameday.country",
            "value": "cz",
            "default": false
          },
          {
            "key": "language",
            "value": "en",
            "default": true
          }
        ]
        $ contacts config get colour
        [stderr]
        error: invalid value 'colour' for '<KEY>'
          [possible values: timezone, nameday.country, language]

        For more information, try '--help'.
        [exit 2]
        "#);
    assert_snapshot!(session(&env, "bob", &[
        &["config", "set", "timezone", "Europe/Warsaw"],
        &["config", "get", "timezone"],
    ]), @r#"
        $ contacts config set timezone Europe/Warsaw
        [stderr]
        error: forbidden: only an admin may change settings
        [exit 1]
        $ contacts config get timezone
        America/New_York
        "#);
}

#[test]
fn another_user_never_sees_a_private_contacts_dates() {
    let env = Env::new();
    env.ok(&["user", "add", "bob"]);
    let secret = env.ok_as(
        "bob",
        &[
            "add",
            "--private",
            "--given",
            "Sekretna",
            "--family",
            "Kochanka",
            "--birthday",
            "1990-05-02",
        ],
    );
    env.ok_as(
        "bob",
        &[
            "remind",
            &secret,
            "--at",
            "2024-05-01 18:00",
            "--text",
            "Flowers",
        ],
    );
    let shared = env.ok_as(
        "bob",
        &["add", "--given", "Publiczny", "--birthday", "1985-05-02"],
    );
    env.ok_as(
        "bob",
        &[
            "remind",
            &shared,
            "--at",
            "2024-05-01 17:00",
            "--text",
            "Team call",
        ],
    );
    let bob = session(&env, "bob", &[&["upcoming", "--birthdays"], &["reminders"]]);
    assert!(bob.contains("Sekretna") && bob.contains("Flowers"), "{bob}");
    // Only the owner of a private contact can be given its reminder.
    assert_snapshot!(session(&env, "bob", &[
        &["reminders", "assign", "1", "anna"],
        &["reminders", "assign", "2", "anna"],
        &["reminders", "assign", "1", "bob"],
    ]), @r#"
        $ contacts reminders assign 1 anna
        [stderr]
        error: invalid assignee: 'anna' cannot see this private contact; only its owner can be assigned
        [exit 1]
        $ contacts reminders assign 2 anna
        reminder 2 assigned (now anna's)
        $ contacts reminders assign 1 bob
        reminder 1 assigned (now bob's)
        "#);
    for user in ["anna", "carol"] {
        let seen = [
            env.ok_as(user, &["upcoming", "--days", "30"]),
            env.ok_as(user, &["agenda", "--week"]),
            env.ok_as(user, &["ics"]),
            env.ok_as(user, &["reminders", "--due", "all"]),
            env.ok_as(user, &["--json", "upcoming", "--days", "30"]),
        ]
        .join("\n");
        assert!(
            !seen.contains("Sekretna"),
            "{user} sees the contact:\n{seen}"
        );
        assert!(
            !seen.contains("Flowers"),
            "{user} sees the reminder:\n{seen}"
        );
        assert!(
            seen.contains("Publiczny") && seen.contains("Team call"),
            "{seen}"
        );
        let out = env.run_as(user, &["reminders", "take", "1"]);
        assert_eq!(out.code, 1, "{out}");
        let out = env.run_as(
            user,
            &["remind", &secret, "--at", "2024-06-01 12:00", "--text", "x"],
        );
        assert_eq!(out.code, 1, "{out}");
    }
    assert_snapshot!(session(&env, "anna", &[
        &["agenda"],
        &["reminders", "take", "1"],
        &["remind", &shared, "--at", "2024-06-01 12:00", "--text", "x", "--assign", "carol"],
    ]), @r#"
        $ contacts agenda
        DATE        TIME   WHAT        CONTACT    DETAIL
        2024-05-01  17:00  reminder 2  Publiczny  Team call [anna]
        $ contacts reminders take 1
        [stderr]
        error: reminder 1 not found
        [exit 1]
        $ contacts remind 2 --at 2024-06-01 12:00 --text x --assign carol
        added reminder 3 on Publiczny for carol, due 2024-06-01 12:00 (Europe/Warsaw)
        "#);
}
