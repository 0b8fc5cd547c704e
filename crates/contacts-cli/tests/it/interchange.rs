//! End to end: import, export, duplicates, merge and unmerge through the built binary, and
//! a private book shared from one user to another.

use crate::common;

use common::{Env, PNG};
use insta::assert_snapshot;

const MIXED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mixed.vcf");
const GOOGLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/google.csv");

#[test]
fn import_skips_a_bad_line_with_a_warning_and_keeps_the_card() {
    let env = Env::new();
    let dry = env
        .run(&["import", MIXED, "--dry-run"])
        .to_string()
        .replace(MIXED, "mixed.vcf");
    assert_snapshot!(dry, @r###"
imported 3, merged 1, skipped 0, failed 0
warning: mixed.vcf: card 2 (line 14): 'this line has no colon' is not a property line (no ':'); the line was skipped
warning: mixed.vcf: card 2 (line 15): the photo could not be decoded; kept as it was
dry run: nothing was written
"###);
    assert_eq!(env.ok(&["list", "--business"]), "no contacts");
    let out = env
        .run(&["import", MIXED, GOOGLE, "--on-duplicate", "skip"])
        .to_string()
        .replace(MIXED, "mixed.vcf");
    assert_snapshot!(out, @r###"
imported 4, merged 0, skipped 1, failed 0
warning: mixed.vcf: card 2 (line 14): 'this line has no colon' is not a property line (no ':'); the line was skipped
warning: mixed.vcf: card 2 (line 15): the photo could not be decoded; kept as it was
"###);
    assert_snapshot!(env.run(&["list", "--business"]), @r###"
ID  NAME              ORGANISATION  E-MAIL               PHONE            TAGS
4   Zdzisław Gęśla                  zdzislaw@gesla.pl    +48 600 700 800
3   Grzegorz Śpiewak                                     +48 502 111 222
2   Karta Zepsuta
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
    assert_eq!(
        (json["merged"].as_u64(), json["refused"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(json["warnings"][0]["count"], 1);
    assert_eq!(
        json["warnings"][0]["kind"],
        "'…' is not a property line (no '…'); the line was skipped"
    );
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
FN:Karta Zepsuta
N:Zepsuta;Karta;;;
PHOTO:data:image/octet-stream;base64,!!!nie-base64!!!
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

/// The exit code tells a script how an import went: 0 all in, 4 some refused, 1 nothing in;
/// an empty file and a file that is neither vCard nor CSV say so.
#[test]
fn import_exit_codes_and_clear_outcomes() {
    let env = Env::new();
    let good = env.write(
        "good.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Ola;;;\r\nEND:VCARD\r\n",
    );
    let some = env.write(
        "some.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lis;Ewa;;;\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n",
    );
    let none = env.write("none.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n");
    let empty = env.write("empty.csv", b"");
    let neither = env.write("notes.txt", b"shopping list\nmilk, bread\n");
    let lost_begin = env.write(
        "lost-begin.vcf",
        b"VERSION:3.0\r\nN:Bez;Poczatku;;;\r\nEND:VCARD\r\n",
    );
    let path = |p: &std::path::Path| p.display().to_string();

    let out = env.run(&["import", &path(&good)]);
    assert_eq!(out.code, 0, "{out}");
    let out = env.run(&["import", &path(&some)]);
    assert_eq!(out.code, 4, "{out}");
    assert!(
        out.stdout
            .contains("imported 1, merged 0, skipped 0, failed 1"),
        "{out}"
    );
    assert!(out.stderr.contains("1 of 2 cards were refused"), "{out}");
    let out = env.run(&["import", &path(&none)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.contains("nothing was imported"), "{out}");
    let out = env.run(&["import", &path(&empty)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.contains("the file is empty"), "{out}");
    let out = env.run(&["import", &path(&neither)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stdout
            .contains("the file is neither vCard (no BEGIN:VCARD) nor a Google or Outlook CSV"),
        "{out}"
    );
    // A vCard whose BEGIN was lost is still read as vCard, with a warning.
    let out = env.run(&["import", &path(&lost_begin)]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("the card has no BEGIN:VCARD"), "{out}");
    let help = env.run(&["import", "--help"]);
    assert!(
        help.stdout
            .contains("Exit code: 0 every card went in; 4 some"),
        "{help}"
    );
}

/// A file of zero bytes without a line end (like /dev/zero) stops at the line limit with
/// an error naming the line; a CSV of empty rows imports nothing and is no error per row.
#[test]
fn import_of_endless_or_empty_rows_ends_with_a_clear_error() {
    let env = Env::new();
    let zeros = env.write("zeros.bin", &vec![0u8; 3 * 1024 * 1024]);
    let long_line = env.write(
        "long.csv",
        &[b"First Name\n".as_slice(), &vec![b'x'; 2 * 1024 * 1024]].concat(),
    );
    let mut rows = b"First Name,Last Name,E-mail 1 - Value\n".to_vec();
    for _ in 0..100_000 {
        rows.extend_from_slice(b",,\n");
    }
    rows.extend_from_slice(b"Ala,Kot,ala@kot.example\n");
    let blank = env.write("blank.csv", &rows);
    let path = |p: &std::path::Path| p.display().to_string();
    let out = env.run(&["import", &path(&zeros)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stdout.contains("binary data (NUL bytes)"), "{out}");
    let out = env.run(&["import", &path(&long_line)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stdout
            .contains("line 2 is longer than 1024 KiB; the rest of the file was not read"),
        "{out}"
    );
    let out = env.run(&["import", &path(&blank)]);
    assert_eq!(out.code, 0, "{out}");
    assert!(
        out.stdout
            .contains("imported 1, merged 0, skipped 0, failed 0"),
        "{out}"
    );
    assert!(
        out.stdout.contains("empty rows passed over: 100000"),
        "{out}"
    );
    // Only empty rows: nothing went in, and the exit code says so.
    let only_blank = env.write("only-blank.csv", b"First Name,Last Name\n,\n,\n");
    let out = env.run(&["import", &path(&only_blank)]);
    assert_eq!(out.code, 1, "{out}");
    assert!(out.stderr.contains("the file holds no contact"), "{out}");
}

/// CSV exports neutralise cells a spreadsheet would run; the import undoes it.
#[test]
fn csv_cells_that_look_like_formulas_round_trip() {
    let env = Env::new();
    env.ok(&[
        "add",
        "--given==HYPERLINK(\"http://evil.example\")",
        "--family=@Kowalski",
        "--note=-5 +3",
    ]);
    env.ok(&["export", "--all", "--format", "csv-google", "-o", "out.csv"]);
    let csv = String::from_utf8_lossy(&env.read("out.csv")).into_owned();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{csv}"
    );
    assert!(csv.contains(",'@Kowalski,"), "{csv}");
    assert!(
        !csv.contains(",=") && !csv.contains(",@") && !csv.contains(",-5"),
        "{csv}"
    );
    let fresh = Env::new();
    let file = fresh.write("in.csv", csv.as_bytes());
    let out = fresh.run(&["--json", "import", &file.display().to_string()]);
    assert_eq!(out.code, 0, "{out}");
    let shown = fresh.ok(&["--json", "show", "1"]);
    assert!(
        shown.contains("\"=HYPERLINK(\\\"http://evil.example\\\")\""),
        "{shown}"
    );
    assert!(shown.contains("\"@Kowalski\""), "{shown}");
    assert!(shown.contains("\"-5 +3\""), "{shown}");
}
