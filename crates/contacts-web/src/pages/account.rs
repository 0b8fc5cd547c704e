//! One-time password links and account notices.
//!
//! An admin never sets or learns another user's password (the rule is the core's, see
//! `contacts_core::service::Service::reset_password`): resetting a password or adding a
//! user gives the admin a link to hand to the user, who sets their own password there. At
//! their next sign-in the user is shown what was done to their account, and by whom.

use crate::session::auth::{landing, NOTICES_PATH};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::store::{AccountEvent, AccountEventKind, Store};
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::session::auth::{
    check_new_password, ensure_session, sign_in, sign_out, with_cookie, Ctx, Me,
};
use crate::view::layout::{self, csrf, Tab};
use crate::AppState;

pub(crate) async fn link_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(secret): Path<String>,
) -> Result<Response, AppError> {
    let Some(user) = state.service().password_link_user(&secret)? else {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    };
    let (session, cookie) = ensure_session(&state, &ctx);
    let page = link_form(ctx.lang, &secret, &session.csrf, &user.name, None);
    Ok(with_cookie(page.into_response(), cookie))
}

fn link_form(lang: Lang, secret: &str, csrf: &str, name: &str, error: Option<&str>) -> Markup {
    layout::bare(
        lang,
        lang.t(msg!("account.set_password")),
        html! {
            form.card.narrow method="post" action=(crate::paths::Password { secret: secret.to_string() }) {
                h1 { (lang.t(msg!("account.set_password"))) }
                p { (lang.t(msg!("login.user"))) ": " strong #link-user { (name) } }
                @if let Some(e) = error { p.error role="alert" { (e) } }
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t(msg!("login.password"))) input type="password" name="password" autocomplete="new-password" required autofocus; }
                label { (lang.t(msg!("user.password_repeat"))) input type="password" name="password2" autocomplete="new-password" required; }
                button type="submit" { (lang.t(msg!("account.set_password"))) }
            }
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    password: String,
    password2: String,
}

pub(crate) async fn complete<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(secret): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let Some(session) = &ctx.session else {
        return Ok(crate::error::form_expired());
    };
    let service = state.service();
    let Some(user) = service.password_link_user(&secret)? else {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    };
    let lang = ctx.lang;
    let password = match check_new_password(&form.password, &form.password2) {
        Ok(p) => p,
        Err(e) => {
            let mut r = link_form(
                lang,
                &secret,
                &session.csrf,
                &user.name,
                Some(&e.message(lang)),
            )
            .into_response();
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(r);
        }
    };
    // The core hashes (argon2id, slow on purpose) inside; fine here: one request a link.
    let actor = service.complete_password_link(&secret, &password)?;
    tracing::info!(user = %user.name, "password set through a one-time link");
    if let Some(old) = &ctx.session_id {
        sign_out(&state, old)?;
    }
    let cookie = sign_in(&state, &actor, ctx.secure)?;
    let mut resp = Redirect::to(landing(service, &actor)).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

fn event_text(l: Lang, e: &AccountEvent) -> &'static str {
    l.t(match e.kind {
        AccountEventKind::PasswordReset => msg!("account.event.password_reset"),
        AccountEventKind::Invited => msg!("account.event.invited"),
        AccountEventKind::PasswordSetByLink => msg!("account.event.password_set_by_link"),
        AccountEventKind::Disabled => msg!("account.event.disabled"),
        AccountEventKind::Enabled => msg!("account.event.enabled"),
        AccountEventKind::MadeAdmin => msg!("account.event.made_admin"),
        AccountEventKind::AdminRemoved => msg!("account.event.admin_removed"),
    })
}

pub(crate) async fn notices<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let svc = state.service();
    let events = svc.account_notices(&me.actor)?;
    let fm = l.fmt(svc);
    let when = |e: &AccountEvent| fm.datetime(e.at);
    Ok(layout::page(
        &me,
        Tab::None,
        l.t(msg!("account.notices")),
        html! {
            h1 { (l.t(msg!("account.notices"))) }
            div.card {
                p { (l.t(msg!("account.notices_intro"))) }
                table.list #account-notices {
                    thead { tr { th { (l.t(msg!("account.when"))) } th { (l.t(msg!("account.what"))) } th { (l.t(msg!("account.who"))) } } }
                    tbody {
                        @for e in &events {
                            tr { td { (when(e)) } td { (event_text(l, e)) } td { (e.by_name) } }
                        }
                    }
                }
                form method="post" action=(NOTICES_PATH) {
                    (csrf(&me))
                    button type="submit" { (l.t(msg!("account.acknowledge"))) }
                }
            }
        },
    ))
}

pub(crate) async fn acknowledge<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Redirect, AppError> {
    state.service().acknowledge_account_notices(&me.actor)?;
    Ok(Redirect::to("/"))
}
