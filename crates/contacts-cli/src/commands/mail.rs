//! `contacts mail ...`: audiences, previews, dry runs to a folder of .eml files, campaigns
//! sent over SMTP with a progress bar (resumable), their status, one-off messages, and
//! the mail settings and rights. Every rule is the core's.

use std::io::IsTerminal;
use std::path::Path;

use contacts_core::ids::CampaignId;
use contacts_core::mailing::{
    Audience, MailAttachment, OccasionFilter, Recipient, Security, Template, MAX_ATTACHMENTS_BYTES,
    MAX_TEMPLATE_BYTES,
};
use contacts_core::service::{CampaignInput, CampaignView, SendOptions, SendReport};
use contacts_core::store::{ListKind, RecipientState, Store};
use contacts_core::Error;
use contacts_mail::SmtpSender;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, Result};
use crate::mail_cli::*;
use crate::output;

pub fn run<S: Store>(ctx: &mut Ctx<'_, S>, cmd: MailCommand) -> Result<()> {
    match cmd {
        MailCommand::Audience(a) => audience(ctx, a),
        MailCommand::Preview(a) => preview(ctx, a),
        MailCommand::DryRun(a) => dry_run(ctx, a),
        MailCommand::Create(a) => {
            let input = campaign_input(ctx, &a.audience, &a.template)?;
            let id = ctx.service.create_campaign(&ctx.actor, &input)?;
            status(ctx, id)
        }
        MailCommand::Send(a) => send(ctx, a),
        MailCommand::Status(a) => status(ctx, a.id.parse()?),
        MailCommand::Campaigns => campaigns(ctx),
        MailCommand::One(a) => {
            let contact = crate::input::contact_id(&a.contact)?;
            let (template, files) = template(&a.template)?;
            let mut smtp = SmtpSender::from_env(ctx.service.smtp_settings()?);
            let report = ctx
                .service
                .send_one(&ctx.actor, contact, &template, files, &mut smtp)?;
            finish(ctx, &report)
        }
        MailCommand::Smtp(a) => smtp(ctx, a),
        MailCommand::Allow(u) => right(ctx, &u.user, true),
        MailCommand::Deny(u) => right(ctx, &u.user, false),
        MailCommand::Profile(a) => profile(ctx, a),
    }
}

fn audience_of<S: Store>(ctx: &Ctx<'_, S>, a: &AudienceArgs) -> Result<Audience> {
    let s = ctx.service;
    let mut out = Audience {
        book: super::book_filter(a.private, a.business),
        ..Audience::default()
    };
    for g in &a.group {
        out.groups.push(s.label(ListKind::Group, g)?.id);
    }
    for st in &a.status {
        out.statuses.push(s.label(ListKind::Status, st)?.id);
    }
    if let Some(m) = &a.manager {
        out.manager = Some(crate::input::user_id(s, &ctx.actor, "manager", m)?);
    }
    if let Some(f) = &a.field {
        let (label, value) = f
            .split_once('=')
            .ok_or_else(|| Error::invalid("field", format!("'{f}' is not LABEL=VALUE")))?;
        out.field = Some((s.field(label.trim())?.id, value.trim().to_string()));
    }
    if let Some(span) = &a.not_contacted_for {
        let d = crate::input::span("not-contacted-for", span)?;
        out.not_contacted_days = Some(d.num_days() as u32);
    }
    if let Some(days) = a.upcoming {
        let both = a.birthdays == a.namedays;
        out.occasions = Some(OccasionFilter {
            days,
            birthdays: both || a.birthdays,
            namedays: both || a.namedays,
        });
    }
    out.words = a.search.clone().unwrap_or_default();
    for id in &a.ids {
        out.pick.push(crate::input::contact_id(id)?);
    }
    Ok(out)
}

/// Reads a UTF-8 file of at most `limit` bytes.
fn read_limited(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path)
        .map_err(|e| CliError::file(path, e))?
        .len();
    if len > limit as u64 {
        return Err(Error::invalid(
            what,
            format!(
                "{} has {len} bytes; at most {limit} are accepted",
                path.display()
            ),
        )
        .into());
    }
    std::fs::read(path).map_err(|e| CliError::file(path, e))
}

fn read_text(path: &Path, what: &str) -> Result<String> {
    let bytes = read_limited(path, MAX_TEMPLATE_BYTES, what)?;
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid(what, format!("{} is not UTF-8 text", path.display())).into())
}

/// A media type from a file name's extension.
fn media_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

fn template(t: &TemplateArgs) -> Result<(Template, Vec<MailAttachment>)> {
    let subject = t
        .subject
        .clone()
        .ok_or_else(|| Error::invalid("subject", "give --subject"))?;
    let text = match (&t.text, &t.text_file) {
        (Some(s), _) => s.clone(),
        (None, Some(p)) => read_text(p, "text-file")?,
        (None, None) => {
            return Err(Error::invalid("text", "give --text or --text-file").into());
        }
    };
    let html = match &t.html_file {
        Some(p) => Some(read_text(p, "html-file")?),
        None => None,
    };
    let mut files = Vec::new();
    let mut left = MAX_ATTACHMENTS_BYTES;
    for p in &t.attach {
        let bytes = read_limited(p, left, "attach")?;
        left -= bytes.len();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "attachment".into());
        files.push(MailAttachment {
            media_type: media_type(&name).to_string(),
            name,
            bytes,
        });
    }
    Ok((
        Template {
            subject,
            text,
            html,
        },
        files,
    ))
}

fn campaign_input<S: Store>(
    ctx: &Ctx<'_, S>,
    a: &AudienceArgs,
    t: &TemplateArgs,
) -> Result<CampaignInput> {
    let (template, attachments) = template(t)?;
    Ok(CampaignInput {
        audience: audience_of(ctx, a)?,
        template,
        attachments,
    })
}

fn skip_text(key: &str) -> &str {
    match key {
        "opted_out" => "opted out of mailing",
        "no_email" => "no e-mail address",
        "duplicate" => "address already in this campaign",
        "bad_address" => "bad address",
        other => other,
    }
}

fn audience<S: Store>(ctx: &mut Ctx<'_, S>, a: AudienceCmd) -> Result<()> {
    let aud = audience_of(ctx, &a.audience)?;
    let (matched, recipients) = if a.all {
        let all = ctx.service.mail_recipients(&ctx.actor, &aud)?;
        (all.len() as u64, all)
    } else {
        let v = ctx
            .service
            .mail_audience(&ctx.actor, &aud, a.limit as usize)?;
        (v.matched, v.recipients)
    };
    if ctx.json {
        let list = contacts_wire::MailAudienceList {
            matched,
            recipients: recipients
                .iter()
                .map(contacts_wire::MailRecipient::from)
                .collect(),
        };
        return output::json(ctx.out, &list);
    }
    writeln!(ctx.out, "{matched} contact(s) match")?;
    for r in &recipients {
        let address = r.address.as_deref().unwrap_or("-");
        match r.skip {
            None => writeln!(
                ctx.out,
                "{:>8}  {}  <{}>",
                r.contact,
                output::clean(&r.name),
                output::clean(address)
            )?,
            Some(s) => writeln!(
                ctx.out,
                "{:>8}  {}  <{}>  SKIPPED: {}",
                r.contact,
                output::clean(&r.name),
                output::clean(address),
                skip_text(s.key())
            )?,
        }
    }
    if (recipients.len() as u64) < matched {
        writeln!(
            ctx.out,
            "... {} more (--all lists every one)",
            matched - recipients.len() as u64
        )?;
    }
    Ok(())
}

fn preview<S: Store>(ctx: &mut Ctx<'_, S>, a: PreviewCmd) -> Result<()> {
    let contact = crate::input::contact_id(&a.contact)?;
    let (template, files) = template(&a.template)?;
    let msg = ctx
        .service
        .mail_preview(&ctx.actor, &template, files, contact)?;
    if a.raw {
        let bytes = contacts_mail::eml(&msg).map_err(CliError::User)?;
        ctx.out.write_all(&bytes)?;
        return Ok(());
    }
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::MailPreview::from(&msg));
    }
    writeln!(ctx.out, "From: {} <{}>", msg.from.name, msg.from.address)?;
    if let Some(r) = &msg.reply_to {
        writeln!(ctx.out, "Reply-To: {} <{}>", r.name, r.address)?;
    }
    writeln!(ctx.out, "To: {} <{}>", msg.to.name, msg.to.address)?;
    writeln!(ctx.out, "Subject: {}", msg.subject)?;
    for f in msg.attachments.iter() {
        writeln!(ctx.out, "Attachment: {} ({} bytes)", f.name, f.bytes.len())?;
    }
    writeln!(ctx.out)?;
    write!(ctx.out, "{}", msg.text)?;
    if let Some(h) = &msg.html {
        writeln!(ctx.out, "\n--- HTML ---\n{h}")?;
    }
    Ok(())
}

fn dry_run<S: Store>(ctx: &mut Ctx<'_, S>, a: DryRunCmd) -> Result<()> {
    let input = campaign_input(ctx, &a.audience, &a.template)?;
    std::fs::create_dir_all(&a.out).map_err(|e| CliError::file(&a.out, e))?;
    let mut n = 0usize;
    let report = ctx
        .service
        .mail_dry_run(&ctx.actor, &input, &mut |_, msg| {
            n += 1;
            contacts_mail::write_eml(&a.out, n, msg)
                .map(|_| ())
                .map_err(|e| Error::invalid("out", e))
        })?;
    let skipped: Vec<&Recipient> = report
        .recipients
        .iter()
        .filter(|r| r.skip.is_some())
        .collect();
    if ctx.json {
        let done = contacts_wire::MailDryRun {
            written: n,
            folder: a.out.display().to_string(),
            skipped: skipped
                .iter()
                .map(|r| contacts_wire::MailRecipient::from(*r))
                .collect(),
        };
        return output::json(ctx.out, &done);
    }
    writeln!(
        ctx.out,
        "dry run: wrote {n} message(s) to {}; nothing was sent",
        a.out.display()
    )?;
    for r in skipped {
        writeln!(
            ctx.out,
            "skipped {} (#{}): {}",
            output::clean(&r.name),
            r.contact,
            skip_text(r.skip.map(|s| s.key()).unwrap_or_default())
        )?;
    }
    Ok(())
}

fn send<S: Store>(ctx: &mut Ctx<'_, S>, a: SendCmd) -> Result<()> {
    let id: CampaignId = match &a.campaign {
        Some(id) => id.parse()?,
        None => {
            let input = campaign_input(ctx, &a.audience, &a.template)?;
            ctx.service.create_campaign(&ctx.actor, &input)?
        }
    };
    if a.resend_unknown {
        let n = ctx.service.requeue_unknown(&ctx.actor, id)?;
        eprintln!("queued {n} recipient(s) of unknown state again");
    }
    let mut smtp = SmtpSender::from_env(ctx.service.smtp_settings()?);
    let bar = if ctx.json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({per_sec}, {eta})")
        {
            bar.set_style(style);
        }
        bar
    };
    let report = ctx.service.send_campaign(
        &ctx.actor,
        id,
        &mut smtp,
        &SendOptions {
            rate_per_minute: a.rate,
            stop: None,
        },
        &mut |p| {
            bar.set_length(p.total);
            bar.set_position(p.done);
            if let Some((name, state)) = &p.last {
                bar.set_message(format!("{} {}", state.key(), output::clean(name)));
            }
        },
    )?;
    bar.finish_and_clear();
    smtp.close();
    finish(ctx, &report)
}

/// Prints a run's report; a stopped run is an error (exit 1) saying how to resume.
fn finish<S: Store>(ctx: &mut Ctx<'_, S>, r: &SendReport) -> Result<()> {
    if r.unknown_found > 0 {
        eprintln!(
            "warning: campaign {}: {} recipient(s) were being sent when an earlier run stopped; their state is unknown and they were not sent again (see `contacts mail status {}`; `mail send --campaign {} --resend-unknown` sends them again)",
            r.campaign, r.unknown_found, r.campaign, r.campaign
        );
    }
    if ctx.json {
        output::json(ctx.out, &contacts_wire::MailSendReport::from(r))?;
    } else {
        writeln!(
            ctx.out,
            "campaign {}: {} sent, {} failed, {} skipped now; state {}",
            r.campaign,
            r.sent,
            r.failed,
            r.skipped,
            r.state.key()
        )?;
    }
    if let Some(why) = &r.stopped {
        return Err(CliError::User(format!(
            "campaign {} stopped: {why}. Nothing was lost; resume with `contacts mail send --campaign {}`",
            r.campaign, r.campaign
        )));
    }
    Ok(())
}

fn counts_line(v: &CampaignView) -> String {
    v.counts()
        .into_iter()
        .map(|(k, n)| format!("{n} {}", k.key()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn status<S: Store>(ctx: &mut Ctx<'_, S>, id: CampaignId) -> Result<()> {
    let v = ctx.service.campaign(&ctx.actor, id)?;
    if ctx.json {
        return output::json(ctx.out, &contacts_wire::MailCampaign::new(&v, true));
    }
    writeln!(
        ctx.out,
        "campaign {}: {}{} ({})",
        v.record.id,
        v.record.state.key(),
        if v.record.note.is_empty() {
            String::new()
        } else {
            format!(": {}", output::clean(&v.record.note))
        },
        counts_line(&v)
    )?;
    writeln!(
        ctx.out,
        "subject: {}",
        output::clean(&v.spec.template.subject)
    )?;
    for r in &v.recipients {
        let detail = if r.state == RecipientState::Skipped {
            skip_text(&r.detail).to_string()
        } else {
            r.detail.clone()
        };
        writeln!(
            ctx.out,
            "{:>6}  {:<8} {}  <{}>  {}",
            r.seq,
            r.state.key(),
            output::clean(&r.name),
            output::clean(&r.address),
            output::clean(&detail)
        )?;
    }
    Ok(())
}

fn campaigns<S: Store>(ctx: &mut Ctx<'_, S>) -> Result<()> {
    let all = ctx.service.campaigns(&ctx.actor)?;
    if ctx.json {
        let out: Vec<contacts_wire::MailCampaign> = all
            .iter()
            .map(|v| contacts_wire::MailCampaign::new(v, false))
            .collect();
        return output::json(ctx.out, &out);
    }
    for v in &all {
        writeln!(
            ctx.out,
            "{:>6}  {}  {:<8} {}  ({})",
            v.record.id,
            v.record.created_at.format("%Y-%m-%d %H:%M"),
            v.record.state.key(),
            output::clean(&v.spec.template.subject),
            counts_line(v)
        )?;
    }
    Ok(())
}

fn smtp<S: Store>(ctx: &mut Ctx<'_, S>, a: SmtpCmd) -> Result<()> {
    let mut s = ctx.service.smtp_settings()?;
    let changing = a.host.is_some()
        || a.port.is_some()
        || a.security.is_some()
        || a.login.is_some()
        || a.no_login
        || a.from.is_some()
        || a.from_name.is_some()
        || a.unsubscribe.is_some()
        || a.rate.is_some();
    if changing {
        if let Some(h) = a.host {
            s.host = h.trim().to_string();
        }
        if let Some(p) = a.port {
            s.port = p;
        }
        if let Some(m) = a.security {
            s.security = Security::parse(&m)?;
            if a.port.is_none() {
                s.port = match s.security {
                    Security::Tls => 465,
                    Security::Starttls => 587,
                    Security::None => 25,
                };
            }
        }
        if let Some(l) = a.login {
            s.user = Some(l.trim().to_string());
        }
        if a.no_login {
            s.user = None;
        }
        if let Some(f) = a.from {
            s.from_address = f.trim().to_string();
        }
        if let Some(n) = a.from_name {
            s.from_name = n.trim().to_string();
        }
        if let Some(u) = a.unsubscribe {
            s.unsubscribe = u.trim().to_string();
        }
        if let Some(r) = a.rate {
            s.rate_per_minute = r;
        }
        ctx.service.set_smtp_settings(&ctx.actor, &s)?;
    }
    if ctx.json {
        return output::json(ctx.out, &s);
    }
    writeln!(
        ctx.out,
        "server: {}:{} ({})",
        if s.host.is_empty() {
            "(not set)"
        } else {
            &s.host
        },
        s.port,
        s.security.as_str()
    )?;
    writeln!(
        ctx.out,
        "login: {}",
        match &s.user {
            Some(u) => format!("{u} (password from {})", contacts_mail::PASSWORD_ENV),
            None => "none".into(),
        }
    )?;
    writeln!(
        ctx.out,
        "from: {} <{}>",
        s.from_name,
        if s.from_address.is_empty() {
            "each employee's own"
        } else {
            &s.from_address
        }
    )?;
    writeln!(
        ctx.out,
        "unsubscribe: {}",
        if s.unsubscribe.is_empty() {
            "the From address"
        } else {
            &s.unsubscribe
        }
    )?;
    writeln!(
        ctx.out,
        "rate: {}",
        if s.rate_per_minute == 0 {
            "no limit".to_string()
        } else {
            format!("{} per minute", s.rate_per_minute)
        }
    )?;
    Ok(())
}

fn right<S: Store>(ctx: &mut Ctx<'_, S>, user: &str, allow: bool) -> Result<()> {
    let p = ctx
        .service
        .set_mail_profile(&ctx.actor, user, |p| p.may_send = allow)?;
    writeln!(
        ctx.out,
        "{} {} send campaigns",
        output::clean(user),
        if p.may_send { "may" } else { "may not" }
    )?;
    Ok(())
}

fn profile<S: Store>(ctx: &mut Ctx<'_, S>, a: ProfileCmd) -> Result<()> {
    let me = ctx.actor.name().to_string();
    let signature = match &a.signature_file {
        Some(p) => Some(read_text(p, "signature-file")?),
        None => None,
    };
    let p = if a.name.is_some() || a.address.is_some() || signature.is_some() {
        ctx.service.set_mail_profile(&ctx.actor, &me, |p| {
            if let Some(n) = a.name {
                p.display_name = n;
            }
            if let Some(ad) = a.address {
                p.address = ad;
            }
            if let Some(s) = signature {
                p.signature = s;
            }
        })?
    } else {
        ctx.service.mail_profile(&ctx.actor, &me)?
    };
    if ctx.json {
        #[derive(Serialize)]
        struct Out<'a> {
            user: &'a str,
            may_send: bool,
            name: &'a str,
            address: &'a str,
            signature: &'a str,
        }
        return output::json(
            ctx.out,
            &Out {
                user: &me,
                may_send: p.may_send,
                name: &p.display_name,
                address: &p.address,
                signature: &p.signature,
            },
        );
    }
    writeln!(ctx.out, "user: {me}")?;
    writeln!(
        ctx.out,
        "may send campaigns: {}",
        if p.may_send { "yes" } else { "no" }
    )?;
    writeln!(ctx.out, "name: {}", p.display_name)?;
    writeln!(ctx.out, "address: {}", p.address)?;
    writeln!(ctx.out, "signature:\n{}", p.signature)?;
    Ok(())
}
