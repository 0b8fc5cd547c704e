//! Mailing ("AnoMail", "Wysyłka"): audiences, templates, skips and the message a frontend
//! or a transport receives. The rules that need the store (who is in an audience, campaign
//! states, history) are in `service/mailing.rs`; SMTP and MIME are in `contacts-mail`.
//!
//! Decisions, written once here:
//! - An audience is a filter kept as such and evaluated when a campaign is made (and again
//!   for every preview). Every criterion given must hold. Business-only criteria (groups,
//!   statuses, account manager, custom field, "not contacted for") leave private contacts
//!   out; the acting user's own private book may be mailed, nobody else's ever.
//! - One message per address: the first e-mail address of a contact is used; a contact is
//!   skipped when opted out (`no_mailing`), without an address, with an address already in
//!   this campaign (compared ignoring case), or with an address an SMTP server would refuse
//!   to take in an envelope (non-ASCII local part, bad characters).
//! - Templates are minijinja. A placeholder whose value is empty for a recipient is
//!   *undefined*; printing it is an error reported before anything is sent (which
//!   recipient, which placeholder), unless the template gives a default
//!   (`{{ organisation | default("Państwa firma") }}`) or tests it (`{% if organisation %}`).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};
use serde::{Deserialize, Serialize};

use crate::date::MonthDay;
use crate::error::{Error, Result};
use crate::ids::{CampaignId, ContactId, FieldId, LabelId, UserId};
use crate::model::{Book, Contact, ContactKind, Gender};
use crate::service::BookKind;
use crate::store::FieldDef;

/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;
/// The largest body template (text or HTML), in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 256 * 1024;
/// The largest total of a message's attachments, in bytes (10 MB: most servers take 20 MB
/// after base64).
pub const MAX_ATTACHMENTS_BYTES: usize = 10 * 1024 * 1024;
/// At most this many attachments.
pub const MAX_ATTACHMENTS: usize = 10;
/// At most this many contacts picked by hand, and this many words searched.
pub const MAX_PICK: usize = 10_000;
/// The longest search text of an audience, in characters.
pub const MAX_WORDS_CHARS: usize = 200;
/// The longest signature, in characters.
pub const MAX_SIGNATURE_CHARS: usize = 4000;
/// Messages per minute at most (0 means no limit).
pub const MAX_RATE_PER_MINUTE: u32 = 100_000;

/// Birthdays and/or name-days in the next `days` days ("Solenizanci +7 dni").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccasionFilter {
    pub days: u32,
    pub birthdays: bool,
    pub namedays: bool,
}

/// A saved filter; who is in it is decided when it is evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Audience {
    /// `None`: every book the user may see (the business book and their own private one).
    pub book: Option<BookKind>,
    /// In any of these business groups.
    pub groups: Vec<LabelId>,
    /// With any of these statuses.
    pub statuses: Vec<LabelId>,
    /// Clients of this account manager.
    pub manager: Option<UserId>,
    /// A custom field with this value (compared ignoring case and diacritics).
    pub field: Option<(FieldId, String)>,
    /// No history entry in this many days (never contacted included).
    pub not_contacted_days: Option<u32>,
    pub occasions: Option<OccasionFilter>,
    /// Search words (each a word prefix, like the search box).
    pub words: String,
    /// Picked by hand.
    pub pick: Vec<ContactId>,
}

impl Audience {
    /// Whether a business-only criterion is given (private contacts are then left out).
    pub fn business_only(&self) -> bool {
        !self.groups.is_empty()
            || !self.statuses.is_empty()
            || self.manager.is_some()
            || self.field.is_some()
            || self.not_contacted_days.is_some()
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.pick.len() > MAX_PICK {
            return Err(Error::invalid(
                "pick",
                format!("at most {MAX_PICK} contacts may be picked"),
            ));
        }
        if self.words.chars().count() > MAX_WORDS_CHARS {
            return Err(Error::invalid(
                "words",
                format!("at most {MAX_WORDS_CHARS} characters"),
            ));
        }
        if let Some(d) = self.not_contacted_days {
            if d == 0 || d > 36_600 {
                return Err(Error::invalid(
                    "not_contacted",
                    "the number of days must be between 1 and 36600",
                ));
            }
        }
        if self.groups.len() > 100 || self.statuses.len() > 100 {
            return Err(Error::invalid(
                "groups",
                "at most 100 groups and 100 statuses",
            ));
        }
        if self.book == Some(BookKind::Private) && self.business_only() {
            return Err(Error::invalid(
                "book",
                "groups, statuses, account manager, custom fields and \"not contacted\" exist only in the business book",
            ));
        }
        Ok(())
    }
}

/// Why a contact of an audience gets no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    /// The contact opted out of mass mailing (`no_mailing`).
    OptedOut,
    /// No e-mail address.
    NoEmail,
    /// The address already gets a message in this campaign.
    Duplicate,
    /// An address a mail server would refuse.
    BadAddress,
}

impl Skip {
    pub const ALL: [Skip; 4] = [
        Skip::OptedOut,
        Skip::NoEmail,
        Skip::Duplicate,
        Skip::BadAddress,
    ];

    /// A stable key; frontends translate it.
    pub fn key(self) -> &'static str {
        match self {
            Skip::OptedOut => "opted_out",
            Skip::NoEmail => "no_email",
            Skip::Duplicate => "duplicate",
            Skip::BadAddress => "bad_address",
        }
    }

    pub fn parse(s: &str) -> Option<Skip> {
        Skip::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// A contact of an evaluated audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub contact: ContactId,
    pub book: Book,
    pub name: String,
    /// The address a message goes to (the first one), if any.
    pub address: Option<String>,
    pub skip: Option<Skip>,
}

/// The address of a contact a message would go to, or why none.
pub fn address_of(c: &Contact, mass: bool) -> (Option<String>, Option<Skip>) {
    let address = c.data.emails.first().map(|e| e.address().to_string());
    let skip = if mass && c.data.no_mailing {
        Some(Skip::OptedOut)
    } else {
        match &address {
            None => Some(Skip::NoEmail),
            Some(a) if !mailable(a) => Some(Skip::BadAddress),
            Some(_) => None,
        }
    };
    (address, skip)
}

/// Whether an SMTP envelope can carry this address without extensions: an ASCII dot-atom
/// local part (at most 64 bytes) and an ASCII domain of letters, digits and hyphens (an
/// internationalised domain needs SMTPUTF8, which a relay may lack), at most 254 bytes.
pub fn mailable(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    address.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(atext))
        && domain.len() <= 253
        && domain.split('.').count() >= 2
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A message template: subject and plain text always, HTML optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub text: String,
    #[serde(default)]
    pub html: Option<String>,
}

/// A file sent with every message of a campaign.
#[derive(Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for MailAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MailAttachment({}, {}, {} bytes)",
            self.name,
            self.media_type,
            self.bytes.len()
        )
    }
}

/// Checks attachments against the limits (names, count, total size).
pub fn check_attachments(files: &[MailAttachment]) -> Result<()> {
    if files.len() > MAX_ATTACHMENTS {
        return Err(Error::invalid(
            "attachment",
            format!("at most {MAX_ATTACHMENTS} attachments"),
        ));
    }
    let total: usize = files.iter().map(|f| f.bytes.len()).sum();
    if total > MAX_ATTACHMENTS_BYTES {
        return Err(Error::invalid(
            "attachment",
            format!(
                "the attachments take {total} bytes; at most {MAX_ATTACHMENTS_BYTES} (10 MB) in all"
            ),
        ));
    }
    for f in files {
        let n = f.name.trim();
        if n.is_empty()
            || n.len() > 255
            || n.chars()
                .any(|c| c.is_control() || c == '/' || c == '\\' || c == '"')
        {
            return Err(Error::invalid(
                "attachment",
                format!("'{}' is not a usable file name", f.name),
            ));
        }
        if !f.media_type.contains('/') || f.media_type.chars().any(|c| c.is_whitespace()) {
            return Err(Error::invalid(
                "attachment",
                format!("'{}' is not a media type", f.media_type),
            ));
        }
    }
    Ok(())
}

/// The parts of a template, as named in reports.
const PARTS: [&str; 3] = ["subject", "text", "html"];

fn template_name(part: &str) -> &'static str {
    match part {
        "subject" => "subject.txt",
        "html" => "body.html",
        _ => "body.txt",
    }
}

/// A template compiled once for a campaign.
pub struct Compiled {
    env: Environment<'static>,
    sources: BTreeMap<&'static str, String>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

/// The rendered parts of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Why a template gives no message for a recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// "subject", "text" or "html".
    pub part: &'static str,
    pub line: Option<usize>,
    /// The placeholder as written in the template, when the problem is an empty one.
    pub placeholder: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.part)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        match &self.placeholder {
            Some(p) => write!(
                f,
                ": {{{{ {p} }}}} is empty (give a default: {{{{ {p} | default(\"...\") }}}})"
            ),
            None => write!(f, ": {}", self.reason),
        }
    }
}

impl Compiled {
    /// Parses the template; a syntax error names the part and line.
    pub fn new(t: &Template) -> Result<Compiled> {
        if t.subject.trim().is_empty() {
            return Err(Error::invalid("subject", "a message needs a subject"));
        }
        if t.subject.chars().count() > MAX_SUBJECT_CHARS {
            return Err(Error::invalid(
                "subject",
                format!("at most {MAX_SUBJECT_CHARS} characters"),
            ));
        }
        if t.text.trim().is_empty() {
            return Err(Error::invalid("text", "a message needs a plain-text body"));
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        // Text mail keeps its last line break; a line holding only a block tag vanishes.
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        let mut sources = BTreeMap::new();
        for (part, src) in [
            ("subject", Some(&t.subject)),
            ("text", Some(&t.text)),
            ("html", t.html.as_ref()),
        ] {
            let Some(src) = src else { continue };
            if src.len() > MAX_TEMPLATE_BYTES {
                return Err(Error::invalid(
                    part,
                    format!("at most {MAX_TEMPLATE_BYTES} bytes"),
                ));
            }
            env.add_template_owned(template_name(part), src.clone())
                .map_err(|e| {
                    Error::invalid(
                        "template",
                        format!(
                            "{part}{}: {}",
                            e.line().map(|l| format!(", line {l}")).unwrap_or_default(),
                            e.detail().unwrap_or("syntax error")
                        ),
                    )
                })?;
            sources.insert(
                PARTS.into_iter().find(|p| *p == part).unwrap_or("text"),
                src.clone(),
            );
        }
        Ok(Compiled { env, sources })
    }

    /// Renders every part for one recipient's context ([`context`]).
    pub fn render(&self, ctx: &Value) -> std::result::Result<Rendered, Problem> {
        let part = |name: &'static str| -> std::result::Result<Option<String>, Problem> {
            if !self.sources.contains_key(name) {
                return Ok(None);
            }
            let tmpl = self
                .env
                .get_template(template_name(name))
                .map_err(|e| self.problem(name, &e))?;
            tmpl.render(ctx)
                .map(Some)
                .map_err(|e| self.problem(name, &e))
        };
        let subject = part("subject")?.unwrap_or_default();
        // A subject is one header line.
        let subject = subject
            .split(['\r', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if subject.is_empty() {
            return Err(Problem {
                part: "subject",
                line: None,
                placeholder: None,
                reason: "the subject comes out empty".into(),
            });
        }
        Ok(Rendered {
            subject,
            text: part("text")?.unwrap_or_default(),
            html: part("html")?,
        })
    }

    fn problem(&self, part: &'static str, e: &minijinja::Error) -> Problem {
        let placeholder = if e.kind() == ErrorKind::UndefinedError {
            e.range()
                .and_then(|r| self.sources.get(part).and_then(|s| s.get(r)))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        } else {
            None
        };
        Problem {
            part,
            line: e.line(),
            placeholder,
            reason: e.detail().map(str::to_string).unwrap_or_else(|| {
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("cannot render")
                    .to_string()
            }),
        }
    }
}

/// Who sends: the employee's name, address and signature.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sender {
    pub name: String,
    pub address: String,
    pub signature: String,
}

/// The polite Polish salutation for a contact: "Szanowna Pani", "Szanowny Panie", or
/// "Szanowni Państwo" for an organisation or unknown gender.
pub fn salutation(c: &Contact) -> &'static str {
    if c.data.kind == ContactKind::Organisation {
        return "Szanowni Państwo";
    }
    match c.data.gender {
        Some(Gender::Female) => "Szanowna Pani",
        Some(Gender::Male) => "Szanowny Panie",
        _ => "Szanowni Państwo",
    }
}

fn day_month(md: MonthDay) -> String {
    format!("{:02}.{:02}", md.day(), md.month())
}

/// The placeholders of one recipient. An empty value is left out, so the template sees it
/// as undefined (see the module doc). Names:
/// `salutation`, `given_name`, `family_name`, `full_name`, `prefix`, `organisation`,
/// `position`, `department`, `email`, `nameday` (DD.MM), `birthday` (DD.MM or DD.MM.YYYY),
/// `fields["Label"]`, `sender.name`, `sender.email`, `sender.signature`.
pub fn context(
    c: &Contact,
    address: &str,
    nameday: Option<MonthDay>,
    defs: &[FieldDef],
    sender: &Sender,
) -> Value {
    let mut m: BTreeMap<&'static str, Value> = BTreeMap::new();
    let mut put = |k: &'static str, v: &str| {
        let v = v.trim();
        if !v.is_empty() {
            m.insert(k, Value::from(v.to_string()));
        }
    };
    let d = &c.data;
    put("salutation", salutation(c));
    put("given_name", &d.name.given);
    put("family_name", &d.name.family);
    put("prefix", &d.name.prefix);
    put("full_name", &d.display_name());
    put("organisation", &d.org_name);
    put("position", &d.job_title);
    put("department", &d.department);
    put("email", address);
    if let Some(n) = nameday {
        put("nameday", &day_month(n));
    }
    if let Some(b) = d.birthday {
        let s = match b.year {
            Some(y) => format!("{}.{y:04}", day_month(b.month_day)),
            None => day_month(b.month_day),
        };
        put("birthday", &s);
    }
    let mut fields: BTreeMap<String, Value> = BTreeMap::new();
    for def in defs {
        if let Some(v) = d.custom.get(&def.id) {
            let s = v.to_string();
            if !s.trim().is_empty() {
                fields.insert(def.label.clone(), Value::from(s));
            }
        }
    }
    m.insert("fields", Value::from(fields));
    let mut s: BTreeMap<&'static str, Value> = BTreeMap::new();
    for (k, v) in [
        ("name", &sender.name),
        ("email", &sender.address),
        ("signature", &sender.signature),
    ] {
        if !v.trim().is_empty() {
            s.insert(k, Value::from(v.clone()));
        }
    }
    m.insert("sender", Value::from(s));
    Value::from(m)
}

/// A name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

/// One message, ready for a transport (SMTP or an `.eml` writer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub campaign: Option<CampaignId>,
    pub contact: ContactId,
    /// Without angle brackets: `c12.r3.1764763200@example.com`.
    pub message_id: String,
    pub date: DateTime<Utc>,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// The only recipient.
    pub to: Mailbox,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Arc<Vec<MailAttachment>>,
    /// A `mailto:` address a recipient writes to to opt out.
    pub unsubscribe: Option<String>,
}

/// Why a transport did not deliver a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// The server refused this message or recipient (a 4xx or 5xx reply); others go on.
    Refused(String),
    /// The campaign must stop (no connection, bad login, a lost connection).
    /// `maybe_delivered`: the failure came while the message was being handed over, so
    /// the server may have taken it (the recipient is then "unknown", never resent).
    Stop {
        reason: String,
        maybe_delivered: bool,
    },
}

/// Hands messages to a mail server, one SMTP transaction each.
pub trait MailTransport {
    /// Sends one message; `Ok` holds the server's reply.
    fn send(&mut self, msg: &OutgoingMessage) -> std::result::Result<String, SendFailure>;
}

/// How the installation reaches its mail server (set by an admin). The password is not
/// here: it comes from the environment of the process that sends (`CONTACTS_SMTP_PASSWORD`)
/// and is never stored, shown or exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    /// The installation's From address; when empty, the employee's own.
    pub from_address: String,
    pub from_name: String,
    /// Where recipients write to opt out (List-Unsubscribe); when empty, the From address.
    pub unsubscribe: String,
    /// Messages per minute at most; 0: no limit.
    pub rate_per_minute: u32,
}

impl Default for SmtpSettings {
    fn default() -> SmtpSettings {
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: Security::Starttls,
            user: None,
            from_address: String::new(),
            from_name: String::new(),
            unsubscribe: String::new(),
            rate_per_minute: 0,
        }
    }
}

/// The connection security towards the mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (required).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption (an office relay on the local network).
    None,
}

impl Security {
    pub fn as_str(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    pub fn parse(s: &str) -> Result<Security> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(Security::Starttls),
            "tls" | "ssl" => Ok(Security::Tls),
            "none" | "plain" => Ok(Security::None),
            _ => Err(Error::invalid(
                "security",
                format!("'{s}' is not one of starttls, tls, none"),
            )),
        }
    }
}

impl SmtpSettings {
    pub(crate) fn check(&self) -> Result<()> {
        let host = self.host.trim();
        if host.is_empty()
            || host.len() > 253
            || host
                .chars()
                .any(|c| !(c.is_alphanumeric() || ".-:[]".contains(c)))
        {
            return Err(Error::invalid(
                "host",
                format!("'{}' is not a host name", self.host),
            ));
        }
        if self.port == 0 {
            return Err(Error::invalid("port", "the port must be 1 to 65535"));
        }
        if let Some(u) = &self.user {
            if u.trim().is_empty() || u.len() > 256 {
                return Err(Error::invalid("user", "the login is empty or too long"));
            }
        }
        for (field, a) in [
            ("from", &self.from_address),
            ("unsubscribe", &self.unsubscribe),
        ] {
            if !a.is_empty() && !mailable(a) {
                return Err(Error::invalid(
                    field,
                    format!("'{a}' is not an address a server accepts"),
                ));
            }
        }
        if self.from_name.chars().count() > 200 {
            return Err(Error::invalid("from_name", "at most 200 characters"));
        }
        if self.rate_per_minute > MAX_RATE_PER_MINUTE {
            return Err(Error::invalid(
                "rate",
                format!("at most {MAX_RATE_PER_MINUTE} messages per minute (0: no limit)"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::model::{ContactData, Email, Meta};

    fn contact(data: ContactData) -> Contact {
        let at = DateTime::<Utc>::MIN_UTC;
        Contact {
            id: ContactId(7),
            book: Book::Business,
            data,
            has_photo: false,
            meta: Meta {
                created_at: at,
                created_by: UserId(1),
                updated_at: at,
                updated_by: UserId(1),
                version: 1,
            },
        }
    }

    fn tmpl(subject: &str, text: &str) -> Template {
        Template {
            subject: subject.into(),
            text: text.into(),
            html: None,
        }
    }

    #[test]
    fn placeholders_fill_and_empty_ones_are_named() {
        let mut d = ContactData::person("Żaneta", "Łęcka");
        d.gender = Some(Gender::Female);
        let c = contact(d);
        let sender = Sender {
            name: "Jan Biuro".into(),
            ..Sender::default()
        };
        let ctx = context(&c, "z@example.pl", None, &[], &sender);
        let t = Compiled::new(&tmpl(
            "Oferta dla {{ given_name }}",
            "{{ salutation }}, {{ organisation | default(\"Państwa firma\") }}\n{{ sender.name }}\n",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let r = t.render(&ctx).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(r.subject, "Oferta dla Żaneta");
        assert_eq!(r.text, "Szanowna Pani, Państwa firma\nJan Biuro\n");
        let t = Compiled::new(&tmpl("Hi", "Line one\n{{ position }} at {{ x }}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let p = t.render(&ctx).err().unwrap_or_else(|| panic!("no problem"));
        assert_eq!(
            (p.part, p.line, p.placeholder.as_deref()),
            ("text", Some(2), Some("position"))
        );
        let t = Compiled::new(&tmpl("Hi", "{% if position %}{{ position }}{% endif %}ok"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.render(&ctx).map(|r| r.text).ok().as_deref(), Some("ok"));
    }

    #[test]
    fn syntax_errors_name_the_part_and_line() {
        let e = Compiled::new(&tmpl("Hi", "a\n{{ given_name ")).err();
        let msg = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("text, line 2"), "{msg}");
        assert!(Compiled::new(&tmpl(" ", "x")).is_err());
    }

    #[test]
    fn skips_and_addresses() {
        let mut d = ContactData::person("A", "B");
        assert_eq!(address_of(&contact(d.clone()), true).1, Some(Skip::NoEmail));
        d.emails
            .push(Email::new("", "zółw@example.pl").unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(
            address_of(&contact(d.clone()), true).1,
            Some(Skip::BadAddress)
        );
        d.emails[0] = Email::new("", "a.b@żółw.pl").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            address_of(&contact(d.clone()), true).1,
            Some(Skip::BadAddress)
        );
        d.emails[0] = Email::new("", "a.b@zolw.pl").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(address_of(&contact(d.clone()), true).1, None);
        d.no_mailing = true;
        assert_eq!(
            address_of(&contact(d.clone()), true).1,
            Some(Skip::OptedOut)
        );
        assert_eq!(
            address_of(&contact(d), false).1,
            None,
            "one-off ignores opt-out"
        );
        assert!(!mailable("a..b@example.com"));
        assert!(!mailable("ab@example"));
    }

    #[test]
    fn salutations_follow_gender() {
        let mut d = ContactData::person("A", "B");
        assert_eq!(salutation(&contact(d.clone())), "Szanowni Państwo");
        d.gender = Some(Gender::Male);
        assert_eq!(salutation(&contact(d.clone())), "Szanowny Panie");
        assert_eq!(
            salutation(&contact(ContactData::organisation("Firma"))),
            "Szanowni Państwo"
        );
    }
}
