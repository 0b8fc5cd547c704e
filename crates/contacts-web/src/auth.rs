//! Signing in: password hashes (argon2id), server-side sessions with a per-session CSRF
//! token, login throttling, the one-time setup link, and the extractors that turn a
//! request into the core's `Actor` (by session cookie or personal API token).
//!
//! Signed-in sessions and API tokens live in the database through the core service
//! (`Service::start_session`, `session_actor`, `token_actor`...), which keeps only their
//! SHA-256, so they survive a restart. Only anonymous sessions (made so the login and
//! setup forms can carry a CSRF token) stay in memory here: they hold nothing, and
//! keeping them out of the database means a visitor cannot make the server write.
//! The CSRF token of a session is derived from its id (a hash with a fixed prefix), so
//! nothing about it is stored anywhere.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use contacts_core::password::{NewPassword, PasswordProblem};
use contacts_core::service::Actor;
use contacts_core::store::{SecretHash, Store};
use maud::html;
use serde::Deserialize;

use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::{layout, AppState};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "contacts_session";
/// An anonymous session unused for this long is forgotten (signed-in ones follow the
/// core's `SESSION_IDLE`).
const ANONYMOUS_IDLE: Duration = Duration::from_secs(3600);
/// Anonymous sessions (made for the login form's CSRF token) kept at most.
const MAX_SESSIONS: usize = 20_000;

/// 256 random bits as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        // No randomness from the OS: refuse to hand out guessable secrets.
        panic!("the operating system gave no random bytes");
    }
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two secrets are equal, in time that does not depend on where they differ
/// (`subtle`; a length difference is told at once, and lengths are not secret here).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

// ---- passwords ----------------------------------------------------------------------

/// A new password typed twice on a form: the core's rule (`NewPassword`), in the
/// catalogue's words, and both copies the same.
pub fn check_new_password(password: &str, repeat: &str) -> Result<NewPassword, AppError> {
    let new = NewPassword::new(password).map_err(|p| match p {
        PasswordProblem::TooShort => AppError::invalid("password", "error.password_too_short"),
        PasswordProblem::TooLong => AppError::invalid("password", "error.password_too_long"),
    })?;
    if password != repeat {
        return Err(AppError::invalid("password", "error.passwords_differ"));
    }
    Ok(new)
}

// ---- sessions -----------------------------------------------------------------------

/// A live session: its user (`None` while anonymous) and its CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: Option<Actor>,
    pub csrf: String,
}

/// The CSRF token of a session: derived from its id, so it is never stored, and knowing
/// it tells nothing about the id.
pub fn csrf_token(session_id: &str) -> String {
    hex(SecretHash::of(&format!("contacts-csrf:{session_id}")).as_bytes())
}

/// Anonymous sessions, in memory, keyed by their random 256-bit id.
#[derive(Debug, Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, Instant>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new anonymous session; returns its id.
    pub fn create_anonymous(&self) -> String {
        let id = random_token();
        let mut map = self.lock();
        if map.len() >= MAX_SESSIONS {
            let now = Instant::now();
            map.retain(|_, seen| now.duration_since(*seen) < ANONYMOUS_IDLE);
            if map.len() >= MAX_SESSIONS {
                // Still full: the oldest half goes.
                let mut seen: Vec<Instant> = map.values().copied().collect();
                seen.sort();
                let cut = seen[seen.len() / 2];
                map.retain(|_, s| *s > cut);
            }
        }
        map.insert(id.clone(), Instant::now());
        id
    }

    /// Whether `id` is a live anonymous session (touched).
    pub fn anonymous(&self, id: &str) -> bool {
        let mut map = self.lock();
        let now = Instant::now();
        match map.get_mut(id) {
            Some(seen) if now.duration_since(*seen) < ANONYMOUS_IDLE => {
                *seen = now;
                true
            }
            Some(_) => {
                map.remove(id);
                false
            }
            None => false,
        }
    }

    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }
}

/// The session a request's cookie names, looked up once per request (the CSRF guard
/// and the extractors share it through the request's extensions).
#[derive(Debug, Clone)]
pub struct Resolved(pub Option<(String, Session)>);

/// Looks up the session `id`: an anonymous one in memory, else a signed-in one in the
/// database. A storage failure reads as no session (the visitor is sent to log in).
pub fn find_session<S: Store>(state: &AppState<S>, id: &str) -> Option<Session> {
    if state.sessions().anonymous(id) {
        return Some(Session {
            user: None,
            csrf: csrf_token(id),
        });
    }
    match state.service().session_actor(id) {
        Ok(Some(actor)) => Some(Session {
            user: Some(actor),
            csrf: csrf_token(id),
        }),
        Ok(None) => None,
        Err(e) => {
            tracing::error!("session lookup failed: {e}");
            None
        }
    }
}

/// The request's session, from its extensions when already looked up.
pub fn resolve<S: Store>(
    state: &AppState<S>,
    headers: &HeaderMap,
    extensions: &mut axum::http::Extensions,
) -> Option<(String, Session)> {
    if let Some(Resolved(found)) = extensions.get::<Resolved>() {
        return found.clone();
    }
    let found = session_cookie(headers).and_then(|id| find_session(state, &id).map(|s| (id, s)));
    extensions.insert(Resolved(found.clone()));
    found
}

/// Starts a signed-in session for `actor` and returns the `Set-Cookie` header for it.
pub fn sign_in<S: Store>(
    state: &AppState<S>,
    actor: &Actor,
    secure: bool,
) -> Result<HeaderValue, AppError> {
    let id = random_token();
    state.service().start_session(actor, &id)?;
    Ok(set_cookie(SESSION_COOKIE, &id, None, secure))
}

/// Ends the session `id`, anonymous or signed in.
pub fn sign_out<S: Store>(state: &AppState<S>, id: &str) -> Result<(), AppError> {
    state.sessions().remove(id);
    state.service().end_session(id)?;
    Ok(())
}

/// The session id from the request's cookies.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE)
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// Whether the request came over TLS (through a proxy that says so).
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure behind TLS.
pub fn set_cookie(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

// ---- login throttling ---------------------------------------------------------------

/// Failed logins per account and per address. After three failures each further try
/// must wait twice as long as the last (1 s, 2 s, 4 s... up to 15 minutes).
#[derive(Debug, Default)]
pub struct Throttle {
    map: Mutex<HashMap<String, (u32, Instant)>>,
}

const FREE_FAILURES: u32 = 3;
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long the caller must still wait before trying any of `keys`.
    pub fn wait(&self, keys: &[String]) -> Option<Duration> {
        let map = self.lock();
        let now = Instant::now();
        keys.iter()
            .filter_map(|k| map.get(k))
            .filter(|(n, _)| *n >= FREE_FAILURES)
            .filter_map(|(n, last)| {
                let exp = (*n - FREE_FAILURES).min(20);
                let wait = Duration::from_secs(1u64 << exp).min(MAX_WAIT);
                (*last + wait).checked_duration_since(now)
            })
            .max()
    }

    pub fn failed(&self, keys: &[String]) {
        let mut map = self.lock();
        if map.len() > 100_000 {
            let now = Instant::now();
            map.retain(|_, (_, last)| now.duration_since(*last) < MAX_WAIT);
        }
        for k in keys {
            let e = map.entry(k.clone()).or_insert((0, Instant::now()));
            e.0 = e.0.saturating_add(1);
            e.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, keys: &[String]) {
        let mut map = self.lock();
        for k in keys {
            map.remove(k);
        }
    }
}

// ---- extractors ---------------------------------------------------------------------

/// What every page request knows: the language (the signed-in user's setting, else the
/// `lang` cookie, else `Accept-Language`), the session (if any) and whether the connection
/// is TLS.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub session_id: Option<String>,
    pub session: Option<Session>,
    pub secure: bool,
}

impl<S: Store + 'static> FromRequestParts<AppState<S>> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState<S>,
    ) -> Result<Ctx, Self::Rejection> {
        let found = resolve(state, &parts.headers, &mut parts.extensions);
        let browser = Lang::of_request(&parts.headers);
        let lang = found
            .as_ref()
            .and_then(|(_, s)| s.user.as_ref())
            .and_then(Actor::language)
            .map(Lang::of_language)
            .unwrap_or(browser);
        let (session_id, session) = found.unzip();
        Ok(Ctx {
            lang,
            session_id,
            session,
            secure: is_https(&parts.headers),
        })
    }
}

/// A signed-in user on a page. Without one, pages redirect to `/login`.
#[derive(Debug, Clone)]
pub struct Me {
    pub actor: Actor,
    pub lang: Lang,
    pub csrf: String,
    pub session_id: String,
    pub secure: bool,
}

impl<S: Store + 'static> FromRequestParts<AppState<S>> for Me {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Me, Response> {
        let Ok(ctx) = Ctx::from_request_parts(parts, state).await;
        let to_login = || Redirect::to("/login").into_response();
        // The core has checked the user exists and is not disabled.
        let (Some(id), Some(session)) = (ctx.session_id, ctx.session) else {
            return Err(to_login());
        };
        let Some(actor) = session.user else {
            return Err(to_login());
        };
        Ok(Me {
            actor,
            lang: ctx.lang,
            csrf: session.csrf,
            session_id: id,
            secure: ctx.secure,
        })
    }
}

/// A user of the JSON API: a bearer token or a session cookie (then the CSRF guard has
/// checked the `X-CSRF-Token` header on writes). Without one: 401.
#[derive(Debug, Clone)]
pub struct ApiMe {
    pub actor: Actor,
}

impl<S: Store + 'static> FromRequestParts<AppState<S>> for ApiMe {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<ApiMe, ApiError> {
        // A request that names a bearer token stands or falls by it: no cookie fallback.
        let actor = if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
            let token = auth
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or(ApiError::Unauthorized)?;
            match state.service().token_actor(token) {
                Ok(actor) => actor,
                Err(e) => {
                    tracing::error!("token lookup failed: {e}");
                    None
                }
            }
        } else {
            resolve(state, &parts.headers, &mut parts.extensions).and_then(|(_, s)| s.user)
        };
        Ok(ApiMe {
            actor: actor.ok_or(ApiError::Unauthorized)?,
        })
    }
}

// ---- routes -------------------------------------------------------------------------

pub fn router<S: Store + 'static>() -> Router<AppState<S>> {
    Router::new()
        .route("/login", get(login_page::<S>).post(login::<S>))
        .route("/logout", post(logout::<S>))
        .route("/setup/{token}", get(setup_page::<S>).post(setup::<S>))
}

/// Makes sure the visitor has a session (anonymous if need be) so forms can carry its
/// CSRF token. Returns the session and a `Set-Cookie` header when one was made.
pub(crate) fn ensure_session<S: Store>(
    state: &AppState<S>,
    ctx: &Ctx,
) -> (Session, Option<HeaderValue>) {
    if let Some(s) = &ctx.session {
        return (s.clone(), None);
    }
    let id = state.sessions().create_anonymous();
    let session = Session {
        user: None,
        csrf: csrf_token(&id),
    };
    (
        session,
        Some(set_cookie(SESSION_COOKIE, &id, None, ctx.secure)),
    )
}

pub(crate) fn with_cookie(mut resp: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

async fn login_page<S: Store + 'static>(State(state): State<AppState<S>>, ctx: Ctx) -> Response {
    if ctx.session.as_ref().is_some_and(|s| s.user.is_some()) {
        return Redirect::to("/").into_response();
    }
    let (session, cookie) = ensure_session(&state, &ctx);
    let body = login_form(ctx.lang, &session.csrf, None, "");
    with_cookie(body.into_response(), cookie)
}

fn login_form(lang: Lang, csrf: &str, error: Option<&str>, name: &str) -> maud::Markup {
    layout::bare(
        lang,
        lang.t("login.title"),
        html! {
            form.card.narrow method="post" action="/login" {
                h1 { (lang.t("login.title")) }
                @if let Some(e) = error { p.error role="alert" { (e) } }
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t("login.user")) input name="user" value=(name) autocomplete="username" required autofocus; }
                label { (lang.t("login.password")) input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" { (lang.t("login.submit")) }
            }
        },
    )
}

#[derive(Deserialize)]
struct LoginForm {
    user: String,
    password: String,
}

/// The peer's IP address, when the server was started with connect info (tests run
/// without it). `X-Forwarded-For` is not trusted: any client could set it.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddr, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

async fn login<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    // The CSRF guard has checked the token of an existing session; none means no form.
    let Some(session) = &ctx.session else {
        return Err(AppError::Status(StatusCode::FORBIDDEN));
    };
    let name = form.user.trim().to_string();
    let keys = vec![
        format!("user:{}", name.to_lowercase()),
        format!("addr:{addr}"),
    ];
    let lang = ctx.lang;
    if let Some(wait) = state.throttle().wait(&keys) {
        let msg = format!("{} ({} s)", lang.t("login.wait"), wait.as_secs().max(1));
        let mut resp = login_form(lang, &session.csrf, Some(&msg), &name).into_response();
        *resp.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(resp);
    }
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
        state.throttle().failed(&keys);
        tracing::info!("failed web login");
        let mut resp =
            login_form(lang, &session.csrf, Some(lang.t("login.failed")), &name).into_response();
        *resp.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(resp);
    };
    // Only the account's counter: one good login must not wipe an address's failures.
    state.throttle().succeeded(&keys[..1]);
    // A fresh session id on sign-in (no fixation).
    if let Some(old) = &ctx.session_id {
        sign_out(&state, old)?;
    }
    let cookie = sign_in(&state, &actor, ctx.secure)?;
    let mut resp = Redirect::to(crate::account::landing(state.service(), &actor)).into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

async fn logout<S: Store + 'static>(
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

async fn setup_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    }
    let (session, cookie) = ensure_session(&state, &ctx);
    let page = setup_form(ctx.lang, &token, &session.csrf, None, "");
    Ok(with_cookie(page.into_response(), cookie))
}

fn setup_form(
    lang: Lang,
    token: &str,
    csrf: &str,
    error: Option<&str>,
    name: &str,
) -> maud::Markup {
    layout::bare(
        lang,
        lang.t("setup.title"),
        html! {
            form.card.narrow method="post" action={"/setup/" (token)} {
                h1 { (lang.t("setup.title")) }
                p { (lang.t("setup.intro")) }
                @if let Some(e) = error { p.error role="alert" { (e) } }
                input type="hidden" name="_csrf" value=(csrf);
                label { (lang.t("login.user")) input name="user" value=(name) required autofocus; }
                label { (lang.t("login.password")) input type="password" name="password" autocomplete="new-password" required; }
                label { (lang.t("user.password_repeat")) input type="password" name="password2" autocomplete="new-password" required; }
                button type="submit" { (lang.t("setup.submit")) }
            }
        },
    )
}

#[derive(Deserialize)]
struct SetupForm {
    user: String,
    password: String,
    password2: String,
}

async fn setup<S: Store + 'static>(
    State(state): State<AppState<S>>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    if !state.setup_token_matches(&token) {
        return Err(AppError::Status(StatusCode::NOT_FOUND));
    }
    let Some(session) = &ctx.session else {
        return Err(AppError::Status(StatusCode::FORBIDDEN));
    };
    let lang = ctx.lang;
    let retry = |msg: String| {
        let mut r = setup_form(lang, &token, &session.csrf, Some(&msg), &form.user).into_response();
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
    let cookie = sign_in(&state, &actor, ctx.secure)?;
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_follow_the_core_rule_in_the_catalogue_words() {
        let key = |r: Result<NewPassword, AppError>| match r {
            Err(AppError::Invalid { key, .. }) => key,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            key(check_new_password("short", "short")),
            "error.password_too_short"
        );
        let long = "x".repeat(contacts_core::password::MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            key(check_new_password(&long, &long)),
            "error.password_too_long"
        );
        assert_eq!(
            key(check_new_password("correct horse", "correct hors")),
            "error.passwords_differ"
        );
        assert!(check_new_password("correct horse", "correct horse").is_ok());
    }

    #[test]
    fn throttle_waits_grow_after_free_failures() {
        let t = Throttle::default();
        let keys = vec!["user:anna".to_string()];
        for _ in 0..FREE_FAILURES {
            assert!(t.wait(&keys).is_none());
            t.failed(&keys);
        }
        assert!(t.wait(&keys).is_some());
        t.succeeded(&keys);
        assert!(t.wait(&keys).is_none());
    }

    #[test]
    fn tokens_are_256_bits_of_hex() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert!(constant_time_eq(a.as_bytes(), a.as_bytes()));
        assert!(!constant_time_eq(b"ab", b"ac"));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
