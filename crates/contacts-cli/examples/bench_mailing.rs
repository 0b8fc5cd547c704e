//! Mailing speed: audience count and first page on a big book, rendering, and sending to
//! a local SMTP server.
//!
//! ```sh
//! contacts --db /tmp/demo1m.db demo --count 1000000      # once, about a minute
//! cargo run --release -p contacts-cli --example bench_mailing -- /tmp/demo1m.db [SEND_COUNT]
//! ```
//! 1. Audiences on the given database (read only): the whole business book, one group, one
//!    status, "not contacted for 90 days" and "Solenizanci +7 dni": `mail_audience` with a
//!    page of 50, timed 20 times after a warm-up (median and worst).
//! 2. Rendering: the template of a typical offer over 20,000 contacts of that book, 100,000
//!    renders in process; then the MIME bytes (`contacts_mail::eml`) of 20,000 messages.
//! 3. Sending: a fresh database in a temporary folder with SEND_COUNT (default 10,000)
//!    business contacts, one campaign to all of them through `SmtpSender` to a local
//!    aiosmtpd (`crates/contacts-mail/tests/smtp_sink.py --count-only`). Time in the
//!    transport (MIME + SMTP round trips) and the rest (claims, states, history, rendering)
//!    are reported per message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use contacts_core::mailing::{
    context, Audience, Compiled, MailTransport, Mailbox, OccasionFilter, OutgoingMessage, Security,
    SendFailure, Sender, SmtpSettings, Template,
};
use contacts_core::model::{ContactData, Email};
use contacts_core::service::{BookKind, CampaignInput, ListFilter, SendOptions, Service};
use contacts_core::store::ListKind;
use contacts_mail::SmtpSender;
use contacts_store::SqliteStore;

const TEXT: &str = "{{ salutation }},\n\nw imieniu {{ sender.name }} zapraszamy {{ organisation | default(\"Państwa firmę\") }} \
na prezentację nowej oferty.\n{% if nameday %}Wszystkiego najlepszego z okazji imienin ({{ nameday }})!\n{% endif %}\
Stanowisko: {{ position | default(\"-\") }}\n\n{{ sender.signature | default(\"\") }}\n";

fn template() -> Template {
    Template {
        subject: "Oferta dla {{ full_name }}".into(),
        text: TEXT.into(),
        html: Some("<p>{{ salutation }},</p><p>zapraszamy {{ organisation | default(\"Państwa firmę\") }}.</p>".into()),
    }
}

fn fail(msg: String) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut last = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], last)
}

fn audiences(db: &Path) {
    let s = Service::new(SqliteStore::open(db).unwrap_or_else(|e| fail(format!("{e}"))));
    let me = s
        .local_actor("bench")
        .unwrap_or_else(|e| fail(format!("{e}")));
    let group = s
        .labels(ListKind::Group)
        .ok()
        .and_then(|l| l.into_iter().next());
    let status = s
        .labels(ListKind::Status)
        .ok()
        .and_then(|l| l.into_iter().next());
    let mut cases: Vec<(String, Audience)> = vec![(
        "whole business book".into(),
        Audience {
            book: Some(BookKind::Business),
            ..Audience::default()
        },
    )];
    if let Some(g) = group {
        cases.push((
            format!("group '{}'", g.name),
            Audience {
                groups: vec![g.id],
                ..Audience::default()
            },
        ));
    }
    if let Some(st) = status {
        cases.push((
            format!("status '{}'", st.name),
            Audience {
                statuses: vec![st.id],
                ..Audience::default()
            },
        ));
    }
    cases.push((
        "not contacted for 90 days".into(),
        Audience {
            not_contacted_days: Some(90),
            ..Audience::default()
        },
    ));
    cases.push((
        "Solenizanci +7 dni".into(),
        Audience {
            occasions: Some(OccasionFilter {
                days: 7,
                birthdays: true,
                namedays: true,
            }),
            ..Audience::default()
        },
    ));
    println!("1. audience count + first page of 50 ({})", db.display());
    for (name, a) in &cases {
        let (median, worst, view) = timed(20, || {
            s.mail_audience(&me, a, 50)
                .unwrap_or_else(|e| fail(format!("{name}: {e}")))
        });
        println!(
            "   {name:<28} {:>8} matched, page {:>2}: median {:>7.1} ms, worst {:>7.1} ms",
            view.matched,
            view.recipients.len(),
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3
        );
    }
    // What part of the occasions audience is finding the occasions themselves.
    let today = s.today().unwrap_or_else(|e| fail(format!("{e}")));
    let (median, worst, found) = timed(20, || {
        s.upcoming(&me, today, 7, true, true)
            .unwrap_or_else(|e| fail(format!("upcoming: {e}")))
    });
    println!(
        "   (of which the occasions alone: {} in {:.1} ms median, {:.1} ms worst)",
        found.len(),
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
    // Rendering over real contacts of the book.
    let mut contacts = Vec::new();
    for offset in [0, 10_000] {
        contacts.extend(
            s.list(
                &me,
                &ListFilter {
                    book: Some(BookKind::Business),
                    limit: 10_000,
                    offset,
                    ..ListFilter::default()
                },
            )
            .unwrap_or_else(|e| fail(format!("{e}"))),
        );
    }
    let compiled = Compiled::new(&template()).unwrap_or_else(|e| fail(format!("{e}")));
    let defs = s.fields().unwrap_or_default();
    let sender = Sender {
        name: "Anna Nowak".into(),
        address: "anna@firma.pl".into(),
        signature: "Anna Nowak\nDział handlowy".into(),
    };
    let n = 100_000;
    let t = Instant::now();
    let mut bytes = 0usize;
    let mut problems = 0usize;
    for i in 0..n {
        let c = &contacts[i % contacts.len()];
        let ctx = context(c, "x@example.pl", c.data.nameday, &defs, &sender);
        match compiled.render(&ctx) {
            Ok(r) => bytes += r.text.len() + r.subject.len(),
            Err(_) => problems += 1,
        }
    }
    let el = t.elapsed();
    println!(
        "2. rendering: {n} messages over {} contacts in {:.2} s = {:.0} messages/s ({problems} problems, {bytes} bytes)",
        contacts.len(),
        el.as_secs_f64(),
        n as f64 / el.as_secs_f64()
    );
    let m = 20_000;
    let t = Instant::now();
    for i in 0..m {
        let c = &contacts[i % contacts.len()];
        let ctx = context(c, "x@example.pl", None, &defs, &sender);
        let r = compiled
            .render(&ctx)
            .unwrap_or_else(|p| fail(format!("{p}")));
        let msg = OutgoingMessage {
            campaign: None,
            contact: c.id,
            message_id: format!("bench.{i}@firma.pl"),
            date: chrono::Utc::now(),
            from: Mailbox {
                name: "Biuro".into(),
                address: "biuro@firma.pl".into(),
            },
            reply_to: None,
            to: Mailbox {
                name: c.data.display_name(),
                address: "x@example.pl".into(),
            },
            subject: r.subject,
            text: r.text,
            html: r.html,
            attachments: Default::default(),
            unsubscribe: Some("biuro@firma.pl".into()),
        };
        bytes += contacts_mail::eml(&msg).unwrap_or_else(|e| fail(e)).len();
    }
    let el = t.elapsed();
    println!(
        "   rendering + MIME (.eml bytes): {m} messages ({bytes} bytes in all) in {:.2} s = {:.0} messages/s, {:.3} ms each",
        el.as_secs_f64(),
        m as f64 / el.as_secs_f64(),
        el.as_secs_f64() * 1e3 / m as f64
    );
}

/// Measures the time spent inside the real transport.
struct Timed<T> {
    inner: T,
    spent: Duration,
}

impl<T: MailTransport> MailTransport for Timed<T> {
    fn send(&mut self, msg: &OutgoingMessage) -> Result<String, SendFailure> {
        let t = Instant::now();
        let r = self.inner.send(msg);
        self.spent += t.elapsed();
        r
    }
}

fn sending(count: usize) {
    let dir = std::env::temp_dir().join(format!("bench-mailing-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(format!("{e}")));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| fail(format!("{e}")));
    let script: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../contacts-mail/tests/smtp_sink.py");
    let inbox = dir.join("inbox");
    let mut server = Command::new("python3")
        .arg(&script)
        .args(["--port", &port.to_string(), "--count-only", "--dir"])
        .arg(&inbox)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(format!("cannot start python3 {}: {e}", script.display())));
    let start = Instant::now();
    while !inbox.join("ready").exists() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            fail("the SMTP sink did not start (pip install aiosmtpd)".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let s = Service::new(
        SqliteStore::open(&dir.join("send.db")).unwrap_or_else(|e| fail(format!("{e}"))),
    );
    let me = s
        .local_actor("bench")
        .unwrap_or_else(|e| fail(format!("{e}")));
    let settings = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::None,
        from_address: "biuro@firma.pl".into(),
        ..SmtpSettings::default()
    };
    s.set_smtp_settings(&me, &settings)
        .unwrap_or_else(|e| fail(format!("{e}")));
    let people: Vec<ContactData> = (0..count)
        .map(|i| {
            let mut d = ContactData::person(&format!("Osoba{i}"), "Łęcka");
            d.emails
                .extend(Email::new("work", &format!("o{i}@example.pl")).ok());
            d.job_title = "Kierownik".into();
            d
        })
        .collect();
    s.create_many(&me, BookKind::Business, people)
        .unwrap_or_else(|e| fail(format!("{e}")));
    let t = Instant::now();
    let id = s
        .create_campaign(
            &me,
            &CampaignInput {
                audience: Audience::default(),
                template: template(),
                attachments: vec![],
            },
        )
        .unwrap_or_else(|e| fail(format!("{e}")));
    let made = t.elapsed();
    let mut transport = Timed {
        inner: SmtpSender::new(settings, None),
        spent: Duration::ZERO,
    };
    let t = Instant::now();
    let report = s
        .send_campaign(
            &me,
            id,
            &mut transport,
            &SendOptions::default(),
            &mut |_| {},
        )
        .unwrap_or_else(|e| fail(format!("{e}")));
    let total = t.elapsed();
    transport.inner.close();
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    let received = std::fs::read_to_string(inbox.join("count")).unwrap_or_default();
    let n = report.sent as f64;
    println!(
        "3. sending: campaign of {count} made (audience, checks, rows) in {:.2} s; sent {} (server counted {}) in {:.2} s",
        made.as_secs_f64(),
        report.sent,
        received.trim(),
        total.as_secs_f64()
    );
    println!(
        "   per message: {:.3} ms in all, {:.3} ms in the transport (MIME + SMTP with the server), {:.3} ms our own besides (claim, render, state, history)",
        total.as_secs_f64() * 1e3 / n,
        transport.spent.as_secs_f64() * 1e3 / n,
        (total - transport.spent).as_secs_f64() * 1e3 / n
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| fail("usage: bench_mailing DB [SEND_COUNT]".into()));
    let count: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    if !db.exists() {
        fail(format!(
            "{} does not exist; make it with `contacts --db {} demo --count 1000000`",
            db.display(),
            db.display()
        ));
    }
    audiences(&db);
    sending(count);
}
