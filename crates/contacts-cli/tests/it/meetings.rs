//! End to end: meetings, alerts before birthdays and name-days, and the due counter. "Now" is
//! 2024-05-01 12:00 UTC (14:00 in Warsaw).

use crate::common;

use common::Env;

#[test]
fn a_meeting_is_planned_listed_changed_and_removed() {
    let env = Env::new();
    env.ok(&["user", "add", "bob"]);
    let jan = env.ok(&["add", "--given", "Jan", "--family", "Klient"]);
    let added = env.ok(&[
        "meeting",
        "add",
        "--title",
        "Oferta",
        "--at",
        "2024-05-02 10:00",
        "--minutes",
        "45",
        "--place",
        "Kraków",
        "--contact",
        &jan,
        "--with",
        "anna,bob",
    ]);
    assert_eq!(
        added,
        "added meeting 1 \"Oferta\" at 2024-05-02 10:00 for 45 min with anna, bob"
    );
    let agenda = env.ok_as("bob", &["agenda", "2024-05-02"]);
    assert!(agenda.contains("meeting 1"), "{agenda}");
    assert!(
        agenda.contains("Oferta (45 min, Kraków) [anna, "),
        "{agenda}"
    );
    let json = env.ok_as("bob", &["--json", "meeting", "list", "--mine"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v[0]["participants"], serde_json::json!(["anna", "bob"]));
    assert_eq!(v[0]["contact"], "Jan Klient");
    let changed = env.ok_as(
        "bob",
        &["meeting", "edit", "1", "--with", "bob", "--minutes", "30"],
    );
    assert_eq!(
        changed,
        "changed meeting 1 \"Oferta\" at 2024-05-02 10:00 for 30 min with bob"
    );
    assert_eq!(env.ok(&["meeting", "list", "--mine"]), "no meetings");
    let ics = env.ok_as("bob", &["ics"]);
    assert!(ics.contains("UID:meeting-1@contacts"), "{ics}");
    let bad = env.run(&["meeting", "add", "--title", "x", "--at", "2024-05-02 10:00"]);
    assert_eq!(bad.code, 1, "{bad}");
    assert!(bad.stderr.contains("contact"), "{bad}");
    assert_eq!(env.ok(&["meeting", "rm", "1"]), "removed meeting 1");
    let gone = env.run(&["meeting", "rm", "1"]);
    assert_eq!(gone.code, 1, "{gone}");
}

#[test]
fn alerts_and_the_due_counter() {
    let env = Env::new();
    let ola = env.ok(&[
        "add",
        "--given",
        "Ola",
        "--family",
        "Nowa",
        "--birthday",
        "1990-05-05",
    ]);
    assert_eq!(
        env.ok(&["alert", "set", &ola, "birthday", "3"]),
        format!("you will be reminded 3 days before the birthday of contact {ola}")
    );
    let agenda = env.ok(&["agenda", "2024-05-02"]);
    assert!(agenda.contains("birthday in 3 days"), "{agenda}");
    assert!(agenda.contains("on 2024-05-05"), "{agenda}");
    let bad = env.run(&["alert", "set", &ola, "wedding", "3"]);
    assert_eq!(bad.code, 1, "{bad}");
    assert_eq!(env.ok(&["due"]), "0 due today, 0 of them overdue");
    env.ok(&[
        "remind",
        &ola,
        "--at",
        "2024-05-01 09:00",
        "--text",
        "Zadzwonić",
    ]);
    env.ok(&[
        "remind",
        &ola,
        "--at",
        "2024-05-01 20:00",
        "--text",
        "Napisać",
    ]);
    env.ok(&[
        "remind",
        &ola,
        "--at",
        "2024-05-02 09:00",
        "--text",
        "Jutro",
    ]);
    assert_eq!(env.ok(&["due"]), "2 due today, 1 of them overdue");
    assert_eq!(
        env.ok(&["alert", "rm", &ola, "birthday"]),
        format!("removed your birthday alert on contact {ola}")
    );
    assert_eq!(env.ok(&["alert", "list"]), "no alerts");
}

/// A Polish installation shows a meeting's start the Polish way (JSON stays ISO).
#[test]
fn a_polish_installation_shows_meeting_times_the_polish_way() {
    let env = Env::new();
    env.ok(&["config", "set", "language", "pl"]);
    let jan = env.ok(&["add", "--given", "Jan", "--family", "Klient"]);
    let added = env.ok(&[
        "meeting",
        "add",
        "--title",
        "Narada",
        "--at",
        "02.05.2024 10:00",
        "--contact",
        &jan,
        "--with",
        "anna",
    ]);
    assert_eq!(
        added,
        "added meeting 1 \"Narada\" at 02.05.2024 10:00 for 60 min with anna"
    );
    let list = env.ok(&["meeting", "list"]);
    assert!(list.contains("02.05.2024 10:00"), "{list}");
    let json = env.ok(&["--json", "meeting", "list"]);
    assert!(json.contains("2024-05-02 10:00"), "{json}");
}
