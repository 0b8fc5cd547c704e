//! Meetings, occasion alerts and the due-reminder counter in `/api/v1`. Times are the
//! installation's local time ("YYYY-MM-DD HH:MM") with the UTC instant beside them. The core
//! decides who may see what: a meeting on a contact the actor may not see is "not found".

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::ids::MeetingId;
use contacts_core::service::{MeetingFilter, MeetingInput, MeetingView, Service};
use contacts_core::store::{OccasionAlertKind, Store};
use contacts_core::Error;
use contacts_wire as wire;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{contact_id, ApiResult};
use crate::error::ApiError;
use crate::forms::flag;
use crate::forms::non_empty;
use crate::session::auth::ApiMe;
use crate::AppState;

fn meeting_id(s: &str) -> ApiResult<MeetingId> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("meeting")))
}

pub(crate) fn meeting_json(m: &MeetingView) -> Value {
    json!(contacts_wire::Meeting::from(m))
}

pub(crate) async fn due<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<wire::DueCounts>> {
    let svc = state.service();
    let c = svc.due_counts(&me.actor, svc.now())?;
    Ok(Json(wire::DueCounts::from(&c)))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    mine: Option<String>,
    contact: Option<String>,
    case: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn local_param<S: Store>(
    svc: &Service<S>,
    v: &Option<String>,
    field: &str,
) -> ApiResult<Option<chrono::DateTime<chrono::Utc>>> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => {
            let s = if s.len() == 10 {
                format!("{s} 00:00")
            } else {
                s.to_string()
            };
            svc.local_to_utc(&s).map(Some).map_err(|e| match e {
                Error::Invalid { reason, .. } => ApiError::Core(Error::invalid(field, reason)),
                other => ApiError::Core(other),
            })
        }
    }
}

/// Meetings the actor may see: `mine` (only those the actor takes part in), `contact`,
/// `case` (id or number), `from` and `to` (local date or time; `to` excluded).
pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let contact = match non_empty(&p.contact) {
        Some(c) => Some(contact_id(c)?),
        None => None,
    };
    let case = match non_empty(&p.case) {
        Some(c) => Some(svc.find_case(&me.actor, c)?.id),
        None => None,
    };
    let filter = MeetingFilter {
        mine: flag("mine", p.mine.as_deref())?,
        contact,
        case,
        from: local_param(svc, &p.from, "from")?,
        before: local_param(svc, &p.to, "to")?,
    };
    let list = svc.meetings(&me.actor, &filter)?;
    Ok(Json(Value::Array(list.iter().map(meeting_json).collect())))
}

pub(crate) async fn read<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let m = state.service().meeting(&me.actor, meeting_id(&id)?)?;
    Ok(Json(meeting_json(&m)))
}

/// A meeting to plan or change. Every field is optional for the parser so that the core
/// names the field that is wrong.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MeetingBody {
    title: Option<String>,
    /// Local time, "YYYY-MM-DD HH:MM".
    start: Option<String>,
    minutes: Option<u32>,
    place: Option<String>,
    contact_id: Option<i64>,
    /// A case id or number.
    case: Option<Value>,
    participants: Option<Vec<String>>,
    version: Option<u64>,
}

fn input<S: Store>(svc: &Service<S>, me: &ApiMe, b: &MeetingBody) -> ApiResult<MeetingInput> {
    let start = svc
        .local_to_utc(non_empty(&b.start).unwrap_or(""))
        .map_err(|e| match e {
            Error::Invalid { reason, .. } => ApiError::Core(Error::invalid("start", reason)),
            other => ApiError::Core(other),
        })?;
    let contact = match b.contact_id {
        Some(id) => Some(contact_id(&id.to_string())?),
        None => None,
    };
    let case = match &b.case {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(svc.find_case(&me.actor, &n.to_string())?.id),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(svc.find_case(&me.actor, s)?.id),
        Some(_) => {
            return Err(ApiError::Core(Error::invalid(
                "case",
                "a case id or number",
            )))
        }
    };
    Ok(MeetingInput {
        title: b.title.clone().unwrap_or_default(),
        start,
        minutes: b.minutes.unwrap_or(60),
        place: b.place.clone().unwrap_or_default(),
        contact,
        case,
        participants: b
            .participants
            .clone()
            .unwrap_or_else(|| vec![me.actor.name().to_string()]),
    })
}

/// Plans a meeting; without `participants`, the actor alone; without `minutes`, an hour.
pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<MeetingBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    if let Some(c) = b.contact_id {
        svc.get(&me.actor, contact_id(&c.to_string())?)?;
    }
    let i = input(svc, &me, &b)?;
    let m = svc.add_meeting(&me.actor, &i)?;
    Ok((StatusCode::CREATED, Json(meeting_json(&m))).into_response())
}

/// Changes a meeting at `version` (required); fields left out keep their value.
pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(mut b): Json<MeetingBody>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let id = meeting_id(&id)?;
    let old = svc.meeting(&me.actor, id)?;
    let version = b
        .version
        .ok_or_else(|| ApiError::Core(Error::invalid("version", "required")))?;
    let o = &old.meeting;
    b.title = b.title.or_else(|| Some(o.title.clone()));
    b.start = b
        .start
        .or_else(|| Some(old.start_local.format("%Y-%m-%d %H:%M").to_string()));
    b.minutes = b.minutes.or(Some(o.minutes));
    b.place = b.place.or_else(|| Some(o.place.clone()));
    b.contact_id = b.contact_id.or(o.contact.map(|c| c.0));
    if b.case.is_none() {
        b.case = o.case.map(|c| json!(c.0));
    }
    b.participants = b.participants.or_else(|| Some(old.participants.clone()));
    let i = input(svc, &me, &b)?;
    let m = svc.update_meeting(&me.actor, id, version, &i)?;
    Ok(Json(meeting_json(&m)))
}

pub(crate) async fn remove<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .delete_meeting(&me.actor, meeting_id(&id)?)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The actor's occasion alerts on a contact.
pub(crate) async fn alerts<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<wire::OccasionAlert>>> {
    let list = state
        .service()
        .occasion_alerts(&me.actor, Some(contact_id(&id)?))?;
    Ok(Json(list.iter().map(wire::OccasionAlert::from).collect()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AlertBody {
    /// Days before the occasion (0 to 60); null removes the alert.
    days_before: Option<u32>,
}

/// Sets (or with `days_before: null` removes) the actor's alert before the contact's
/// `birthday` or `nameday`.
pub(crate) async fn set_alert<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path((id, kind)): Path<(String, String)>,
    Json(b): Json<AlertBody>,
) -> ApiResult<Json<wire::OccasionAlert>> {
    let svc = state.service();
    let id = contact_id(&id)?;
    svc.get(&me.actor, id)?;
    let kind = OccasionAlertKind::parse(&kind)?;
    svc.set_occasion_alert(&me.actor, id, kind, b.days_before)?;
    Ok(Json(wire::OccasionAlert::new(id, kind, b.days_before)))
}
