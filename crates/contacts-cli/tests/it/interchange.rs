//! End to end: import, export, duplicates, merge and unmerge through the built binary, and
//! a private book shared from one user to another.

use crate::common;

use common::{Env, PNG};
use insta::assert_snapshot;

const MIXED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mixed.vcf");
const GOOGLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/google.csv");

#[test]
fn import_reports_the_broken_card_and_keeps_the_others() {
    let env = Env::new();
    let dry = env
        .run(&["import", MIXED, "--dry-run"])
        .to_string()
        .replace(MIXED, "mixed.vcf");
    assert_snapshot!(dry, @r###"
imported 2, merged 1, skipped 0, failed 1
error: mixed.vcf: card 2 (line 14): 'this line has no colon' is not a property line (no ':')
dry run: nothing was written
"###);
    assert_eq!(env.ok(&["list", "--business"]), "no contacts");
    let out = env
        .run(&["import", MIXED, GOOGLE, "--on-duplicate", "skip"])
        .to_string()
        .replace(MIXED, "mixed.vcf");
    assert_snapshot!(out, @r###"
imported 3, merged 0, skipped 1, failed 1
error: mixed.vcf: card 2 (line 14): 'this line has no colon' is not a property line (no ':')
"###);
    assert_snapshot!(env.run(&["list", "--business"]), @r###"
ID  NAME              ORGANISATION  E-MAIL               PHONE            TAGS
3   Zdzisław Gęśla                  zdzislaw@gesla.pl    +48 600 700 800
2   Grzegorz Śpiewak                                     +48 502 111 222
1   Łucja Żółkiewska                lucja@zolkiewska.pl  601 234 567      Dostawcy, Targi Poznań
"###);
    assert_snapshot!(env.run(&["duplicates"]), @"no likely duplicates");
    let json = env
        .run(&[
            "--json",
            "import",
            MIXED,
            "--on-duplicate",
            "merge",
            "--dry-run",
        ])
        .json();
    assert_eq!(json["merged"], 3);
    assert_eq!(json["failed"][0]["card"], 2);
}

#[test]
fn export_writes_vcard_and_csv() {
    let env = Env::new();
    env.ok(&["import", MIXED]);
    let v4 = env.ok(&["export", "--all", "--business"]);
    assert_snapshot!(v4, @r###"
BEGIN:VCARD
VERSION:4.0
FN:Łucja Żółkiewska
N:Żółkiewska;Łucja;;;
EMAIL;TYPE=work:lucja@zolkiewska.pl
TEL;TYPE=cell:601 234 567
ADR;TYPE=home:;;ul. Świętokrzyska 5;Łódź;;90-001;Polska
BDAY:--0314
NOTE:Spotkanie w Gdańsku\, środa
CATEGORIES:Dostawcy,Targi Poznań
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Grzegorz Śpiewak
N:Śpiewak;Grzegorz;;;
TEL;TYPE=cell:+48 502 111 222
END:VCARD
"###);
    let v3 = env.ok(&["export", "1", "--version", "3.0"]);
    assert_snapshot!(v3, @r###"
BEGIN:VCARD
VERSION:3.0
FN:Łucja Żółkiewska
N:Żółkiewska;Łucja;;;
EMAIL;TYPE=work:lucja@zolkiewska.pl
TEL;TYPE=cell:601 234 567
ADR;TYPE=home:;;ul. Świętokrzyska 5;Łódź;;90-001;Polska
BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14
NOTE:Spotkanie w Gdańsku\, środa
CATEGORIES:Dostawcy,Targi Poznań
END:VCARD
"###);
    env.ok(&["export", "--all", "--format", "csv-google", "-o", "out.csv"]);
    let csv = String::from_utf8_lossy(&env.read("out.csv")).into_owned();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("Żółkiewska"), "{csv}");
}

#[test]
fn merge_and_unmerge() {
    let env = Env::new();
    let a = env.ok(&[
        "add",
        "--given",
        "Jan",
        "--family",
        "Kowalski",
        "--email",
        "jan@firma.pl",
    ]);
    let b = env.ok(&[
        "add",
        "--given",
        "Jan",
        "--family",
        "Kowalski",
        "--email",
        "JAN@firma.pl",
        "--phone",
        "601 234 567",
    ]);
    env.write("p.png", PNG);
    env.ok(&["photo", "set", &b, "p.png"]);
    assert_snapshot!(env.run(&["duplicates"]), @r###"
A  B  BOOK      NAME A        NAME B        REASON
1  2  business  Jan Kowalski  Jan Kowalski  same e-mail jan@firma.pl
"###);
    assert_snapshot!(env.run(&["merge", &a, &b]), @"merged 2 into 1 (Jan Kowalski); undo with: contacts unmerge 1");
    assert_snapshot!(env.run(&["show", &b]), @r###"
[stderr]
error: contact 2 not found
[exit 1]
"###);
    assert_snapshot!(env.run(&["unmerge", &a]), @"restored 1 (Jan Kowalski) and 2 (Jan Kowalski)");
    assert_eq!(env.ok(&["--json", "list"]).matches("\"id\"").count(), 2);
    assert_snapshot!(env.run(&["unmerge", &a]), @r###"
[stderr]
error: merge into contact 1 not found
[exit 1]
"###);
}

#[test]
fn a_private_book_shared_from_anna_to_bob() {
    let env = Env::new();
    let a = env.ok(&[
        "add",
        "--private",
        "--given",
        "Łukasz",
        "--family",
        "Żółć",
        "--email",
        "lukasz@zolc.pl",
        "--note",
        "Poznań; piętro 2",
        "--category",
        "family",
    ]);
    env.write("p.png", PNG);
    env.ok(&["photo", "set", &a, "p.png"]);
    env.write("umowa.txt", "Zażółć gęślą jaźń".as_bytes());
    env.ok(&["attach", "add", &a, "umowa.txt"]);
    env.ok(&[
        "add",
        "--private",
        "--org-name",
        "Spółdzielnia Mleczarska",
        "--phone",
        "22 123 45 67",
    ]);
    env.ok(&["add", "--given", "Firmowy", "--family", "Kontakt"]);
    assert_snapshot!(env.run(&["export", "--all", "--private", "-o", "anna.vcf"]), @"exported 2 contact(s) to anna.vcf");
    // Bob cannot export Anna's private contact.
    assert_snapshot!(env.run_as("bob", &["export", &a]), @r###"
[stderr]
error: contact 1 not found
[exit 1]
"###);
    let anna_vcf = env.path("anna.vcf");
    let path = anna_vcf.to_string_lossy().into_owned();
    let out = env
        .run_as("bob", &["import", "--private", &path])
        .to_string()
        .replace(&path, "anna.vcf");
    assert_snapshot!(out, @"imported 2, merged 0, skipped 0, failed 0");
    assert_snapshot!(env.run_as("bob", &["list", "--private"]), @r###"
ID  NAME                     ORGANISATION  E-MAIL          PHONE         TAGS
5   Spółdzielnia Mleczarska                                22 123 45 67  private
4   Łukasz Żółć                            lukasz@zolc.pl                private 👪
"###);
    let business = env.ok_as("bob", &["list", "--business"]);
    assert_eq!(business.lines().count(), 2, "{business}");
    assert!(
        business.contains("Firmowy") && !business.contains("Żółć"),
        "{business}"
    );
    let bob_ids: Vec<String> = env
        .run_as("bob", &["--json", "list", "--private"])
        .json()
        .as_array()
        .map(|a| a.iter().map(|c| c["id"].to_string()).collect())
        .unwrap_or_default();
    let shown: Vec<String> = bob_ids
        .iter()
        .map(|id| env.ok_as("bob", &["attach", "list", id]))
        .collect();
    assert!(shown.iter().any(|s| s.contains("umowa.txt")), "{shown:?}");
    assert!(bob_ids
        .iter()
        .any(|id| env.run_as("bob", &["photo", "get", id, "-o", "x.png"]).code == 0));
    assert_eq!(env.read("x.png"), PNG);
}
