//! The JSON API under `/api/v1`: the same operations as the pages, for scripts and other
//! programs. Authentication is a personal bearer token (Settings → API token) or the
//! session cookie plus an `X-CSRF-Token` header on writes. Wire types live here and are
//! converted by hand (through the same form parser the pages use).

pub(crate) mod cases;
pub(crate) mod dates;
pub(crate) mod duplicates;
pub(crate) mod io;
pub(crate) mod mailing;
pub(crate) mod meetings;
pub(crate) mod trash;
pub(crate) mod workflows;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::category::CategoryKey;
use contacts_core::ids::{AttachmentId, ContactId, LabelId};
use contacts_core::model::{AttachmentInfo, Book, Contact, ContactData, FieldValue, User};
use contacts_core::service::{BookKind, ListFilter};
use contacts_core::store::{FieldDef, FieldType, Label, ListKind, Store};
use contacts_core::Error;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::session::auth::{resolve, ApiMe};

use crate::error::ApiError;
use crate::forms::contact::{AddressForm, ContactForm};
use crate::AppState;

/// The OpenAPI description, written by hand.
pub const OPENAPI: &str = include_str!("../../assets/openapi.json");

pub(crate) type ApiResult<T> = Result<T, ApiError>;

pub(crate) async fn openapi(_me: ApiMe) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub(crate) fn contact_id(s: &str) -> ApiResult<ContactId> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("contact")))
}

fn attachment_id(s: &str) -> ApiResult<AttachmentId> {
    s.parse()
        .map_err(|_| ApiError::Core(Error::not_found("attachment")))
}

// ---- wire types ---------------------------------------------------------------------

/// A labelled value: an e-mail, phone or web site.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LabeledJson {
    #[serde(default)]
    pub label: String,
    pub value: String,
    /// Phones only, on output: the E.164 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e164: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AddressJson {
    pub label: String,
    pub street: String,
    pub extended: String,
    pub po_box: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MessengerJson {
    pub service: String,
    pub handle: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct NameJson {
    pub prefix: String,
    pub given: String,
    pub additional: String,
    pub family: String,
    pub suffix: String,
}

/// The editable part of a contact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ContactJson {
    /// `person` or `organisation`.
    pub kind: String,
    pub name: NameJson,
    pub nickname: String,
    pub org_name: String,
    pub org_id: Option<i64>,
    pub department: String,
    pub job_title: String,
    pub emails: Vec<LabeledJson>,
    pub phones: Vec<LabeledJson>,
    pub addresses: Vec<AddressJson>,
    pub websites: Vec<LabeledJson>,
    pub messengers: Vec<MessengerJson>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    /// `MM-DD`.
    pub nameday: Option<String>,
    pub anniversary: Option<String>,
    /// M, F, O, N or U.
    pub gender: Option<String>,
    pub notes: String,
    pub nip: Option<String>,
    pub regon: Option<String>,
    pub bank_account: Option<String>,
    /// Private book: a category key.
    pub category: Option<String>,
    /// Business book: group ids.
    pub groups: Vec<i64>,
    /// Business book: a status id.
    pub status: Option<i64>,
    /// Business book: custom field id → value (string, number or boolean).
    pub custom: BTreeMap<String, Value>,
    pub no_mailing: bool,
}

/// A stored contact.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContactOut {
    pub id: i64,
    /// `private` or `business`.
    pub book: &'static str,
    pub display_name: String,
    pub version: u64,
    pub created_at: String,
    pub created_by: i64,
    pub updated_at: String,
    pub updated_by: i64,
    pub has_photo: bool,
    #[serde(flatten)]
    pub data: ContactJson,
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn custom_json(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) | FieldValue::Choice(s) => Value::String(s.clone()),
        FieldValue::Number(n) => json!(n),
        FieldValue::Date(d) => Value::String(d.to_string()),
        FieldValue::YesNo(b) => Value::Bool(*b),
    }
}

impl ContactJson {
    pub fn from_data(d: &ContactData) -> ContactJson {
        let f = ContactForm::from_data(d);
        ContactJson {
            kind: f.kind,
            name: NameJson {
                prefix: f.prefix,
                given: f.given,
                additional: f.additional,
                family: f.family,
                suffix: f.suffix,
            },
            nickname: f.nickname,
            org_name: f.org_name,
            org_id: d.org_id.map(|i| i.0),
            department: f.department,
            job_title: f.job_title,
            emails: f
                .emails
                .into_iter()
                .map(|(label, value)| LabeledJson {
                    label,
                    value,
                    e164: None,
                })
                .collect(),
            phones: d
                .phones
                .iter()
                .map(|p| LabeledJson {
                    label: p.label().to_string(),
                    value: p.raw().to_string(),
                    e164: Some(p.e164().to_string()),
                })
                .collect(),
            addresses: f
                .addresses
                .into_iter()
                .map(|a| AddressJson {
                    label: a.label,
                    street: a.street,
                    extended: a.extended,
                    po_box: a.po_box,
                    postal_code: a.postal_code,
                    locality: a.locality,
                    region: a.region,
                    country: a.country,
                })
                .collect(),
            websites: f
                .websites
                .into_iter()
                .map(|(label, value)| LabeledJson {
                    label,
                    value,
                    e164: None,
                })
                .collect(),
            messengers: f
                .messengers
                .into_iter()
                .map(|(service, handle)| MessengerJson { service, handle })
                .collect(),
            birthday: opt(f.birthday),
            nameday: opt(f.nameday),
            anniversary: opt(f.anniversary),
            gender: opt(f.gender),
            notes: f.notes,
            nip: opt(f.nip),
            regon: opt(f.regon),
            bank_account: opt(f.bank_account),
            category: opt(f.category),
            groups: d.groups.iter().map(|g| g.0).collect(),
            status: d.status.map(|s| s.0),
            custom: d
                .custom
                .iter()
                .map(|(id, v)| (id.to_string(), custom_json(v)))
                .collect(),
            no_mailing: d.no_mailing,
        }
    }

    /// The core record; every problem found is reported at once.
    pub fn to_data(
        &self,
        business: bool,
        fields: &[FieldDef],
        extra: Vec<contacts_core::model::ExtraProperty>,
    ) -> ApiResult<ContactData> {
        let pairs = |v: &[LabeledJson]| -> Vec<(String, String)> {
            v.iter()
                .filter(|x| !x.value.trim().is_empty())
                .map(|x| (x.label.clone(), x.value.clone()))
                .collect()
        };
        let form = ContactForm {
            kind: self.kind.clone(),
            prefix: self.name.prefix.clone(),
            given: self.name.given.clone(),
            additional: self.name.additional.clone(),
            family: self.name.family.clone(),
            suffix: self.name.suffix.clone(),
            nickname: self.nickname.clone(),
            org_name: self.org_name.clone(),
            org_id: self.org_id.map(|i| i.to_string()).unwrap_or_default(),
            department: self.department.clone(),
            job_title: self.job_title.clone(),
            emails: pairs(&self.emails),
            phones: pairs(&self.phones),
            addresses: self
                .addresses
                .iter()
                .map(|a| AddressForm {
                    label: a.label.clone(),
                    street: a.street.clone(),
                    extended: a.extended.clone(),
                    po_box: a.po_box.clone(),
                    postal_code: a.postal_code.clone(),
                    locality: a.locality.clone(),
                    region: a.region.clone(),
                    country: a.country.clone(),
                })
                .collect(),
            websites: pairs(&self.websites),
            messengers: self
                .messengers
                .iter()
                .filter(|m| !m.handle.trim().is_empty())
                .map(|m| (m.service.clone(), m.handle.clone()))
                .collect(),
            birthday: self.birthday.clone().unwrap_or_default(),
            nameday: self.nameday.clone().unwrap_or_default(),
            anniversary: self.anniversary.clone().unwrap_or_default(),
            gender: self.gender.clone().unwrap_or_default(),
            notes: self.notes.clone(),
            nip: self.nip.clone().unwrap_or_default(),
            regon: self.regon.clone().unwrap_or_default(),
            bank_account: self.bank_account.clone().unwrap_or_default(),
            category: self.category.clone().unwrap_or_default(),
            groups: self.groups.iter().map(i64::to_string).collect(),
            status: self.status.map(|s| s.to_string()).unwrap_or_default(),
            custom: self
                .custom
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Bool(true) => "yes".into(),
                        Value::Bool(false) => "no".into(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
            no_mailing: self.no_mailing,
            version: String::new(),
        };
        form.to_data(business, fields, extra)
            .map_err(|errors| ApiError::Core(Error::invalid("contact", errors.join("; "))))
    }
}

impl ContactOut {
    pub fn of(c: &Contact) -> ContactOut {
        ContactOut {
            id: c.id.0,
            book: c.book.kind_name(),
            display_name: c.data.display_name(),
            version: c.meta.version,
            created_at: c.meta.created_at.to_rfc3339(),
            created_by: c.meta.created_by.0,
            updated_at: c.meta.updated_at.to_rfc3339(),
            updated_by: c.meta.updated_by.0,
            has_photo: c.has_photo,
            data: ContactJson::from_data(&c.data),
        }
    }
}

/// A page of contacts, serialised straight from the structs (through `json!` every contact
/// became a map of its own before being written out).
#[derive(Debug, Serialize)]
pub struct Page {
    pub total: u64,
    pub items: Vec<ContactOut>,
}

#[derive(Debug, Serialize)]
pub struct AttachmentOut {
    pub id: i64,
    pub contact: i64,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub note: String,
    pub created_at: String,
    pub created_by: i64,
}

impl AttachmentOut {
    fn of(a: &AttachmentInfo) -> AttachmentOut {
        AttachmentOut {
            id: a.id.0,
            contact: a.contact.0,
            name: a.name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
            note: a.note.clone(),
            created_at: a.created_at.to_rfc3339(),
            created_by: a.created_by.0,
        }
    }
}

fn label_json(l: &Label) -> Value {
    json!({ "id": l.id.0, "name": l.name })
}

fn field_json(d: &FieldDef) -> Value {
    let mut v = json!({ "id": d.id.0, "label": d.label, "type": d.field_type.name() });
    if let FieldType::Choice(o) = &d.field_type {
        v["options"] = json!(o);
    }
    v
}

fn user_json(u: &User) -> Value {
    json!({
        "id": u.id.0,
        "name": u.name,
        "admin": u.admin,
        "disabled": u.disabled,
        "has_password": u.password_hash.is_some(),
    })
}

// ---- handlers -----------------------------------------------------------------------

pub(crate) async fn me<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    headers: HeaderMap,
    mut extensions: axum::http::Extensions,
) -> Json<Value> {
    let csrf = if headers.contains_key(header::AUTHORIZATION) {
        None
    } else {
        resolve(&state, &headers, &mut extensions).map(|(_, s)| s.csrf)
    };
    Json(json!({
        "id": me.actor.id().0,
        "name": me.actor.name(),
        "admin": me.actor.is_admin(),
        "csrf_token": csrf,
    }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListParams {
    book: Option<String>,
    q: Option<String>,
    category: Option<String>,
    group: Option<i64>,
    status: Option<i64>,
    /// Only business clients of this account manager (a user id).
    manager: Option<i64>,
    /// Only business contacts with no history entry for this many days.
    not_contacted_for: Option<i64>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn book_param(s: Option<&str>) -> ApiResult<Option<BookKind>> {
    match s {
        None | Some("") | Some("all") => Ok(None),
        Some("private") => Ok(Some(BookKind::Private)),
        Some("business") => Ok(Some(BookKind::Business)),
        Some(_) => Err(ApiError::Core(Error::invalid(
            "book",
            "must be private, business or all",
        ))),
    }
}

pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Page>> {
    let svc = state.service();
    let book = book_param(p.book.as_deref())?;
    let limit = p.limit.unwrap_or(50).clamp(1, 1000);
    if let Some(q) = p.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let found = svc.search(&me.actor, q, book, limit)?;
        let items: Vec<ContactOut> = found.iter().map(ContactOut::of).collect();
        return Ok(Json(Page {
            total: items.len() as u64,
            items,
        }));
    }
    let filter = ListFilter {
        book,
        category: p
            .category
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(CategoryKey::parse)
            .transpose()?,
        group: p.group.map(LabelId),
        status: p.status.map(LabelId),
        account_manager: p.manager.map(contacts_core::ids::UserId),
        not_contacted_for: match p.not_contacted_for {
            None => None,
            Some(n) if (0..=36_500).contains(&n) => Some(chrono::Duration::days(n)),
            Some(_) => {
                return Err(ApiError::Core(Error::invalid(
                    "not_contacted_for",
                    "must be a number of days from 0 to 36500",
                )))
            }
        },
        limit,
        offset: p.offset.unwrap_or(0),
        ..ListFilter::default()
    };
    let total = svc.count(&me.actor, &filter)?;
    let items: Vec<ContactOut> = svc
        .list(&me.actor, &filter)?
        .iter()
        .map(ContactOut::of)
        .collect();
    Ok(Json(Page { total, items }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateBody {
    book: String,
    contact: ContactJson,
}

pub(crate) async fn create<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(body): Json<CreateBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let book = book_param(Some(&body.book))?.ok_or(ApiError::Core(Error::invalid(
        "book",
        "must be private or business",
    )))?;
    let data = body
        .contact
        .to_data(book == BookKind::Business, &svc.fields()?, vec![])?;
    let c = svc.create(&me.actor, book, data)?;
    Ok((StatusCode::CREATED, Json(ContactOut::of(&c))).into_response())
}

pub(crate) async fn read<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<ContactOut>> {
    let c = state.service().get(&me.actor, contact_id(&id)?)?;
    Ok(Json(ContactOut::of(&c)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateBody {
    version: u64,
    contact: ContactJson,
}

/// Saves over `version` only; a newer stored version answers 409 with it in `current`.
pub(crate) async fn update<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Json(body): Json<UpdateBody>,
) -> ApiResult<Response> {
    let svc = state.service();
    let stored = svc.get(&me.actor, contact_id(&id)?)?;
    let data = body.contact.to_data(
        stored.book == Book::Business,
        &svc.fields()?,
        stored.data.extra.clone(),
    )?;
    match svc.update(&me.actor, stored.id, body.version, data) {
        Ok(c) => Ok(Json(ContactOut::of(&c)).into_response()),
        Err(Error::Conflict(msg)) => {
            let current = svc.get(&me.actor, stored.id)?;
            Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "error": "conflict",
                    "message": msg,
                    "current": ContactOut::of(&current),
                })),
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn delete<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.service().delete(&me.actor, contact_id(&id)?)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn copy<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let c = state
        .service()
        .copy_to_business(&me.actor, contact_id(&id)?)?;
    Ok((StatusCode::CREATED, Json(ContactOut::of(&c))).into_response())
}

pub(crate) async fn photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let p = state
        .service()
        .photo(&me.actor, contact_id(&id)?)?
        .ok_or_else(|| ApiError::Core(Error::not_found("photo")))?;
    Ok(crate::view::stored::photo_response(p))
}

pub(crate) async fn set_photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let id = contact_id(&id)?;
    // Access first, so a hidden contact is "not found" whatever the body holds.
    state.service().get(&me.actor, id)?;
    state
        .service()
        .set_photo(&me.actor, id, Some(Vec::from(body)))?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn delete_photo<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .set_photo(&me.actor, contact_id(&id)?, None)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn attachments<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<AttachmentOut>>> {
    let list = state.service().attachments(&me.actor, contact_id(&id)?)?;
    Ok(Json(list.iter().map(AttachmentOut::of).collect()))
}

#[derive(Debug, Deserialize)]
pub(crate) struct AttachParams {
    name: String,
    #[serde(default)]
    note: String,
}

pub(crate) async fn attach<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
    Query(p): Query<AttachParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    let id = contact_id(&id)?;
    state.service().get(&me.actor, id)?;
    let a = state
        .service()
        .attach(&me.actor, id, &p.name, media_type, Vec::from(body), &p.note)?;
    Ok((StatusCode::CREATED, Json(AttachmentOut::of(&a))).into_response())
}

pub(crate) async fn download<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (info, bytes) = state.service().attachment(&me.actor, attachment_id(&id)?)?;
    Ok(crate::view::stored::download_response(&info.name, bytes))
}

pub(crate) async fn remove_attachment<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .remove_attachment(&me.actor, attachment_id(&id)?)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct PostalParams {
    #[serde(default)]
    locality: String,
    #[serde(default)]
    street: String,
    #[serde(default)]
    number: String,
}

/// The postal codes of a locality's street as it is typed (the contact form asks this as
/// the street is typed; API clients may too). The rules are the core's.
pub(crate) async fn postal_codes<S: Store + 'static>(
    State(state): State<AppState<S>>,
    _me: ApiMe,
    Query(p): Query<PostalParams>,
) -> ApiResult<Json<Value>> {
    let found = state
        .service()
        .postal_candidates(&p.locality, &p.street, &p.number)?;
    Ok(Json(json!({
        "street_list": found.street_list,
        "candidates": found
            .candidates
            .iter()
            .map(|c| json!({ "code": c.code, "street": c.street, "numbers": c.numbers }))
            .collect::<Vec<_>>(),
    })))
}

pub(crate) async fn categories<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Value>> {
    let cats = state.service().categories(&me.actor)?;
    Ok(Json(Value::Array(
        cats.iter()
            .map(|c| json!({ "key": c.key.key(), "label": c.label, "icon": c.icon }))
            .collect(),
    )))
}

#[derive(Debug, Deserialize)]
pub(crate) struct LabelBody {
    label: String,
}

pub(crate) async fn rename_category<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(key): Path<String>,
    Json(b): Json<LabelBody>,
) -> ApiResult<StatusCode> {
    let key = CategoryKey::parse(&key)?;
    state.service().rename_category(&me.actor, key, &b.label)?;
    Ok(StatusCode::NO_CONTENT)
}

fn list_kind(s: &str) -> ApiResult<ListKind> {
    match s {
        "groups" => Ok(ListKind::Group),
        "statuses" => Ok(ListKind::Status),
        _ => Err(ApiError::Core(Error::not_found("list"))),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct NameBody {
    name: String,
}

pub(crate) async fn labels<S: Store + 'static>(
    State(state): State<AppState<S>>,
    _me: ApiMe,
    Path(list): Path<String>,
) -> ApiResult<Json<Value>> {
    let items = state.service().labels(list_kind(&list)?)?;
    Ok(Json(Value::Array(items.iter().map(label_json).collect())))
}

pub(crate) async fn add_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(list): Path<String>,
    Json(b): Json<NameBody>,
) -> ApiResult<Response> {
    let l = state
        .service()
        .add_label(&me.actor, list_kind(&list)?, &b.name)?;
    Ok((StatusCode::CREATED, Json(label_json(&l))).into_response())
}

pub(crate) async fn rename_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path((list, name)): Path<(String, String)>,
    Json(b): Json<NameBody>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .rename_label(&me.actor, list_kind(&list)?, &name, &b.name)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub(crate) struct ForceParams {
    #[serde(default)]
    force: bool,
}

/// An entry contacts hold is refused (422, saying how many) unless `?force=true`, an
/// admin's (anyone else: 403): the core's one removal rule.
pub(crate) async fn remove_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path((list, name)): Path<(String, String)>,
    Query(p): Query<ForceParams>,
) -> ApiResult<StatusCode> {
    state
        .service()
        .remove_label(&me.actor, list_kind(&list)?, &name, p.force)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn fields<S: Store + 'static>(
    State(state): State<AppState<S>>,
    _me: ApiMe,
) -> ApiResult<Json<Value>> {
    let defs = state.service().fields()?;
    Ok(Json(Value::Array(defs.iter().map(field_json).collect())))
}

#[derive(Debug, Deserialize)]
pub(crate) struct FieldBody {
    label: String,
    #[serde(rename = "type")]
    field_type: String,
    #[serde(default)]
    options: Vec<String>,
}

pub(crate) async fn add_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<FieldBody>,
) -> ApiResult<Response> {
    let t = FieldType::parse(&b.field_type, &b.options)?;
    let d = state.service().add_field(&me.actor, &b.label, t)?;
    Ok((StatusCode::CREATED, Json(field_json(&d))).into_response())
}

pub(crate) async fn rename_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(label): Path<String>,
    Json(b): Json<LabelBody>,
) -> ApiResult<StatusCode> {
    state.service().rename_field(&me.actor, &label, &b.label)?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn remove_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(label): Path<String>,
) -> ApiResult<StatusCode> {
    state.service().remove_field(&me.actor, &label)?;
    Ok(StatusCode::NO_CONTENT)
}

fn require_admin(me: &ApiMe) -> ApiResult<()> {
    if me.actor.is_admin() {
        Ok(())
    } else {
        Err(ApiError::Core(Error::Forbidden(
            "only an admin may manage users".into(),
        )))
    }
}

pub(crate) async fn users<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Value>> {
    require_admin(&me)?;
    let all = state.service().users(&me.actor)?;
    Ok(Json(Value::Array(all.iter().map(user_json).collect())))
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewUserBody {
    name: String,
    /// Refused: nobody sets another user's password (see the reset link).
    password: Option<String>,
    #[serde(default)]
    admin: bool,
}

/// Why a password in a request about another user is refused.
const NO_PASSWORDS_FOR_OTHERS: &str =
    "an admin does not set other users' passwords: give the user the password_link";

/// A user and the one-time link that lets them set their own password.
fn with_link(u: &contacts_core::model::User, headers: &HeaderMap, secret: &str) -> Value {
    let mut v = user_json(u);
    v["password_link"] = Value::String(crate::view::account::link_url(headers, secret));
    v
}

pub(crate) async fn add_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    headers: HeaderMap,
    Json(b): Json<NewUserBody>,
) -> ApiResult<Response> {
    require_admin(&me)?;
    if b.password.is_some() {
        return Err(ApiError::Core(Error::invalid(
            "password",
            NO_PASSWORDS_FOR_OTHERS,
        )));
    }
    let secret = crate::session::auth::random_token();
    let u = state
        .service()
        .invite_user(&me.actor, &b.name, b.admin, &secret)?;
    Ok((StatusCode::CREATED, Json(with_link(&u, &headers, &secret))).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct UserChange {
    disabled: Option<bool>,
    admin: Option<bool>,
    password: Option<String>,
}

pub(crate) async fn update_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(name): Path<String>,
    Json(b): Json<UserChange>,
) -> ApiResult<Json<Value>> {
    require_admin(&me)?;
    if b.password.is_some() {
        return Err(ApiError::Core(Error::invalid(
            "password",
            NO_PASSWORDS_FOR_OTHERS,
        )));
    }
    let u = state.service().update_user(&me.actor, &name, |u| {
        if let Some(d) = b.disabled {
            u.disabled = d;
        }
        if let Some(a) = b.admin {
            u.admin = a;
        }
    })?;
    // The core has ended the user's sessions (and revoked tokens) where its rule says so.
    Ok(Json(user_json(&u)))
}

/// An admin's password reset: the user's password, sessions and tokens end; the answer
/// holds the one-time link for the user.
pub(crate) async fn reset_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    require_admin(&me)?;
    let secret = crate::session::auth::random_token();
    let u = state.service().reset_password(&me.actor, &name, &secret)?;
    Ok(Json(with_link(&u, &headers, &secret)))
}

pub(crate) fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
