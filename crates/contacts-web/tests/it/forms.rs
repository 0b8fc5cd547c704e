//! Nothing lost on a bad form (issue 14, item 6): every form family answers bad input with
//! the same page, status 422, the refused field marked (`aria-invalid` and its message
//! beside it) and what was typed kept; and files and photos are removed only after a
//! confirmation page.

use crate::common;

use axum::http::StatusCode;
use common::{multipart, Client, Harness, PNG};
use contacts_core::memory::MemoryStore;

/// Asserts a refused form: 422, the field `FORM-FIELD` marked with its message, and every
/// `kept` text back in the page.
fn assert_refused(r: &common::Reply, form: &str, field: &str, kept: &[&str]) -> String {
    let page = r.text();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    let id = format!("{form}-{field}-error");
    assert!(page.contains(&format!("id=\"{id}\"")), "no {id}: {page}");
    assert!(
        page.contains(&format!("aria-invalid=\"true\" aria-describedby=\"{id}\"")),
        "{field} not marked: {page}"
    );
    assert_eq!(page.matches("aria-invalid=\"true\"").count(), 1, "{page}");
    for k in kept {
        assert!(page.contains(k), "{k} was not kept: {page}");
    }
    page
}

fn marked_message(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let rest = &page[start..];
    let from = rest.find('>').map(|i| i + 1).unwrap_or(0);
    let to = rest.find("</span>").unwrap_or(rest.len());
    rest[from..to].to_string()
}

async fn business_contact(h: &Harness<MemoryStore>, c: &Client) -> i64 {
    h.create(c, "business", &[("given", "Ela"), ("family", "Formularz")])
        .await
}

#[tokio::test]
async fn contact_page_forms_come_back_marked_with_what_was_typed() {
    let (h, anna, _bob) = Harness::two_users().await;
    let id = business_contact(&h, &anna).await;
    let path = |p: &str| format!("/contacts/{id}/{p}");

    // Photo: not an image.
    let r = h
        .post_multipart(
            &anna,
            &path("photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "a.txt", "text/plain", b"not a picture")),
            ),
        )
        .await;
    let page = assert_refused(&r, "photo", "photo", &["Formularz"]);
    assert!(
        marked_message(&page, "photo-photo-error").contains("JPEG, PNG, GIF or WebP"),
        "{page}"
    );
    // Photo: over the limit, said in MB.
    let mut big = PNG.to_vec();
    big.resize(contacts_core::service::MAX_PHOTO_BYTES + 1, 0);
    let r = h
        .post_multipart(
            &anna,
            &path("photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "big.png", "image/png", &big)),
            ),
        )
        .await;
    let page = assert_refused(&r, "photo", "photo", &[]);
    assert!(
        marked_message(&page, "photo-photo-error").contains("over the limit of 5 MB"),
        "{page}"
    );

    // Attachment: no file chosen; the note comes back.
    let r = h
        .post_multipart(
            &anna,
            &path("attachments"),
            multipart(&[("_csrf", &anna.csrf), ("note", "umowa <ważna>")], None),
        )
        .await;
    assert_refused(
        &r,
        "attachment",
        "file",
        &["value=\"umowa &lt;ważna&gt;\"", "Choose a file first."],
    );
    // Attachment: a note over the core's one-line limit marks the note.
    let long = "n".repeat(contacts_core::model::MAX_LINE_CHARS + 1);
    let r = h
        .post_multipart(
            &anna,
            &path("attachments"),
            multipart(
                &[("_csrf", &anna.csrf), ("note", &long)],
                Some(("file", "a.txt", "text/plain", b"abc")),
            ),
        )
        .await;
    let page = assert_refused(&r, "attachment", "note", &[&long]);
    assert!(page.contains("longer than 1000 characters"), "{page}");

    // Reminder: a time that is no time; text and time come back.
    let r = h
        .post(
            &anna,
            &path("reminders"),
            &[
                ("at", "31.02.2031 25:00"),
                ("text", "Zadzwonić w sprawie umowy"),
            ],
        )
        .await;
    assert_refused(
        &r,
        "reminder",
        "at",
        &[
            "value=\"31.02.2031 25:00\"",
            "value=\"Zadzwonić w sprawie umowy\"",
        ],
    );
    // Reminder: no text.
    let r = h
        .post(
            &anna,
            &path("reminders"),
            &[("at", "2031-02-03 10:00"), ("text", " ")],
        )
        .await;
    assert_refused(&r, "reminder", "text", &["value=\"2031-02-03 10:00\""]);

    // History entry: a kind over the core's limit for names; the text comes back.
    let kind = "k".repeat(contacts_core::model::MAX_LABEL_CHARS + 1);
    let r = h
        .post_multipart(
            &anna,
            &path("history"),
            multipart(
                &[
                    ("_csrf", &anna.csrf),
                    ("kind", &kind),
                    ("text", "Rozmowa o cenach"),
                ],
                None,
            ),
        )
        .await;
    let page = assert_refused(
        &r,
        "history",
        "kind",
        &["value=\"Rozmowa o cenach\"", &kind],
    );
    assert!(page.contains("longer than 100 characters"), "{page}");

    // Alerts before a birthday: more days than the core allows; both values come back.
    let r = h
        .post(
            &anna,
            &path("alerts"),
            &[("birthday", "7"), ("nameday", "61")],
        )
        .await;
    let page = assert_refused(&r, "alerts", "nameday", &["value=\"7\"", "value=\"61\""]);
    assert!(page.contains("from 0 to 60"), "{page}");
    // Not half saved: the birthday's 7 was not written either (one core call checks both).
    let saved = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{id}/alerts"), None)
        .await
        .json();
    assert_eq!(saved, serde_json::json!([]), "the birthday alert was saved");
    let r = h
        .post(
            &anna,
            &path("alerts"),
            &[("birthday", "5"), ("nameday", "dwa")],
        )
        .await;
    assert_refused(&r, "alerts", "nameday", &["value=\"5\"", "value=\"dwa\""]);
    let saved = h
        .api(&anna, "GET", &format!("/api/v1/contacts/{id}/alerts"), None)
        .await
        .json();
    assert_eq!(saved, serde_json::json!([]));

    // Account manager: a user who is not there.
    let r = h.post(&anna, &path("manager"), &[("user", "999")]).await;
    assert_refused(&r, "manager", "user", &[]);

    // Nothing was saved by any of them.
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(!page.contains("Zadzwonić") && !page.contains("Rozmowa o cenach"));
    assert!(!page.contains("aria-invalid"), "a fresh page marks nothing");
}

#[tokio::test]
async fn a_name_day_that_is_no_day_is_marked_on_the_contact_page() {
    let (h, anna, _bob) = Harness::two_users().await;
    // Anna has several name-days, so the page offers the choice.
    let id = h.create(&anna, "private", &[("given", "Anna")]).await;
    let page = h.get(&anna, &format!("/contacts/{id}")).await.text();
    assert!(page.contains("/nameday\""), "{page}");
    let r = h
        .post(
            &anna,
            &format!("/contacts/{id}/nameday"),
            &[("day", "13-45"), ("version", "1")],
        )
        .await;
    assert_refused(&r, "nameday", "day", &[]);
}

#[tokio::test]
async fn settings_forms_come_back_marked_with_what_was_typed() {
    let (h, anna, _bob) = Harness::two_users().await;
    // Own password: the two copies differ; passwords are never sent back.
    let r = h
        .post(
            &anna,
            "/settings/password",
            &[
                ("current", common::PASSWORD),
                ("password", "nowe-hasło-1"),
                ("password2", "nowe-hasło-2"),
            ],
        )
        .await;
    let page = assert_refused(&r, "password", "password2", &["The two passwords differ."]);
    assert!(!page.contains("nowe-hasło"), "{page}");
    let r = h
        .post(
            &anna,
            "/settings/password",
            &[
                ("current", "wrong wrong"),
                ("password", "nowe-hasło-1"),
                ("password2", "nowe-hasło-1"),
            ],
        )
        .await;
    assert_refused(
        &r,
        "password",
        "current",
        &["The current password is wrong."],
    );

    // API token: a name over the core's limit comes back.
    let long = "t".repeat(101);
    let r = h.post(&anna, "/settings/token", &[("name", &long)]).await;
    assert_refused(&r, "token", "name", &[&format!("value=\"{long}\"")]);

    // Installation language: not one of ours.
    let r = h
        .post(&anna, "/settings/installation", &[("lang", "xx")])
        .await;
    assert_refused(&r, "installation", "lang", &["is not pl or en"]);

    // Category label: too long for a name.
    let label = "Ł".repeat(101);
    let r = h
        .post(
            &anna,
            "/settings/categories",
            &[("key", "home"), ("label", &label)],
        )
        .await;
    assert_refused(
        &r,
        "category-home",
        "label",
        &[&format!("value=\"{label}\"")],
    );

    // Groups: an empty new name, and a rename too long; the typed name stays in its row.
    let r = h
        .post(&anna, "/settings/lists/groups/add", &[("name", "   ")])
        .await;
    assert_refused(&r, "add", "name", &["must not be empty"]);
    let r = h
        .post(&anna, "/settings/lists/groups/add", &[("name", "Hurt")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let long = "g".repeat(150);
    let r = h
        .post(
            &anna,
            "/settings/lists/groups/rename",
            &[("old", "Hurt"), ("new", &long)],
        )
        .await;
    assert_refused(&r, "rename-Hurt", "new", &[&format!("value=\"{long}\"")]);

    // Custom fields: a choice field without choices marks the choices; label and type stay.
    let r = h
        .post(
            &anna,
            "/settings/fields/add",
            &[("label", "Branża"), ("type", "choice"), ("options", "")],
        )
        .await;
    assert_refused(
        &r,
        "add-field",
        "options",
        &["value=\"Branża\"", "value=\"choice\" selected"],
    );

    // Users: a name the core refuses (the older test checks the details).
    let r = h
        .post(
            &anna,
            "/settings/users/add",
            &[("name", "dwa słowa"), ("admin", "1")],
        )
        .await;
    assert_refused(
        &r,
        "user",
        "name",
        &["value=\"dwa słowa\"", "name=\"admin\" value=\"1\" checked"],
    );
}

#[tokio::test]
async fn an_import_without_a_file_keeps_the_choices() {
    let (h, anna, _bob) = Harness::two_users().await;
    let r = h
        .post_multipart(
            &anna,
            "/contacts/import",
            multipart(
                &[
                    ("_csrf", &anna.csrf),
                    ("book", "business"),
                    ("format", "csv-google"),
                    ("on_duplicate", "skip"),
                    ("dry_run", "1"),
                ],
                None,
            ),
        )
        .await;
    assert_refused(
        &r,
        "import",
        "file",
        &[
            "Choose a file first.",
            "value=\"business\" selected",
            "value=\"csv-google\" selected",
            "value=\"skip\" selected",
            "name=\"dry_run\" value=\"1\" checked",
        ],
    );
}

#[tokio::test]
async fn limits_are_told_in_the_readers_language_in_megabytes() {
    let (h, anna, _bob) = Harness::two_users().await;
    let r = h.post(&anna, "/settings/language", &[("lang", "pl")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id = business_contact(&h, &anna).await;
    let mut big = PNG.to_vec();
    big.resize(contacts_core::service::MAX_PHOTO_BYTES + 200 * 1024 / 4, 0);
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "big.png", "image/png", &big)),
            ),
        )
        .await;
    let page = assert_refused(&r, "photo", "photo", &[]);
    assert_eq!(
        marked_message(&page, "photo-photo-error"),
        "plik ma 5,1 MB, a limit to 5 MB"
    );
    let r = h
        .post(&anna, "/settings/lists/statuses/add", &[("name", "")])
        .await;
    assert_refused(&r, "add", "name", &["nie może być puste"]);
}

#[tokio::test]
async fn files_and_photos_are_removed_only_after_a_confirmation_page() {
    let (h, anna, bob) = Harness::two_users().await;
    let id = business_contact(&h, &anna).await;
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "me.png", "image/png", PNG)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/attachments"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("file", "oferta-2031.pdf", "application/pdf", b"%PDF-1.4")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view = h.get(&anna, &format!("/contacts/{id}")).await.text();
    // The page links to the confirmation steps instead of removing at once.
    let photo_link = format!("href=\"/contacts/{id}/photo/delete\"");
    assert!(view.contains(&photo_link), "{view}");
    let start = view
        .find("href=\"/attachments/")
        .unwrap_or_else(|| panic!("{view}"));
    let aid: String = view[start + "href=\"/attachments/".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let file_link = format!("/attachments/{aid}/delete");
    assert!(view.contains(&format!("href=\"{file_link}\"")), "{view}");

    let r = h.get(&anna, &format!("/contacts/{id}/photo/delete")).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(page.contains("Remove this contact's photo?"), "{page}");
    assert!(page.contains("cannot be undone"), "{page}");
    assert!(page.contains(&format!("action=\"/contacts/{id}/photo/delete\"")));
    let r = h.get(&anna, &file_link).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    assert!(page.contains("Remove this file?"), "{page}");
    assert!(page.contains("oferta-2031.pdf"), "{page}");
    assert!(page.contains(&format!("action=\"{file_link}\"")), "{page}");
    // Opening them removed nothing; the other user sees the same step for a business file.
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}/photo")).await.status,
        StatusCode::OK
    );
    assert_eq!(h.get(&bob, &file_link).await.status, StatusCode::OK);
    // Confirming removes.
    let r = h.post(&anna, &file_link, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(h.get(&anna, &file_link).await.status, StatusCode::NOT_FOUND);
    let r = h
        .post(&anna, &format!("/contacts/{id}/photo/delete"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        h.get(&anna, &format!("/contacts/{id}/photo/delete"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "no photo left to confirm"
    );
}

#[tokio::test]
async fn the_activity_report_names_item_types_in_the_readers_words() {
    let (h, anna, _bob) = Harness::two_users().await;
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/contacts",
            Some(serde_json::json!({"book": "business", "contact": {"kind": "organisation", "org_name": "Hurt Sp. z o.o."}})),
        )
        .await;
    let org = r.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(serde_json::json!({"title": "Dostawa", "counterparty": org})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case = r.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/cases/{case}/notes"),
            Some(serde_json::json!({"kind": "spotkanie", "text": "Rabat"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let page = h.get(&anna, "/reports").await.text();
    assert!(page.contains("Note: spotkanie: 1"), "{page}");
    assert!(!page.contains("note: spotkanie"), "a raw key: {page}");
    h.post(&anna, "/settings/language", &[("lang", "pl")]).await;
    let page = h.get(&anna, "/reports").await.text();
    assert!(page.contains("Notatka: spotkanie: 1"), "{page}");
}

#[tokio::test]
async fn an_upload_over_its_limit_is_told_in_mb_with_the_way_back() {
    let (h, anna, _bob) = Harness::two_users().await;
    let id = business_contact(&h, &anna).await;
    let big = vec![0u8; contacts_core::service::MAX_PHOTO_BYTES + 100 * 1024];
    let r = h
        .post_multipart(
            &anna,
            &format!("/contacts/{id}/photo"),
            multipart(
                &[("_csrf", &anna.csrf)],
                Some(("photo", "big.png", "image/png", &big)),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let page = r.text();
    assert!(page.contains("The photo is larger than 5 MB."), "{page}");
    assert!(
        page.contains(&format!("href=\"/contacts/{id}#photo\"")),
        "{page}"
    );
}

#[tokio::test]
async fn a_takeover_to_the_same_user_marks_the_field_and_keeps_the_choice() {
    let (h, anna, _bob) = Harness::two_users().await;
    let r = h.get(&anna, "/settings/takeover?from=bob&to=bob").await;
    assert_refused(
        &r,
        "takeover",
        "to",
        &["value=\"bob\" selected", "someone other than"],
    );
    let r = h
        .post(
            &anna,
            "/settings/takeover",
            &[("from", "nikt"), ("to", "anna")],
        )
        .await;
    assert_refused(&r, "takeover", "from", &["does not exist"]);
    let r = h.get(&anna, "/settings/takeover?from=bob&to=nikt").await;
    assert_refused(&r, "takeover", "to", &["user 'nikt' does not exist"]);
}

#[tokio::test]
async fn a_refused_merge_comes_back_with_its_reason_and_the_choices_made() {
    let (h, anna, _bob) = Harness::two_users().await;
    let mut orgs = Vec::new();
    for (name, nip) in [("Hurt Sp. z o.o.", "5260250995"), ("Hurt sp. z o.o.", "")] {
        let r = h
            .post(
                &anna,
                "/contacts",
                &[
                    ("book", "business"),
                    ("kind", "organisation"),
                    ("org_name", name),
                    ("nip", nip),
                    ("confirm_duplicate", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        let id: i64 = r
            .location()
            .trim_start_matches("/contacts/")
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or(0);
        orgs.push(id);
    }
    let (keep, other) = (orgs[1], orgs[0]);
    // Someone works at the other one: the merge is refused until they are moved.
    h.create(
        &anna,
        "business",
        &[("given", "Jan"), ("org_id", &other.to_string())],
    )
    .await;
    let r = h
        .post(
            &anna,
            "/duplicates/merge",
            &[
                ("keep", &keep.to_string()),
                ("other", &other.to_string()),
                ("f_org_name", "other"),
            ],
        )
        .await;
    let page = r.text();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("id=\"merge-error\"") && page.contains("people work at organisation"),
        "{page}"
    );
    assert!(
        page.contains("name=\"f_org_name\" value=\"other\" checked"),
        "the choice was kept: {page}"
    );
}
