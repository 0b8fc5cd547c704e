//! Sign-in throttling: guessing is slowed per (account, address), per address and per
//! account, but the right password from the account's usual place still works; a burst
//! gets no more guesses checked than the free ones; flooding the login page ends nobody's
//! half-finished sign-in.

use std::net::SocketAddr;

use crate::common::{csrf_of, form_body, session_of, Client, Harness, PASSWORD};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use contacts_web::auth::{PAIR_FREE, WIDE_FREE};

fn from(ip: &str) -> ConnectInfo<SocketAddr> {
    ConnectInfo(
        format!("{ip}:50000")
            .parse()
            .unwrap_or_else(|e| panic!("{ip}: {e}")),
    )
}

/// The login page, opened from `ip`.
async fn visit<S: contacts_core::store::Store + 'static>(h: &Harness<S>, ip: &str) -> Client {
    let req = Request::get("/login")
        .extension(from(ip))
        .body(Body::empty())
        .unwrap_or_default();
    let r = h.send(req).await;
    Client {
        cookie: session_of(&r).unwrap_or_default(),
        csrf: csrf_of(&r.text()),
    }
}

fn login_request(v: &Client, ip: &str, user: &str, password: &str) -> Request<Body> {
    Request::post("/login")
        .header(header::COOKIE, &v.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(from(ip))
        .body(Body::from(form_body(&[
            ("_csrf", &v.csrf),
            ("user", user),
            ("password", password),
        ])))
        .unwrap_or_default()
}

/// Opens the login page from `ip` and signs in as `user`; returns the status.
async fn login<S: contacts_core::store::Store + 'static>(
    h: &Harness<S>,
    ip: &str,
    user: &str,
    password: &str,
) -> StatusCode {
    let v = visit(h, ip).await;
    h.send(login_request(&v, ip, user, password)).await.status
}

#[tokio::test]
async fn the_right_password_from_the_usual_place_works_while_others_guess() {
    let (h, _anna, _bob) = Harness::two_users().await;
    let home = "10.0.0.5";
    assert_eq!(
        login(&h, home, "bob", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    // One address guesses at bob: three tries are checked, then it must wait.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(login(&h, "10.0.0.66", "bob", "wrong-guess").await);
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(checked, PAIR_FREE as usize, "{statuses:?}");
    assert!(statuses[PAIR_FREE as usize..]
        .iter()
        .all(|s| *s == StatusCode::TOO_MANY_REQUESTS));
    // Many addresses, a guess each: the account's allowance for new places runs out.
    for i in 0..(2 * WIDE_FREE) {
        login(&h, &format!("10.0.1.{i}"), "bob", "wrong-guess").await;
    }
    assert_eq!(
        login(&h, "10.0.9.9", "bob", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "guessing for the account must slow down new places"
    );
    // The owner, from the usual place, is not kept out.
    assert_eq!(
        login(&h, home, "bob", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    // Nor is another account, from an address that guessed once at bob.
    assert_eq!(
        login(&h, "10.0.1.0", "anna", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn one_address_guessing_at_many_accounts_is_slowed() {
    let (h, _anna, _bob) = Harness::two_users().await;
    let mut checked = 0;
    for i in 0..(2 * WIDE_FREE) {
        let s = login(&h, "10.0.0.77", &format!("user{i}"), "wrong-guess").await;
        if s == StatusCode::UNAUTHORIZED {
            checked += 1;
        } else {
            assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
        }
    }
    assert_eq!(checked, WIDE_FREE);
    // Bob, whose usual place this is not, must wait too; from elsewhere he is fine.
    assert_eq!(
        login(&h, "10.0.0.77", "bob", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login(&h, "10.0.0.8", "bob", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_gets_no_more_guesses_checked_than_the_free_ones() {
    let (h, _anna, _bob) = Harness::two_users().await;
    let ip = "10.0.0.88";
    let v = visit(&h, ip).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let router = h.router.clone();
        let req = login_request(&v, ip, "anna", "wrong-guess");
        tasks.spawn(async move {
            use tower::ServiceExt;
            router
                .oneshot(req)
                .await
                .map(|r| r.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        });
    }
    let statuses: Vec<StatusCode> = tasks.join_all().await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let waited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked, PAIR_FREE as usize, "{statuses:?}");
    assert_eq!(checked + waited, statuses.len(), "{statuses:?}");
}

#[tokio::test]
async fn flooding_the_login_page_ends_no_half_finished_sign_in() {
    let (h, _anna, _bob) = Harness::two_users().await;
    // Bob opens the login form...
    let v = visit(&h, "10.0.0.5").await;
    assert!(!v.cookie.is_empty() && !v.csrf.is_empty());
    // ...while someone opens it more than 20,000 times (the old in-memory cap).
    for _ in 0..20_500 {
        let req = Request::get("/login")
            .extension(from("10.0.0.66"))
            .body(Body::empty())
            .unwrap_or_default();
        let r = h.send(req).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    // Bob's form still works.
    let r = h.send(login_request(&v, "10.0.0.5", "bob", PASSWORD)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
}
