//! Layers around every route: the CSRF guard, error pages in the visitor's language,
//! and the security headers.

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use contacts_core::store::Store;

use crate::error::ErrorPage;
use crate::i18n::Lang;
use crate::session::auth::{constant_time_eq, resolve};
use crate::session::CSRF_FIELD;
use crate::view::layout;
use crate::{AppState, MAX_BODY_BYTES};

/// The header that carries it on API calls made with the session cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Every state-changing request made with a session must carry that session's CSRF token:
/// a `_csrf` form field (URL-encoded or multipart) or, under `/api/`, an `X-CSRF-Token`
/// header. API calls with `Authorization: Bearer` carry no cookie authority and skip it.
/// A request without a session passes on: its handler redirects it to `/login` (pages),
/// answers 401 (API), or refuses it (the login and setup forms need a session).
pub async fn csrf_guard<S: Store + 'static>(
    State(state): State<AppState<S>>,
    mut req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // A bearer request is judged by its token alone (`ApiMe`), whatever cookie it sends.
    if req.uri().path().starts_with("/api/") && req.headers().contains_key(header::AUTHORIZATION) {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let Some((_, session)) = resolve(&state, &headers, req.extensions_mut()) else {
        return next.run(req).await;
    };
    let forbidden = crate::error::form_expired;
    let expected = session.csrf.as_bytes();
    if req.uri().path().starts_with("/api/") {
        let ok = req
            .headers()
            .get(CSRF_HEADER)
            .is_some_and(|v| constant_time_eq(v.as_bytes(), expected));
        if !ok {
            return api_forbidden();
        }
        return next.run(req).await;
    }
    // A page form: read the body once, find the token, hand the body on.
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return crate::limits::too_large(false, parts.uri.path()),
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let token = if content_type.starts_with("application/x-www-form-urlencoded") {
        url_form_token(&bytes)
    } else if content_type.starts_with("multipart/form-data") {
        let probe = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        multipart_token(probe).await
    } else {
        None
    };
    if !token.is_some_and(|t| constant_time_eq(t.as_bytes(), expected)) {
        return forbidden();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn api_forbidden() -> Response {
    crate::ApiError::Status(
        StatusCode::FORBIDDEN,
        "missing or wrong X-CSRF-Token header",
    )
    .into_response()
}

fn url_form_token(body: &[u8]) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded_pairs(body);
    pairs
        .into_iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v)
}

/// Decodes `application/x-www-form-urlencoded` into pairs.
pub fn serde_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

async fn multipart_token(req: Request) -> Option<String> {
    let mut mp = Multipart::from_request(req, &()).await.ok()?;
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// How many requests may run their handlers at once (see [`off_the_workers`]). The work
/// is CPU-bound once the file is in the page cache, so a few per core is enough; the
/// bound also caps the SQLite reader connections and the heap of in-flight queries, and
/// so the server's memory (measured with `bench/load.sh`).
pub const BLOCKING_SLOTS: usize = 4;

/// Runs the rest of the request (extractors, handler and the service's SQLite calls,
/// which block) on tokio's blocking pool, so a slow query never stalls the async workers
/// that accept connections and move bytes. Every route gets this one layer; handlers stay
/// plain code. The body is read first, on the async side, so a slow client never holds a
/// blocking thread; at most [`BLOCKING_SLOTS`] requests run at once, the rest wait here
/// without holding a thread.
pub async fn off_the_workers<S: Store + 'static>(
    State(state): State<AppState<S>>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    // The body is already bounded by `limits::bounded`; this bounds the time it takes.
    let read = tokio::time::timeout(crate::limits::BODY_TIMEOUT, read_body(&parts, body));
    let Ok(Ok(bytes)) = read.await else {
        let status = StatusCode::PAYLOAD_TOO_LARGE;
        return if parts.uri.path().starts_with("/api/") {
            crate::ApiError::Status(status, "request body too large or too slow").into_response()
        } else {
            crate::limits::too_large(false, parts.uri.path())
        };
    };
    let Ok(_slot) = state.blocking_slots().acquire().await else {
        return crate::AppError::Status(StatusCode::SERVICE_UNAVAILABLE).into_response();
    };
    let runtime = tokio::runtime::Handle::current();
    let state = state.clone();
    let run = move || {
        let (mut parts, body) = (parts, Body::from(bytes));
        let page = !parts.uri.path().starts_with("/api/");
        // The session is looked up once here (the handler finds it in the extensions), so
        // an error page can be in the page's language (`error_pages`).
        let user = if page {
            resolve(&state, &parts.headers, &mut parts.extensions)
                .and_then(|(_, s)| s.user.as_ref().and_then(|a| a.language()))
        } else {
            None
        };
        let headers = page.then(|| parts.headers.clone());
        let mut resp = runtime.block_on(next.run(Request::from_parts(parts, body)));
        let status = resp.status();
        if let Some(headers) =
            headers.filter(|_| status.is_client_error() || status.is_server_error())
        {
            let lang = Lang::of_page(user, &headers, state.service());
            resp.extensions_mut().insert(PageLang(lang));
        }
        resp
    };
    match tokio::task::spawn_blocking(run).await {
        Ok(resp) => resp,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => crate::AppError::Status(StatusCode::SERVICE_UNAVAILABLE).into_response(),
    }
}

/// Reads a whole body into one buffer sized by its `Content-Length` (at most
/// [`MAX_BODY_BYTES`]), so a large upload is held once rather than as a list of chunks
/// plus their copy.
async fn read_body(parts: &axum::http::request::Parts, body: Body) -> Result<Bytes, axum::Error> {
    use http_body_util::BodyExt;
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY_BYTES);
    let mut buf = Vec::with_capacity(declared);
    let mut body = body;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            if buf.len() + data.len() > MAX_BODY_BYTES {
                return Err(axum::Error::new("request body too large"));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(buf))
}

/// The language an error page is written in, found where the session is at hand
/// ([`off_the_workers`]) and read by [`error_pages`].
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub Lang);

/// Renders an error page in the visitor's language for responses that carry an
/// [`ErrorPage`], and for bare error statuses outside the API (axum's own rejections,
/// unknown paths).
pub async fn error_pages(req: Request, next: Next) -> Response {
    let browser = Lang::of_request(req.headers());
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    // The page's language when the request got as far as the handlers' pool (the user's
    // setting, the browser's, the installation's); else the browser's.
    let lang = resp.extensions().get::<PageLang>().map_or(browser, |l| l.0);
    let page = match resp.extensions().get::<ErrorPage>() {
        Some(p) => p.clone(),
        None if !api && (status.is_client_error() || status.is_server_error()) => {
            let plain = resp
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_none_or(|ct| ct.starts_with("text/plain"));
            if !plain {
                return resp;
            }
            ErrorPage::for_status(status)
        }
        None if api && (status.is_client_error() || status.is_server_error()) => {
            return api_error_body(resp).await;
        }
        None => return resp,
    };
    let mut out = layout::error_page(lang, &page).into_response();
    *out.status_mut() = page.status;
    out
}

/// An API error that is not JSON yet (axum's own rejections, such as a query string that
/// does not parse, are plain text): the API's `{"error", "message"}` body, same status.
async fn api_error_body(resp: Response) -> Response {
    let status = resp.status();
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if !plain {
        return resp;
    }
    let text = to_bytes(resp.into_body(), 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
    } else {
        text
    };
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    (
        status,
        axum::Json(serde_json::json!({ "error": code, "message": message })),
    )
        .into_response()
}

/// The content security policy of pages: nothing from elsewhere, no inline script, and of
/// the site's own URLs only the project's script may run: by its hash (the tag's
/// `integrity`), or for browsers that do not match hashes of external scripts, by its exact
/// path on this host. Photos, attachments and files are never under that path.
pub fn page_policy(host: Option<&str>) -> String {
    let by_path = host
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(|h| format!(" {h}{}", crate::assets::JS_PATH))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src '{}'{by_path}; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        crate::assets::js_integrity()
    )
}

/// Security headers on every response; pages and data are not cached. A response that set
/// its own policy (stored bytes: a sandbox) keeps it.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&page_policy(host.as_deref())) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}
