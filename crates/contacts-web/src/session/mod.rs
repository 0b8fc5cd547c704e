//! Who is asking: sign-in, sessions and API tokens, login throttling, the extractors
//! that hand a handler its signed-in user ([`auth`]); and the layers every request
//! passes (CSRF guard, security headers, error pages: [`middleware`]).

pub mod auth;
pub mod middleware;

/// The form field that carries the CSRF token (written by every form, checked by the
/// guard in [`middleware`]).
pub const CSRF_FIELD: &str = "_csrf";
