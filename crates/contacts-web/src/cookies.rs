//! Cookies, read and written with the `cookie` crate (the one `axum-extra`'s jar wraps):
//! the session cookie and the language cookie are the only ones the server sets.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};

/// The value of the cookie `name` sent with a request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: `Path=/`, HttpOnly, SameSite=Lax, Secure behind TLS; `max_age`
/// in seconds (none: until the browser closes; 0: removes the cookie).
pub fn set_cookie(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> HeaderValue {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(age) = max_age {
        let secs = i64::try_from(age).unwrap_or(i64::MAX);
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    HeaderValue::from_str(&c.build().to_string())
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_cookie_among_several_headers_and_pairs() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; lang=pl"));
        h.append(header::COOKIE, HeaderValue::from_static("sid=xyz"));
        assert_eq!(cookie(&h, "lang").as_deref(), Some("pl"));
        assert_eq!(cookie(&h, "sid").as_deref(), Some("xyz"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn writes_the_attributes_the_session_needs() {
        let v = set_cookie("sid", "abc", Some(0), true);
        let s = v.to_str().unwrap_or("");
        for part in [
            "sid=abc",
            "Path=/",
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Max-Age=0",
        ] {
            assert!(s.contains(part), "{s} lacks {part}");
        }
        let plain = set_cookie("lang", "pl", None, false);
        assert!(!plain.to_str().unwrap_or("").contains("Secure"));
    }
}
