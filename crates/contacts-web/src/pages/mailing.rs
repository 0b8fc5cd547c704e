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
use crate::view::refused::{unprocessable, Marks, Refused};
use crate::AppState;

/// The longest host name, login or address the mail settings forms take.
const MAX_FIELD: usize = 320;

// ---- the audience from parameters ----------------------------------------------------

pub(crate) fn skip_key(key: &str) -> crate::i18n::Msg {
    match key {
        "opted_out" => msg!("mail.skip.opted_out"),
        "no_email" => msg!("mail.skip.no_email"),
        "duplicate" => msg!("mail.skip.duplicate"),
        "bad_address" => msg!("mail.skip.bad_address"),
        _ => msg!("mail.skip.other"),
    }
}

fn state_key(s: RecipientState) -> crate::i18n::Msg {
    match s {
        RecipientState::Queued => msg!("mail.state.queued"),
        RecipientState::Sending => msg!("mail.state.sending"),
        RecipientState::Sent => msg!("mail.state.sent"),
        RecipientState::Failed => msg!("mail.state.failed"),
        RecipientState::Skipped => msg!("mail.state.skipped"),
        RecipientState::Unknown => msg!("mail.state.unknown"),
    }
}

fn campaign_state_key(s: contacts_core::store::CampaignState) -> crate::i18n::Msg {
    use contacts_core::store::CampaignState as C;
    match s {
        C::Ready => msg!("mail.cstate.ready"),
        C::Sending => msg!("mail.cstate.sending"),
        C::Stopped => msg!("mail.cstate.stopped"),
        C::Done => msg!("mail.cstate.done"),
    }
}

fn nav(l: Lang) -> Markup {
    html! {
        nav.subnav {
            a href="/mailing" { (l.t(msg!("mail.campaigns"))) }
            " · "
            a href="/mailing/new" { (l.t(msg!("mail.new"))) }
            " · "
            a href="/mailing/settings" { (l.t(msg!("mail.settings"))) }
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
    let title = l.t(msg!("mail.title"));
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            @if all.is_empty() { p.muted #no-campaigns { (l.t(msg!("mail.none"))) } } @else {
                table.list #campaigns {
                    thead { tr { th { "#" } th { (l.t(msg!("mail.created"))) } th { (l.t(msg!("mail.subject"))) } th { (l.t(msg!("mail.state"))) } th { (l.t(msg!("mail.counts"))) } } }
                    tbody {
                        @for v in &all {
                            tr {
                                td { a href=(crate::paths::Mailing { id: v.record.id }) { (v.record.id) } }
                                td { (fm.datetime(v.record.created_at)) }
                                td { (v.spec.template.subject) @if v.record.one_off { " " span.badge { (l.t(msg!("mail.one_off"))) } } }
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
    let title = format!("{} #{}", l.t(msg!("mail.campaign")), id);
    let body = html! {
        div.card {
            @if busy { meta http-equiv="refresh" content="2"; }
            h1 { (title) }
            (nav(l))
            p #campaign-state {
                strong { (l.t(campaign_state_key(v.record.state))) }
                @if !v.record.note.is_empty() { " — " (v.record.note) }
            }
            p { (l.t(msg!("mail.subject"))) ": " strong { (v.spec.template.subject) } }
            p #campaign-progress { progress max=(total) value=(total - open) {} " " (total - open) " / " (total) " · " (counts(l, &c)) }
            @if busy { p.muted { (l.t(msg!("mail.running"))) " " a href=(crate::paths::Mailing { id }) { (l.t(msg!("mail.refresh"))) } } }
            @else if open > 0 || c.contains_key(&RecipientState::Unknown) {
                (post_button(&me, &format!("{}?send=1", crate::paths::Mailing { id }), l.t(msg!("mail.resume")), "primary"))
            }
            @if c.contains_key(&RecipientState::Unknown) { p.error role="alert" { (l.t(msg!("mail.unknown_explain"))) } }
            table.list #recipients {
                thead { tr { th { "#" } th { (l.t(msg!("mail.recipient"))) } th { (l.t(msg!("field.email"))) } th { (l.t(msg!("mail.state"))) } th { (l.t(msg!("mail.detail"))) } } }
                tbody {
                    @for r in &v.recipients {
                        tr class={"state-" (r.state.key())} {
                            td { (r.seq) }
                            td { a href=(crate::paths::Contact { id: r.contact }) { (r.name) } }
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
        subject: l.t(msg!("mail.default_subject")).to_string(),
        text: l.t(msg!("mail.default_text")).to_string(),
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
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let svc = state.service();
    let m = Marks::of(refused, "compose");
    let (view, audience_error) = match c.audience.audience(svc, &me.actor) {
        Ok(a) => match svc.mail_audience(&me.actor, &a, 50) {
            Ok(v) => (Some(v), None),
            Err(e) => (None, Some(e.to_string())),
        },
        Err(e) => (None, Some(e.to_string())),
    };
    let pairs = c.audience.pairs();
    let title = l.t(msg!("mail.new"));
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            h2 { (l.t(msg!("mail.recipients"))) }
            @if pairs.is_empty() { p.muted { (l.t(msg!("mail.whole"))) } }
            @else { p.muted #audience-filter { @for (k, v) in &pairs { code { (k) "=" (v) } " " } } }
            @if let Some(e) = &audience_error { p.error role="alert" { (e) } }
            @if let Some(v) = &view {
                p #audience-count { strong { (v.matched) } " " (l.t(msg!("mail.matched"))) }
                (recipients_table(l, &v.recipients))
            }
            h2 { (l.t(msg!("mail.message"))) }
            (m.banner())
            form #compose method="post" action="/mailing/new" enctype="multipart/form-data" {
                (csrf(me))
                @for (k, v) in &pairs { input type="hidden" name=(k) value=(v); }
                label { (l.t(msg!("mail.subject"))) input type="text" name="subject" maxlength="300" value=(c.subject) required
                    class=[m.class("subject")] aria-invalid=[m.invalid("subject")] aria-describedby=[m.described("subject")];
                    (m.error("subject")) }
                label { (l.t(msg!("mail.text"))) textarea name="text" rows="10" required
                    class=[m.class("text")] aria-invalid=[m.invalid("text")] aria-describedby=[m.described("text")] { (c.text) }
                    (m.error("text")) }
                label { (l.t(msg!("mail.html"))) textarea name="html" rows="4"
                    class=[m.class("html")] aria-invalid=[m.invalid("html")] aria-describedby=[m.described("html")] { (c.html) }
                    (m.error("html")) }
                label { (l.t(msg!("mail.attachments"))) input type="file" name="file" multiple
                    class=[m.class("file")] aria-invalid=[m.invalid("file")] aria-describedby=[m.described("file")];
                    (m.error("file")) }
                p.muted { (l.t(msg!("mail.placeholders"))) }
                label { (l.t(msg!("mail.preview_for"))) input type="number" name="contact" min="1" value=(c.contact)
                    class=[m.class("contact")] aria-invalid=[m.invalid("contact")] aria-describedby=[m.described("contact")];
                    (m.error("contact")) }
                div.toolbar {
                    button.secondary type="submit" name="action" value="preview" { (l.t(msg!("mail.preview"))) }
                    button.secondary type="submit" name="action" value="dry_run" { (l.t(msg!("mail.dry_run"))) }
                    button.primary type="submit" name="action" value="send" { (l.t(msg!("mail.send"))) }
                }
            }
            @if let Some(m) = &preview {
                div.card #preview {
                    h2 { (l.t(msg!("mail.preview"))) }
                    dl {
                        dt { "From" } dd { (m.from.name) " <" (m.from.address) ">" }
                        @if let Some(r) = &m.reply_to { dt { "Reply-To" } dd { (r.name) " <" (r.address) ">" } }
                        dt { "To" } dd { (m.to.name) " <" (m.to.address) ">" }
                        dt { (l.t(msg!("mail.subject"))) } dd #preview-subject { (m.subject) }
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
            thead { tr { th { "#" } th { (l.t(msg!("mail.recipient"))) } th { (l.t(msg!("field.email"))) } th { (l.t(msg!("mail.skip"))) } } }
            tbody {
                @for r in rs {
                    tr class=[r.skip.map(|_| "skipped")] {
                        td { (r.contact) }
                        td { a href=(crate::paths::Contact { id: r.contact }) { (r.name) } }
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
    // A refused compose form: the same page, 422, the field at fault marked (a fault of
    // the audience or of no one field: above the form), everything typed kept.
    let refuse = |e: Error| -> Result<Response, AppError> {
        if let Error::Forbidden(why) = &e {
            // No right to send: said above the form, what was typed kept.
            let r = Refused::new("compose", "", crate::view::refused::reason_in(me.lang, why));
            let page = compose_page(&state, &me, &c, None, Some(&r))?;
            return Ok((StatusCode::FORBIDDEN, page).into_response());
        }
        let r = Refused::of(
            "compose",
            AppError::Core(e),
            me.lang,
            &[
                ("subject", "subject"),
                ("text", "text"),
                ("html", "html"),
                ("template", "text"),
                ("attachment", "file"),
                ("contact", "contact"),
            ],
            "",
        )?;
        Ok(unprocessable(compose_page(
            &state,
            &me,
            &c,
            None,
            Some(&r),
        )?))
    };
    let audience = match c.audience.audience(svc, &me.actor) {
        Ok(a) => a,
        Err(e) => return refuse(e),
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
                let r = Refused::new("compose", "contact", me.lang.t(msg!("mail.nobody")));
                return Ok(unprocessable(compose_page(
                    &state,
                    &me,
                    &c,
                    None,
                    Some(&r),
                )?));
            };
            match svc.mail_preview(&me.actor, &template, c.attachments.clone(), contact) {
                Ok(m) => Ok(compose_page(&state, &me, &c, Some(m), None)?.into_response()),
                Err(e) => refuse(e),
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
                Err(e) => refuse(e),
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
                    Ok(Redirect::to(&crate::paths::Mailing { id }.to_string()).into_response())
                }
                Err(e) => refuse(e),
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
    Ok(Redirect::to(&crate::paths::Mailing { id }.to_string()))
}

// ---- settings ----------------------------------------------------------------------------

pub(crate) async fn settings_page<S: Store + 'static>(
    State(state): State<AppState<S>>,
    me: Me,
) -> Result<Markup, AppError> {
    settings_markup(&state, &me, None)
}

/// A text field of a mail settings form: the typed value when that form was refused,
/// else the stored one; the refused field marked.
fn mail_field(
    m: &Marks,
    label: &str,
    kind: &str,
    name: &str,
    stored: &str,
    max: Option<usize>,
) -> Markup {
    html! {
        label { (label) input type=(kind) name=(name) maxlength=[max] value=(m.value_or(name, stored))
            class=[m.class(name)] aria-invalid=[m.invalid(name)] aria-describedby=[m.described(name)];
            (m.error(name)) }
    }
}

fn settings_markup<S: Store + 'static>(
    state: &AppState<S>,
    me: &Me,
    refused: Option<&Refused>,
) -> Result<Markup, AppError> {
    let l = me.lang;
    let svc = state.service();
    let s = svc.smtp_settings()?;
    let pm = Marks::of(refused, "profile");
    let sm = Marks::of(refused, "smtp");
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
    let title = l.t(msg!("mail.settings"));
    let admin = me.actor.is_admin();
    let body = html! {
        div.card {
            h1 { (title) }
            (nav(l))
            h2 { (l.t(msg!("mail.profile"))) }
            (pm.banner())
            form #profile-form method="post" action="/mailing/settings" {
                (csrf(me))
                input type="hidden" name="part" value="profile";
                (mail_field(&pm, l.t(msg!("mail.profile_name")), "text", "name", &mine.display_name, Some(200)))
                (mail_field(&pm, l.t(msg!("mail.profile_address")), "email", "address", &mine.address, Some(MAX_FIELD)))
                label { (l.t(msg!("mail.signature"))) textarea name="signature" rows="4"
                    class=[pm.class("signature")] aria-invalid=[pm.invalid("signature")] aria-describedby=[pm.described("signature")]
                    { (pm.value_or("signature", &mine.signature)) }
                    (pm.error("signature")) }
                button.primary type="submit" { (l.t(msg!("mail.save"))) }
            }
            p.muted { (l.t(if mine.may_send || admin { msg!("mail.may_send") } else { msg!("mail.may_not_send") })) }
            h2 { (l.t(msg!("mail.smtp"))) }
            @if admin {
                (sm.banner())
                form #smtp-form method="post" action="/mailing/settings" {
                    (csrf(me))
                    input type="hidden" name="part" value="smtp";
                    (mail_field(&sm, l.t(msg!("mail.host")), "text", "host", &s.host, Some(MAX_FIELD)))
                    (mail_field(&sm, l.t(msg!("mail.port")), "text", "port", &s.port.to_string(), Some(5)))
                    @let security = sm.value_or("security", s.security.as_str());
                    label { (l.t(msg!("mail.security"))) select name="security"
                        class=[sm.class("security")] aria-invalid=[sm.invalid("security")] aria-describedby=[sm.described("security")] {
                        @for m in [Security::Starttls, Security::Tls, Security::None] {
                            option value=(m.as_str()) selected[security == m.as_str()] { (m.as_str()) }
                        }
                    } (sm.error("security")) }
                    (mail_field(&sm, l.t(msg!("mail.login")), "text", "login", &s.user.clone().unwrap_or_default(), Some(MAX_FIELD)))
                    (mail_field(&sm, l.t(msg!("mail.from")), "email", "from", &s.from_address, Some(MAX_FIELD)))
                    (mail_field(&sm, l.t(msg!("mail.from_name")), "text", "from_name", &s.from_name, Some(200)))
                    (mail_field(&sm, l.t(msg!("mail.unsubscribe")), "email", "unsubscribe", &s.unsubscribe, Some(MAX_FIELD)))
                    (mail_field(&sm, l.t(msg!("mail.rate")), "text", "rate", &s.rate_per_minute.to_string(), Some(6)))
                    p.muted { (l.t(msg!("mail.password_env"))) }
                    button.primary type="submit" { (l.t(msg!("mail.save"))) }
                }
                h2 { (l.t(msg!("mail.rights"))) }
                table.list #rights {
                    tbody {
                        @for (name, may) in &users {
                            tr {
                                td { (name) }
                                td { (l.t(if *may { msg!("mail.may_send") } else { msg!("mail.may_not_send") })) }
                                td { (post_button(me, &crate::paths::MailingUserRight { name: name.to_string(), right: (if *may { "deny" } else { "allow" }).to_string() }.to_string(), l.t(if *may { msg!("mail.deny") } else { msg!("mail.allow") }), "secondary")) }
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
        Ok(()) => {
            Ok(crate::view::layout::done("/mailing/settings", msg!("flash.saved")).into_response())
        }
        Err(e) => {
            // The same page, 422, the field at fault marked and what was typed kept.
            let (form, fields, names): (&str, &[(&str, &str)], &[&str]) =
                if f.part.as_deref() == Some("profile") {
                    (
                        "profile",
                        &[
                            ("name", "name"),
                            ("address", "address"),
                            ("signature", "signature"),
                        ],
                        &["name", "address", "signature"],
                    )
                } else {
                    (
                        "smtp",
                        &[
                            ("host", "host"),
                            ("port", "port"),
                            ("security", "security"),
                            ("user", "login"),
                            ("from", "from"),
                            ("from_address", "from"),
                            ("from_name", "from_name"),
                            ("unsubscribe", "unsubscribe"),
                            ("rate", "rate"),
                        ],
                        &[
                            "host",
                            "port",
                            "security",
                            "login",
                            "from",
                            "from_name",
                            "unsubscribe",
                            "rate",
                        ],
                    )
                };
            let mut r = Refused::of(form, AppError::Core(e), me.lang, fields, "")?;
            for name in names {
                r = r.keep(name, f.value(name));
            }
            Ok(unprocessable(settings_markup(&state, &me, Some(&r))?))
        }
    }
}

impl SettingsForm {
    /// A field as typed, by its name ("" when left out).
    fn value(&self, name: &str) -> &str {
        let v = match name {
            "name" => &self.name,
            "address" => &self.address,
            "signature" => &self.signature,
            "host" => &self.host,
            "port" => &self.port,
            "security" => &self.security,
            "login" => &self.login,
            "from" => &self.from,
            "from_name" => &self.from_name,
            "unsubscribe" => &self.unsubscribe,
            "rate" => &self.rate,
            _ => &None,
        };
        v.as_deref().unwrap_or("")
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
    Ok(crate::view::layout::done(
        "/mailing/settings",
        msg!("flash.saved"),
    ))
}
