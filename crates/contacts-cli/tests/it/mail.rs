//! End to end: `contacts mail` against a real SMTP server (aiosmtpd, started per test on a
//! free loopback port by `crates/contacts-mail/tests/smtp_sink.py`). The server writes
//! what it received, decoded by Python's `email` package, so the checks do not trust our
//! own encoder. Without Python's aiosmtpd the tests say so and pass, unless `CI` is set,
//! where they fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::Env;
use serde_json::Value;

/// A running aiosmtpd sink.
struct Sink {
    child: Child,
    dir: PathBuf,
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// Whether aiosmtpd can run here; without it a test is skipped (failed under CI).
fn have_aiosmtpd(test: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: python3 with aiosmtpd is required (pip install aiosmtpd)"
        );
        eprintln!("{test}: SKIPPED: python3 with aiosmtpd not found (pip install aiosmtpd)");
    }
    ok
}

impl Sink {
    fn start(dir: &Path, port: u16, extra: &[&str]) -> Sink {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../contacts-mail/tests/smtp_sink.py");
        let _ = std::fs::remove_file(dir.join("ready"));
        let child = Command::new("python3")
            .arg(&script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .args(extra)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the SMTP sink: {e}"));
        let sink = Sink {
            child,
            dir: dir.to_path_buf(),
        };
        let start = Instant::now();
        while !dir.join("ready").exists() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the SMTP sink did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        sink
    }

    /// Every message received so far, decoded, in arrival order.
    fn messages(&self) -> Vec<Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{e}"));
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"))
            })
            .collect()
    }

    fn raw(&self, n: usize) -> String {
        String::from_utf8(
            std::fs::read(self.dir.join(format!("{n:05}.eml"))).unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

/// A decoded text part with line ends as LF and no trailing blank lines (SMTP carries CRLF
/// and ends the data with one more line end).
fn part_text(m: &Value, part: &str) -> String {
    m[part]
        .as_str()
        .unwrap_or_default()
        .replace("\r\n", "\n")
        .trim_end()
        .to_string()
}

fn id_of(out: &str) -> String {
    out.split_whitespace()
        .last()
        .unwrap_or_else(|| panic!("no id in {out:?}"))
        .to_string()
}

/// The office: anna (admin, may send), bob (another user with a private contact), the
/// mail server settings, and business contacts covering every skip.
fn office(env: &Env, port: u16) -> BTreeMap<&'static str, String> {
    let mut ids = BTreeMap::new();
    env.ok(&[
        "mail",
        "smtp",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--security",
        "none",
        "--from",
        "biuro@firma.pl",
        "--from-name",
        "Biuro Łódź",
        "--unsubscribe",
        "wypisz@firma.pl",
    ]);
    let sig = env.write("sig.txt", "Anna Nowak\ntel. 601 234 567".as_bytes());
    env.ok(&[
        "mail",
        "profile",
        "--name",
        "Anna Nowak",
        "--address",
        "anna@firma.pl",
        "--signature-file",
        sig.to_str().unwrap_or_default(),
    ]);
    let add = |args: &[&str]| id_of(&env.ok(args));
    ids.insert(
        "zaneta",
        add(&[
            "add",
            "--given",
            "Żaneta",
            "--family",
            "Łęcka",
            "--gender",
            "F",
            "--email",
            "zaneta@example.pl",
            "--org-name",
            "Żółta Łódź sp. z o.o.",
        ]),
    );
    ids.insert(
        "jan",
        add(&[
            "add",
            "--given",
            "Jan",
            "--family",
            "Kowalski",
            "--gender",
            "M",
            "--email",
            "jan@example.pl",
            "--job-title",
            "Prezes",
        ]),
    );
    ids.insert(
        "celina",
        add(&[
            "add",
            "--given",
            "Celina",
            "--family",
            "Kopia",
            "--email",
            "ZANETA@example.pl",
        ]),
    );
    ids.insert(
        "adam",
        add(&[
            "add",
            "--given",
            "Adam",
            "--family",
            "Wypisany",
            "--email",
            "adam@example.pl",
            "--opt-out",
        ]),
    );
    ids.insert(
        "bez",
        add(&[
            "add",
            "--given",
            "Bez",
            "--family",
            "Adresu",
            "--phone",
            "+48601234567",
        ]),
    );
    ids.insert(
        "franek",
        add(&[
            "add",
            "--private",
            "--given",
            "Franek",
            "--family",
            "Prywatny",
            "--email",
            "franek@example.pl",
        ]),
    );
    ids.insert(
        "gosia",
        id_of(&env.ok_as(
            "bob",
            &[
                "add",
                "--private",
                "--given",
                "Gosia",
                "--family",
                "Boba",
                "--email",
                "gosia@example.pl",
            ],
        )),
    );
    ids
}

const BODY: &str = "{{ salutation }},\n\nzapraszamy {{ organisation | default(\"Państwa firmę\") }} na prezentację.\nZażółć gęślą jaźń.\n\n{{ sender.signature }}\n";

#[test]
fn a_campaign_goes_out_one_message_per_recipient() {
    if !have_aiosmtpd("a_campaign_goes_out_one_message_per_recipient") {
        return;
    }
    let env = Env::new();
    let port = free_port();
    let sink = Sink::start(&env.path("inbox"), port, &[]);
    let ids = office(&env, port);
    let body = env.write("body.txt", BODY.as_bytes());

    // The audience with every skip and its reason; bob's private contact is not there.
    let aud = env.run(&["--json", "mail", "audience", "--all"]).json();
    let skips: BTreeMap<String, Value> = aud["recipients"]
        .as_array()
        .unwrap_or_else(|| panic!("{aud}"))
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or_default().to_string(),
                r["skip"].clone(),
            )
        })
        .collect();
    assert_eq!(skips["Adam Wypisany"], "opted_out");
    assert_eq!(skips["Bez Adresu"], "no_email");
    assert_eq!(skips["Celina Kopia"], Value::Null);
    assert_eq!(skips["Żaneta Łęcka"], "duplicate");
    assert_eq!(
        skips["Franek Prywatny"],
        Value::Null,
        "anna's own private contact"
    );
    assert!(!skips.contains_key("Gosia Boba"), "{aud}");
    assert!(!env
        .run_as("bob", &["mail", "audience", "--all"])
        .stdout
        .contains("Franek"));

    // Bob may not send campaigns; anna (the admin) may.
    let denied = env.run_as("bob", &["mail", "send", "--subject", "x", "--text", "y"]);
    assert_eq!(denied.code, 1, "{denied}");
    assert!(denied.stderr.contains("may not send campaigns"), "{denied}");

    // Sending to the business book only, so every duplicate rule shows.
    let out = env.run(&[
        "mail",
        "send",
        "--business",
        "--subject",
        "Oferta dla {{ given_name }} – zażółć",
        "--text-file",
        body.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("2 sent, 0 failed"), "{out}");
    let got = sink.messages();
    assert_eq!(got.len(), 2, "{got:?}");
    for m in &got {
        assert_eq!(m["rcpt_tos"].as_array().map(Vec::len), Some(1), "{m}");
        assert_eq!(m["mail_from"], "biuro@firma.pl");
        assert!(!m["to"].as_str().unwrap_or_default().contains(','), "{m}");
        assert_eq!(
            m["list_unsubscribe"],
            "<mailto:wypisz@firma.pl?subject=unsubscribe>"
        );
        assert_eq!(m["from"], "Biuro Łódź <biuro@firma.pl>");
        assert_eq!(m["reply_to"], "Anna Nowak <anna@firma.pl>");
        assert!(m["message_id"]
            .as_str()
            .unwrap_or_default()
            .ends_with("@firma.pl>"));
    }
    let by_rcpt: BTreeMap<String, &Value> = got
        .iter()
        .map(|m| {
            (
                m["rcpt_tos"][0].as_str().unwrap_or_default().to_lowercase(),
                m,
            )
        })
        .collect();
    let celina = by_rcpt["zaneta@example.pl"];
    assert_eq!(celina["to"], "Celina Kopia <ZANETA@example.pl>");
    assert_eq!(celina["subject"], "Oferta dla Celina – zażółć");
    assert_eq!(
        part_text(celina, "text"),
        "Szanowni Państwo,\n\nzapraszamy Państwa firmę na prezentację.\nZażółć gęślą jaźń.\n\nAnna Nowak\ntel. 601 234 567"
    );
    let jan = by_rcpt["jan@example.pl"];
    assert_eq!(jan["subject"], "Oferta dla Jan – zażółć");
    assert!(jan["text"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Szanowny Panie,"));
    // The raw message: RFC 2047 subject, 7-bit transfer.
    let raw = sink.raw(1);
    let subject = raw
        .lines()
        .find(|l| l.starts_with("Subject: "))
        .unwrap_or_default();
    assert!(subject.contains("=?utf-8?"), "{raw}");
    assert!(raw.is_ascii(), "{raw}");
    assert!(!raw.contains("gosia") && !raw.contains("franek"));

    // History: one e-mail entry on each sent contact, none on the skipped.
    let h = env.ok(&["--json", "history", &ids["jan"]]);
    assert!(
        h.contains("\"e-mail\"") && h.contains("Oferta dla Jan"),
        "{h}"
    );
    assert!(!env
        .ok(&["--json", "history", &ids["adam"]])
        .contains("Oferta"));

    // The campaign record: sent with the server's reply, skipped with the reason.
    let status = env.run(&["--json", "mail", "status", "1"]).json();
    let states: BTreeMap<String, (String, String)> = status["recipients"]
        .as_array()
        .unwrap_or_else(|| panic!("{status}"))
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or_default().to_string(),
                (
                    r["state"].as_str().unwrap_or_default().to_string(),
                    r["detail"].as_str().unwrap_or_default().to_string(),
                ),
            )
        })
        .collect();
    assert_eq!(states["Jan Kowalski"].0, "sent");
    assert!(states["Jan Kowalski"].1.starts_with("250"), "{states:?}");
    assert_eq!(
        states["Adam Wypisany"],
        ("skipped".into(), "opted_out".into())
    );
    assert_eq!(
        states["Żaneta Łęcka"],
        ("skipped".into(), "duplicate".into())
    );
    assert_eq!(status["state"], "done");
    // Bob cannot see anna's campaign.
    assert_eq!(env.run_as("bob", &["mail", "status", "1"]).code, 1);

    // Sending again sends nothing more.
    env.ok(&["mail", "send", "--campaign", "1"]);
    assert_eq!(sink.messages().len(), 2);

    // A one-off message from bob to an opted-out client goes out (opt-out is for mass mail).
    let one = env.run_as(
        "bob",
        &[
            "mail",
            "one",
            "--contact",
            &ids["adam"],
            "--subject",
            "Spotkanie",
            "--text",
            "Przypominam o spotkaniu jutro.",
        ],
    );
    assert_eq!(one.code, 0, "{one}");
    let last = sink.messages().pop().unwrap_or_default();
    assert_eq!(last["rcpt_tos"][0], "adam@example.pl");
    assert_eq!(part_text(&last, "text"), "Przypominam o spotkaniu jutro.");
    // ... but never to a private contact of someone else.
    let none = env.run_as(
        "bob",
        &[
            "mail",
            "one",
            "--contact",
            &ids["franek"],
            "--subject",
            "x",
            "--text",
            "y",
        ],
    );
    assert_eq!(none.code, 1, "{none}");
    assert_eq!(sink.messages().len(), 3);
}

#[test]
fn refusals_and_faults_are_reported_and_lose_nothing() {
    if !have_aiosmtpd("refusals_and_faults_are_reported_and_lose_nothing") {
        return;
    }
    let env = Env::new();
    let port = free_port();
    let ids = office(&env, port);
    let _ = ids;

    // A template with an empty placeholder: reported by recipient and placeholder; nothing
    // stored, nothing sent.
    let bad = env.run(&[
        "mail",
        "send",
        "--business",
        "--subject",
        "Hi",
        "--text",
        "{{ position }}",
    ]);
    assert_eq!(bad.code, 1, "{bad}");
    assert!(
        bad.stderr.contains("Celina Kopia") && bad.stderr.contains("position"),
        "{bad}"
    );
    assert!(
        !bad.stderr.contains("Jan Kowalski"),
        "Jan has a position: {bad}"
    );
    let syntax = env.run(&["mail", "send", "--subject", "Hi", "--text", "a\n{% if %}"]);
    assert_eq!(syntax.code, 1, "{syntax}");
    assert!(syntax.stderr.contains("text, line 2"), "{syntax}");
    assert_eq!(env.ok(&["mail", "campaigns"]), "");

    // Nobody listens: the campaign stops with a clear message and keeps everyone queued.
    let refused = env.run(&[
        "mail",
        "send",
        "--business",
        "--subject",
        "Oferta",
        "--text",
        "Dzień dobry",
    ]);
    assert_eq!(refused.code, 1, "{refused}");
    assert!(
        refused
            .stderr
            .contains("cannot connect to the mail server 127.0.0.1"),
        "{refused}"
    );
    assert!(
        refused.stderr.contains("mail send --campaign 1"),
        "{refused}"
    );
    let st = env.run(&["--json", "mail", "status", "1"]).json();
    assert_eq!(st["state"], "stopped");
    assert_eq!(st["counts"]["queued"], 2, "{st}");

    // The server comes up, refusing one address with 550: that one fails, the rest go.
    let sink = Sink::start(&env.path("inbox"), port, &["--reject", "jan@example.pl"]);
    let out = env.run(&["mail", "send", "--campaign", "1"]);
    assert_eq!(out.code, 0, "{out}");
    let st = env.run(&["--json", "mail", "status", "1"]).json();
    assert_eq!(st["state"], "done");
    assert_eq!(
        (
            st["counts"]["sent"].as_u64(),
            st["counts"]["failed"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let failed = st["recipients"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["state"] == "failed").cloned())
        .unwrap_or_default();
    assert_eq!(failed["address"], "jan@example.pl");
    assert!(
        failed["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("550"),
        "{failed}"
    );
    assert_eq!(sink.messages().len(), 1);
    drop(sink);

    // A server that wants a login: a wrong password stops before anything is sent and is
    // never printed; the right one sends.
    let port2 = free_port();
    let sink = Sink::start(&env.path("inbox2"), port2, &["--auth", "biuro:dobre-haslo"]);
    env.ok(&[
        "mail",
        "smtp",
        "--port",
        &port2.to_string(),
        "--login",
        "biuro",
    ]);
    let shown = env.ok(&["mail", "smtp"]);
    assert!(shown.contains("CONTACTS_SMTP_PASSWORD"), "{shown}");
    let mut cmd = env.command(
        "anna",
        &[
            "mail",
            "send",
            "--business",
            "--subject",
            "Hasło",
            "--text",
            "x",
        ],
    );
    cmd.env("CONTACTS_SMTP_PASSWORD", "zle-haslo-123");
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refused the login 'biuro'"), "{stderr}");
    assert!(!stderr.contains("zle-haslo-123"));
    assert!(sink.messages().is_empty());
    let mut cmd = env.command("anna", &["mail", "send", "--campaign", "2"]);
    cmd.env("CONTACTS_SMTP_PASSWORD", "dobre-haslo");
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sink.messages().len(), 2);
    // The password is in no file the program wrote.
    let db = std::fs::read(env.path("contacts.db")).unwrap_or_default();
    assert!(!db.windows(11).any(|w| w == b"dobre-haslo"));
}

#[test]
fn a_killed_send_resumes_and_nobody_gets_two() {
    if !have_aiosmtpd("a_killed_send_resumes_and_nobody_gets_two") {
        return;
    }
    let env = Env::new();
    let port = free_port();
    let sink = Sink::start(&env.path("inbox"), port, &[]);
    env.ok(&[
        "mail",
        "smtp",
        "--host",
        "127.0.0.1",
        "--port",
        &port.to_string(),
        "--security",
        "none",
        "--from",
        "biuro@firma.pl",
    ]);
    let people = 30;
    for i in 0..people {
        env.ok(&[
            "add",
            "--given",
            &format!("Osoba{i:02}"),
            "--family",
            "Test",
            "--email",
            &format!("o{i:02}@example.pl"),
        ]);
    }
    env.ok(&[
        "mail",
        "create",
        "--business",
        "--subject",
        "Oferta {{ given_name }}",
        "--text",
        "Dzień dobry",
    ]);
    // 20 a second: killed after at least five went out.
    let mut child = env
        .command(
            "anna",
            &["mail", "send", "--campaign", "1", "--rate", "1200"],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    while sink.messages().len() < 5 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "nothing was sent"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    let before = sink.messages().len();
    assert!(before < people, "killed too late to show a resume");

    let out = env.run(&["mail", "send", "--campaign", "1"]);
    assert_eq!(out.code, 0, "{out}");
    let st = env.run(&["--json", "mail", "status", "1"]).json();
    let unknown: Vec<String> = st["recipients"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter(|r| r["state"] == "unknown")
                .map(|r| r["address"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    if !unknown.is_empty() {
        assert!(out.stderr.contains("unknown"), "reported: {out}");
    }
    let mut received: BTreeMap<String, usize> = BTreeMap::new();
    for m in sink.messages() {
        *received
            .entry(m["rcpt_tos"][0].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    for i in 0..people {
        let a = format!("o{i:02}@example.pl");
        let n = received.get(&a).copied().unwrap_or(0);
        if unknown.contains(&a) {
            assert!(n <= 1, "{a} got {n}");
        } else {
            assert_eq!(n, 1, "{a} got {n} message(s); unknown: {unknown:?}");
        }
    }
}

#[test]
fn dry_run_writes_eml_files_and_sends_nothing() {
    let env = Env::new();
    let port = free_port();
    let _ = office(&env, port);
    let out = env.run(&[
        "mail",
        "dry-run",
        "--out",
        "eml",
        "--business",
        "--subject",
        "Oferta dla {{ given_name }}",
        "--text",
        "{{ salutation }}",
    ]);
    assert_eq!(out.code, 0, "{out}");
    assert!(out.stdout.contains("wrote 2 message(s)"), "{out}");
    assert!(out.stdout.contains("skipped Adam Wypisany"), "{out}");
    let mut files: Vec<PathBuf> = std::fs::read_dir(env.path("eml"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    assert_eq!(files.len(), 2);
    let first = String::from_utf8(std::fs::read(&files[0]).unwrap_or_default()).unwrap_or_default();
    assert!(first.contains("Message-ID: <dry-run.1."), "{first}");
    assert!(
        first.contains("List-Unsubscribe: <mailto:wypisz@firma.pl"),
        "{first}"
    );
    assert_eq!(first.matches("\nTo: ").count(), 1);
    assert_eq!(
        env.ok(&["mail", "campaigns"]),
        "",
        "a dry run stores no campaign"
    );

    // The preview of one recipient: the exact parts.
    let ids = env.run(&["--json", "search", "Kowalski"]).json();
    let jan = ids[0]["id"].to_string();
    let p = env.ok(&[
        "mail",
        "preview",
        "--contact",
        &jan,
        "--subject",
        "Dla {{ given_name }}",
        "--text",
        "{{ salutation }}, {{ position }}",
    ]);
    assert!(p.contains("To: Jan Kowalski <jan@example.pl>"), "{p}");
    assert!(p.contains("Subject: Dla Jan"), "{p}");
    assert!(p.contains("Szanowny Panie, Prezes"), "{p}");
}
