//! Issue 13, items 1 and 2 in the CLI: a company's people and name everywhere, sole
//! traders, account managers (set, shown, filtered, in bulk) and takeover with a preview.

use crate::common;

use common::Env;
use insta::assert_snapshot;

/// A company with two people, a sole trader, and users bob and carol; gives
/// (acme, jan, ewa, adam).
fn office(env: &Env) -> (String, String, String, String) {
    env.ok(&["user", "add", "bob"]);
    env.ok(&["user", "add", "carol"]);
    let acme = env.ok(&["add", "--org-name", "ACME Sp. z o.o."]);
    let jan = env.ok(&[
        "add",
        "--given",
        "Jan",
        "--family",
        "Nowak",
        "--org",
        &acme,
        "--job-title",
        "Kierownik",
        "--phone",
        "601 234 567",
    ]);
    let ewa = env.ok(&[
        "add",
        "--given",
        "Ewa",
        "--family",
        "Lis",
        "--org",
        &acme,
        "--department",
        "Dział",
    ]);
    let adam = env.ok(&[
        "add",
        "--given",
        "Adam",
        "--family",
        "Kowalski",
        "--nip",
        "5260001246",
    ]);
    (acme, jan, ewa, adam)
}

#[test]
fn a_person_shows_the_company_everywhere_and_the_company_lists_its_people() {
    let env = Env::new();
    let (acme, _jan, ewa, _) = office(&env);
    assert_snapshot!(env.ok(&["list"]), @r"
    ID  NAME             ORGANISATION     E-MAIL  PHONE        TAGS
    1   ACME Sp. z o.o.
    4   Adam Kowalski
    3   Ewa Lis          ACME Sp. z o.o.
    2   Jan Nowak        ACME Sp. z o.o.          601 234 567
    ");
    assert_snapshot!(env.ok(&["search", "acme"]), @r"
    ID  NAME             ORGANISATION     E-MAIL  PHONE        TAGS
    1   ACME Sp. z o.o.
    3   Ewa Lis          ACME Sp. z o.o.
    2   Jan Nowak        ACME Sp. z o.o.          601 234 567
    ");
    let vcard = env.ok(&["export", &ewa]);
    assert!(vcard.contains("ORG:ACME Sp. z o.o.;Dział"), "{vcard}");
    let csv = env.ok(&["export", &ewa, "--format", "csv-outlook"]);
    assert!(csv.contains("ACME Sp. z o.o."), "{csv}");
    let csv = env.ok(&["export", &ewa, "--format", "csv-google"]);
    assert!(csv.contains("ACME Sp. z o.o."), "{csv}");
    // A rename reaches the people.
    env.ok(&["edit", &acme, "--org-name", "ACME SA"]);
    let shown = env.ok(&["show", &acme]);
    assert!(
        shown.ends_with(
            "People (2):\nID  NAME       POSITION   PHONE\n3   Ewa Lis\n2   Jan Nowak  Kierownik  601 234 567"
        ),
        "{shown}"
    );
    let person = env.ok(&["show", &ewa]);
    assert!(person.contains("Organisation  ACME SA (#1)"), "{person}");
}

#[test]
fn a_sole_trader_has_a_nip_and_is_a_counterparty() {
    let env = Env::new();
    let (_, _, _, adam) = office(&env);
    assert_snapshot!(env.ok(&["case", "add", "--counterparty", &adam, "--title", "Okna"]), @"2024/0001");
    assert_snapshot!(env.run(&["case", "add", "--counterparty", &adam, "--person", &adam]), @r"
    [stderr]
    error: invalid person: Adam Kowalski (contact 4) is a person; a contact person belongs to an organisation
    [exit 1]
    ");
}

#[test]
fn account_managers_are_set_in_bulk_shown_and_filtered() {
    let env = Env::new();
    let (acme, jan, _ewa, adam) = office(&env);
    let private = env.ok(&["add", "--private", "--given", "Ola"]);
    assert_snapshot!(env.run(&["manager", "set", "bob", &acme, &private]), @r"
    [stderr]
    error: business contact 5 not found
    [exit 1]
    ");
    assert_snapshot!(env.run(&["manager", "set", "zed", &acme]), @r"
    [stderr]
    error: invalid manager: no user 'zed'
    [exit 1]
    ");
    assert_snapshot!(env.ok(&["manager", "set", "bob", &acme, &adam]), @"account manager bob: 2 of 2 contact(s) changed");
    assert_snapshot!(env.ok(&["list", "--manager", "bob"]), @r"
    ID  NAME             ORGANISATION  E-MAIL  PHONE  TAGS
    1   ACME Sp. z o.o.
    4   Adam Kowalski
    ");
    assert_snapshot!(env.ok(&["manager", "clear", &adam, &jan]), @"account manager cleared: 1 of 2 contact(s) changed");
    assert_snapshot!(env.ok(&["manager", "clients", "bob"]), @r"
    ID  NAME             ORGANISATION  E-MAIL  PHONE  TAGS
    1   ACME Sp. z o.o.
    ");
    env.ok(&[
        "history", "add", &acme, "--kind", "telefon", "--text", "Rozmowa",
    ]);
    let shown = env.ok(&["show", &acme]);
    assert!(shown.contains("Account manager  bob\n"), "{shown}");
    assert!(shown.contains("Last contact     2024-"), "{shown}");
    let never = env.ok(&["show", &adam]);
    assert!(!never.contains("Last contact"), "{never}");
}

#[test]
fn takeover_previews_then_moves_clients_with_polish_history() {
    let env = Env::new();
    let (acme, _, _, adam) = office(&env);
    env.ok(&["config", "set", "language", "pl"]);
    env.ok(&["manager", "set", "bob", &acme, &adam]);
    assert_snapshot!(env.ok(&["takeover", "--from", "bob", "--to", "carol", "--dry-run"]), @r"
    would hand over from bob to carol (nothing moved):
      open cases: 0
      clients: 2 (ACME Sp. z o.o. (#1), Adam Kowalski (#4))
      open reminders: 0
      history entries to write: 2
    ");
    assert_snapshot!(env.ok(&["manager", "clients", "carol"]), @"no contacts");
    assert_snapshot!(env.ok(&["takeover", "--from", "bob", "--to", "carol"]), @r"
    handed over from bob to carol:
      open cases: 0
      clients: 2 (ACME Sp. z o.o. (#1), Adam Kowalski (#4))
      open reminders: 0
      history entries written: 2
    ");
    assert_snapshot!(env.ok(&["list", "--manager", "carol"]), @r"
    ID  NAME             ORGANISATION  E-MAIL  PHONE  TAGS
    1   ACME Sp. z o.o.
    4   Adam Kowalski
    ");
    let h = env.ok(&["--json", "history", &acme]);
    assert!(
        h.contains("Przekazano od bob do carol: opieka nad klientem."),
        "{h}"
    );
}
