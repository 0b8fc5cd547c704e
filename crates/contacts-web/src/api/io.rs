//! `/api/v1/import` and `/api/v1/export`: the browser's import and export for programs.
//!
//! An import takes the file as the raw request body or as the `file` part of a
//! `multipart/form-data` body; the choices are query parameters. The answer is the
//! summary (`contacts_wire::ImportSummary`, what the CLI's `--json` prints too). An export
//! answers the file as a download.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use contacts_core::service::{BookKind, ExportSelection};
use contacts_core::store::Store;
use contacts_core::Error;
use contacts_wire as wire;
use serde::Deserialize;

use crate::api::ApiResult;
use crate::error::ApiError;
use crate::forms::flag;
use crate::limits::MAX_IMPORT_BYTES;
use crate::parts::interchange::{
    export_bytes, export_response, file_name, import_book, on_duplicate, parse_ids, run_import,
    ExportFormat, ImportFormat,
};
use crate::session::auth::ApiMe;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ImportParams {
    book: Option<String>,
    format: Option<String>,
    #[serde(alias = "on-duplicate")]
    on_duplicate: Option<String>,
    #[serde(alias = "dry-run")]
    dry_run: Option<String>,
    /// The file name failures are reported under (a multipart part's own name wins).
    name: Option<String>,
}

/// The file of a multipart body: the part named `file`, else the first part with a file name.
async fn multipart_file(content_type: &str, body: Bytes) -> ApiResult<(String, Bytes)> {
    let bad = || ApiError::Status(StatusCode::BAD_REQUEST, "malformed multipart body");
    let req = Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .map_err(|_| bad())?;
    let mut mp = Multipart::from_request(req, &()).await.map_err(|_| bad())?;
    while let Some(field) = mp.next_field().await.map_err(|_| bad())? {
        let named_file = field.name() == Some("file");
        if named_file || field.file_name().is_some() {
            let name = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| bad())?;
            return Ok((name, bytes));
        }
    }
    Err(ApiError::Core(Error::invalid(
        "file",
        "the multipart body has no file part",
    )))
}

pub(crate) async fn import<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<wire::ImportSummary>> {
    let book = import_book(p.book.as_deref())?;
    let format = ImportFormat::parse(p.format.as_deref())?;
    let policy = on_duplicate(p.on_duplicate.as_deref())?;
    let dry_run = flag("dry_run", p.dry_run.as_deref())?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (name, bytes) = if content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        multipart_file(content_type, body).await?
    } else {
        (String::new(), body)
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ApiError::Status(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the file is too large",
        ));
    }
    let name = if name.is_empty() {
        p.name.unwrap_or_default()
    } else {
        name
    };
    let summary = run_import(
        state.service(),
        &me.actor,
        book,
        &name,
        &bytes,
        format,
        policy,
        dry_run,
    )?;
    Ok(Json(wire::ImportSummary::from(&summary)))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ExportParams {
    book: Option<String>,
    ids: Option<String>,
    format: Option<String>,
    version: Option<String>,
}

/// `ids` (comma-separated) or a whole `book`; every contact through the core's access rule.
pub(crate) async fn export<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ExportParams>,
) -> ApiResult<Response> {
    let svc = state.service();
    let format = ExportFormat::parse(p.format.as_deref(), p.version.as_deref())?;
    let day = svc.today()?.format("%Y-%m-%d");
    let ids = p.ids.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (selection, name) = match (ids, p.book.as_deref().map(str::trim)) {
        (Some(ids), _) => (
            ExportSelection::Ids(parse_ids(ids)?),
            format!("contacts-{day}"),
        ),
        (None, Some("private")) => (
            ExportSelection::Book(BookKind::Private),
            format!("contacts-private-{day}"),
        ),
        (None, Some("business")) => (
            ExportSelection::Book(BookKind::Business),
            format!("contacts-business-{day}"),
        ),
        _ => {
            return Err(ApiError::Core(Error::invalid(
                "book",
                "give ids, or book=private or book=business",
            )))
        }
    };
    let (bytes, _) = export_bytes(svc, &me.actor, &selection, format)?;
    Ok(export_response(
        &file_name(&name, format.extension()),
        format,
        bytes,
    ))
}
