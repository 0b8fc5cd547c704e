//! The cases part of `/api/v1`: list, read (with items, totals and the timeline), create,
//! edit (optimistic locking: a stale `version` answers 409 with the stored case), close,
//! reopen, add an item, add a note. A case is addressed by its id or by its number
//! (`2026%2F0001`). Cases belong to the business book; the core checks that their
//! counterparty and person are business contacts the actor may see.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use contacts_core::case::{Case, CaseData, CaseItem, CaseQuery, Priority};
use contacts_core::ids::{ContactId, LabelId};
use contacts_core::money::{Amount, Currency};
use contacts_core::service::{Actor, DetailInput, DetailPatch, Service};
use contacts_core::store::Store;
use contacts_core::Error;
use contacts_wire::{self as wire, Names};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::api::ApiResult;
use crate::error::ApiError;
use crate::session::auth::ApiMe;
use crate::AppState;

fn invalid(field: &str, reason: impl std::fmt::Display) -> ApiError {
    ApiError::Core(Error::invalid(field, reason))
}

/// User and case-kind names, loaded once per request.
fn names<S: Store>(svc: &Service<S>, actor: &Actor) -> ApiResult<Names> {
    Ok(Names::new(
        svc.user_directory(actor)?
            .into_iter()
            .map(|u| (u.id, u.name)),
        svc.case_kinds()?.into_iter().map(|l| (l.id, l.name)),
    ))
}

fn case_wire<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    c: &Case,
    names: &Names,
) -> ApiResult<wire::Case> {
    let counterparty_name = svc
        .get(actor, c.data.counterparty)
        .map(|x| x.data.display_name())
        .unwrap_or_default();
    Ok(wire::Case::new(c, counterparty_name, names)?)
}

fn find<S: Store>(svc: &Service<S>, actor: &Actor, key: &str) -> ApiResult<Case> {
    Ok(svc.find_case(actor, key)?)
}

// ---- list and read ----------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    status: Option<String>,
    counterparty: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn number_param(v: &Option<String>, field: &str, default: usize) -> ApiResult<usize> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| invalid(field, format!("'{s}' is not a number"))),
    }
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<wire::CasePage>> {
    let svc = state.service();
    let open = match p.status.as_deref().map(str::trim).unwrap_or("open") {
        "" | "open" => Some(true),
        "closed" => Some(false),
        "all" => None,
        other => {
            return Err(invalid(
                "status",
                format!("'{other}' is not open, closed or all"),
            ))
        }
    };
    let counterparty = match p.counterparty.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            s.parse::<ContactId>()
                .map_err(|_| ApiError::Core(Error::not_found("contact")))?,
        ),
    };
    let q = CaseQuery {
        open,
        counterparty,
        limit: number_param(&p.limit, "limit", 50)?.clamp(1, 1000),
        offset: number_param(&p.offset, "offset", 0)?,
        ..CaseQuery::default()
    };
    let total = svc.count_cases(&me.actor, &q)?;
    let names = names(svc, &me.actor)?;
    let mut items = Vec::new();
    for c in svc.cases(&me.actor, &q)? {
        items.push(case_wire(svc, &me.actor, &c, &names)?);
    }
    Ok(Json(wire::CasePage { total, items }))
}

/// A case with its person's name and its timeline: detail items and the counterparty's
/// history, oldest first, each tagged with its `source`.
pub(crate) async fn read<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::CaseView>> {
    let svc = state.service();
    let case = find(svc, &me.actor, &id)?;
    let view = svc.open_case(&me.actor, case.id)?;
    let names = names(svc, &me.actor)?;
    Ok(Json(wire::CaseView::new(&view, &names)?))
}

// ---- create and edit --------------------------------------------------------------------------

fn date_value(field: &str, v: &Value) -> ApiResult<Option<NaiveDate>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| invalid(field, format!("'{s}' is not YYYY-MM-DD"))),
        _ => Err(invalid(field, "must be a date YYYY-MM-DD or null")),
    }
}

fn text_value(field: &str, v: &Value) -> ApiResult<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        _ => Err(invalid(field, "must be text")),
    }
}

fn id_value(field: &str, v: &Value) -> ApiResult<Option<i64>> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| invalid(field, "must be an id")),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| invalid(field, format!("'{s}' is not an id"))),
        _ => Err(invalid(field, "must be an id or null")),
    }
}

/// Applies the fields present in `body` over `data`: absent fields keep their value, `null`
/// clears an optional one. An unknown field is refused (a typo would be lost silently).
fn apply<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    mut data: CaseData,
    body: &Map<String, Value>,
) -> ApiResult<CaseData> {
    for (k, v) in body {
        match k.as_str() {
            "version" => {}
            "title" => data.title = text_value(k, v)?,
            "counterparty" => {
                data.counterparty = ContactId(
                    id_value(k, v)?.ok_or_else(|| invalid(k, "a case needs a counterparty"))?,
                )
            }
            "person" => data.person = id_value(k, v)?.map(ContactId),
            "external_number" => data.external_number = text_value(k, v)?,
            "registered_on" => {
                data.registered_on =
                    date_value(k, v)?.ok_or_else(|| invalid(k, "a case needs a date"))?
            }
            "deadline" => data.deadline = date_value(k, v)?,
            "responsible" => {
                let name = text_value(k, v)?;
                data.responsible = svc.user_named(actor, k, &name)?.id;
            }
            "priority" => data.priority = Priority::parse(&text_value(k, v)?)?,
            "kind" => {
                data.kind = match v {
                    Value::String(s)
                        if s.trim().parse::<i64>().is_err() && !s.trim().is_empty() =>
                    {
                        let kinds = svc.case_kinds()?;
                        let found = kinds
                            .iter()
                            .find(|l| l.name.eq_ignore_ascii_case(s.trim()))
                            .ok_or_else(|| invalid(k, format!("no case kind '{}'", s.trim())))?;
                        Some(found.id)
                    }
                    other => id_value(k, other)?.map(LabelId),
                }
            }
            "only_listed_articles" => {
                data.only_listed_articles = v
                    .as_bool()
                    .ok_or_else(|| invalid(k, "must be true or false"))?
            }
            other => return Err(invalid(other, "is not a field of a case")),
        }
    }
    Ok(data)
}

fn object(v: Value) -> ApiResult<Map<String, Value>> {
    match v {
        Value::Object(m) => Ok(m),
        _ => Err(invalid("body", "must be a JSON object")),
    }
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    let svc = state.service();
    let body = object(body)?;
    if !body.contains_key("counterparty") {
        return Err(invalid("counterparty", "a case needs a counterparty"));
    }
    let number = match body.get("number") {
        None | Some(Value::Null) => None,
        Some(v) => Some(text_value("number", v)?),
    };
    let mut rest = body.clone();
    rest.remove("number");
    let base = CaseData::new("", ContactId(0), me.actor.id(), svc.today()?);
    let data = apply(svc, &me.actor, base, &rest)?;
    let case = svc.create_case_numbered(&me.actor, data, number.as_deref())?;
    let names = names(svc, &me.actor)?;
    Ok((
        StatusCode::CREATED,
        Json(case_wire(svc, &me.actor, &case, &names)?),
    )
        .into_response())
}

fn version_of(body: &Map<String, Value>) -> ApiResult<Option<u64>> {
    match body.get("version") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| invalid("version", "must be a whole number")),
    }
}

/// A stale version: 409 with the stored case, so the caller can decide.
fn conflict<S: Store>(
    svc: &Service<S>,
    actor: &Actor,
    key: &str,
    msg: String,
) -> ApiResult<Response> {
    let current = find(svc, actor, key)?;
    let names = names(svc, actor)?;
    Ok((
        StatusCode::CONFLICT,
        Json(json!({
            "error": "conflict",
            "message": msg,
            "current": case_wire(svc, actor, &current, &names)?,
        })),
    )
        .into_response())
}

/// Changes the fields given, at `version` (required: the API never overwrites blindly).
pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let body = object(body)?;
    let version = version_of(&body)?.ok_or_else(|| invalid("version", "is required"))?;
    let data = apply(svc, &me.actor, current.data.clone(), &body)?;
    match svc.update_case(&me.actor, current.id, version, data) {
        Ok(c) => {
            let names = names(svc, &me.actor)?;
            Ok(Json(case_wire(svc, &me.actor, &c, &names)?).into_response())
        }
        Err(Error::Conflict(msg)) => conflict(svc, &me.actor, &id, msg),
        Err(e) => Err(e.into()),
    }
}

/// `{"version": n}` optional: without it, the current version.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct VersionBody {
    version: Option<u64>,
}

pub(crate) async fn close<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    body: Option<Json<VersionBody>>,
) -> ApiResult<Response> {
    status_change(&state, &me, &id, body, true)
}

pub(crate) async fn reopen<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    body: Option<Json<VersionBody>>,
) -> ApiResult<Response> {
    status_change(&state, &me, &id, body, false)
}

fn status_change<S: Store>(
    state: &AppState<S>,
    me: &ApiMe,
    id: &str,
    body: Option<Json<VersionBody>>,
    close: bool,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, id)?;
    let version = body
        .and_then(|Json(b)| b.version)
        .unwrap_or(current.meta.version);
    let done = if close {
        svc.close_case(&me.actor, current.id, version)
    } else {
        svc.reopen_case(&me.actor, current.id, version)
    };
    match done {
        Ok(c) => {
            let names = names(svc, &me.actor)?;
            Ok(Json(case_wire(svc, &me.actor, &c, &names)?).into_response())
        }
        Err(Error::Conflict(msg)) => conflict(svc, &me.actor, id, msg),
        Err(e) => Err(e.into()),
    }
}

/// An item under negotiation. Numbers as JSON numbers or text ("1200,50" too).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ItemBody {
    article: String,
    quantity: Option<Value>,
    unit: String,
    unit_price: Option<Value>,
    currency: Option<String>,
    payment: String,
}

fn amount(field: &str, v: &Option<Value>) -> ApiResult<Amount> {
    let text = match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.trim().replace(',', "."),
        _ => return Err(invalid(field, "is required (a number)")),
    };
    Ok(Amount::parse(field, &text)?)
}

pub(crate) async fn add_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<ItemBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let mut item = CaseItem::new(
        &b.article,
        amount("quantity", &b.quantity)?,
        amount("unit_price", &b.unit_price)?,
    );
    item.unit = b.unit.trim().to_string();
    item.payment = b.payment.trim().to_string();
    if let Some(c) = b.currency.as_deref().filter(|c| !c.trim().is_empty()) {
        item.currency = Currency::parse(c)?;
    }
    let case = svc.add_case_item(&me.actor, current.id, item)?;
    let names = names(svc, &me.actor)?;
    Ok((
        StatusCode::CREATED,
        Json(case_wire(svc, &me.actor, &case, &names)?),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NoteBody {
    kind: String,
    text: String,
    /// Local time "YYYY-MM-DD HH:MM"; now when absent.
    at: Option<String>,
}

pub(crate) async fn add_note<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<NoteBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let at = match b.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(svc.local_to_utc(s)?),
        None => None,
    };
    let input = DetailInput::Note {
        kind: b.kind,
        text: b.text,
    };
    let d = svc.add_detail(&me.actor, current.id, at, input)?;
    let names = names(svc, &me.actor)?;
    Ok((StatusCode::CREATED, Json(wire::CaseDetail::new(&d, &names))).into_response())
}

// ---- documents, item and entry edits ----------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DocumentBody {
    kind: String,
    symbol: String,
    content: String,
    /// Takes the next number of the kind's sequence (after `symbol`, if given).
    next_number: bool,
    /// Local time "YYYY-MM-DD HH:MM"; now when absent.
    at: Option<String>,
}

fn local_at<S: Store>(
    svc: &Service<S>,
    at: &Option<String>,
) -> ApiResult<Option<chrono::DateTime<chrono::Utc>>> {
    match at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Ok(Some(svc.local_to_utc(s).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("at", reason),
            other => other,
        })?)),
        None => Ok(None),
    }
}

pub(crate) async fn add_document<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<DocumentBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let at = local_at(svc, &b.at)?;
    let input = DetailInput::Document {
        kind: b.kind,
        symbol: b.symbol,
        content: b.content,
        next_number: b.next_number,
    };
    let d = svc.add_detail(&me.actor, current.id, at, input)?;
    let names = names(svc, &me.actor)?;
    Ok((StatusCode::CREATED, Json(wire::CaseDetail::new(&d, &names))).into_response())
}

fn line_of(line: &str) -> ApiResult<usize> {
    line.trim()
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found(format!("item {line}"))))
}

/// Changes the fields given of item `line` (from 1); `version` (optional) is the case's.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ItemChange {
    article: Option<String>,
    quantity: Option<Value>,
    unit: Option<String>,
    unit_price: Option<Value>,
    currency: Option<String>,
    payment: Option<String>,
    version: Option<u64>,
}

pub(crate) async fn update_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path((id, line)): Path<(String, String)>,
    Json(b): Json<ItemChange>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let n = line_of(&line)?;
    let mut item = n
        .checked_sub(1)
        .and_then(|i| current.data.items.get(i))
        .cloned()
        .ok_or_else(|| ApiError::Core(Error::not_found(format!("item {n}"))))?;
    if let Some(a) = &b.article {
        item.article = a.trim().to_string();
    }
    if b.quantity.is_some() {
        item.quantity = amount("quantity", &b.quantity)?;
    }
    if b.unit_price.is_some() {
        item.unit_price = amount("unit_price", &b.unit_price)?;
    }
    if let Some(u) = &b.unit {
        item.unit = u.trim().to_string();
    }
    if let Some(p) = &b.payment {
        item.payment = p.trim().to_string();
    }
    if let Some(c) = b.currency.as_deref().filter(|c| !c.trim().is_empty()) {
        item.currency = Currency::parse(c)?;
    }
    let version = b.version.unwrap_or(current.meta.version);
    let done = svc.modify_case_at(&me.actor, current.id, version, |d| {
        let slot = n
            .checked_sub(1)
            .and_then(|i| d.items.get_mut(i))
            .ok_or_else(|| Error::invalid("item", format!("the case has no item number {n}")))?;
        *slot = item;
        Ok(())
    });
    match done {
        Ok(c) => {
            let names = names(svc, &me.actor)?;
            Ok(Json(case_wire(svc, &me.actor, &c, &names)?).into_response())
        }
        Err(Error::Conflict(msg)) => conflict(svc, &me.actor, &id, msg),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn remove_item<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path((id, line)): Path<(String, String)>,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    let n = line_of(&line)?;
    let c = svc.remove_case_item(&me.actor, current.id, n)?;
    let names = names(svc, &me.actor)?;
    Ok(Json(case_wire(svc, &me.actor, &c, &names)?).into_response())
}

fn detail_key(id: &str) -> ApiResult<contacts_core::ids::DetailId> {
    id.trim()
        .parse()
        .map_err(|_| ApiError::Core(Error::not_found("detail item")))
}

pub(crate) async fn read_detail<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::CaseDetail>> {
    let svc = state.service();
    let (d, _) = svc.detail(&me.actor, detail_key(&id)?)?;
    let names = names(svc, &me.actor)?;
    Ok(Json(wire::CaseDetail::new(&d, &names)))
}

/// The fields given change; the others stay. `version` is required.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct DetailChange {
    version: Option<u64>,
    at: Option<String>,
    kind: Option<String>,
    text: Option<String>,
    symbol: Option<String>,
    content: Option<String>,
    next_number: bool,
    name: Option<String>,
    note: Option<String>,
}

pub(crate) async fn update_detail<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<DetailChange>,
) -> ApiResult<Response> {
    let svc = state.service();
    let (old, _) = svc.detail(&me.actor, detail_key(&id)?)?;
    let version = b.version.ok_or_else(|| invalid("version", "is required"))?;
    let input = DetailPatch {
        kind: b.kind,
        text: b.text,
        symbol: b.symbol,
        content: b.content,
        next_number: b.next_number,
        name: b.name,
        note: b.note,
    }
    .onto(&old.body);
    let at = local_at(svc, &b.at)?;
    match svc.update_detail(&me.actor, old.id, version, at, input) {
        Ok(d) => {
            let names = names(svc, &me.actor)?;
            Ok(Json(wire::CaseDetail::new(&d, &names)).into_response())
        }
        Err(Error::Conflict(msg)) => {
            let (current, _) = svc.detail(&me.actor, old.id)?;
            let names = names(svc, &me.actor)?;
            Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "error": "conflict",
                    "message": msg,
                    "current": wire::CaseDetail::new(&current, &names),
                })),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn remove_detail<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let svc = state.service();
    let (d, _) = svc.detail(&me.actor, detail_key(&id)?)?;
    svc.remove_detail(&me.actor, d.id)?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- numbers, parties and kinds ----------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NextParams {
    date: Option<String>,
}

/// The number the next case registered on `date` (today by default) would get.
pub(crate) async fn next_number<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<NextParams>,
) -> ApiResult<Json<wire::CaseNumber>> {
    let svc = state.service();
    let date = match p.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => contacts_core::format::parse_date("date", s)?,
        None => svc.today()?,
    };
    Ok(Json(wire::CaseNumber {
        number: svc.next_case_number(&me.actor, date)?,
        pattern: svc.case_number_pattern()?.as_str().to_string(),
    }))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct PartyParams {
    #[serde(default)]
    q: String,
    org: Option<String>,
}

/// Business contacts a case's counterparty (or, with `org`, its contact person) can be,
/// by name as it is typed: the case form asks this for its suggestions.
pub(crate) async fn parties<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<PartyParams>,
) -> ApiResult<Json<wire::CaseParties>> {
    let org = match p.org.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<ContactId>()
                .map_err(|_| ApiError::Core(Error::not_found("contact")))?,
        ),
        None => None,
    };
    let found = state
        .service()
        .case_party_candidates(&me.actor, &p.q, org)?;
    Ok(Json(wire::CaseParties {
        candidates: found.iter().map(wire::CaseParty::from).collect(),
    }))
}

pub(crate) async fn kinds<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Vec<wire::CaseKind>>> {
    let all = state.service().case_kind_uses(&me.actor)?;
    Ok(Json(
        all.iter()
            .map(|(l, n)| wire::CaseKind::new(l, *n))
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct KindBody {
    name: String,
}

pub(crate) async fn add_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<KindBody>,
) -> ApiResult<Response> {
    let l = state.service().add_case_kind(&me.actor, &b.name)?;
    Ok((StatusCode::CREATED, Json(wire::CaseKind::new(&l, 0))).into_response())
}

pub(crate) async fn rename_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(kind): Path<String>,
    Json(b): Json<KindBody>,
) -> ApiResult<Json<wire::CaseKind>> {
    let svc = state.service();
    let l = svc.rename_case_kind(&me.actor, &kind, &b.name)?;
    let n = svc
        .case_kind_uses(&me.actor)?
        .into_iter()
        .find(|(k, _)| k.id == l.id)
        .map_or(0, |(_, n)| n);
    Ok(Json(wire::CaseKind::new(&l, n)))
}

pub(crate) async fn remove_kind<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(kind): Path<String>,
) -> ApiResult<StatusCode> {
    state.service().remove_case_kind(&me.actor, &kind)?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- reminders and tasks -------------------------------------------------------------------------

pub(crate) async fn case_reminders<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<wire::Reminder>>> {
    let svc = state.service();
    let case = find(svc, &me.actor, &id)?;
    let list = svc.case_reminders(&me.actor, case.id)?;
    Ok(Json(list.iter().map(wire::Reminder::from).collect()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TaskBody {
    /// Local time, "YYYY-MM-DD HH:MM".
    at: Option<String>,
    text: Option<String>,
    assignee: Option<String>,
}

/// A reminder or task on a case: a reminder on its counterparty linked to the case.
pub(crate) async fn remind_on_case<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(b): Json<TaskBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let case = find(svc, &me.actor, &id)?;
    let at = match b.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => svc.local_to_utc(s).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid("at", reason),
            other => other,
        })?,
        None => return Err(invalid("at", "is required (local time YYYY-MM-DD HH:MM)")),
    };
    let r = svc.remind_on_case(
        &me.actor,
        case.id,
        at,
        b.text.as_deref().unwrap_or(""),
        b.assignee.as_deref(),
    )?;
    let view = svc.reminder(&me.actor, r.id)?;
    Ok((StatusCode::CREATED, Json(wire::Reminder::from(&view))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FileParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    note: String,
    /// Local time "YYYY-MM-DD HH:MM"; now when absent.
    at: Option<String>,
}

/// A file entry: the body is the file's bytes, its media type the `Content-Type`.
pub(crate) async fn add_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Query(p): Query<FileParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let svc = state.service();
    let current = find(svc, &me.actor, &id)?;
    if body.is_empty() {
        return Err(invalid("file", "the body holds no bytes"));
    }
    let media_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let at = local_at(svc, &p.at)?;
    let input = DetailInput::File {
        name: p.name,
        media_type,
        note: p.note,
        bytes: Some(Vec::from(body)),
    };
    let d = svc.add_detail(&me.actor, current.id, at, input)?;
    let names = names(svc, &me.actor)?;
    Ok((StatusCode::CREATED, Json(wire::CaseDetail::new(&d, &names))).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PatternBody {
    pattern: String,
}

/// Sets the case number pattern (admins); answers like `/case-numbers/next`.
pub(crate) async fn set_pattern<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<PatternBody>,
) -> ApiResult<Json<wire::CaseNumber>> {
    let svc = state.service();
    svc.set_setting(
        &me.actor,
        contacts_core::case::NUMBER_PATTERN_SETTING,
        b.pattern.trim(),
    )?;
    Ok(Json(wire::CaseNumber {
        number: svc.next_case_number(&me.actor, svc.today()?)?,
        pattern: svc.case_number_pattern()?.as_str().to_string(),
    }))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ReplaceParams {
    /// The entry's version the change is made against.
    version: Option<u64>,
    /// The new file name; the entry's current one when absent.
    name: Option<String>,
}

/// `PUT /case-details/{id}/content`: a file entry's content replaced by the body (its media
/// type the `Content-Type`); the note and date stay. A stale version is 409 with the
/// current entry, like `PUT /case-details/{id}`.
pub(crate) async fn replace_file<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Query(p): Query<ReplaceParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let svc = state.service();
    let (old, _) = svc.detail(&me.actor, detail_key(&id)?)?;
    let contacts_core::case::DetailBody::File { name, note, .. } = &old.body else {
        return Err(invalid("id", format!("detail item {id} is not a file")));
    };
    let version = p.version.ok_or_else(|| invalid("version", "is required"))?;
    if body.is_empty() {
        return Err(invalid("file", "the body holds no bytes"));
    }
    let media_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let input = DetailInput::File {
        name: p.name.unwrap_or_else(|| name.clone()),
        media_type,
        note: note.clone(),
        bytes: Some(Vec::from(body)),
    };
    match svc.update_detail(&me.actor, old.id, version, None, input) {
        Ok(d) => {
            let names = names(svc, &me.actor)?;
            Ok(Json(wire::CaseDetail::new(&d, &names)).into_response())
        }
        Err(Error::Conflict(msg)) => {
            let (current, _) = svc.detail(&me.actor, old.id)?;
            let names = names(svc, &me.actor)?;
            Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "error": "conflict",
                    "message": msg,
                    "current": wire::CaseDetail::new(&current, &names),
                })),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
