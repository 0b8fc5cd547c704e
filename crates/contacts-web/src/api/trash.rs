//! The trash in the JSON API: list, restore, delete for good, empty.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::service::TrashItem;
use contacts_core::store::Store;
use contacts_core::Error;
use serde::Serialize;

use crate::api::ApiResult;
use crate::error::ApiError;
use crate::session::auth::ApiMe;
use crate::AppState;
use contacts_wire as wire;

#[derive(Debug, Serialize)]
struct TrashOut {
    id: i64,
    contact_id: i64,
    book: &'static str,
    name: String,
    deleted_at: String,
    deleted_by: i64,
    expires_at: String,
}

impl TrashOut {
    fn of(i: &TrashItem) -> TrashOut {
        TrashOut {
            id: i.entry.id,
            contact_id: i.entry.contact.0,
            book: if i.entry.book.is_business() {
                "business"
            } else {
                "private"
            },
            name: i.entry.name.clone(),
            deleted_at: i.entry.deleted_at.to_rfc3339(),
            deleted_by: i.entry.deleted_by.0,
            expires_at: i.expires_at.to_rfc3339(),
        }
    }
}

fn entry_id(s: &str) -> ApiResult<i64> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("trash entry")))
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Response> {
    let items = state.service().trash(&me.actor)?;
    let out: Vec<TrashOut> = items.iter().map(TrashOut::of).collect();
    Ok(Json(serde_json::json!({ "items": out })).into_response())
}

pub(crate) async fn restore<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let c = state
        .service()
        .restore_from_trash(&me.actor, entry_id(&id)?)?;
    Ok(Json(wire::Contact::from(&c)).into_response())
}

pub(crate) async fn purge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .purge_from_trash(&me.actor, entry_id(&id)?)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn empty<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Response> {
    let n = state.service().empty_trash(&me.actor)?;
    Ok(Json(serde_json::json!({ "deleted": n })).into_response())
}
