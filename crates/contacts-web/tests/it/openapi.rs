//! Real API responses checked against the schemas of the OpenAPI document the server
//! serves (`/api/v1/openapi.json`): a field the document calls an integer that comes back
//! as text, a required field that is missing, fails here. So does a request body the server
//! accepted that its documented request schema would refuse. `web::the_openapi_document_lists_every_route`
//! checks the document against the routes, both ways. The document is OpenAPI 3.1, whose
//! schema objects are JSON Schema (2020-12), so they are validated as they are.
//!
//! The served document is assembled from the hand-written paths (`assets/openapi.json`)
//! and the schemas derived from the wire types (`contacts-wire`);
//! `the_served_document_is_the_hand_written_paths_plus_the_wire_schemas` checks the seam.

use crate::common;
use crate::web::template_matches;

use axum::http::StatusCode;
use common::{Client, Harness};
use contacts_core::memory::MemoryStore;
use serde_json::{json, Value};

/// The documented JSON schema of `method path`'s `status` answer.
fn documented(spec: &Value, method: &str, path: &str, status: StatusCode) -> Value {
    let path = path.trim_start_matches("/api/v1");
    let path = path.split('?').next().unwrap_or(path);
    let ops = spec["paths"]
        .as_object()
        .and_then(|paths| {
            paths
                .iter()
                .find(|(t, _)| template_matches(t, path))
                .map(|(_, ops)| ops.clone())
        })
        .unwrap_or_else(|| panic!("{method} {path} is not in the document"));
    let schema = &ops[method.to_ascii_lowercase()]["responses"][status.as_str()]["content"]
        ["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status}: the document gives no JSON schema"
    );
    schema.clone()
}

/// Checks a real answer against its documented schema (`$ref`s resolve in the document);
/// what is wrong, one line each.
fn check(spec: &Value, method: &str, path: &str, status: StatusCode, body: &Value) -> Vec<String> {
    let mut root = match documented(spec, method, path, status) {
        Value::Object(m) => m,
        other => panic!("schema of {method} {path} is {other}"),
    };
    root.insert("components".into(), spec["components"].clone());
    let validator = jsonschema::validator_for(&Value::Object(root))
        .unwrap_or_else(|e| panic!("{method} {path}: the document's schema is broken: {e}"));
    validator
        .iter_errors(body)
        .map(|e| format!("{method} {path}: {e} at {}", e.instance_path()))
        .collect()
}

/// The documented JSON schema of `method path`'s request body, if it takes JSON.
fn documented_request(spec: &Value, method: &str, path: &str) -> Option<Value> {
    let path = path.trim_start_matches("/api/v1");
    let path = path.split('?').next().unwrap_or(path);
    let ops = spec["paths"]
        .as_object()?
        .iter()
        .find(|(t, _)| template_matches(t, path))
        .map(|(_, ops)| ops.clone())?;
    let schema =
        &ops[method.to_ascii_lowercase()]["requestBody"]["content"]["application/json"]["schema"];
    schema.is_object().then(|| schema.clone())
}

/// Checks a request body the server accepted against the documented request schema; what
/// is wrong, one line each. A JSON body sent to an operation documented without one is
/// wrong too.
fn check_request(spec: &Value, method: &str, path: &str, body: &Value) -> Vec<String> {
    let Some(Value::Object(mut root)) = documented_request(spec, method, path) else {
        return vec![format!(
            "{method} {path}: takes a JSON body the document does not describe"
        )];
    };
    root.insert("components".into(), spec["components"].clone());
    let validator = jsonschema::validator_for(&Value::Object(root)).unwrap_or_else(|e| {
        panic!("{method} {path}: the document's request schema is broken: {e}")
    });
    validator
        .iter_errors(body)
        .map(|e| format!("{method} {path} (request): {e} at {}", e.instance_path()))
        .collect()
}

/// Calls routes and keeps what their answers (and the bodies they accepted) got wrong.
struct Checker<'a> {
    h: &'a Harness<MemoryStore>,
    spec: &'a Value,
    wrong: Vec<String>,
}

impl Checker<'_> {
    async fn call(
        &mut self,
        c: &Client,
        method: &str,
        path: &str,
        body: Option<Value>,
        status: StatusCode,
    ) -> Value {
        if let (Some(b), true) = (&body, status.is_success()) {
            self.wrong.extend(check_request(self.spec, method, path, b));
        }
        let r = self.h.api(c, method, path, body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.text());
        let json = r.json();
        self.wrong
            .extend(check(self.spec, method, path, status, &json));
        json
    }

    /// Like [`Checker::call`] for an answer without a documented JSON body (204, a file):
    /// only the request is checked.
    async fn send(
        &mut self,
        c: &Client,
        method: &str,
        path: &str,
        body: Value,
        status: StatusCode,
    ) {
        if status.is_success() {
            self.wrong
                .extend(check_request(self.spec, method, path, &body));
        }
        let r = self.h.api(c, method, path, Some(body)).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.text());
    }
}

#[tokio::test]
async fn real_answers_match_the_documented_schemas() {
    let (h, anna, _bob) = Harness::two_users().await;
    let spec = h
        .api(&anna, "GET", "/api/v1/openapi.json", None)
        .await
        .json();
    // The request check bites: a book that is a number, or a contact that is missing.
    assert!(!check_request(
        &spec,
        "POST",
        "/api/v1/contacts",
        &json!({"book": 5, "contact": {}})
    )
    .is_empty());
    assert!(!check_request(&spec, "PUT", "/api/v1/contacts/1", &json!({"version": 1})).is_empty());
    let mut k = Checker {
        h: &h,
        spec: &spec,
        wrong: Vec::new(),
    };
    let created = StatusCode::CREATED;
    let ok = StatusCode::OK;
    // Something in every list: a business organisation and a person with every kind of
    // value, a reminder, a case.
    let org = k
        .call(
            &anna,
            "POST",
            "/api/v1/contacts",
            Some(json!({
                "book": "business",
                "contact": {"kind": "organisation", "org_name": "Kowalski Sp. z o.o."}
            })),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    let person = k.call(&anna, "POST", "/api/v1/contacts", Some(json!({
        "book": "business",
        "contact": {
            "name": {"given": "Łukasz", "family": "Żółć"},
            "org_id": org,
            "emails": [{"label": "work", "value": "l.zolc@firma.pl"}],
            "phones": [{"label": "mobile", "value": "601 234 567"}],
            "addresses": [{"street": "Długa 5", "postal_code": "00-238", "locality": "Warszawa"}],
            "birthday": "1980-03-14",
            "nameday": "03-14",
            "notes": "Klient od 2010"
        }
    })), created)
    .await["id"]
        .as_i64()
        .unwrap_or(0);
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/contacts/{person}/reminders"),
        Some(json!({"at": "2030-01-02 09:30", "text": "Zadzwonić"})),
        created,
    )
    .await;
    let case = k
        .call(
            &anna,
            "POST",
            "/api/v1/cases",
            Some(json!({"title": "Dostawa biurek", "counterparty": org, "deadline": "2030-06-30"})),
            created,
        )
        .await;
    let case_id = case["case"]["id"]
        .as_i64()
        .or_else(|| case["id"].as_i64())
        .unwrap_or(0);
    let meeting = k
        .call(
            &anna,
            "POST",
            "/api/v1/meetings",
            Some(json!({"title": "Oferta", "start": "2030-01-02 10:00", "minutes": 45,
                "place": "Kraków", "contact_id": person, "case": case_id, "participants": ["anna", "bob"]})),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/meetings/{meeting}"),
        Some(json!({"version": 1, "minutes": 30})),
        ok,
    )
    .await;
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/contacts/{person}/alerts/birthday"),
        Some(json!({"days_before": 3})),
        ok,
    )
    .await;
    let entry = k
        .call(
            &anna,
            "POST",
            &format!("/api/v1/contacts/{org}/history"),
            Some(json!({"kind": "telefon", "text": "Pytali o rabat"})),
            created,
        )
        .await;
    for path in [
        format!("/api/v1/contacts/{org}/history"),
        format!("/api/v1/history/{}", entry["id"]),
        "/api/v1/me/due".to_string(),
        "/api/v1/meetings".to_string(),
        format!("/api/v1/meetings/{meeting}"),
        format!("/api/v1/contacts/{person}/alerts"),
        "/api/v1/agenda?date=2030-01-01&days=7".to_string(),
        "/api/v1/agenda?date=2030-03-10&days=7".to_string(),
        "/api/v1/me".to_string(),
        "/api/v1/contacts?book=business".to_string(),
        format!("/api/v1/contacts/{person}"),
        format!("/api/v1/contacts/{person}/attachments"),
        format!("/api/v1/contacts/{person}/reminders"),
        "/api/v1/categories".to_string(),
        "/api/v1/lists/groups".to_string(),
        "/api/v1/fields".to_string(),
        "/api/v1/users".to_string(),
        "/api/v1/upcoming?days=366".to_string(),
        "/api/v1/agenda".to_string(),
        "/api/v1/reminders?due=all".to_string(),
        "/api/v1/cases".to_string(),
        format!("/api/v1/cases/{case_id}"),
        "/api/v1/namedays?name=Anna".to_string(),
        "/api/v1/namedays?date=03-14".to_string(),
    ] {
        k.call(&anna, "GET", &path, None, ok).await;
    }
    // Case numbers, parties, kinds, documents, item and entry edits.
    k.call(&anna, "GET", "/api/v1/case-numbers/next", None, ok)
        .await;
    k.call(&anna, "GET", "/api/v1/case-parties?q=kowalski", None, ok)
        .await;
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/case-parties?org={org}"),
        None,
        ok,
    )
    .await;
    let kind = k
        .call(
            &anna,
            "POST",
            "/api/v1/case-kinds",
            Some(json!({"name": "Serwis"})),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/case-kinds/{kind}"),
        Some(json!({"name": "Serwis gwarancyjny"})),
        ok,
    )
    .await;
    k.call(&anna, "GET", "/api/v1/case-kinds", None, ok).await;
    let doc = k
        .call(
            &anna,
            "POST",
            &format!("/api/v1/cases/{case_id}/documents"),
            Some(json!({"kind": "Oferta", "next_number": true})),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/case-details/{doc}"),
        Some(json!({"version": 1, "content": "Oferta na biurka"})),
        ok,
    )
    .await;
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/case-details/{doc}"),
        None,
        ok,
    )
    .await;
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/items"),
        Some(json!({"article": "Biurko", "quantity": 2, "unit_price": 100})),
        created,
    )
    .await;
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/cases/{case_id}/items/1"),
        Some(json!({"quantity": 3})),
        ok,
    )
    .await;
    let fc = k
        .call(&anna, "GET", "/api/v1/reports/forecast.json", None, ok)
        .await;
    assert_eq!(fc["report"], "forecast", "{fc}");
    // The case holds 3 × 100.00 now.
    let value = fc["columns"]
        .as_array()
        .and_then(|c| c.iter().position(|x| x == "value"))
        .unwrap_or(usize::MAX);
    let money = fc["rows"][0][value].as_str().unwrap_or("");
    assert_eq!(money, "300.00", "{fc}");
    k.call(
        &anna,
        "DELETE",
        &format!("/api/v1/cases/{case_id}/items/1"),
        None,
        ok,
    )
    .await;
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/reminders"),
        Some(json!({"at": "2030-01-03 09:00", "text": "Przegląd", "assignee": "bob"})),
        created,
    )
    .await;
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/cases/{case_id}/reminders"),
        None,
        ok,
    )
    .await;
    // Companies, account managers, takeover.
    let me = k.call(&anna, "GET", "/api/v1/me", None, ok).await;
    let anna_id = me["id"].as_i64().unwrap_or(0);
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/contacts/{org}/people"),
        None,
        ok,
    )
    .await;
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/contacts/{org}/client"),
        None,
        ok,
    )
    .await;
    let facts = k
        .call(
            &anna,
            "PUT",
            &format!("/api/v1/contacts/{org}/account-manager"),
            Some(json!({"user_id": anna_id})),
            ok,
        )
        .await;
    assert_eq!(facts["account_manager"]["name"], "anna", "{facts}");
    k.call(
        &anna,
        "POST",
        "/api/v1/account-managers",
        Some(json!({"contacts": [org, person], "user_id": anna_id})),
        ok,
    )
    .await;
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/contacts?manager={anna_id}&not_contacted_for=30"),
        None,
        ok,
    )
    .await;
    let dry = k
        .call(
            &anna,
            "POST",
            "/api/v1/takeover",
            Some(json!({"from": "anna", "to": "bob", "dry_run": true})),
            ok,
        )
        .await;
    assert_eq!(dry["clients"].as_array().map(Vec::len), Some(2), "{dry}");
    // Reports as JSON: typed cells, money as exact strings, the activity's period.
    k.call(&anna, "GET", "/api/v1/reports/overdue.json", None, ok)
        .await;
    let act = k
        .call(
            &anna,
            "GET",
            "/api/v1/reports/activity.json?from=2026-01-01&to=2030-12-31",
            None,
            ok,
        )
        .await;
    assert_eq!(
        act["period"],
        json!({"from": "2026-01-01", "to": "2030-12-31"})
    );
    // A case's file entry given new content (the body is the file).
    let raw = |method: &str, path: String, body: &'static str| {
        axum::http::Request::builder()
            .method(method)
            .uri(path)
            .header(axum::http::header::COOKIE, &anna.cookie)
            .header("x-csrf-token", &anna.csrf)
            .header(axum::http::header::CONTENT_TYPE, "text/plain")
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let r = h
        .send(raw(
            "POST",
            format!("/api/v1/cases/{case_id}/files?name=plan.txt"),
            "plan 1",
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let file = r.json()["id"].as_i64().unwrap_or(0);
    let path = format!("/api/v1/case-details/{file}/content?version=1");
    let r = h.send(raw("PUT", path.clone(), "plan 2, nowy")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["size"], 12, "{}", r.text());
    k.wrong
        .extend(check(&spec, "PUT", &path, StatusCode::OK, &r.json()));
    // History with a file, and the case's timeline holding every kind of line: a note, a
    // document, a file entry and its counterparty's history.
    let r = h
        .send(raw(
            "POST",
            format!("/api/v1/contacts/{org}/history/file?name=oferta.txt&kind=e-mail&text=Oferta"),
            "oferta",
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let with_file = r.json();
    assert_eq!(
        with_file["files"][0]["href"],
        format!("/api/v1/history-files/{}", with_file["files"][0]["id"])
    );
    k.wrong.extend(check(
        &spec,
        "POST",
        &format!("/api/v1/contacts/{org}/history/file"),
        StatusCode::CREATED,
        &with_file,
    ));
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/history/{}", entry["id"]),
        Some(json!({"text": "Pytali o rabat 5%"})),
        ok,
    )
    .await;
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/notes"),
        Some(json!({"kind": "telefon", "text": "Oddzwonią"})),
        created,
    )
    .await;
    let view = k
        .call(&anna, "GET", &format!("/api/v1/cases/{case_id}"), None, ok)
        .await;
    let mut lines: Vec<String> = view["timeline"]
        .as_array()
        .map(|t| {
            t.iter()
                .map(|l| format!("{} {}", l["source"], l["type"]).replace('"', ""))
                .collect()
        })
        .unwrap_or_default();
    lines.sort();
    lines.dedup();
    assert_eq!(
        lines,
        [
            "detail document",
            "detail file",
            "detail note",
            "history null"
        ],
        "{view}"
    );
    k.call(&anna, "GET", "/api/v1/cases?status=all&limit=5", None, ok)
        .await;
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/close"),
        None,
        ok,
    )
    .await;
    let closed = k
        .call(&anna, "GET", "/api/v1/cases?status=closed", None, ok)
        .await;
    assert_eq!(closed["items"][0]["closed_by"], "anna", "{closed}");
    // Duplicates: a second Łukasz with his e-mail, found, merged and unmerged.
    let twin = k
        .call(
            &anna,
            "POST",
            "/api/v1/contacts",
            Some(json!({
                "book": "business",
                "contact": {"name": {"given": "Łukasz", "family": "Żółć"},
                    "emails": [{"label": "home", "value": "l.zolc@firma.pl"}]}
            })),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    let pairs = k
        .call(&anna, "GET", "/api/v1/duplicates?book=business", None, ok)
        .await;
    assert_eq!(pairs[0]["book"], "business", "{pairs}");
    let hints = k
        .call(
            &anna,
            "POST",
            "/api/v1/duplicates/check",
            Some(
                json!({"book": "business", "contact": {"emails": [{"value": "l.zolc@firma.pl"}]}}),
            ),
            ok,
        )
        .await;
    assert_eq!(hints.as_array().map(Vec::len), Some(2), "{hints}");
    k.call(
        &anna,
        "POST",
        "/api/v1/duplicates/merge",
        Some(json!({"keep": person, "other": twin})),
        ok,
    )
    .await;
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/contacts/{person}/unmerge"),
        None,
        ok,
    )
    .await;
    // An import: a summary with a refused card and a warning.
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ewa Import\r\nN:Import;Ewa;;;\r\nBDAY:zawsze\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";
    let r = h
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/v1/import?book=business&format=vcf&dry-run=true&name=k.vcf")
                .header(axum::http::header::COOKIE, &anna.cookie)
                .header("x-csrf-token", &anna.csrf)
                .header(axum::http::header::CONTENT_TYPE, "text/vcard")
                .body(axum::body::Body::from(cards))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let summary = r.json();
    assert_eq!(summary["dry_run"], true, "{summary}");
    k.wrong.extend(check(
        &spec,
        "POST",
        "/api/v1/import",
        StatusCode::OK,
        &summary,
    ));
    // Mailing: an audience, a preview, a campaign made (not sent) and read back.
    let r = h
        .post(
            &anna,
            "/mailing/settings",
            &[
                ("part", "smtp"),
                ("host", "127.0.0.1"),
                ("port", "2525"),
                ("security", "none"),
                ("from", "biuro@firma.pl"),
                ("rate", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let aud = k
        .call(
            &anna,
            "GET",
            "/api/v1/mailing/audience?book=business",
            None,
            ok,
        )
        .await;
    assert!(aud["matched"].as_u64().unwrap_or(0) >= 1, "{aud}");
    k.call(
        &anna,
        "POST",
        "/api/v1/mailing/preview",
        Some(json!({"subject": "Dla {{ given_name }}", "text": "Dzień dobry", "contact": person})),
        ok,
    )
    .await;
    let campaign = k
        .call(
            &anna,
            "POST",
            "/api/v1/mailing/campaigns",
            Some(json!({"audience": {"book": "business"}, "subject": "Zaproszenie", "text": "Zapraszamy"})),
            created,
        )
        .await["id"]
        .as_i64()
        .unwrap_or(0);
    k.call(
        &anna,
        "GET",
        &format!("/api/v1/mailing/campaigns/{campaign}"),
        None,
        ok,
    )
    .await;
    k.call(&anna, "GET", "/api/v1/mailing/campaigns", None, ok)
        .await;
    // Every other operation that takes a JSON body, with one the server accepts.
    let stored = k
        .call(
            &anna,
            "GET",
            &format!("/api/v1/contacts/{person}"),
            None,
            ok,
        )
        .await;
    k.call(
        &anna,
        "PUT",
        &format!("/api/v1/contacts/{person}"),
        Some(json!({"version": stored["version"], "contact": {
            "name": {"given": "Łukasz", "family": "Żółć"},
            "org_id": org,
            "job_title": "Prezes"
        }})),
        ok,
    )
    .await;
    let no_content = StatusCode::NO_CONTENT;
    k.send(
        &anna,
        "PUT",
        "/api/v1/categories/family",
        json!({"label": "Rodzina i bliscy"}),
        no_content,
    )
    .await;
    k.send(
        &anna,
        "POST",
        "/api/v1/lists/groups",
        json!({"name": "Targi 2027"}),
        created,
    )
    .await;
    k.send(
        &anna,
        "PUT",
        "/api/v1/lists/groups/Targi%202027",
        json!({"name": "Targi 2028"}),
        no_content,
    )
    .await;
    k.send(
        &anna,
        "POST",
        "/api/v1/fields",
        json!({"label": "Rabat", "type": "text"}),
        created,
    )
    .await;
    k.send(
        &anna,
        "PUT",
        "/api/v1/fields/Rabat",
        json!({"label": "Rabat stały"}),
        no_content,
    )
    .await;
    k.send(
        &anna,
        "POST",
        "/api/v1/users",
        json!({"name": "celina"}),
        created,
    )
    .await;
    k.send(
        &anna,
        "PUT",
        "/api/v1/users/celina",
        json!({"disabled": true}),
        ok,
    )
    .await;
    // The case was closed above: opened again, changed, closed.
    k.send(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/reopen"),
        json!({}),
        ok,
    )
    .await;
    let current = k
        .call(&anna, "GET", &format!("/api/v1/cases/{case_id}"), None, ok)
        .await;
    let version = current["case"]["version"]
        .as_u64()
        .or_else(|| current["version"].as_u64())
        .unwrap_or_else(|| panic!("no version in {current}"));
    k.send(
        &anna,
        "PUT",
        &format!("/api/v1/cases/{case_id}"),
        json!({"version": version, "title": "Dostawa biurek i krzeseł"}),
        ok,
    )
    .await;
    k.send(
        &anna,
        "POST",
        &format!("/api/v1/cases/{case_id}/close"),
        json!({}),
        ok,
    )
    .await;
    k.send(
        &anna,
        "POST",
        "/api/v1/mailing/dry-run",
        json!({"subject": "Dla {{ given_name }}", "text": "Dzień dobry", "audience": {"book": "business"}}),
        ok,
    )
    .await;
    k.send(
        &anna,
        "PUT",
        "/api/v1/case-numbers/pattern",
        json!({"pattern": "ZK/YYYY/NNNN"}),
        ok,
    )
    .await;
    // The trash: a deleted contact listed, restored, deleted again, emptied.
    let r = h
        .api(&anna, "DELETE", &format!("/api/v1/contacts/{person}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let trash = k.call(&anna, "GET", "/api/v1/trash", None, ok).await;
    let entry = trash["items"][0]["id"].as_i64().unwrap_or(0);
    k.call(
        &anna,
        "POST",
        &format!("/api/v1/trash/{entry}/restore"),
        None,
        ok,
    )
    .await;
    let r = h
        .api(&anna, "DELETE", &format!("/api/v1/contacts/{person}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    k.call(&anna, "POST", "/api/v1/trash/empty", None, ok).await;
    assert!(
        k.wrong.is_empty(),
        "answers outside the documented schemas:\n{}",
        k.wrong.join("\n")
    );
}

/// Every `$ref` in `v`, with where it was found.
fn refs(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => out.push((at.to_string(), r.clone())),
                    _ => refs(x, &format!("{at}/{k}"), out),
                }
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                refs(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_is_the_hand_written_paths_plus_the_wire_schemas() {
    let (h, anna, _bob) = Harness::two_users().await;
    let served = h
        .api(&anna, "GET", "/api/v1/openapi.json", None)
        .await
        .json();
    assert_eq!(served, contacts_web::api::openapi_document());
    assert_eq!(served["openapi"], "3.1.0");
    // The hand-written part names no wire type's schema: it would be silently replaced.
    let hand: Value = serde_json::from_str(contacts_web::api::OPENAPI_PATHS)
        .unwrap_or_else(|e| panic!("assets/openapi.json is not JSON: {e}"));
    let hand_schemas = hand["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let wire = contacts_wire::schemas();
    let twice: Vec<&String> = wire
        .keys()
        .filter(|n| hand_schemas.contains_key(*n))
        .collect();
    assert!(twice.is_empty(), "written by hand and derived: {twice:?}");
    // Every wire schema is served as derived.
    for (name, schema) in &wire {
        assert_eq!(
            served["components"]["schemas"][name],
            serde_json::to_value(schema).unwrap_or_default(),
            "{name}"
        );
    }
    assert!(served["components"]["schemas"]["Contact"].is_object());
    // Every reference, hand-written or derived, names something the document defines.
    let mut found = Vec::new();
    refs(&served, "", &mut found);
    assert!(found.len() > 100, "only {} references", found.len());
    let dangling: Vec<String> = found
        .iter()
        .filter(|(_, r)| {
            let pointer = r.trim_start_matches('#');
            !r.starts_with("#/") || served.pointer(pointer).is_none()
        })
        .map(|(at, r)| format!("{at}: {r}"))
        .collect();
    assert!(
        dangling.is_empty(),
        "references to nothing:\n{}",
        dangling.join("\n")
    );
    // OpenAPI 3.0's `nullable` is not 3.1; a schema using it would accept no null.
    let text = served.to_string();
    assert!(!text.contains("\"nullable\""), "a 3.0 `nullable` is left");
}
