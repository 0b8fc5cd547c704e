//! The last gaps of issues 13 and 14 on the web: a contact card as a PDF (page and API), a
//! case's file entry given new content (page and API), reports as JSON, and the search
//! box honouring the list's account-manager filter.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{multipart, Client, Harness};
use contacts_core::memory::MemoryStore;
use serde_json::json;

async fn business(h: &Harness<MemoryStore>, c: &Client, body: serde_json::Value) -> i64 {
    let r = h
        .api(
            c,
            "POST",
            "/api/v1/contacts",
            Some(json!({"book": "business", "contact": body})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap_or(0)
}

fn pdf_text(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = lopdf::Document::load_mem(bytes).unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_contact_card_downloads_as_a_pdf_from_the_page_and_the_api() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = business(
        &h,
        &anna,
        json!({"kind": "organisation", "org_name": "Hurtownia Łąka"}),
    )
    .await;
    business(
        &h,
        &anna,
        json!({"name": {"given": "Żaneta", "family": "Kowalska"}, "org_id": org, "job_title": "Księgowa"}),
    )
    .await;
    let card = h.get(&anna, &format!("/contacts/{org}")).await.text();
    assert!(
        card.contains(&format!("href=\"/contacts/{org}/pdf\"")),
        "{card}"
    );
    let r = h.get(&bob, &format!("/contacts/{org}/pdf")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(
        r.header("content-disposition")
            .contains(&format!("contact-{org}.pdf")),
        "{}",
        r.header("content-disposition")
    );
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    let text = pdf_text(&r.body);
    for want in ["Hurtownia Łąka", "Żaneta Kowalska", "Księgowa"] {
        assert!(text.contains(want), "'{want}' not in {text}");
    }
    let r = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{org}/pdf"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(pdf_text(&r.body).contains("Hurtownia Łąka"));
    // Someone else's private contact is not found, on both paths.
    let secret = h.create(&anna, "private", &[("given", "Sekretna")]).await;
    let r = h.get(&bob, &format!("/contacts/{secret}/pdf")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .api(&bob, "GET", &format!("/api/v1/contacts/{secret}/pdf"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h.get(&bob, "/contacts/nie-id/pdf").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// The id of the only file entry of a case, from the API.
async fn file_entry(h: &Harness<MemoryStore>, c: &Client, case: i64) -> (i64, u64) {
    let v = h
        .api(c, "GET", &format!("/api/v1/cases/{case}"), None)
        .await
        .json();
    let entry = v["timeline"]
        .as_array()
        .and_then(|t| {
            t.iter()
                .find(|e| e["name"] == "plan.txt" || e["name"] == "plan-v2.txt")
        })
        .cloned()
        .unwrap_or_else(|| panic!("no file entry in {v}"));
    (
        entry["id"].as_i64().unwrap_or(0),
        entry["version"].as_u64().unwrap_or(0),
    )
}

#[tokio::test]
async fn a_case_file_entry_gets_new_content_from_the_page_and_the_api() {
    let (h, anna, _bob) = Harness::two_users().await;
    let org = business(
        &h,
        &anna,
        json!({"kind": "organisation", "org_name": "Biuro Plan"}),
    )
    .await;
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "Aranżacja", "counterparty": org})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case = r.json()["case"]["id"]
        .as_i64()
        .or_else(|| r.json()["id"].as_i64())
        .unwrap_or(0);
    let r = h
        .post_multipart(
            &anna,
            &format!("/cases/{case}/files"),
            multipart(
                &[("_csrf", &anna.csrf), ("note", "rysunek")],
                Some(("file", "plan.txt", "text/plain", b"plan 1")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let (id, version) = file_entry(&h, &anna, case).await;
    let form = h.get(&anna, &format!("/case-details/{id}")).await.text();
    assert!(
        form.contains(&format!("action=\"/case-details/{id}/content\"")),
        "{form}"
    );
    // No file chosen: the page again with the file field marked, nothing changed.
    let r = h
        .post_multipart(
            &anna,
            &format!("/case-details/{id}/content"),
            multipart(
                &[("_csrf", &anna.csrf), ("version", &version.to_string())],
                None,
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"file-error\""), "{page}");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    // A new file: the entry's name and content change, its note stays.
    let r = h
        .post_multipart(
            &anna,
            &format!("/case-details/{id}/content"),
            multipart(
                &[("_csrf", &anna.csrf), ("version", &version.to_string())],
                Some(("file", "plan-v2.txt", "text/plain", b"plan 2, poprawiony")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(
        r.location().contains("done=file_replaced"),
        "{}",
        r.location()
    );
    let shown = h.get(&anna, &r.location()).await.text();
    assert!(shown.contains("File replaced."), "{shown}");
    let d = h
        .api(&anna, "GET", &format!("/api/v1/case-details/{id}"), None)
        .await
        .json();
    assert_eq!(
        (&d["name"], &d["note"], &d["size"]),
        (&json!("plan-v2.txt"), &json!("rysunek"), &json!(18)),
        "{d}"
    );
    // The same form sent again at the old version is a conflict, nothing written.
    let r = h
        .post_multipart(
            &anna,
            &format!("/case-details/{id}/content"),
            multipart(
                &[("_csrf", &anna.csrf), ("version", &version.to_string())],
                Some(("file", "stary.txt", "text/plain", b"stary")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    // The API: the body is the new content.
    let (_, version) = file_entry(&h, &anna, case).await;
    let put = |v: u64, body: &'static str| {
        Request::put(format!("/api/v1/case-details/{id}/content?version={v}"))
            .header(header::COOKIE, &anna.cookie)
            .header("x-csrf-token", &anna.csrf)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let r = h.send(put(version, "plan 3")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (&r.json()["name"], &r.json()["size"]),
        (&json!("plan-v2.txt"), &json!(6))
    );
    let r = h.send(put(version, "za późno")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(r.json()["current"]["size"], 6);
    let r = h.send(put(version + 1, "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
}

#[tokio::test]
async fn the_search_box_keeps_the_account_manager_filter() {
    let (h, anna, bob) = Harness::two_users().await;
    let mine = business(
        &h,
        &anna,
        json!({"kind": "organisation", "org_name": "Hurtownia Anny"}),
    )
    .await;
    business(
        &h,
        &anna,
        json!({"kind": "organisation", "org_name": "Hurtownia Boba"}),
    )
    .await;
    let me = h.api(&bob, "GET", "/api/v1/me", None).await.json();
    let bob_id = me["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/contacts/{mine}/account-manager"),
            Some(json!({"user_id": bob_id})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let all = h
        .get(&anna, "/contacts/search?book=business&q=hurtownia")
        .await
        .text();
    assert!(
        all.contains("Hurtownia Anny") && all.contains("Hurtownia Boba"),
        "{all}"
    );
    for path in [
        format!("/contacts/search?book=business&q=hurtownia&manager={bob_id}"),
        format!("/contacts?book=business&q=hurtownia&manager={bob_id}"),
    ] {
        let page = h.get(&anna, &path).await.text();
        assert!(page.contains("Hurtownia Anny"), "{path}: {page}");
        assert!(!page.contains("Hurtownia Boba"), "{path}: {page}");
    }
    let quiet = h
        .get(
            &anna,
            "/contacts/search?book=business&q=hurtownia&quiet=abc",
        )
        .await;
    assert_ne!(quiet.status, StatusCode::OK, "{}", quiet.text());
}
