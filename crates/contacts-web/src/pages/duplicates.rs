//! Duplicates in the web UI: the list of probable duplicates of a book, a side-by-side merge
//! with a choice per field, undoing the last merge into a contact, and the warning a contact
//! form shows when what is being saved matches stored contacts. Every rule is the core's
//! (`Service::duplicates`, `merge_taking`, `unmerge`, `undoable_merge`, `possible_duplicates`).

use crate::parts::duplicates::reason_text;
use crate::paths::QueryLink;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::ids::ContactId;
use contacts_core::model::Contact;
use contacts_core::service::{BookKind, MergeField};
use contacts_core::store::Store;

use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf};
use crate::view::links::contact_link;
use crate::view::links::{book_kind, tab_of};
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    book: Option<String>,
}

/// Pairs of contacts of a book that are probably the same.
pub(crate) async fn list<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<ListParams>,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let book = book_kind(p.book.as_deref());
    let pairs = svc.duplicates(&me.actor, book)?;
    let name = |id: ContactId| {
        svc.get(&me.actor, id)
            .map(|c| c.data.display_name())
            .unwrap_or_else(|_| format!("#{id}"))
    };
    let title = l.t(msg!("dup.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            p.toolbar {
                a href="/duplicates?book=business" { (l.t(msg!("book.business"))) } " · "
                a href="/duplicates?book=private" { (l.t(msg!("book.private"))) }
            }
            @if pairs.is_empty() { p.muted #no-duplicates { (l.t(msg!("dup.none"))) } } @else {
                table.list #duplicates {
                    thead { tr { th { (l.t(msg!("dup.first"))) } th { (l.t(msg!("dup.second"))) } th { (l.t(msg!("dup.reason"))) } th {} } }
                    tbody { @for d in &pairs {
                        tr {
                            td { (contact_link(d.a, &name(d.a))) }
                            td { (contact_link(d.b, &name(d.b))) }
                            td { (reason_text(l, &d.reason)) }
                            td { a.button href=(crate::paths::DuplicatesCompare.with_query(crate::paths::ComparePair { keep: d.a, other: d.b })) { (l.t(msg!("dup.compare"))) } }
                        }
                    } }
                }
            }
        }
    };
    Ok(layout::page(&me, tab_of(book), title, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct CompareParams {
    keep: Option<String>,
    other: Option<String>,
}

fn book_of(c: &Contact) -> BookKind {
    if c.book.is_business() {
        BookKind::Business
    } else {
        BookKind::Private
    }
}

/// Multi-valued parts as lines, for showing side by side (they are always united).
fn lists(c: &Contact) -> Vec<String> {
    let d = &c.data;
    let mut out: Vec<String> = d.emails.iter().map(|e| e.address().to_string()).collect();
    out.extend(d.phones.iter().map(|p| p.e164().to_string()));
    out.extend(d.addresses.iter().map(|a| a.one_line()));
    out.extend(d.websites.iter().map(|w| w.url.clone()));
    out
}

/// The side-by-side merge: a row per single-valued field either contact has; where both
/// have different values, a choice (the kept contact's by default).
pub(crate) async fn compare<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<CompareParams>,
) -> Result<Markup, AppError> {
    let keep = crate::forms::ids::contact_id(p.keep.as_deref().unwrap_or(""))?;
    let other = crate::forms::ids::contact_id(p.other.as_deref().unwrap_or(""))?;
    compare_page(&state, &me, keep, other, None)
}

/// The side-by-side page; a refused merge comes back with its reason above the form and
/// the choices made kept.
fn compare_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    keep: ContactId,
    other: ContactId,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let me = me.clone();
    let svc = state.service();
    let l = me.lang;
    let keep = svc.get(&me.actor, keep)?;
    let other = svc.get(&me.actor, other)?;
    let title = l.t(msg!("dup.merge_title"));
    let m = Marks::of(refused, "merge");
    let body = html! {
        div.card {
            h1 { (title) }
            p.muted { (l.t(msg!("dup.merge_help"))) }
            (m.banner())
            form method="post" action="/duplicates/merge" #merge-form {
                (csrf(&me))
                input type="hidden" name="keep" value=(keep.id);
                input type="hidden" name="other" value=(other.id);
                table.list.side-by-side {
                    thead { tr {
                        th { (l.t(msg!("dup.field"))) }
                        th { (l.t(msg!("dup.keep"))) " · " (contact_link(keep.id, &keep.data.display_name())) }
                        th { (l.t(msg!("dup.other"))) " · " (contact_link(other.id, &other.data.display_name())) }
                    } }
                    tbody {
                        @for f in MergeField::ALL {
                            @let a = f.text(&keep.data);
                            @let b = f.text(&other.data);
                            @if !a.is_empty() || !b.is_empty() {
                                tr {
                                    th { (field_label(l, f)) }
                                    @if a == b || b.is_empty() || a.is_empty() {
                                        td colspan="2" { (if a.is_empty() { &b } else { &a }) }
                                    } @else {
                                        @let name = format!("f_{}", f.key());
                                        @let theirs = m.value(&name) == Some("other");
                                        td { label { input type="radio" name=(name) value="keep" checked[!theirs]; " " (a) } }
                                        td { label { input type="radio" name=(name) value="other" checked[theirs]; " " (b) } }
                                    }
                                }
                            }
                        }
                        tr {
                            th { (l.t(msg!("dup.united"))) }
                            td { @for x in lists(&keep) { div { (x) } } }
                            td { @for x in lists(&other) { div { (x) } } }
                        }
                    }
                }
                div.actions {
                    button type="submit" #merge { (l.t(msg!("dup.merge"))) }
                    " "
                    a.button.secondary href=(crate::paths::DuplicatesCompare.with_query(crate::paths::ComparePair { keep: other.id, other: keep.id })) { (l.t(msg!("dup.swap"))) }
                }
            }
        }
    };
    Ok(layout::page(&me, tab_of(book_of(&keep)), title, body))
}

/// A merge field's name in the reader's words (the form's field labels), never its key.
fn field_label(l: crate::i18n::Lang, f: MergeField) -> &'static str {
    l.t(match f {
        MergeField::Name => msg!("field.name"),
        MergeField::OrgName => msg!("field.org_name"),
        MergeField::Nickname => msg!("field.nickname"),
        MergeField::Organisation => msg!("field.org_id"),
        MergeField::Department => msg!("field.department"),
        MergeField::JobTitle => msg!("field.job_title"),
        MergeField::Birthday => msg!("field.birthday"),
        MergeField::Nameday => msg!("field.nameday"),
        MergeField::Anniversary => msg!("field.anniversary"),
        MergeField::Gender => msg!("field.gender"),
        MergeField::Notes => msg!("field.notes"),
        MergeField::Nip => msg!("field.nip"),
        MergeField::Regon => msg!("field.regon"),
        MergeField::BankAccount => msg!("field.bank_account"),
        MergeField::Category => msg!("field.category"),
        MergeField::Status => msg!("field.status"),
    })
}

pub(crate) async fn merge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let value = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let keep = crate::forms::ids::contact_id(value("keep"))?;
    let other = crate::forms::ids::contact_id(value("other"))?;
    // Both first: one the actor may not see is not found whatever the form holds.
    svc.get(&me.actor, keep)?;
    svc.get(&me.actor, other)?;
    let mut take = Vec::new();
    for (k, v) in &pairs {
        if let Some(key) = k.strip_prefix("f_") {
            if v == "other" {
                take.push(MergeField::parse(key)?);
            }
        }
    }
    match svc.merge_taking(&me.actor, keep, other, &take) {
        Ok(kept) => Ok(crate::view::layout::done(
            &format!("{}#merged", crate::paths::Contact { id: kept.id }),
            msg!("flash.merged"),
        )
        .into_response()),
        Err(e) => {
            // Refused for the pair (cases or people still point at the other...): the
            // same page, the reason above the form, the choices kept.
            let mut r = Refused::of("merge", e.into(), me.lang, &[], "")?;
            r.field = String::new();
            let r = r.keep_all(
                pairs
                    .iter()
                    .filter(|(k, _)| k.starts_with("f_"))
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            );
            Ok(unprocessable(compare_page(
                &state,
                &me,
                keep,
                other,
                Some(&r),
            )?))
        }
    }
}

pub(crate) async fn unmerge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let (kept, _) = state
        .service()
        .unmerge(&me.actor, crate::forms::ids::contact_id(&id)?)?;
    Ok(crate::view::layout::done(
        &crate::paths::Contact { id: kept.id }.to_string(),
        msg!("flash.unmerged"),
    ))
}

#[cfg(test)]
mod reason_tests {
    use super::reason_text;
    use crate::i18n::Lang;

    #[test]
    fn duplicate_reasons_are_said_in_polish() {
        assert_eq!(
            reason_text(Lang::Pl, "same phone +48601234567"),
            "ten sam telefon +48601234567"
        );
        assert_eq!(
            reason_text(Lang::En, "same phone +48601234567"),
            "same phone +48601234567"
        );
    }
}
