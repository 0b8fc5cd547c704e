//! Signing in and out, and the one-time set-up of the first admin: the pages and their
//! forms. Sessions, throttling and the extractors are in [`crate::session`].

use crate::cookies::set_cookie;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::session::auth::{
    check_new_password, ensure_session, sign_in as start_session, sign_out, with_cookie,
    ClientAddr, Ctx, SESSION_COOKIE,
};
use crate::view::layout;
use crate::AppState;
use axum::extract::Path;
use axum::extract::State;
use axum::http::header;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::Redirect;
use axum::response::Response;
use axum::Form;
use contacts_core::store::Store;
use maud::html;
use serde::Deserialize;

pub(crate) async fn login_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
) -> Response {
    if ctx.session.as_ref().is_some_and(|s| s.user.is_some()) {
        return Redirect::to("/").into_response();
    }
    let (session, cookie) = ensure_session(&state, &ctx);
    let body = login_form(ctx.lang, &session.csrf, None, "");
    with_cookie(body.into_response(), cookie)
}

pub(crate) fn login_form(lang: Lang, csrf: &str, error: Option<&str>, name: &str) -> maud::Markup {
    layout::bare(
        lang,
        lang.t(msg!("login.title")),
        html! {
            form.card.narrow method="post" action="/login" {
                h1 { (lang.t(msg!("login.title"))) }
                @if let Some(e) = error { p.error role="alert" { (e) } }
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t(msg!("login.user"))) input name="user" value=(name) autocomplete="username" required autofocus; }
                label { (lang.t(msg!("login.password"))) input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" { (lang.t(msg!("login.submit"))) }
            }
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    user: String,
    password: String,
}

pub(crate) async fn login<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    // The CSRF guard has checked the token of an existing session; none means no form.
    let Some(session) = &ctx.session else {
        return Ok(crate::error::form_expired());
    };
    let name = form.user.trim().to_string();
    let account = name.to_lowercase();
    let lang = ctx.lang;
    // The throttle first: a try that must wait is answered at once, without queueing.
    let attempt = match state.throttle().begin(&account, &addr) {
        Ok(a) => a,
        Err(wait) => {
            tracing::warn!(user = ?log_name(&name), %addr, wait_s = wait.as_secs(), "sign-in throttled");
            let msg = format!(
                "{} ({} s)",
                lang.t(msg!("login.wait")),
                wait.as_secs().max(1)
            );
            let mut resp = login_form(lang, &session.csrf, Some(&msg), &name).into_response();
            *resp.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            return Ok(resp);
        }
    };
    // Then one of a few hash slots, so a burst queues here rather than on the CPU.
    let Some(_slot) = state.throttle().hash_slot().await else {
        state.throttle().abandon(attempt);
        tracing::warn!(user = ?log_name(&name), %addr, "sign-in refused: every password check busy");
        let mut resp = login_form(lang, &session.csrf, Some(lang.t(msg!("login.busy"))), &name)
            .into_response();
        *resp.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        return Ok(resp);
    };
    // The core checks the password (argon2id, as slow for unknown names): off the runtime.
    let password = form.password;
    let checker = state.clone();
    let checked_name = name.clone();
    let actor = tokio::task::spawn_blocking(move || {
        checker.service().authenticate(&checked_name, &password)
    })
    .await
    .ok()
    .flatten();
    let Some(actor) = actor else {
        // The try was counted as a failure when it began.
        tracing::warn!(user = ?log_name(&name), %addr, "failed sign-in");
        let mut resp = login_form(
            lang,
            &session.csrf,
            Some(lang.t(msg!("login.failed"))),
            &name,
        )
        .into_response();
        *resp.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(resp);
    };
    state.throttle().succeeded(attempt);
    // A fresh session id on sign-in (no fixation).
    if let Some(old) = &ctx.session_id {
        sign_out(&state, old)?;
    }
    let cookie = start_session(&state, &actor, ctx.secure)?;
    let mut resp =
        Redirect::to(crate::session::auth::landing(state.service(), &actor)).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

/// A typed user name as logged: quoted and escaped (Debug), at most 64 characters.
pub(crate) fn log_name(name: &str) -> String {
    name.chars().take(64).collect()
}

pub(crate) async fn logout<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Response, AppError> {
    sign_out(&state, &me.session_id)?;
    let mut resp = Redirect::to("/login").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), me.secure),
    );
    Ok(resp)
}

pub(crate) async fn setup_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    }
    let (session, cookie) = ensure_session(&state, &ctx);
    let page = setup_form(ctx.lang, &token, &session.csrf, None, "", ctx.lang);
    Ok(with_cookie(page.into_response(), cookie))
}

pub(crate) fn setup_form(
    lang: Lang,
    token: &str,
    csrf: &str,
    error: Option<&str>,
    name: &str,
    installation: Lang,
) -> maud::Markup {
    layout::bare(
        lang,
        lang.t(msg!("setup.title")),
        html! {
            form.card.narrow method="post" action=(crate::paths::Setup { token: token.to_string() }) {
                h1 { (lang.t(msg!("setup.title"))) }
                p { (lang.t(msg!("setup.intro"))) }
                @if let Some(e) = error { p.error role="alert" { (e) } }
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t(msg!("login.user"))) input name="user" value=(name) required autofocus; }
                label { (lang.t(msg!("login.password"))) input type="password" name="password" autocomplete="new-password" required; }
                label { (lang.t(msg!("user.password_repeat"))) input type="password" name="password2" autocomplete="new-password" required; }
                label { (lang.t(msg!("settings.installation_language")))
                    select name="language" {
                        option value="pl" selected[installation == Lang::Pl] { "Polski" }
                        option value="en" selected[installation == Lang::En] { "English" }
                    }
                }
                p.muted { (lang.t(msg!("settings.installation_language_help"))) }
                button type="submit" { (lang.t(msg!("setup.submit"))) }
            }
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct SetupForm {
    user: String,
    password: String,
    password2: String,
    /// The installation's language ("pl", "en"); the page's language when missing.
    #[serde(default)]
    language: String,
}

pub(crate) async fn setup<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    }
    let Some(session) = &ctx.session else {
        return Ok(crate::error::form_expired());
    };
    let lang = ctx.lang;
    let installation = Lang::parse(&form.language).unwrap_or(lang);
    let retry = |msg: String| {
        let mut r = setup_form(
            lang,
            &token,
            &session.csrf,
            Some(&msg),
            &form.user,
            installation,
        )
        .into_response();
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    let password = match check_new_password(&form.password, &form.password2) {
        Ok(p) => p,
        Err(e) => return Ok(retry(e.message(lang))),
    };
    let service = state.service();
    if service.has_login_admin()? {
        state.clear_setup_token();
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    }
    let user = match service.setup_admin(&form.user, &password) {
        Ok(u) => u,
        Err(e) => return Ok(retry(AppError::from(e).message(lang))),
    };
    state.clear_setup_token();
    if let Some(old) = &ctx.session_id {
        sign_out(&state, old)?;
    }
    let actor = service.actor(user.id)?;
    // Unset is English: an English choice keeps the built-in English names; another
    // language writes its defaults.
    if service.installation_language()? != installation.language() {
        service.set_installation_language(&actor, installation.language())?;
    }
    let cookie = start_session(&state, &actor, ctx.secure)?;
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}
