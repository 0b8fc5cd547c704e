//! Printing in Chromium (issue 13, item 6): a case with items and timeline, a contact card,
//! a filtered list and the reports page printed through WebDriver's "Print Page" (Chromium's
//! own print to PDF, which applies `print.css`), read back with lopdf: the content is there
//! with its Polish letters, the menu, buttons, forms and download links are not.

use contacts_core::case::{CaseData, CaseItem};
use contacts_core::memory::MemoryStore;
use contacts_core::model::ContactData;
use contacts_core::money::Amount;
use contacts_core::password::NewPassword;
use contacts_core::service::{BookKind, DetailInput, Service};
use contacts_web::AppState;
use fantoccini::wd::PrintConfiguration;

use crate::browser::{browser, click, fill, programs_or_skip, start_driver, wait_text};

const PASSWORD: &str = "haslo-admina-1";

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = ok(lopdf::Document::load_mem(bytes));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = ok(doc.extract_text(&pages));
    (
        pages.len(),
        text.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_print_without_the_screen_only_parts() {
    let Some(programs) = programs_or_skip("pages_print_without_the_screen_only_parts") else {
        return;
    };
    let service = Service::new(MemoryStore::default());
    let anna = ok(service.local_actor("anna"));
    ok(service.set_password_locally(
        "anna",
        &ok(NewPassword::new(PASSWORD).map_err(|e| format!("{e:?}"))),
    ));
    let org = ok(service.create(
        &anna,
        BookKind::Business,
        ContactData::organisation("Zakład Stolarski Żółw"),
    ));
    let today = ok(service.today());
    let mut data = CaseData::new("Dostawa żółtych łóżek", org.id, anna.id(), today);
    for i in 0..60 {
        data.items.push(CaseItem::new(
            &format!("Łóżko sosnowe model {i}"),
            ok(Amount::parse("q", "2")),
            ok(Amount::parse("p", "1250")),
        ));
    }
    let case = ok(service.create_case(&anna, data));
    ok(service.add_detail(
        &anna,
        case.id,
        None,
        DetailInput::Note {
            kind: "telefon".into(),
            text: "Gęślą jaźń: klient prosi o zmianę koloru".into(),
        },
    ));
    let state = ok(AppState::new(service));
    let listener = ok(tokio::net::TcpListener::bind("127.0.0.1:0").await);
    let base = format!("http://{}", ok(listener.local_addr()));
    tokio::spawn(async move { contacts_web::serve_on(state, listener).await });

    let driver = start_driver(&programs).await;
    let profile = ok(tempfile::tempdir());
    let c = browser(&driver, &programs.chromium, profile.path()).await;
    ok(c.goto(&format!("{base}/login")).await);
    fill(&c, "input[name=user]", "anna").await;
    fill(&c, "input[name=password]", PASSWORD).await;
    click(&c, "button[type=submit]").await;
    wait_text(&c, "h1", |t| t.starts_with("Today")).await;

    // Screen-only words: the menu, the sign-out button, action buttons and download links.
    let screen_only = ["Agenda", "Settings", "Sign out", "Download PDF", "Print"];
    for (path, want) in [
        (
            format!("/cases/{}", case.id),
            vec![
                "Dostawa żółtych łóżek",
                "Łóżko sosnowe model 0",
                "Łóżko sosnowe model 59",
                "Gęślą jaźń: klient prosi o zmianę koloru",
            ],
        ),
        (
            format!("/contacts/{}", org.id),
            vec!["Zakład Stolarski Żółw"],
        ),
        (
            "/contacts?book=business&q=Zakład".to_string(),
            vec!["Zakład Stolarski Żółw"],
        ),
        (
            "/reports".to_string(),
            vec!["Reports", "150000.00 PLN", "Note: telefon"],
        ),
    ] {
        ok(c.goto(&format!("{base}{path}")).await);
        wait_text(&c, "h1", |t| !t.is_empty()).await;
        let pdf = ok(c.print(PrintConfiguration::default()).await);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let name = path
            .trim_start_matches('/')
            .replace(['/', '?', '&', '='], "-");
        let _ = std::fs::write(dir.join(format!("print-{name}.pdf")), &pdf);
        let (pages, text) = pdf_text(&pdf);
        for w in &want {
            assert!(text.contains(w), "{path}: '{w}' is not printed: {text}");
        }
        for w in screen_only {
            assert!(!text.contains(w), "{path}: '{w}' is printed: {text}");
        }
        if path.starts_with("/cases/") {
            // Sixty items take more than a page; every one is printed whole.
            assert!(pages >= 2, "{path}: {pages} pages");
        }
    }
    let _ = c.close().await;
}
