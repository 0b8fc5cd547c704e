//! The trash page: deleted contacts the user may see (their own private ones, every
//! business one), with restore, delete for good and an explicit "empty the trash".

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Redirect;
use contacts_core::ids::UserId;
use contacts_core::store::Store;
use maud::{html, Markup};

use crate::error::AppError;
use crate::forms::ids::entry_id;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf, Tab};
use crate::AppState;

pub(crate) async fn page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    let svc = state.service();
    let l = me.lang;
    let fm = l.fmt(state.service());
    let items = svc.trash(&me.actor)?;
    let users: HashMap<UserId, String> = svc
        .user_directory(&me.actor)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let who = |u: UserId| users.get(&u).cloned().unwrap_or_else(|| u.to_string());
    let title = l.t(msg!("trash.title"));
    let body = html! {
        h1 { (title) }
        p.muted { (l.t(msg!("trash.intro"))) }
        @if items.is_empty() {
            p.muted #trash-empty { (l.t(msg!("trash.empty_list"))) }
        } @else {
            table.list #trash {
                thead { tr {
                    th { (l.t(msg!("field.name"))) }
                    th { (l.t(msg!("trash.deleted_at"))) }
                    th { (l.t(msg!("trash.deleted_by"))) }
                    th { (l.t(msg!("trash.until"))) }
                    th {}
                } }
                tbody {
                    @for i in &items {
                        tr {
                            td {
                                (i.entry.name) " "
                                span.badge { (l.t(if i.entry.book.is_business() { msg!("book.business") } else { msg!("book.private") })) }
                            }
                            td { (fm.datetime(i.entry.deleted_at)) }
                            td { (who(i.entry.deleted_by)) }
                            td { (fm.day_of(i.expires_at)) }
                            td {
                                form.inline method="post" action=(crate::paths::TrashRestore { id: i.entry.id }) {
                                    (csrf(&me))
                                    button type="submit" { (l.t(msg!("trash.restore"))) }
                                }
                                " "
                                form.inline method="post" action=(crate::paths::TrashPurge { id: i.entry.id }) data-confirm=(l.t(msg!("trash.purge_confirm"))) {
                                    (csrf(&me))
                                    button.danger type="submit" { (l.t(msg!("trash.purge"))) }
                                }
                            }
                        }
                    }
                }
            }
            form.toolbar #trash-empty-form method="post" action="/trash/empty" data-confirm=(l.t(msg!("trash.empty_confirm"))) {
                (csrf(&me))
                button.danger type="submit" { (l.t(msg!("trash.empty"))) " (" (items.len()) ")" }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

pub(crate) async fn restore<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let c = state
        .service()
        .restore_from_trash(&me.actor, entry_id(&id)?)?;
    Ok(layout::done(
        &crate::paths::Contact { id: c.id }.to_string(),
        msg!("flash.restored"),
    ))
}

pub(crate) async fn purge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    state
        .service()
        .purge_from_trash(&me.actor, entry_id(&id)?)?;
    Ok(layout::done("/trash", msg!("flash.purged")))
}

pub(crate) async fn empty<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Redirect, AppError> {
    state.service().empty_trash(&me.actor)?;
    Ok(layout::done("/trash", msg!("flash.emptied")))
}
