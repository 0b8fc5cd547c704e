//! One log line per request, and the lines for admin actions and server errors.
//!
//! The line names the method, the path without its query string (queries may carry search
//! words or other private data), the status, the time to the response head, and the
//! signed-in user's id when there is one. Path segments that look like secrets (long hex
//! runs: setup links, one-time links) are written as `…`. Nothing from headers or bodies
//! is logged, so no cookie, token or password can reach a log line from here.
//!
//! The subscriber is installed by the program (`contacts serve`); this crate only emits.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use contacts_core::ids::UserId;

/// Who the request turned out to be: filled by the session and token look-ups
/// (`auth::resolve`, `ApiMe`) through the request's extensions, read by [`log_requests`].
#[derive(Debug, Clone, Default)]
pub struct RequestUser(Arc<OnceLock<UserId>>);

impl RequestUser {
    pub fn set(&self, id: UserId) {
        let _ = self.0.set(id);
    }

    pub fn get(&self) -> Option<UserId> {
        self.0.get().copied()
    }
}

/// Notes the signed-in user of a request, when the request carries a [`RequestUser`].
pub fn note_user(extensions: &axum::http::Extensions, id: UserId) {
    if let Some(u) = extensions.get::<RequestUser>() {
        u.set(id);
    }
}

/// The path as logged: the query string is never part of it, and segments that look like
/// secrets are hidden.
pub fn loggable_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len().min(200));
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let secret = seg.len() >= 24 && seg.bytes().all(|b| b.is_ascii_alphanumeric());
        if secret {
            out.push('…');
        } else {
            out.push_str(seg);
        }
    }
    if out.len() > 200 {
        let mut cut = 200;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// The client's address as the listener saw it (`-` when unknown, as in tests).
pub fn client_addr(extensions: &axum::http::Extensions) -> String {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "-".into())
}

fn is_admin_action(method: &Method, path: &str) -> bool {
    *method != Method::GET
        && *method != Method::HEAD
        && (path.starts_with("/settings/users") || path.starts_with("/api/v1/users"))
}

/// The outermost layer: logs every request once it has its response.
pub async fn log_requests(mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = loggable_path(req.uri().path());
    let addr = client_addr(req.extensions());
    let user = RequestUser::default();
    req.extensions_mut().insert(user.clone());
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let uid = user
        .get()
        .map(|u| u.to_string())
        .unwrap_or_else(|| "-".into());
    if status >= 500 {
        tracing::error!(target: "contacts::request", %method, %path, status, ms = format_args!("{ms:.1}"), user = %uid, %addr, "request failed on the server");
    } else {
        tracing::info!(target: "contacts::request", %method, %path, status, ms = format_args!("{ms:.1}"), user = %uid, %addr, "request");
    }
    if is_admin_action(&method, &path) && status < 400 {
        tracing::info!(target: "contacts::admin", %method, %path, status, admin = %uid, "admin action");
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_secrets_but_keep_ids() {
        let token = "a".repeat(64);
        assert_eq!(loggable_path(&format!("/setup/{token}")), "/setup/…");
        assert_eq!(loggable_path("/contacts/42/edit"), "/contacts/42/edit");
        let long = format!("/x/{}", "ab-".repeat(200));
        assert!(loggable_path(&long).chars().count() <= 201);
    }
}
