//! The office walk of issue 13, in Chromium, from one signed-in admin's screen: create a
//! company and a person in it, set the company's account manager, open a case from the
//! company's page and add items, download the case as PDF, and hand everything over to a
//! colleague with the takeover page. Each step checks what the next page shows; the end
//! checks the store.

use std::time::{Duration, Instant};

use contacts_core::case::CaseQuery;
use contacts_core::ids::ContactId;
use contacts_core::memory::MemoryStore;
use contacts_core::service::Service;
use contacts_web::AppState;
use fantoccini::{Client, Locator};

use crate::browser::{
    browser_with, click, fill, programs_or_skip, serve_in_background, set_up_admin, shot,
    start_driver, text_of, wait_text,
};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

async fn choose(c: &Client, css: &str, value: &str) {
    ok(ok(c.find(Locator::Css(css)).await)
        .select_by_value(value)
        .await);
}

/// Waits until the address is a contact's or case's own page; its id.
async fn wait_for_id(c: &Client, prefix: &str) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = ok(c.current_url().await);
        if let Some(id) = url
            .path()
            .strip_prefix(prefix)
            .and_then(|rest| rest.parse::<i64>().ok())
        {
            return id;
        }
        assert!(
            Instant::now() < deadline,
            "still at {url}, expected {prefix}<id>"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The bytes at `path`, fetched by the page itself (with its session cookie).
async fn fetch_bytes(c: &Client, path: &str) -> Vec<u8> {
    let script = r"
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], { credentials: 'same-origin' })
            .then(r => r.ok ? r.arrayBuffer() : Promise.reject('status ' + r.status))
            .then(b => done(Array.from(new Uint8Array(b))))
            .catch(e => done(String(e)));
    ";
    let v = ok(c.execute_async(script, vec![path.into()]).await);
    let Some(list) = v.as_array() else {
        panic!("fetching {path}: {v}");
    };
    list.iter()
        .map(|b| b.as_u64().and_then(|n| u8::try_from(n).ok()).unwrap_or(0))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_company_its_person_a_case_its_pdf_and_a_takeover_in_one_walk() {
    let Some(programs) = programs_or_skip("a_company_its_person_a_case_its_pdf_and_a_takeover")
    else {
        return;
    };
    let service = Service::new(MemoryStore::default());
    let anna = ok(service.local_actor("anna"));
    let bartek = ok(service.local_actor("bartek"));
    let state = ok(AppState::new(service));
    let setup = state.setup_path().unwrap_or_default();
    let base = serve_in_background(&state).await;
    let profiles = ok(tempfile::tempdir());
    let driver = start_driver(&programs).await;
    let c = browser_with(
        &driver,
        &programs.chromium,
        &profiles.path().join("anna"),
        "en-GB",
        (1280, 1200),
    )
    .await;
    set_up_admin(&c, &base, &setup, "anna").await;
    wait_text(&c, "h1", |t| !t.is_empty()).await;

    // 1. A company in the business book.
    ok(c.goto(&format!("{base}/contacts/new?book=business")).await);
    choose(&c, "select[name=kind]", "organisation").await;
    fill(&c, "input[name=org_name]", "Stolarnia Żółty Dąb").await;
    fill(&c, "input[name=nip]", "5261040828").await;
    click(&c, "#save").await;
    let company = wait_for_id(&c, "/contacts/").await;
    wait_text(&c, "h1", |t| t.contains("Stolarnia Żółty Dąb")).await;

    // 2. A person added from the company's card works there.
    click(&c, "#add-person").await;
    wait_text(&c, "h1", |t| !t.is_empty()).await;
    let picked = ok(ok(c.find(Locator::Css("select[name=org_id]")).await)
        .prop("value")
        .await);
    assert_eq!(picked.as_deref(), Some(company.to_string().as_str()));
    fill(&c, "input[name=given]", "Łucja").await;
    fill(&c, "input[name=family]", "Gęślarz").await;
    fill(&c, "input[name=job_title]", "Kierowniczka zakupów").await;
    click(&c, "#save").await;
    let person = wait_for_id(&c, "/contacts/").await;
    assert_ne!(person, company);
    wait_text(&c, "main", |t| t.contains("Stolarnia Żółty Dąb")).await;
    ok(c.goto(&format!("{base}/contacts/{company}")).await);
    let people = wait_text(&c, "#people", |t| t.contains("Łucja Gęślarz")).await;
    assert!(people.contains("Kierowniczka zakupów"), "{people}");

    // 3. The company's account manager: anna.
    choose(
        &c,
        "form[action$='/manager'] select[name=user]",
        &anna.id().to_string(),
    )
    .await;
    click(&c, "form[action$='/manager'] button[type=submit]").await;
    wait_text(&c, "main", |t| t.contains("anna")).await;
    let chosen = ok(ok(c
        .find(Locator::Css("form[action$='/manager'] select[name=user]"))
        .await)
    .prop("value")
    .await);
    assert_eq!(chosen, Some(anna.id().to_string()));

    // 4. A case opened from the company's page, with two items.
    ok(c.goto(&format!("{base}/contacts/{company}")).await);
    click(&c, &format!("a[href='/cases/new?counterparty={company}']")).await;
    wait_text(&c, "h1", |t| !t.is_empty()).await;
    let party = ok(ok(c.find(Locator::Css("input[name=counterparty]")).await)
        .prop("value")
        .await)
    .unwrap_or_default();
    assert!(party.contains("Stolarnia Żółty Dąb"), "{party}");
    fill(&c, "input[name=title]", "Dostawa dębowych biurek").await;
    click(&c, "#save").await;
    let case = wait_for_id(&c, "/cases/").await;
    wait_text(&c, "h1", |t| t.contains("Dostawa dębowych biurek")).await;
    for (article, qty, price) in [
        ("Biurko dębowe", "3", "1200"),
        ("Krzesło żółte", "6", "250,50"),
    ] {
        fill(&c, "input[name=article]", article).await;
        fill(&c, "input[name=quantity]", qty).await;
        fill(&c, "input[name=unit_price]", price).await;
        click(&c, "form[action$='/items'] button[type=submit]").await;
        wait_text(&c, "main", |t| t.contains(article)).await;
    }
    let total = text_of(&c, "tfoot").await;
    // 3 × 1200 + 6 × 250.50 = 5103.00
    assert!(total.contains("5") && total.contains("103"), "{total}");
    shot(&c, "walk-case").await;

    // 5. The case as PDF, from the link on its page.
    let href = ok(ok(c.find(Locator::Css("#case-pdf")).await)
        .attr("href")
        .await)
    .unwrap_or_default();
    assert_eq!(href, format!("/cases/{case}/pdf"));
    let pdf = fetch_bytes(&c, &href).await;
    assert!(pdf.starts_with(b"%PDF"), "not a PDF: {} bytes", pdf.len());
    let doc = ok(lopdf::Document::load_mem(&pdf));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = ok(doc.extract_text(&pages));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "Dostawa dębowych biurek",
        "Stolarnia Żółty Dąb",
        "Krzesło żółte",
    ] {
        assert!(text.contains(wanted), "the PDF lacks {wanted}: {text}");
    }

    // 6. Takeover: everything of anna's goes to bartek, previewed first.
    ok(c.goto(&format!("{base}/settings/takeover")).await);
    choose(&c, "select[name=from]", "anna").await;
    choose(&c, "select[name=to]", "bartek").await;
    click(&c, "form[action='/settings/takeover'] button[type=submit]").await;
    let preview = wait_text(&c, "#takeover-report", |t| !t.is_empty()).await;
    // The preview changed nothing.
    let cases = ok(state.service().cases(&anna, &CaseQuery::default()));
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].data.responsible, anna.id());
    for wanted in [
        "Open cases (1)",
        cases[0].number.as_str(),
        "Clients (1)",
        "Stolarnia Żółty Dąb",
    ] {
        assert!(
            preview.contains(wanted),
            "the preview lacks {wanted}: {preview}"
        );
    }
    click(&c, "#takeover-confirm").await;
    wait_text(&c, "#takeover-report", |t| {
        t.contains("Stolarnia Żółty Dąb")
    })
    .await;
    shot(&c, "walk-takeover").await;

    let cases = ok(state.service().cases(&bartek, &CaseQuery::default()));
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].data.responsible, bartek.id());
    let facts = ok(state.service().client_facts(&bartek, &[ContactId(company)]));
    let manager = facts
        .first()
        .and_then(|(_, f)| f.manager.as_ref())
        .map(|u| u.name.clone());
    assert_eq!(manager.as_deref(), Some("bartek"));
    // And the case page says so.
    ok(c.goto(&format!("{base}/cases/{case}")).await);
    wait_text(&c, "main", |t| t.contains("bartek")).await;
}
