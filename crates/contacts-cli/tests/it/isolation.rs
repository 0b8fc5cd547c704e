//! A private contact exists only for its owner: every verb run by another user, admin or
//! not, is told "not found" and changes nothing.

use crate::common;

use common::{Env, PNG};
use insta::assert_snapshot;

#[test]
fn another_user_cannot_touch_a_private_contact() {
    let env = Env::new();
    // anna is the first user, so the admin; bob is a plain user.
    env.ok(&["user", "add", "bob"]);
    env.write("me.png", PNG);
    env.write("cv.pdf", b"%PDF cv");
    let secret = env.ok_as(
        "bob",
        &[
            "add",
            "--private",
            "--given",
            "Sekretna",
            "--family",
            "Kochanka",
            "--email",
            "tajne@example.com",
            "--address",
            "ul. Cicha 1;Kraków;30-001;Polska",
        ],
    );
    env.ok_as("bob", &["photo", "set", &secret, "me.png"]);
    let att = env.ok_as("bob", &["attach", "add", &secret, "cv.pdf"]);
    let shared = env.ok_as(
        "bob",
        &["add", "--given", "Publiczny", "--family", "Kontakt"],
    );
    let bobs_view = env.ok_as("bob", &["--json", "show", &secret]);

    for user in ["anna", "carol"] {
        let not_found = |args: &[&str]| {
            let out = env.run_as(user, args);
            assert_eq!(
                (out.code, out.stdout.as_str(), out.stderr.as_str()),
                (
                    1,
                    "",
                    format!("error: contact {secret} not found\n").as_str()
                ),
                "{user}: contacts {args:?}"
            );
        };
        not_found(&["show", &secret]);
        not_found(&["show", &secret, "--pdf", "stolen.pdf"]);
        not_found(&["edit", &secret, "--given", "Hacked"]);
        not_found(&["edit", &secret, "--version", "3", "--note", "x"]);
        not_found(&["rm", &secret]);
        not_found(&["copy-to-business", &secret]);
        not_found(&["map", &secret]);
        not_found(&["photo", "set", &secret, "me.png"]);
        not_found(&["photo", "get", &secret, "-o", "stolen.png"]);
        not_found(&["photo", "rm", &secret]);
        not_found(&["attach", "add", &secret, "cv.pdf"]);
        not_found(&["attach", "list", &secret]);
        let out = env.run_as(user, &["attach", "get", &secret, &att, "-o", "stolen.pdf"]);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out}");
        let out = env.run_as(user, &["attach", "rm", &secret, &att]);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out}");
        // Not even through another contact's id.
        let out = env.run_as(user, &["attach", "get", &shared, &att]);
        assert_eq!(out.code, 1, "{out}");
        assert!(!env.path("stolen.png").exists() && !env.path("stolen.pdf").exists());

        let listed = env
            .run_as(user, &["--json", "list", "--limit", "1000"])
            .json();
        assert_eq!(
            listed.as_array().map(Vec::len),
            Some(1),
            "{user} lists only the business one"
        );
        for query in ["sekretna", "kochanka", "tajne", "cicha"] {
            let out = env.run_as(user, &["search", query]);
            assert_eq!((out.code, out.text()), (0, "no contacts"), "{user} {query}");
        }
        assert_eq!(
            env.run_as(user, &["list", "--private"]).text(),
            "no contacts"
        );
    }
    // bob's contact is exactly as he left it.
    assert_eq!(env.ok_as("bob", &["--json", "show", &secret]), bobs_view);
    assert_snapshot!(env.run_as("bob", &["list"]), @r#"
        ID  NAME               ORGANISATION  E-MAIL             PHONE  TAGS
        1   Sekretna Kochanka                tajne@example.com         private
        2   Publiczny Kontakt
        "#);
    assert_snapshot!(env.run_as("bob", &["attach", "list", &secret]), @r#"
        ID  NAME    TYPE             BYTES  ADDED                 BY   NOTE
        1   cv.pdf  application/pdf  7      2024-05-01T12:00:00Z  bob
        "#);
}
