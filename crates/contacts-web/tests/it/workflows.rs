//! Issue 13 items 1 and 2 on the pages and the API: a company's people and name, the
//! account manager (card, bulk, filter), last contact, "not contacted for", takeover with
//! a preview. Run on the memory store and on SQLite.

use crate::common;

use axum::http::StatusCode;
use common::{Client, Harness};
use contacts_core::store::Store;
use serde_json::json;

/// A company "ACME" with Jan (Kierownik, a phone) working there; gives (acme, jan).
async fn company<S: Store + 'static>(h: &Harness<S>, anna: &Client) -> (i64, i64) {
    let r = h
        .post(
            anna,
            "/contacts",
            &[
                ("book", "business"),
                ("kind", "organisation"),
                ("org_name", "ACME Sp. z o.o."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let acme: i64 = r
        .location()
        .trim_start_matches("/contacts/")
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    let acme_s = acme.to_string();
    let jan = h
        .create(
            anna,
            "business",
            &[
                ("given", "Jan"),
                ("family", "Nowak"),
                ("org_id", &acme_s),
                ("job_title", "Kierownik"),
                ("phone_label", "work"),
                ("phone_number", "601 234 567"),
            ],
        )
        .await;
    (acme, jan)
}

async fn story<S: Store + 'static>(h: Harness<S>, anna: Client, bob: Client) {
    let (acme, jan) = company(&h, &anna).await;
    // The person shows the company in the list, in search and on the card.
    let list = h.get(&anna, "/contacts?book=business").await.text();
    assert!(list.contains("ACME Sp. z o.o.</td>"), "{list}");
    let found = h
        .get(&anna, "/contacts/search?q=acme&book=business")
        .await
        .text();
    assert!(found.contains("Jan Nowak"), "{found}");
    let vcard = h
        .get(&anna, &format!("/contacts/export?ids={jan}"))
        .await
        .text();
    assert!(vcard.contains("ORG:ACME Sp. z o.o."), "{vcard}");
    // The company's card lists its people and adds one.
    let card = h.get(&anna, &format!("/contacts/{acme}")).await.text();
    assert!(card.contains("id=\"people\""), "{card}");
    assert!(
        card.contains("Kierownik") && card.contains("601 234 567"),
        "{card}"
    );
    assert!(
        card.contains(&format!("/contacts/new?book=business&amp;org={acme}")),
        "{card}"
    );
    let form = h
        .get(&anna, &format!("/contacts/new?book=business&org={acme}"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text()
            .contains(&format!("<option value=\"{acme}\" selected>")),
        "{}",
        form.text()
    );
    // A sole trader with a NIP.
    let adam = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Adam"),
                ("family", "Kowalski"),
                ("nip", "5260001246"),
            ],
        )
        .await;
    // Account manager on the card: bob.
    let users = h.api(&anna, "GET", "/api/v1/users", None).await.json();
    let bob_id = users
        .as_array()
        .and_then(|a| a.iter().find(|u| u["name"] == "bob"))
        .and_then(|u| u["id"].as_i64())
        .unwrap_or(0);
    assert!(bob_id > 0, "{users}");
    let r = h
        .post(
            &anna,
            &format!("/contacts/{acme}/manager"),
            &[("user", &bob_id.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let card = h.get(&anna, &format!("/contacts/{acme}")).await.text();
    assert!(
        card.contains("<dd id=\"account-manager\">bob</dd>"),
        "{card}"
    );
    // A bad user id names the field; nothing changes.
    let r = h
        .post(
            &anna,
            &format!("/contacts/{acme}/manager"),
            &[("user", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // Bulk from the list: Jan and Adam to bob.
    let r = h
        .post_raw(
            &anna,
            "/contacts/managers",
            &format!(
                "_csrf={}&id={jan}&id={adam}&user={bob_id}&back=%2Fcontacts%3Fbook%3Dbusiness",
                anna.csrf
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), "/contacts?book=business&changed=2");
    let mine = h
        .get(&anna, &format!("/contacts?book=business&manager={bob_id}"))
        .await
        .text();
    assert!(
        mine.contains("Adam Kowalski") && mine.contains("Jan Nowak"),
        "{mine}"
    );
    // History (added through the core: the history API is another helper's part): ACME
    // was contacted, the others not.
    let svc = h.state.service();
    let actor = svc.actor_by_name("anna").unwrap_or_else(|e| panic!("{e}"));
    svc.add_history(
        &actor,
        contacts_core::ids::ContactId(acme),
        "telefon",
        "Rozmowa",
        None,
        vec![],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let quiet = h
        .get(&anna, "/contacts?book=business&quiet=30")
        .await
        .text();
    assert!(!quiet.contains(">ACME Sp. z o.o.</a>"), "{quiet}");
    assert!(quiet.contains("Adam Kowalski"), "{quiet}");
    let bad = h.get(&anna, "/contacts?book=business&quiet=soon").await;
    assert_eq!(
        bad.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bad.text()
    );
    assert!(bad.text().contains("not contacted for"), "{}", bad.text());
    let card = h.get(&anna, &format!("/contacts/{acme}")).await.text();
    assert!(!card.contains("<dd id=\"last-contact\">never"), "{card}");
    // The API: client facts, people, filters, bulk.
    let facts = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/contacts/{acme}/client"),
            None,
        )
        .await;
    assert_eq!(facts.status, StatusCode::OK, "{}", facts.text());
    let f = facts.json();
    assert_eq!(f["account_manager"]["name"], "bob");
    assert!(f["last_contact"].is_string(), "{f}");
    let people = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/contacts/{acme}/people"),
            None,
        )
        .await
        .json();
    assert_eq!(people["total"], 1);
    assert_eq!(people["items"][0]["id"], jan);
    assert_eq!(people["items"][0]["org_name"], "ACME Sp. z o.o.");
    let page = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/contacts?manager={bob_id}&not_contacted_for=30"),
            None,
        )
        .await
        .json();
    assert_eq!(page["total"], 2, "{page}");
    let r = h
        .api(
            &bob,
            "PUT",
            &format!("/api/v1/contacts/{adam}/account-manager"),
            Some(json!({"user_id": null})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["account_manager"].is_null());
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/account-managers",
            Some(json!({"contacts": [adam], "user_id": bob_id})),
        )
        .await;
    assert_eq!(r.json()["changed"], 1, "{}", r.text());
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/account-managers",
            Some(json!({"contacts": "all", "user_id": bob_id})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("contacts"), "{}", r.text());
    // Takeover: bob is no admin; anna previews, then hands over to herself.
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/takeover",
            Some(json!({"from": "bob", "to": "anna"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = h.get(&bob, "/settings/takeover").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let preview = h.get(&anna, "/settings/takeover?from=bob&to=anna").await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text());
    let t = preview.text();
    assert!(
        t.contains("id=\"takeover-report\"") && t.contains("Adam Kowalski"),
        "{t}"
    );
    let dry = h
        .api(
            &anna,
            "POST",
            "/api/v1/takeover",
            Some(json!({"from": "bob", "to": "anna", "dry_run": true})),
        )
        .await
        .json();
    assert_eq!(dry["clients"].as_array().map(Vec::len), Some(3), "{dry}");
    assert_eq!(dry["dry_run"], true);
    let r = h
        .post(
            &anna,
            "/settings/takeover",
            &[("from", "bob"), ("to", "anna")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("id=\"takeover-done\""), "{}", r.text());
    let f = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{acme}/client"),
            None,
        )
        .await
        .json();
    assert_eq!(f["account_manager"]["name"], "anna");
    let again = h
        .api(
            &anna,
            "POST",
            "/api/v1/takeover",
            Some(json!({"from": "bob", "to": "anna"})),
        )
        .await
        .json();
    assert_eq!(again["clients"], json!([]), "{again}");
    // The history entry is in the installation's language (English while none was chosen).
    let svc = h.state.service();
    let actor = svc.actor_by_name("anna").unwrap_or_else(|e| panic!("{e}"));
    let hist = svc
        .history(&actor, contacts_core::ids::ContactId(acme))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        hist[0].text,
        "Handed over from bob to anna: responsibility for the client."
    );
}

#[tokio::test]
async fn companies_account_managers_and_takeover_on_the_memory_store() {
    let (h, anna, bob) = Harness::two_users().await;
    story(h, anna, bob).await;
}

#[tokio::test]
async fn companies_account_managers_and_takeover_on_sqlite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = contacts_store::SqliteStore::open(&dir.path().join("c.db"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (h, anna, bob) = Harness::two_users_on(store).await;
    story(h, anna, bob).await;
}

/// Client history in the API (issue 13 item 7): listed newest first, added, read, its
/// files downloaded, removed by its author or an admin only; a private contact has none.
#[tokio::test]
async fn client_history_is_listed_added_read_and_removed_through_the_api() {
    let (h, anna, bob) = Harness::two_users().await;
    let (acme, _) = company(&h, &anna).await;
    // One entry with a file through the page, one through the API.
    let body = common::multipart(
        &[
            ("_csrf", &anna.csrf),
            ("kind", "spotkanie"),
            ("at", "2024-03-01 10:00"),
            ("text", "Prezentacja oferty"),
        ],
        Some(("file", "oferta.txt", "text/plain", b"oferta 2024")),
    );
    let r = h
        .post_multipart(&anna, &format!("/contacts/{acme}/history"), body)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/contacts/{acme}/history"),
            Some(json!({"kind": "telefon", "text": "Pytali o rabat", "at": "2024-04-02 09:30"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let added = r.json();
    assert_eq!(added["author"], "bob");
    assert_eq!(added["kind"], "telefon");
    let r = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{acme}/history"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let list = r.json();
    let texts: Vec<&str> = list
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(texts, ["Pytali o rabat", "Prezentacja oferty"]);
    let href = list[1]["files"][0]["href"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let file = h.api(&bob, "GET", &href, None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.text(), "oferta 2024");
    let entry = format!("/api/v1/history/{}", list[1]["id"]);
    assert_eq!(
        h.api(&bob, "GET", &entry, None).await.json()["kind"],
        "spotkanie"
    );
    // A bad entry is refused with the field named.
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/contacts/{acme}/history"),
            Some(json!({"kind": "telefon", "text": "x", "at": "jutro"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    // On the page: the card links the author's entries to a form; bad input comes back
    // marked with what was typed kept; a good one is saved with a message.
    let card = h.get(&anna, &format!("/contacts/{acme}")).await.text();
    let edit = format!("/history/{}/edit", list[1]["id"]);
    assert!(card.contains(&format!("href=\"{edit}\"")), "{card}");
    let form = h.get(&anna, &edit).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    assert!(
        form.text().contains("value=\"Prezentacja oferty\""),
        "{}",
        form.text()
    );
    let r = h
        .post(
            &anna,
            &edit,
            &[
                ("kind", "spotkanie"),
                ("at", "31.02.2024 10:00"),
                ("text", "Nowy opis"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("aria-invalid=\"true\""), "{}", r.text());
    assert!(r.text().contains("value=\"Nowy opis\""), "{}", r.text());
    let r = h
        .post(
            &bob,
            &edit,
            &[
                ("kind", "spotkanie"),
                ("at", "2024-03-01 10:00"),
                ("text", "nie moje"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = h
        .post(
            &anna,
            &edit,
            &[
                ("kind", "spotkanie"),
                ("at", "2024-03-01 10:00"),
                ("text", "Prezentacja oferty"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(r.location(), format!("/contacts/{acme}?done=saved#history"));
    // Changed by its author (or an admin): what is left out stays.
    let r = h
        .api(
            &anna,
            "PUT",
            &entry,
            Some(json!({"text": "Prezentacja oferty 2025"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["text"], "Prezentacja oferty 2025");
    assert_eq!(r.json()["kind"], "spotkanie");
    assert_eq!(r.json()["files"][0]["name"], "oferta.txt");
    let r = h
        .api(&bob, "PUT", &entry, Some(json!({"text": "nie moje"})))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    // Bob may not remove anna's entry; anna may.
    assert_eq!(
        h.api(&bob, "DELETE", &entry, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        h.api(&anna, "DELETE", &entry, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        h.api(&anna, "GET", &entry, None).await.status,
        StatusCode::NOT_FOUND
    );
    // A query string that does not parse is answered in the API's JSON, not plain text.
    let r = h
        .api(&anna, "GET", "/api/v1/contacts?manager=jan", None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    assert_eq!(r.json()["error"], "bad_request", "{}", r.text());
    assert!(r.json()["message"]
        .as_str()
        .unwrap_or("")
        .contains("manager"));
    let r = h.api(&anna, "PATCH", "/api/v1/contacts", None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["error"], "method_not_allowed", "{}", r.text());
    // A private contact has no client history, for its owner neither.
    let own = h
        .create(
            &anna,
            "private",
            &[("given", "Ola"), ("family", "Prywatna")],
        )
        .await;
    let r = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/contacts/{own}/history"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
}

/// A file in the client history through the API (issue 13 item 7, "files"): the body is
/// the file; the entry comes back with it, and downloading it gives the same bytes. A
/// private contact has no history to add to.
#[tokio::test]
async fn a_history_entry_with_a_file_is_added_through_the_api() {
    let (h, anna, bob) = Harness::two_users().await;
    let (acme, _) = company(&h, &anna).await;
    let upload = |who: &Client, contact: i64, query: &str, bytes: &'static [u8]| {
        axum::http::Request::post(format!("/api/v1/contacts/{contact}/history/file?{query}"))
            .header(axum::http::header::COOKIE, &who.cookie)
            .header("x-csrf-token", &who.csrf)
            .header(axum::http::header::CONTENT_TYPE, "application/pdf")
            .body(axum::body::Body::from(bytes))
            .unwrap_or_default()
    };
    let r = h
        .send(upload(
            &bob,
            acme,
            "name=umowa.pdf&kind=umowa&text=Podpisana%20umowa&at=2024-05-06%2012:00",
            b"%PDF-1.4 umowa",
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let entry = r.json();
    assert_eq!(entry["kind"], "umowa");
    assert_eq!(entry["text"], "Podpisana umowa");
    assert_eq!(entry["author"], "bob");
    assert_eq!(entry["files"][0]["name"], "umowa.pdf");
    assert_eq!(entry["files"][0]["size"], 14);
    let href = entry["files"][0]["href"].as_str().unwrap_or_default();
    let file = h.api(&anna, "GET", href, None).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.text(), "%PDF-1.4 umowa");
    // No name: refused with the field named, nothing added.
    let r = h.send(upload(&bob, acme, "kind=umowa&text=x", b"x")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let list = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{acme}/history"),
            None,
        )
        .await
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    // Another user's private contact: not found.
    let own = h
        .create(
            &anna,
            "private",
            &[("given", "Ola"), ("family", "Prywatna")],
        )
        .await;
    let r = h.send(upload(&bob, own, "name=a.txt&text=x", b"x")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
}
