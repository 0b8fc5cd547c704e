//! The dates part of `/api/v1`: upcoming birthdays and name-days, the name-day calendar,
//! reminders (list, read, set, take over, done) and the day plan. Times are the
//! installation's local time ("YYYY-MM-DD HH:MM"), each with its UTC instant beside it.
//! A reminder is visible exactly where its contact is: the core decides.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use contacts_core::date::MonthDay;
use contacts_core::ids::ReminderId;
use contacts_core::service::{Actor, Due, ReminderFilter, ReminderView, Service};
use contacts_core::store::Store;
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

fn reminder_id(s: &str) -> ApiResult<ReminderId> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("reminder")))
}

fn date_param(v: &Option<String>, field: &str) -> ApiResult<Option<NaiveDate>> {
    match non_empty(v) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| ApiError::Core(Error::invalid(field, format!("'{s}' is not YYYY-MM-DD")))),
    }
}

/// A window length in days; the service decides which lengths it takes.
fn days_param(v: &Option<String>, default: u32) -> ApiResult<u32> {
    let Some(s) = non_empty(v) else {
        return Ok(default);
    };
    s.parse::<u32>().map_err(|_| {
        ApiError::Core(Error::invalid(
            "days",
            format!("'{s}' is not a number of days"),
        ))
    })
}

pub(crate) fn reminder_json(r: &ReminderView) -> Value {
    json!(wire::Reminder::from(r))
}

// ---- upcoming and name-days -------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct UpcomingParams {
    days: Option<String>,
    from: Option<String>,
    birthdays: Option<String>,
    namedays: Option<String>,
}

/// Birthdays and name-days in `[from, from + days)`; `birthdays` or `namedays` alone narrow
/// it to that kind (neither or both: both).
pub(crate) async fn upcoming<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<UpcomingParams>,
) -> ApiResult<Json<wire::Upcoming>> {
    let svc = state.service();
    let days = days_param(&p.days, 7)?;
    let from = match date_param(&p.from, "from")? {
        Some(d) => d,
        None => svc.today()?,
    };
    let b = flag("birthdays", p.birthdays.as_deref())?;
    let n = flag("namedays", p.namedays.as_deref())?;
    let list = svc.upcoming(&me.actor, from, days, b, n)?;
    Ok(Json(wire::Upcoming {
        from: from.to_string(),
        days,
        items: list.iter().map(wire::Occasion::from).collect(),
    }))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NamedayParams {
    name: Option<String>,
    date: Option<String>,
}

fn month_day(s: &str) -> ApiResult<MonthDay> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(MonthDay::of(d));
    }
    s.trim_start_matches("--").parse::<MonthDay>().map_err(|_| {
        ApiError::Core(Error::invalid(
            "date",
            format!("'{s}' is not MM-DD or YYYY-MM-DD"),
        ))
    })
}

/// `name`: the days it is celebrated; `date` (or neither: today): the names celebrated.
pub(crate) async fn namedays<S: Store + 'static>(
    State(state): State<AppState<S>>,
    _me: ApiMe,
    Query(p): Query<NamedayParams>,
) -> ApiResult<Response> {
    let svc = state.service();
    let cal = svc.calendar()?;
    match (non_empty(&p.name), non_empty(&p.date)) {
        (Some(_), Some(_)) => Err(ApiError::Core(Error::invalid(
            "name",
            "give a name or a date, not both",
        ))),
        (Some(name), None) => match cal.lookup(name) {
            Ok(found) => Ok(Json(wire::NamedayDates {
                name: found.name,
                country: cal.country().to_string(),
                dates: found.dates.iter().map(ToString::to_string).collect(),
            })
            .into_response()),
            Err(unknown) => Ok((
                StatusCode::NOT_FOUND,
                Json(json!({
                    "error": "not_found",
                    "message": unknown.to_string(),
                    "suggestions": unknown.suggestions,
                })),
            )
                .into_response()),
        },
        (None, date) => {
            let day = match date {
                Some(s) => month_day(s)?,
                None => MonthDay::of(svc.today()?),
            };
            Ok(Json(wire::NamedayNames {
                date: day.to_string(),
                country: cal.country().to_string(),
                names: cal.names_on(day).to_vec(),
            })
            .into_response())
        }
    }
}

// ---- the day plan -----------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct AgendaParams {
    date: Option<String>,
    days: Option<String>,
}

/// The day plan of `[date, date + days)`: birthdays, name-days, reminders (overdue ones
/// included) and case deadlines, in time order, each tagged with its `type`.
pub(crate) async fn agenda<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<AgendaParams>,
) -> ApiResult<Json<wire::Agenda>> {
    let svc = state.service();
    let from = match date_param(&p.date, "date")? {
        Some(d) => d,
        None => svc.today()?,
    };
    let days = days_param(&p.days, 1)?;
    let items = svc.agenda(&me.actor, from, days, svc.now())?;
    // Kinds the core adds later appear once the wire format learns them.
    Ok(Json(wire::Agenda {
        from: from.to_string(),
        days,
        items: items.iter().filter_map(wire::AgendaItem::new).collect(),
    }))
}

// ---- reminders --------------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct RemindersParams {
    due: Option<String>,
    mine: Option<String>,
}

fn due_param(v: &Option<String>) -> ApiResult<Due> {
    match non_empty(v).unwrap_or("open") {
        "open" => Ok(Due::Open),
        "today" => Ok(Due::Today),
        "overdue" => Ok(Due::Overdue),
        "week" => Ok(Due::Week),
        "all" => Ok(Due::All),
        other => Err(ApiError::Core(Error::invalid(
            "due",
            format!("'{other}' is not open, today, overdue, week or all"),
        ))),
    }
}

/// The reminders the actor may see: `due` (open by default) and `mine`.
pub(crate) async fn reminders<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<RemindersParams>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let filter = ReminderFilter {
        mine: flag("mine", p.mine.as_deref())?,
        due: due_param(&p.due)?,
        contact: None,
    };
    let list = svc.reminders(&me.actor, &filter, svc.now())?;
    Ok(Json(Value::Array(list.iter().map(reminder_json).collect())))
}

/// Every reminder of one contact (done ones included, unless `due` says otherwise).
pub(crate) async fn contact_reminders<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Query(p): Query<RemindersParams>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let id = contact_id(&id)?;
    // The contact first: one the actor may not see is "not found", not an empty list.
    svc.get(&me.actor, id)?;
    let filter = ReminderFilter {
        mine: flag("mine", p.mine.as_deref())?,
        due: if p.due.is_none() {
            Due::All
        } else {
            due_param(&p.due)?
        },
        contact: Some(id),
    };
    let list = svc.reminders(&me.actor, &filter, svc.now())?;
    Ok(Json(Value::Array(list.iter().map(reminder_json).collect())))
}

pub(crate) async fn reminder<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let r = state.service().reminder(&me.actor, reminder_id(&id)?)?;
    Ok(Json(reminder_json(&r)))
}

/// A reminder to set. Every field is optional for the parser so that a contact the actor
/// may not see is "not found" whatever the body holds; the core then checks the values.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RemindBody {
    /// Local time, "YYYY-MM-DD HH:MM".
    at: Option<String>,
    text: Option<String>,
    /// A user name; none leaves it to whoever takes it.
    assignee: Option<String>,
}

pub(crate) async fn remind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<RemindBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let id = contact_id(&id)?;
    svc.get(&me.actor, id)?;
    let at = svc.local_to_utc(non_empty(&b.at).unwrap_or(""))?;
    let r = svc.remind(
        &me.actor,
        id,
        at,
        b.text.as_deref().unwrap_or(""),
        non_empty(&b.assignee),
    )?;
    let view = svc.reminder(&me.actor, r.id)?;
    Ok((StatusCode::CREATED, Json(reminder_json(&view))).into_response())
}

pub(crate) async fn take<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let r = svc.take_reminder(&me.actor, reminder_id(&id)?)?;
    Ok(Json(reminder_json(&svc.reminder(&me.actor, r.id)?)))
}

pub(crate) async fn done<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let svc = state.service();
    let r = svc.done_reminder(&me.actor, reminder_id(&id)?)?;
    Ok(Json(reminder_json(&svc.reminder(&me.actor, r.id)?)))
}

// ---- client history --------------------------------------------------------------------

/// The user names a history entry shows (its author's).
fn user_names<S: Store>(svc: &Service<S>, actor: &Actor) -> ApiResult<wire::Names> {
    Ok(wire::Names::new(
        svc.user_directory(actor)?
            .into_iter()
            .map(|u| (u.id, u.name)),
        [],
    ))
}

/// A business contact's history, newest first (a contact the actor may not see, or a
/// private one, is "not found").
pub(crate) async fn history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<wire::HistoryEntry>>> {
    let svc = state.service();
    let list = svc.history(&me.actor, contact_id(&id)?)?;
    let users = user_names(svc, &me.actor)?;
    Ok(Json(
        list.iter()
            .map(|e| wire::HistoryEntry::new(e, &users))
            .collect(),
    ))
}

/// A history entry to add: kind (joins the picklist when new), text, and when (local time;
/// now when left out).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HistoryBody {
    kind: Option<String>,
    text: Option<String>,
    at: Option<String>,
}

pub(crate) async fn add_history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<HistoryBody>,
) -> ApiResult<Response> {
    add_entry(&state, &me, &id, &b, Vec::new())
}

/// A history entry with one file: the file's bytes are the body, its type the
/// `Content-Type`, its name and the entry's kind, text and time the query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct HistoryFileParams {
    #[serde(default)]
    name: String,
    #[serde(flatten)]
    entry: HistoryBody,
}

pub(crate) async fn add_history_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Query(p): Query<HistoryFileParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let media_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let file = (p.name, media_type.to_string(), Vec::from(body));
    add_entry(&state, &me, &id, &p.entry, vec![file])
}

/// Adds an entry (with its files) to the contact `id` names, for both ways in.
fn add_entry<S: Store + 'static>(
    state: &AppState<S>,
    me: &ApiMe,
    id: &str,
    b: &HistoryBody,
    files: Vec<(String, String, Vec<u8>)>,
) -> ApiResult<Response> {
    let svc = state.service();
    let id = contact_id(id)?;
    // The contact first: one the actor may not see is "not found" whatever the body holds.
    svc.history(&me.actor, id)?;
    let at = match non_empty(&b.at) {
        Some(t) => Some(svc.local_to_utc(t)?),
        None => None,
    };
    let e = svc.add_history(
        &me.actor,
        id,
        b.kind.as_deref().unwrap_or(""),
        b.text.as_deref().unwrap_or(""),
        at,
        files,
    )?;
    let users = user_names(svc, &me.actor)?;
    Ok((
        StatusCode::CREATED,
        Json(wire::HistoryEntry::new(&e, &users)),
    )
        .into_response())
}

pub(crate) async fn history_entry<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::HistoryEntry>> {
    let svc = state.service();
    let id: contacts_core::ids::HistoryId = id
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found("history entry")))?;
    let e = svc.history_entry(&me.actor, id)?;
    let users = user_names(svc, &me.actor)?;
    Ok(Json(wire::HistoryEntry::new(&e, &users)))
}

/// Changes an entry's kind, text and time (each left out stays; files stay); only its
/// author or an admin may (the core's rule).
pub(crate) async fn update_history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<HistoryBody>,
) -> ApiResult<Json<wire::HistoryEntry>> {
    let svc = state.service();
    let id: contacts_core::ids::HistoryId = id
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found("history entry")))?;
    let e = svc.history_entry(&me.actor, id)?;
    let at = match non_empty(&b.at) {
        Some(t) => svc.local_to_utc(t)?,
        None => e.at,
    };
    let e = svc.update_history(
        &me.actor,
        id,
        b.kind.as_deref().unwrap_or(&e.kind),
        b.text.as_deref().unwrap_or(&e.text),
        at,
    )?;
    let users = user_names(svc, &me.actor)?;
    Ok(Json(wire::HistoryEntry::new(&e, &users)))
}

/// Only its author or an admin may remove an entry (the core's rule).
pub(crate) async fn remove_history<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id: contacts_core::ids::HistoryId = id
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found("history entry")))?;
    state.service().remove_history(&me.actor, id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn history_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id: contacts_core::ids::HistoryFileId = id
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found("history file")))?;
    let (info, bytes) = state.service().history_file(&me.actor, id)?;
    Ok(crate::view::stored::download_response(&info.name, bytes))
}
