//! The one-time password link: its URL and the card that shows it to an admin.

use crate::i18n::Lang;
use crate::session::auth::is_https;
use axum::http::header;
use axum::http::HeaderMap;
use maud::html;
use maud::Markup;

/// The full address of a password link, for the admin to hand over.
pub fn link_url(headers: &HeaderMap, secret: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if is_https(headers) { "https" } else { "http" };
    format!("{scheme}://{host}/password/{secret}")
}

/// The link shown to the admin who made it, with what to do with it.
pub fn link_card(l: Lang, user: &str, url: &str) -> Markup {
    html! {
        div.card #password-link {
            h2 { (l.t(msg!("account.link_made"))) " " (user) }
            p { (l.t(msg!("account.link_hint"))) }
            p { input #password-link-url readonly value=(url) aria-label=(l.t(msg!("account.link_made"))); }
        }
    }
}
