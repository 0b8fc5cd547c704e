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

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contacts_core::category::CategoryKey;
use contacts_core::ids::{AttachmentId, ContactId, LabelId};
use contacts_core::model::{Book, ContactData, User};
use contacts_core::service::{BookKind, ListFilter};
use contacts_core::store::{FieldDef, FieldType, Label, ListKind, Store};
use contacts_core::Error;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::session::auth::{resolve, ApiMe};

use crate::error::ApiError;
use crate::forms::contact::{AddressForm, ContactForm};
use crate::AppState;
use contacts_wire as wire;

/// The hand-written part of the OpenAPI document: paths, parameters, responses and the
/// schemas of request bodies that are not wire types (`CaseFields`, `MailAudience`,
/// `MailMessage`). It holds no schema of a wire type: those are derived from
/// `contacts-wire` and added by [`openapi_document`].
pub const OPENAPI_PATHS: &str = include_str!("../../assets/openapi.json");

/// The OpenAPI document served at `/api/v1/openapi.json`: [`OPENAPI_PATHS`] with the wire
/// types' schemas (`contacts_wire::schemas`) added under `components/schemas`.
pub fn openapi_document() -> Value {
    let mut doc: Value =
        serde_json::from_str(OPENAPI_PATHS).expect("assets/openapi.json is JSON (tested)");
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        for (name, schema) in wire::schemas() {
            let schema = serde_json::to_value(schema).expect("a schema serialises");
            schemas.insert(name, schema);
        }
    }
    doc
}

static OPENAPI: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| openapi_document().to_string());

pub(crate) type ApiResult<T> = Result<T, ApiError>;

pub(crate) async fn openapi(_me: ApiMe) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        OPENAPI.as_str(),
    )
        .into_response()
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
// The shapes are contacts-wire's, shared with the CLI's `--json`; only the reading of a
// request's contact (through the contact form's parser) is the web's.

/// The core record a request's contact describes, read by the same parser as the contact
/// form; every problem found is reported at once.
pub(crate) fn contact_data(
    body: &wire::ContactData,
    business: bool,
    fields: &[FieldDef],
    extra: Vec<contacts_core::model::ExtraProperty>,
) -> ApiResult<ContactData> {
    let pairs = |v: &[wire::Labeled]| -> Vec<(String, String)> {
        v.iter()
            .filter(|x| !x.value.trim().is_empty())
            .map(|x| (x.label.clone(), x.value.clone()))
            .collect()
    };
    let form = ContactForm {
        kind: body.kind.clone(),
        prefix: body.name.prefix.clone(),
        given: body.name.given.clone(),
        additional: body.name.additional.clone(),
        family: body.name.family.clone(),
        suffix: body.name.suffix.clone(),
        nickname: body.nickname.clone(),
        org_name: body.org_name.clone(),
        org_id: body.org_id.map(|i| i.to_string()).unwrap_or_default(),
        department: body.department.clone(),
        job_title: body.job_title.clone(),
        emails: pairs(&body.emails),
        phones: pairs(&body.phones),
        addresses: body
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
        websites: pairs(&body.websites),
        messengers: body
            .messengers
            .iter()
            .filter(|m| !m.handle.trim().is_empty())
            .map(|m| (m.service.clone(), m.handle.clone()))
            .collect(),
        birthday: body.birthday.clone().unwrap_or_default(),
        nameday: body.nameday.clone().unwrap_or_default(),
        anniversary: body.anniversary.clone().unwrap_or_default(),
        gender: body.gender.clone().unwrap_or_default(),
        notes: body.notes.clone(),
        nip: body.nip.clone().unwrap_or_default(),
        regon: body.regon.clone().unwrap_or_default(),
        bank_account: body.bank_account.clone().unwrap_or_default(),
        category: body.category.clone().unwrap_or_default(),
        groups: body.groups.iter().map(i64::to_string).collect(),
        status: body.status.map(|s| s.to_string()).unwrap_or_default(),
        custom: body
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
        no_mailing: body.no_mailing,
        version: String::new(),
    };
    form.to_data(business, fields, extra)
        .map_err(|errors| ApiError::Core(Error::invalid("contact", errors.join("; "))))
}

fn label_json(l: &Label) -> Value {
    json!(wire::Label::from(l))
}

fn field_json(d: &FieldDef) -> Value {
    json!(wire::Field::from(d))
}

fn user_json(u: &User) -> Value {
    json!(wire::User::from(u))
}

// ---- handlers -----------------------------------------------------------------------

pub(crate) async fn me<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    headers: HeaderMap,
    mut extensions: axum::http::Extensions,
) -> Json<wire::Me> {
    let csrf = if headers.contains_key(header::AUTHORIZATION) {
        None
    } else {
        resolve(&state, &headers, &mut extensions).map(|(_, s)| s.csrf)
    };
    Json(wire::Me {
        id: me.actor.id().0,
        name: me.actor.name().to_string(),
        admin: me.actor.is_admin(),
        csrf_token: csrf,
    })
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
) -> ApiResult<Json<wire::ContactPage>> {
    let svc = state.service();
    let book = book_param(p.book.as_deref())?;
    let limit = p.limit.unwrap_or(50).clamp(1, 1000);
    if let Some(q) = p.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let found = svc.search(&me.actor, q, book, limit)?;
        let items: Vec<wire::Contact> = found.iter().map(wire::Contact::from).collect();
        return Ok(Json(wire::ContactPage {
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
    let items: Vec<wire::Contact> = svc
        .list(&me.actor, &filter)?
        .iter()
        .map(wire::Contact::from)
        .collect();
    Ok(Json(wire::ContactPage { total, items }))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CreateBody {
    book: String,
    contact: wire::ContactData,
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
    let data = contact_data(
        &body.contact,
        book == BookKind::Business,
        &svc.fields()?,
        vec![],
    )?;
    let c = svc.create(&me.actor, book, data)?;
    Ok((StatusCode::CREATED, Json(wire::Contact::from(&c))).into_response())
}

pub(crate) async fn read<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::Contact>> {
    let c = state.service().get(&me.actor, contact_id(&id)?)?;
    Ok(Json(wire::Contact::from(&c)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct UpdateBody {
    version: u64,
    contact: wire::ContactData,
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
    let data = contact_data(
        &body.contact,
        stored.book == Book::Business,
        &svc.fields()?,
        stored.data.extra.clone(),
    )?;
    match svc.update(&me.actor, stored.id, body.version, data) {
        Ok(c) => Ok(Json(wire::Contact::from(&c)).into_response()),
        Err(Error::Conflict(msg)) => {
            let current = svc.get(&me.actor, stored.id)?;
            Ok((
                StatusCode::CONFLICT,
                Json(json!({
                    "error": "conflict",
                    "message": msg,
                    "current": wire::Contact::from(&current),
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
    Ok((StatusCode::CREATED, Json(wire::Contact::from(&c))).into_response())
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
) -> ApiResult<Json<Vec<wire::Attachment>>> {
    let list = state.service().attachments(&me.actor, contact_id(&id)?)?;
    Ok(Json(list.iter().map(wire::Attachment::from).collect()))
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
    Ok((StatusCode::CREATED, Json(wire::Attachment::from(&a))).into_response())
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
) -> ApiResult<Json<wire::PostalCodes>> {
    let found = state
        .service()
        .postal_candidates(&p.locality, &p.street, &p.number)?;
    Ok(Json(wire::PostalCodes::from(&found)))
}

pub(crate) async fn categories<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
) -> ApiResult<Json<Value>> {
    let cats = state.service().categories(&me.actor)?;
    Ok(Json(Value::Array(
        cats.iter()
            .map(|c| json!(wire::Category::from(c)))
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
