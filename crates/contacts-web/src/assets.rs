//! Static assets, embedded in the binary: the stylesheet and its print companion, one
//! script, one icon.
//! They are public (the login page needs them) and hold nothing private.

use axum::http::header;
use axum::response::IntoResponse;

pub const CSS: &str = include_str!("../assets/app.css");
/// The printed page: linked by every page with `media="print"`.
pub const PRINT_CSS: &str = include_str!("../assets/print.css");
/// The path of the print stylesheet.
pub const PRINT_CSS_PATH: &str = "/static/print.css";
pub const JS: &str = include_str!("../assets/app.js");
pub const FAVICON: &str = include_str!("../assets/favicon.svg");

const CACHE: &str = "public, max-age=3600";

/// The path of the one script the pages load.
pub const JS_PATH: &str = "/static/app.js";

/// `sha256-<base64>` of [`JS`]: the page policy lets only a script with this hash run (the
/// script tag carries it as its `integrity`), so no stored or uploaded bytes can ever run as
/// a script in the site's origin, whatever type they were served with.
pub fn js_integrity() -> &'static str {
    use base64::Engine as _;
    use sha2::Digest as _;
    static HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let digest = sha2::Sha256::digest(JS.as_bytes());
        format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    });
    &HASH
}

pub(crate) async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        CSS,
    )
}

pub(crate) async fn print_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        PRINT_CSS,
    )
}

pub(crate) async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        JS,
    )
}

pub(crate) async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, CACHE),
        ],
        FAVICON,
    )
}
