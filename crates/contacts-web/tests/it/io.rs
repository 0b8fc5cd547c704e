//! HTTP tests of import and export (pages and API) and of the dates and cases API, through
//! `app(state).oneshot(request)`: real output, bad input, and who sees what.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{multipart, Client, Harness, Reply, BOUNDARY};
use serde_json::{json, Value};

/// Three cards: two good ones with Polish names, and one without any name (card 3).
const CARDS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz Żółć\r\nN:Żółć;Łukasz;;;\r\nEMAIL;TYPE=work:l.zolc@firma.pl\r\nTEL;TYPE=cell:601 234 567\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grzegorz Brzęczyszczykiewicz\r\nN:Brzęczyszczykiewicz;Grzegorz;;;\r\nBDAY:1975-04-01\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nno body here\r\nEND:VCARD\r\n";

fn with_lang(c: &Client, lang: &str) -> Client {
    Client {
        cookie: format!("{}; lang={lang}", c.cookie),
        csrf: c.csrf.clone(),
    }
}

fn today(h: &Harness) -> chrono::NaiveDate {
    h.state
        .service()
        .today()
        .unwrap_or_else(|e| panic!("today: {e}"))
}

async fn import_page(
    h: &Harness,
    c: &Client,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Reply {
    let mut all = vec![("_csrf", c.csrf.as_str())];
    all.extend_from_slice(fields);
    let body = multipart(
        &all,
        file.map(|(name, bytes)| ("file", name, "text/vcard", bytes)),
    );
    h.post_multipart(c, "/contacts/import", body).await
}

/// The names in a book as the API lists them.
async fn names(h: &Harness, c: &Client, book: &str) -> Vec<String> {
    let r = h
        .api(
            c,
            "GET",
            &format!("/api/v1/contacts?book={book}&limit=1000"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The text of the element with `id` (its first text run).
fn cell(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    html.find(&marker)
        .map(|i| {
            let rest = &html[i + marker.len()..];
            rest[..rest.find('<').unwrap_or(0)].to_string()
        })
        .unwrap_or_else(|| panic!("no #{id} in {html}"))
}

#[tokio::test]
async fn the_import_page_imports_a_vcard_with_a_summary_and_a_dry_run_writes_nothing() {
    let (h, anna, bob) = Harness::two_users().await;
    let list = h.get(&anna, "/contacts?book=private").await.text();
    assert!(
        list.contains("href=\"/contacts/import?book=private\""),
        "{list}"
    );
    let form = h.get(&anna, "/contacts/import?book=private").await;
    assert_eq!(form.status, StatusCode::OK);
    for want in [
        "enctype=\"multipart/form-data\"",
        "name=\"file\"",
        "value=\"csv-outlook\"",
        "name=\"on_duplicate\"",
        "name=\"dry_run\"",
        "<option value=\"private\" selected",
    ] {
        assert!(form.text().contains(want), "form lacks {want}");
    }
    // A dry run: the summary, and nothing written.
    let fields = [
        ("book", "private"),
        ("format", "auto"),
        ("on_duplicate", "merge"),
        ("dry_run", "1"),
    ];
    let r = import_page(&h, &anna, &fields, Some(("karty.vcf", CARDS.as_bytes()))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"dry-run\""), "{page}");
    assert_eq!(
        (cell(&page, "imported"), cell(&page, "failed")),
        ("2".into(), "1".into())
    );
    assert!(names(&h, &anna, "private").await.is_empty());
    // The real import: the failure names the file, the card and its line.
    let r = import_page(
        &h,
        &anna,
        &fields[..3],
        Some(("karty.vcf", CARDS.as_bytes())),
    )
    .await;
    let page = r.text();
    assert!(!page.contains("id=\"dry-run\""));
    assert_eq!(cell(&page, "imported"), "2");
    let failures = page
        .split("id=\"import-failures\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no failures table: {page}"));
    assert!(
        failures.contains("<td>karty.vcf</td><td class=\"num\">3</td><td class=\"num\">16</td>"),
        "{failures}"
    );
    assert!(failures.contains("is not a property line"), "{failures}");
    let mut got = names(&h, &anna, "private").await;
    got.sort();
    assert_eq!(got, ["Grzegorz Brzęczyszczykiewicz", "Łukasz Żółć"]);
    // Nothing landed in the business book or in bob's private book.
    assert!(names(&h, &anna, "business").await.is_empty());
    assert!(names(&h, &bob, "private").await.is_empty());
    // The same file again: skipped, then merged, never duplicated.
    let r = import_page(
        &h,
        &anna,
        &[("book", "private"), ("on_duplicate", "skip")],
        Some(("karty.vcf", CARDS.as_bytes())),
    )
    .await;
    assert_eq!(cell(&r.text(), "skipped"), "2");
    let r = import_page(
        &h,
        &anna,
        &[("book", "private"), ("on_duplicate", "merge")],
        Some(("karty.vcf", CARDS.as_bytes())),
    )
    .await;
    assert_eq!(cell(&r.text(), "merged"), "2");
    assert_eq!(names(&h, &anna, "private").await.len(), 2);
    // In Polish.
    let r = import_page(
        &h,
        &with_lang(&anna, "pl"),
        &[("book", "private"), ("dry_run", "1")],
        Some(("karty.vcf", CARDS.as_bytes())),
    )
    .await;
    assert!(r.text().contains("Próba zakończona"), "{}", r.text());
    assert!(r.text().contains("Wizytówki, których nie zaimportowano"));
}

#[tokio::test]
async fn a_bad_file_gets_a_clear_error_and_writes_nothing() {
    let (h, anna, _bob) = Harness::two_users().await;
    let png: &[u8] = common::PNG;
    for (name, bytes, format, says) in [
        ("photo.png", png, "auto", "Google or Outlook"),
        (
            "list.csv",
            b"foo;bar\n1;2\n".as_slice(),
            "csv-google",
            "column",
        ),
        ("empty.vcf", b"\r\n".as_slice(), "auto", "empty"),
    ] {
        let r = import_page(
            &h,
            &anna,
            &[("book", "business"), ("format", format)],
            Some((name, bytes)),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name} {format}: {}",
            r.text()
        );
        let page = r.text();
        assert!(page.contains("id=\"import-error\""), "{page}");
        assert!(page.contains(says), "{name} {format}: {page}");
        // The form comes back with the choices made.
        assert!(
            page.contains(&format!("<option value=\"{format}\" selected")),
            "{page}"
        );
    }
    // A file forced to be read as vCard that is none: every card fails, nothing gets in.
    let r = import_page(
        &h,
        &anna,
        &[("book", "business"), ("format", "vcf")],
        Some(("photo.png", png)),
    )
    .await;
    let page = r.text();
    assert!(page.contains("Nothing was imported"), "{page}");
    assert_eq!(
        (cell(&page, "imported"), cell(&page, "failed")),
        ("0".into(), "1".into())
    );
    assert!(page.contains("expected BEGIN:VCARD"), "{page}");
    // No file, no book, an unknown format or policy.
    let r = import_page(&h, &anna, &[("book", "business")], None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Choose a file first."), "{}", r.text());
    for fields in [
        vec![],
        vec![("book", "everyone")],
        vec![("book", "business"), ("format", "xls")],
        vec![("book", "business"), ("on_duplicate", "replace")],
        vec![("book", "business"), ("dry_run", "perhaps")],
    ] {
        let r = import_page(&h, &anna, &fields, Some(("karty.vcf", CARDS.as_bytes()))).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            r.text()
        );
    }
    assert!(names(&h, &anna, "business").await.is_empty());
    assert!(names(&h, &anna, "private").await.is_empty());
}

#[tokio::test]
async fn export_downloads_a_book_the_filtered_list_or_one_contact() {
    let (h, anna, bob) = Harness::two_users().await;
    let secret = h
        .create(
            &anna,
            "private",
            &[("given", "Zygfryd"), ("family", "Tajemniczy")],
        )
        .await;
    h.create(
        &anna,
        "business",
        &[("given", "Łukasz"), ("family", "Żółć")],
    )
    .await;
    h.create(
        &anna,
        "business",
        &[("given", "Jan"), ("family", "Kowalski")],
    )
    .await;
    let day = today(&h).format("%Y-%m-%d").to_string();
    let list = h.get(&anna, "/contacts?book=business").await.text();
    assert!(list.contains("id=\"export-form\""), "{list}");
    // The whole private book, vCard 4.0 by default.
    let r = h.get(&anna, "/contacts/export?book=private").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "text/vcard; charset=utf-8");
    assert_eq!(
        r.header("content-disposition"),
        format!(
            "attachment; filename=\"private-contacts-{day}.vcf\"; filename*=UTF-8''private%2Dcontacts%2D{}%2Evcf",
            day.replace('-', "%2D")
        )
    );
    let text = r.text();
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
    assert!(
        text.contains("Zygfryd") && !text.contains("Łukasz"),
        "{text}"
    );
    // In Polish the file is named in Polish.
    let r = h
        .get(
            &with_lang(&anna, "pl"),
            "/contacts/export?book=business&format=vcf3",
        )
        .await;
    assert!(
        r.header("content-disposition")
            .contains(&format!("filename=\"kontakty-firmowe-{day}.vcf\"")),
        "{}",
        r.header("content-disposition")
    );
    let text = r.text();
    assert!(text.contains("VERSION:3.0") && text.contains("Łukasz"));
    assert_eq!(text.matches("BEGIN:VCARD").count(), 2);
    // CSV in both layouts.
    let r = h
        .get(&anna, "/contacts/export?book=business&format=csv-google")
        .await;
    assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
    assert!(r.text().starts_with("\u{feff}First Name,"), "{}", r.text());
    assert!(r.text().contains("Łukasz"));
    let r = h
        .get(&anna, "/contacts/export?book=business&format=csv-outlook")
        .await;
    assert!(r.text().starts_with("\u{feff}Title,First Name,"));
    assert!(r.header("content-disposition").contains(".csv"));
    // The list's search: only what it shows.
    let r = h.get(&anna, "/contacts/export?book=business&q=zolc").await;
    let text = r.text();
    assert!(
        text.contains("Łukasz") && !text.contains("Kowalski"),
        "{text}"
    );
    assert!(r
        .header("content-disposition")
        .contains("business-contacts-selected"));
    // One contact, under its own (Polish) name.
    let r = h
        .get(&anna, &format!("/contacts/export?ids={secret}"))
        .await;
    assert!(
        r.header("content-disposition")
            .ends_with("filename*=UTF-8''Zygfryd%20Tajemniczy%2Evcf"),
        "{}",
        r.header("content-disposition")
    );
    let view = h.get(&anna, &format!("/contacts/{secret}")).await.text();
    assert!(view.contains(&format!("href=\"/contacts/export?ids={secret}\"")));
    // Bob: the business book without anna's private contact; her contact is not found.
    let r = h.get(&bob, "/contacts/export?book=business").await.text();
    assert!(r.contains("Łukasz") && !r.contains("Zygfryd"));
    let r = h.get(&bob, "/contacts/export?book=private").await;
    assert_eq!((r.status, r.text().as_str()), (StatusCode::OK, ""));
    let r = h.get(&bob, &format!("/contacts/export?ids={secret}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.text().contains("Zygfryd"));
    // Bad choices.
    for q in ["format=pdf", "format=vcf&version=2.1", "ids=x"] {
        let r = h
            .get(&anna, &format!("/contacts/export?book=private&{q}"))
            .await;
        assert!(r.status.is_client_error(), "{q}: {}", r.status);
    }
}

#[tokio::test]
async fn a_private_book_is_shared_by_export_and_import() {
    let (h, anna, bob) = Harness::two_users().await;
    h.create(
        &anna,
        "private",
        &[
            ("given", "Zygfryd"),
            ("family", "Tajemniczy"),
            ("email", "zygfryd@example.pl"),
        ],
    )
    .await;
    let file = h.get(&anna, "/contacts/export?book=private").await.body;
    let r = import_page(&h, &bob, &[("book", "private")], Some(("anna.vcf", &file))).await;
    assert_eq!(cell(&r.text(), "imported"), "1", "{}", r.text());
    assert_eq!(names(&h, &bob, "private").await, ["Zygfryd Tajemniczy"]);
    // Two separate contacts now: bob's copy is his.
    assert_eq!(names(&h, &anna, "private").await, ["Zygfryd Tajemniczy"]);
    assert!(names(&h, &anna, "business").await.is_empty());
}

async fn api_raw(
    h: &Harness,
    c: &Client,
    method: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &c.cookie)
        .header("x-csrf-token", &c.csrf)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap_or_default();
    h.send(req).await
}

#[tokio::test]
async fn the_api_imports_raw_or_multipart_and_exports() {
    let (h, anna, bob) = Harness::two_users().await;
    // A raw body, dry run.
    let r = api_raw(
        &h,
        &bob,
        "POST",
        "/api/v1/import?book=private&format=vcf&dry-run=true&name=karty.vcf",
        "text/vcard",
        CARDS.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let s = r.json();
    assert_eq!(
        (s["imported"].clone(), s["dry_run"].clone()),
        (json!(2), json!(true))
    );
    assert_eq!(s["failed"][0]["file"], "karty.vcf");
    assert_eq!(s["failed"][0]["card"], 3);
    assert_eq!(s["failed"][0]["line"], 16);
    assert!(names(&h, &bob, "private").await.is_empty());
    // Multipart, for real, into bob's private book.
    let body = multipart(
        &[],
        Some(("file", "z telefonu.vcf", "text/vcard", CARDS.as_bytes())),
    );
    let r = api_raw(
        &h,
        &bob,
        "POST",
        "/api/v1/import?book=private&on_duplicate=skip",
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        body,
    )
    .await;
    let s = r.json();
    assert_eq!(
        (s["imported"].clone(), s["dry_run"].clone()),
        (json!(2), json!(false)),
        "{s}"
    );
    assert_eq!(s["failed"][0]["file"], "z telefonu.vcf");
    assert_eq!(names(&h, &bob, "private").await.len(), 2);
    assert!(names(&h, &anna, "private").await.is_empty());
    assert!(names(&h, &bob, "business").await.is_empty());
    // Again: skipped.
    let r = api_raw(
        &h,
        &bob,
        "POST",
        "/api/v1/import?book=private&on_duplicate=skip",
        "application/octet-stream",
        CARDS.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.json()["skipped"], 2);
    // Bad requests: 422 naming the field, nothing written.
    for (path, body, field) in [
        ("/api/v1/import", CARDS.as_bytes(), "book"),
        (
            "/api/v1/import?book=business&format=xls",
            CARDS.as_bytes(),
            "format",
        ),
        (
            "/api/v1/import?book=business&on_duplicate=x",
            CARDS.as_bytes(),
            "on_duplicate",
        ),
        ("/api/v1/import?book=business", common::PNG, "file"),
        ("/api/v1/import?book=business", b"".as_slice(), "file"),
    ] {
        let r = api_raw(&h, &anna, "POST", path, "text/plain", body.to_vec()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(r.json()["error"], "invalid");
        assert_eq!(r.json()["field"], field, "{path}: {}", r.text());
    }
    assert!(names(&h, &anna, "business").await.is_empty());
    // Export: bob's private book in CSV, anna's is empty; ids of hidden contacts: 404.
    let r = h
        .api(
            &bob,
            "GET",
            "/api/v1/export?book=private&format=csv-outlook",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Brzęczyszczykiewicz"));
    assert!(r.header("content-disposition").starts_with("attachment;"));
    let r = h
        .api(&anna, "GET", "/api/v1/export?book=private", None)
        .await;
    assert_eq!((r.status, r.text().as_str()), (StatusCode::OK, ""));
    let bobs = h
        .api(&bob, "GET", "/api/v1/contacts?book=private", None)
        .await
        .json();
    let id = bobs["items"][0]["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/export?ids={id}&format=vcf&version=3.0"),
            None,
        )
        .await;
    assert!(
        r.text().starts_with("BEGIN:VCARD\r\nVERSION:3.0"),
        "{}",
        r.text()
    );
    let r = h
        .api(&anna, "GET", &format!("/api/v1/export?ids={id}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["message"], "not found");
    let r = h.api(&anna, "GET", "/api/v1/export", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ---- dates --------------------------------------------------------------------------------

async fn organisation(h: &Harness, c: &Client, name: &str) -> i64 {
    let r = h
        .api(
            c,
            "POST",
            "/api/v1/contacts",
            Some(
                json!({"book": "business", "contact": {"kind": "organisation", "org_name": name}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap_or(0)
}

async fn person(
    h: &Harness,
    c: &Client,
    book: &str,
    given: &str,
    family: &str,
    birthday: &str,
) -> i64 {
    let r = h
        .api(
            c,
            "POST",
            "/api/v1/contacts",
            Some(json!({"book": book, "contact": {"name": {"given": given, "family": family}, "birthday": birthday}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_i64().unwrap_or(0)
}

fn items(v: &Value) -> Vec<Value> {
    v["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn dates_api_upcoming_namedays_reminders_and_agenda() {
    let (h, anna, bob) = Harness::two_users().await;
    let t = today(&h);
    let soon = (t + chrono::Days::new(2)).format("%m-%d").to_string();
    let biz = person(
        &h,
        &anna,
        "business",
        "Łukasz",
        "Nowak",
        &format!("1980-{soon}"),
    )
    .await;
    let secret = person(
        &h,
        &anna,
        "private",
        "Zygfryd",
        "Tajemniczy",
        &format!("1970-{soon}"),
    )
    .await;
    // Upcoming: anna sees both birthdays, bob only the business one.
    let r = h
        .api(&anna, "GET", "/api/v1/upcoming?days=7&birthdays=1", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let up = r.json();
    assert_eq!(up["from"], t.to_string());
    let got: Vec<(String, String)> = items(&up)
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap_or("").into(),
                o["contact"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(
        got.contains(&("birthday".into(), "Łukasz Nowak".into())),
        "{up}"
    );
    assert!(
        got.contains(&("birthday".into(), "Zygfryd Tajemniczy".into())),
        "{up}"
    );
    let ages: Vec<i64> = items(&up)
        .iter()
        .filter_map(|o| o["age"].as_i64())
        .collect();
    assert_eq!(ages.len(), 2, "{up}");
    let r = h.api(&bob, "GET", "/api/v1/upcoming?days=7", None).await;
    assert!(
        r.text().contains("Łukasz Nowak") && !r.text().contains("Zygfryd"),
        "{}",
        r.text()
    );
    let r = h
        .api(
            &anna,
            "GET",
            "/api/v1/upcoming?days=366&namedays=true",
            None,
        )
        .await;
    assert!(
        items(&r.json()).iter().all(|o| o["kind"] == "nameday"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("\"name\":\"Łukasz\""), "{}", r.text());
    for bad in [
        "days=0",
        "days=400",
        "days=x",
        "from=2026-13-01",
        "birthdays=maybe",
    ] {
        let r = h
            .api(&anna, "GET", &format!("/api/v1/upcoming?{bad}"), None)
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.text()
        );
    }
    // Name-days by name (diacritics ignored) and by date.
    let r = h
        .api(&anna, "GET", "/api/v1/namedays?name=lukasz", None)
        .await
        .json();
    assert_eq!(r["name"], "Łukasz");
    assert!(r["dates"].as_array().is_some_and(|d| !d.is_empty()), "{r}");
    let r = h
        .api(&anna, "GET", "/api/v1/namedays?date=12-24", None)
        .await
        .json();
    assert_eq!(r["date"], "12-24");
    assert!(
        r["names"]
            .as_array()
            .is_some_and(|n| n.contains(&json!("Ewa"))),
        "{r}"
    );
    let r = h
        .api(&anna, "GET", "/api/v1/namedays?name=Łukaszz", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.json()["suggestions"]
            .as_array()
            .is_some_and(|s| s.contains(&json!("Łukasz"))),
        "{}",
        r.text()
    );
    for bad in ["date=13-45", "name=Jan&date=01-01"] {
        let r = h
            .api(&anna, "GET", &format!("/api/v1/namedays?{bad}"), None)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    // Reminders: set on the business contact, taken over and done by bob.
    let at = format!("{t} 09:30");
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/contacts/{biz}/reminders"),
            Some(json!({"at": at, "text": "Zadzwonić w sprawie oferty"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let rem = r.json();
    assert_eq!(
        (
            rem["due"].clone(),
            rem["book"].clone(),
            rem["created_by"].clone()
        ),
        (json!(at), json!("business"), json!("anna"))
    );
    let rid = rem["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/contacts/{secret}/reminders"),
            Some(json!({"at": at, "text": "Sekretne spotkanie"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let secret_rem = r.json()["id"].as_i64().unwrap_or(0);
    for (body, field) in [
        (json!({"at": at}), "text"),
        (json!({"at": "jutro", "text": "x"}), "time"),
        (
            json!({"at": at, "text": "x", "assignee": "nobody"}),
            "assignee",
        ),
    ] {
        let r = h
            .api(
                &anna,
                "POST",
                &format!("/api/v1/contacts/{biz}/reminders"),
                Some(body),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.text()
        );
    }
    let list = h.api(&bob, "GET", "/api/v1/reminders?due=all", None).await;
    assert!(
        list.text().contains("Zadzwonić") && !list.text().contains("Sekretne"),
        "{}",
        list.text()
    );
    let mine = h
        .api(&bob, "GET", "/api/v1/reminders?mine=1", None)
        .await
        .json();
    assert_eq!(mine, json!([]));
    let r = h
        .api(&bob, "POST", &format!("/api/v1/reminders/{rid}/take"), None)
        .await;
    assert_eq!(r.json()["assignee"], "bob", "{}", r.text());
    let mine = h
        .api(&bob, "GET", "/api/v1/reminders?mine=true", None)
        .await
        .json();
    assert_eq!(mine[0]["id"], rid);
    let r = h
        .api(&bob, "POST", &format!("/api/v1/reminders/{rid}/done"), None)
        .await;
    assert_eq!(r.json()["done_by"], "bob");
    assert!(r.json()["done_at"].is_string());
    let open = h.api(&anna, "GET", "/api/v1/reminders", None).await.text();
    assert!(
        !open.contains("Zadzwonić") && open.contains("Sekretne"),
        "{open}"
    );
    let of_contact = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{biz}/reminders"),
            None,
        )
        .await
        .json();
    assert_eq!(of_contact[0]["done_by"], "bob");
    let r = h
        .api(&anna, "GET", "/api/v1/reminders?due=soon", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Bob learns nothing of anna's private contact or its reminder.
    for (m, p) in [
        ("GET", format!("/api/v1/contacts/{secret}/reminders")),
        ("POST", format!("/api/v1/contacts/{secret}/reminders")),
        ("GET", format!("/api/v1/reminders/{secret_rem}")),
        ("POST", format!("/api/v1/reminders/{secret_rem}/take")),
        ("POST", format!("/api/v1/reminders/{secret_rem}/done")),
    ] {
        let r = h
            .api(&bob, m, &p, Some(json!({"at": at, "text": "x"})))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{m} {p}");
        assert!(
            !r.text().contains("Zygfryd") && !r.text().contains("Sekretne"),
            "{m} {p}"
        );
    }
    let untouched = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/reminders/{secret_rem}"),
            None,
        )
        .await
        .json();
    assert_eq!(
        (untouched["assignee"].clone(), untouched["done_by"].clone()),
        (Value::Null, Value::Null)
    );
    // The day plan: occasions, the reminder still open, a case deadline.
    let org = organisation(&h, &anna, "Kowalski Sp. z o.o.").await;
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(
                json!({"title": "Dostawa biurek", "counterparty": org, "deadline": t.to_string()}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let plan = h
        .api(&anna, "GET", "/api/v1/agenda?days=7", None)
        .await
        .json();
    let types: Vec<&str> = plan["items"]
        .as_array()
        .map(|v| v.iter().filter_map(|i| i["type"].as_str()).collect())
        .unwrap_or_default();
    for want in ["occasion", "reminder", "deadline"] {
        assert!(types.contains(&want), "no {want} in {plan}");
    }
    assert!(
        plan.to_string().contains("Sekretne spotkanie")
            && plan.to_string().contains("Dostawa biurek")
    );
    let first = &plan["items"][0];
    assert_eq!(first["day"], t.to_string());
    let bobs = h
        .api(&bob, "GET", "/api/v1/agenda?days=7", None)
        .await
        .text();
    assert!(
        bobs.contains("Dostawa biurek") && !bobs.contains("Sekretne") && !bobs.contains("Zygfryd"),
        "{bobs}"
    );
    let r = h.api(&anna, "GET", "/api/v1/agenda?date=jutro", None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ---- cases --------------------------------------------------------------------------------

#[tokio::test]
async fn cases_api_create_show_edit_items_notes_close_and_reopen() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Kowalski Sp. z o.o.").await;
    let secret = person(&h, &anna, "private", "Zygfryd", "Tajemniczy", "1970-01-01").await;
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "Dostawa biurek", "counterparty": org, "deadline": "2030-06-30", "priority": "high", "external_number": "ZAM/7"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case = r.json();
    let id = case["id"].as_i64().unwrap_or(0);
    let number = case["number"].as_str().unwrap_or("").to_string();
    assert!(number.contains('/'), "{case}");
    assert_eq!(
        (
            case["status"].clone(),
            case["priority"].clone(),
            case["responsible"].clone(),
            case["counterparty_name"].clone(),
            case["version"].clone()
        ),
        (
            json!("open"),
            json!("high"),
            json!("anna"),
            json!("Kowalski Sp. z o.o."),
            json!(1)
        )
    );
    let list = h.api(&bob, "GET", "/api/v1/cases", None).await.json();
    assert_eq!(
        (list["total"].clone(), list["items"][0]["id"].clone()),
        (json!(1), json!(id))
    );
    assert_eq!(
        h.api(&bob, "GET", "/api/v1/cases?status=closed", None)
            .await
            .json()["total"],
        0
    );
    // Items and a note (bob, a colleague).
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{id}/items"),
            Some(json!({"article": "Biurko", "quantity": 3, "unit_price": "1200,50"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let with_item = r.json();
    assert_eq!(with_item["items"][0]["total"], "3601.50");
    assert_eq!(
        with_item["totals"],
        json!([{"currency": "PLN", "value": "3601.50"}])
    );
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{id}/notes"),
            Some(json!({"kind": "spotkanie", "text": "Uzgodniono rabat"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        (r.json()["type"].clone(), r.json()["created_by"].clone()),
        (json!("note"), json!("bob"))
    );
    // Show, by id and by number.
    let shown = h
        .api(&anna, "GET", &format!("/api/v1/cases/{id}"), None)
        .await
        .json();
    assert_eq!(shown["timeline"][0]["source"], "detail");
    assert_eq!(shown["timeline"][0]["text"], "Uzgodniono rabat");
    assert_eq!(shown["items"][0]["article"], "Biurko");
    let by_number = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/cases/{}", number.replace('/', "%2F")),
            None,
        )
        .await;
    assert_eq!(by_number.json()["id"], id, "{}", by_number.text());
    // Edit: a stale version is a conflict with the stored case; the current one saves.
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/cases/{id}"),
            Some(json!({"version": 1, "title": "Stary tytuł"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(r.json()["current"]["title"], "Dostawa biurek");
    let version = r.json()["current"]["version"].clone();
    let r = h
        .api(&anna, "PUT", &format!("/api/v1/cases/{id}"), Some(json!({"version": version, "title": "Dostawa biurek i krzeseł", "deadline": null, "responsible": "bob"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let edited = r.json();
    assert_eq!(
        (
            edited["title"].clone(),
            edited["deadline"].clone(),
            edited["responsible"].clone()
        ),
        (json!("Dostawa biurek i krzeseł"), Value::Null, json!("bob"))
    );
    assert_eq!(edited["items"][0]["article"], "Biurko");
    for (body, status) in [
        (json!({"title": "x"}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"version": edited["version"], "titel": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": edited["version"], "priority": "urgent"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": edited["version"], "deadline": "30.06.2030"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"version": edited["version"], "responsible": "nobody"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!([1, 2]), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let r = h
            .api(
                &anna,
                "PUT",
                &format!("/api/v1/cases/{id}"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
    }
    // Close: no more notes; reopen.
    let r = h
        .api(&bob, "POST", &format!("/api/v1/cases/{id}/close"), None)
        .await;
    assert_eq!(
        (
            r.status,
            r.json()["status"].clone(),
            r.json()["closed_by"].clone()
        ),
        (StatusCode::OK, json!("closed"), json!("bob")),
        "{}",
        r.text()
    );
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{id}/notes"),
            Some(json!({"text": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/cases/{id}/reopen"),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = h
        .api(&anna, "POST", &format!("/api/v1/cases/{id}/reopen"), None)
        .await;
    assert_eq!(r.json()["status"], "open", "{}", r.text());
    // Bad input, and anna's private contact as counterparty or person: not found, no leak.
    for (body, status) in [
        (json!({"title": "x"}), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!({"title": "x", "counterparty": secret}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"title": "x", "counterparty": org, "person": secret}),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let r = h
            .api(&bob, "POST", "/api/v1/cases", Some(body.clone()))
            .await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        assert!(!r.text().contains("Zygfryd"), "{body} leaks: {}", r.text());
    }
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{id}/items"),
            Some(json!({"article": "Biurko", "quantity": -1, "unit_price": 5})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h.api(&bob, "GET", "/api/v1/cases/999999", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = h
        .api(&bob, "GET", "/api/v1/cases?status=pending", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        h.api(&bob, "GET", "/api/v1/cases?status=all", None)
            .await
            .json()["total"],
        1
    );
}
