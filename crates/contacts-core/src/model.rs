//! The contact record and the values it is made of.
//!
//! Values that have rules (e-mail, phone, NIP, REGON, bank account) can only be built
//! through constructors that check them, so a `ContactData` is valid by construction.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::category::CategoryKey;
use crate::date::{MonthDay, PartialDate};
use crate::error::{Error, Result};
use crate::ids::{ContactId, FieldId, LabelId, UserId};

mod phone_check;

/// Which book a contact lives in. A private book belongs to exactly one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Book {
    Private(UserId),
    Business,
}

impl Book {
    pub fn is_business(self) -> bool {
        self == Book::Business
    }

    /// `"private"` or `"business"`.
    pub fn kind_name(self) -> &'static str {
        match self {
            Book::Private(_) => "private",
            Book::Business => "business",
        }
    }
}

/// A person or an organisation (client, prospect, partner, supplier...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ContactKind {
    #[default]
    Person,
    Organisation,
}

impl ContactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Person => "person",
            ContactKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Result<ContactKind> {
        match s {
            "person" => Ok(ContactKind::Person),
            "organisation" | "organization" | "org" => Ok(ContactKind::Organisation),
            _ => Err(Error::invalid(
                "kind",
                format!("'{s}' is not person or organisation"),
            )),
        }
    }
}

/// The five name parts of vCard's `N`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub prefix: String,
    pub given: String,
    pub additional: String,
    pub family: String,
    pub suffix: String,
}

impl Name {
    pub fn is_empty(&self) -> bool {
        [
            &self.prefix,
            &self.given,
            &self.additional,
            &self.family,
            &self.suffix,
        ]
        .iter()
        .all(|p| p.trim().is_empty())
    }
}

/// vCard's `GENDER` sex component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Male,
    Female,
    Other,
    NotApplicable,
    Unknown,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
            Gender::Other => "O",
            Gender::NotApplicable => "N",
            Gender::Unknown => "U",
        }
    }

    pub fn parse(s: &str) -> Result<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" => Ok(Gender::Male),
            "f" | "female" => Ok(Gender::Female),
            "o" | "other" => Ok(Gender::Other),
            "n" | "none" | "not-applicable" => Ok(Gender::NotApplicable),
            "u" | "unknown" => Ok(Gender::Unknown),
            _ => Err(Error::invalid(
                "gender",
                format!("'{s}' is not one of M, F, O, N, U"),
            )),
        }
    }
}

/// A free label on a multi-valued field ("work", "home", "mobile", "fax"...), lower-case.
fn clean_label(label: &str) -> String {
    label.trim().to_lowercase()
}

/// An e-mail address with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    label: String,
    address: String,
}

impl Email {
    /// Checks the address: one `@`, a non-empty local part, a dotted domain, no spaces.
    pub fn new(label: &str, address: &str) -> Result<Email> {
        let a = address.trim();
        let bad = |why: &str| Error::invalid("email", format!("'{address}' {why}"));
        let (local, domain) = a.rsplit_once('@').ok_or_else(|| bad("has no @"))?;
        if local.is_empty() || domain.is_empty() {
            return Err(bad("needs text on both sides of @"));
        }
        if a.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        {
            return Err(bad("contains a space or a forbidden character"));
        }
        if local.contains('@') && !(local.starts_with('"') && local.ends_with('"')) {
            return Err(bad("has more than one @"));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2
            || labels
                .iter()
                .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
        {
            return Err(bad("has no valid domain (like example.com)"));
        }
        Ok(Email {
            label: clean_label(label),
            address: a.to_string(),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn address(&self) -> &str {
        &self.address
    }
}

/// A phone number as typed, with its E.164 form (Poland the default region).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    label: String,
    raw: String,
    e164: String,
}

impl Phone {
    /// Parses with Poland as the default region; a number that is not valid is refused.
    pub fn new(label: &str, raw: &str) -> Result<Phone> {
        let typed = raw.trim();
        let bad = |why: &str| Error::invalid("phone", format!("'{raw}' {why}"));
        if typed.is_empty() {
            return Err(bad("is empty"));
        }
        let cleaned: String = typed
            .strip_prefix("00")
            .map(|r| format!("+{r}"))
            .unwrap_or_else(|| typed.to_string());
        let e164 = match phone_check::polish(&cleaned) {
            Some(checked) => checked.ok_or_else(|| bad("is not a valid phone number"))?,
            None => {
                let parsed = phonenumber::parse(Some(phonenumber::country::Id::PL), &cleaned)
                    .map_err(|_| bad("is not a phone number"))?;
                if !phone_check::is_valid(&parsed) {
                    return Err(bad("is not a valid phone number"));
                }
                phone_check::e164(&parsed)
            }
        };
        Ok(Phone {
            label: clean_label(label),
            raw: typed.to_string(),
            e164,
        })
    }

    /// For imports: a number valid in Poland (or with its country code) as [`Phone::new`];
    /// else, when it looks like a phone number (3 to 20 digits with the usual separators,
    /// a number valid in its own country), kept exactly as typed. Its "E.164" form is then
    /// only its digits, without `+` ([`Phone::is_checked`] says which it is): it is found by
    /// its digits, shown as typed and exported as typed, never turned into a Polish number.
    pub fn as_typed(label: &str, raw: &str) -> Result<Phone> {
        let strict = Phone::new(label, raw);
        if strict.is_ok() {
            return strict;
        }
        let typed = raw.trim();
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        let phone_like = typed.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.' | '/' | '#' | '*')
        }) && !typed.chars().skip(1).any(|c| c == '+');
        if phone_like && (3..=20).contains(&digits.len()) {
            return Ok(Phone {
                label: clean_label(label),
                raw: typed.to_string(),
                e164: digits,
            });
        }
        strict
    }

    /// Whether the number was checked (a real E.164 form) rather than kept as typed.
    pub fn is_checked(&self) -> bool {
        self.e164.starts_with('+')
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// The text as the user typed it.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// `+48601234567`.
    pub fn e164(&self) -> &str {
        &self.e164
    }
}

/// A postal address (vCard `ADR` parts).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Address {
    pub label: String,
    pub po_box: String,
    pub extended: String,
    pub street: String,
    pub locality: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        [
            &self.po_box,
            &self.extended,
            &self.street,
            &self.locality,
            &self.region,
            &self.postal_code,
            &self.country,
        ]
        .iter()
        .all(|p| p.trim().is_empty())
    }

    /// One line: "street, postal code locality, region, country", skipping empty parts.
    pub fn one_line(&self) -> String {
        let town = [self.postal_code.trim(), self.locality.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.street.trim(),
            &town,
            self.region.trim(),
            self.country.trim(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// A web site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Website {
    pub label: String,
    pub url: String,
}

/// A messenger handle (vCard `IMPP`): service such as "skype", "xmpp", "signal".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Messenger {
    pub service: String,
    pub handle: String,
}

/// A property the model has no field for (an `X-` or unknown vCard property), kept as
/// written so that it goes out again on export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraProperty {
    /// The whole unfolded content line, e.g. `X-SKYPE;TYPE=work:jan.k`.
    pub line: String,
}

/// A Polish tax id (NIP), ten digits with a checksum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nip(String);

impl Nip {
    /// Accepts digits with optional dashes, spaces or a `PL` prefix; checks the checksum.
    pub fn parse(s: &str) -> Result<Nip> {
        let digits = digits_of(
            s.trim().trim_start_matches("PL").trim_start_matches("pl"),
            "nip",
            s,
        )?;
        if digits.len() != 10 {
            return Err(Error::invalid(
                "nip",
                format!("'{s}' must have 10 digits, has {}", digits.len()),
            ));
        }
        const W: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = W.iter().zip(&d).map(|(w, x)| w * x).sum();
        if sum % 11 != d[9] {
            return Err(Error::invalid(
                "nip",
                format!("'{s}' has a wrong check digit"),
            ));
        }
        Ok(Nip(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Polish business register number (REGON), 9 or 14 digits with a checksum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Regon(String);

impl Regon {
    pub fn parse(s: &str) -> Result<Regon> {
        let digits = digits_of(s, "regon", s)?;
        let weights: &[u32] = match digits.len() {
            9 => &[8, 9, 2, 3, 4, 5, 6, 7],
            14 => &[2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8],
            n => {
                return Err(Error::invalid(
                    "regon",
                    format!("'{s}' must have 9 or 14 digits, has {n}"),
                ))
            }
        };
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = weights.iter().zip(&d).map(|(w, x)| w * x).sum();
        let check = (sum % 11) % 10;
        if check != d[d.len() - 1] {
            return Err(Error::invalid(
                "regon",
                format!("'{s}' has a wrong check digit"),
            ));
        }
        if digits.len() == 14 {
            // The first nine digits are the parent REGON and carry their own check digit.
            Regon::parse(&digits[..9])?;
        }
        Ok(Regon(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A bank account: an IBAN (mod-97 checked); 26 bare digits are taken as a Polish NRB.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BankAccount(String);

impl BankAccount {
    pub fn parse(s: &str) -> Result<BankAccount> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase();
        let iban = if compact.len() == 26 && compact.bytes().all(|b| b.is_ascii_digit()) {
            format!("PL{compact}")
        } else {
            compact
        };
        let bad = |why: &str| Error::invalid("bank_account", format!("'{s}' {why}"));
        if iban.len() < 15 || iban.len() > 34 || !iban.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad("is not an IBAN or a 26-digit Polish account number"));
        }
        if !iban.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic)
            || !iban.as_bytes()[2..4].iter().all(u8::is_ascii_digit)
        {
            return Err(bad("must start with a country code and two check digits"));
        }
        let rearranged = iban[4..].chars().chain(iban[..4].chars());
        let mut rem: u32 = 0;
        for c in rearranged {
            let v = c.to_digit(36).unwrap_or(0);
            rem = if v >= 10 {
                (rem * 100 + v) % 97
            } else {
                (rem * 10 + v) % 97
            };
        }
        if rem != 1 {
            return Err(bad("has wrong check digits"));
        }
        Ok(BankAccount(iban))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn digits_of(s: &str, field: &str, original: &str) -> Result<String> {
    let mut out = String::new();
    for c in s.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            '-' | ' ' => {}
            _ => {
                return Err(Error::invalid(
                    field,
                    format!("'{original}' may hold only digits, spaces and dashes"),
                ))
            }
        }
    }
    Ok(out)
}

/// A value of a custom field, of the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    YesNo(bool),
    Choice(String),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(s) | FieldValue::Choice(s) => f.write_str(s),
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::Date(d) => write!(f, "{d}"),
            FieldValue::YesNo(b) => f.write_str(if *b { "yes" } else { "no" }),
        }
    }
}

/// Everything a user can edit on a contact. Which book it sits in and its bookkeeping
/// (`Meta`) live beside it in [`Contact`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContactData {
    pub kind: ContactKind,
    pub name: Name,
    pub nickname: String,
    /// For a person, the organisation's name as text; for an organisation, its name.
    pub org_name: String,
    /// For a person, the organisation contact they work at (same book).
    pub org_id: Option<ContactId>,
    pub department: String,
    pub job_title: String,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub addresses: Vec<Address>,
    pub websites: Vec<Website>,
    pub messengers: Vec<Messenger>,
    pub birthday: Option<PartialDate>,
    /// An explicit name-day; when `None` it is derived from the given name.
    pub nameday: Option<MonthDay>,
    pub anniversary: Option<PartialDate>,
    pub gender: Option<Gender>,
    pub notes: String,
    pub nip: Option<Nip>,
    pub regon: Option<Regon>,
    pub bank_account: Option<BankAccount>,
    /// Private book only.
    pub category: Option<CategoryKey>,
    /// Business book only.
    pub groups: Vec<LabelId>,
    /// Business book only.
    pub status: Option<LabelId>,
    /// Business book only.
    pub custom: BTreeMap<FieldId, FieldValue>,
    /// Opted out of mass mailing.
    pub no_mailing: bool,
    pub extra: Vec<ExtraProperty>,
}

impl ContactData {
    /// A person with a given and family name.
    pub fn person(given: &str, family: &str) -> ContactData {
        ContactData {
            name: Name {
                given: given.trim().to_string(),
                family: family.trim().to_string(),
                ..Name::default()
            },
            ..ContactData::default()
        }
    }

    /// An organisation.
    pub fn organisation(name: &str) -> ContactData {
        ContactData {
            kind: ContactKind::Organisation,
            org_name: name.trim().to_string(),
            ..ContactData::default()
        }
    }

    /// The name to show: "Given Family", else the organisation, else nickname, e-mail, phone,
    /// IM handle or web site.
    pub fn display_name(&self) -> String {
        let name = naming_display(self.kind, &self.name, &self.org_name, &self.nickname);
        if !name.is_empty() {
            return name;
        }
        self.emails
            .first()
            .map(|e| e.address().to_string())
            .or_else(|| self.phones.first().map(|p| p.raw().to_string()))
            .or_else(|| self.messengers.first().map(|m| m.handle.clone()))
            .or_else(|| self.websites.first().map(|w| w.url.clone()))
            .unwrap_or_default()
    }

    /// Rules that concern the record as a whole (each value was checked when built).
    pub fn check(&self) -> Result<()> {
        self.check_limits()?;
        if self.display_name().trim().is_empty() {
            return Err(Error::invalid(
                "name",
                "a contact needs a name, an organisation, an e-mail or a phone",
            ));
        }
        // A person may have a NIP and a REGON: sole traders (jednoosobowa działalność
        // gospodarcza) have both and are counterparties like any firm.
        if self.kind == ContactKind::Organisation && self.org_id.is_some() {
            return Err(Error::invalid(
                "org",
                "an organisation cannot work at another organisation",
            ));
        }
        Ok(())
    }
}

/// The most characters in a one-line field (a name part, an e-mail, a street, a label).
pub const MAX_LINE_CHARS: usize = 1_000;
/// The most characters in the name of a list entry: a group, a status, a category's label,
/// a custom field's label, a history or case kind.
pub const MAX_LABEL_CHARS: usize = 100;
/// The most bytes of notes, or of a text custom field (a form or JSON body of the web UI
/// is at most 64 kB, so a contact at its limits still fits one).
pub const MAX_TEXT_BYTES: usize = 32 * 1024;
/// The most values in each list of a contact (e-mails, phones, addresses, web sites,
/// messengers, groups, custom fields).
pub const MAX_VALUES: usize = 100;
/// The most kept vCard lines, and the longest one in bytes.
pub const MAX_EXTRA_LINES: usize = 1_000;
pub const MAX_EXTRA_LINE_BYTES: usize = 256 * 1024;
/// The most bytes of text a whole contact may hold (its photo and files not counted).
pub const MAX_CONTACT_BYTES: usize = 2 * 1024 * 1024;

/// A one-line field: not too long, and no control characters (NUL, line breaks, tabs).
/// Whether `value` may hold a control character (Unicode's `Cc`: U+0000 to U+001F, U+007F
/// and U+0080 to U+009F, the last encoded as 0xC2 and a second byte). A byte scan rules out
/// nearly every text; the few it does not are looked at character by character.
fn maybe_control(value: &str) -> bool {
    value.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2)
}

fn one_line(field: &str, value: &str) -> Result<usize> {
    // A character is at least one byte, so a short text needs no count.
    if value.len() > MAX_LINE_CHARS && value.chars().count() > MAX_LINE_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_LINE_CHARS} characters"),
        ));
    }
    if let Some(c) = maybe_control(value)
        .then(|| value.chars().find(|c| c.is_control()))
        .flatten()
    {
        return Err(Error::invalid(
            field,
            format!("contains the control character U+{:04X}", c as u32),
        ));
    }
    Ok(value.len())
}

/// A text of several lines: line breaks and tabs are fine, other control characters not.
fn text(field: &str, value: &str, max: usize) -> Result<usize> {
    if value.len() > max {
        return Err(Error::invalid(
            field,
            format!("holds {} bytes, over the limit of {max}", value.len()),
        ));
    }
    if let Some(c) = maybe_control(value)
        .then(|| {
            value
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        })
        .flatten()
    {
        return Err(Error::invalid(
            field,
            format!("contains the control character U+{:04X}", c as u32),
        ));
    }
    Ok(value.len())
}

fn count(field: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(Error::invalid(
            field,
            format!("{n} values is more than the limit of {max}"),
        ));
    }
    Ok(())
}

impl ContactData {
    /// The size limits of every part of a contact, each with an error naming the field.
    /// Every path in (forms, API, CLI, import, CardDAV) reaches it through `check`.
    pub fn check_limits(&self) -> Result<()> {
        let mut total = 0;
        let n = &self.name;
        for (field, v) in [
            ("prefix", &n.prefix),
            ("given", &n.given),
            ("additional", &n.additional),
            ("family", &n.family),
            ("suffix", &n.suffix),
            ("nickname", &self.nickname),
            ("org_name", &self.org_name),
            ("department", &self.department),
            ("job_title", &self.job_title),
        ] {
            total += one_line(field, v)?;
        }
        count("email", self.emails.len(), MAX_VALUES)?;
        for e in &self.emails {
            total += one_line("email", e.label())? + one_line("email", e.address())?;
        }
        count("phone", self.phones.len(), MAX_VALUES)?;
        for p in &self.phones {
            total += one_line("phone", p.label())? + one_line("phone", p.raw())?;
        }
        count("address", self.addresses.len(), MAX_VALUES)?;
        for a in &self.addresses {
            for v in [
                &a.label,
                &a.po_box,
                &a.extended,
                &a.street,
                &a.locality,
                &a.region,
                &a.postal_code,
                &a.country,
            ] {
                total += one_line("address", v)?;
            }
        }
        count("website", self.websites.len(), MAX_VALUES)?;
        for w in &self.websites {
            total += one_line("website", &w.label)? + one_line("website", &w.url)?;
        }
        count("messenger", self.messengers.len(), MAX_VALUES)?;
        for m in &self.messengers {
            total += one_line("messenger", &m.service)? + one_line("messenger", &m.handle)?;
        }
        count("group", self.groups.len(), MAX_VALUES)?;
        count("field", self.custom.len(), MAX_VALUES)?;
        for v in self.custom.values() {
            total += match v {
                FieldValue::Text(t) => text("field", t, MAX_TEXT_BYTES)?,
                FieldValue::Choice(t) => one_line("field", t)?,
                _ => 8,
            };
        }
        total += text("notes", &self.notes, MAX_TEXT_BYTES)?;
        count("extra", self.extra.len(), MAX_EXTRA_LINES)?;
        for e in &self.extra {
            total += text("extra", &e.line, MAX_EXTRA_LINE_BYTES)?;
        }
        if total > MAX_CONTACT_BYTES {
            return Err(Error::invalid(
                "contact",
                format!("holds {total} bytes of text, over the limit of {MAX_CONTACT_BYTES}"),
            ));
        }
        Ok(())
    }
}

/// Who made and last changed a record, when, and its version for optimistic locking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
    pub updated_by: UserId,
    /// Starts at 1; every change adds 1.
    pub version: u64,
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub id: ContactId,
    pub book: Book,
    pub data: ContactData,
    pub meta: Meta,
    pub has_photo: bool,
}

/// The largest photo kept, in bytes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

/// The image formats a photo may have. Nothing else is ever kept or served as a photo: a
/// browser must never be handed stored bytes under a type that makes it run them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageType {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl ImageType {
    /// The type of an image, detected from its bytes alone (the `imagesize` crate), never
    /// from what a card, an upload or a file name claims. The header must also give a width
    /// and a height, so a few magic bytes in front of something else are not enough.
    pub fn detect(bytes: &[u8]) -> Option<ImageType> {
        let kind = match imagesize::image_type(bytes).ok()? {
            imagesize::ImageType::Jpeg => ImageType::Jpeg,
            imagesize::ImageType::Png => ImageType::Png,
            imagesize::ImageType::Gif => ImageType::Gif,
            imagesize::ImageType::Webp => ImageType::Webp,
            _ => return None,
        };
        let size = imagesize::blob_size(bytes).ok()?;
        (size.width > 0 && size.height > 0).then_some(kind)
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Gif => "image/gif",
            ImageType::Webp => "image/webp",
        }
    }

    /// The vCard 3.0 `TYPE=` word.
    pub fn vcard_word(self) -> &'static str {
        match self {
            ImageType::Jpeg => "JPEG",
            ImageType::Png => "PNG",
            ImageType::Gif => "GIF",
            ImageType::Webp => "WEBP",
        }
    }
}

/// Why bytes were not taken as a photo.
/// A size in megabytes as people read it: "5 MB", "6.3 MB" (1 MB = 1024 × 1024 bytes),
/// for every message that states a limit.
pub fn mb(bytes: usize) -> String {
    let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRefused {
    TooLarge(usize),
    NotAnImage,
}

impl fmt::Display for PhotoRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoRefused::TooLarge(n) => {
                write!(
                    f,
                    "is {}, over the limit of {}",
                    mb(*n),
                    mb(MAX_PHOTO_BYTES)
                )
            }
            PhotoRefused::NotAnImage => f.write_str("is not a JPEG, PNG, GIF or WebP image"),
        }
    }
}

/// A contact's photo: bytes that are an image of an allowed format, with the type detected
/// from them. The only way to make one is [`Photo::from_bytes`], so every path in (upload,
/// API, vCard import, merge snapshots, rows read back from a store) is checked the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    kind: ImageType,
    bytes: Vec<u8>,
}

impl Photo {
    pub fn from_bytes(bytes: Vec<u8>) -> std::result::Result<Photo, PhotoRefused> {
        if bytes.len() > MAX_PHOTO_BYTES {
            return Err(PhotoRefused::TooLarge(bytes.len()));
        }
        let kind = ImageType::detect(&bytes).ok_or(PhotoRefused::NotAnImage)?;
        Ok(Photo { kind, bytes })
    }

    pub fn kind(&self) -> ImageType {
        self.kind
    }

    /// The detected type: the one to store and to serve.
    pub fn media_type(&self) -> &'static str {
        self.kind.media_type()
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// A file attached to a contact, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: crate::ids::AttachmentId,
    pub contact: ContactId,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
}

/// A new attachment, as it goes into the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
}

/// A user of the installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub admin: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// An argon2 hash, when the user may log in to the web UI.
    pub password_hash: Option<String>,
    /// The language the user chose for the UI; `None` leaves it to the browser.
    pub language: Option<Language>,
}

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Polish,
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Polish, Language::English];

    /// The ISO 639-1 code, also the stored form.
    pub fn code(self) -> &'static str {
        match self {
            Language::Polish => "pl",
            Language::English => "en",
        }
    }

    /// The language for a code ("pl", "en"; case and a region such as "pl-PL" ignored).
    pub fn parse(s: &str) -> Result<Language> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("");
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
            .ok_or_else(|| Error::invalid("language", format!("'{s}' is not pl or en")))
    }
}

/// The display name from the naming fields alone: a person's name parts, else the
/// organisation, the name parts or the nickname; empty when none is set.
/// [`ContactData::display_name`] falls back to an e-mail or phone beyond this.
pub fn naming_display(kind: ContactKind, name: &Name, org_name: &str, nickname: &str) -> String {
    let mut person = String::new();
    for part in [
        &name.prefix,
        &name.given,
        &name.additional,
        &name.family,
        &name.suffix,
    ] {
        let part = part.trim();
        if !part.is_empty() {
            if !person.is_empty() {
                person.push(' ');
            }
            person.push_str(part);
        }
    }
    if kind == ContactKind::Person && !person.is_empty() {
        return person;
    }
    let org_name = org_name.trim();
    if !org_name.is_empty() {
        return org_name.to_string();
    }
    if !person.is_empty() {
        return person;
    }
    nickname.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_misses_no_control_character() {
        let mut flagged = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let alone = c.to_string();
            let inside = format!("Zoë {c} Łukasz");
            if c.is_control() {
                assert!(maybe_control(&alone), "U+{:04X} alone", c as u32);
                assert!(maybe_control(&inside), "U+{:04X} in a text", c as u32);
                assert!(one_line("given", &inside).is_err(), "U+{:04X}", c as u32);
            } else if maybe_control(&alone) {
                flagged += 1;
                assert_eq!(one_line("given", &inside).ok(), Some(inside.len()));
            }
        }
        // Only U+0080 to U+00BF share the 0xC2 lead byte with the C1 controls.
        assert_eq!(flagged, 0x40 - 0x20);
        assert!(text("notes", "line\nnext\tcol\r\n", 100).is_ok());
        assert!(text("notes", "bell\u{7}", 100).is_err());
        assert!(text("notes", "c1 \u{85} here", 100).is_err());
    }

    #[test]
    fn sizes_are_stated_in_megabytes() {
        assert_eq!(mb(MAX_PHOTO_BYTES), "5 MB");
        assert_eq!(mb(25 * 1024 * 1024), "25 MB");
        assert_eq!(mb(5 * 1024 * 1024 + 300 * 1024), "5.3 MB");
        assert_eq!(mb(1), "0.1 MB");
        assert_eq!(
            PhotoRefused::TooLarge(6 * 1024 * 1024).to_string(),
            "is 6 MB, over the limit of 5 MB"
        );
    }

    #[test]
    fn nip_checksum() {
        assert_eq!(
            Nip::parse("526-000-12-46").map(|n| n.0).ok().as_deref(),
            Some("5260001246")
        );
        assert_eq!(
            Nip::parse("PL5260001246").map(|n| n.0).ok().as_deref(),
            Some("5260001246")
        );
        let err = Nip::parse("5260001247").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid nip: '5260001247' has a wrong check digit")
        );
        assert!(Nip::parse("12345").is_err());
        assert!(Nip::parse("52600O1246").is_err());
    }

    #[test]
    fn regon_checksum() {
        assert!(Regon::parse("123456785").is_ok());
        assert!(Regon::parse("123456786").is_err());
        assert!(Regon::parse("12345678512347").is_ok());
        assert!(Regon::parse("12345678512348").is_err());
    }

    #[test]
    fn bank_accounts() {
        assert_eq!(
            BankAccount::parse("61 1090 1014 0000 0712 1981 2874")
                .map(|b| b.0)
                .ok()
                .as_deref(),
            Some("PL61109010140000071219812874")
        );
        assert!(BankAccount::parse("PL61109010140000071219812875").is_err());
        assert!(BankAccount::parse("DE89 3704 0044 0532 0130 00").is_ok());
    }

    #[test]
    fn emails() {
        assert!(Email::new("work", "jan.kowalski@example.pl").is_ok());
        for bad in [
            "jan",
            "jan@",
            "@x.pl",
            "jan@localhost",
            "jan kowalski@x.pl",
            "a@b@c.pl",
            "jan@-x.pl",
        ] {
            assert!(Email::new("", bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn phones_normalise_to_e164_with_poland_default() {
        let p = Phone::new("Mobile", "601 234 567").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (p.label(), p.raw(), p.e164()),
            ("mobile", "601 234 567", "+48601234567")
        );
        let p = Phone::new("", "0049 30 1234567").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.e164(), "+49301234567");
        assert!(Phone::new("", "12").is_err());
        assert!(Phone::new("", "call me").is_err());
    }

    /// The NIP check digit for nine digits, or None when the sum gives 10 (no valid NIP).
    fn nip_check(d: &[u32]) -> Option<u32> {
        let w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
        let c = w.iter().zip(d).map(|(w, x)| w * x).sum::<u32>() % 11;
        (c < 10).then_some(c)
    }

    proptest::proptest! {
        #[test]
        fn valid_nips_pass_and_any_changed_digit_fails(digits in proptest::collection::vec(0u32..10, 9), pos in 0usize..10, delta in 1u32..10) {
            if let Some(check) = nip_check(&digits) {
                let mut all = digits.clone();
                all.push(check);
                let text: String = all.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
                proptest::prop_assert!(Nip::parse(&text).is_ok(), "{}", text);
                let mut changed = all.clone();
                changed[pos] = (changed[pos] + delta) % 10;
                let text: String = changed.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
                // Weights are 2..7 and 11 is prime, so any single changed digit moves the sum
                // to another residue: the check digit no longer matches.
                proptest::prop_assert!(Nip::parse(&text).is_err(), "{}", text);
            }
        }

        #[test]
        fn valid_regons_pass(digits in proptest::collection::vec(0u32..10, 8)) {
            let w = [8, 9, 2, 3, 4, 5, 6, 7];
            let check = (w.iter().zip(&digits).map(|(w, x)| w * x).sum::<u32>() % 11) % 10;
            let text: String = digits.iter().chain(std::iter::once(&check)).map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
            proptest::prop_assert!(Regon::parse(&text).is_ok(), "{}", text);
        }

        #[test]
        fn validators_never_panic(s in "\\PC{0,40}") {
            let _ = Nip::parse(&s);
            let _ = Regon::parse(&s);
            let _ = BankAccount::parse(&s);
            let _ = Email::new("x", &s);
            let _ = Phone::new("x", &s);
            let _ = Gender::parse(&s);
            let _ = s.parse::<PartialDate>();
            let _ = s.parse::<MonthDay>();
        }

        #[test]
        fn accepted_emails_have_one_domain_with_a_dot(s in "[a-z0-9.@-]{1,30}") {
            if let Ok(e) = Email::new("", &s) {
                let (_, domain) = e.address().rsplit_once('@').unwrap_or(("", ""));
                proptest::prop_assert!(domain.contains('.'));
            }
        }
    }
}
