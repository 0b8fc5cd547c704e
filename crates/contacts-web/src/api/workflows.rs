//! The office-workflow part of `/api/v1`: a company's people, a business client's account
//! manager and last contact (one, or many at once), and the takeover of an employee's
//! work with a dry run. The core holds every rule: only business contacts the actor may
//! see have a manager (anything else is "not found"), a manager is an enabled user, a
//! takeover is an admin's.

use axum::extract::{Path, State};
use axum::Json;
use contacts_core::ids::{ContactId, UserId};
use contacts_core::service::MAX_BULK;
use contacts_core::store::Store;
use contacts_core::Error;
use serde_json::{json, Map, Value};

use crate::api::{contact_id, ApiResult};
use crate::error::ApiError;
use crate::session::auth::ApiMe;
use crate::AppState;
use contacts_wire as wire;

fn invalid(field: &str, reason: impl std::fmt::Display) -> ApiError {
    ApiError::Core(Error::invalid(field, reason))
}

fn object(body: Value) -> ApiResult<Map<String, Value>> {
    match body {
        Value::Object(m) => Ok(m),
        _ => Err(invalid("body", "must be a JSON object")),
    }
}

/// `user_id`: a number, or null / absent to clear.
fn user_of(body: &Map<String, Value>) -> ApiResult<Option<UserId>> {
    match body.get("user_id") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(|n| Some(UserId(n)))
            .ok_or_else(|| invalid("user_id", "must be a user id (a number) or null")),
    }
}

fn facts_of<S: Store>(
    state: &AppState<S>,
    me: &ApiMe,
    id: ContactId,
) -> ApiResult<wire::ClientFacts> {
    let facts = state.service().client_facts(&me.actor, &[id])?;
    match facts.first() {
        Some((c, f)) => Ok(wire::ClientFacts::new(*c, f)),
        None => Err(ApiError::Core(Error::not_found(format!(
            "business contact {id}"
        )))),
    }
}

pub(crate) async fn people<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::ContactPage>> {
    let id = contact_id(&id)?;
    let people = state.service().people_of(&me.actor, id)?;
    let items: Vec<wire::Contact> = people.iter().map(wire::Contact::from).collect();
    Ok(Json(wire::ContactPage {
        total: items.len() as u64,
        items,
    }))
}

pub(crate) async fn client<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::ClientFacts>> {
    let id = contact_id(&id)?;
    Ok(Json(facts_of(&state, &me, id)?))
}

pub(crate) async fn set_manager<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<Json<wire::ClientFacts>> {
    let id = contact_id(&id)?;
    let body = object(body)?;
    let user = user_of(&body)?;
    state.service().set_account_manager(&me.actor, id, user)?;
    Ok(Json(facts_of(&state, &me, id)?))
}

pub(crate) async fn set_managers<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<Value>,
) -> ApiResult<Json<Value>> {
    let body = object(body)?;
    let user = user_of(&body)?;
    let ids: Vec<ContactId> = match body.get("contacts") {
        Some(Value::Array(a)) if a.len() <= MAX_BULK => a
            .iter()
            .map(|v| {
                v.as_i64()
                    .map(ContactId)
                    .ok_or_else(|| invalid("contacts", "must be contact ids (numbers)"))
            })
            .collect::<ApiResult<_>>()?,
        Some(Value::Array(a)) => {
            return Err(invalid(
                "contacts",
                format!("{} contacts is more than the limit of {MAX_BULK}", a.len()),
            ))
        }
        _ => return Err(invalid("contacts", "must be an array of contact ids")),
    };
    let changed = state
        .service()
        .set_account_managers(&me.actor, &ids, user)?;
    Ok(Json(json!({ "changed": changed, "contacts": ids.len() })))
}

fn name_field(body: &Map<String, Value>, field: &str) -> ApiResult<String> {
    match body.get(field).and_then(Value::as_str) {
        Some(s) if !s.trim().is_empty() && s.len() <= 1000 => Ok(s.trim().to_string()),
        _ => Err(invalid(field, "must be a user name")),
    }
}

pub(crate) async fn takeover<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<Value>,
) -> ApiResult<Json<wire::TakeoverReport>> {
    let body = object(body)?;
    let from = name_field(&body, "from")?;
    let to = name_field(&body, "to")?;
    let dry_run = match body.get("dry_run") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(invalid("dry_run", "must be true or false")),
    };
    let svc = state.service();
    let report = if dry_run {
        svc.takeover_preview(&me.actor, &from, &to)?
    } else {
        let r = svc.takeover(&me.actor, &from, &to)?;
        tracing::info!(admin = %me.actor.id(), from, to, "admin handed over an employee's work");
        r
    };
    let name = |c| {
        svc.get(&me.actor, c)
            .map(|x| x.data.display_name())
            .unwrap_or_default()
    };
    Ok(Json(wire::TakeoverReport::new(
        &report, &from, &to, dry_run, name,
    )))
}
