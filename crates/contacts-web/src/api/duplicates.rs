//! Duplicates in `/api/v1`: the probable duplicates of a book, the stored contacts a contact
//! about to be saved matches, a merge with a choice per field, and undoing the last merge.

use axum::extract::{Path, Query, State};
use axum::Json;
use contacts_core::service::{BookKind, MergeField};
use contacts_core::store::Store;
use contacts_core::Error;
use serde::Deserialize;

use crate::api::{contact_data, contact_id, ApiResult};
use crate::error::ApiError;
use crate::session::auth::ApiMe;
use crate::AppState;
use contacts_wire as wire;

fn book(s: Option<&str>) -> ApiResult<BookKind> {
    match s.map(str::trim).unwrap_or("business") {
        "business" | "" => Ok(BookKind::Business),
        "private" => Ok(BookKind::Private),
        other => Err(ApiError::Core(Error::invalid(
            "book",
            format!("'{other}' is not private or business"),
        ))),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    book: Option<String>,
}

/// Pairs of probable duplicates in a book (business by default), with the reason.
pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Vec<wire::DuplicatePair>>> {
    let svc = state.service();
    let book = book(p.book.as_deref())?;
    let pairs = svc.duplicates(&me.actor, book)?;
    let name = |id| {
        svc.get(&me.actor, id)
            .map(|c| c.data.display_name())
            .unwrap_or_default()
    };
    Ok(Json(
        pairs
            .iter()
            .map(|d| wire::DuplicatePair::new(d, book, name(d.a), name(d.b)))
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CheckBody {
    book: String,
    contact: wire::ContactData,
    /// The contact being edited, left out of the answer.
    except: Option<i64>,
}

/// The stored contacts a contact about to be saved probably duplicates.
pub(crate) async fn check<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<CheckBody>,
) -> ApiResult<Json<Vec<wire::DuplicateHint>>> {
    let svc = state.service();
    let book = book(Some(&b.book))?;
    let data = contact_data(
        &b.contact,
        book == BookKind::Business,
        &svc.fields()?,
        vec![],
    )?;
    let except = match b.except {
        Some(id) => Some(contact_id(&id.to_string())?),
        None => None,
    };
    let hints = svc.possible_duplicates(&me.actor, book, &data, except)?;
    Ok(Json(hints.iter().map(wire::DuplicateHint::from).collect()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MergeBody {
    keep: Option<i64>,
    other: Option<i64>,
    /// Fields to take from `other` (name, job_title, notes, ...).
    take: Vec<String>,
}

/// Merges `other` into `keep`; the fields in `take` come from `other`.
pub(crate) async fn merge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Json(b): Json<MergeBody>,
) -> ApiResult<Json<wire::Contact>> {
    let svc = state.service();
    let id = |v: Option<i64>, field: &str| -> ApiResult<_> {
        let v = v.ok_or_else(|| ApiError::Core(Error::invalid(field, "required")))?;
        contact_id(&v.to_string())
    };
    let keep = id(b.keep, "keep")?;
    let other = id(b.other, "other")?;
    svc.get(&me.actor, keep)?;
    svc.get(&me.actor, other)?;
    let take = b
        .take
        .iter()
        .map(|k| MergeField::parse(k))
        .collect::<contacts_core::Result<Vec<_>>>()?;
    let c = svc.merge_taking(&me.actor, keep, other, &take)?;
    Ok(Json(wire::Contact::from(&c)))
}

/// Undoes the last merge into the contact: both as they were.
pub(crate) async fn unmerge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: ApiMe,
    Path(id): Path<String>,
) -> ApiResult<Json<wire::Unmerge>> {
    let (kept, other) = state.service().unmerge(&me.actor, contact_id(&id)?)?;
    Ok(Json(wire::Unmerge {
        kept: wire::Contact::from(&kept),
        restored: wire::Contact::from(&other),
    }))
}
