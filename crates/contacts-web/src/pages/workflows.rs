//! Office workflows on the pages: a company's people on its card (with a link that adds a
//! person to it), the account manager of a business client (set on the card, changed in
//! bulk from the list), the last contact, and the admins' takeover page with a preview.
//! Every rule is the core's; these handlers parse and render.

use crate::forms::non_empty;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use contacts_core::ids::ContactId;
use contacts_core::service::TakeoverReport;
use contacts_core::store::Store;
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::forms::ids::contact_id;
use crate::session::auth::require_admin;
use crate::session::auth::Me;
use crate::view::layout::csrf;
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::view::settings::settings_page;
use crate::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct ManagerForm {
    user: Option<String>,
}

pub(crate) async fn set_manager<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Form(f): Form<ManagerForm>,
) -> Result<Response, AppError> {
    let id = contact_id(&id)?;
    // Visibility first: a hidden contact is not found whatever the form holds.
    state.service().get(&me.actor, id)?;
    let set = crate::forms::user_field(f.user.as_deref().unwrap_or(""), "account manager")
        .and_then(|user| {
            state
                .service()
                .set_account_manager(&me.actor, id, user)
                .map_err(AppError::from)
        });
    match set {
        Ok(()) => Ok(crate::view::layout::done(
            &format!("{}#client", crate::paths::Contact { id }),
            msg!("flash.saved"),
        )
        .into_response()),
        Err(e) => {
            let r = Refused::of("manager", e, me.lang, &[], "user")?;
            Ok(unprocessable(crate::parts::contact::contact_page(
                &state,
                &me,
                id,
                Some(&r),
            )?))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct TakeoverParams {
    from: Option<String>,
    to: Option<String>,
}

/// The report of a takeover or its preview: cases, clients and reminders.
fn report_markup<S: Store>(state: &AppState<S>, me: &Me, r: &TakeoverReport) -> Markup {
    let l = me.lang;
    let svc = state.service();
    let name = |id: ContactId| {
        svc.get(&me.actor, id)
            .map(|c| c.data.display_name())
            .unwrap_or_else(|_| format!("#{id}"))
    };
    html! {
        dl.fields #takeover-report {
            dt { (l.t(msg!("takeover.cases"))) " (" (r.cases.len()) ")" }
            dd { @for (i, (id, n)) in r.cases.iter().enumerate() { @if i > 0 { ", " } a href=(crate::paths::Case { id: *id }) { (n) } } }
            dt { (l.t(msg!("takeover.clients"))) " (" (r.clients.len()) ")" }
            dd { @for (i, c) in r.clients.iter().enumerate() { @if i > 0 { ", " } a href=(crate::paths::Contact { id: *c }) { (name(*c)) } } }
            dt { (l.t(msg!("takeover.reminders"))) }
            dd { (r.reminders.len()) }
            dt { (l.t(msg!("takeover.history"))) }
            dd { (r.history_entries.len()) }
        }
    }
}

fn takeover_form(
    me: &Me,
    users: &[contacts_core::service::UserEntry],
    p: &TakeoverParams,
    refused: Option<&Refused>,
) -> Markup {
    let l = me.lang;
    let sel = |v: &Option<String>, name: &str| non_empty(v) == Some(name);
    let m = Marks::of(refused, "takeover");
    html! {
        form.toolbar method="get" action="/settings/takeover" {
            label { (l.t(msg!("takeover.from")))
                select name="from" class=[m.class("from")] aria-invalid=[m.invalid("from")] aria-describedby=[m.described("from")] {
                    option value="" { "—" }
                    @for u in users { option value=(u.name) selected[sel(&p.from, &u.name)] { (u.name) } }
                }
                (m.error("from"))
            }
            label { (l.t(msg!("takeover.to")))
                select name="to" class=[m.class("to")] aria-invalid=[m.invalid("to")] aria-describedby=[m.described("to")] {
                    option value="" { "—" }
                    @for u in users.iter().filter(|u| !u.disabled) { option value=(u.name) selected[sel(&p.to, &u.name)] { (u.name) } }
                }
                (m.error("to"))
            }
            button.secondary type="submit" { (l.t(msg!("takeover.preview"))) }
        }
    }
}

pub(crate) async fn takeover_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<TakeoverParams>,
) -> Result<Response, AppError> {
    require_admin(&me)?;
    let l = me.lang;
    let svc = state.service();
    let users = svc.user_directory(&me.actor)?;
    let (preview, refused) = match (non_empty(&p.from), non_empty(&p.to)) {
        (Some(from), Some(to)) => match svc.takeover_preview(&me.actor, from, to) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(takeover_refused(e, l, &p)?)),
        },
        _ => (None, None),
    };
    let page = settings_page(
        &me,
        l.t(msg!("takeover.title")),
        html! {
            div.card {
                p.muted { (l.t(msg!("takeover.intro"))) }
                (takeover_form(&me, &users, &p, refused.as_ref()))
                @if let (Some(r), Some(from), Some(to)) = (&preview, non_empty(&p.from), non_empty(&p.to)) {
                    h2 { (l.t(msg!("takeover.will_move"))) }
                    (report_markup(&state, &me, r))
                    form method="post" action="/settings/takeover" {
                        (csrf(&me))
                        input type="hidden" name="from" value=(from);
                        input type="hidden" name="to" value=(to);
                        button #takeover-confirm type="submit" { (l.t(msg!("takeover.confirm"))) }
                    }
                }
            }
        },
    );
    Ok(match refused {
        Some(_) => unprocessable(page),
        None => page.into_response(),
    })
}

/// A takeover refused for its users (an unknown or disabled one, the same on both sides):
/// the form marks the side at fault.
fn takeover_refused(
    e: Error,
    l: crate::i18n::Lang,
    p: &TakeoverParams,
) -> Result<Refused, AppError> {
    let to = format!("user '{}'", non_empty(&p.to).unwrap_or("").trim());
    let side = match &e {
        Error::NotFound { what } if *what != to => "from",
        _ => "to",
    };
    let e = match e {
        Error::NotFound { what } if what.starts_with("user") => {
            Error::invalid(side, format!("{what} does not exist"))
        }
        other => other,
    };
    Refused::of(
        "takeover",
        e.into(),
        l,
        &[("from", "from"), ("to", "to")],
        side,
    )
}

pub(crate) async fn takeover<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(p): Form<TakeoverParams>,
) -> Result<Response, AppError> {
    require_admin(&me)?;
    let l = me.lang;
    let svc = state.service();
    let from = non_empty(&p.from).unwrap_or("");
    let to = non_empty(&p.to).unwrap_or("");
    let report = match svc.takeover(&me.actor, from, to) {
        Ok(r) => r,
        Err(e) => {
            let r = takeover_refused(e, l, &p)?;
            let users = svc.user_directory(&me.actor)?;
            let page = settings_page(
                &me,
                l.t(msg!("takeover.title")),
                html! { div.card { (takeover_form(&me, &users, &p, Some(&r))) } },
            );
            return Ok(unprocessable(page));
        }
    };
    tracing::info!(admin = %me.actor.id(), from, to, "admin handed over an employee's work");
    let users = svc.user_directory(&me.actor)?;
    Ok(settings_page(
        &me,
        l.t(msg!("takeover.title")),
        html! {
            div.card {
                p.notice #takeover-done { (l.t(msg!("takeover.done"))) " " (from) " → " (to) }
                (report_markup(&state, &me, &report))
                (takeover_form(&me, &users, &TakeoverParams::default(), None))
            }
        },
    )
    .into_response())
}
