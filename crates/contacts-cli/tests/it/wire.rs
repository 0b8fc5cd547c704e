//! One wire format: what the CLI prints with `--json` for a contact, its attachments, its
//! reminders, meetings, the day plan, the coming occasions, the picklists, the users, the
//! trash, cases (with items, timeline and detail entries), case kinds, parties and numbers,
//! client history, duplicates, an import's summary, reports, a mailing audience, occasion
//! alerts, due counts, a takeover and postal codes is what the API answers for the same objects on the same database (both serialise
//! `contacts-wire`'s types). The API is called in process on
//! the SQLite file the CLI wrote, as anna, with a personal token.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use contacts_core::service::Service;
use contacts_store::SqliteStore;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::commands::acme;
use crate::common::{Env, NOW};

const TOKEN: &str = "wire-test-token-0123456789abcdef";

/// The web app on `env`'s database with the CLI's clock, and a token acting as anna.
fn app(env: &Env) -> axum::Router {
    let store = SqliteStore::open(&env.path("contacts.db")).unwrap_or_else(|e| panic!("{e}"));
    let now = NOW.parse().unwrap_or_else(|e| panic!("{e}"));
    let service = Service::new(store).with_clock(move || now);
    let anna = service
        .actor_by_name("anna")
        .unwrap_or_else(|e| panic!("{e}"));
    service
        .create_api_token(&anna, "wire", TOKEN)
        .unwrap_or_else(|e| panic!("{e}"));
    let state = contacts_web::AppState::new(service).unwrap_or_else(|e| panic!("{e}"));
    contacts_web::app(state)
}

async fn get(app: &axum::Router, path: &str) -> Value {
    let req = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    answer(app, req, path).await
}

/// `POST path` with `body` of type `content_type`, as anna.
async fn post(app: &axum::Router, path: &str, content_type: &str, body: Vec<u8>) -> Value {
    let req = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    answer(app, req, path).await
}

/// The JSON of a 200 answer.
async fn answer(app: &axum::Router, req: Request<Body>, path: &str) -> Value {
    let resp = app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(status, StatusCode::OK, "{path}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_json_and_the_api_answer_are_the_same_for_the_same_objects() {
    let env = Env::new();
    let (org, person) = acme(&env);
    let private = env.ok(&[
        "add",
        "--private",
        "--given",
        "Ewa",
        "--category",
        "family",
        "--birthday",
        "1990-05-03",
    ]);
    env.write("cv.pdf", b"%PDF-1.4 cv");
    env.ok(&["attach", "add", &person, "cv.pdf", "--note", "CV"]);
    env.ok(&[
        "remind",
        &person,
        "--at",
        "2024-04-30 09:00",
        "--text",
        "Call",
        "--assign",
        "anna",
    ]);
    env.ok(&[
        "meeting",
        "add",
        "--title",
        "Oferta",
        "--at",
        "2024-05-02 10:00",
        "--minutes",
        "45",
        "--place",
        "Kraków",
        "--contact",
        &person,
        "--with",
        "anna",
    ]);
    let app = app(&env);

    // `show --json` is the API's contact plus the two name-day keys `show` adds.
    for id in [&org, &person, &private] {
        let mut shown = env.run(&["--json", "show", id]).json();
        let extra = shown.as_object_mut().map(|m| {
            (
                m.remove("nameday_effective").is_some(),
                m.remove("nameday_candidates").is_some(),
            )
        });
        assert_eq!(extra, Some((true, true)), "show {id}");
        let api = get(&app, &format!("/api/v1/contacts/{id}")).await;
        assert_eq!(shown, api, "contact {id}");
        assert!(api["name"].is_object() && api["display_name"].is_string());
    }
    let listed = env.run(&["--json", "list"]).json();
    let page = get(&app, "/api/v1/contacts").await;
    assert_eq!(listed.as_array().map(Vec::len), Some(3));
    assert_eq!(listed, page["items"]);

    let attachments = env.run(&["--json", "attach", "list", &person]).json();
    assert_eq!(attachments.as_array().map(Vec::len), Some(1));
    let api = get(&app, &format!("/api/v1/contacts/{person}/attachments")).await;
    assert_eq!(attachments, api);

    let reminders = env.run(&["--json", "reminders", "--due", "all"]).json();
    assert_eq!(reminders[0]["text"], "Call");
    assert_eq!(reminders[0]["overdue"], true);
    assert_eq!(reminders, get(&app, "/api/v1/reminders?due=all").await);

    let meetings = env.run(&["--json", "meeting", "list"]).json();
    assert_eq!(meetings[0]["place"], "Kraków");
    assert_eq!(meetings, get(&app, "/api/v1/meetings").await);

    let agenda = env
        .run(&["--json", "agenda", "2024-04-30", "--week"])
        .json();
    let types: Vec<&str> = agenda
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["type"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        ["reminder", "meeting", "occasion"]
            .iter()
            .all(|t| types.contains(t)),
        "{agenda}"
    );
    let api = get(&app, "/api/v1/agenda?date=2024-04-30&days=7").await;
    assert_eq!(agenda, api["items"]);

    // The picklists: groups, statuses and custom fields (acme added a number field; a
    // choice field shows its options); and the users.
    env.ok(&[
        "field",
        "add",
        "Size",
        "--type",
        "choice",
        "--choices",
        "S,M",
    ]);
    for (cli, api) in [
        ("group", "/api/v1/lists/groups"),
        ("status", "/api/v1/lists/statuses"),
        ("field", "/api/v1/fields"),
        ("user", "/api/v1/users"),
        ("category", "/api/v1/categories"),
    ] {
        let listed = env.run(&["--json", cli, "list"]).json();
        assert!(listed.as_array().is_some_and(|l| !l.is_empty()), "{cli}");
        assert_eq!(listed, get(&app, api).await, "{cli} list");
    }

    // The trash: the CLI lists the entries the API wraps in `items`.
    let gone = env.ok(&["add", "--given", "Gone"]);
    env.ok(&["rm", &gone]);
    let trash = env.run(&["--json", "trash", "list"]).json();
    assert_eq!(trash[0]["name"], "Gone");
    assert_eq!(trash, get(&app, "/api/v1/trash").await["items"]);

    let upcoming = env
        .run(&[
            "--json",
            "upcoming",
            "--from",
            "2024-05-01",
            "--days",
            "366",
        ])
        .json();
    assert!(upcoming.as_array().map(Vec::len) >= Some(3), "{upcoming}");
    let api = get(&app, "/api/v1/upcoming?from=2024-05-01&days=366").await;
    assert_eq!(upcoming, api["items"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn cases_history_duplicates_imports_reports_mailing_and_the_rest_have_one_shape_too() {
    let env = Env::new();
    let (org, person) = acme(&env);
    env.ok(&["case", "kind", "add", "Dostawa"]);
    let number = env.ok(&[
        "case",
        "add",
        "--counterparty",
        &org,
        "--person",
        &person,
        "--kind",
        "Dostawa",
        "--deadline",
        "2024-04-15",
        "--title",
        "Papier",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &number,
        "--article",
        "Papier A4",
        "--qty",
        "2",
        "--price",
        "12.50",
    ]);
    env.ok(&[
        "case",
        "item",
        "add",
        &number,
        "--article",
        "Serwis",
        "--qty",
        "1,5",
        "--price",
        "100.005",
        "--currency",
        "EUR",
    ]);
    env.ok(&[
        "case", "detail", "add", &number, "--note", "Rabat?", "--kind", "telefon",
    ]);
    env.ok(&[
        "case",
        "detail",
        "add",
        &number,
        "--document",
        "--doc-kind",
        "oferta",
        "--symbol",
        "OF 1/2024",
    ]);
    env.write("spec.txt", b"the spec");
    env.ok(&["case", "detail", "add", &number, "--file", "spec.txt"]);
    env.write("notes.pdf", b"%PDF notes");
    env.ok(&[
        "history",
        "add",
        &org,
        "--kind",
        "telefon",
        "--text",
        "Cennik",
        "--attach",
        "notes.pdf",
    ]);
    env.ok(&["alert", "set", &person, "birthday", "3"]);
    env.ok(&["user", "add", "bob"]);
    // A second ACME with its e-mail: a likely duplicate.
    env.ok(&["add", "--org-name", "ACME", "--email", "biuro@acme.pl"]);
    let app = app(&env);

    let shown = env.run(&["--json", "case", "show", &number]).json();
    let kinds_of_lines: Vec<String> = shown["timeline"]
        .as_array()
        .map(|t| {
            t.iter()
                .map(|l| format!("{}/{}", l["source"], l["type"]))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        kinds_of_lines,
        [
            r#""detail"/"note""#,
            r#""detail"/"document""#,
            r#""detail"/"file""#,
            r#""history"/null"#
        ],
        "{shown}"
    );
    assert_eq!(shown["kind_name"], "Dostawa");
    assert_eq!(shown["totals"][0]["value"], "150.0075");
    let id = shown["id"].clone();
    assert_eq!(shown, get(&app, &format!("/api/v1/cases/{id}")).await);
    let listed = env.run(&["--json", "case", "list"]).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed, get(&app, "/api/v1/cases?status=all").await["items"]);
    for detail in 1..=3 {
        let cli = env
            .run(&["--json", "case", "detail", "get", &detail.to_string()])
            .json();
        let api = get(&app, &format!("/api/v1/case-details/{detail}")).await;
        assert_eq!(cli, api, "detail {detail}");
    }
    let kinds = env.run(&["--json", "case", "kind", "list"]).json();
    assert_eq!(kinds[0]["cases"], 1);
    assert_eq!(kinds, get(&app, "/api/v1/case-kinds").await);
    assert_eq!(
        env.run(&["--json", "case", "next-number"]).json(),
        get(&app, "/api/v1/case-numbers/next").await
    );
    let parties = env.run(&["--json", "case", "parties", "acme"]).json();
    assert_eq!(parties.as_array().map(Vec::len), Some(3), "{parties}");
    assert_eq!(
        parties,
        get(&app, "/api/v1/case-parties?q=acme").await["candidates"]
    );

    let history = env.run(&["--json", "history", &org]).json();
    assert_eq!(history[0]["files"][0]["name"], "notes.pdf");
    assert_eq!(history[0]["author"], "anna");
    assert_eq!(
        history,
        get(&app, &format!("/api/v1/contacts/{org}/history")).await
    );

    let pairs = env.run(&["--json", "duplicates", "--business"]).json();
    assert_eq!(pairs[0]["reason"], "same e-mail biuro@acme.pl", "{pairs}");
    assert_eq!(pairs, get(&app, "/api/v1/duplicates?book=business").await);

    // The same file imported as a dry run by both.
    let file = env.write(
        "k.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ewa Nowa\r\nN:Nowa;Ewa;;;\r\nBDAY:zawsze\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n",
    );
    let path = file.display().to_string();
    let out = env.run(&["--json", "import", &path, "--business", "--dry-run"]);
    let cli = out.json();
    assert_eq!(cli["dry_run"], true, "{out}");
    assert_eq!(cli["imported"], 1, "{out}");
    assert!(cli["warnings"][0]["examples"][0].is_string(), "{out}");
    let api = post(
        &app,
        &format!("/api/v1/import?book=business&format=vcf&dry-run=true&name={path}"),
        "text/vcard",
        std::fs::read(&file).unwrap_or_default(),
    )
    .await;
    assert_eq!(cli, api);

    let period = ["--from", "2024-01-01", "--to", "2024-12-31"];
    for (report, args, query) in [
        ("forecast", &[][..], ""),
        ("overdue", &[][..], ""),
        ("activity", &period[..], "?from=2024-01-01&to=2024-12-31"),
    ] {
        let cli = env
            .run(&[&["--json", "report", report], args].concat())
            .json();
        assert_eq!(cli["report"], report);
        assert!(
            cli["rows"].as_array().is_some_and(|r| !r.is_empty()),
            "{cli}"
        );
        let api = get(&app, &format!("/api/v1/reports/{report}.json{query}")).await;
        assert_eq!(cli, api, "{report}");
    }

    // The small records: name-days, alerts, due counts, a takeover's dry run, postal codes.
    let anna = env.run(&["--json", "nameday", "Anna"]).json();
    assert!(
        anna["dates"].as_array().is_some_and(|d| !d.is_empty()),
        "{anna}"
    );
    assert_eq!(anna, get(&app, "/api/v1/namedays?name=Anna").await);
    assert_eq!(
        env.run(&["--json", "nameday", "--date", "03-14"]).json(),
        get(&app, "/api/v1/namedays?date=03-14").await
    );
    let alerts = env
        .run(&["--json", "alert", "list", "--contact", &person])
        .json();
    assert_eq!(alerts[0]["days_before"], 3, "{alerts}");
    assert_eq!(
        alerts,
        get(&app, &format!("/api/v1/contacts/{person}/alerts")).await
    );
    assert_eq!(
        env.run(&["--json", "due"]).json(),
        get(&app, "/api/v1/me/due").await
    );
    let takeover = env
        .run(&[
            "--json",
            "takeover",
            "--from",
            "anna",
            "--to",
            "bob",
            "--dry-run",
        ])
        .json();
    assert_eq!(
        takeover["cases"][0]["number"],
        number.as_str(),
        "{takeover}"
    );
    let body = br#"{"from": "anna", "to": "bob", "dry_run": true}"#.to_vec();
    assert_eq!(
        takeover,
        post(&app, "/api/v1/takeover", "application/json", body).await
    );
    let codes = env
        .run(&[
            "--json",
            "postal",
            "lookup",
            "--locality",
            "Łódź",
            "--street",
            "Piotrkowska",
        ])
        .json();
    assert!(codes["street_list"].is_boolean(), "{codes}");
    let api = get(
        &app,
        "/api/v1/postal-codes?locality=%C5%81%C3%B3d%C5%BA&street=Piotrkowska",
    )
    .await;
    assert_eq!(codes, api);

    let audience = env
        .run(&["--json", "mail", "audience", "--business"])
        .json();
    assert!(audience["matched"].as_u64() >= Some(2), "{audience}");
    assert_eq!(
        audience,
        get(&app, "/api/v1/mailing/audience?book=business").await
    );
}
