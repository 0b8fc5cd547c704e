//! Errors of handlers and how they become responses: core errors map to 404, 409, 422
//! and 403; anything else is logged and answered with a generic 500.
//!
//! A page error carries an [`ErrorPage`] in the response's extensions; the
//! `error_pages` middleware renders it in the visitor's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::Error;

use crate::i18n::{Lang, Msg};

/// An error of a page handler.
#[derive(Debug)]
pub enum AppError {
    Core(Error),
    /// A bare status (404 for an unknown setup link, 403 for a missing CSRF token...).
    Status(StatusCode),
    /// A rule of the web layer, with a message key of the catalogue.
    Invalid {
        field: &'static str,
        key: Msg,
    },
    Internal(String),
}

impl AppError {
    pub fn internal(msg: impl Into<String>) -> AppError {
        AppError::Internal(msg.into())
    }

    /// `key` is a catalogue key, such as `error.no_file`.
    pub fn invalid(field: &'static str, key: Msg) -> AppError {
        AppError::Invalid { field, key }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Core(e) => core_status(e),
            AppError::Status(s) => *s,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What to tell the user, in their language.
    pub fn message(&self, lang: Lang) -> String {
        self.page().message(lang)
    }

    fn page(&self) -> ErrorPage {
        let status = self.status();
        let (key, detail) = match self {
            AppError::Core(Error::Invalid { field, reason }) => {
                (msg!("error.invalid"), Some(format!("{field}: {reason}")))
            }
            AppError::Core(Error::Conflict(msg)) => (msg!("error.conflict"), Some(msg.clone())),
            AppError::Core(Error::Forbidden(msg)) => (msg!("error.forbidden"), Some(msg.clone())),
            AppError::Invalid { key, .. } => (*key, None),
            _ => (status_key(status), None),
        };
        ErrorPage {
            status,
            key,
            detail,
            back: None,
        }
    }
}

impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        AppError::Core(e)
    }
}

fn core_status(e: &Error) -> StatusCode {
    match e {
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Forbidden(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn status_key(s: StatusCode) -> Msg {
    match s {
        StatusCode::NOT_FOUND => msg!("error.not_found"),
        StatusCode::FORBIDDEN => msg!("error.forbidden"),
        StatusCode::CONFLICT => msg!("error.conflict"),
        StatusCode::UNPROCESSABLE_ENTITY => msg!("error.invalid"),
        StatusCode::PAYLOAD_TOO_LARGE => msg!("error.too_large"),
        StatusCode::BAD_REQUEST => msg!("error.bad_request"),
        StatusCode::UNAUTHORIZED => msg!("error.unauthorized"),
        StatusCode::METHOD_NOT_ALLOWED => msg!("error.method"),
        StatusCode::TOO_MANY_REQUESTS => msg!("error.too_many"),
        StatusCode::SERVICE_UNAVAILABLE => msg!("error.busy"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => msg!("error.bad_request"),
        s if s.is_client_error() => msg!("error.bad_request"),
        _ => msg!("error.internal"),
    }
}

/// What the error page middleware renders.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub key: Msg,
    pub detail: Option<String>,
    /// A local path back to the form the request came from (a page upload too large).
    pub back: Option<String>,
}

impl ErrorPage {
    pub fn message(&self, lang: Lang) -> String {
        self.detail_in(lang)
            .unwrap_or_else(|| lang.t(self.key).to_string())
    }

    /// The core's reason for the error (kept in English, as the core words it) in the
    /// reader's language; "field: reason" becomes the reason alone in Polish, where the
    /// core's field name would be an English word.
    pub fn detail_in(&self, lang: Lang) -> Option<String> {
        let detail = self.detail.as_deref()?;
        if lang == Lang::En {
            return Some(detail.to_string());
        }
        let whole = crate::i18n::reasons::reason_in(lang, detail);
        if whole != detail {
            return Some(whole);
        }
        if self.key == msg!("error.forbidden") {
            // Why not allowed, where the catalogue has no words for it: the title says enough.
            return None;
        }
        Some(match detail.split_once(": ") {
            Some((field, reason))
                if !field.is_empty()
                    && field.bytes().all(|b| {
                        b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit() || b == b' '
                    }) =>
            {
                crate::i18n::reasons::reason_in(lang, reason)
            }
            _ => whole,
        })
    }

    /// A page for a bare status (used for errors axum's extractors produce).
    pub fn for_status(status: StatusCode) -> ErrorPage {
        ErrorPage {
            status,
            key: status_key(status),
            detail: None,
            back: None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(msg) = &self {
            tracing::error!("internal error: {msg}");
        }
        if let AppError::Core(e @ Error::Backend(_)) = &self {
            tracing::error!("storage error: {e}");
        }
        let page = self.page();
        let mut resp = page.status.into_response();
        resp.extensions_mut().insert(page);
        resp
    }
}

/// A form sent without the session it came from, or with a wrong CSRF token (an expired
/// session, another site's form): 403 with a page that says so and what to do.
pub fn form_expired() -> Response {
    let mut resp = StatusCode::FORBIDDEN.into_response();
    resp.extensions_mut().insert(ErrorPage {
        key: msg!("error.csrf"),
        ..ErrorPage::for_status(StatusCode::FORBIDDEN)
    });
    resp
}

/// The answer to an address no route has (the routers' fallback).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::Core(Error::not_found(uri.path().to_string())).into_response()
    } else {
        AppError::Status(StatusCode::NOT_FOUND).into_response()
    }
}

/// An error of the JSON API: `{"error": "...", "message": "..."}`.
#[derive(Debug)]
pub enum ApiError {
    Core(Error),
    Unauthorized,
    Status(StatusCode, &'static str),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError::Core(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "sign in or send a bearer token".to_string(),
            ),
            ApiError::Status(s, msg) => (*s, "error", (*msg).to_string()),
            ApiError::Core(e) => {
                let status = core_status(e);
                let code = match e {
                    Error::NotFound { .. } => "not_found",
                    Error::Conflict(_) => "conflict",
                    Error::Invalid { .. } => "invalid",
                    Error::Forbidden(_) => "forbidden",
                    _ => "internal",
                };
                let message = match e {
                    Error::NotFound { .. } => "not found".to_string(),
                    Error::Backend(_) => {
                        tracing::error!("storage error: {e}");
                        "internal error".to_string()
                    }
                    _ => e.to_string(),
                };
                (status, code, message)
            }
        };
        let mut body = serde_json::json!({ "error": code, "message": message });
        if let ApiError::Core(Error::Invalid { field, .. }) = &self {
            body["field"] = serde_json::Value::String(field.clone());
        }
        (status, Json(body)).into_response()
    }
}
