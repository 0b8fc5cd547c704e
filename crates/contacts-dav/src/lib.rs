//! CardDAV (RFC 6352, with RFC 6578 sync-collection) for both books a user sees, and a
//! personal calendar subscription, over the core [`Service`].
//!
//! [`router`] gives an axum router for any host state that implements [`DavHost`] (the web
//! crate's `AppState`); `contacts serve` mounts it under [`PREFIX`]. Layout:
//!
//! ```text
//! /dav/                                 root: current-user-principal
//! /dav/principals/<user id>/            the principal: addressbook-home-set
//! /dav/books/<user id>/                 the home: two address books
//! /dav/books/<user id>/private/         the user's private book
//! /dav/books/<user id>/business/        the business book
//! /dav/books/<user id>/<book>/<name>    a card (`<contact id>.vcf`, or the client's name)
//! /dav/feed/<secret>.ics                the calendar subscription (no password: the secret)
//! ```
//!
//! Every request but the feed needs HTTP Basic with the user's name and one of their
//! personal API tokens (made on the settings page); failures count against the login
//! form's throttle. Never a cookie, never anonymous. A path naming another user is "not
//! found", like every contact the core does not show the user.
//!
//! Reads and writes go through the core service only (`Service::sync_*`): the same checks,
//! optimistic versions (a card's strong ETag is its id and version), the tolerant vCard
//! reader. Big listings (PROPFIND depth 1, a first sync-collection) are written in pages of
//! [`PAGE`] cards from a blocking task into a bounded channel, so memory stays bounded.

mod xml;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use base64::Engine as _;
use contacts_core::ids::ContactId;
use contacts_core::model::Language;
use contacts_core::service::{
    resource_name, Actor, BookKind, Service, SyncCard, SyncToken, MAX_PHOTO_BYTES,
};
use contacts_core::store::{Store, SyncEntry};
use contacts_core::text::fold;
use contacts_core::vcard::{self, VcardVersion};
use contacts_core::Error;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use xml::{Out, PropName, PropRequest, Report, Wanted, CARD, CS, DAV};

pub use xml::XmlError;

/// Where the router is mounted.
pub const PREFIX: &str = "/dav";
/// The largest card a client may PUT: a photo at the core's limit in base64, plus text.
pub const MAX_CARD_BYTES: usize = MAX_PHOTO_BYTES / 3 * 4 + 1024 * 1024;
/// The largest XML request body (a multiget of a whole 100,000-card book fits).
pub const MAX_XML_BYTES: usize = 8 * 1024 * 1024;
/// Cards per page of a streamed listing.
pub const PAGE: usize = 1000;
/// Most hrefs in one multiget (vdirsyncer asks for a whole book in one).
pub const MAX_MULTIGET: usize = 100_000;

/// What the router needs from the application: the service and the login throttle.
pub trait DavHost<S: Store>: Clone + Send + Sync + 'static {
    fn service(&self) -> &Service<S>;
    /// Starts a sign-in try of `account` (lower-cased name) from `addr` on the login form's
    /// throttle: `Err(wait)` when it must wait first. The try counts as failed unless
    /// [`DavHost::sign_in_succeeded`] follows.
    fn sign_in_begin(&self, account: &str, addr: &str) -> Result<(), Duration>;
    fn sign_in_succeeded(&self, account: &str, addr: &str);
}

/// The CardDAV routes (and `/.well-known/carddav`), for a host state `H`.
pub fn router<S: Store + 'static, H: DavHost<S>>() -> Router<H> {
    Router::new()
        .route(PREFIX, any(handle::<S, H>))
        .route("/dav/", any(handle::<S, H>))
        .route("/dav/{*rest}", any(handle::<S, H>))
        .route("/.well-known/carddav", any(well_known))
}

async fn well_known() -> Response {
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/dav/")]).into_response()
}

// ---- errors -----------------------------------------------------------------------------

/// A DAV error response: a status and a `DAV:error` body naming the precondition (if any)
/// and saying what was wrong.
#[derive(Debug)]
struct DavError {
    status: StatusCode,
    condition: Option<(&'static str, &'static str)>,
    message: String,
    /// Seconds to wait (a throttled sign-in), sent as `Retry-After`.
    retry_after: Option<u64>,
}

impl DavError {
    fn new(status: StatusCode, message: impl Into<String>) -> DavError {
        DavError {
            status,
            condition: None,
            message: message.into(),
            retry_after: None,
        }
    }

    fn with(mut self, prefix: &'static str, local: &'static str) -> DavError {
        self.condition = Some((prefix, local));
        self
    }

    fn not_found() -> DavError {
        DavError::new(StatusCode::NOT_FOUND, "not found")
    }
}

impl IntoResponse for DavError {
    fn into_response(self) -> Response {
        let mut out = Out::new();
        out.root("d:error");
        if let Some((p, l)) = self.condition {
            out.empty(&format!("{p}:{l}"));
        }
        out.text_el("m:message", &self.message);
        out.close("d:error");
        let mut resp = (self.status, xml_headers(), out.into_bytes()).into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Contacts\", charset=\"UTF-8\""),
            );
        }
        resp
    }
}

impl From<Error> for DavError {
    fn from(e: Error) -> DavError {
        match e {
            Error::NotFound { .. } => DavError::not_found(),
            Error::Conflict(m) => DavError::new(StatusCode::PRECONDITION_FAILED, m),
            Error::Invalid { .. } => DavError::new(StatusCode::FORBIDDEN, e.to_string()),
            Error::Forbidden(m) => DavError::new(StatusCode::FORBIDDEN, m),
            other => {
                tracing::error!("CardDAV request failed: {other}");
                DavError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }
}

impl From<XmlError> for DavError {
    fn from(e: XmlError) -> DavError {
        DavError::new(StatusCode::BAD_REQUEST, e.0)
    }
}

type DavResult<T> = Result<T, DavError>;

fn xml_headers() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    )]
}

// ---- requests ---------------------------------------------------------------------------

/// What a path names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Root,
    Principal,
    Home,
    Book(BookKind),
    Card(BookKind, String),
}

fn book_segment(b: BookKind) -> &'static str {
    match b {
        BookKind::Private => "private",
        BookKind::Business => "business",
    }
}

/// Characters escaped in a card's name in an href.
const NAME_ESCAPE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'&')
    .add(b'+');

struct Urls {
    user: i64,
}

impl Urls {
    fn principal(&self) -> String {
        format!("{PREFIX}/principals/{}/", self.user)
    }
    fn home(&self) -> String {
        format!("{PREFIX}/books/{}/", self.user)
    }
    fn book(&self, b: BookKind) -> String {
        format!("{PREFIX}/books/{}/{}/", self.user, book_segment(b))
    }
    fn card(&self, b: BookKind, name: &str) -> String {
        format!("{}{}", self.book(b), utf8_percent_encode(name, NAME_ESCAPE))
    }
}

/// Parses a path (under the prefix) for `user`; another user's path is "not found".
fn target(path: &str, user: i64) -> DavResult<Target> {
    let rest = path.strip_prefix(PREFIX).ok_or_else(DavError::not_found)?;
    let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let me = user.to_string();
    let book = |s: &str| match s {
        "private" => Ok(BookKind::Private),
        "business" => Ok(BookKind::Business),
        _ => Err(DavError::not_found()),
    };
    match parts.as_slice() {
        [] => Ok(Target::Root),
        ["principals", u] if *u == me => Ok(Target::Principal),
        ["books", u] if *u == me => Ok(Target::Home),
        ["books", u, b] if *u == me => Ok(Target::Book(book(b)?)),
        ["books", u, b, name] if *u == me => {
            let name = percent_decode_str(name)
                .decode_utf8()
                .map_err(|_| DavError::new(StatusCode::BAD_REQUEST, "the path is not UTF-8"))?;
            Ok(Target::Card(book(b)?, name.into_owned()))
        }
        _ => Err(DavError::not_found()),
    }
}

/// The user a request's HTTP Basic credentials name, checked against their API tokens.
fn authenticate<S: Store, H: DavHost<S>>(
    host: &H,
    headers: &HeaderMap,
    addr: Option<SocketAddr>,
) -> DavResult<Actor> {
    let unauthorized = || {
        DavError::new(StatusCode::UNAUTHORIZED, "sign in with your user name and an app password (a personal API token from the settings page)")
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unauthorized)?;
    let (scheme, b64) = value.split_once(' ').ok_or_else(unauthorized)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(unauthorized());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(unauthorized)?;
    let (user, password) = decoded.split_once(':').ok_or_else(unauthorized)?;
    let account = user.trim().to_lowercase();
    let addr = addr
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    if let Err(wait) = host.sign_in_begin(&account, &addr) {
        let secs = wait.as_secs().max(1);
        let mut e = DavError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many failed sign-ins; try again in {secs} s"),
        );
        e.retry_after = Some(secs);
        return Err(e);
    }
    let actor = host
        .service()
        .token_actor(password.trim())
        .map_err(DavError::from)?
        .filter(|a| a.name() == user.trim());
    match actor {
        Some(a) => {
            host.sign_in_succeeded(&account, &addr);
            Ok(a)
        }
        None => {
            // Counted as a failure when it began.
            tracing::warn!(%addr, "failed CardDAV sign-in");
            Err(unauthorized())
        }
    }
}

/// One request, read and answered off the async workers.
async fn handle<S: Store + 'static, H: DavHost<S>>(
    State(host): State<H>,
    req: Request,
) -> Response {
    let addr = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let (parts, body) = req.into_parts();
    let limit = if parts.method == Method::PUT {
        MAX_CARD_BYTES
    } else {
        MAX_XML_BYTES
    };
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => {
            return DavError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the request body is over the limit of {limit} bytes"),
            )
            .into_response()
        }
    };
    let path = parts.uri.path().to_string();
    if let Some(secret) = path.strip_prefix("/dav/feed/") {
        let secret = secret.trim_end_matches(".ics").to_string();
        let headers = parts.headers;
        let head = parts.method == Method::HEAD;
        if parts.method != Method::GET && !head {
            return DavError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "the calendar feed is read with GET",
            )
            .into_response();
        }
        return blocking(move || {
            let mut resp = feed(&host, &secret, &headers)?;
            if head {
                *resp.body_mut() = Body::empty();
            }
            Ok(resp)
        })
        .await;
    }
    let method = parts.method;
    let headers = parts.headers;
    let runtime = tokio::runtime::Handle::current();
    blocking(move || {
        let actor = authenticate(&host, &headers, addr)?;
        let urls = Urls { user: actor.id().0 };
        let t = target(&path, urls.user)?;
        let cx = Cx {
            service: host.service(),
            host: &host,
            runtime: &runtime,
            actor: &actor,
            urls: &urls,
        };
        match method.as_str() {
            "OPTIONS" => Ok(options()),
            "PROPFIND" => cx.propfind(&t, &headers, &body),
            "REPORT" => cx.report(&t, &body),
            "GET" | "HEAD" => cx.get(&t, &headers, method == Method::HEAD),
            "PUT" => cx.put(&t, &headers, &body),
            "DELETE" => cx.delete(&t, &headers),
            _ => Err(DavError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not supported here"),
            )),
        }
    })
    .await
}

/// Runs `f` on the blocking pool (the store is synchronous).
async fn blocking(f: impl FnOnce() -> DavResult<Response> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => DavError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting down").into_response(),
    }
}

fn options() -> Response {
    (
        StatusCode::OK,
        [
            (
                header::ALLOW,
                "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT",
            ),
            (
                header::HeaderName::from_static("dav"),
                "1, 3, addressbook, sync-collection",
            ),
        ],
    )
        .into_response()
}

// ---- properties -------------------------------------------------------------------------

fn etag(id: ContactId, version: u64) -> String {
    format!("\"{id}-{version}\"")
}

fn token_uri(t: SyncToken) -> String {
    format!("urn:contacts:sync:{}", t.as_text())
}

fn parse_token_uri(s: &str) -> Option<SyncToken> {
    SyncToken::parse(s.strip_prefix("urn:contacts:sync:")?)
}

const VCARD_TYPE: &str = "text/vcard; charset=utf-8";

/// Writes one `DAV:response` with a 200 propstat for what `value` knows and a 404 one for
/// the rest. `value` writes a property and returns whether it knew it.
fn response(
    out: &mut Out,
    href: &str,
    wanted: &PropRequest,
    all: &[PropName],
    mut value: impl FnMut(&mut Out, &PropName) -> bool,
) {
    out.open("d:response");
    out.text_el("d:href", href);
    let mut missing: Vec<&PropName> = Vec::new();
    out.open("d:propstat");
    out.open("d:prop");
    match wanted {
        PropRequest::Names => {
            for p in all {
                out.empty_ns(p);
            }
        }
        PropRequest::All => {
            for p in all {
                value(out, p);
            }
        }
        PropRequest::Props(ps) => {
            for p in ps {
                if !value(out, p) {
                    missing.push(p);
                }
            }
        }
    }
    out.close("d:prop");
    out.text_el("d:status", "HTTP/1.1 200 OK");
    out.close("d:propstat");
    if !missing.is_empty() {
        out.open("d:propstat");
        out.open("d:prop");
        for p in missing {
            out.empty_ns(p);
        }
        out.close("d:prop");
        out.text_el("d:status", "HTTP/1.1 404 Not Found");
        out.close("d:propstat");
    }
    out.close("d:response");
}

/// The properties a card shows for `allprop` and `propname`.
fn card_props_all() -> &'static [PropName] {
    static ALL: std::sync::LazyLock<Vec<PropName>> = std::sync::LazyLock::new(|| {
        names(&[
            (DAV, "getetag"),
            (DAV, "getcontenttype"),
            (DAV, "resourcetype"),
        ])
    });
    &ALL
}

fn names(list: &[(&str, &str)]) -> Vec<PropName> {
    list.iter().map(|(ns, l)| PropName::new(ns, l)).collect()
}

fn href_el(out: &mut Out, name: &str, href: &str) {
    out.open(name);
    out.text_el("d:href", href);
    out.close(name);
}

/// The privileges a user has on their books and cards: everything but ACL changes.
fn privileges(out: &mut Out) {
    out.open("d:current-user-privilege-set");
    for p in [
        "d:read",
        "d:write",
        "d:write-content",
        "d:bind",
        "d:unbind",
        "d:write-properties",
    ] {
        out.open("d:privilege");
        out.empty(p);
        out.close("d:privilege");
    }
    out.close("d:current-user-privilege-set");
}

struct Cx<'a, S, H> {
    service: &'a Service<S>,
    host: &'a H,
    runtime: &'a tokio::runtime::Handle,
    actor: &'a Actor,
    urls: &'a Urls,
}

impl<S: Store + 'static, H: DavHost<S>> Cx<'_, S, H> {
    fn lang(&self) -> Language {
        self.actor.language().unwrap_or(Language::Polish)
    }

    fn book_title(&self, b: BookKind) -> (&'static str, String) {
        let name = self.actor.name();
        match (b, self.lang()) {
            (BookKind::Private, Language::Polish) => (
                "Moje kontakty",
                format!("Prywatna książka adresowa użytkownika {name}; widzi ją tylko on"),
            ),
            (BookKind::Private, Language::English) => (
                "My contacts",
                format!("The private address book of {name}; only they can see it"),
            ),
            (BookKind::Business, Language::Polish) => (
                "Kontakty firmowe",
                "Wspólna baza firmowa, widoczna dla wszystkich użytkowników".to_string(),
            ),
            (BookKind::Business, Language::English) => (
                "Business contacts",
                "The firm's shared book, visible to every user".to_string(),
            ),
        }
    }

    /// Properties every collection and the principal answer.
    fn common(&self, out: &mut Out, p: &PropName) -> bool {
        if p.is(DAV, "current-user-principal") || p.is(DAV, "principal-URL") || p.is(DAV, "owner") {
            href_el(out, &format!("d:{}", p.local), &self.urls.principal());
        } else if p.is(CARD, "addressbook-home-set") {
            href_el(out, "card:addressbook-home-set", &self.urls.home());
        } else {
            return false;
        }
        true
    }

    fn collection_props(&self, out: &mut Out, t: &Target, p: &PropName) -> DavResult<bool> {
        if self.common(out, p) {
            return Ok(true);
        }
        match t {
            Target::Principal if p.is(DAV, "resourcetype") => {
                out.open("d:resourcetype");
                out.empty("d:principal");
                out.close("d:resourcetype");
            }
            Target::Principal if p.is(DAV, "displayname") => {
                out.text_el("d:displayname", self.actor.name())
            }
            Target::Root | Target::Home if p.is(DAV, "resourcetype") => {
                out.open("d:resourcetype");
                out.empty("d:collection");
                out.close("d:resourcetype");
            }
            Target::Book(_) if p.is(DAV, "resourcetype") => {
                out.open("d:resourcetype");
                out.empty("d:collection");
                out.empty("card:addressbook");
                out.close("d:resourcetype");
            }
            Target::Book(b) if p.is(DAV, "displayname") => {
                out.text_el("d:displayname", self.book_title(*b).0)
            }
            Target::Book(b) if p.is(CARD, "addressbook-description") => {
                out.text_el("card:addressbook-description", &self.book_title(*b).1)
            }
            Target::Book(_) if p.is(DAV, "sync-token") => {
                let t = self.service.sync_token(self.actor)?;
                out.text_el("d:sync-token", &token_uri(t));
            }
            Target::Book(_) if p.is(CS, "getctag") => {
                let t = self.service.sync_token(self.actor)?;
                out.text_el("cs:getctag", &t.as_text());
            }
            Target::Book(_) if p.is(DAV, "supported-report-set") => {
                out.open("d:supported-report-set");
                for r in [
                    "card:addressbook-multiget",
                    "card:addressbook-query",
                    "d:sync-collection",
                ] {
                    out.open("d:supported-report");
                    out.open("d:report");
                    out.empty(r);
                    out.close("d:report");
                    out.close("d:supported-report");
                }
                out.close("d:supported-report-set");
            }
            Target::Book(_) if p.is(CARD, "supported-address-data") => {
                out.open("card:supported-address-data");
                for v in ["3.0", "4.0"] {
                    out.empty_with(
                        "card:address-data-type",
                        &[("content-type", "text/vcard"), ("version", v)],
                    );
                }
                out.close("card:supported-address-data");
            }
            Target::Book(_) if p.is(CARD, "max-resource-size") => {
                out.text_el("card:max-resource-size", &MAX_CARD_BYTES.to_string())
            }
            Target::Book(_) | Target::Home | Target::Principal
                if p.is(DAV, "current-user-privilege-set") =>
            {
                privileges(out)
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn all_collection_props(t: &Target) -> Vec<PropName> {
        let mut v = names(&[
            (DAV, "resourcetype"),
            (DAV, "current-user-principal"),
            (CARD, "addressbook-home-set"),
        ]);
        match t {
            Target::Principal => v.extend(names(&[(DAV, "displayname"), (DAV, "principal-URL")])),
            Target::Book(_) => v.extend(names(&[
                (DAV, "displayname"),
                (CARD, "addressbook-description"),
                (DAV, "sync-token"),
                (CS, "getctag"),
                (DAV, "supported-report-set"),
                (CARD, "supported-address-data"),
                (CARD, "max-resource-size"),
            ])),
            _ => {}
        }
        v
    }

    /// A card's properties from its entry (and its rendered card, when asked for data).
    fn card_props(
        out: &mut Out,
        p: &PropName,
        id: ContactId,
        version: u64,
        data: Option<&str>,
    ) -> bool {
        card_props_free(out, p, id, version, data)
    }

    fn propfind(&self, t: &Target, headers: &HeaderMap, body: &[u8]) -> DavResult<Response> {
        let wanted = xml::propfind(body)?;
        let depth = match headers.get("depth").and_then(|v| v.to_str().ok()) {
            Some("0") => 0,
            Some("1") => 1,
            // "infinity" (the default) is answered as 1: there is nothing deeper than cards.
            _ => 1,
        };
        if let Target::Card(b, name) = t {
            let card = self.one_card(*b, name)?;
            let text = render(&card.card, wanted.v4);
            let mut out = Out::new();
            out.root("d:multistatus");
            let all = card_props_all();
            response(
                &mut out,
                &self.urls.card(*b, &card.name),
                &wanted.props,
                all,
                |o, p| Self::card_props(o, p, card.id, card.version, Some(&text)),
            );
            out.close("d:multistatus");
            return Ok(multistatus(out.into_bytes()));
        }
        let mut out = Out::new();
        out.root("d:multistatus");
        self.collection_response(&mut out, t, &wanted)?;
        if depth == 1 {
            match t {
                Target::Root => {
                    let all = Self::all_collection_props(&Target::Principal);
                    let mut err = None;
                    response(
                        &mut out,
                        &self.urls.principal(),
                        &wanted.props,
                        &all,
                        |o, p| {
                            self.collection_props(o, &Target::Principal, p)
                                .unwrap_or_else(|e| {
                                    err = Some(e);
                                    false
                                })
                        },
                    );
                    if let Some(e) = err {
                        return Err(e);
                    }
                }
                Target::Home => {
                    for b in [BookKind::Private, BookKind::Business] {
                        self.collection_response(&mut out, &Target::Book(b), &wanted)?;
                    }
                }
                Target::Book(b) => {
                    let head = out.take();
                    return Ok(self.stream(*b, Source::Book, wanted, head, Vec::new()));
                }
                _ => {}
            }
        }
        out.close("d:multistatus");
        Ok(multistatus(out.into_bytes()))
    }

    fn collection_response(&self, out: &mut Out, t: &Target, wanted: &Wanted) -> DavResult<()> {
        let href = match t {
            Target::Root => format!("{PREFIX}/"),
            Target::Principal => self.urls.principal(),
            Target::Home => self.urls.home(),
            Target::Book(b) => self.urls.book(*b),
            Target::Card(..) => return Err(DavError::not_found()),
        };
        let all = Self::all_collection_props(t);
        let mut err = None;
        response(out, &href, &wanted.props, &all, |o, p| {
            self.collection_props(o, t, p).unwrap_or_else(|e| {
                err = Some(e);
                false
            })
        });
        match err {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn one_card(&self, b: BookKind, name: &str) -> DavResult<SyncCard> {
        self.service
            .sync_cards(self.actor, b, &[name.to_string()])?
            .into_iter()
            .next()
            .flatten()
            .ok_or_else(DavError::not_found)
    }

    /// A listing of a whole book, written page by page into the response by a blocking
    /// task as the client reads it (at most four pages wait in the channel). `head` comes
    /// before the cards, `tail` between them and the end of the multistatus.
    fn stream(
        &self,
        b: BookKind,
        source: Source,
        wanted: Wanted,
        head: Vec<u8>,
        tail: Vec<u8>,
    ) -> Response {
        let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
        let job = PageJob {
            actor: self.actor.clone(),
            urls: Urls {
                user: self.urls.user,
            },
            book: b,
            wanted,
            source,
        };
        let host = self.host.clone();
        self.runtime.spawn_blocking(move || {
            if tx.blocking_send(Bytes::from(head)).is_err() {
                return;
            }
            if let Err(e) = job.run::<S>(host.service(), &tx) {
                tracing::error!("CardDAV listing stopped: {}", e.message);
                return;
            }
            let mut end = tail;
            end.extend_from_slice(b"</d:multistatus>");
            let _ = tx.blocking_send(Bytes::from(end));
        });
        let stream = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|b| (Ok::<Bytes, Infallible>(b), rx))
        });
        multistatus_body(Body::from_stream(stream))
    }

    fn get(&self, t: &Target, headers: &HeaderMap, head: bool) -> DavResult<Response> {
        let Target::Card(b, name) = t else {
            return Err(DavError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "GET is for cards; collections are read with PROPFIND",
            ));
        };
        let card = self.one_card(*b, name)?;
        let tag = etag(card.id, card.version);
        if let Some(inm) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            if etag_listed(inm, &tag) {
                return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
            }
        }
        let v4 = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("version=4.0"));
        let text = render(&card.card, v4);
        let body = if head {
            Body::empty()
        } else {
            Body::from(text)
        };
        Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, VCARD_TYPE.to_string()),
                (header::ETAG, tag),
            ],
            body,
        )
            .into_response())
    }

    fn put(&self, t: &Target, headers: &HeaderMap, body: &[u8]) -> DavResult<Response> {
        let Target::Card(b, name) = t else {
            return Err(DavError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "PUT is for cards inside an address book",
            ));
        };
        let card = read_card(body)?;
        let if_match = header_str(headers, header::IF_MATCH);
        let if_none_match = header_str(headers, header::IF_NONE_MATCH);
        let w = self
            .service
            .sync_put(self.actor, *b, name, card, |current| {
                check_preconditions(
                    current.map(|c| etag(c.id, c.meta.version)),
                    &if_match,
                    &if_none_match,
                )
            })
            .map_err(|e| match e {
                Error::Invalid { .. } => DavError::new(StatusCode::FORBIDDEN, e.to_string())
                    .with("card", "valid-address-data"),
                e => DavError::from(e),
            })?;
        let status = if w.created {
            StatusCode::CREATED
        } else {
            StatusCode::NO_CONTENT
        };
        // No ETag: the stored card is our rendering of what was sent (RFC 6352 5.3.4), so
        // the client fetches it.
        Ok(status.into_response())
    }

    fn delete(&self, t: &Target, headers: &HeaderMap) -> DavResult<Response> {
        let Target::Card(b, name) = t else {
            return Err(DavError::new(
                StatusCode::FORBIDDEN,
                "address books cannot be removed; remove cards one by one",
            ));
        };
        let if_match = header_str(headers, header::IF_MATCH);
        self.service.sync_delete(self.actor, *b, name, |c| {
            check_preconditions(Some(etag(c.id, c.meta.version)), &if_match, &None)
        })?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }

    fn report(&self, t: &Target, body: &[u8]) -> DavResult<Response> {
        let Target::Book(b) = t else {
            if let Target::Card(b, name) = t {
                self.one_card(*b, name)?;
            }
            return Err(DavError::new(
                StatusCode::FORBIDDEN,
                "REPORT is answered on an address book",
            )
            .with("d", "supported-report"));
        };
        let report = xml::report(body).map_err(|e| {
            if e.0.starts_with("unknown REPORT") {
                DavError::new(StatusCode::FORBIDDEN, e.0).with("d", "supported-report")
            } else {
                DavError::from(e)
            }
        })?;
        match report {
            Report::Multiget { wanted, hrefs } => self.multiget(*b, &wanted, &hrefs),
            Report::Query {
                wanted,
                filter,
                limit,
            } => self.query(*b, &wanted, &filter, limit),
            Report::Sync { wanted, token } => self.sync(*b, wanted, &token),
        }
    }

    fn multiget(&self, b: BookKind, wanted: &Wanted, hrefs: &[String]) -> DavResult<Response> {
        if hrefs.len() > MAX_MULTIGET {
            return Err(DavError::new(
                StatusCode::FORBIDDEN,
                format!("at most {MAX_MULTIGET} hrefs per addressbook-multiget"),
            ));
        }
        let book_href = self.urls.book(b);
        let mut out = Out::new();
        out.root("d:multistatus");
        let mut names: Vec<String> = Vec::new();
        let mut foreign: Vec<&String> = Vec::new();
        for h in hrefs {
            let path = href_path(h);
            let name = path
                .strip_prefix(&book_href)
                .filter(|n| !n.is_empty() && !n.contains('/'))
                .and_then(|n| percent_decode_str(n).decode_utf8().ok());
            match name {
                Some(n) => names.push(n.into_owned()),
                None => foreign.push(h),
            }
        }
        let mut tail = Out::new();
        for h in foreign {
            not_found_response(&mut tail, h);
        }
        if names.len() > PAGE {
            let head = out.take();
            return Ok(self.stream(b, Source::Names(names), wanted.clone(), head, tail.take()));
        }
        let cards = self.service.sync_cards(self.actor, b, &names)?;
        for (name, card) in names.iter().zip(cards) {
            match card {
                Some(c) => self.card_response(&mut out, b, &c, wanted),
                None => not_found_response(&mut out, &self.urls.card(b, name)),
            }
        }
        let mut body = out.into_bytes();
        body.extend(tail.take());
        body.extend_from_slice(b"</d:multistatus>");
        Ok(multistatus(body))
    }

    fn card_response(&self, out: &mut Out, b: BookKind, c: &SyncCard, wanted: &Wanted) {
        let text = wants_data(&wanted.props).then(|| render(&c.card, wanted.v4));
        let all = card_props_all();
        response(
            out,
            &self.urls.card(b, &c.name),
            &wanted.props,
            all,
            |o, p| Self::card_props(o, p, c.id, c.version, text.as_deref()),
        );
    }

    fn query(
        &self,
        b: BookKind,
        wanted: &Wanted,
        filter: &xml::Filter,
        limit: Option<usize>,
    ) -> DavResult<Response> {
        let mut out = Out::new();
        out.root("d:multistatus");
        let mut after = ContactId(0);
        let mut found = 0usize;
        let limit = limit.unwrap_or(usize::MAX);
        'pages: loop {
            let page = self.service.sync_cards_after(self.actor, b, after, PAGE)?;
            let Some(last) = page.last().map(|c| c.id) else {
                break;
            };
            after = last;
            for c in &page {
                if found >= limit {
                    break 'pages;
                }
                if matches_filter(&c.card, filter) {
                    self.card_response(&mut out, b, c, wanted);
                    found += 1;
                }
            }
        }
        out.close("d:multistatus");
        Ok(multistatus(out.into_bytes()))
    }

    fn sync(&self, b: BookKind, wanted: Wanted, token: &str) -> DavResult<Response> {
        let invalid = || {
            DavError::new(
                StatusCode::FORBIDDEN,
                "the sync token is not valid; sync again from the start",
            )
            .with("d", "valid-sync-token")
        };
        if token.is_empty() {
            let now = self.service.sync_token(self.actor)?;
            let mut head = Out::new();
            head.root("d:multistatus");
            let mut tail = Out::new();
            tail.text_el("d:sync-token", &token_uri(now));
            return Ok(self.stream(b, Source::Book, wanted, head.take(), tail.take()));
        }
        let since = parse_token_uri(token).ok_or_else(invalid)?;
        let changes = self
            .service
            .sync_changes(self.actor, b, since)
            .map_err(|e| match e {
                Error::Invalid { .. } => invalid(),
                e => DavError::from(e),
            })?;
        let mut out = Out::new();
        out.root("d:multistatus");
        let (live, gone): (Vec<&SyncEntry>, Vec<&SyncEntry>) =
            changes.entries.iter().partition(|e| e.version.is_some());
        if wants_data(&wanted.props) {
            let names: Vec<String> = live.iter().map(|e| resource_name(e)).collect();
            for (name, card) in names
                .iter()
                .zip(self.service.sync_cards(self.actor, b, &names)?)
            {
                match card {
                    Some(c) => self.card_response(&mut out, b, &c, &wanted),
                    None => not_found_response(&mut out, &self.urls.card(b, name)),
                }
            }
        } else {
            for e in live {
                self.entry_response(&mut out, b, e, &wanted);
            }
        }
        for e in gone {
            not_found_response(&mut out, &self.urls.card(b, &resource_name(e)));
        }
        out.text_el("d:sync-token", &token_uri(changes.token));
        out.close("d:multistatus");
        Ok(multistatus(out.into_bytes()))
    }

    fn entry_response(&self, out: &mut Out, b: BookKind, e: &SyncEntry, wanted: &Wanted) {
        entry_response(out, self.urls, b, e, wanted);
    }
}

fn entry_response(out: &mut Out, urls: &Urls, b: BookKind, e: &SyncEntry, wanted: &Wanted) {
    let all = card_props_all();
    let version = e.version.unwrap_or(0);
    response(
        out,
        &urls.card(b, &resource_name(e)),
        &wanted.props,
        all,
        |o, p| card_props_free(o, p, e.id, version, None),
    );
}

fn card_props_free(
    out: &mut Out,
    p: &PropName,
    id: ContactId,
    version: u64,
    data: Option<&str>,
) -> bool {
    if p.is(DAV, "getetag") {
        out.text_el("d:getetag", &etag(id, version));
    } else if p.is(DAV, "getcontenttype") {
        out.text_el("d:getcontenttype", VCARD_TYPE);
    } else if p.is(DAV, "resourcetype") {
        out.empty("d:resourcetype");
    } else if p.is(CARD, "address-data") {
        match data {
            Some(d) => out.text_el("card:address-data", d),
            None => return false,
        }
    } else if p.is(DAV, "getcontentlength") {
        match data {
            Some(d) => out.text_el("d:getcontentlength", &d.len().to_string()),
            None => return false,
        }
    } else {
        return false;
    }
    true
}

fn not_found_response(out: &mut Out, href: &str) {
    out.open("d:response");
    out.text_el("d:href", href);
    out.text_el("d:status", "HTTP/1.1 404 Not Found");
    out.close("d:response");
}

/// The path of an href (an absolute URL's path, or the href itself).
fn href_path(h: &str) -> &str {
    match h.find("://") {
        Some(i) => {
            let rest = &h[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        None => h,
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Whether `tag` is in a header's list of entity tags (or the list is `*`).
fn etag_listed(list: &str, tag: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t == tag || t.strip_prefix("W/") == Some(tag))
}

/// If-Match / If-None-Match against the current ETag (`None`: no such card). A failed
/// precondition is `Conflict`, answered 412.
fn check_preconditions(
    current: Option<String>,
    if_match: &Option<String>,
    if_none_match: &Option<String>,
) -> contacts_core::Result<()> {
    if let Some(m) = if_match {
        let ok = current.as_deref().is_some_and(|c| etag_listed(m, c));
        if !ok {
            return Err(Error::Conflict(match current {
                Some(c) => format!("the card changed: its ETag is now {c}, not {m}"),
                None => "the card does not exist (If-Match)".to_string(),
            }));
        }
    }
    if let Some(n) = if_none_match {
        if let Some(c) = &current {
            if etag_listed(n, c) {
                return Err(Error::Conflict(
                    "a card with this name exists already (If-None-Match)".into(),
                ));
            }
        }
    }
    Ok(())
}

/// The one vCard a PUT carries, or a 400 saying why not.
fn read_card(body: &[u8]) -> DavResult<vcard::Card> {
    let not_vcard = |why: String| {
        DavError::new(StatusCode::BAD_REQUEST, why).with("card", "valid-address-data")
    };
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head =
        String::from_utf8_lossy(&body[start..body.len().min(start + 64)]).to_ascii_uppercase();
    if !head
        .trim_start_matches('\u{feff}')
        .starts_with("BEGIN:VCARD")
    {
        return Err(not_vcard(
            "the body is not a vCard (it must start with BEGIN:VCARD)".into(),
        ));
    }
    let mut cards = vcard::read(body);
    let card = match cards.next() {
        Some(Ok(c)) => c,
        Some(Err(e)) => return Err(not_vcard(format!("the vCard cannot be read: {e}"))),
        None => return Err(not_vcard("the body holds no vCard".into())),
    };
    if cards.next().is_some() {
        return Err(not_vcard("a card resource holds exactly one vCard".into()));
    }
    Ok(card)
}

/// Values of a vCard property of a card, for addressbook-query.
fn values(card: &vcard::Card, prop: &str) -> Vec<String> {
    let d = &card.data;
    match prop {
        "FN" => vec![card
            .formatted_name
            .clone()
            .unwrap_or_else(|| d.display_name())],
        "N" => vec![
            d.name.family.clone(),
            d.name.given.clone(),
            d.name.additional.clone(),
            format!("{} {}", d.name.given, d.name.family),
        ],
        "NICKNAME" => vec![d.nickname.clone()],
        "ORG" => vec![d.org_name.clone()],
        "EMAIL" => d.emails.iter().map(|e| e.address().to_string()).collect(),
        "TEL" => d
            .phones
            .iter()
            .flat_map(|p| [p.raw().to_string(), p.e164().to_string()])
            .collect(),
        "UID" => card
            .uid
            .clone()
            .into_iter()
            .chain(
                d.extra
                    .iter()
                    .filter_map(|e| e.line.strip_prefix("UID:").map(str::to_string)),
            )
            .collect(),
        "NOTE" => vec![d.notes.clone()],
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|v| !v.trim().is_empty())
    .collect()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A text-match with the core's folding (case and diacritics ignored); phone numbers
/// compare by their digits.
fn text_matches(prop: &str, value: &str, m: &xml::TextMatch) -> bool {
    let (v, n) = if prop == "TEL" && !digits(&m.text).is_empty() {
        (digits(value), digits(&m.text))
    } else {
        (fold(value), fold(&m.text))
    };
    let hit = match m.match_type {
        xml::MatchType::Equals => v == n,
        xml::MatchType::Contains => v.contains(&n),
        xml::MatchType::StartsWith => v.starts_with(&n),
        xml::MatchType::EndsWith => v.ends_with(&n),
    };
    hit != m.negate
}

fn matches_filter(card: &vcard::Card, f: &xml::Filter) -> bool {
    if f.props.is_empty() {
        return true;
    }
    let one = |pf: &xml::PropFilter| {
        let vals = values(card, &pf.name);
        if pf.not_defined {
            return vals.is_empty();
        }
        if pf.matches.is_empty() {
            return !vals.is_empty();
        }
        let each = |m: &xml::TextMatch| vals.iter().any(|v| text_matches(&pf.name, v, m));
        if pf.all {
            pf.matches.iter().all(each)
        } else {
            pf.matches.iter().any(each)
        }
    };
    if f.all {
        f.props.iter().all(one)
    } else {
        f.props.iter().any(one)
    }
}

/// What a streamed listing lists.
enum Source {
    /// Every card of the book.
    Book,
    /// The cards with these names (a big multiget), in that order.
    Names(Vec<String>),
}

struct PageJob {
    actor: Actor,
    urls: Urls,
    book: BookKind,
    wanted: Wanted,
    source: Source,
}

impl PageJob {
    fn card(&self, out: &mut Out, c: &SyncCard) {
        let text = wants_data(&self.wanted.props).then(|| render(&c.card, self.wanted.v4));
        let all = card_props_all();
        response(
            out,
            &self.urls.card(self.book, &c.name),
            &self.wanted.props,
            all,
            |o, p| card_props_free(o, p, c.id, c.version, text.as_deref()),
        );
    }

    /// Sends the book's responses page by page; stops quietly when the client is gone.
    fn run<S: Store>(
        self,
        service: &Service<S>,
        tx: &tokio::sync::mpsc::Sender<Bytes>,
    ) -> DavResult<()> {
        if let Source::Names(names) = &self.source {
            for chunk in names.chunks(PAGE) {
                let mut out = Out::new();
                let cards = service.sync_cards(&self.actor, self.book, chunk)?;
                for (name, card) in chunk.iter().zip(cards) {
                    match card {
                        Some(c) => self.card(&mut out, &c),
                        None => not_found_response(&mut out, &self.urls.card(self.book, name)),
                    }
                }
                if tx.blocking_send(Bytes::from(out.into_bytes())).is_err() {
                    return Ok(());
                }
            }
            return Ok(());
        }
        let needs_data = wants_data(&self.wanted.props);
        let mut after = ContactId(0);
        loop {
            let mut out = Out::new();
            if needs_data {
                let page = service.sync_cards_after(&self.actor, self.book, after, PAGE)?;
                let Some(last) = page.last().map(|c| c.id) else {
                    return Ok(());
                };
                after = last;
                for c in &page {
                    self.card(&mut out, c);
                }
            } else {
                let page = service.sync_entries(&self.actor, self.book, after, PAGE)?;
                let Some(last) = page.last().map(|e| e.id) else {
                    return Ok(());
                };
                after = last;
                for e in &page {
                    entry_response(&mut out, &self.urls, self.book, e, &self.wanted);
                }
            }
            if tx.blocking_send(Bytes::from(out.into_bytes())).is_err() {
                return Ok(());
            }
        }
    }
}

fn render(card: &vcard::Card, v4: bool) -> String {
    let mut s = String::new();
    vcard::write_card(
        &mut s,
        card,
        if v4 {
            VcardVersion::V4
        } else {
            VcardVersion::V3
        },
    );
    s
}

fn multistatus(body: Vec<u8>) -> Response {
    multistatus_body(Body::from(body))
}

fn multistatus_body(body: Body) -> Response {
    (StatusCode::MULTI_STATUS, xml_headers(), body).into_response()
}

// ---- calendar subscription --------------------------------------------------------------

fn feed<S: Store, H: DavHost<S>>(
    host: &H,
    secret: &str,
    headers: &HeaderMap,
) -> DavResult<Response> {
    use sha2::Digest as _;
    let service = host.service();
    let actor = service
        .feed_actor(secret)?
        .ok_or_else(DavError::not_found)?;
    let body = service.ics(&actor, service.now())?;
    let digest = sha2::Sha256::digest(body.as_bytes());
    let tag: String = std::iter::once("\"".to_string())
        .chain(digest.iter().take(16).map(|b| format!("{b:02x}")))
        .chain(std::iter::once("\"".to_string()))
        .collect();
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        if etag_listed(inm, &tag) {
            return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
        }
    }
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (header::ETAG, tag),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        body,
    )
        .into_response())
}

/// Whether the properties asked for need the cards themselves (not only their versions).
fn wants_data(p: &PropRequest) -> bool {
    match p {
        PropRequest::Props(ps) => ps
            .iter()
            .any(|p| p.is(CARD, "address-data") || p.is(DAV, "getcontentlength")),
        _ => false,
    }
}
