//! Mailing rules: who is in an audience, who may send, campaign and recipient states,
//! history entries. See `crate::mailing` for audiences, templates and skips.
//!
//! Never twice: a recipient is marked `Sending` in its own committed transaction before its
//! SMTP transaction starts and `Sent` after the server took the message. A sender that
//! finds `Sending` rows when it starts (the previous one crashed or was killed) turns them
//! into `Unknown` and reports them; they are resent only when a user asks
//! ([`Service::requeue_unknown`]). A transport that stops while handing a message over says
//! so (`maybe_delivered`) and that recipient becomes `Unknown` too; a stop before (no
//! connection, bad login) puts it back in the queue.
//!
//! A campaign is visible to the user who made it only (it lists their private contacts);
//! for everyone else, admins included, it is "not found".

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::{CampaignId, ContactId, LabelId};
use crate::mailing::{
    address_of, check_attachments, context, Audience, Compiled, MailAttachment, MailTransport,
    Mailbox, OutgoingMessage, Problem, Recipient, SendFailure, Sender, Skip, SmtpSettings,
    Template,
};
use crate::model::{Book, Contact};
use crate::nameday::NamedayChoice;
use crate::search;
use crate::store::{
    CampaignRecipient, CampaignRecord, CampaignState, FieldDef, ListKind, ListQuery, ListSort,
    MailProfile, NewCampaign, Ops, RecipientState, Store,
};

use super::{cases::grow, visible, Actor, Service};

/// The setting that holds the SMTP settings (JSON; set only through
/// [`Service::set_smtp_settings`]).
pub const SMTP_SETTING: &str = "mail.smtp";

/// The history kind of a sent message.
pub const HISTORY_KIND: &str = "e-mail";

/// An evaluated audience: how many contacts match, and the first of them with skips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudienceView {
    /// Contacts matching the filter (skipped ones included).
    pub matched: u64,
    /// The first contacts in order; duplicates are judged among these.
    pub recipients: Vec<Recipient>,
}

/// A template checked against every recipient of an audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub recipients: Vec<Recipient>,
    /// Recipients the template gives no message for, and why.
    pub problems: Vec<(Recipient, Problem)>,
}

impl CheckReport {
    /// How many would get a message.
    pub fn sendable(&self) -> usize {
        self.recipients.iter().filter(|r| r.skip.is_none()).count()
    }

    /// The problems as one error (at most 20 listed), or `Ok`.
    pub fn into_result(self) -> Result<CheckReport> {
        if self.problems.is_empty() {
            return Ok(self);
        }
        let mut lines: Vec<String> = self
            .problems
            .iter()
            .take(20)
            .map(|(r, p)| format!("{} (#{}): {p}", r.name, r.contact))
            .collect();
        if self.problems.len() > 20 {
            lines.push(format!("... and {} more", self.problems.len() - 20));
        }
        Err(Error::invalid(
            "template",
            format!(
                "nothing was sent; the template gives no message for {} recipient(s):\n{}",
                self.problems.len(),
                lines.join("\n")
            ),
        ))
    }
}

/// What a campaign is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignInput {
    pub audience: Audience,
    pub template: Template,
    pub attachments: Vec<MailAttachment>,
}

/// The stored description of a campaign (JSON in the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSpec {
    pub audience: Audience,
    pub template: Template,
    /// (name, media type, bytes) of each attachment; the bytes are stored beside.
    #[serde(default)]
    pub attachments: Vec<(String, String, usize)>,
}

/// A campaign with its recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignView {
    pub record: CampaignRecord,
    pub spec: CampaignSpec,
    pub recipients: Vec<CampaignRecipient>,
}

impl CampaignView {
    /// How many recipients are in each state.
    pub fn counts(&self) -> BTreeMap<RecipientState, u64> {
        let mut m = BTreeMap::new();
        for r in &self.recipients {
            *m.entry(r.state).or_insert(0) += 1;
        }
        m
    }
}

/// How a send runs.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// Messages per minute; `None`: the installation's setting.
    pub rate_per_minute: Option<u32>,
    /// Set to stop after the current message (the campaign is then `Stopped`).
    pub stop: Option<Arc<AtomicBool>>,
}

/// Where a send stands, after each recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendProgress {
    /// Recipients with a final state now (skipped ones included).
    pub done: u64,
    pub total: u64,
    pub last: Option<(String, RecipientState)>,
}

/// What one run of [`Service::send_campaign`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReport {
    pub campaign: CampaignId,
    pub sent: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Recipients found in `Sending` from a run that crashed, now `Unknown`.
    pub unknown_found: u64,
    /// Why the run stopped before the end, if it did.
    pub stopped: Option<String>,
    pub state: CampaignState,
}

fn spec_of(record: &CampaignRecord) -> Result<CampaignSpec> {
    serde_json::from_str(&record.spec).map_err(|e| {
        Error::Backend(format!("campaign {} has an unreadable description: {e}", record.id).into())
    })
}

fn own_campaign(ops: &dyn Ops, actor: &Actor, id: CampaignId) -> Result<CampaignRecord> {
    match ops.campaign(id)? {
        Some(c) if c.created_by == actor.id => Ok(c),
        _ => Err(Error::not_found(format!("campaign {id}"))),
    }
}

/// The sending part of a campaign, prepared once per run.
struct Prepared {
    compiled: Compiled,
    defs: Vec<FieldDef>,
    sender: Sender,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    unsubscribe: Option<String>,
    attachments: Arc<Vec<MailAttachment>>,
    domain: String,
}

impl<S: Store> Service<S> {
    // ---- settings and rights --------------------------------------------------------

    /// The SMTP settings (never a password: that comes from the environment).
    pub fn smtp_settings(&self) -> Result<SmtpSettings> {
        match self.setting(SMTP_SETTING)? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                Error::Backend(format!("the stored SMTP settings are unreadable: {e}").into())
            }),
            None => Ok(SmtpSettings::default()),
        }
    }

    /// Sets the SMTP settings; only an admin may.
    pub fn set_smtp_settings(&self, actor: &Actor, settings: &SmtpSettings) -> Result<()> {
        if !actor.admin {
            return Err(Error::Forbidden(
                "only an admin may change the mail server settings".into(),
            ));
        }
        settings.check()?;
        let json = serde_json::to_string(settings)
            .map_err(|e| Error::Backend(format!("cannot write the settings: {e}").into()))?;
        self.store.write(|ops| ops.set_setting(SMTP_SETTING, &json))
    }

    /// A user's mailing profile (defaults when never set). Users see their own; admins
    /// see anyone's.
    pub fn mail_profile(&self, actor: &Actor, user: &str) -> Result<MailProfile> {
        self.store.read(|ops| {
            let u = ops
                .user_by_name(user)?
                .ok_or_else(|| Error::not_found(format!("user '{user}'")))?;
            if u.id != actor.id && !actor.admin {
                return Err(Error::Forbidden(
                    "only an admin may see other users' mailing profiles".into(),
                ));
            }
            Ok(ops.mail_profile(u.id)?.unwrap_or(MailProfile::new(u.id)))
        })
    }

    /// Changes a user's mailing profile. The right to send campaigns is an admin's to give;
    /// name, address and signature are the user's own (or an admin's) to set.
    pub fn set_mail_profile(
        &self,
        actor: &Actor,
        user: &str,
        change: impl FnOnce(&mut MailProfile),
    ) -> Result<MailProfile> {
        self.store.write(|ops| {
            let u = ops
                .user_by_name(user)?
                .ok_or_else(|| Error::not_found(format!("user '{user}'")))?;
            let before = ops.mail_profile(u.id)?.unwrap_or(MailProfile::new(u.id));
            let mut p = before.clone();
            change(&mut p);
            p.user = u.id;
            if p.may_send != before.may_send && !actor.admin {
                return Err(Error::Forbidden(
                    "only an admin may decide who sends campaigns".into(),
                ));
            }
            if u.id != actor.id && !actor.admin {
                return Err(Error::Forbidden(
                    "only an admin may change other users' mailing profiles".into(),
                ));
            }
            p.display_name = p.display_name.trim().to_string();
            p.address = p.address.trim().to_string();
            if p.display_name.chars().count() > 200 {
                return Err(Error::invalid("name", "at most 200 characters"));
            }
            if !p.address.is_empty() && !crate::mailing::mailable(&p.address) {
                return Err(Error::invalid(
                    "address",
                    format!("'{}' is not an address a server accepts", p.address),
                ));
            }
            if p.signature.chars().count() > crate::mailing::MAX_SIGNATURE_CHARS {
                return Err(Error::invalid(
                    "signature",
                    format!("at most {} characters", crate::mailing::MAX_SIGNATURE_CHARS),
                ));
            }
            ops.set_mail_profile(&p)?;
            Ok(p)
        })
    }

    fn may_send(&self, actor: &Actor) -> Result<()> {
        if actor.admin {
            return Ok(());
        }
        let allowed = self
            .store
            .read(|ops| Ok(ops.mail_profile(actor.id)?.is_some_and(|p| p.may_send)))?;
        if !allowed {
            return Err(Error::Forbidden(format!(
                "user '{}' may not send campaigns; an admin can allow it",
                actor.name
            )));
        }
        Ok(())
    }

    // ---- audiences ------------------------------------------------------------------

    /// How many contacts match an audience, and the first `limit` with their skips.
    pub fn mail_audience(
        &self,
        actor: &Actor,
        audience: &Audience,
        limit: usize,
    ) -> Result<AudienceView> {
        let (matched, contacts) = self.audience_contacts(actor, audience, Some(limit.max(1)))?;
        Ok(AudienceView {
            matched,
            recipients: with_skips(&contacts, true),
        })
    }

    /// Every contact of an audience with its skip (duplicates judged over all).
    pub fn mail_recipients(&self, actor: &Actor, audience: &Audience) -> Result<Vec<Recipient>> {
        let (_, contacts) = self.audience_contacts(actor, audience, None)?;
        Ok(with_skips(&contacts, true))
    }

    /// The contacts of an audience in sending order (by name, like a list); with `first`,
    /// only that many are read when the store can count the rest.
    fn audience_contacts(
        &self,
        actor: &Actor,
        a: &Audience,
        first: Option<usize>,
    ) -> Result<(u64, Vec<Contact>)> {
        a.check()?;
        let mut scope = actor.scope(a.book);
        if a.business_only() {
            scope.private_of = None;
        }
        let now = self.now();
        let cutoff = a.not_contacted_days.map(|d| {
            now.checked_sub_signed(chrono::Duration::days(i64::from(d)))
                .unwrap_or(DateTime::<Utc>::MIN_UTC)
        });
        // Parts that give a set of ids; the audience is their intersection.
        let mut sets: Vec<HashSet<ContactId>> = Vec::new();
        if !a.pick.is_empty() {
            sets.push(a.pick.iter().copied().collect());
        }
        // Sort keys already known (from the occasions' index rows), so a page needs no
        // whole record for the rest.
        let mut known_keys: HashMap<ContactId, (Book, Vec<u8>)> = HashMap::new();
        if let Some(o) = a.occasions {
            let today = self.today()?;
            let found = self.occasion_contacts(actor, today, o.days, o.birthdays, o.namedays)?;
            let mut ids = HashSet::with_capacity(found.len());
            for (id, book, key) in found {
                ids.insert(id);
                if let Some(key) = key {
                    known_keys.insert(id, (book, key));
                }
            }
            sets.push(ids);
        }
        let words = a.words.trim();
        if !words.is_empty() {
            const MAX_FOUND: usize = 1000;
            let found = self.search(actor, words, a.book, MAX_FOUND)?;
            if found.len() >= MAX_FOUND {
                return Err(Error::invalid(
                    "words",
                    format!("'{words}' matches {MAX_FOUND} contacts or more; use more words or other criteria"),
                ));
            }
            sets.push(found.into_iter().map(|c| c.id).collect());
        }
        let field = a
            .field
            .as_ref()
            .map(|(id, value)| (*id, crate::text::fold(value.trim())));
        let field_ok = |c: &Contact| {
            field.as_ref().is_none_or(|(id, want)| {
                c.data
                    .custom
                    .get(id)
                    .is_some_and(|v| crate::text::fold(v.to_string().trim()) == *want)
            })
        };
        self.store
            .read(|ops| {
                if let Some(m) = a.manager {
                    sets.push(ops.clients_of(m)?.into_iter().collect());
                }
                if let Some(mut set) = sets.pop() {
                    for other in &sets {
                        set.retain(|id| other.contains(id));
                    }
                    // Only the book and the name decide: count from sort keys and read just
                    // the first page ("Solenizanci +7 dni" over a million contacts is tens of
                    // thousands of ids; reading each whole took most of the time).
                    let by_key_only = a.groups.is_empty()
                        && a.statuses.is_empty()
                        && field.is_none()
                        && cutoff.is_none();
                    if let (Some(n), true) = (first, by_key_only) {
                        let mut keyed = Vec::with_capacity(set.len());
                        let mut unknown = Vec::new();
                        for id in set {
                            match known_keys.remove(&id) {
                                Some((book, key)) => keyed.push((id, book, key)),
                                None => unknown.push(id),
                            }
                        }
                        keyed.extend(ops.sort_keys(&unknown)?);
                        keyed.retain(|(_, book, _)| scope.contains(*book));
                        keyed.sort_unstable_by(|x, y| (&x.2, x.0).cmp(&(&y.2, y.0)));
                        let matched = keyed.len() as u64;
                        let mut page = Vec::with_capacity(n.min(keyed.len()));
                        for (id, _, _) in keyed.into_iter().take(n) {
                            if let Some(c) = ops.contact(id)? {
                                page.push(c);
                            }
                        }
                        return Ok((matched, page));
                    }
                    let mut out = Vec::with_capacity(set.len());
                    for id in set {
                        let Some(c) = ops.contact(id)? else { continue };
                        if !scope.contains(c.book)
                            || (!a.groups.is_empty()
                                && !a.groups.iter().any(|g| c.data.groups.contains(g)))
                            || (!a.statuses.is_empty()
                                && !c.data.status.is_some_and(|s| a.statuses.contains(&s)))
                            || !field_ok(&c)
                        {
                            continue;
                        }
                        if let Some(t) = cutoff {
                            if !c.book.is_business()
                                || ops.last_contact(c.id)?.is_some_and(|l| l >= t)
                            {
                                continue;
                            }
                        }
                        out.push(c);
                    }
                    sort_for_sending(&mut out);
                    return Ok((out.len() as u64, out));
                }
                // The list part: one indexed walk per (group, status) pair, merged.
                let groups: Vec<_> = if a.groups.is_empty() {
                    vec![None]
                } else {
                    a.groups.iter().copied().map(Some).collect()
                };
                let statuses: Vec<_> = if a.statuses.is_empty() {
                    vec![None]
                } else {
                    a.statuses.iter().copied().map(Some).collect()
                };
                let query = |g: Option<LabelId>, s: Option<LabelId>, limit: usize| ListQuery {
                    group: g,
                    status: s,
                    last_contact_before: cutoff,
                    sort: ListSort::Name,
                    limit,
                    ..ListQuery::new(scope)
                };
                // One walk and no core-only check: the store counts, and reads one page.
                if let (Some(n), None, [g], [s]) = (first, &field, &groups[..], &statuses[..]) {
                    let q = query(*g, *s, n);
                    let matched = ops.count_contacts(&q)?;
                    let page = ops.list_contacts(&q)?;
                    if page.iter().any(|c| !scope.contains(c.book)) {
                        return Err(Error::Backend(
                            "the store returned a contact outside the scope".into(),
                        ));
                    }
                    return Ok((matched, page));
                }
                let mut ids = Vec::new();
                let mut seen = HashSet::new();
                for g in &groups {
                    for s in &statuses {
                        for id in ops.contact_ids(&query(*g, *s, 1))? {
                            if seen.insert(id) {
                                ids.push(id);
                            }
                        }
                    }
                }
                let mut out = Vec::with_capacity(ids.len());
                for id in &ids {
                    let Some(c) = ops.contact(*id)? else { continue };
                    if scope.contains(c.book) && field_ok(&c) {
                        out.push(c);
                    }
                }
                sort_for_sending(&mut out);
                Ok((out.len() as u64, out))
            })
            .map(|(n, mut out)| {
                if let Some(k) = first {
                    out.truncate(k);
                }
                (n, out)
            })
    }

    // ---- templates, previews, dry runs ----------------------------------------------

    fn prepare(
        &self,
        actor: &Actor,
        template: &Template,
        attachments: Vec<MailAttachment>,
    ) -> Result<Prepared> {
        let compiled = Compiled::new(template)?;
        check_attachments(&attachments)?;
        let settings = self.smtp_settings()?;
        let (defs, profile) = self.store.read(|ops| {
            Ok((
                ops.fields()?,
                ops.mail_profile(actor.id)?
                    .unwrap_or_else(|| MailProfile::new(actor.id)),
            ))
        })?;
        let sender = Sender {
            name: if profile.display_name.is_empty() {
                actor.name.clone()
            } else {
                profile.display_name.clone()
            },
            address: profile.address.clone(),
            signature: profile.signature.clone(),
        };
        let from_address = if settings.from_address.is_empty() {
            profile.address.clone()
        } else {
            settings.from_address.clone()
        };
        if from_address.is_empty() {
            return Err(Error::invalid(
                "from",
                "no From address: an admin sets the installation's (mail smtp --from) or you set your own (mail profile --address)",
            ));
        }
        let from = Mailbox {
            name: if settings.from_name.is_empty() {
                sender.name.clone()
            } else {
                settings.from_name.clone()
            },
            address: from_address.clone(),
        };
        let reply_to =
            (!profile.address.is_empty() && profile.address != from_address).then(|| Mailbox {
                name: sender.name.clone(),
                address: profile.address.clone(),
            });
        let unsubscribe = Some(if settings.unsubscribe.is_empty() {
            from_address.clone()
        } else {
            settings.unsubscribe.clone()
        });
        let domain = from_address
            .rsplit_once('@')
            .map(|(_, d)| d.to_string())
            .unwrap_or_else(|| "localhost".into());
        Ok(Prepared {
            compiled,
            defs,
            sender,
            from,
            reply_to,
            unsubscribe,
            attachments: Arc::new(attachments),
            domain,
        })
    }

    /// The name-day a contact celebrates (explicit, else from the given name).
    fn nameday_of(&self, c: &Contact) -> Result<Option<crate::date::MonthDay>> {
        if c.data.nameday.is_some() {
            return Ok(c.data.nameday);
        }
        let cal = self.calendar()?;
        Ok(
            match cal.contact_nameday(&c.data.name.given, c.data.birthday.map(|b| b.month_day)) {
                NamedayChoice::One(d) => Some(d),
                _ => None,
            },
        )
    }

    fn message(
        &self,
        p: &Prepared,
        c: &Contact,
        address: &str,
        campaign: Option<CampaignId>,
        message_id: String,
    ) -> std::result::Result<OutgoingMessage, Problem> {
        let nameday = self.nameday_of(c).map_err(|e| Problem {
            part: "text",
            line: None,
            placeholder: None,
            reason: e.to_string(),
        })?;
        let ctx = context(c, address, nameday, &p.defs, &p.sender);
        let r = p.compiled.render(&ctx)?;
        Ok(OutgoingMessage {
            campaign,
            contact: c.id,
            message_id,
            date: self.now(),
            from: p.from.clone(),
            reply_to: p.reply_to.clone(),
            to: Mailbox {
                name: c.data.display_name(),
                address: address.to_string(),
            },
            subject: r.subject,
            text: r.text,
            html: r.html,
            attachments: Arc::clone(&p.attachments),
            unsubscribe: p.unsubscribe.clone(),
        })
    }

    /// Renders the template for every recipient of an audience and reports every one it
    /// gives no message for. Sends nothing.
    pub fn mail_check(
        &self,
        actor: &Actor,
        audience: &Audience,
        template: &Template,
    ) -> Result<CheckReport> {
        let p = self.prepare(actor, template, Vec::new())?;
        let (_, contacts) = self.audience_contacts(actor, audience, None)?;
        let recipients = with_skips(&contacts, true);
        let mut problems = Vec::new();
        for (c, r) in contacts.iter().zip(&recipients) {
            if let (None, Some(a)) = (r.skip, &r.address) {
                if let Err(pr) = self.message(&p, c, a, None, String::new()) {
                    problems.push((r.clone(), pr));
                }
            }
        }
        Ok(CheckReport {
            recipients,
            problems,
        })
    }

    /// The exact message one contact (one the actor may see) would get.
    pub fn mail_preview(
        &self,
        actor: &Actor,
        template: &Template,
        attachments: Vec<MailAttachment>,
        contact: ContactId,
    ) -> Result<OutgoingMessage> {
        let p = self.prepare(actor, template, attachments)?;
        let c = self.get(actor, contact)?;
        let (address, skip) = address_of(&c, false);
        let address = match (address, skip) {
            (Some(a), None) => a,
            (_, Some(s)) => {
                return Err(Error::invalid(
                    "contact",
                    format!(
                        "{} (#{}) gets no message: {}",
                        c.data.display_name(),
                        c.id,
                        s.key()
                    ),
                ))
            }
            (None, None) => return Err(Error::invalid("contact", "no e-mail address")),
        };
        let id = format!("preview.{}@{}", c.id, p.domain);
        self.message(&p, &c, &address, None, id).map_err(|pr| {
            Error::invalid(
                "template",
                format!("{} (#{}): {pr}", c.data.display_name(), c.id),
            )
        })
    }

    /// A dry run: every message of a campaign that would be made now, handed to `sink`
    /// (which writes `.eml` files, a zip...). Nothing is stored or sent. Refused, with
    /// every problem listed, when the template fails for any recipient.
    pub fn mail_dry_run(
        &self,
        actor: &Actor,
        input: &CampaignInput,
        sink: &mut dyn FnMut(&Recipient, &OutgoingMessage) -> Result<()>,
    ) -> Result<CheckReport> {
        let report = self
            .mail_check(actor, &input.audience, &input.template)?
            .into_result()?;
        let p = self.prepare(actor, &input.template, input.attachments.clone())?;
        let ids: Vec<ContactId> = report
            .recipients
            .iter()
            .filter(|r| r.skip.is_none())
            .map(|r| r.contact)
            .collect();
        let contacts = self.store.read(|ops| {
            let mut out = Vec::with_capacity(ids.len());
            for id in &ids {
                out.push(visible(ops, actor, *id)?);
            }
            Ok(out)
        })?;
        let sendable = report.recipients.iter().filter(|r| r.skip.is_none());
        for (n, (r, c)) in sendable.zip(&contacts).enumerate() {
            let address = r.address.clone().unwrap_or_default();
            let id = format!("dry-run.{}.{}@{}", n + 1, c.id, p.domain);
            let msg = self
                .message(&p, c, &address, None, id)
                .map_err(|pr| Error::invalid("template", format!("{}: {pr}", r.name)))?;
            sink(r, &msg)?;
        }
        Ok(report)
    }

    // ---- campaigns ------------------------------------------------------------------

    /// Makes a campaign: evaluates the audience now, checks the template for every
    /// recipient, and stores every recipient as queued or skipped with the reason. Only a
    /// user allowed to send campaigns may.
    pub fn create_campaign(&self, actor: &Actor, input: &CampaignInput) -> Result<CampaignId> {
        self.may_send(actor)?;
        let report = self
            .mail_check(actor, &input.audience, &input.template)?
            .into_result()?;
        check_attachments(&input.attachments)?;
        if report.sendable() == 0 {
            return Err(Error::invalid(
                "audience",
                format!(
                    "no recipient would get a message ({} matched, all skipped)",
                    report.recipients.len()
                ),
            ));
        }
        self.store_campaign(actor, input, &report.recipients, false)
    }

    fn store_campaign(
        &self,
        actor: &Actor,
        input: &CampaignInput,
        recipients: &[Recipient],
        one_off: bool,
    ) -> Result<CampaignId> {
        let now = self.now();
        let spec = CampaignSpec {
            audience: input.audience.clone(),
            template: input.template.clone(),
            attachments: input
                .attachments
                .iter()
                .map(|a| (a.name.clone(), a.media_type.clone(), a.bytes.len()))
                .collect(),
        };
        let spec = serde_json::to_string(&spec)
            .map_err(|e| Error::Backend(format!("cannot write the campaign: {e}").into()))?;
        let rows = recipients
            .iter()
            .enumerate()
            .map(|(i, r)| CampaignRecipient {
                seq: i as u32 + 1,
                contact: r.contact,
                name: r.name.clone(),
                address: r.address.clone().unwrap_or_default(),
                state: if r.skip.is_some() {
                    RecipientState::Skipped
                } else {
                    RecipientState::Queued
                },
                detail: r.skip.map(|s| s.key().to_string()).unwrap_or_default(),
                at: Some(now),
            })
            .collect();
        let new = NewCampaign {
            created_by: actor.id,
            created_at: now,
            one_off,
            spec,
            attachments: input.attachments.clone(),
            recipients: rows,
        };
        self.store.write(|ops| ops.insert_campaign(&new))
    }

    /// A campaign the actor made, with its recipients.
    pub fn campaign(&self, actor: &Actor, id: CampaignId) -> Result<CampaignView> {
        self.store.read(|ops| {
            let record = own_campaign(ops, actor, id)?;
            Ok(CampaignView {
                spec: spec_of(&record)?,
                recipients: ops.campaign_recipients(id)?,
                record,
            })
        })
    }

    /// The actor's campaigns, newest first.
    pub fn campaigns(&self, actor: &Actor) -> Result<Vec<CampaignView>> {
        self.store.read(|ops| {
            let mut out = Vec::new();
            for record in ops.campaigns_by(actor.id)? {
                out.push(CampaignView {
                    spec: spec_of(&record)?,
                    recipients: ops.campaign_recipients(record.id)?,
                    record,
                });
            }
            Ok(out)
        })
    }

    /// Puts every `Unknown` recipient back in the queue: the user checked (or accepts)
    /// that they may get the message twice. Returns how many.
    pub fn requeue_unknown(&self, actor: &Actor, id: CampaignId) -> Result<u64> {
        let now = self.now();
        self.store.write(|ops| {
            let c = own_campaign(ops, actor, id)?;
            let n = ops.move_recipients(
                id,
                RecipientState::Unknown,
                RecipientState::Queued,
                "queued again by the user",
                now,
            )?;
            if n > 0 && c.state == CampaignState::Done {
                ops.set_campaign_state(id, CampaignState::Stopped, "")?;
            }
            Ok(n)
        })
    }

    /// Sends (or resumes) a campaign: every queued recipient gets one message through
    /// `transport`, one at a time, at most `rate` per minute. A refused recipient is
    /// marked failed and the others go on; a stop (connection, login) ends the run with
    /// the campaign `Stopped`, nothing lost. See the module doc for "never twice".
    pub fn send_campaign(
        &self,
        actor: &Actor,
        id: CampaignId,
        transport: &mut dyn MailTransport,
        options: &SendOptions,
        progress: &mut dyn FnMut(&SendProgress),
    ) -> Result<SendReport> {
        let record = self.store.read(|ops| own_campaign(ops, actor, id))?;
        if !record.one_off {
            self.may_send(actor)?;
        }
        let spec = spec_of(&record)?;
        let attachments = self.store.read(|ops| ops.campaign_attachments(id))?;
        let prepared = self.prepare(actor, &spec.template, attachments)?;
        let rate = match options.rate_per_minute {
            Some(r) => r,
            None => self.smtp_settings()?.rate_per_minute,
        };
        let interval = (rate > 0).then(|| Duration::from_secs_f64(60.0 / f64::from(rate)));
        let now = self.now();
        let (unknown_found, kind, total, mut done) = self.store.write(|ops| {
            let n = ops.move_recipients(
                id,
                RecipientState::Sending,
                RecipientState::Unknown,
                "the sender stopped during this message; it may have been delivered",
                now,
            )?;
            ops.set_campaign_state(id, CampaignState::Sending, "")?;
            let kind = grow(ops, ListKind::HistoryKind, HISTORY_KIND)?;
            let rows = ops.campaign_recipients(id)?;
            let done = rows
                .iter()
                .filter(|r| r.state != RecipientState::Queued)
                .count() as u64;
            Ok((n, kind, rows.len() as u64, done))
        })?;
        let mut report = SendReport {
            campaign: id,
            sent: 0,
            failed: 0,
            skipped: 0,
            unknown_found,
            stopped: None,
            state: CampaignState::Sending,
        };
        let mass = !record.one_off;
        let mut next_at = Instant::now();
        loop {
            if options
                .stop
                .as_ref()
                .is_some_and(|s| s.load(Ordering::SeqCst))
            {
                report.stopped = Some("stopped by the user".into());
                break;
            }
            // The rate limit waits before a recipient is claimed, so a process killed while
            // it waits leaves nobody in `Sending`.
            if let Some(step) = interval {
                let wait = next_at.saturating_duration_since(Instant::now());
                if !wait.is_zero() {
                    std::thread::sleep(wait);
                }
                next_at = next_at.max(Instant::now()) + step;
            }
            // Claim the next recipient: `Sending`, committed before any SMTP traffic.
            let now = self.now();
            let claimed = self.store.write(|ops| {
                let Some(r) = ops.next_queued(id)? else {
                    return Ok(None);
                };
                let contact = ops
                    .contact(r.contact)?
                    .filter(|c| actor.scope(None).contains(c.book));
                let skip = match &contact {
                    None => Some("the contact was removed".to_string()),
                    Some(c) if mass && c.data.no_mailing => Some(Skip::OptedOut.key().into()),
                    Some(_) => None,
                };
                if let Some(why) = skip {
                    ops.set_recipient_state(id, r.seq, RecipientState::Skipped, &why, now)?;
                    return Ok(Some((r, None)));
                }
                ops.set_recipient_state(id, r.seq, RecipientState::Sending, "", now)?;
                Ok(Some((r, contact)))
            })?;
            let Some((row, contact)) = claimed else { break };
            let Some(contact) = contact else {
                report.skipped += 1;
                done += 1;
                progress(&SendProgress {
                    done,
                    total,
                    last: Some((row.name.clone(), RecipientState::Skipped)),
                });
                continue;
            };
            let message_id = format!(
                "c{id}.r{}.{}@{}",
                row.seq,
                record.created_at.timestamp(),
                prepared.domain
            );
            let outcome =
                match self.message(&prepared, &contact, &row.address, Some(id), message_id) {
                    Err(pr) => Err(SendFailure::Refused(format!("template: {pr}"))),
                    Ok(msg) => transport.send(&msg).map(|reply| (reply, msg.subject)),
                };
            let now = self.now();
            let (state, stop) = match outcome {
                Ok((reply, subject)) => {
                    let text = format!("{subject}\n[wysyłka #{id}]");
                    self.store.write(|ops| {
                        ops.set_recipient_state(id, row.seq, RecipientState::Sent, &reply, now)?;
                        if contact.book == Book::Business {
                            ops.insert_history(&crate::case::NewHistoryEntry {
                                contact: contact.id,
                                kind: kind.clone(),
                                at: now,
                                text,
                                author: actor.id,
                                created_at: now,
                                files: Vec::new(),
                            })?;
                        }
                        Ok(())
                    })?;
                    report.sent += 1;
                    (RecipientState::Sent, None)
                }
                Err(SendFailure::Refused(why)) => {
                    self.store.write(|ops| {
                        ops.set_recipient_state(id, row.seq, RecipientState::Failed, &why, now)
                    })?;
                    report.failed += 1;
                    (RecipientState::Failed, None)
                }
                Err(SendFailure::Stop {
                    reason,
                    maybe_delivered,
                }) => {
                    let (state, detail) = if maybe_delivered {
                        (RecipientState::Unknown, reason.clone())
                    } else {
                        (RecipientState::Queued, String::new())
                    };
                    self.store
                        .write(|ops| ops.set_recipient_state(id, row.seq, state, &detail, now))?;
                    (state, Some(reason))
                }
            };
            if state != RecipientState::Queued {
                done += 1;
            }
            progress(&SendProgress {
                done,
                total,
                last: Some((row.name.clone(), state)),
            });
            if let Some(reason) = stop {
                report.stopped = Some(reason);
                break;
            }
        }
        let state = if report.stopped.is_some() {
            CampaignState::Stopped
        } else {
            CampaignState::Done
        };
        let note = report.stopped.clone().unwrap_or_default();
        self.store
            .write(|ops| ops.set_campaign_state(id, state, &note))?;
        report.state = state;
        Ok(report)
    }

    /// A one-off message to one contact the actor may see ("send the client a reminder
    /// about the meeting"): stored as a campaign of one and sent through the same path.
    /// Anyone may; the contact's opt-out of mass mailing does not apply.
    pub fn send_one(
        &self,
        actor: &Actor,
        contact: ContactId,
        template: &Template,
        attachments: Vec<MailAttachment>,
        transport: &mut dyn MailTransport,
    ) -> Result<SendReport> {
        // The preview checks access, address and template for this one contact.
        let msg = self.mail_preview(actor, template, attachments.clone(), contact)?;
        let c = self.get(actor, contact)?;
        let input = CampaignInput {
            audience: Audience {
                pick: vec![contact],
                ..Audience::default()
            },
            template: template.clone(),
            attachments,
        };
        let recipient = Recipient {
            contact,
            book: c.book,
            name: c.data.display_name(),
            address: Some(msg.to.address),
            skip: None,
        };
        let id = self.store_campaign(actor, &input, &[recipient], true)?;
        self.send_campaign(actor, id, transport, &SendOptions::default(), &mut |_| {})
    }
}

/// By name, both books merged (the order of a list).
fn sort_for_sending(contacts: &mut [Contact]) {
    contacts.sort_by_cached_key(|c| (search::sort_key(&c.data), c.id));
}

/// Each contact's address and skip; an address seen earlier is a duplicate.
fn with_skips(contacts: &[Contact], mass: bool) -> Vec<Recipient> {
    let mut seen = HashSet::new();
    contacts
        .iter()
        .map(|c| {
            let (address, mut skip) = address_of(c, mass);
            if skip.is_none() {
                if let Some(a) = &address {
                    if !seen.insert(a.to_lowercase()) {
                        skip = Some(Skip::Duplicate);
                    }
                }
            }
            Recipient {
                contact: c.id,
                book: c.book,
                name: c.data.display_name(),
                address,
                skip,
            }
        })
        .collect()
}
