//! Settings pages: language, own password, personal API tokens, category names, business
//! groups and statuses, custom fields, and (for admins) users.
//!
//! The language choice is kept with the user (so it follows them to any browser) and in a
//! `lang` cookie (so the login page of this browser speaks it too).

use crate::session::auth::require_admin;
use crate::view::settings::settings_page;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::category::CategoryKey;
use contacts_core::model::{Language, MAX_LABEL_CHARS, MAX_LINE_CHARS};
use contacts_core::password::MAX_PASSWORD_CHARS;
use contacts_core::service::{MAX_TOKEN_NAME, MAX_USER_NAME_BYTES};
use contacts_core::store::{FieldType, ListKind, Store};
use maud::{html, Markup};
use serde::Deserialize;

use crate::cookies::set_cookie;
use crate::error::AppError;
use crate::i18n::{Lang, LANG_COOKIE};
use crate::session::auth::{check_new_password, random_token, sign_in, Me};
use crate::view::account::{link_card, link_url};
use crate::view::layout::{csrf, post_button};
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct Notice {
    saved: Option<String>,
}

fn notice(l: Lang, n: &Notice) -> Markup {
    html! { @if n.saved.is_some() { p.notice role="status" { (l.t(msg!("settings.saved"))) } } }
}

fn saved(path: &str) -> Redirect {
    Redirect::to(&format!("{path}?saved=1"))
}

// ---- general ------------------------------------------------------------------------

pub(crate) async fn overview<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: axum::http::HeaderMap,
    Query(n): Query<Notice>,
) -> Result<Markup, AppError> {
    overview_page(&state, &me, &headers, &n, None)
}

/// The settings page; a refused form of it (installation language, password, token) comes
/// back marked.
fn overview_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    headers: &HeaderMap,
    n: &Notice,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let (me, n) = (me.clone(), n.clone());
    let l = me.lang;
    let tokens = state.service().api_tokens(&me.actor)?;
    let fm = l.fmt(state.service());
    let feed = state.service().feed_link(&me.actor)?;
    let dav_url = format!("{}/dav/", base_url(headers, me.secure));
    let when = |t: chrono::DateTime<chrono::Utc>| fm.datetime(t);
    Ok(settings_page(
        &me,
        l.t(msg!("nav.settings")),
        html! {
            (notice(l, &n))
            div.card {
                h2 { (l.t(msg!("settings.language"))) }
                form.toolbar method="post" action="/settings/language" {
                    (csrf(&me))
                    select name="lang" aria-label=(l.t(msg!("settings.language"))) {
                        option value="pl" selected[l == Lang::Pl] { "Polski" }
                        option value="en" selected[l == Lang::En] { "English" }
                    }
                    button type="submit" { (l.t(msg!("action.save"))) }
                }
            }
            @if me.actor.is_admin() {
                div.card #installation {
                    h2 { (l.t(msg!("settings.installation_language"))) }
                    p.muted { (l.t(msg!("settings.installation_language_help"))) }
                    @let m = Marks::of(refused, "installation");
                    form.toolbar method="post" action="/settings/installation" {
                        (csrf(&me))
                        @let current = state.service().installation_language().ok();
                        select name="lang" aria-label=(l.t(msg!("settings.installation_language")))
                            class=[m.class("lang")] aria-invalid=[m.invalid("lang")] aria-describedby=[m.described("lang")] {
                            option value="pl" selected[current == Some(Language::Polish)] { "Polski" }
                            option value="en" selected[current == Some(Language::English)] { "English" }
                        }
                        (m.error("lang"))
                        button type="submit" { (l.t(msg!("action.save"))) }
                    }
                }
            }
            div.card {
                h2 { (l.t(msg!("settings.password"))) }
                @let m = Marks::of(refused, "password");
                form.grid #password method="post" action="/settings/password" {
                    (csrf(&me))
                    @for (key, name, complete) in [(msg!("settings.current_password"), "current", "current-password"), (msg!("login.password"), "password", "new-password"), (msg!("user.password_repeat"), "password2", "new-password")] {
                        label { (l.t(key))
                            input type="password" name=(name) autocomplete=(complete) required maxlength=(MAX_PASSWORD_CHARS)
                                class=[m.class(name)] aria-invalid=[m.invalid(name)] aria-describedby=[m.described(name)];
                            (m.error(name))
                        }
                    }
                    div { button type="submit" { (l.t(msg!("action.save"))) } }
                }
            }
            div.card #api-tokens {
                h2 { (l.t(msg!("settings.api_token"))) }
                p.muted { (l.t(msg!("settings.api_token_help"))) }
                @if tokens.is_empty() {
                    p { (l.t(msg!("settings.api_token_none"))) }
                } @else {
                    table.list {
                        thead { tr {
                            th { (l.t(msg!("settings.api_token_name"))) }
                            th { (l.t(msg!("settings.api_token_created"))) }
                            th { (l.t(msg!("settings.api_token_used"))) }
                            th {}
                        } }
                        tbody {
                            @for t in &tokens {
                                tr {
                                    td { (t.name) }
                                    td.muted { (when(t.created_at)) }
                                    td.muted { @if let Some(u) = t.last_used_at { (when(u)) } @else { "—" } }
                                    td { (post_button(&me, &crate::paths::SettingsTokenRevoke { id: t.id }.to_string(), l.t(msg!("settings.api_token_revoke")), "danger")) }
                                }
                            }
                        }
                    }
                }
                @let m = Marks::of(refused, "token");
                form.toolbar method="post" action="/settings/token" {
                    (csrf(&me))
                    (m.inline(l.t(msg!("settings.api_token_name")), "name", "", MAX_TOKEN_NAME, true))
                    button.secondary type="submit" { (l.t(msg!("settings.api_token_new"))) }
                }
            }
            div.card #dav {
                h2 { (l.t(msg!("settings.dav"))) }
                p.muted { (l.t(msg!("settings.dav_help"))) }
                p { code #dav-url { (dav_url) } " · " (me.actor.name()) }
            }
            div.card #feed {
                h2 { (l.t(msg!("settings.feed"))) }
                p.muted { (l.t(msg!("settings.feed_help"))) }
                @if let Some(at) = feed {
                    p { (l.t(msg!("settings.feed_made"))) ": " (when(at)) }
                    (post_button(&me, "/settings/feed/revoke", l.t(msg!("settings.feed_revoke")), "danger"))
                } @else {
                    p { (l.t(msg!("settings.feed_none"))) }
                }
                (post_button(&me, "/settings/feed", l.t(msg!("settings.feed_new")), "secondary"))
            }
        },
    ))
}

/// `http(s)://host` of this request (the Host header), for links shown to the user.
fn base_url(headers: &axum::http::HeaderMap, secure: bool) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// Makes a new calendar subscription link (the old one stops working) and shows it once.
pub(crate) async fn new_feed_link<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: axum::http::HeaderMap,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let secret = random_token();
    state.service().create_feed_link(&me.actor, &secret)?;
    let url = format!("{}/dav/feed/{secret}.ics", base_url(&headers, me.secure));
    let webcal = url
        .replacen("https://", "webcal://", 1)
        .replacen("http://", "webcal://", 1);
    Ok(settings_page(
        &me,
        l.t(msg!("settings.feed")),
        html! {
            div.card {
                p { (l.t(msg!("settings.feed_once"))) }
                p { a #feed-webcal href=(webcal) { code { (webcal) } } }
                p { code.token #feed-url { (url) } }
                p { a href="/settings" { (l.t(msg!("settings.general"))) } }
            }
        },
    ))
}

pub(crate) async fn revoke_feed_link<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Redirect, AppError> {
    state.service().revoke_feed_link(&me.actor)?;
    Ok(saved("/settings"))
}

#[derive(Deserialize)]
pub(crate) struct LangForm {
    lang: String,
}

/// Saves the language with the user, and in this browser's cookie for the login page.
pub(crate) async fn set_language<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<LangForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&f.lang).unwrap_or(me.lang);
    state
        .service()
        .set_language(&me.actor, Some(lang.language()))?;
    let mut resp = Redirect::to("/settings?saved=1").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), Some(365 * 24 * 3600), me.secure),
    );
    Ok(resp)
}

/// The installation's language and its defaults (an admin's; the core checks).
pub(crate) async fn set_installation_language<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<LangForm>,
) -> Result<Response, AppError> {
    let set = Language::parse(&f.lang)
        .and_then(|lang| state.service().set_installation_language(&me.actor, lang));
    match set {
        Ok(()) => Ok(saved("/settings").into_response()),
        Err(e) => {
            let fields = [("language", "lang")];
            let r = Refused::of("installation", e.into(), me.lang, &fields, "lang")?;
            let page = overview_page(&state, &me, &headers, &Notice::default(), Some(&r))?;
            Ok(unprocessable(page))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    current: String,
    password: String,
    password2: String,
}

pub(crate) async fn change_password<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    // Passwords are never sent back: the refused field is marked and left empty.
    let refuse = |e: AppError| -> Result<Response, AppError> {
        let fields = [
            ("current_password", "current"),
            ("current", "current"),
            ("password", "password"),
            ("password2", "password2"),
        ];
        let r = Refused::of("password", e, me.lang, &fields, "password")?;
        let page = overview_page(&state, &me, &headers, &Notice::default(), Some(&r))?;
        Ok(unprocessable(page))
    };
    let new = match check_new_password(&f.password, &f.password2) {
        Ok(new) => new,
        Err(AppError::Invalid { key, .. }) if key == msg!("error.passwords_differ") => {
            return refuse(AppError::invalid(
                "password2",
                msg!("error.passwords_differ"),
            ))
        }
        Err(e) => return refuse(e),
    };
    // The core checks the current password (slow on purpose: off the runtime), hashes the
    // new one and ends every session of the user, this one too: sign in afresh here.
    let checker = state.clone();
    let actor = me.actor.clone();
    let changed = tokio::task::spawn_blocking(move || {
        checker
            .service()
            .change_own_password(&actor, &f.current, &new)
    })
    .await
    .map_err(|e| AppError::internal(format!("password check: {e}")))?;
    match changed {
        Err(contacts_core::Error::Invalid { field, .. }) if field == "current_password" => {
            return refuse(AppError::invalid("current", msg!("error.wrong_password")));
        }
        Err(e) => return refuse(e.into()),
        Ok(_) => {}
    };
    let cookie = sign_in(&state, &me.actor, me.secure)?;
    let mut resp = saved("/settings").into_response();
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(resp)
}

#[derive(Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Makes a named token and shows it, once; only its hash is kept.
pub(crate) async fn new_token<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Result<Response, AppError> {
    let l = me.lang;
    let token = random_token();
    let made = match state.service().create_api_token(&me.actor, &f.name, &token) {
        Ok(made) => made,
        Err(e) => {
            let r = Refused::of("token", e.into(), l, &[("name", "name")], "name")?
                .keep("name", &f.name);
            let page = overview_page(&state, &me, &headers, &Notice::default(), Some(&r))?;
            return Ok(unprocessable(page));
        }
    };
    Ok(settings_page(
        &me,
        l.t(msg!("settings.api_token")),
        html! {
            div.card {
                p { strong { (made.name) } }
                p { (l.t(msg!("settings.api_token_once"))) }
                p { code.token #api-token { (token) } }
                p.muted { "Authorization: Bearer …" }
                p { a href="/settings" { (l.t(msg!("settings.general"))) } }
            }
        },
    )
    .into_response())
}

pub(crate) async fn revoke_token<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Redirect, AppError> {
    let id = id
        .parse()
        .map_err(|_| AppError::Status(StatusCode::NOT_FOUND))?;
    state.service().revoke_api_token(&me.actor, id)?;
    Ok(saved("/settings"))
}

// ---- categories ---------------------------------------------------------------------

pub(crate) async fn categories<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(n): Query<Notice>,
) -> Result<Markup, AppError> {
    categories_page(&state, &me, &n, None)
}

fn categories_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    n: &Notice,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let (me, n) = (me.clone(), n.clone());
    let l = me.lang;
    let cats = state.service().categories(&me.actor)?;
    Ok(settings_page(
        &me,
        l.t(msg!("settings.categories")),
        html! {
            (notice(l, &n))
            div.card {
                p.muted { (l.t(msg!("settings.categories_help"))) }
                ul.plain {
                    @for c in &cats {
                        li {
                            span.icon { (c.icon) }
                            form.inline method="post" action="/settings/categories" {
                                (csrf(&me))
                                input type="hidden" name="key" value=(c.key.key());
                                @let form = format!("category-{}", c.key.key());
                                @let m = Marks::of(refused, &form);
                                (m.inline(&c.label, "label", &c.label, MAX_LABEL_CHARS, true))
                                " "
                                button.secondary type="submit" { (l.t(msg!("action.rename"))) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct CategoryForm {
    key: String,
    label: String,
}

pub(crate) async fn rename_category<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let key = CategoryKey::parse(&f.key)?;
    match state.service().rename_category(&me.actor, key, &f.label) {
        Ok(()) => Ok(saved("/settings/categories").into_response()),
        Err(e) => {
            let form = format!("category-{}", key.key());
            let r = Refused::of(&form, e.into(), me.lang, &[("label", "label")], "label")?
                .keep("label", &f.label);
            Ok(unprocessable(categories_page(
                &state,
                &me,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

// ---- groups and statuses ------------------------------------------------------------

fn list_kind(s: &str) -> Result<ListKind, AppError> {
    match s {
        "groups" => Ok(ListKind::Group),
        "statuses" => Ok(ListKind::Status),
        _ => Err(AppError::Status(StatusCode::NOT_FOUND)),
    }
}

pub(crate) async fn labels<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(list): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Markup, AppError> {
    labels_page(&state, &me, &list, &n, None)
}

fn labels_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    list: &str,
    n: &Notice,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let (me, n) = (me.clone(), n.clone());
    let l = me.lang;
    let kind = list_kind(list)?;
    let items = state.service().labels(kind)?;
    let title = l.t(if kind == ListKind::Group {
        msg!("settings.groups")
    } else {
        msg!("settings.statuses")
    });
    let base = crate::paths::SettingsList {
        list: list.to_string(),
    }
    .to_string();
    Ok(settings_page(
        &me,
        title,
        html! {
            (notice(l, &n))
            div.card {
                @if items.is_empty() { p.muted { (l.t(msg!("settings.none"))) } }
                ul.plain {
                    @for item in &items {
                        li {
                            form.inline method="post" action={(base) "/rename"} {
                                (csrf(&me))
                                input type="hidden" name="old" value=(item.name);
                                @let form = format!("rename-{}", item.name);
                                (Marks::of(refused, &form).inline(l.t(msg!("action.rename")), "new", &item.name, MAX_LABEL_CHARS, true))
                                " "
                                button.secondary type="submit" { (l.t(msg!("action.rename"))) }
                            }
                            @let removing = format!("remove-{}", item.name);
                            @let rm = Marks::of(refused, &removing);
                            form.inline method="post" action={(base) "/remove"} data-confirm=(l.t(msg!("confirm.generic"))) {
                                (csrf(&me))
                                input type="hidden" name="name" value=(item.name);
                                button type="submit" class=(rm.class("name").map_or("danger", |_| "danger invalid")) aria-invalid=[rm.invalid("name")] aria-describedby=[rm.described("name")] { (l.t(msg!("action.remove"))) }
                            }
                            (rm.error("name"))
                            @if rm.refused() && me.actor.is_admin() {
                                form.inline.remove-used method="post" action={(base) "/remove"} {
                                    (csrf(&me))
                                    input type="hidden" name="name" value=(item.name);
                                    input type="hidden" name="even_if_used" value="1";
                                    button.danger type="submit" { (l.t(msg!("settings.label_remove_used"))) }
                                }
                            }
                        }
                    }
                }
                form.toolbar method="post" action={(base) "/add"} {
                    (csrf(&me))
                    (Marks::of(refused, "add").inline(l.t(msg!("settings.new_name")), "name", "", MAX_LABEL_CHARS, true))
                    button type="submit" { (l.t(msg!("action.add"))) }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct NameForm {
    name: String,
}

#[derive(Deserialize)]
pub(crate) struct RenameForm {
    old: String,
    new: String,
}

pub(crate) async fn add_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(list): Path<String>,
    Form(f): Form<NameForm>,
) -> Result<Response, AppError> {
    let kind = list_kind(&list)?;
    match state.service().add_label(&me.actor, kind, &f.name) {
        Ok(_) => Ok(saved(&crate::paths::SettingsList { list }.to_string()).into_response()),
        Err(e) => {
            let r = Refused::of("add", e.into(), me.lang, &[], "name")?.keep("name", &f.name);
            Ok(unprocessable(labels_page(
                &state,
                &me,
                &list,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

pub(crate) async fn rename_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(list): Path<String>,
    Form(f): Form<RenameForm>,
) -> Result<Response, AppError> {
    let kind = list_kind(&list)?;
    match state
        .service()
        .rename_label(&me.actor, kind, &f.old, &f.new)
    {
        Ok(()) => Ok(saved(&crate::paths::SettingsList { list }.to_string()).into_response()),
        Err(e) => {
            let form = format!("rename-{}", f.old);
            let r = Refused::of(&form, e.into(), me.lang, &[], "new")?.keep("new", &f.new);
            Ok(unprocessable(labels_page(
                &state,
                &me,
                &list,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RemoveForm {
    name: String,
    even_if_used: Option<String>,
}

/// Removes a group or status. One that contacts hold is refused in the row, status 422,
/// saying how many hold it; an admin is offered to remove it from them all explicitly.
pub(crate) async fn remove_label<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(list): Path<String>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, AppError> {
    let kind = list_kind(&list)?;
    let even_if_used = f.even_if_used.as_deref() == Some("1");
    let svc = state.service();
    match svc.remove_label(&me.actor, kind, &f.name, even_if_used) {
        Ok(_) => Ok(saved(&crate::paths::SettingsList { list }.to_string()).into_response()),
        Err(e) => {
            let form = format!("remove-{}", f.name);
            let used = svc.label_use(kind, &f.name).unwrap_or(0);
            let r = Refused::of(&form, e.into(), me.lang, &[], "name")?;
            let r = if used > 0 {
                let key = if me.actor.is_admin() {
                    msg!("settings.label_used_admin")
                } else {
                    msg!("settings.label_used")
                };
                Refused::new(
                    &form,
                    "name",
                    me.lang.t(key).replace("{n}", &used.to_string()),
                )
            } else {
                r
            };
            Ok(unprocessable(labels_page(
                &state,
                &me,
                &list,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

// ---- custom fields ------------------------------------------------------------------

fn type_key(t: &FieldType) -> crate::i18n::Msg {
    match t {
        FieldType::Text => msg!("ftype.text"),
        FieldType::Number => msg!("ftype.number"),
        FieldType::Date => msg!("ftype.date"),
        FieldType::YesNo => msg!("ftype.yesno"),
        FieldType::Choice(_) => msg!("ftype.choice"),
    }
}

pub(crate) async fn fields<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(n): Query<Notice>,
) -> Result<Markup, AppError> {
    fields_page(&state, &me, &n, None)
}

fn fields_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    n: &Notice,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let (me, n) = (me.clone(), n.clone());
    let l = me.lang;
    let defs = state.service().fields()?;
    Ok(settings_page(
        &me,
        l.t(msg!("settings.fields")),
        html! {
            (notice(l, &n))
            div.card {
                p.muted { (l.t(msg!("settings.fields_help"))) }
                @if defs.is_empty() { p.muted { (l.t(msg!("settings.none"))) } }
                ul.plain {
                    @for d in &defs {
                        li {
                            form.inline method="post" action="/settings/fields/rename" {
                                (csrf(&me))
                                input type="hidden" name="old" value=(d.label);
                                @let form = format!("rename-{}", d.label);
                                (Marks::of(refused, &form).inline(l.t(msg!("action.rename")), "new", &d.label, MAX_LABEL_CHARS, true))
                                " "
                                button.secondary type="submit" { (l.t(msg!("action.rename"))) }
                            }
                            span.badge { (l.t(type_key(&d.field_type))) }
                            @if let FieldType::Choice(options) = &d.field_type { span.muted { (options.join(", ")) } }
                            form.inline method="post" action="/settings/fields/remove" data-confirm=(l.t(msg!("confirm.generic"))) {
                                (csrf(&me))
                                input type="hidden" name="name" value=(d.label);
                                button.danger type="submit" { (l.t(msg!("action.remove"))) }
                            }
                        }
                    }
                }
                @let m = Marks::of(refused, "add-field");
                form.toolbar method="post" action="/settings/fields/add" {
                    (csrf(&me))
                    (m.inline(l.t(msg!("settings.new_name")), "label", "", MAX_LABEL_CHARS, true))
                    select name="type" aria-label=(l.t(msg!("settings.field_type")))
                        class=[m.class("type")] aria-invalid=[m.invalid("type")] aria-describedby=[m.described("type")] {
                        @for (v, k) in [("text", msg!("ftype.text")), ("number", msg!("ftype.number")), ("date", msg!("ftype.date")), ("yesno", msg!("ftype.yesno")), ("choice", msg!("ftype.choice"))] {
                            option value=(v) selected[m.value("type") == Some(v)] { (l.t(k)) }
                        }
                    }
                    (m.error("type"))
                    (m.inline(l.t(msg!("settings.choices")), "options", "", MAX_LINE_CHARS, false))
                    button type="submit" { (l.t(msg!("action.add"))) }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct FieldForm {
    label: String,
    #[serde(rename = "type")]
    field_type: String,
    #[serde(default)]
    options: String,
}

pub(crate) async fn add_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<FieldForm>,
) -> Result<Response, AppError> {
    let added = FieldType::parse(&f.field_type, &FieldType::split_choices(&f.options))
        .and_then(|t| state.service().add_field(&me.actor, &f.label, t));
    match added {
        Ok(_) => Ok(saved("/settings/fields").into_response()),
        Err(e) => {
            let fields = [("field", "label"), ("choices", "options"), ("type", "type")];
            let choice = matches!(&e, contacts_core::Error::Invalid { reason, .. } if reason.contains("choice"));
            let mut r = Refused::of("add-field", e.into(), me.lang, &fields, "label")?;
            if choice {
                r.field = "options".to_string();
            }
            let r = r.keep_all([
                ("label", f.label.as_str()),
                ("type", f.field_type.as_str()),
                ("options", f.options.as_str()),
            ]);
            Ok(unprocessable(fields_page(
                &state,
                &me,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

pub(crate) async fn rename_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<RenameForm>,
) -> Result<Response, AppError> {
    match state.service().rename_field(&me.actor, &f.old, &f.new) {
        Ok(()) => Ok(saved("/settings/fields").into_response()),
        Err(e) => {
            let form = format!("rename-{}", f.old);
            let r = Refused::of(&form, e.into(), me.lang, &[], "new")?.keep("new", &f.new);
            Ok(unprocessable(fields_page(
                &state,
                &me,
                &Notice::default(),
                Some(&r),
            )?))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RemoveFieldForm {
    name: String,
    #[serde(default)]
    confirm: String,
}

/// Removes a field nobody filled in at once; a field that holds values first asks (an
/// admin: how many values go; anyone else is told only an admin may).
pub(crate) async fn remove_field<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<RemoveFieldForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let l = me.lang;
    let n = svc.field_value_count(&me.actor, &f.name)?;
    if n == 0 || (f.confirm == "yes" && me.actor.is_admin()) {
        svc.remove_field(&me.actor, &f.name)?;
        return Ok(saved("/settings/fields").into_response());
    }
    let label = svc.field(&f.name)?.label;
    let body = html! {
        div.card #confirm-remove {
            p.error role="alert" {
                (l.t(msg!("settings.field_holds"))) " " strong { (label) } ": " strong #value-count { (n) } " " (l.t(msg!("settings.field_values")))
            }
            @if me.actor.is_admin() {
                p { (l.t(msg!("settings.field_remove_warn"))) }
                form.inline method="post" action="/settings/fields/remove" {
                    (csrf(&me))
                    input type="hidden" name="name" value=(label);
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { (l.t(msg!("settings.field_remove_confirm"))) }
                }
                " "
            } @else {
                p { (l.t(msg!("settings.field_admin_only"))) }
            }
            a.button.secondary href="/settings/fields" { (l.t(msg!("action.cancel"))) }
        }
    };
    let status = if me.actor.is_admin() {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    };
    Ok((
        status,
        settings_page(&me, l.t(msg!("settings.fields")), body),
    )
        .into_response())
}

// ---- users (admins) -----------------------------------------------------------------

pub(crate) async fn users<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(n): Query<Notice>,
) -> Result<Markup, AppError> {
    require_admin(&me)?;
    users_page(&state, &me, &n, None)
}

fn users_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    n: &Notice,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let me = me.clone();
    let n = n.clone();
    let l = me.lang;
    let all = state.service().users(&me.actor)?;
    Ok(settings_page(
        &me,
        l.t(msg!("settings.users")),
        html! {
            (notice(l, &n))
            div.card {
                table.list {
                    thead { tr { th { (l.t(msg!("login.user"))) } th { (l.t(msg!("user.role"))) } th { (l.t(msg!("user.state"))) } th {} th {} } }
                    tbody {
                        @for u in &all {
                            tr {
                                td { (u.name) }
                                td { (l.t(if u.admin { msg!("user.admin") } else { msg!("user.member") })) }
                                td { (l.t(if u.disabled { msg!("user.disabled") } else if u.password_hash.is_some() { msg!("user.active") } else { msg!("user.no_password") })) }
                                td {
                                    @if u.disabled {
                                        (post_button(&me, &crate::paths::SettingsUserEnable { name: u.name.clone() }.to_string(), l.t(msg!("user.enable")), "secondary"))
                                    } @else if u.id != me.actor.id() {
                                        (post_button(&me, &crate::paths::SettingsUserDisable { name: u.name.clone() }.to_string(), l.t(msg!("user.disable")), "danger"))
                                    }
                                }
                                td {
                                    @if u.id != me.actor.id() {
                                        (post_button(&me, &crate::paths::SettingsUserReset { name: u.name.clone() }.to_string(), l.t(msg!("user.reset")), "secondary"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { (l.t(msg!("user.add"))) }
                form.grid method="post" action="/settings/users/add" {
                    (csrf(&me))
                    p { (l.t(msg!("user.add_hint"))) }
                    @let m = Marks::of(refused, "user");
                    (m.text(l.t(msg!("login.user")), "name", "", MAX_USER_NAME_BYTES, true))
                    label.check { input type="checkbox" name="admin" value="1" checked[m.value("admin") == Some("1")]; (l.t(msg!("user.admin"))) }
                    div { button type="submit" { (l.t(msg!("action.add"))) } }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct NewUserForm {
    name: String,
    #[serde(default)]
    admin: String,
}

/// Adds a user without a password and shows the admin the one-time link that lets the
/// new user set it.
pub(crate) async fn add_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: HeaderMap,
    Form(f): Form<NewUserForm>,
) -> Result<Response, AppError> {
    require_admin(&me)?;
    let secret = random_token();
    let user = match state
        .service()
        .invite_user(&me.actor, &f.name, !f.admin.is_empty(), &secret)
    {
        Ok(u) => u,
        Err(e) => {
            // The form again, with what was typed and the reason beside the field.
            let admin = if f.admin.is_empty() { "" } else { "1" };
            let r = Refused::of("user", e.into(), me.lang, &[("user", "name")], "name")?
                .keep_all([("name", f.name.as_str()), ("admin", admin)]);
            let page = users_page(&state, &me, &Notice::default(), Some(&r))?;
            return Ok(unprocessable(page));
        }
    };
    tracing::info!(admin = %me.actor.id(), user = %user.name, "admin added a user");
    Ok(link_made(&me, &user.name, &link_url(&headers, &secret)).into_response())
}

fn link_made(me: &Me, name: &str, url: &str) -> Markup {
    let l = me.lang;
    settings_page(
        me,
        l.t(msg!("settings.users")),
        html! {
            (link_card(l, name, url))
            p { a href="/settings/users" { (l.t(msg!("settings.users"))) } }
        },
    )
}

pub(crate) async fn disable_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(name): Path<String>,
) -> Result<Redirect, AppError> {
    require_admin(&me)?;
    // The core ends the user's sessions and revokes their tokens.
    state
        .service()
        .update_user(&me.actor, &name, |u| u.disabled = true)?;
    Ok(saved("/settings/users"))
}

pub(crate) async fn enable_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(name): Path<String>,
) -> Result<Redirect, AppError> {
    require_admin(&me)?;
    state
        .service()
        .update_user(&me.actor, &name, |u| u.disabled = false)?;
    Ok(saved("/settings/users"))
}

/// An admin's password reset: the core ends the user's password, sessions and tokens; the
/// admin is shown a one-time link for the user, never a password.
pub(crate) async fn reset_user<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Markup, AppError> {
    require_admin(&me)?;
    let secret = random_token();
    let user = state.service().reset_password(&me.actor, &name, &secret)?;
    tracing::info!(admin = %me.actor.id(), user = %user.name, "admin reset a password");
    Ok(link_made(&me, &user.name, &link_url(&headers, &secret)))
}
