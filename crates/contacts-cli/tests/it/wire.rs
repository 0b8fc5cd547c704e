//! One wire format: what the CLI prints with `--json` for a contact, its attachments, its
//! reminders, meetings, the day plan, the coming occasions, the picklists, the users and the trash is what the API answers for the same objects on the
//! same database (both serialise `contacts-wire`'s types). The API is called in process on
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
    assert_eq!(status, StatusCode::OK, "GET {path}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {text}"))
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
