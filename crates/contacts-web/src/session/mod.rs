//! Who is asking: sign-in, sessions and API tokens, login throttling, the extractors
//! that hand a handler its signed-in user ([`auth`]); and the layers every request
//! passes (CSRF guard, security headers, error pages: [`middleware`]).

pub mod auth;
pub mod middleware;
