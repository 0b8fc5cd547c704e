//! The case form in headless Chromium: the counterparty and its contact person found by
//! typing a name (the page script fills the fields' suggestions from
//! `/api/v1/case-parties`), and a used case number refused on the form with the field
//! marked and what was typed kept. Without chromium/chromedriver it is skipped (a failure
//! with `CONTACTS_REQUIRE_BROWSER=1`).

use std::time::{Duration, Instant};

use contacts_core::memory::MemoryStore;
use contacts_core::model::ContactData;
use contacts_core::service::{BookKind, Service};
use contacts_web::AppState;
use fantoccini::Client;

use crate::browser::{
    browser_with, click, fill, programs_or_skip, serve_in_background, set_up_admin, shot,
    start_driver, wait_text,
};

/// The values a datalist offers, once it offers one that satisfies `ok`.
async fn wait_options(c: &Client, list: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let v = c
            .execute(
                &format!(
                    "return Array.from(document.querySelectorAll('#{list} option')).map(o => o.value);"
                ),
                vec![],
            )
            .await
            .unwrap_or_default();
        let values: Vec<String> = v
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect();
        if ok(&values) {
            return values;
        }
        assert!(
            Instant::now() < deadline,
            "timed out on #{list}: {values:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn attr(c: &Client, css: &str, name: &str) -> String {
    c.execute(
        &format!("const e = document.querySelector({css:?}); return e ? (e.getAttribute({name:?}) || '') : '';"),
        vec![],
    )
    .await
    .ok()
    .and_then(|v| v.as_str().map(str::to_string))
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_form_finds_the_counterparty_and_person_by_name() {
    let Some(programs) = programs_or_skip("a_case_form_finds_the_counterparty_and_person_by_name")
    else {
        return;
    };
    let service = Service::new(MemoryStore::default());
    let root = service
        .local_actor("anna")
        .unwrap_or_else(|e| panic!("{e}"));
    let org = service
        .create(
            &root,
            BookKind::Business,
            ContactData::organisation("Kowalski Sp. z o.o."),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut p = ContactData::person("Łukasz", "Nowak");
    p.org_id = Some(org.id);
    let person = service
        .create(&root, BookKind::Business, p)
        .unwrap_or_else(|e| panic!("{e}"));
    service
        .create(
            &root,
            BookKind::Private,
            ContactData::organisation("Kowalski Prywatny"),
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
        "en-GB",
        (1280, 1200),
    )
    .await;
    set_up_admin(&anna, &base, &setup, "anna").await;
    wait_text(&anna, "h1", |t| !t.is_empty()).await;

    anna.goto(&format!("{base}/cases/new"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=title]", "Dostawa biurek").await;
    fill(&anna, "input[name=counterparty]", "kowal").await;
    let offered = wait_options(&anna, "counterparty-list", |v| !v.is_empty()).await;
    let label = format!("Kowalski Sp. z o.o. (#{})", org.id);
    assert!(offered.contains(&label), "{offered:?}");
    assert!(
        !offered.iter().any(|o| o.contains("Prywatny")),
        "a private contact is never offered: {offered:?}"
    );
    // Picking a suggestion puts its label in the field.
    fill(&anna, "input[name=counterparty]", &label).await;
    fill(&anna, "input[name=person]", "łuk").await;
    let people = wait_options(&anna, "person-list", |v| !v.is_empty()).await;
    let who = format!("Łukasz Nowak (#{})", person.id);
    assert_eq!(people.len(), 1);
    assert_eq!(people[0], who);
    fill(&anna, "input[name=person]", &who).await;
    shot(&anna, "case-form-suggestions").await;
    let number = attr(&anna, "input[name=number]", "value").await;
    click(&anna, "#save").await;
    wait_text(&anna, "h1", |t| t.contains("Dostawa biurek")).await;
    let page = anna.source().await.unwrap_or_default();
    assert!(page.contains("Łukasz Nowak") && page.contains("Kowalski Sp. z o.o."));

    // The same number typed again: the form comes back, the field marked, nothing lost.
    anna.goto(&format!("{base}/cases/new"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    fill(&anna, "input[name=title]", "Druga sprawa").await;
    fill(&anna, "input[name=number]", &number).await;
    fill(&anna, "input[name=counterparty]", &label).await;
    click(&anna, "#save").await;
    wait_text(&anna, "#form-error", |t| t.contains("already used")).await;
    assert_eq!(
        attr(&anna, "input[name=number]", "aria-invalid").await,
        "true"
    );
    assert_eq!(
        attr(&anna, "input[name=title]", "value").await,
        "Druga sprawa"
    );
    shot(&anna, "case-form-number-used").await;
    let _ = anna.close().await;
}
