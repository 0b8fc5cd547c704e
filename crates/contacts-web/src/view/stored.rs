//! Stored bytes going back to a browser (photos, attachments, case files, exports):
//! always as a download or an image under a sandboxing CSP, never as active content.

use crate::view::links::enc;
use axum::http::header;
use axum::http::HeaderValue;
use axum::response::IntoResponse;
use axum::response::Response;

/// The policy of every response that carries stored bytes: even if a browser were to
/// render it as a document, it would be a sandboxed one that may load and run nothing.
pub(crate) const STORED_BYTES_CSP: &str = "sandbox; default-src 'none'";

/// A photo, served with the type detected from its bytes (an image, never anything a
/// browser runs), `nosniff` and a sandbox policy.
pub(crate) fn photo_response(photo: contacts_core::model::Photo) -> Response {
    let ct = HeaderValue::from_static(photo.media_type());
    (
        [
            (header::CONTENT_TYPE, ct),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(STORED_BYTES_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        photo.into_bytes(),
    )
        .into_response()
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        enc(name)
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A stored file (attachment, history or case file) served as a download, never shown
/// inline: a neutral type, `attachment`, `nosniff` and a sandbox policy, whatever type the
/// file was uploaded with. Its name is kept for the browser.
pub(crate) fn download_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, content_disposition(name)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(STORED_BYTES_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_keeps_polish_names() {
        let v = content_disposition("Życiorys \"ł\".pdf");
        assert_eq!(
            v.to_str().unwrap_or(""),
            "attachment; filename=\"_yciorys ___.pdf\"; filename*=UTF-8''%C5%BByciorys%20%22%C5%82%22%2Epdf"
        );
    }
}
