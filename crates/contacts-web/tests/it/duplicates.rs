//! HTTP tests of duplicates in the web UI and the API: the warning before saving, the list,
//! the side-by-side merge with a choice per field, undoing it, and isolation.

use crate::common;

use axum::http::StatusCode;
use common::Harness;
use serde_json::json;

#[tokio::test]
async fn saving_a_duplicate_warns_and_offers_the_existing_contact() {
    let (h, anna, _bob) = Harness::two_users().await;
    let jan = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Jan"),
                ("family", "Kowalski"),
                ("email_label", "work"),
                ("email_address", "jan@firma.pl"),
            ],
        )
        .await;
    let typed = [
        ("book", "business"),
        ("kind", "person"),
        ("given", "Janek"),
        ("family", "Kowalski"),
        ("email_label", "work"),
        ("email_address", "JAN@firma.pl"),
    ];
    let r = h.post(&anna, "/contacts", &typed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"duplicate-warning\""), "{page}");
    assert!(
        page.contains(&format!("href=\"/contacts/{jan}\"")),
        "{page}"
    );
    assert!(page.contains("same e-mail jan@firma.pl"), "{page}");
    assert!(
        page.contains("value=\"Janek\""),
        "what was typed stays: {page}"
    );
    assert!(page.contains("name=\"confirm_duplicate\""), "{page}");
    let mut anyway = typed.to_vec();
    anyway.push(("confirm_duplicate", "1"));
    let r = h.post(&anna, "/contacts", &anyway).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // Editing a contact does not warn about itself.
    let edit = h
        .post(
            &anna,
            &format!("/contacts/{jan}"),
            &[
                ("kind", "person"),
                ("version", "1"),
                ("given", "Jan"),
                ("family", "Nowy"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.text());
}

#[tokio::test]
async fn duplicates_are_listed_merged_side_by_side_and_unmerged() {
    let (h, anna, bob) = Harness::two_users().await;
    let a = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Jan"),
                ("family", "Kowalski"),
                ("job_title", "Kierownik"),
                ("phone_label", "mobile"),
                ("phone_number", "601 234 567"),
            ],
        )
        .await;
    let mut other = vec![
        ("book", "business"),
        ("kind", "person"),
        ("given", "Jan"),
        ("family", "Kowalski"),
        ("job_title", "Dyrektor"),
        ("phone_label", "work"),
        ("phone_number", "+48 601 234 567"),
        ("confirm_duplicate", "1"),
    ];
    let r = h.post(&anna, "/contacts", &other).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let b: i64 = r
        .location()
        .trim_start_matches("/contacts/")
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    other.clear();
    let list = h.get(&anna, "/duplicates?book=business").await.text();
    assert!(list.contains("same phone +48601234567"), "{list}");
    assert!(
        list.contains(&format!("/duplicates/compare?keep={a}&amp;other={b}")),
        "{list}"
    );
    let cmp = h
        .get(&anna, &format!("/duplicates/compare?keep={a}&other={b}"))
        .await;
    assert_eq!(cmp.status, StatusCode::OK);
    let cmp = cmp.text();
    assert!(
        cmp.contains("name=\"f_job_title\" value=\"other\""),
        "{cmp}"
    );
    // Fields are named in the reader's words, not by their keys.
    assert!(
        cmp.contains("<th>Job title</th>") && !cmp.contains("<th>job_title</th>"),
        "{cmp}"
    );
    assert!(
        !cmp.contains("name=\"f_name\""),
        "same name, no choice: {cmp}"
    );
    // bob cannot see anna's private contacts, so cannot merge them either.
    let secret = h
        .create(
            &anna,
            "private",
            &[("given", "Zygfryd"), ("family", "Tajny")],
        )
        .await;
    let own = h
        .create(
            &bob,
            "private",
            &[("given", "Zygfryd"), ("family", "Tajny")],
        )
        .await;
    let r = h
        .post(
            &bob,
            "/duplicates/merge",
            &[("keep", &own.to_string()), ("other", &secret.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.text().contains("Zygfryd"));
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/duplicates/merge",
            Some(json!({"keep": own, "other": secret})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = h
        .post(
            &anna,
            "/duplicates/merge",
            &[
                ("keep", &a.to_string()),
                ("other", &b.to_string()),
                ("f_job_title", "other"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let said = h.get(&anna, &r.location()).await.text();
    assert!(
        said.contains("Contacts merged"),
        "a message after merging: {said}"
    );
    let page = h.get(&anna, &format!("/contacts/{a}")).await.text();
    assert!(
        page.contains("Dyrektor") && !page.contains("Kierownik"),
        "{page}"
    );
    assert!(page.contains("id=\"merged\""), "{page}");
    assert_eq!(
        h.get(&anna, &format!("/contacts/{b}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = h.post(&anna, &format!("/contacts/{a}/unmerge"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let said = h.get(&anna, &r.location()).await.text();
    assert!(said.contains("The merge was undone."), "{said}");
    let page = h.get(&anna, &format!("/contacts/{a}")).await.text();
    assert!(
        page.contains("Kierownik") && !page.contains("id=\"merged\""),
        "{page}"
    );
    assert_eq!(
        h.get(&anna, &format!("/contacts/{b}")).await.status,
        StatusCode::OK
    );

    // The same through the API.
    let pairs = h
        .api(&anna, "GET", "/api/v1/duplicates?book=business", None)
        .await
        .json();
    assert_eq!(pairs[0]["a"]["id"], a);
    assert_eq!(pairs[0]["b"]["id"], b);
    let hints = h
        .api(
            &anna,
            "POST",
            "/api/v1/duplicates/check",
            Some(
                json!({"book": "business", "contact": {"kind": "person", "name": {"given": "X"},
                "phones": [{"label": "home", "value": "601-234-567"}]}}),
            ),
        )
        .await;
    assert_eq!(hints.status, StatusCode::OK, "{}", hints.text());
    assert_eq!(
        hints.json().as_array().map(Vec::len),
        Some(2),
        "{}",
        hints.text()
    );
    let merged = h
        .api(
            &anna,
            "POST",
            "/api/v1/duplicates/merge",
            Some(json!({"keep": a, "other": b, "take": ["job_title"]})),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text());
    assert_eq!(merged.json()["job_title"], "Dyrektor");
    let bad = h
        .api(
            &anna,
            "POST",
            "/api/v1/duplicates/merge",
            Some(json!({"keep": a, "other": b, "take": ["emails"]})),
        )
        .await;
    assert_eq!(
        bad.status,
        StatusCode::NOT_FOUND,
        "b is gone: {}",
        bad.text()
    );
    let back = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/contacts/{a}/unmerge"),
            None,
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text());
    assert_eq!(back.json()["restored"]["id"], b);
}
