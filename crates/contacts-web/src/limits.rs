//! Bounded requests: how large a body each route takes, sign-in before a large body is
//! read, and how many uploads may be in flight at once.
//!
//! Every route takes at most [`SMALL_BODY_BYTES`], except the upload routes (imports,
//! photos, attachments, history and case files), which take their stated limit. A body
//! declared larger than its route's limit is refused (413) before a byte of it is read; a
//! body that grows past it while being read is cut off there (413). An upload route first
//! checks that the request is signed in (session cookie, or the bearer token under
//! `/api/`), so an anonymous client is answered (401, or a redirect to the login page)
//! without its body being read, and then waits for one of [`MAX_UPLOADS`] upload slots
//! before reading. Together with the connection cap of [`crate::server`], this bounds the
//! memory that request bodies can take.

use crate::error::ErrorPage;
use crate::session::auth::resolve;
use crate::ApiError;
use crate::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::extract::State;
use axum::http::header;
use axum::http::request::Parts;
use axum::http::Method;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Redirect;
use axum::response::Response;
use contacts_core::ids::{ContactId, DetailId};
use contacts_core::service::MAX_ATTACHMENT_BYTES;
use contacts_core::service::MAX_PHOTO_BYTES;
use contacts_core::store::Store;
use http_body_util::Limited;
use std::time::Duration;

/// The body limit of every route that is not an upload: forms and JSON.
pub const SMALL_BODY_BYTES: usize = 64 * 1024;
/// Room for the other fields and multipart framing around an uploaded file.
const FORM_OVERHEAD: usize = 64 * 1024;
/// Uploads whose bodies may be read at the same time; more wait (up to
/// [`UPLOAD_WAIT`]) for a slot.
pub const MAX_UPLOADS: usize = 1;
/// How long an upload waits for a slot before it is answered 503.
pub const UPLOAD_WAIT: Duration = Duration::from_secs(30);
/// A whole body must arrive within this time (408 otherwise).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest body `method path` takes.
pub fn body_limit(method: &Method, path: &str) -> usize {
    if *method != Method::POST && *method != Method::PUT {
        return SMALL_BODY_BYTES;
    }
    let (api, rest) = match path.strip_prefix("/api/v1") {
        Some(rest) => (true, rest),
        None => (false, path),
    };
    let segs: Vec<&str> = rest.trim_matches('/').split('/').collect();
    let import = crate::limits::MAX_IMPORT_BYTES + FORM_OVERHEAD;
    let file = MAX_ATTACHMENT_BYTES + FORM_OVERHEAD;
    match (api, segs.as_slice()) {
        (false, ["contacts", "import"]) | (true, ["import"]) => import,
        (_, ["contacts", _, "photo"]) => MAX_PHOTO_BYTES + FORM_OVERHEAD,
        (_, ["contacts", _, "attachments"]) => file,
        (false, ["contacts", _, "history"]) | (_, ["cases", _, "files"]) => file,
        (true, ["contacts", _, "history", "file"]) => file,
        (_, ["case-details", _, "content"]) => file,
        _ => SMALL_BODY_BYTES,
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The answer to a body over its route's limit: a page upload names its limit in MB and
/// leads back to its form.
pub(crate) fn too_large(api: bool, path: &str) -> Response {
    let s = StatusCode::PAYLOAD_TOO_LARGE;
    if api {
        return ApiError::Status(s, "request body too large").into_response();
    }
    // A page upload says which limit, in MB, and leads back to the form it came from.
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    // The form's page, when the path's id is an id (anything else gets no link back).
    let contact = |id: &str, anchor: &str| {
        id.parse::<ContactId>()
            .ok()
            .map(|id| format!("{}#{anchor}", crate::paths::Contact { id }))
    };
    let (key, back) = match segs.as_slice() {
        ["contacts", id, "photo"] => (msg!("error.photo_too_large"), contact(id, "photo")),
        ["contacts", id, "attachments"] => {
            (msg!("error.file_too_large"), contact(id, "attachments"))
        }
        ["contacts", id, "history"] => (msg!("error.file_too_large"), contact(id, "history")),
        ["contacts", "import"] => (
            msg!("error.import_too_large"),
            Some("/contacts/import".to_string()),
        ),
        ["case-details", id, "content"] => (
            msg!("error.file_too_large"),
            id.parse::<DetailId>()
                .ok()
                .map(|id| crate::paths::CaseDetail { id }.to_string()),
        ),
        _ => return AppError::Status(s).into_response(),
    };
    let mut resp = s.into_response();
    resp.extensions_mut().insert(ErrorPage {
        status: s,
        key,
        detail: None,
        back,
    });
    resp
}

fn declared_length(parts: &Parts) -> Option<u64> {
    parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// Whether the request is signed in (the session is looked up once and kept in the
/// request's extensions for the handler, as [`resolve`] does).
async fn signed_in<S: Store + 'static>(state: &AppState<S>, parts: Parts) -> (Parts, bool) {
    let state = state.clone();
    let check = tokio::task::spawn_blocking(move || {
        let mut parts = parts;
        let bearer = is_api(parts.uri.path())
            .then(|| parts.headers.get(header::AUTHORIZATION))
            .flatten()
            .map(|v| {
                v.to_str()
                    .ok()
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .map(|t| t.trim().to_string())
            });
        let ok = match bearer {
            Some(Some(token)) => matches!(state.service().token_actor(&token), Ok(Some(_))),
            Some(None) => false,
            None => resolve(&state, &parts.headers, &mut parts.extensions)
                .is_some_and(|(_, s)| s.user.is_some()),
        };
        (parts, ok)
    });
    match check.await {
        Ok(r) => r,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => {
            // The runtime is shutting down: treat as not signed in, read nothing.
            let (parts, _) = Request::new(Body::empty()).into_parts();
            (parts, false)
        }
    }
}

/// The layer in front of every route: the body limit, sign-in and an upload slot
/// before a large body is read.
pub async fn bounded<S: Store + 'static>(
    State(state): State<AppState<S>>,
    req: Request,
    next: Next,
) -> Response {
    let limit = body_limit(req.method(), req.uri().path());
    let (parts, body) = req.into_parts();
    let api = is_api(parts.uri.path());
    let mut _slot = None;
    if limit > SMALL_BODY_BYTES {
        let (p, ok) = signed_in(&state, parts).await;
        if !ok {
            return if api {
                ApiError::Unauthorized.into_response()
            } else {
                Redirect::to("/login").into_response()
            };
        }
        if declared_length(&p).is_some_and(|n| n > limit as u64) {
            return too_large(api, p.uri.path());
        }
        match tokio::time::timeout(UPLOAD_WAIT, state.upload_slots().acquire()).await {
            Ok(Ok(permit)) => _slot = Some(permit),
            _ => {
                tracing::warn!(path = %crate::access_log::loggable_path(p.uri.path()), "no upload slot free");
                let busy = StatusCode::SERVICE_UNAVAILABLE;
                return if api {
                    ApiError::Status(busy, "too many uploads at once; try again").into_response()
                } else {
                    AppError::Status(busy).into_response()
                };
            }
        }
        return next
            .run(Request::from_parts(p, Body::new(Limited::new(body, limit))))
            .await;
    }
    if declared_length(&parts).is_some_and(|n| n > limit as u64) {
        return too_large(api, parts.uri.path());
    }
    next.run(Request::from_parts(
        parts,
        Body::new(Limited::new(body, limit)),
    ))
    .await
}

/// The largest file an import accepts, in bytes (as large as an attachment).
pub const MAX_IMPORT_BYTES: usize = contacts_core::service::MAX_ATTACHMENT_BYTES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_upload_routes_take_large_bodies() {
        let post = Method::POST;
        assert_eq!(body_limit(&post, "/login"), SMALL_BODY_BYTES);
        assert_eq!(body_limit(&post, "/contacts/7"), SMALL_BODY_BYTES);
        assert_eq!(body_limit(&post, "/api/v1/contacts"), SMALL_BODY_BYTES);
        assert_eq!(
            body_limit(&Method::GET, "/contacts/import"),
            SMALL_BODY_BYTES
        );
        assert!(body_limit(&post, "/contacts/import") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/api/v1/import") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/contacts/7/attachments") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/api/v1/contacts/7/attachments") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/contacts/7/history") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/api/v1/contacts/7/history/file") > MAX_ATTACHMENT_BYTES);
        assert_eq!(
            body_limit(&post, "/api/v1/contacts/7/history"),
            SMALL_BODY_BYTES
        );
        assert!(body_limit(&post, "/cases/3/files") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/api/v1/cases/3/files") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&post, "/case-details/3/content") > MAX_ATTACHMENT_BYTES);
        assert!(body_limit(&Method::PUT, "/api/v1/case-details/3/content") > MAX_ATTACHMENT_BYTES);
        let photo = body_limit(&Method::PUT, "/api/v1/contacts/7/photo");
        assert!(photo > MAX_PHOTO_BYTES && photo < MAX_ATTACHMENT_BYTES);
        assert_eq!(body_limit(&post, "/contacts/7/photo"), photo);
        assert_eq!(
            body_limit(&post, "/api/v1/contacts/7/history"),
            SMALL_BODY_BYTES
        );
    }
}
