//! Cases fully in the web UI (issue 13, item 3): numbers typed by hand, counterparty and
//! person picked by name, refused forms that come back with the field marked and what was
//! typed kept, case kinds on a settings page, items and detail entries edited, document
//! numbers per kind; and the same through the JSON API.

use crate::common;

use axum::http::StatusCode;
use common::{multipart, Client, Harness};
use serde_json::json;

fn number_after(html: &str, prefix: &str) -> i64 {
    let at = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {html}"));
    html[at + prefix.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no number after {prefix}"))
}

fn year(h: &Harness) -> i32 {
    use chrono::Datelike;
    h.state
        .service()
        .today()
        .unwrap_or_else(|e| panic!("{e}"))
        .year()
}

async fn organisation_in(h: &Harness, c: &Client, book: &str, name: &str) -> i64 {
    let r = h
        .post(
            c,
            "/contacts",
            &[("book", book), ("kind", "organisation"), ("org_name", name)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    number_after(&r.location(), "/contacts/")
}

async fn organisation(h: &Harness, c: &Client, name: &str) -> i64 {
    organisation_in(h, c, "business", name).await
}

/// The value of the input named `name` on a page.
fn value_of(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name} in {html}"));
    let tag_start = html[..at].rfind('<').unwrap_or(0);
    let tag_end = at + html[at..].find('>').unwrap_or(0);
    let tag = &html[tag_start..tag_end];
    tag.split("value=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or("")
        .to_string()
}

/// Whether the input named `name` is marked as refused.
fn marked(html: &str, name: &str) -> bool {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name}"));
    let tag_start = html[..at].rfind('<').unwrap_or(0);
    let tag_end = at + html[at..].find('>').unwrap_or(0);
    html[tag_start..tag_end].contains("aria-invalid=\"true\"")
}

#[tokio::test]
async fn a_case_number_is_proposed_typed_by_hand_and_a_used_one_comes_back_on_the_form() {
    let (h, anna, _bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Kowalski Sp. z o.o.").await;
    let y = year(&h);
    let form = h.get(&anna, "/cases/new").await.text();
    assert_eq!(value_of(&form, "number"), format!("{y}/0001"));
    assert!(form.contains("YYYY/NNNN"), "the pattern is shown");
    // The proposal sent back unchanged takes the next free number.
    let first = format!("{y}/0001");
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("number", &first),
                ("proposed", &first),
                ("title", "Pierwsza"),
                ("counterparty", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    // Typed by hand, without the leading zeros.
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("number", &format!("{y}/7")),
                ("title", "Siódma"),
                ("counterparty", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &r.location()).await.text();
    assert!(page.contains(&format!("{y}/0007")), "{page}");
    assert_eq!(
        value_of(&h.get(&anna, "/cases/new").await.text(), "number"),
        format!("{y}/0008")
    );
    // A used number: the form again, the field marked, everything typed kept.
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("number", &format!("{y}/0007")),
                ("title", "Dostawa krzeseł"),
                ("counterparty", &org.to_string()),
                ("external_number", "ZAM/9"),
                ("deadline", "2030-06-30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(page.contains("id=\"case-form\""), "{page}");
    assert!(marked(&page, "number"), "{page}");
    assert!(page.contains("already used"), "{page}");
    assert_eq!(value_of(&page, "title"), "Dostawa krzeseł");
    assert_eq!(value_of(&page, "external_number"), "ZAM/9");
    assert_eq!(value_of(&page, "deadline"), "2030-06-30");
    assert_eq!(value_of(&page, "number"), format!("{y}/0007"));
    // A number off the pattern says what the pattern is.
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("number", "siedem"),
                ("title", "x"),
                ("counterparty", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("YYYY/NNNN") && marked(&r.text(), "number"));
    // An admin changes the pattern; the form proposes numbers after it.
    let r = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/case-numbers/next?date={y}-05-01"),
            None,
        )
        .await;
    assert_eq!(r.json()["number"], format!("{y}/0008"), "{}", r.text());
    h.state
        .service()
        .set_setting(
            &h.state
                .service()
                .local_actor("anna")
                .unwrap_or_else(|e| panic!("{e}")),
            "case.number_pattern",
            "ZK/NNNNN",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let form = h.get(&anna, "/cases/new").await.text();
    assert_eq!(value_of(&form, "number"), "ZK/00001");
}

#[tokio::test]
async fn a_counterparty_typed_by_name_is_found_or_the_form_lists_the_candidates() {
    let (h, anna, bob) = Harness::two_users().await;
    let one = organisation(&h, &anna, "Kowalski Sp. z o.o.").await;
    let two = organisation(&h, &anna, "Kowalski Serwis").await;
    let person = h
        .create(
            &anna,
            "business",
            &[
                ("given", "Łukasz"),
                ("family", "Nowak"),
                ("org_id", &two.to_string()),
            ],
        )
        .await;
    let secret = organisation_in(&h, &anna, "private", "Kowalski Tajemniczy").await;
    // Several match: the form again with both, nothing lost.
    let r = h
        .post(
            &anna,
            "/cases",
            &[("title", "Dostawa biurek"), ("counterparty", "kowalski")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let page = r.text();
    assert!(marked(&page, "counterparty"), "{page}");
    assert!(
        page.contains(&format!("Kowalski Sp. z o.o. (#{one})")),
        "{page}"
    );
    assert!(
        page.contains(&format!("Kowalski Serwis (#{two})")),
        "{page}"
    );
    assert!(
        !page.contains("Tajemniczy"),
        "a private contact is never offered"
    );
    assert_eq!(value_of(&page, "title"), "Dostawa biurek");
    assert_eq!(value_of(&page, "counterparty"), "kowalski");
    // None match.
    let r = h
        .post(
            &anna,
            "/cases",
            &[("title", "x"), ("counterparty", "Nikt Taki")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("no business contact"), "{}", r.text());
    // A suggestion as the browser sends it, and the person by name.
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("title", "Serwis"),
                ("counterparty", &format!("Kowalski Serwis (#{two})")),
                ("person", "łukasz"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let case = number_after(&r.location(), "/cases/");
    let page = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(page.contains("Łukasz Nowak") && page.contains("Kowalski Serwis"));
    let edit = h.get(&anna, &format!("/cases/{case}/edit")).await.text();
    assert_eq!(
        value_of(&edit, "person"),
        format!("Łukasz Nowak (#{person})")
    );
    // A person who does not work at the counterparty: the field marked, the form kept.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}"),
            &[
                ("title", "Serwis 2"),
                ("counterparty", &one.to_string()),
                ("person", &person.to_string()),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "person") && value_of(&r.text(), "title") == "Serwis 2");
    // Another user's private contact by id: not found, on the form, nothing of it shown.
    let r = h
        .post(
            &bob,
            "/cases",
            &[("title", "Próba"), ("counterparty", &secret.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let page = r.text();
    assert!(page.contains("id=\"case-form\"") && marked(&page, "counterparty"));
    assert_eq!(value_of(&page, "title"), "Próba");
    assert!(!page.contains("Tajemniczy"));
    // The suggestions: business contacts only, for their owner too.
    for who in [&anna, &bob] {
        let r = h
            .api(who, "GET", "/api/v1/case-parties?q=kowal", None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let labels: Vec<String> = r.json()["candidates"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|c| c["label"].as_str().unwrap_or("").to_string())
            .collect();
        assert!(
            labels.contains(&format!("Kowalski Serwis (#{two})")),
            "{labels:?}"
        );
        assert!(
            !labels.iter().any(|l| l.contains("Tajemniczy")),
            "{labels:?}"
        );
    }
    let r = h
        .api(
            &anna,
            "GET",
            &format!("/api/v1/case-parties?org={two}"),
            None,
        )
        .await;
    assert_eq!(r.json()["candidates"][0]["id"], person);
    let r = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/case-parties?org={secret}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The page script asks for them.
    let form = h.get(&anna, "/cases/new").await.text();
    assert!(form.contains("data-party=\"counterparty\"") && form.contains("data-party=\"person\""));
    let js = h.get(&anna, "/static/app.js").await.text();
    assert!(js.contains("/api/v1/case-parties"));
}

#[tokio::test]
async fn case_kinds_are_managed_on_a_settings_page_and_kept_while_in_use() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let r = h
        .post(
            &bob,
            "/settings/case-kinds/add",
            &[("name", "Proces klienta")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&bob, "/settings/case-kinds").await.text();
    assert!(page.contains("Proces klienta"), "{page}");
    let kind = number_after(&page, "/settings/case-kinds/");
    // A second kind of the same name: the page again with the name kept.
    let r = h
        .post(
            &bob,
            "/settings/case-kinds/add",
            &[("name", "proces KLIENTA")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("already") && r.text().contains("value=\"proces KLIENTA\""));
    let r = h
        .post(
            &bob,
            "/cases",
            &[
                ("title", "Dostawa"),
                ("counterparty", &org.to_string()),
                ("kind", &kind.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let case = number_after(&r.location(), "/cases/");
    let r = h
        .post(
            &anna,
            &format!("/settings/case-kinds/{kind}/rename"),
            &[("name", "Proces dostawcy")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(h
        .get(&anna, &format!("/cases/{case}"))
        .await
        .text()
        .contains("Proces dostawcy"));
    // The kinds page links to the cases of each kind.
    let listed = h
        .get(&anna, &format!("/cases?status=all&kind={kind}"))
        .await
        .text();
    assert!(listed.contains("Dostawa"), "{listed}");
    let other = h.get(&anna, "/cases?status=all&kind=999").await.text();
    assert!(!other.contains("Dostawa"), "{other}");
    // In use: refused with a clear message on the page; the kind stays.
    let r = h
        .post(&anna, &format!("/settings/case-kinds/{kind}/remove"), &[])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("used by 1 case"), "{}", r.text());
    assert!(h
        .get(&anna, "/settings/case-kinds")
        .await
        .text()
        .contains("Proces dostawcy"));
    // Once no case has it, it goes.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}"),
            &[
                ("title", "Dostawa"),
                ("counterparty", &org.to_string()),
                ("kind", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h
        .post(&anna, &format!("/settings/case-kinds/{kind}/remove"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!h
        .get(&anna, "/settings/case-kinds")
        .await
        .text()
        .contains("Proces dostawcy"));
    // The number pattern: admins only, checked, shown with the next number.
    let r = h
        .post(
            &bob,
            "/settings/case-number-pattern",
            &[("pattern", "ZK/NNNN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = h
        .post(
            &anna,
            "/settings/case-number-pattern",
            &[("pattern", "YYYY/YY")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "pattern") && value_of(&r.text(), "pattern") == "YYYY/YY");
    let r = h
        .post(
            &anna,
            "/settings/case-number-pattern",
            &[("pattern", "ZK/YYYY/NNNNN")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&bob, "/settings/case-kinds").await.text();
    // The year's sequence goes on under the new pattern (one case so far).
    assert!(page.contains(&format!("ZK/{}/00002", year(&h))), "{page}");
    // Polish.
    let pl = Client {
        cookie: format!("{}; lang=pl", anna.cookie),
        csrf: anna.csrf.clone(),
    };
    assert!(h
        .get(&pl, "/settings/case-kinds")
        .await
        .text()
        .contains("Rodzaje spraw"));
}

#[tokio::test]
async fn items_and_entries_are_edited_and_documents_take_numbers() {
    let (h, anna, _bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let r = h
        .post(
            &anna,
            "/cases",
            &[("title", "Biurka"), ("counterparty", &org.to_string())],
        )
        .await;
    let case = number_after(&r.location(), "/cases/");
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/items"),
            &[
                ("article", "Biurko"),
                ("quantity", "3"),
                ("unit_price", "100"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let form = h.get(&anna, &format!("/cases/{case}/items/1")).await.text();
    assert_eq!(value_of(&form, "article"), "Biurko");
    // A wrong quantity: the form again with what was typed.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/items/1"),
            &[
                ("article", "Biurko narożne"),
                ("quantity", "trzy"),
                ("unit_price", "120"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "quantity") && value_of(&r.text(), "article") == "Biurko narożne");
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/items/1"),
            &[
                ("article", "Biurko narożne"),
                ("quantity", "4"),
                ("unit_price", "120"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(
        page.contains("Biurko narożne") && page.contains("480"),
        "{page}"
    );
    // A stale version is a conflict on the form.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/items/1"),
            &[
                ("article", "Stare"),
                ("quantity", "1"),
                ("unit_price", "1"),
                ("version", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.text().contains("id=\"item-form\""));
    // Notes edited; documents numbered per kind; a file with its date.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/notes"),
            &[("text", "Telefon od klienta")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    for symbol in ["OF", ""] {
        let r = h
            .post(
                &anna,
                &format!("/cases/{case}/documents"),
                &[
                    ("kind", "Oferta"),
                    ("symbol", symbol),
                    ("next_number", "1"),
                    ("at", "2026-11-02 10:00"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    }
    let r = h
        .post_multipart(
            &anna,
            &format!("/cases/{case}/files"),
            multipart(
                &[
                    ("_csrf", &anna.csrf),
                    ("note", "rysunek"),
                    ("at", "2026-10-15 08:30"),
                ],
                Some(("file", "plan.txt", "text/plain", b"plan")),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(
        page.contains("OF 1/2026") && page.contains("2/2026"),
        "{page}"
    );
    let file = number_after(
        &page[page.find("plan.txt").unwrap_or(0).saturating_sub(400)..],
        "/case-details/",
    );
    let form = h.get(&anna, &format!("/case-details/{file}")).await.text();
    assert!(value_of(&form, "at").contains("08:30"), "{form}");
    assert_eq!(value_of(&form, "name"), "plan.txt");
    let note = number_after(
        &page[page.find("Telefon od klienta").unwrap_or(0)..],
        "/case-details/",
    );
    let form = h.get(&anna, &format!("/case-details/{note}")).await.text();
    let version = value_of(&form, "version");
    let r = h
        .post(
            &anna,
            &format!("/case-details/{note}"),
            &[
                ("text", "Telefon: klient chce rabat"),
                ("at", "bad date"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "at") && value_of(&r.text(), "text") == "Telefon: klient chce rabat");
    let at = value_of(&form, "at");
    let r = h
        .post(
            &anna,
            &format!("/case-details/{note}"),
            &[
                ("text", "Telefon: klient chce rabat"),
                ("at", &at),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(h
        .get(&anna, &format!("/cases/{case}"))
        .await
        .text()
        .contains("klient chce rabat"));
}

#[tokio::test]
async fn the_api_types_numbers_manages_kinds_and_edits_items_and_entries() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let y = year(&h);
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "A", "counterparty": org, "number": format!("{y}/12")})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["number"], format!("{y}/0012"));
    let case = r.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "B", "counterparty": org, "number": format!("{y}/0012")})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(r.text().contains("number"), "{}", r.text());
    let r = h.api(&bob, "GET", "/api/v1/case-numbers/next", None).await;
    assert_eq!(r.json()["number"], format!("{y}/0013"));
    assert_eq!(r.json()["pattern"], "YYYY/NNNN");
    let r = h
        .api(
            &bob,
            "PUT",
            "/api/v1/case-numbers/pattern",
            Some(json!({"pattern": "ZK/NNNN"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let r = h
        .api(
            &anna,
            "PUT",
            "/api/v1/case-numbers/pattern",
            Some(json!({"pattern": "NN/NN"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    let r = h
        .api(
            &anna,
            "PUT",
            "/api/v1/case-numbers/pattern",
            Some(json!({"pattern": "YYYY/NNNN"})),
        )
        .await;
    assert_eq!(r.json()["number"], format!("{y}/0013"), "{}", r.text());
    // Kinds.
    let r = h
        .api(
            &bob,
            "POST",
            "/api/v1/case-kinds",
            Some(json!({"name": "Serwis"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let kind = r.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &bob,
            "PUT",
            &format!("/api/v1/cases/{case}"),
            Some(json!({"version": 1, "kind": kind})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = h
        .api(
            &bob,
            "PUT",
            "/api/v1/case-kinds/serwis",
            Some(json!({"name": "Serwis gwarancyjny"})),
        )
        .await;
    assert_eq!(r.json()["cases"], 1, "{}", r.text());
    let r = h
        .api(&bob, "DELETE", &format!("/api/v1/case-kinds/{kind}"), None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("used by 1 case"), "{}", r.text());
    let r = h.api(&bob, "GET", "/api/v1/case-kinds", None).await;
    assert_eq!(r.json()[0]["name"], "Serwis gwarancyjny");
    // Items.
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/cases/{case}/items"),
            Some(json!({"article": "Toner", "quantity": 2, "unit_price": "10,50"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let version = r.json()["version"].as_u64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/cases/{case}/items/1"),
            Some(json!({"quantity": 3, "version": version})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["items"][0]["total"], "31.50");
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/cases/{case}/items/1"),
            Some(json!({"quantity": 4, "version": version})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    let r = h
        .api(
            &anna,
            "DELETE",
            &format!("/api/v1/cases/{case}/items/1"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(0));
    // Documents and entries.
    let r = h
        .api(
            &anna,
            "POST",
            &format!("/api/v1/cases/{case}/documents"),
            Some(json!({"kind": "Faktura", "symbol": "FV", "next_number": true, "at": "2026-11-03 09:00"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(r.json()["symbol"], "FV 1/2026");
    let doc = r.json()["id"].as_i64().unwrap_or(0);
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/case-details/{doc}"),
            Some(json!({"version": 1, "content": "Zaliczka"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (r.json()["content"].as_str(), r.json()["symbol"].as_str()),
        (Some("Zaliczka"), Some("FV 1/2026"))
    );
    let r = h
        .api(
            &anna,
            "PUT",
            &format!("/api/v1/case-details/{doc}"),
            Some(json!({"version": 1, "content": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert_eq!(r.json()["current"]["content"], "Zaliczka");
    let r = h
        .api(&bob, "GET", &format!("/api/v1/case-details/{doc}"), None)
        .await;
    assert_eq!(r.json()["kind"], "Faktura");
    // A file entry: raw bytes, with its date.
    let req = axum::http::Request::post(format!(
        "/api/v1/cases/{case}/files?name=plan.txt&note=rysunek&at=2026-10-15%2008:30"
    ))
    .header(axum::http::header::COOKIE, &anna.cookie)
    .header("x-csrf-token", &anna.csrf)
    .header(axum::http::header::CONTENT_TYPE, "text/plain")
    .body(axum::body::Body::from("plan biura"))
    .unwrap_or_else(|e| panic!("{e}"));
    let r = h.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert_eq!(
        (r.json()["name"].as_str(), r.json()["size"].as_u64()),
        (Some("plan.txt"), Some(10))
    );
    assert!(
        r.json()["at"]
            .as_str()
            .unwrap_or("")
            .starts_with("2026-10-15T"),
        "{}",
        r.text()
    );
    let r = h
        .api(&bob, "DELETE", &format!("/api/v1/case-details/{doc}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = h
        .api(&bob, "GET", &format!("/api/v1/case-details/{doc}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn case_tasks_are_on_the_case_the_agenda_and_the_assignees_list() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let r = h
        .post(
            &anna,
            "/cases",
            &[
                ("title", "Serwis drukarek"),
                ("counterparty", &org.to_string()),
            ],
        )
        .await;
    let case = number_after(&r.location(), "/cases/");
    let today = h.state.service().today().unwrap_or_else(|e| panic!("{e}"));
    let at = format!("{today} 23:30");
    // A refused task keeps what was typed.
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/reminders"),
            &[
                ("at", "jutro"),
                ("text", "Przegląd drukarki"),
                ("assignee", "bob"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
    assert!(marked(&r.text(), "at") && value_of(&r.text(), "text") == "Przegląd drukarki");
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/reminders"),
            &[
                ("at", &at),
                ("text", "Przegląd drukarki"),
                ("assignee", "bob"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = h.get(&anna, &format!("/cases/{case}")).await.text();
    let tasks = &page[page.find("id=\"tasks\"").unwrap_or(0)..];
    assert!(
        tasks.contains("Przegląd drukarki") && tasks.contains("bob"),
        "{page}"
    );
    let mine = h.get(&bob, "/reminders?mine=1").await.text();
    assert!(mine.contains("Przegląd drukarki"), "{mine}");
    let agenda = h.get(&bob, "/agenda").await.text();
    assert!(agenda.contains("Przegląd drukarki"), "{agenda}");
    assert!(
        agenda.contains(&format!("href=\"/cases/{case}\"")),
        "{agenda}"
    );
    let api = h
        .api(
            &bob,
            "GET",
            &format!("/api/v1/cases/{case}/reminders"),
            None,
        )
        .await;
    assert_eq!(api.json()[0]["text"], "Przegląd drukarki", "{}", api.text());
    assert_eq!(api.json()[0]["case_id"], case, "{}", api.text());
    let r = h
        .api(
            &bob,
            "POST",
            &format!("/api/v1/cases/{case}/reminders"),
            Some(json!({"text": "bez daty"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text());
}

/// Closing a case asks first on a page of its own (issue 14 item 5): which case, and what
/// closing means; opening that page changes nothing, confirming closes, and a closed case
/// has no such step.
#[tokio::test]
async fn closing_a_case_asks_first_on_its_own_page() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let r = h
        .api(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "Dostawa krzeseł", "counterparty": org})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let case = r.json()["id"].as_i64().unwrap_or(0);
    let number = r.json()["number"].as_str().unwrap_or("").to_string();
    let close = format!("/cases/{case}/close");
    let view = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(view.contains(&format!("href=\"{close}\"")), "{view}");
    assert!(
        !view.contains(&format!("action=\"{close}\"")),
        "the case page itself does not close"
    );
    let r = h.get(&bob, &close).await;
    assert_eq!(r.status, StatusCode::OK);
    let page = r.text();
    for want in [
        "Close this case?",
        "Dostawa krzeseł",
        number.as_str(),
        "reopened",
    ] {
        assert!(page.contains(want), "'{want}' missing: {page}");
    }
    assert!(page.contains(&format!("action=\"{close}\"")), "{page}");
    let still = h
        .api(&anna, "GET", &format!("/api/v1/cases/{case}"), None)
        .await;
    assert_eq!(still.json()["status"], "open", "{}", still.text());
    let version = value_of(&page, "version");
    let r = h.post(&bob, &close, &[("version", &version)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let closed = h
        .api(&anna, "GET", &format!("/api/v1/cases/{case}"), None)
        .await;
    assert_ne!(closed.json()["status"], "open", "{}", closed.text());
    let r = h.get(&anna, &close).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.text().contains("already closed"), "{}", r.text());
}

/// Removing an item or a detail entry of a case asks first on a page of its own (issue 14
/// item 5), not through a script's dialog: the case page links to the step, opening it
/// changes nothing, confirming removes.
#[tokio::test]
async fn removing_an_item_or_an_entry_asks_first_on_its_own_page() {
    let (h, anna, bob) = Harness::two_users().await;
    let org = organisation(&h, &anna, "Hurtownia Żak").await;
    let r = h
        .post(
            &anna,
            "/cases",
            &[("title", "Biurka"), ("counterparty", &org.to_string())],
        )
        .await;
    let case = number_after(&r.location(), "/cases/");
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/items"),
            &[
                ("article", "Biurko dębowe"),
                ("quantity", "3"),
                ("unit_price", "100"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h
        .post(
            &anna,
            &format!("/cases/{case}/notes"),
            &[("text", "Telefon od klienta w sprawie dostawy")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view = h.get(&anna, &format!("/cases/{case}")).await.text();
    let item = format!("/cases/{case}/items/1/remove");
    assert!(view.contains(&format!("href=\"{item}\"")), "{view}");
    assert!(!view.contains(&format!("action=\"{item}\"")), "{view}");
    let detail = number_after(&view, "href=\"/case-details/");
    let entry = format!("/case-details/{detail}/remove");
    assert!(view.contains(&format!("href=\"{entry}\"")), "{view}");
    assert!(!view.contains(&format!("action=\"{entry}\"")), "{view}");
    assert!(!view.contains("data-confirm"), "{view}");

    let r = h.get(&bob, &item).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    for want in [
        "Remove this item from the case?",
        "Biurko dębowe",
        "cannot be undone",
    ] {
        assert!(page.contains(want), "'{want}' missing: {page}");
    }
    assert!(page.contains(&format!("action=\"{item}\"")), "{page}");
    let r = h.get(&bob, &entry).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let page = r.text();
    for want in ["Remove this entry from the case?", "Telefon od klienta"] {
        assert!(page.contains(want), "'{want}' missing: {page}");
    }
    assert!(page.contains(&format!("action=\"{entry}\"")), "{page}");
    // Opening the steps removed nothing.
    let view = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(view.contains("Biurko dębowe") && view.contains("Telefon od klienta"));
    // A line that does not exist has no step.
    let r = h.get(&anna, &format!("/cases/{case}/items/7/remove")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Confirming removes.
    let r = h.post(&bob, &item, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = h.post(&bob, &entry, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let view = h.get(&anna, &format!("/cases/{case}")).await.text();
    assert!(!view.contains("Biurko dębowe"), "{view}");
    assert!(!view.contains("Telefon od klienta"), "{view}");
}
