//! The trash in the JSON API: list, restore, delete for good, empty.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::store::Store;
use contacts_core::Error;

use crate::api::ApiResult;
use crate::error::ApiError;
use crate::session::auth::ApiMe;
use crate::AppState;
use contacts_wire as wire;

fn entry_id(s: &str) -> ApiResult<i64> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("trash entry")))
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Response> {
    let items = state.service().trash(&me.actor)?;
    let items = items.iter().map(wire::TrashEntry::from).collect();
    Ok(Json(wire::TrashPage { items }).into_response())
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
