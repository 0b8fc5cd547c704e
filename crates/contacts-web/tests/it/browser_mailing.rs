//! One mailing campaign through the real pages in headless Chromium: from the business
//! list's Wysyłka button to the compose page, a preview, then sending to a real SMTP
//! server (aiosmtpd via `crates/contacts-mail/tests/smtp_sink.py`) and the campaign page's
//! report. Without chromium/chromedriver it fails (CI installs them); without aiosmtpd it
//! says so and passes, unless `CI` is set.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use contacts_core::mailing::{Security, SmtpSettings};
use contacts_core::memory::MemoryStore;
use contacts_core::model::{ContactData, Email, Gender};
use contacts_core::service::{BookKind, Service};
use contacts_web::AppState;

use crate::browser::{
    browser_with, click, fill, free_port, programs_or_skip, serve_in_background, set_up_admin,
    shot, start_driver, wait_text,
};

/// A child process killed when the test ends however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "{what} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_through_the_pages() {
    let Some(programs) = programs_or_skip("a_campaign_through_the_pages") else {
        return;
    };
    let have_smtp = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !have_smtp {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with aiosmtpd is required (pip install aiosmtpd)"
        );
        eprintln!("SKIPPED: python3 with aiosmtpd not found (pip install aiosmtpd)");
        return;
    }
    let inbox = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let smtp_port = free_port();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../contacts-mail/tests/smtp_sink.py");
    let _sink = Killed(
        Command::new("python3")
            .arg(&script)
            .args(["--port", &smtp_port.to_string(), "--dir"])
            .arg(inbox.path())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    wait_port(smtp_port, "the SMTP sink").await;

    // The office: two business clients with Polish names and the mail server settings.
    let service = Service::new(MemoryStore::default());
    let root = service
        .local_actor("anna")
        .unwrap_or_else(|e| panic!("{e}"));
    for (given, family, gender, email) in [
        ("Żaneta", "Łęcka", Gender::Female, "zaneta@example.pl"),
        ("Jan", "Kowalski", Gender::Male, "jan@example.pl"),
    ] {
        let mut d = ContactData::person(given, family);
        d.gender = Some(gender);
        d.emails
            .push(Email::new("work", email).unwrap_or_else(|e| panic!("{e}")));
        service
            .create(&root, BookKind::Business, d)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    service
        .set_smtp_settings(
            &root,
            &SmtpSettings {
                host: "127.0.0.1".into(),
                port: smtp_port,
                security: Security::None,
                from_address: "biuro@firma.pl".into(),
                ..SmtpSettings::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let state = AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    let setup = state.setup_path().unwrap_or_default();
    let base = serve_in_background(&state).await;

    let profiles = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let driver = start_driver(&programs).await;
    let anna = browser_with(
        &driver,
        &programs.chromium,
        &profiles.path().join("anna"),
        "pl-PL",
        (1280, 1400),
    )
    .await;
    set_up_admin(&anna, &base, &setup, "anna").await;
    wait_text(&anna, "h1", |t| !t.is_empty()).await;

    // From the business list, the Wysyłka button.
    anna.goto(&format!("{base}/contacts?book=business"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let button = wait_text(&anna, "#mailing-link", |t| !t.is_empty()).await;
    assert!(
        button.contains("Wysyłka") || button.contains("Mailing"),
        "{button}"
    );
    click(&anna, "#mailing-link").await;
    let count = wait_text(&anna, "#audience-count", |t| !t.is_empty()).await;
    assert!(count.starts_with('2'), "{count}");

    // Compose and preview.
    fill(
        &anna,
        "input[name=subject]",
        "Zaproszenie dla {{ given_name }}",
    )
    .await;
    fill(
        &anna,
        "textarea[name=text]",
        "{{ salutation }},\nzapraszamy na prezentację.",
    )
    .await;
    click(&anna, "button[value=preview]").await;
    let subject = wait_text(&anna, "#preview-subject", |t| !t.is_empty()).await;
    assert_eq!(subject, "Zaproszenie dla Jan");
    let text = wait_text(&anna, "#preview-text", |t| !t.is_empty()).await;
    assert!(text.starts_with("Szanowny Panie,"), "{text}");
    shot(&anna, "mailing-preview").await;

    // Send: the campaign page shows progress, then the report.
    click(&anna, "button[value=send]").await;
    // (Polish or English, as the browser's language gives.)
    let state_text = wait_text(&anna, "#campaign-state", |t| {
        ["zakończona", "zatrzymana", "done", "stopped"]
            .iter()
            .any(|w| t.contains(w))
    })
    .await;
    assert!(
        state_text.contains("zakończona") || state_text.contains("done"),
        "{state_text}"
    );
    let report = wait_text(&anna, "#recipients", |t| t.contains("250")).await;
    assert!(
        report.contains("Żaneta Łęcka") && report.contains("Jan Kowalski"),
        "{report}"
    );
    shot(&anna, "mailing-report").await;
    let received = std::fs::read_dir(inbox.path())
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(received, 2);
    let _ = anna.close().await;
}
