//! Bad input: one line on stderr naming the field and the value, exit code 1, and nothing
//! written.

use crate::common;

use common::Env;
use insta::assert_snapshot;

/// Runs `args`, and checks it failed with code 1 and left the data as it was.
fn refused(env: &Env, args: &[&str]) -> String {
    let before = env.everything();
    let out = env.run(args);
    assert_eq!(out.code, 1, "contacts {args:?} should fail with 1:\n{out}");
    assert_eq!(out.stdout, "", "contacts {args:?} printed to stdout");
    assert_eq!(env.everything(), before, "contacts {args:?} changed data");
    out.stderr
}

/// A business contact (version 1) to edit, and a text field to fill.
fn setup() -> (Env, String) {
    let env = Env::new();
    env.ok(&["field", "add", "Since", "--type", "date"]);
    let id = env.ok(&["add", "--given", "Jan", "--family", "Kowalski"]);
    (env, id)
}

#[test]
fn invalid_values_on_add() {
    let (env, _) = setup();
    let org = ["add", "--org-name", "Firma"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        org.iter().chain(extra).copied().collect()
    };
    assert_snapshot!(refused(&env, &with(&["--nip", "123"])), @"error: invalid nip: '123' must have 10 digits, has 3");
    assert_snapshot!(refused(&env, &with(&["--nip", "5260001247"])), @"error: invalid nip: '5260001247' has a wrong check digit");
    assert_snapshot!(refused(&env, &with(&["--regon", "123456786"])), @"error: invalid regon: '123456786' has a wrong check digit");
    assert_snapshot!(refused(&env, &with(&["--bank-account", "PL00 1234"])), @"error: invalid bank_account: 'PL00 1234' is not an IBAN or a 26-digit Polish account number");
    assert_snapshot!(refused(&env, &with(&["--email", "jan@"])), @"error: invalid email: 'jan@' needs text on both sides of @");
    assert_snapshot!(refused(&env, &with(&["--email", "work:jan kowalski@x.pl"])), @"error: invalid email: 'jan kowalski@x.pl' contains a space or a forbidden character");
    assert_snapshot!(refused(&env, &with(&["--phone", "12"])), @"error: invalid phone: '12' is not a valid phone number");
    assert_snapshot!(refused(&env, &with(&["--phone", "call me"])), @"error: invalid phone: 'call me' is not a phone number");
    assert_snapshot!(refused(&env, &with(&["--birthday", "1981-02-29"])), @"error: invalid birthday: '1981-02-29' is not DD.MM.YYYY, YYYY-MM-DD, DD.MM or --MM-DD");
    assert_snapshot!(refused(&env, &with(&["--birthday", "--13-01"])), @"error: invalid birthday: month 13 is not 1 to 12");
    assert_snapshot!(refused(&env, &with(&["--anniversary", "yesterday"])), @"error: invalid anniversary: 'yesterday' is not DD.MM.YYYY, YYYY-MM-DD, DD.MM or --MM-DD");
    assert_snapshot!(refused(&env, &with(&["--nameday", "02-30"])), @"error: invalid nameday: day 30 does not exist in month 02");
    assert_snapshot!(refused(&env, &with(&["--gender", "x"])), @"error: invalid gender: 'x' is not one of M, F, O, N, U");
    assert_snapshot!(refused(&env, &with(&["--kind", "robot"])), @"error: invalid kind: 'robot' is not person or organisation");
    assert_snapshot!(refused(&env, &with(&["--messenger", "nohandle"])), @"error: invalid messenger: 'nohandle' is not SERVICE:HANDLE (like signal:+48601234567)");
    assert_snapshot!(refused(&env, &with(&["--address", ";;;"])), @"error: invalid address: ';;;' is empty");
    assert_snapshot!(refused(&env, &with(&["--org", "abc"])), @"error: invalid org: 'abc' is not an id (a positive whole number)");
    assert_snapshot!(refused(&env, &with(&["--org", "99"])), @"error: invalid org: an organisation cannot work at another organisation");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--org", "99"]), @"error: invalid org: no organisation 99");
}

#[test]
fn unknown_names_and_wrong_books() {
    let (env, id) = setup();
    assert_snapshot!(refused(&env, &["add", "--private", "--given", "A", "--category", "pets"]), @"error: invalid category: unknown category 'pets' (known: home, personal, friends, family, work, clients, suppliers, candidates, vip, other)");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--category", "vip"]), @"error: invalid category: categories belong to the private book");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--group", "Nope"]), @"error: invalid group: unknown group 'Nope' (known: none)");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--status", "Nope"]), @"error: invalid status: unknown status 'Nope' (known: Active client, Inactive)");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--field", "Colour=red"]), @"error: invalid field: unknown field 'Colour' (known: Since)");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--field", "Since=soon"]), @"error: invalid Since: 'soon' is not a date (DD.MM.YYYY or YYYY-MM-DD)");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--field", "Since"]), @"error: invalid field: 'Since' is not LABEL=VALUE");
    assert_snapshot!(refused(&env, &["add", "--private", "--given", "A", "--status", "Inactive"]), @"error: invalid status: statuses belong to the business book");
    assert_snapshot!(refused(&env, &["add", "--note", "nobody"]), @"error: invalid name: a contact needs a name, an organisation, an e-mail or a phone");
    assert_snapshot!(refused(&env, &["add", "--given", "A", "--org", &id]), @"error: invalid org: contact 1 is not an organisation");
    assert_snapshot!(refused(&env, &["list", "--group", "Nope"]), @"error: invalid group: unknown group 'Nope' (known: none)");
    assert_snapshot!(refused(&env, &["list", "--category", "pets"]), @"error: invalid category: unknown category 'pets' (known: home, personal, friends, family, work, clients, suppliers, candidates, vip, other)");
    assert_snapshot!(refused(&env, &["group", "rm", "Nope"]), @"error: invalid group: unknown group 'Nope' (known: none)");
    assert_snapshot!(refused(&env, &["status", "add", "inactive"]), @"error: conflict: status 'inactive' exists already");
    assert_snapshot!(refused(&env, &["field", "rm", "Nope"]), @"error: invalid field: unknown field 'Nope' (known: Since)");
    assert_snapshot!(refused(&env, &["category", "rename", "pets", "Zwierzaki"]), @"error: invalid category: unknown category 'pets' (known: home, personal, friends, family, work, clients, suppliers, candidates, vip, other)");
    assert_snapshot!(refused(&env, &["user", "add", "two words"]), @"error: invalid user: 'two words' must be one word of at most 64 bytes");
}

#[test]
fn edits_that_are_refused() {
    let (env, id) = setup();
    env.ok(&["edit", &id, "--job-title", "CEO"]);
    assert_snapshot!(refused(&env, &["edit", &id, "--version", "1", "--given", "Old"]), @"error: conflict: contact 1 was changed by someone else (you edited version 1, it is now at 2); reload and try again");
    assert_snapshot!(refused(&env, &["edit", &id, "--email", "bad"]), @"error: invalid email: 'bad' has no @");
    assert_snapshot!(refused(&env, &["edit", &id, "--rm-email", "none@x.pl"]), @"error: invalid email: 'none@x.pl' is not an e-mail of this contact");
    assert_snapshot!(refused(&env, &["edit", &id, "--rm-phone", "601234567"]), @"error: invalid phone: '601234567' is not a phone of this contact");
    assert_snapshot!(refused(&env, &["edit", &id, "--rm-address", "1"]), @"error: invalid address: there is no address number 1 (the contact has 0)");
    assert_snapshot!(refused(&env, &["edit", &id, "--given", "", "--family", ""]), @"error: invalid name: a contact needs a name, an organisation, an e-mail or a phone");
}

#[test]
fn missing_contacts_and_bad_ids() {
    let (env, _) = setup();
    env.write("me.png", common::PNG);
    for args in [
        &["show", "42"][..],
        &["edit", "42", "--given", "X"],
        &["rm", "42"],
        &["copy-to-business", "42"],
        &["map", "42"],
        &["photo", "set", "42", "me.png"],
        &["photo", "get", "42"],
        &["photo", "rm", "42"],
        &["attach", "add", "42", "me.png"],
        &["attach", "list", "42"],
        &["attach", "get", "42", "1"],
        &["attach", "rm", "42", "1"],
    ] {
        assert_eq!(
            refused(&env, args),
            "error: contact 42 not found\n",
            "{args:?}"
        );
    }
    assert_snapshot!(refused(&env, &["show", "abc"]), @"error: invalid id: 'abc' is not an id (a positive whole number)");
    assert_snapshot!(refused(&env, &["show", "0"]), @"error: invalid id: '0' is not an id (a positive whole number)");
    assert_snapshot!(refused(&env, &["attach", "get", "1", "7"]), @"error: attachment 7 of contact 1 not found");
    assert_snapshot!(refused(&env, &["photo", "rm", "1"]), @"error: photo of contact 1 not found");
    assert_snapshot!(refused(&env, &["attach", "add", "1", "nofile.pdf"]), @"error: cannot use file 'nofile.pdf': No such file or directory (os error 2)");
}

/// A database file without write permission is still read; a change says the file is
/// read-only and writes nothing.
#[test]
fn a_read_only_database_file_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let (env, id) = setup();
    let db = env.path("contacts.db");
    let before = env.everything();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444))
        .unwrap_or_else(|e| panic!("{e}"));
    let shown = env.run(&["show", &id]);
    assert_eq!(shown.code, 0, "{shown}");
    assert!(shown.stdout.contains("Kowalski"), "{shown}");
    let found = env.run(&["search", "kowal"]);
    assert_eq!(found.code, 0, "{found}");
    assert!(found.stdout.contains("Jan Kowalski"), "{found}");
    let add = env.run(&["add", "--given", "Ewa"]);
    assert_ne!(add.code, 0, "{add}");
    assert!(add.stderr.contains("read-only"), "{add}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(env.everything(), before);
}
