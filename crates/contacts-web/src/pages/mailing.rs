//! The mailing pages ("Wysyłka"): a new campaign from the contact list's filter or from
//! "Solenizanci +7 dni" (recipients with skips, the template, preview, a dry run as a zip
//! of .eml files, send), the campaign page with progress and the report, past campaigns,
//! and the mail settings (SMTP for admins, who may send, each user's signature).
//!
//! Every rule is the core's. Sending runs on a thread of its own (the campaign page
//! refreshes while it runs); the SMTP password comes from `CONTACTS_SMTP_PASSWORD` in the
//! server's environment.

use crate::forms::mailing::AudienceParams;
use crate::parts::mailing::running;
use crate::parts::mailing::{dry_run_zip, start_sending, zip_response};

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use contacts_core::ids::{CampaignId, ContactId};
use contacts_core::mailing::{
    MailAttachment, Recipient, Security, SmtpSettings, Template, MAX_ATTACHMENTS_BYTES,
};
use contacts_core::service::CampaignInput;
use contacts_core::store::{RecipientState, Store};
use contacts_core::Error;
use maud::{html, Markup};
use serde::Deserialize;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::session::auth::Me;
use crate::view::layout::{self, csrf, post_button, Tab};
use crate::AppState;

// ---- the audience from parameters ----------------------------------------------------

/// The link that opens a new campaign for these parameters.
pub fn new_link(pairs: &[(&str, String)]) -> String {
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::view::links::enc(v)))
        .collect();
    format!("/mailing/new?{}", q.join("&"))
}

pub(crate) fn skip_key(key: &str) -> &'static str {
    match key {
        "opted_out" => "mail.skip.opted_out",
        "no_email" => "mail.skip.no_email",
        "duplicate" => "mail.skip.duplicate",
        "bad_address" => "mail.skip.bad_address",
        _ => "mail.skip.other",
    }
}

fn state_key(s: RecipientState) -> &'static str {
    match s {
        RecipientState::Queued => "mail.state.queued",
        RecipientState::Sending => "mail.state.sending",
        RecipientState::Sent => "mail.state.sent",
        RecipientState::Failed => "mail.state.failed",
        RecipientState::Skipped => "mail.state.skipped",
        RecipientState::Unknown => "mail.state.unknown",
    }
}

fn campaign_state_key(s: contacts_core::store::CampaignState) -> &'static str {
    use contacts_core::store::CampaignState as C;
    match s {
        C::Ready => "mail.cstate.ready",
        C::Sending => "mail.cstate.sending",
        C::Stopped => "mail.cstate.stopped",
        C::Done => "mail.cstate.done",
    }
}

fn nav(l: Lang) -> Markup {
    html! {
        nav.subnav {
            a href="/mailing" { (l.t("mail.campaigns")) }
            " · "
            a href="/mailing/new" { (l.t("mail.new")) }
            " · "
            a href="/mailing/settings" { (l.t("mail.settings")) }
        }
    }
}

// ---- campaigns ------------------------------------------------------------------------

pub(crate) async fn campaigns<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let all = state.service().campaigns(&me.actor)?;
    let fm = l.fmt(state.service());
    let title = l.t("mail.title");
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            @if all.is_empty() { p.muted #no-campaigns { (l.t("mail.none")) } } @else {
                table.list #campaigns {
                    thead { tr { th { "#" } th { (l.t("mail.created")) } th { (l.t("mail.subject")) } th { (l.t("mail.state")) } th { (l.t("mail.counts")) } } }
                    tbody {
                        @for v in &all {
                            tr {
                                td { a href={"/mailing/" (v.record.id)} { (v.record.id) } }
                                td { (fm.datetime(v.record.created_at)) }
                                td { (v.spec.template.subject) @if v.record.one_off { " " span.badge { (l.t("mail.one_off")) } } }
                                td { (l.t(campaign_state_key(v.record.state))) }
                                td { (counts(l, &v.counts())) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, title, body))
}

fn counts(l: Lang, c: &std::collections::BTreeMap<RecipientState, u64>) -> String {
    c.iter()
        .map(|(k, n)| format!("{n} {}", l.t(state_key(*k))))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) async fn campaign_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let id: CampaignId = id
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("campaign")))?;
    let v = state.service().campaign(&me.actor, id)?;
    let c = v.counts();
    let total: u64 = c.values().sum();
    let open = c.get(&RecipientState::Queued).copied().unwrap_or(0)
        + c.get(&RecipientState::Sending).copied().unwrap_or(0);
    let busy = running(id);
    let title = format!("{} #{}", l.t("mail.campaign"), id);
    let body = html! {
        div.card {
            @if busy { meta http-equiv="refresh" content="2"; }
            h1 { (title) }
            (nav(l))
            p #campaign-state {
                strong { (l.t(campaign_state_key(v.record.state))) }
                @if !v.record.note.is_empty() { " — " (v.record.note) }
            }
            p { (l.t("mail.subject")) ": " strong { (v.spec.template.subject) } }
            p #campaign-progress { progress max=(total) value=(total - open) {} " " (total - open) " / " (total) " · " (counts(l, &c)) }
            @if busy { p.muted { (l.t("mail.running")) " " a href={"/mailing/" (id)} { (l.t("mail.refresh")) } } }
            @else if open > 0 || c.contains_key(&RecipientState::Unknown) {
                (post_button(&me, &format!("/mailing/{id}?send=1"), l.t("mail.resume"), "primary"))
            }
            @if c.contains_key(&RecipientState::Unknown) { p.error role="alert" { (l.t("mail.unknown_explain")) } }
            table.list #recipients {
                thead { tr { th { "#" } th { (l.t("mail.recipient")) } th { (l.t("field.email")) } th { (l.t("mail.state")) } th { (l.t("mail.detail")) } } }
                tbody {
                    @for r in &v.recipients {
                        tr class={"state-" (r.state.key())} {
                            td { (r.seq) }
                            td { a href={"/contacts/" (r.contact)} { (r.name) } }
                            td { (r.address) }
                            td { (l.t(state_key(r.state))) }
                            td { @if r.state == RecipientState::Skipped { (l.t(skip_key(&r.detail))) } @else { (r.detail) } }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&me, Tab::None, &title, body))
}

// ---- a new campaign ---------------------------------------------------------------------

/// What the compose form holds.
#[derive(Debug, Default)]
struct Compose {
    audience: AudienceParams,
    subject: String,
    text: String,
    html: String,
    contact: String,
    attachments: Vec<MailAttachment>,
}

fn default_compose(l: Lang) -> Compose {
    Compose {
        subject: l.t("mail.default_subject").to_string(),
        text: l.t("mail.default_text").to_string(),
        ..Compose::default()
    }
}

pub(crate) async fn new_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Query(p): Query<AudienceParams>,
) -> Result<Markup, AppError> {
    let c = Compose {
        audience: p,
        ..default_compose(me.lang)
    };
    compose_page(&state, &me, &c, None, None)
}

fn compose_page<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    c: &Compose,
    preview: Option<contacts_core::mailing::OutgoingMessage>,
    error: Option<String>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let svc = state.service();
    let (view, audience_error) = match c.audience.audience(svc, &me.actor) {
        Ok(a) => match svc.mail_audience(&me.actor, &a, 50) {
            Ok(v) => (Some(v), None),
            Err(e) => (None, Some(e.to_string())),
        },
        Err(e) => (None, Some(e.to_string())),
    };
    let pairs = c.audience.pairs();
    let title = l.t("mail.new");
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            h2 { (l.t("mail.recipients")) }
            @if pairs.is_empty() { p.muted { (l.t("mail.whole")) } }
            @else { p.muted #audience-filter { @for (k, v) in &pairs { code { (k) "=" (v) } " " } } }
            @if let Some(e) = &audience_error { p.error role="alert" { (e) } }
            @if let Some(v) = &view {
                p #audience-count { strong { (v.matched) } " " (l.t("mail.matched")) }
                (recipients_table(l, &v.recipients))
            }
            h2 { (l.t("mail.message")) }
            @if let Some(e) = &error { div.error #compose-error role="alert" { @for line in e.lines() { p { (line) } } } }
            form #compose method="post" action="/mailing/new" enctype="multipart/form-data" {
                (csrf(me))
                @for (k, v) in &pairs { input type="hidden" name=(k) value=(v); }
                label { (l.t("mail.subject")) input type="text" name="subject" maxlength="300" value=(c.subject) required; }
                label { (l.t("mail.text")) textarea name="text" rows="10" required { (c.text) } }
                label { (l.t("mail.html")) textarea name="html" rows="4" { (c.html) } }
                label { (l.t("mail.attachments")) input type="file" name="file" multiple; }
                p.muted { (l.t("mail.placeholders")) }
                label { (l.t("mail.preview_for")) input type="number" name="contact" min="1" value=(c.contact); }
                div.toolbar {
                    button.secondary type="submit" name="action" value="preview" { (l.t("mail.preview")) }
                    button.secondary type="submit" name="action" value="dry_run" { (l.t("mail.dry_run")) }
                    button.primary type="submit" name="action" value="send" { (l.t("mail.send")) }
                }
            }
            @if let Some(m) = &preview {
                div.card #preview {
                    h2 { (l.t("mail.preview")) }
                    dl {
                        dt { "From" } dd { (m.from.name) " <" (m.from.address) ">" }
                        @if let Some(r) = &m.reply_to { dt { "Reply-To" } dd { (r.name) " <" (r.address) ">" } }
                        dt { "To" } dd { (m.to.name) " <" (m.to.address) ">" }
                        dt { (l.t("mail.subject")) } dd #preview-subject { (m.subject) }
                    }
                    pre #preview-text { (m.text) }
                    @if let Some(h) = &m.html { pre #preview-html { (h) } }
                }
            }
        }
    };
    Ok(layout::page(me, Tab::None, title, body))
}

fn recipients_table(l: Lang, rs: &[Recipient]) -> Markup {
    html! {
        table.list #audience {
            thead { tr { th { "#" } th { (l.t("mail.recipient")) } th { (l.t("field.email")) } th { (l.t("mail.skip")) } } }
            tbody {
                @for r in rs {
                    tr class=[r.skip.map(|_| "skipped")] {
                        td { (r.contact) }
                        td { a href={"/contacts/" (r.contact)} { (r.name) } }
                        td { (r.address.as_deref().unwrap_or("")) }
                        td { @if let Some(s) = r.skip { (l.t(skip_key(s.key()))) } }
                    }
                }
            }
        }
    }
}

async fn read_compose(mut mp: Multipart) -> Result<(Compose, String), AppError> {
    let mut c = Compose::default();
    let mut action = String::new();
    let mut total = 0usize;
    let bad = || AppError::Status(StatusCode::BAD_REQUEST);
    while let Some(field) = mp.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let media = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = field.bytes().await.map_err(|_| bad())?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "subject" => c.subject = text(),
            "text" => c.text = text(),
            "html" => c.html = text(),
            "contact" => c.contact = text(),
            "action" => action = text(),
            "file" => {
                if let Some(n) = file_name.filter(|n| !n.is_empty()) {
                    if !bytes.is_empty() {
                        total += bytes.len();
                        if total > MAX_ATTACHMENTS_BYTES {
                            return Err(AppError::Core(Error::invalid(
                                "attachment",
                                format!("the attachments take more than {MAX_ATTACHMENTS_BYTES} bytes (10 MB)"),
                            )));
                        }
                        c.attachments.push(MailAttachment {
                            name: n,
                            media_type: media,
                            bytes: bytes.to_vec(),
                        });
                    }
                }
            }
            other => c.audience.set(other, text()),
        }
    }
    Ok((c, action))
}

impl Compose {
    fn template(&self) -> Template {
        Template {
            subject: self.subject.clone(),
            text: self.text.replace("\r\n", "\n"),
            html: Some(self.html.replace("\r\n", "\n")).filter(|h| !h.trim().is_empty()),
        }
    }
}

pub(crate) async fn compose<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    mp: Multipart,
) -> Result<Response, AppError> {
    let (c, action) = read_compose(mp).await?;
    let svc = state.service();
    let audience = match c.audience.audience(svc, &me.actor) {
        Ok(a) => a,
        Err(e) => {
            return Ok(compose_page(&state, &me, &c, None, Some(e.to_string()))?.into_response())
        }
    };
    let template = c.template();
    match action.as_str() {
        "preview" => {
            let contact = match c.contact.trim() {
                "" => svc
                    .mail_audience(&me.actor, &audience, 200)?
                    .recipients
                    .iter()
                    .find(|r| r.skip.is_none())
                    .map(|r| r.contact),
                s => Some(
                    s.parse::<ContactId>()
                        .map_err(|_| AppError::Core(Error::not_found("contact")))?,
                ),
            };
            let Some(contact) = contact else {
                let msg = me.lang.t("mail.nobody").to_string();
                return Ok(compose_page(&state, &me, &c, None, Some(msg))?.into_response());
            };
            match svc.mail_preview(&me.actor, &template, c.attachments.clone(), contact) {
                Ok(m) => Ok(compose_page(&state, &me, &c, Some(m), None)?.into_response()),
                Err(e @ Error::NotFound { .. }) => Err(AppError::Core(e)),
                Err(e) => {
                    Ok(compose_page(&state, &me, &c, None, Some(e.to_string()))?.into_response())
                }
            }
        }
        "dry_run" => {
            let input = CampaignInput {
                audience,
                template,
                attachments: c.attachments.clone(),
            };
            match dry_run_zip(svc, &me.actor, &input) {
                Ok(bytes) => Ok(zip_response(bytes)),
                Err(e) => {
                    Ok(compose_page(&state, &me, &c, None, Some(e.to_string()))?.into_response())
                }
            }
        }
        "send" => {
            let input = CampaignInput {
                audience,
                template,
                attachments: c.attachments.clone(),
            };
            match svc.create_campaign(&me.actor, &input) {
                Ok(id) => {
                    start_sending(&state, &me.actor, id);
                    Ok(Redirect::to(&format!("/mailing/{id}")).into_response())
                }
                Err(e) => {
                    Ok(compose_page(&state, &me, &c, None, Some(e.to_string()))?.into_response())
                }
            }
        }
        _ => Err(AppError::Status(StatusCode::BAD_REQUEST)),
    }
}

// ---- resume ----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
pub(crate) struct SendQuery {
    send: Option<String>,
}

pub(crate) async fn resume<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path(id): Path<String>,
    Query(q): Query<SendQuery>,
) -> Result<Redirect, AppError> {
    let id: CampaignId = id
        .parse()
        .map_err(|_| AppError::Core(Error::not_found("campaign")))?;
    state.service().campaign(&me.actor, id)?;
    if q.send.is_some() {
        start_sending(&state, &me.actor, id);
    }
    Ok(Redirect::to(&format!("/mailing/{id}")))
}

// ---- settings ----------------------------------------------------------------------------

pub(crate) async fn settings_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    settings_markup(&state, &me, None)
}

fn settings_markup<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    error: Option<String>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let svc = state.service();
    let s = svc.smtp_settings()?;
    let mine = svc.mail_profile(&me.actor, me.actor.name())?;
    let users = if me.actor.is_admin() {
        let mut out = Vec::new();
        for u in svc.users(&me.actor)? {
            let p = svc.mail_profile(&me.actor, &u.name)?;
            out.push((u.name, p.may_send));
        }
        out
    } else {
        Vec::new()
    };
    let title = l.t("mail.settings");
    let admin = me.actor.is_admin();
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            @if let Some(e) = &error { p.error role="alert" { (e) } }
            h2 { (l.t("mail.profile")) }
            form method="post" action="/mailing/settings" {
                (csrf(me))
                input type="hidden" name="part" value="profile";
                label { (l.t("mail.profile_name")) input type="text" name="name" maxlength="200" value=(mine.display_name); }
                label { (l.t("mail.profile_address")) input type="email" name="address" value=(mine.address); }
                label { (l.t("mail.signature")) textarea name="signature" rows="4" { (mine.signature) } }
                button.primary type="submit" { (l.t("mail.save")) }
            }
            p.muted { (l.t(if mine.may_send || admin { "mail.may_send" } else { "mail.may_not_send" })) }
            h2 { (l.t("mail.smtp")) }
            @if admin {
                form #smtp-form method="post" action="/mailing/settings" {
                    (csrf(me))
                    input type="hidden" name="part" value="smtp";
                    label { (l.t("mail.host")) input type="text" name="host" value=(s.host); }
                    label { (l.t("mail.port")) input type="number" name="port" min="1" max="65535" value=(s.port); }
                    label { (l.t("mail.security")) select name="security" {
                        @for m in [Security::Starttls, Security::Tls, Security::None] {
                            option value=(m.as_str()) selected[s.security == m] { (m.as_str()) }
                        }
                    } }
                    label { (l.t("mail.login")) input type="text" name="login" value=(s.user.clone().unwrap_or_default()); }
                    label { (l.t("mail.from")) input type="email" name="from" value=(s.from_address); }
                    label { (l.t("mail.from_name")) input type="text" name="from_name" value=(s.from_name); }
                    label { (l.t("mail.unsubscribe")) input type="email" name="unsubscribe" value=(s.unsubscribe); }
                    label { (l.t("mail.rate")) input type="number" name="rate" min="0" value=(s.rate_per_minute); }
                    p.muted { (l.t("mail.password_env")) }
                    button.primary type="submit" { (l.t("mail.save")) }
                }
                h2 { (l.t("mail.rights")) }
                table.list #rights {
                    tbody {
                        @for (name, may) in &users {
                            tr {
                                td { (name) }
                                td { (l.t(if *may { "mail.may_send" } else { "mail.may_not_send" })) }
                                td { (post_button(me, &format!("/mailing/settings/users/{}/{}", crate::view::links::enc(name), if *may { "deny" } else { "allow" }), l.t(if *may { "mail.deny" } else { "mail.allow" }), "secondary")) }
                            }
                        }
                    }
                }
            } @else {
                p { (s.host) ":" (s.port) " (" (s.security.as_str()) ")" }
            }
        }
    };
    Ok(layout::page(me, Tab::None, title, body))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SettingsForm {
    part: Option<String>,
    name: Option<String>,
    address: Option<String>,
    signature: Option<String>,
    host: Option<String>,
    port: Option<String>,
    security: Option<String>,
    login: Option<String>,
    from: Option<String>,
    from_name: Option<String>,
    unsubscribe: Option<String>,
    rate: Option<String>,
}

pub(crate) async fn save_settings<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Form(f): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let svc = state.service();
    let result = match f.part.as_deref() {
        Some("profile") => svc
            .set_mail_profile(&me.actor, me.actor.name(), |p| {
                p.display_name = f.name.clone().unwrap_or_default();
                p.address = f.address.clone().unwrap_or_default();
                p.signature = f
                    .signature
                    .clone()
                    .unwrap_or_default()
                    .replace("\r\n", "\n");
            })
            .map(|_| ()),
        Some("smtp") => smtp_from_form(&f).and_then(|s| svc.set_smtp_settings(&me.actor, &s)),
        _ => return Err(AppError::Status(StatusCode::BAD_REQUEST)),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/mailing/settings").into_response()),
        Err(e @ Error::Forbidden(_)) => Err(AppError::Core(e)),
        Err(e) => Ok(settings_markup(&state, &me, Some(e.to_string()))?.into_response()),
    }
}

fn smtp_from_form(f: &SettingsForm) -> Result<SmtpSettings, Error> {
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let port = text(&f.port);
    let rate = text(&f.rate);
    Ok(SmtpSettings {
        host: text(&f.host),
        port: port
            .parse()
            .map_err(|_| Error::invalid("port", format!("'{port}' is not a port (1-65535)")))?,
        security: Security::parse(&text(&f.security))?,
        user: Some(text(&f.login)).filter(|s| !s.is_empty()),
        from_address: text(&f.from),
        from_name: text(&f.from_name),
        unsubscribe: text(&f.unsubscribe),
        rate_per_minute: if rate.is_empty() {
            0
        } else {
            rate.parse()
                .map_err(|_| Error::invalid("rate", format!("'{rate}' is not a number")))?
        },
    })
}

pub(crate) async fn set_right<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
    Path((name, right)): Path<(String, String)>,
) -> Result<Redirect, AppError> {
    let allow = match right.as_str() {
        "allow" => true,
        "deny" => false,
        _ => return Err(AppError::Status(StatusCode::NOT_FOUND)),
    };
    state
        .service()
        .set_mail_profile(&me.actor, &name, |p| p.may_send = allow)?;
    Ok(Redirect::to("/mailing/settings"))
}
