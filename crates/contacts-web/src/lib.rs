//! The web frontend of Contacts: server-rendered pages and a JSON API over the core
//! [`Service`], for a team on an office LAN.
//!
//! [`app`] builds the whole [`axum::Router`]; each area (sign-in, contacts, settings,
//! API, static assets) has its own `router()`. [`serve`] binds a socket and runs it.
//!
//! Signed-in sessions and personal API tokens are kept in the database through the core
//! service, which stores only the SHA-256 of each session id and token: a restart keeps
//! everybody signed in, and the database file holds nothing that signs anyone in. Login
//! throttling, the one-time setup token and the key that signs anonymous sessions (the
//! login form's CSRF token; nothing is kept per visitor) are in memory in [`AppState`]
//! and start afresh with the process.

#[macro_use]
pub mod i18n;
pub mod access_log;
pub mod api;
pub mod assets;
pub mod cookies;
pub mod error;
pub mod forms;
pub mod limits;
pub mod pages;
mod parts;
pub mod paths;
mod routes;
pub mod server;
pub mod session;
pub mod view;

pub use session::auth;

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::Router;
use contacts_core::service::Service;
use contacts_core::store::Store;

pub use error::{ApiError, AppError};

/// The largest request body accepted: the core's attachment limit plus form overhead.
pub const MAX_BODY_BYTES: usize = contacts_core::service::MAX_ATTACHMENT_BYTES + 1024 * 1024;

/// Everything the handlers share. Cheap to clone.
pub struct AppState<S> {
    inner: Arc<Inner<S>>,
}

struct Inner<S> {
    service: Service<S>,
    sessions: auth::Sessions,
    throttle: auth::Throttle,
    setup_token: Mutex<Option<String>>,
    blocking_slots: tokio::sync::Semaphore,
    upload_slots: tokio::sync::Semaphore,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        AppState {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<S> std::fmt::Debug for AppState<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppState")
    }
}

impl<S: Store> AppState<S> {
    /// Wraps the service. When the installation has no admin yet, a one-time setup token
    /// is made; [`AppState::setup_path`] gives the link that creates the admin account.
    pub fn new(service: Service<S>) -> contacts_core::Result<AppState<S>> {
        let setup = if service.has_login_admin()? {
            None
        } else {
            Some(auth::random_token())
        };
        Ok(AppState {
            inner: Arc::new(Inner {
                service,
                sessions: auth::Sessions::default(),
                throttle: auth::Throttle::default(),
                setup_token: Mutex::new(setup),
                blocking_slots: tokio::sync::Semaphore::new(session::middleware::BLOCKING_SLOTS),
                upload_slots: tokio::sync::Semaphore::new(limits::MAX_UPLOADS),
            }),
        })
    }

    pub fn service(&self) -> &Service<S> {
        &self.inner.service
    }

    /// `/setup/TOKEN` while the installation has no admin; `None` after set-up.
    pub fn setup_path(&self) -> Option<String> {
        let guard = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .map(|t| crate::paths::Setup { token: t.clone() }.to_string())
    }

    pub(crate) fn sessions(&self) -> &auth::Sessions {
        &self.inner.sessions
    }

    pub(crate) fn blocking_slots(&self) -> &tokio::sync::Semaphore {
        &self.inner.blocking_slots
    }

    pub(crate) fn upload_slots(&self) -> &tokio::sync::Semaphore {
        &self.inner.upload_slots
    }

    pub(crate) fn throttle(&self) -> &auth::Throttle {
        &self.inner.throttle
    }

    /// Whether `token` is the setup token (compared in constant time).
    pub(crate) fn setup_token_matches(&self, token: &str) -> bool {
        let guard = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        guard
            .as_deref()
            .is_some_and(|t| auth::constant_time_eq(t.as_bytes(), token.as_bytes()))
    }

    pub(crate) fn clear_setup_token(&self) {
        let mut guard = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *guard = None;
    }
}

/// The whole application: every area's router behind the CSRF guard, run off the async
/// workers (see [`session::middleware::off_the_workers`]; the guard looks the session up in the
/// database, so it runs there too), the static assets, error pages and the security
/// headers.
pub fn app<S: Store + 'static>(state: AppState<S>) -> Router {
    Router::new()
        .merge(routes::pages())
        .nest("/api/v1", routes::api())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::middleware::csrf_guard::<S>,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::middleware::off_the_workers::<S>,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::bounded::<S>,
        ))
        // Embedded files touch no database and take no POST: served straight from the
        // async workers, outside the guard.
        .merge(routes::assets())
        // CardDAV reads its own bodies and runs its own blocking work: outside the CSRF
        // guard and the page handlers' pool. Its errors are XML, which the error pages
        // leave alone.
        .merge(contacts_dav::router::<S, AppState<S>>())
        .layer(axum::middleware::from_fn(session::middleware::error_pages))
        .layer(axum::middleware::from_fn(
            session::middleware::security_headers,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(access_log::log_requests))
        .with_state(state)
}

impl<S: Store + 'static> contacts_dav::DavHost<S> for AppState<S> {
    fn service(&self) -> &Service<S> {
        &self.inner.service
    }

    fn sign_in_begin(&self, account: &str, addr: &str) -> Result<(), std::time::Duration> {
        self.inner.throttle.begin(account, addr).map(|_| ())
    }

    fn sign_in_succeeded(&self, account: &str, addr: &str) {
        self.inner
            .throttle
            .succeeded(session::auth::Attempt::of(account, addr))
    }
}

/// The full setup link for a server bound at `bind`, while set-up is pending.
pub fn setup_url<S: Store>(state: &AppState<S>, bind: SocketAddr) -> Option<String> {
    state.setup_path().map(|p| format!("http://{bind}{p}"))
}

/// Serves the web UI on `bind` until the process ends. Prints the one-time setup link
/// to stderr when the installation has no admin yet.
pub async fn serve<S: Store + 'static>(service: Service<S>, bind: SocketAddr) -> io::Result<()> {
    let state = AppState::new(service).map_err(io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    serve_on(state, listener).await
}

/// Serves on an already bound listener (tests bind port 0 and read the address), with
/// the default [`server::ServerLimits`].
pub async fn serve_on<S: Store + 'static>(
    state: AppState<S>,
    listener: tokio::net::TcpListener,
) -> io::Result<()> {
    serve_on_with(state, listener, server::ServerLimits::default()).await
}

/// [`serve_on`] with chosen connection limits.
pub async fn serve_on_with<S: Store + 'static>(
    state: AppState<S>,
    listener: tokio::net::TcpListener,
    limits: server::ServerLimits,
) -> io::Result<()> {
    let addr = listener.local_addr()?;
    if let Some(url) = setup_url(&state, addr) {
        eprintln!("No admin account yet. Open this link once to create it:\n  {url}");
    }
    eprintln!("Contacts web UI on http://{addr}/");
    server::serve_with(app(state), listener, limits).await
}
