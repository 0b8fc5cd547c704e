//! Signing in: password hashes (argon2id), server-side sessions with a per-session CSRF
//! token, login throttling, the one-time setup link, and the extractors that turn a
//! request into the core's `Actor` (by session cookie or personal API token).
//!
//! Signed-in sessions and API tokens live in the database through the core service
//! (`Service::start_session`, `session_actor`, `token_actor`...), which keeps only their
//! SHA-256, so they survive a restart. Anonymous sessions (made so the login and setup
//! forms can carry a CSRF token) are signed ids kept nowhere: a visitor can make the
//! server neither write nor remember anything, so no flood can push them out.
//! The CSRF token of a session is derived from its id (a hash with a fixed prefix), so
//! nothing about it is stored anywhere.

use crate::cookies::{cookie, set_cookie};
use crate::error::ApiError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::ConnectInfo;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::response::Redirect;
use axum::response::Response;
use contacts_core::password::NewPassword;
use contacts_core::password::PasswordProblem;
use contacts_core::service::Actor;
use contacts_core::service::Service;
use contacts_core::store::SecretHash;
use contacts_core::store::Store;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;
use std::time::Instant;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "contacts_session";
/// How long an anonymous session (the login form's) is good for (signed-in ones follow
/// the core's `SESSION_IDLE`).
const ANONYMOUS_IDLE: Duration = Duration::from_secs(4 * 3600);

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
        PasswordProblem::TooShort => {
            AppError::invalid("password", msg!("error.password_too_short"))
        }
        PasswordProblem::TooLong => AppError::invalid("password", msg!("error.password_too_long")),
    })?;
    if password != repeat {
        return Err(AppError::invalid(
            "password",
            msg!("error.passwords_differ"),
        ));
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

/// Anonymous sessions: signed ids, so nothing is kept for them and no number of visitors
/// can push out anyone's half-finished sign-in. An id is a random nonce, the time it was
/// made and an HMAC-SHA-256 of both under a key made at start-up; it is good for
/// [`ANONYMOUS_IDLE`] (a restart makes open login forms ask again).
#[derive(Debug)]
pub struct Sessions {
    key: [u8; 32],
    started: Instant,
}

impl Default for Sessions {
    fn default() -> Self {
        let mut key = [0u8; 32];
        if getrandom::fill(&mut key).is_err() {
            panic!("the operating system gave no random bytes");
        }
        Sessions {
            key,
            started: Instant::now(),
        }
    }
}

/// Hex digits of an anonymous id: nonce (32), issue time (16), MAC (32).
const ANONYMOUS_ID_LEN: usize = 80;

impl Sessions {
    fn mac(&self, body: &str) -> String {
        use hmac::{Mac, SimpleHmac};
        let Ok(mut m) = SimpleHmac::<sha2::Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        m.update(b"contacts-anonymous-session:");
        m.update(body.as_bytes());
        hex(&m.finalize().into_bytes()[..16])
    }

    /// A new anonymous session; returns its id.
    pub fn create_anonymous(&self) -> String {
        let nonce = &random_token()[..32];
        let issued = self.started.elapsed().as_secs();
        let body = format!("{nonce}{issued:016x}");
        let mac = self.mac(&body);
        format!("{body}{mac}")
    }

    /// Whether `id` is an anonymous session this process made, still young enough.
    pub fn anonymous(&self, id: &str) -> bool {
        if id.len() != ANONYMOUS_ID_LEN || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        let (body, mac) = id.split_at(48);
        if !constant_time_eq(self.mac(body).as_bytes(), mac.as_bytes()) {
            return false;
        }
        let issued = u64::from_str_radix(&body[32..], 16).unwrap_or(u64::MAX);
        let now = self.started.elapsed().as_secs();
        now.checked_sub(issued)
            .is_some_and(|age| age < ANONYMOUS_IDLE.as_secs())
    }

    /// Nothing is kept for an anonymous session, so there is nothing to forget; a used
    /// one gives no more than a fresh one would.
    pub fn remove(&self, _id: &str) {}
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
    if let Some(actor) = found.as_ref().and_then(|(_, s)| s.user.as_ref()) {
        crate::access_log::note_user(extensions, actor.id());
    }
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

/// Whether the request came over TLS (through a proxy that says so).
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

// ---- login throttling ---------------------------------------------------------------

/// Sign-in throttling that slows guessing without locking anyone out (see
/// `docs/ARCHITECTURE.md`, "Sign-in throttling"). Three kinds of counters of wrong
/// passwords, each forgotten [`COUNTER_TTL`] after its last failure:
///
/// - per (account, address): [`PAIR_FREE`] free tries, then each further try waits twice
///   as long as the last (1 s, 2 s, 4 s... up to [`MAX_WAIT`]);
/// - per address, over all accounts: [`WIDE_FREE`] free, then the same doubling;
/// - per account, over all addresses: [`WIDE_FREE`] free, then the same doubling.
///
/// A try from an address the account has signed in from before (its usual places, the
/// last [`KNOWN_PER_ACCOUNT`] within [`KNOWN_TTL`]) is judged by its (account, address)
/// counter alone, so guessing at the account from elsewhere, or at other accounts from
/// that address, never keeps its owner out. Any other try is judged by all three. Every
/// try counts on all three.
///
/// Every try is counted as a failure before its password is checked, under one lock, and
/// given back when the password was right: a burst of parallel tries gets no more
/// passwords checked than the free tries allow. At most [`HASH_SLOTS`] password hashes
/// run at once; a try that passed the throttle waits for a slot (up to [`HASH_WAIT`],
/// then 503 and its charge is given back).
#[derive(Debug)]
pub struct Throttle {
    state: Mutex<ThrottleState>,
    hash_slots: tokio::sync::Semaphore,
}

#[derive(Debug, Default)]
struct ThrottleState {
    pairs: HashMap<(String, String), Counter>,
    addrs: HashMap<String, Counter>,
    accounts: HashMap<String, Counter>,
    known: HashMap<String, Vec<(String, Instant)>>,
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    failures: u32,
    last: Instant,
}

/// Free wrong passwords for one account from one address.
pub const PAIR_FREE: u32 = 3;
/// Free wrong passwords from one address over all accounts, and for one account from
/// addresses it has not signed in from.
pub const WIDE_FREE: u32 = 10;
/// The longest wait between tries.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// A counter is forgotten this long after its last failure.
pub const COUNTER_TTL: Duration = Duration::from_secs(24 * 3600);
/// An address counts as an account's usual place this long after a good sign-in.
pub const KNOWN_TTL: Duration = Duration::from_secs(60 * 24 * 3600);
/// Usual places remembered per account.
pub const KNOWN_PER_ACCOUNT: usize = 8;
/// Password hashes (argon2id, 19 MB each) that may run at once.
pub const HASH_SLOTS: usize = 2;
/// How long a sign-in waits for a hash slot.
pub const HASH_WAIT: Duration = Duration::from_secs(10);
/// Counters kept at most per kind; past it, expired ones go, then the oldest half.
const MAX_COUNTERS: usize = 100_000;

impl Counter {
    fn wait(&self, free: u32, now: Instant) -> Option<Duration> {
        if self.failures < free {
            return None;
        }
        let exp = (self.failures - free).min(20);
        let wait = Duration::from_secs(1u64 << exp).min(MAX_WAIT);
        (self.last + wait).checked_duration_since(now)
    }
}

fn bump<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, Counter>, key: &K, now: Instant) {
    if map.len() >= MAX_COUNTERS && !map.contains_key(key) {
        map.retain(|_, c| now.duration_since(c.last) < COUNTER_TTL);
        if map.len() >= MAX_COUNTERS {
            let mut seen: Vec<Instant> = map.values().map(|c| c.last).collect();
            seen.sort();
            let cut = seen[seen.len() / 2];
            map.retain(|_, c| c.last > cut);
        }
    }
    let c = map.entry(key.clone()).or_insert(Counter {
        failures: 0,
        last: now,
    });
    if now.duration_since(c.last) >= COUNTER_TTL {
        c.failures = 0;
    }
    c.failures = c.failures.saturating_add(1);
    c.last = now;
}

fn give_back<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Counter>, key: &K) {
    if let Some(c) = map.get_mut(key) {
        c.failures = c.failures.saturating_sub(1);
        if c.failures == 0 {
            map.remove(key);
        }
    }
}

/// A try that passed the throttle and has been counted as a failure; hand it to
/// [`Throttle::succeeded`] when the password was right.
#[derive(Debug)]
pub struct Attempt {
    account: String,
    addr: String,
}

impl Attempt {
    /// The try of `account` from `addr` that [`Throttle::begin`] counted (for callers that
    /// keep the two names rather than the value, such as CardDAV's sign-in).
    pub(crate) fn of(account: &str, addr: &str) -> Attempt {
        Attempt {
            account: account.to_string(),
            addr: addr.to_string(),
        }
    }
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            state: Mutex::new(ThrottleState::default()),
            hash_slots: tokio::sync::Semaphore::new(HASH_SLOTS),
        }
    }
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, ThrottleState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for one of the [`HASH_SLOTS`]; `None` after [`HASH_WAIT`].
    pub async fn hash_slot(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        tokio::time::timeout(HASH_WAIT, self.hash_slots.acquire())
            .await
            .ok()?
            .ok()
    }

    /// Whether `addr` is one of `account`'s usual places.
    fn is_known(st: &ThrottleState, account: &str, addr: &str, now: Instant) -> bool {
        st.known.get(account).is_some_and(|places| {
            places
                .iter()
                .any(|(a, at)| a == addr && now.duration_since(*at) < KNOWN_TTL)
        })
    }

    /// Lets a try of `account` from `addr` go ahead (counting it as a failure until
    /// [`Throttle::succeeded`]), or says how long to wait.
    pub fn begin(&self, account: &str, addr: &str) -> Result<Attempt, Duration> {
        let now = Instant::now();
        let mut st = self.lock();
        let pair = (account.to_string(), addr.to_string());
        let fresh = |c: &Counter| now.duration_since(c.last) < COUNTER_TTL;
        let mut wait = st
            .pairs
            .get(&pair)
            .filter(|c| fresh(c))
            .and_then(|c| c.wait(PAIR_FREE, now));
        let wide = !Self::is_known(&st, account, addr, now);
        if wide {
            let others = [
                st.addrs.get(addr).filter(|c| fresh(c)),
                st.accounts.get(account).filter(|c| fresh(c)),
            ];
            for w in others
                .into_iter()
                .flatten()
                .filter_map(|c| c.wait(WIDE_FREE, now))
            {
                wait = Some(wait.map_or(w, |v| v.max(w)));
            }
        }
        if let Some(w) = wait {
            return Err(w);
        }
        // Every try counts everywhere; only which counters are asked depends on the place.
        bump(&mut st.pairs, &pair, now);
        bump(&mut st.addrs, &addr.to_string(), now);
        bump(&mut st.accounts, &account.to_string(), now);
        Ok(Attempt {
            account: account.to_string(),
            addr: addr.to_string(),
        })
    }

    /// `attempt` was not checked after all (no hash slot): its charge is given back.
    pub fn abandon(&self, attempt: Attempt) {
        let mut st = self.lock();
        give_back(
            &mut st.pairs,
            &(attempt.account.clone(), attempt.addr.clone()),
        );
        give_back(&mut st.addrs, &attempt.addr);
        give_back(&mut st.accounts, &attempt.account);
    }

    /// The password of `attempt` was right: its address becomes one of the account's
    /// usual places, the pair's failures are forgotten, and the wide counters get back
    /// the one failure the try was charged (earlier failures stay).
    pub fn succeeded(&self, attempt: Attempt) {
        let now = Instant::now();
        let mut st = self.lock();
        st.pairs
            .remove(&(attempt.account.clone(), attempt.addr.clone()));
        give_back(&mut st.addrs, &attempt.addr);
        give_back(&mut st.accounts, &attempt.account);
        let places = st.known.entry(attempt.account).or_default();
        places.retain(|(a, at)| *a != attempt.addr && now.duration_since(*at) < KNOWN_TTL);
        places.push((attempt.addr, now));
        if places.len() > KNOWN_PER_ACCOUNT {
            places.remove(0);
        }
    }
}

// ---- extractors ---------------------------------------------------------------------

/// What every page request knows: the language (the signed-in user's setting, else the
/// `lang` cookie, else `Accept-Language`, else the installation's), the session (if any)
/// and whether the connection is TLS.
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
        let user = found
            .as_ref()
            .and_then(|(_, s)| s.user.as_ref())
            .and_then(Actor::language);
        let lang = Lang::of_page(user, &parts.headers, state.service());
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
    /// The message the page shows after an action (the `done` key of the address,
    /// when it names a message of the catalogue; see [`crate::view::layout::done`]).
    pub flash: Option<crate::i18n::Msg>,
    /// The counter of the actor's due and overdue reminders, shown on every page; read for
    /// GET requests only (a POST answers with a redirect, no page).
    pub due: Option<contacts_core::service::DueCounts>,
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
        let due = if parts.method == axum::http::Method::GET {
            let svc = state.service();
            svc.due_counts(&actor, svc.now()).ok()
        } else {
            None
        };
        Ok(Me {
            actor,
            lang: ctx.lang,
            csrf: session.csrf,
            session_id: id,
            secure: ctx.secure,
            flash: crate::session::auth::flash_of(parts.uri.query()),
            due,
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
                Ok(Some(actor)) => {
                    crate::access_log::note_user(&parts.extensions, actor.id());
                    Some(actor)
                }
                Ok(None) => {
                    let addr = crate::access_log::client_addr(&parts.extensions);
                    tracing::warn!(%addr, "API request with an unknown or revoked token");
                    None
                }
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

pub(crate) fn require_admin(me: &Me) -> Result<(), AppError> {
    if me.actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Status(StatusCode::FORBIDDEN))
    }
}

/// Where a signed-in user lands: the account notices first, when there are any.
pub const NOTICES_PATH: &str = "/account/notices";

/// The page a user should see right after signing in.
pub fn landing<S: Store>(service: &Service<S>, actor: &Actor) -> &'static str {
    match service.account_notices(actor) {
        Ok(n) if !n.is_empty() => NOTICES_PATH,
        _ => "/",
    }
}

/// The message key named by the `done` parameter of a query string, if the catalogue
/// has it: only catalogue texts are ever shown, never anything from the address.
pub fn flash_of(query: Option<&str>) -> Option<crate::i18n::Msg> {
    let value = form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v.into_owned())?;
    crate::i18n::FLASHES
        .iter()
        .copied()
        .find(|m| crate::i18n::flash_name(*m) == value)
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
            msg!("error.password_too_short")
        );
        let long = "x".repeat(contacts_core::password::MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            key(check_new_password(&long, &long)),
            msg!("error.password_too_long")
        );
        assert_eq!(
            key(check_new_password("correct horse", "correct hors")),
            msg!("error.passwords_differ")
        );
        assert!(check_new_password("correct horse", "correct horse").is_ok());
    }

    #[test]
    fn throttle_counts_before_checking_and_spares_usual_places() {
        let t = Throttle::default();
        // The owner signs in from home once: home becomes a usual place.
        let a = t
            .begin("anna", "10.0.0.1")
            .unwrap_or_else(|w| panic!("{w:?}"));
        t.succeeded(a);
        // Three free tries per (account, address), then a wait; nothing needs to finish.
        for _ in 0..PAIR_FREE {
            assert!(t.begin("anna", "10.0.0.66").is_ok());
        }
        assert!(t.begin("anna", "10.0.0.66").is_err());
        // Guessing from many addresses fills the account's wide counter...
        for i in 0..WIDE_FREE {
            let _ = t.begin("anna", &format!("10.0.1.{i}"));
        }
        assert!(
            t.begin("anna", "10.0.2.1").is_err(),
            "a new place must wait"
        );
        // ...but never the usual place.
        let a = t
            .begin("anna", "10.0.0.1")
            .unwrap_or_else(|w| panic!("{w:?}"));
        t.succeeded(a);
        // A try given back (never checked) leaves no trace.
        let t2 = Throttle::default();
        for _ in 0..(2 * PAIR_FREE) {
            let a = t2
                .begin("ewa", "10.0.0.3")
                .unwrap_or_else(|w| panic!("{w:?}"));
            t2.abandon(a);
        }
        // One address guessing over many accounts is slowed too.
        for i in 0..WIDE_FREE {
            let _ = t.begin(&format!("user{i}"), "10.0.0.99");
        }
        assert!(t.begin("someone", "10.0.0.99").is_err());
    }

    #[test]
    fn anonymous_sessions_are_signed_and_need_no_memory() {
        let s = Sessions::default();
        let id = s.create_anonymous();
        assert_eq!(id.len(), ANONYMOUS_ID_LEN);
        assert!(s.anonymous(&id));
        let mut forged = id.clone().into_bytes();
        forged[0] = if forged[0] == b'0' { b'1' } else { b'0' };
        assert!(!s.anonymous(&String::from_utf8_lossy(&forged)));
        assert!(!Sessions::default().anonymous(&id), "another key");
        assert!(!s.anonymous(&random_token()));
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
