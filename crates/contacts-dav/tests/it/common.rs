//! A Contacts app on a real SQLite file with two users, `anna` and `bob`, each holding an
//! app password, and a way to send DAV requests to it in process.

#![allow(dead_code)]

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use contacts_core::service::{Actor, Service};
use contacts_store::SqliteStore;
use contacts_web::{app, AppState};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct Harness {
    pub state: AppState<SqliteStore>,
    pub router: Router,
    pub anna: Actor,
    pub bob: Actor,
    _dir: tempfile::TempDir,
}

/// The app password of a user in these tests (64 characters, like the settings page's).
pub fn token_of(user: &str) -> String {
    format!("{user:x>64}")
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

pub fn basic(user: &str, password: &str) -> String {
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let store = SqliteStore::open(&dir.path().join("contacts.db"))
            .unwrap_or_else(|e| panic!("open: {e}"));
        let service = Service::new(store);
        let anna = service
            .local_actor("anna")
            .unwrap_or_else(|e| panic!("{e}"));
        let bob = service.local_actor("bob").unwrap_or_else(|e| panic!("{e}"));
        for a in [&anna, &bob] {
            service
                .create_api_token(a, "phone", &token_of(a.name()))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let state = AppState::new(service).unwrap_or_else(|e| panic!("state: {e}"));
        let router = app(state.clone());
        Harness {
            state,
            router,
            anna,
            bob,
            _dir: dir,
        }
    }

    pub fn service(&self) -> &Service<SqliteStore> {
        self.state.service()
    }

    /// A request as `user` (with their app password), with extra headers and a body.
    pub async fn dav(
        &self,
        user: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", basic(user, &token_of(user)));
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = b
            .body(Body::from(body.to_string()))
            .unwrap_or_else(|e| panic!("request: {e}"));
        self.send(req).await
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        let status = resp.status();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .unwrap_or_else(|e| panic!("body: {e}"))
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

pub fn propfind_body(props: &[&str]) -> String {
    format!(
        "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" \
         xmlns:card=\"urn:ietf:params:xml:ns:carddav\" xmlns:cs=\"http://calendarserver.org/ns/\">\
         <d:prop>{}</d:prop></d:propfind>",
        props.iter().map(|p| format!("<{p}/>")).collect::<String>()
    )
}

pub fn sync_body(token: &str, props: &[&str]) -> String {
    format!(
        "<?xml version=\"1.0\"?><d:sync-collection xmlns:d=\"DAV:\" \
         xmlns:card=\"urn:ietf:params:xml:ns:carddav\"><d:sync-token>{token}</d:sync-token>\
         <d:sync-level>1</d:sync-level><d:prop>{}</d:prop></d:sync-collection>",
        props.iter().map(|p| format!("<{p}/>")).collect::<String>()
    )
}

/// The text of every `<tag>` element in a body (simple enough for our own responses).
pub fn all_of(body: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(&close) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + close.len()..];
    }
    out
}

pub fn one_of(body: &str, tag: &str) -> String {
    all_of(body, tag)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no <{tag}> in {body}"))
}

pub const CARD_ZOFIA: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:zofia-1\r\nFN:Zofia Żak\r\n\
N:Żak;Zofia;;;\r\nEMAIL;TYPE=work:zofia@example.com\r\nTEL;TYPE=cell:+48 601 234 567\r\n\
X-PHONE-APP-THING:kept\r\nEND:VCARD\r\n";
