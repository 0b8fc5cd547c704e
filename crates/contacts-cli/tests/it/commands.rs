//! End to end: every command of the built `contacts` binary on a temporary SQLite file.

use crate::common;

use common::{Env, PNG};
use insta::assert_snapshot;

/// An organisation and a person working there, both in the business book.
pub(crate) fn acme(env: &Env) -> (String, String) {
    env.ok(&["group", "add", "Partners"]);
    env.ok(&["field", "add", "Rating", "--type", "number"]);
    let org = env.ok(&[
        "add",
        "--org-name",
        "ACME Sp. z o.o.",
        "--nip",
        "526-000-12-46",
        "--regon",
        "123456785",
        "--bank-account",
        "61 1090 1014 0000 0712 1981 2874",
        "--email",
        "biuro@acme.pl",
        "--phone",
        "22 123 45 67",
        "--address",
        "work:ul. Żółta 5/7;Łódź;90-001;Polska",
        "--website",
        "https://acme.pl",
        "--group",
        "partners",
        "--status",
        "Active client",
    ]);
    let person = env.ok(&[
        "add",
        "--prefix",
        "dr",
        "--given",
        "Łukasz",
        "--additional",
        "Maria",
        "--family",
        "Żółć",
        "--suffix",
        "jr.",
        "--nickname",
        "Łuki",
        "--org",
        &org,
        "--org-name",
        "ACME Sp. z o.o.",
        "--department",
        "Sprzedaż",
        "--job-title",
        "Handlowiec",
        "--email",
        "work:lukasz@acme.pl",
        "--email",
        "lz@example.com",
        "--phone",
        "mobile:601 234 567",
        "--birthday",
        "--03-14",
        "--anniversary",
        "2010-06-19",
        "--nameday",
        "10-18",
        "--gender",
        "m",
        "--messenger",
        "signal:+48601234567",
        "--website",
        "blog:https://lz.example.com",
        "--group",
        "Partners",
        "--field",
        "rating=4,5",
        "--note",
        "Met at the fair.",
        "--opt-out",
    ]);
    (org, person)
}

#[test]
fn add_prints_the_id_and_show_prints_a_card() {
    let env = Env::new();
    let (org, person) = acme(&env);
    assert_eq!((org.as_str(), person.as_str()), ("1", "2"));
    assert_snapshot!(env.run(&["show", &person]), @r#"
        #2 dr Łukasz Maria Żółć jr.
          Book          business
          Kind          person
          Prefix        dr
          Given name    Łukasz
          Other names   Maria
          Family name   Żółć
          Suffix        jr.
          Nickname      Łuki
          Organisation  ACME Sp. z o.o. (#1)
          Department    Sprzedaż
          Job title     Handlowiec
          E-mail        lukasz@acme.pl (work)
          E-mail        lz@example.com
          Phone         601 234 567 [+48601234567] (mobile)
          Web site      https://lz.example.com (blog)
          Messenger     signal: +48601234567
          Birthday      --03-14
          Name-day      10-18 (chosen; the name has 02-17, 04-22, 09-10, 10-18, 10-31)
          Anniversary   2010-06-19
          Gender        M
          Groups        Partners
          Rating        4.5
          Mailing       opted out
          Notes         Met at the fair.
          Created       2024-05-01 14:00 by anna
          Changed       2024-05-01 14:00 by anna
          Version       1
        "#);
    assert_snapshot!(env.run(&["show", &org]), @r#"
        #1 ACME Sp. z o.o.
          Book          business
          Kind          organisation
          E-mail        biuro@acme.pl
          Phone         22 123 45 67 [+48221234567]
          Address       ul. Żółta 5/7, 90-001 Łódź, Polska (work)
          Web site      https://acme.pl
          NIP           526-000-12-46
          REGON         123456785
          Bank account  PL61109010140000071219812874
          Groups        Partners
          Status        Active client
          Created       2024-05-01 14:00 by anna
          Changed       2024-05-01 14:00 by anna
          Version       1
        People (1):
        ID  NAME                      POSITION    PHONE
        2   dr Łukasz Maria Żółć jr.  Handlowiec  601 234 567
        "#);
    assert_snapshot!(env.run(&["--json", "add", "--private", "--given", "Ewa"]), @r#"
        {
          "id": 3
        }
        "#);
}

#[test]
fn show_json_has_every_field() {
    let env = Env::new();
    let (_, person) = acme(&env);
    assert_snapshot!(env.run(&["--json", "show", &person]), @r#"
        {
          "id": 2,
          "book": "business",
          "display_name": "dr Łukasz Maria Żółć jr.",
          "version": 1,
          "created_at": "2024-05-01T12:00:00+00:00",
          "created_by": 1,
          "updated_at": "2024-05-01T12:00:00+00:00",
          "updated_by": 1,
          "has_photo": false,
          "kind": "person",
          "name": {
            "prefix": "dr",
            "given": "Łukasz",
            "additional": "Maria",
            "family": "Żółć",
            "suffix": "jr."
          },
          "nickname": "Łuki",
          "org_name": "ACME Sp. z o.o.",
          "org_id": 1,
          "department": "Sprzedaż",
          "job_title": "Handlowiec",
          "emails": [
            {
              "label": "work",
              "value": "lukasz@acme.pl"
            },
            {
              "label": "",
              "value": "lz@example.com"
            }
          ],
          "phones": [
            {
              "label": "mobile",
              "value": "601 234 567",
              "e164": "+48601234567"
            }
          ],
          "addresses": [],
          "websites": [
            {
              "label": "blog",
              "value": "https://lz.example.com"
            }
          ],
          "messengers": [
            {
              "service": "signal",
              "handle": "+48601234567"
            }
          ],
          "birthday": "--03-14",
          "nameday": "10-18",
          "anniversary": "2010-06-19",
          "gender": "M",
          "notes": "Met at the fair.",
          "nip": null,
          "regon": null,
          "bank_account": null,
          "category": null,
          "groups": [
            3
          ],
          "status": null,
          "custom": {
            "1": 4.5
          },
          "no_mailing": true,
          "nameday_effective": "10-18",
          "nameday_candidates": [
            "02-17",
            "04-22",
            "09-10",
            "10-18",
            "10-31"
          ]
        }
        "#);
}

#[test]
fn list_and_search_with_filters() {
    let env = Env::new();
    acme(&env);
    env.ok(&[
        "add",
        "--private",
        "--given",
        "Ewa",
        "--family",
        "Nowak",
        "--category",
        "vip",
        "--email",
        "ewa@nowak.pl",
    ]);
    env.ok(&["add", "--private", "--given", "Adam", "--family", "Bąk"]);
    assert_snapshot!(env.run(&["list"]), @r#"
        ID  NAME                      ORGANISATION     E-MAIL          PHONE         TAGS
        1   ACME Sp. z o.o.                            biuro@acme.pl   22 123 45 67  Partners, [Active client]
        4   Adam Bąk                                                                 private
        3   Ewa Nowak                                  ewa@nowak.pl                  private ⭐
        2   dr Łukasz Maria Żółć jr.  ACME Sp. z o.o.  lukasz@acme.pl  601 234 567   Partners
        "#);
    assert_snapshot!(env.run(&["list", "--private"]), @r#"
        ID  NAME       ORGANISATION  E-MAIL        PHONE  TAGS
        4   Adam Bąk                                      private
        3   Ewa Nowak                ewa@nowak.pl         private ⭐
        "#);
    assert_snapshot!(env.run(&["list", "--business", "--group", "PARTNERS"]), @r#"
        ID  NAME                      ORGANISATION     E-MAIL          PHONE         TAGS
        1   ACME Sp. z o.o.                            biuro@acme.pl   22 123 45 67  Partners, [Active client]
        2   dr Łukasz Maria Żółć jr.  ACME Sp. z o.o.  lukasz@acme.pl  601 234 567   Partners
        "#);
    assert_snapshot!(env.run(&["list", "--status", "active client"]), @r#"
        ID  NAME             ORGANISATION  E-MAIL         PHONE         TAGS
        1   ACME Sp. z o.o.                biuro@acme.pl  22 123 45 67  Partners, [Active client]
        "#);
    assert_snapshot!(env.run(&["list", "--category", "vip"]), @r#"
        ID  NAME       ORGANISATION  E-MAIL        PHONE  TAGS
        3   Ewa Nowak                ewa@nowak.pl         private ⭐
        "#);
    assert_snapshot!(env.run(&["list", "--limit", "2", "--offset", "1"]), @r#"
        ID  NAME       ORGANISATION  E-MAIL        PHONE  TAGS
        4   Adam Bąk                                      private
        3   Ewa Nowak                ewa@nowak.pl         private ⭐
        (2-3; more with --offset 3)
        "#);
    assert_snapshot!(env.run(&["list", "--status", "inactive"]), @"no contacts");
    // Recently changed first; all were changed at the test clock's one instant, so the
    // newest id comes first.
    assert_snapshot!(env.run(&["list", "--sort", "recent", "--limit", "3"]), @r#"
        ID  NAME                      ORGANISATION     E-MAIL          PHONE        TAGS
        4   Adam Bąk                                                                private
        3   Ewa Nowak                                  ewa@nowak.pl                 private ⭐
        2   dr Łukasz Maria Żółć jr.  ACME Sp. z o.o.  lukasz@acme.pl  601 234 567  Partners
        (1-3; more with --offset 3)
        "#);
    assert_snapshot!(env.run(&["search", "lukasz", "zol"]), @r#"
        ID  NAME                      ORGANISATION     E-MAIL          PHONE        TAGS
        2   dr Łukasz Maria Żółć jr.  ACME Sp. z o.o.  lukasz@acme.pl  601 234 567  Partners
        "#);
    assert_snapshot!(env.run(&["search", "--private", "nowak"]), @r#"
        ID  NAME       ORGANISATION  E-MAIL        PHONE  TAGS
        3   Ewa Nowak                ewa@nowak.pl         private ⭐
        "#);
    let found = env.run(&["--json", "search", "acme"]).json();
    let ids: Vec<i64> = found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![1, 2]);
    let listed = env.run(&["--json", "list", "--private"]).json();
    assert_eq!(listed[0]["book"], "private");
    assert_eq!(listed[1]["category"], "vip");
}

#[test]
fn edit_replaces_scalars_adds_and_removes_list_entries() {
    let env = Env::new();
    let (_, person) = acme(&env);
    assert_snapshot!(env.run(&[
        "edit", &person, "--job-title", "Dyrektor", "--nickname", "", "--birthday", "1980-02-29",
        "--email", "home:l@dom.pl", "--rm-email", "LZ@example.com", "--rm-phone", "+48601234567",
        "--phone", "0048 501 000 000", "--rm-group", "partners", "--status", "inactive",
        "--rm-field", "Rating", "--opt-in", "--rm-website", "https://lz.example.com",
        "--rm-messenger", "signal:+48601234567", "--address", "Długa 1;Gdańsk;;", "--org", "",
    ]), @"updated contact 2 (now version 2)");
    assert_snapshot!(env.run(&["show", &person]), @r#"
        #2 dr Łukasz Maria Żółć jr.
          Book          business
          Kind          person
          Prefix        dr
          Given name    Łukasz
          Other names   Maria
          Family name   Żółć
          Suffix        jr.
          Organisation  ACME Sp. z o.o.
          Department    Sprzedaż
          Job title     Dyrektor
          E-mail        lukasz@acme.pl (work)
          E-mail        l@dom.pl (home)
          Phone         0048 501 000 000 [+48501000000]
          Address       Długa 1, Gdańsk
          Birthday      1980-02-29
          Name-day      10-18 (chosen; the name has 02-17, 04-22, 09-10, 10-18, 10-31)
          Anniversary   2010-06-19
          Gender        M
          Status        Inactive
          Notes         Met at the fair.
          Created       2024-05-01 14:00 by anna
          Changed       2024-05-01 14:00 by anna
          Version       2
        "#);
    // Optimistic locking: an edit made against version 1 is refused now.
    let before = env.everything();
    assert_snapshot!(env.run(&["edit", &person, "--version", "1", "--given", "Stale"]), @r#"
        [stderr]
        error: conflict: contact 2 was changed by someone else (you edited version 1, it is now at 2); reload and try again
        [exit 1]
        "#);
    assert_eq!(env.everything(), before);
    assert_snapshot!(env.run(&["edit", &person, "--if-version", "2", "--rm-address", "1"]), @"updated contact 2 (now version 3)");
    let json = env
        .run(&["--json", "edit", &person, "--kind", "person", "--note", ""])
        .json();
    assert_eq!(
        (json["version"].as_u64(), json["notes"].as_str()),
        (Some(4), Some(""))
    );
}

#[test]
fn rm_removes_and_people_keep_the_organisation_name() {
    let env = Env::new();
    let (org, person) = acme(&env);
    assert_snapshot!(env.run(&["rm", &org]), @"removed contact 1 (kept in the trash for 30 days: `contacts trash list`)");
    assert_snapshot!(env.run(&["show", &org]), @r#"
        [stderr]
        error: contact 1 not found
        [exit 1]
        "#);
    let p = env.run(&["--json", "show", &person]).json();
    assert_eq!(
        (p["org_id"].clone(), p["org_name"].as_str()),
        (serde_json::Value::Null, Some("ACME Sp. z o.o."))
    );
    assert_snapshot!(env.run(&["--json", "rm", &person]), @r#"
        {
          "id": 2,
          "removed": true
        }
        "#);
    assert_snapshot!(env.run(&["list"]), @"no contacts");
}

#[test]
fn trash_lists_restores_and_empties_on_request() {
    let env = Env::new();
    let (org, person) = acme(&env);
    env.write("me.png", PNG);
    env.ok(&["photo", "set", &org, "me.png"]);
    env.ok(&["rm", &org]);
    let list = env.run(&["--json", "trash", "list"]).json();
    assert_eq!(list[0]["name"], "ACME Sp. z o.o.", "{list}");
    assert_eq!(list[0]["book"], "business");
    let entry = list[0]["id"].to_string();
    let text = env.run(&["trash", "list"]);
    assert!(
        text.text().contains("ACME Sp. z o.o.") && text.text().contains("KEPT UNTIL"),
        "{}",
        text.text()
    );
    // Another user sees a business contact's entry; the contact comes back with its photo
    // and its people.
    assert_snapshot!(env.run_as("bob", &["trash", "restore", &entry]), @"restored contact 1 (ACME Sp. z o.o.)");
    assert_eq!(
        env.run(&["photo", "get", &org, "-o", "back.png"]).text(),
        ""
    );
    assert_eq!(env.read("back.png"), PNG);
    let p = env.run(&["--json", "show", &person]).json();
    assert_eq!(p["org_id"], 1, "{p}");
    assert_snapshot!(env.run(&["trash", "restore", &entry]), @r#"
        [stderr]
        error: trash entry 1 not found
        [exit 1]
        "#);
    // A private contact's entry is its owner's only; emptying asks for --yes.
    let mine = env.ok(&["add", "--private", "--given", "Tajny"]);
    env.ok(&["rm", &mine]);
    assert_snapshot!(env.run_as("bob", &["trash", "list"]), @"the trash is empty");
    assert_snapshot!(env.run(&["trash", "empty"]), @r#"
        [stderr]
        error: emptying the trash deletes its contacts for good; run again with --yes
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["trash", "empty", "--yes"]), @"deleted 1 contact(s) from the trash for good");
    assert_snapshot!(env.run(&["trash", "list"]), @"the trash is empty");
}

#[test]
fn photo_set_get_rm() {
    let env = Env::new();
    let id = env.ok(&["add", "--given", "Jan"]);
    env.write("me.png", PNG);
    env.write("notes.txt", b"not an image");
    assert_snapshot!(env.run(&["photo", "set", &id, "me.png"]), @"photo set for contact 1");
    assert_snapshot!(env.run(&["photo", "get", &id, "-o", "out.png"]), @"");
    assert_eq!(env.read("out.png"), PNG);
    let raw = env
        .command("anna", &["photo", "get", &id])
        .output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    assert_eq!(raw, PNG);
    assert_snapshot!(env.run(&["photo", "set", &id, "notes.txt"]), @r#"
        [stderr]
        error: invalid photo: is not a JPEG, PNG, GIF or WebP image
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["photo", "set", &id, "missing.png"]), @r#"
        [stderr]
        error: cannot use file 'missing.png': No such file or directory (os error 2)
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["photo", "rm", &id]), @"photo removed for contact 1");
    assert_snapshot!(env.run(&["photo", "get", &id, "-o", "again.png"]), @r#"
        [stderr]
        error: photo of contact 1 not found
        [exit 1]
        "#);
}

#[test]
fn attachments_add_list_get_rm() {
    let env = Env::new();
    let id = env.ok(&["add", "--given", "Jan"]);
    let other = env.ok(&["add", "--given", "Ola"]);
    env.write("cv.pdf", b"%PDF-1.4 cv");
    env.write("list.csv", b"a,b\n");
    assert_snapshot!(env.run(&["attach", "add", &id, "cv.pdf", "--note", "CV 2024"]), @"1");
    assert_snapshot!(env.run(&["--json", "attach", "add", &id, "list.csv"]), @r#"
        {
          "id": 2,
          "contact": 1,
          "name": "list.csv",
          "media_type": "text/csv",
          "size": 4,
          "note": "",
          "created_at": "2024-05-01T12:00:00+00:00",
          "created_by": 1
        }
        "#);
    assert_snapshot!(env.run(&["attach", "list", &id]), @r#"
        ID  NAME      TYPE             BYTES  ADDED                 BY    NOTE
        1   cv.pdf    application/pdf  11     2024-05-01T12:00:00Z  anna  CV 2024
        2   list.csv  text/csv         4      2024-05-01T12:00:00Z  anna
        "#);
    assert_snapshot!(env.run(&["attach", "get", &id, "1", "-o", "copy.pdf"]), @"");
    assert_eq!(env.read("copy.pdf"), b"%PDF-1.4 cv");
    assert_snapshot!(env.run(&["attach", "get", &other, "1", "-o", "x.pdf"]), @r#"
        [stderr]
        error: attachment 1 of contact 2 not found
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["attach", "rm", &id, "2"]), @"removed attachment 2");
    assert_snapshot!(env.run(&["attach", "list", &other]), @"no attachments");
    assert_snapshot!(env.run(&["--json", "attach", "list", &id]), @r#"
        [
          {
            "id": 1,
            "contact": 1,
            "name": "cv.pdf",
            "media_type": "application/pdf",
            "size": 11,
            "note": "CV 2024",
            "created_at": "2024-05-01T12:00:00+00:00",
            "created_by": 1
          }
        ]
        "#);
}

#[test]
fn copy_to_business_takes_photo_and_attachments() {
    let env = Env::new();
    let id = env.ok(&[
        "add",
        "--private",
        "--given",
        "Ewa",
        "--family",
        "Nowak",
        "--category",
        "family",
        "--note",
        "Sister's friend",
    ]);
    env.write("me.png", PNG);
    env.write("cv.pdf", b"%PDF cv");
    env.ok(&["photo", "set", &id, "me.png"]);
    env.ok(&["attach", "add", &id, "cv.pdf"]);
    let copy = env.ok(&["copy-to-business", &id]);
    assert_snapshot!(env.run(&["show", &copy]), @r#"
        #2 Ewa Nowak
          Book         business
          Kind         person
          Given name   Ewa
          Family name  Nowak
          Name-day     12-24 (from the given name)
          Notes        Sister's friend
          Photo        yes
          Attachments  1
          Created      2024-05-01 14:00 by anna
          Changed      2024-05-01 14:00 by anna
          Version      1
        "#);
    assert_snapshot!(env.run(&["copy-to-business", &copy]), @r#"
        [stderr]
        error: invalid book: contact 2 is already in the business book
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["list"]), @r#"
        ID  NAME       ORGANISATION  E-MAIL  PHONE  TAGS
        1   Ewa Nowak                               private 👪
        2   Ewa Nowak
        "#);
}

#[test]
fn map_prints_links_for_the_first_address() {
    let env = Env::new();
    let (org, person) = acme(&env);
    assert_snapshot!(env.run(&["map", &org]), @r#"
        ul. Żółta 5/7, 90-001 Łódź, Polska
        OpenStreetMap: https://www.openstreetmap.org/search?query=ul.+%C5%BB%C3%B3%C5%82ta+5%2F7%2C+90-001+%C5%81%C3%B3d%C5%BA%2C+Polska
        Google Maps:   https://www.google.com/maps/search/?api=1&query=ul.+%C5%BB%C3%B3%C5%82ta+5%2F7%2C+90-001+%C5%81%C3%B3d%C5%BA%2C+Polska
        "#);
    assert_snapshot!(env.run(&["--json", "map", &org]), @r#"
        {
          "address": "ul. Żółta 5/7, 90-001 Łódź, Polska",
          "google": "https://www.google.com/maps/search/?api=1&query=ul.+%C5%BB%C3%B3%C5%82ta+5%2F7%2C+90-001+%C5%81%C3%B3d%C5%BA%2C+Polska",
          "id": 1,
          "osm": "https://www.openstreetmap.org/search?query=ul.+%C5%BB%C3%B3%C5%82ta+5%2F7%2C+90-001+%C5%81%C3%B3d%C5%BA%2C+Polska"
        }
        "#);
    assert_snapshot!(env.run(&["map", &person]), @r#"
        [stderr]
        error: invalid address: contact 2 has no address with a street or city
        [exit 1]
        "#);
}

#[test]
fn categories_groups_statuses_fields() {
    let env = Env::new();
    assert_snapshot!(env.run(&["category", "rename", "vip", "Najważniejsi"]), @"category vip is now 'Najważniejsi'");
    assert_snapshot!(env.run(&["category", "list"]), @r#"
        KEY         ICON  LABEL
        home        🏠    Home
        personal    👤    Personal
        friends     🍻    Friends
        family      👪    Family
        work        💼    Work
        clients     🤝    Key clients
        suppliers   📦    Suppliers
        candidates  📄    Job candidates
        vip         ⭐    Najważniejsi
        other       📁    Other
        "#);
    // Each user labels categories for themselves.
    let bob = env.run_as("bob", &["--json", "category", "list"]).json();
    assert_eq!(bob[8]["label"], "VIP");

    assert_snapshot!(env.run(&["group", "add", "Dostawcy"]), @"added group 'Dostawcy'");
    assert_snapshot!(env.run(&["group", "add", "dostawcy"]), @r#"
        [stderr]
        error: conflict: group 'dostawcy' exists already
        [exit 1]
        "#);
    env.ok(&["group", "add", "Targi"]);
    let id = env.ok(&[
        "add", "--given", "Jan", "--group", "Targi", "--group", "Dostawcy",
    ]);
    assert_snapshot!(env.run(&["group", "rename", "Targi", "Targi 2025"]), @"renamed group 'Targi' to 'Targi 2025'");
    // A group contacts hold is removed only with --force, by an admin.
    assert_snapshot!(env.run(&["group", "rm", "dostawcy"]), @r#"
        [stderr]
        error: invalid name: 'Dostawcy' is held by 1 contact(s); give them another one first (an admin may force the removal from them all)
        [exit 1]
        "#);
    assert_snapshot!(env.run_as("bob", &["group", "rm", "dostawcy", "--force"]), @r#"
        [stderr]
        error: forbidden: 'Dostawcy' is held by 1 contact(s); only an admin may remove it from them
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["group", "rm", "dostawcy", "--force"]), @r"removed group 'dostawcy' (from 1 contact(s))");
    assert_snapshot!(env.run(&["group", "list"]), @r#"
        ID  NAME
        4   Targi 2025
        "#);
    assert_snapshot!(env.run(&["list"]), @r#"
        ID  NAME  ORGANISATION  E-MAIL  PHONE  TAGS
        1   Jan                                Targi 2025
        "#);

    assert_snapshot!(env.run(&["status", "add", "Prospect"]), @"added status 'Prospect'");
    assert_snapshot!(env.run(&["status", "rm", "Inactive"]), @"removed status 'Inactive'");
    env.ok(&["edit", &id, "--status", "Prospect"]);
    assert_snapshot!(env.run(&["--json", "status", "rm", "prospect"]), @r#"
        [stderr]
        error: invalid name: 'Prospect' is held by 1 contact(s); give them another one first (an admin may force the removal from them all)
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["--json", "status", "list"]), @r#"
        [
          {
            "id": 1,
            "name": "Active client"
          },
          {
            "id": 5,
            "name": "Prospect"
          }
        ]
        "#);

    assert_snapshot!(env.run(&["field", "add", "Size", "--type", "choice", "--choices", "S, M,L"]), @"added field 'Size' (choice)");
    env.ok(&["field", "add", "Visited", "--type", "date"]);
    env.ok(&["field", "add", "Paid", "--type", "yesno"]);
    env.ok(&["field", "add", "Remarks"]);
    assert_snapshot!(env.run(&["field", "list"]), @r#"
        ID  LABEL    TYPE    CHOICES
        1   Size     choice  S, M, L
        2   Visited  date
        3   Paid     yesno
        4   Remarks  text
        "#);
    env.ok(&[
        "edit",
        &id,
        "--field",
        "size=m",
        "--field",
        "Visited=2024-04-30",
        "--field",
        "paid=tak",
        "--field",
        "Remarks=ok",
    ]);
    assert_snapshot!(env.run(&["field", "rename", "Size", "Rozmiar"]), @"renamed field 'Size' to 'Rozmiar'");
    assert_snapshot!(env.run(&["field", "rm", "Remarks"]), @"removed field 'Remarks' and its 1 value(s)");
    let c = env.run(&["--json", "show", &id]).json();
    // Custom values by field id (1 Size, now Rozmiar; 2 Visited; 3 Paid; 4 Remarks, removed).
    assert_snapshot!(c["custom"].to_string(), @r#"{"1":"M","2":"2024-04-30","3":true}"#);
    assert_snapshot!(env.run(&["field", "add", "X", "--type", "colour"]), @r#"
        [stderr]
        error: invalid type: 'colour' is not text, number, date, yesno or choice
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["field", "add", "Y", "--type", "choice"]), @r#"
        [stderr]
        error: invalid choices: a choice field needs at least one choice
        [exit 1]
        "#);
}

#[test]
fn users_and_backup() {
    let env = Env::new();
    assert_snapshot!(env.run(&["user", "add", "bob"]), @"added user bob");
    assert_snapshot!(env.run(&["user", "add", "carol", "--admin"]), @"added user carol (admin)");
    assert_snapshot!(env.run(&["user", "list"]), @r#"
        ID  NAME   ADMIN  DISABLED
        1   anna   yes
        2   bob
        3   carol  yes
        "#);
    assert_snapshot!(env.run_as("bob", &["user", "add", "dave"]), @r#"
        [stderr]
        error: forbidden: only an admin may add users
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["user", "add", "bob"]), @r#"
        [stderr]
        error: conflict: user 'bob' exists already
        [exit 1]
        "#);
    assert_snapshot!(env.run(&["--json", "user", "list"]), @r#"
        [
          {
            "id": 1,
            "name": "anna",
            "admin": true,
            "disabled": false,
            "has_password": false,
            "created_at": "2024-05-01T12:00:00Z"
          },
          {
            "id": 2,
            "name": "bob",
            "admin": false,
            "disabled": false,
            "has_password": false,
            "created_at": "2024-05-01T12:00:00Z"
          },
          {
            "id": 3,
            "name": "carol",
            "admin": true,
            "disabled": false,
            "has_password": false,
            "created_at": "2024-05-01T12:00:00Z"
          }
        ]
        "#);

    env.ok(&["add", "--given", "Jan"]);
    assert_snapshot!(env.run(&["backup", "copy.db"]), @"backed up to copy.db");
    assert_snapshot!(env.run_as("bob", &["backup", "bob.db"]), @r#"
        [stderr]
        error: forbidden: only an admin may back up the installation
        [exit 1]
        "#);
    assert!(!env.path("bob.db").exists());
    let copy = env.path("copy.db");
    let listed = env
        .command("anna", &["list"])
        .env("CONTACTS_DB", &copy)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert_snapshot!(listed, @r#"
        ID  NAME  ORGANISATION  E-MAIL  PHONE  TAGS
        1   Jan
        "#);
}

#[test]
fn demo_is_valid_and_deterministic() {
    let a = Env::new();
    let b = Env::new();
    assert_snapshot!(a.run(&["demo", "--count", "60", "--seed", "7"]), @"added 60 contacts (8 organisations, 52 people) to the business book");
    assert_snapshot!(b.run(&["--json", "demo", "--count", "60", "--seed", "7"]), @r#"
        {
          "created": 60,
          "first_id": 1,
          "organisations": 8,
          "people": 52,
          "seed": 7
        }
        "#);
    let list_a = a.everything();
    assert_eq!(list_a, b.everything());
    let contacts: serde_json::Value = serde_json::from_str(&list_a).unwrap_or_default();
    let contacts = contacts.as_array().cloned().unwrap_or_default();
    assert_eq!(contacts.len(), 60);
    let orgs = contacts.iter().filter(|c| c["kind"] == "organisation");
    assert!(orgs.clone().all(|o| o["nip"].is_string()));
    assert_eq!(orgs.count(), 8);
    assert!(contacts.iter().all(|c| c["book"] == "business"));
    assert!(contacts.iter().all(|c| c["phones"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|p| p["e164"].as_str().is_some_and(|e| e.starts_with("+48")))));
    assert_snapshot!(a.run(&["list", "--limit", "5"]), @r#"
        ID  NAME                ORGANISATION               E-MAIL                            PHONE            TAGS
        55  Piotr Adamczyk      Budsped Sp. k.             piotr.adamczyk@budsped.com.pl     789255454        Partnerzy, Newsletter, [Inactiv…
        6   Agromax Sp. z o.o.                             sekretariat@agromax.com.pl        608 421 065      Konkurencja
        19  José Álvarez        Piekarnia Adamczyk Sp. j.  jose.alvarez@piekarniaadamczyk.…  +48 535-722-654  Dostawcy, [Prospect]
        10  Żaneta Bąk          Stalmet s.c.               zaneta.bak@stalmet.com            +48 786-621-294  Konkurencja, [Inactive]
        8   Budsped Sp. k.                                 biuro@budsped.com.pl              510069068        Konkurencja, [Active client]
        (1-5; more with --offset 5)
        "#);
    assert_snapshot!(a.run(&["group", "list"]), @r#"
        ID  NAME
        5   Dostawcy
        3   Klienci kluczowi
        8   Konkurencja
        6   Newsletter
        4   Partnerzy
        7   Targi Poznań
        "#);
    // Another seed, other people.
    let c = Env::new();
    c.ok(&["demo", "--count", "60", "--seed", "8"]);
    assert_ne!(c.everything(), list_a);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let env = Env::new();
    assert_snapshot!(env.run(&["frobnicate"]), @r#"
        [stderr]
        error: unrecognized subcommand 'frobnicate'

        Usage: contacts [OPTIONS] <COMMAND>

        For more information, try '--help'.
        [exit 2]
        "#);
    assert_snapshot!(env.run(&["list", "--limit", "0"]), @r#"
        [stderr]
        error: invalid value '0' for '--limit <LIMIT>': 0 is not in 1..=10000

        For more information, try '--help'.
        [exit 2]
        "#);
    assert_snapshot!(env.run(&["add", "--private", "--business", "--given", "x"]), @r#"
        [stderr]
        error: the argument '--private' cannot be used with '--business'

        Usage: contacts add --private --given <GIVEN> --db <PATH> --user <NAME> --now <TIME>

        For more information, try '--help'.
        [exit 2]
        "#);
    assert_snapshot!(env.run(&["--now", "yesterday", "list"]), @r#"
        [stderr]
        error: invalid value 'yesterday' for '--now <TIME>': 'yesterday' is not an RFC 3339 time like 2024-05-01T12:00:00Z (premature end of input)

        For more information, try '--help'.
        [exit 2]
        "#);
    let help = env.run(&["add", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("business book unless --private"));
    assert!(!env.path("contacts.db").exists());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = Env::new();
    env.ok(&["demo", "--count", "1500"]);
    let mut child = env
        .command("anna", &["--json", "list", "--limit", "1500"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    drop(child.stdout.take());
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(0), "")
    );
}

#[test]
fn defaults_come_from_the_environment() {
    let env = Env::new();
    // No --db: contacts.db in a `contacts` folder of the data directory, created on use.
    // No --user: the login name.
    let out = env
        .command("ignored", &["--json", "user", "list"])
        .env_remove("CONTACTS_DB")
        .env_remove("CONTACTS_USER")
        .env("XDG_DATA_HOME", env.path("data"))
        .env("HOME", env.dir())
        .env("USER", "zenon")
        .output()
        .unwrap_or_else(|e| panic!("run: {e}"));
    assert_eq!(out.status.code(), Some(0));
    let users: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(users[0]["name"], "zenon");
    if cfg!(target_os = "linux") {
        assert!(env.path("data/contacts/contacts.db").exists());
    }
    // --db and --user win over the environment.
    assert_snapshot!(env.run(&["--db", "other/x.db", "--user", "ola", "user", "list"]), @r#"
        ID  NAME  ADMIN  DISABLED
        1   ola   yes
        "#);
    assert!(env.path("other/x.db").exists());
}

#[test]
fn a_backend_failure_exits_3() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("a-folder")).unwrap_or_else(|e| panic!("{e}"));
    let out = env.run(&["--db", "a-folder", "list"]);
    assert_eq!((out.code, out.stdout.as_str()), (3, ""), "{out}");
    assert!(out.stderr.starts_with("error: storage error: "), "{out}");
    assert_eq!(out.stderr.lines().count(), 1, "{out}");
}
