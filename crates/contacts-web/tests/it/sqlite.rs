//! The web app on the SQLite store: the same stories hold on the real backend.

use crate::common;

use axum::http::StatusCode;
use common::{multipart, Harness, PNG};
use contacts_store::SqliteStore;

#[tokio::test]
async fn pages_search_conflicts_and_isolation_on_sqlite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store =
        SqliteStore::open(&dir.path().join("contacts.db")).unwrap_or_else(|e| panic!("{e}"));
    let (h, anna, bob) = Harness::two_users_on(store).await;
    let id = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Łukasz"),
                ("family", "Żółkiewski"),
                ("phone_number", "601 234 567"),
            ],
        )
        .await;
    let frag = h.get(&bob, "/contacts/search?q=lukasz&book=business").await;
    assert!(
        frag.text().contains(&format!("/contacts/{id}")),
        "{}",
        frag.text()
    );
    let frag = h.get(&bob, "/contacts/search?q=601234&book=business").await;
    assert!(frag.text().contains("Żółkiewski"));
    // Two edits from version 1: the second is a conflict and overwrites nothing.
    let path = format!("/contacts/{id}");
    let r = h
        .post(
            &anna,
            &path,
            &[
                ("version", "1"),
                ("given", "Łukasz"),
                ("job_title", "Hetman"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = h
        .post(
            &bob,
            &path,
            &[
                ("version", "1"),
                ("given", "Łukasz"),
                ("job_title", "Kanclerz"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(h.get(&bob, &path).await.text().contains("Hetman"));
    // A private contact with a photo stays anna's.
    let secret = h.create(&anna, "private", &[("given", "Zygfryd")]).await;
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{secret}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "p.png", "image/png", PNG)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    for p in [
        format!("/contacts/{secret}"),
        format!("/contacts/{secret}/photo"),
        format!("/api/v1/contacts/{secret}"),
    ] {
        let r = h.get(&bob, &p).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{p}");
        assert!(!r.text().contains("Zygfryd"), "{p}");
    }
    assert_eq!(
        h.get(&anna, &format!("/contacts/{secret}/photo"))
            .await
            .status,
        StatusCode::OK
    );
}

/// Import through the page and export on the real backend: the cards land in the chosen
/// book only, a dry run writes nothing, and an export holds what its user may see.
#[tokio::test]
async fn import_and_export_on_sqlite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store =
        SqliteStore::open(&dir.path().join("contacts.db")).unwrap_or_else(|e| panic!("{e}"));
    let (h, anna, bob) = Harness::two_users_on(store).await;
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łucja Żółkiewska\r\nN:Żółkiewska;Łucja;;;\r\nEMAIL:lucja@example.pl\r\nCATEGORIES:Dostawcy\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";
    let import = |dry: &'static str| {
        multipart(
            &[
                ("_csrf", &anna.csrf),
                ("book", "business"),
                ("dry_run", dry),
            ],
            Some(("file", "dostawcy.vcf", "text/vcard", cards.as_bytes())),
        )
    };
    let r = h
        .post_multipart(&anna, "/contacts/import", import("1"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("id=\"imported\">1<"), "{}", r.text());
    assert_eq!(h.get(&bob, "/api/v1/export?book=business").await.text(), "");
    let r = h
        .post_multipart(&anna, "/contacts/import", import(""))
        .await;
    assert!(r.text().contains("id=\"failed\">1<"), "{}", r.text());
    let business = h.get(&bob, "/api/v1/export?book=business").await.text();
    assert!(business.contains("Żółkiewska") && business.contains("CATEGORIES:Dostawcy"));
    assert_eq!(
        h.get(&anna, "/contacts/export?book=private").await.text(),
        ""
    );
    let csv = h
        .get(
            &bob,
            "/contacts/export?book=business&q=lucja&format=csv-google",
        )
        .await
        .text();
    assert!(
        csv.contains("Łucja") && csv.contains("lucja@example.pl"),
        "{csv}"
    );
}
