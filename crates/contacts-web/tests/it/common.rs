//! Helpers for the HTTP tests: an app on a `MemoryStore`, signed-in clients driven through
//! the real setup and login forms, and request builders.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use contacts_core::memory::MemoryStore;
use contacts_core::service::Service;
use contacts_core::store::Store;
use contacts_web::{app, AppState};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "tajne-haslo-123";

pub struct Harness<S = MemoryStore> {
    pub state: AppState<S>,
    pub router: Router,
}

/// A browser-like client: its session cookie and the CSRF token of that session.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub cookie: String,
    pub csrf: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

pub async fn reply(resp: Response<Body>) -> Reply {
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

/// The value of the first `name="_csrf" value="..."` on a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    html.find(marker)
        .map(|i| {
            let rest = &html[i + marker.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .unwrap_or_default()
}

/// `name=value` of the session cookie a response sets, if any.
pub fn session_of(r: &Reply) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("contacts_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_string())
}

pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

pub const BOUNDARY: &str = "XtestBOUNDARYx";

/// A multipart body: text fields, then one file field.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &str, &[u8])>) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in fields {
        out.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((field, name, ct, bytes)) = file {
        out.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n")
                .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

impl Harness<MemoryStore> {
    pub fn new() -> Harness<MemoryStore> {
        Harness::on(MemoryStore::default())
    }

    /// An admin `anna` and a plain user `bob`, both signed in.
    pub async fn two_users() -> (Harness<MemoryStore>, Client, Client) {
        Harness::two_users_on(MemoryStore::default()).await
    }
}

impl<S: Store + 'static> Harness<S> {
    pub fn on(store: S) -> Harness<S> {
        let state = AppState::new(Service::new(store)).unwrap_or_else(|e| panic!("state: {e}"));
        let router = app(state.clone());
        Harness { state, router }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self
            .router
            .clone()
            .oneshot(req)
            .await
            .unwrap_or_else(|e| match e {});
        reply(resp).await
    }

    pub async fn get(&self, c: &Client, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::COOKIE, &c.cookie)
            .body(Body::empty())
            .unwrap_or_default();
        self.send(req).await
    }

    /// A form POST carrying the client's CSRF token.
    pub async fn post(&self, c: &Client, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut all = vec![("_csrf", c.csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post_raw(c, path, &form_body(&all)).await
    }

    pub async fn post_raw(&self, c: &Client, path: &str, body: &str) -> Reply {
        let req = Request::post(path)
            .header(header::COOKIE, &c.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap_or_default();
        self.send(req).await
    }

    pub async fn post_multipart(&self, c: &Client, path: &str, body: Vec<u8>) -> Reply {
        let req = Request::post(path)
            .header(header::COOKIE, &c.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap_or_default();
        self.send(req).await
    }

    /// An API call with the session cookie and its CSRF header.
    pub async fn api(
        &self,
        c: &Client,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &c.cookie)
            .header("x-csrf-token", &c.csrf);
        let body = match body {
            Some(v) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(b.body(body).unwrap_or_default()).await
    }

    /// A visitor with an anonymous session (as after opening the login page).
    pub async fn visitor(&self) -> Client {
        let r = self.get(&Client::default(), "/login").await;
        Client {
            cookie: session_of(&r).unwrap_or_default(),
            csrf: csrf_of(&r.text()),
        }
    }

    /// Runs the one-time setup: `name` becomes the admin, signed in.
    pub async fn setup_admin(&self, name: &str) -> Client {
        let path = self.state.setup_path().unwrap_or_default();
        let v = self.visitor().await;
        let r = self
            .post(
                &v,
                &path,
                &[
                    ("user", name),
                    ("password", PASSWORD),
                    ("password2", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        self.signed_in(&r).await
    }

    /// Signs `name` in through the login form.
    pub async fn login(&self, name: &str) -> Client {
        let v = self.visitor().await;
        let r = self
            .post(&v, "/login", &[("user", name), ("password", PASSWORD)])
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login of {name}: {}",
            r.text()
        );
        self.signed_in(&r).await
    }

    async fn signed_in(&self, r: &Reply) -> Client {
        let cookie = session_of(r).unwrap_or_default();
        let mut c = Client {
            cookie,
            csrf: String::new(),
        };
        let page = self.get(&c, "/settings").await;
        c.csrf = csrf_of(&page.text());
        assert!(!c.csrf.is_empty(), "no CSRF token on the settings page");
        c
    }

    /// An admin `anna` and a plain user `bob` on `store`, both signed in.
    pub async fn two_users_on(store: S) -> (Harness<S>, Client, Client) {
        let h = Harness::on(store);
        let anna = h.setup_admin("anna").await;
        let r = h
            .post(&anna, "/settings/users/add", &[("name", "bob")])
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let bob = h.follow_password_link(&r.text(), PASSWORD).await;
        // Bob has read what was done to his account (made, password set by link).
        let r = h.post(&bob, "/account/notices", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        (h, anna, bob)
    }

    /// The path of the one-time password link on a page an admin was shown.
    pub fn password_link_of(page: &str) -> String {
        let at = page
            .find("/password/")
            .unwrap_or_else(|| panic!("no password link on {page}"));
        page[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect()
    }

    /// Opens the password link on `page` as a visitor, sets `password`, and returns the
    /// signed-in client (the link signs its user in).
    pub async fn follow_password_link(&self, page: &str, password: &str) -> Client {
        let path = Self::password_link_of(page);
        let v = self.visitor().await;
        let form = self.get(&v, &path).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.text());
        let r = self
            .post(
                &v,
                &path,
                &[("password", password), ("password2", password)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        assert_eq!(r.location(), "/account/notices");
        self.signed_in(&r).await
    }

    /// Creates a contact through the page form; returns its id.
    pub async fn create(&self, c: &Client, book: &str, fields: &[(&str, &str)]) -> i64 {
        let mut pairs = vec![("book", book), ("kind", "person")];
        pairs.extend_from_slice(fields);
        let r = self.post(c, "/contacts", &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        r.location()
            .trim_start_matches("/contacts/")
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or_else(|_| panic!("bad location {}", r.location()))
    }
}
