//! The accept loop: HTTP/1.1 connections with a header-read timeout and a cap on
//! connections (`axum::serve` offers neither).
//!
//! - At most [`ServerLimits::max_connections`] connections are served at once. The loop
//!   takes a slot before it accepts, so further clients wait in the kernel's listen queue
//!   (and are refused by the kernel when that is full); nothing is held for them here.
//! - A request's head must arrive within [`ServerLimits::header_timeout`] of the
//!   connection being ready for it, else the connection is closed. hyper starts that timer
//!   whenever it waits for a head, so the same bound closes a kept-alive connection that
//!   stays idle between requests.
//! - A body must arrive within [`crate::limits::BODY_TIMEOUT`] (see `off_the_workers`).

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connection limits of [`serve_with`].
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// A request head (and, on a kept-alive connection, the next request) must arrive
    /// within this time.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` until the process ends (or the listener fails for good).
pub async fn serve_with(
    app: Router,
    listener: TcpListener,
    limits: ServerLimits,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut full_logged = false;
    loop {
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(s) => {
                full_logged = false;
                s
            }
            Err(_) => {
                if !full_logged {
                    tracing::warn!(
                        max = limits.max_connections,
                        "connection cap reached; new clients wait"
                    );
                    full_logged = true;
                }
                Arc::clone(&slots)
                    .acquire_owned()
                    .await
                    .map_err(io::Error::other)?
            }
        };
        let (stream, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                // Out of descriptors and the like: wait a little rather than spin.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let conn = builder.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(req.map(Body::new))
            });
            if let Err(e) = conn
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await
            {
                tracing::debug!(%peer, "connection ended: {e}");
            }
            drop(slot);
        });
    }
}
