//! Import, export, duplicates and merge. Everything goes through the access rule of
//! [`Service`]: an import lands only in the actor's own private book or the business book,
//! an export or merge touches only contacts the actor may see.
//!
//! Decisions:
//! - An import is one write transaction. A card that cannot be read or breaks a rule is
//!   reported in [`ImportSummary::failed`] and the others go on; a backend error rolls the
//!   whole import back. A dry run does all the work and rolls it back.
//! - Card categories: in the private book the first one naming a category becomes the
//!   contact's category; in the business book each becomes a group (created if missing).
//!   A status name becomes the business status (created if missing). Custom fields are
//!   matched by label; unknown labels, values that do not parse, and whatever the target
//!   book has no place for (categories left over, custom fields and status in the private
//!   book) are kept as `X-` / `CATEGORIES` extra lines, written back on export, never lost.
//!   Fields are never created by an import: their types are an admin's decision.
//! - Attachments travel as `X-CONTACTS-ATTACHMENT:` lines (four base64 parts joined by
//!   `.`: name, media type, note, bytes) so a shared private book keeps them.
//! - Duplicate keys ([`duplicate_keys`]): `e:` + lower-cased e-mail, `p:` + E.164 phone,
//!   `n:` + folded full name + `|` + birthday. A store keeps them per contact.
//! - A merge keeps a record holding a JSON snapshot of both contacts as they were (every
//!   field, meta, ids), the other's photo, and the ids of the rows moved (attachments,
//!   history, reminders). `unmerge` puts the other back under its old id, moves the rows
//!   back and restores the kept contact's data; it refuses when the kept contact changed
//!   after the merge.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use base64::Engine as _;

use crate::error::{Error, Result};
use crate::ids::{ContactId, FieldId, LabelId};
use crate::model::{
    Book, Contact, ContactData, ExtraProperty, Language, Meta, NewAttachment, Photo,
};
use crate::store::{FieldDef, Label, ListKind, OccasionAlert, Ops, RowKind, Store};
use crate::text::fold;
use crate::vcard::{Card, CardError};

use super::{
    check_data, clean_file_name, complete, parse_field_value, visible, Actor, BookKind, Service,
    MAX_ATTACHMENT_BYTES,
};

pub(crate) mod snapshot;

/// What to do with a card that matches a contact already in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OnDuplicate {
    /// Merge the card into the existing contact.
    Merge,
    /// Leave the existing contact, drop the card.
    Skip,
    /// Add the card as a new contact anyway.
    Create,
}

/// A card that did not import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailure {
    pub file: String,
    /// 1-based number of the card in its file.
    pub card: usize,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: card {} (line {}): {}",
            self.file, self.card, self.line, self.message
        )
    }
}

/// Warnings of one kind (the same message but for the values it quotes): how many, and
/// the first few in full.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WarningGroup {
    /// The message with quoted values and line numbers left out: `'…' is not a date`.
    pub kind: String,
    pub count: usize,
    /// The first [`WARNING_EXAMPLES`], each `file: card N (line L): message`.
    pub examples: Vec<String>,
}

/// How many warnings of one kind an [`ImportSummary`] lists in full.
pub const WARNING_EXAMPLES: usize = 3;
/// How many refused cards an [`ImportSummary`] lists in full; the rest are counted.
pub const FAILURES_LISTED: usize = 1000;
/// How many kinds of warning are told apart; later kinds are counted under "other".
const WARNING_KINDS: usize = 100;

/// The outcome of an import. Its size does not grow with the file: refused cards beyond
/// [`FAILURES_LISTED`] and warnings beyond the first few of each kind are only counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub imported: usize,
    pub merged: usize,
    pub skipped: usize,
    /// The first [`FAILURES_LISTED`] refused cards.
    pub failed: Vec<ImportFailure>,
    /// Every refused card, listed or not.
    pub refused: usize,
    /// Warnings grouped by kind, in the order each kind was first seen.
    pub warnings: Vec<WarningGroup>,
    /// Rows or cards that held nothing at all (blank CSV rows): passed over, not refused.
    pub empty: usize,
    /// Whether everything was rolled back (a dry run).
    pub dry_run: bool,
}

impl ImportSummary {
    /// Cards that went in: imported, merged, or left out as duplicates by choice.
    pub fn accepted(&self) -> usize {
        self.imported + self.merged + self.skipped
    }

    /// How a script should read the outcome.
    pub fn outcome(&self) -> ImportOutcome {
        if self.refused == 0 {
            ImportOutcome::All
        } else if self.accepted() == 0 {
            ImportOutcome::Nothing
        } else {
            ImportOutcome::Some
        }
    }

    /// All warnings, counted.
    pub fn warning_count(&self) -> usize {
        self.warnings.iter().map(|g| g.count).sum()
    }

    fn refuse(&mut self, f: ImportFailure) {
        self.refused += 1;
        if self.failed.len() < FAILURES_LISTED {
            self.failed.push(f);
        }
    }

    fn warn(&mut self, file: &str, card: usize, line: usize, message: &str) {
        // A card's own warnings say "line N: …"; the card's first line is the fallback.
        let (line, message) = match message
            .strip_prefix("line ")
            .and_then(|r| r.split_once(": "))
            .and_then(|(n, m)| n.parse::<usize>().ok().map(|n| (n, m)))
        {
            Some((n, m)) => (n, m),
            None => (line, message),
        };
        let mut kind = warning_kind(message);
        if self.warnings.len() >= WARNING_KINDS && !self.warnings.iter().any(|g| g.kind == kind) {
            kind = "other warnings".to_string();
        }
        let group = match self.warnings.iter_mut().position(|g| g.kind == kind) {
            Some(i) => &mut self.warnings[i],
            None => {
                self.warnings.push(WarningGroup {
                    kind,
                    ..WarningGroup::default()
                });
                let last = self.warnings.len() - 1;
                &mut self.warnings[last]
            }
        };
        group.count += 1;
        if group.examples.len() < WARNING_EXAMPLES {
            group
                .examples
                .push(format!("{file}: card {card} (line {line}): {message}"));
        }
    }
}

/// Whether everything went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// No card was refused.
    All,
    /// Some cards went in, some were refused.
    Some,
    /// Cards were refused and none went in.
    Nothing,
}

/// A warning's kind: its message with quoted values (`'…'`) and numbers left out, cut short.
fn warning_kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(160));
    let mut quoted = false;
    let mut last_digit = false;
    for c in message.chars() {
        if c == '\'' {
            if !quoted {
                out.push_str("'…'");
            }
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        out.push(c);
        if out.len() >= 160 {
            out.push('…');
            break;
        }
    }
    out
}

/// A card to import with the name of the file it came from.
pub type SourcedCard = (Arc<str>, std::result::Result<Card, CardError>);

/// Two contacts that are probably the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicatePair {
    pub a: ContactId,
    pub b: ContactId,
    pub reason: String,
}

/// Which contacts to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportSelection {
    Ids(Vec<ContactId>),
    Book(BookKind),
}

/// The keys under which two contacts count as duplicates.
pub fn duplicate_keys(data: &ContactData) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for e in &data.emails {
        keys.push(format!("e:{}", e.address().to_lowercase()));
    }
    for p in &data.phones {
        keys.push(format!("p:{}", p.e164()));
    }
    if let Some(b) = data.birthday {
        let name = fold(&data.display_name());
        if !name.is_empty() {
            keys.push(format!("n:{name}|{b}"));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

pub(super) fn reason(key: &str) -> String {
    match key.split_once(':') {
        Some(("e", v)) => format!("same e-mail {v}"),
        Some(("p", v)) => format!("same phone {v}"),
        Some(("n", v)) => format!(
            "same name and birthday ({})",
            v.rsplit_once('|').map(|(_, b)| b).unwrap_or(v)
        ),
        _ => key.to_string(),
    }
}

/// Sentinel returned from a dry run's write closure so the store rolls back.
const DRY_RUN: &str = "dry run: nothing was written";

/// The picklists and fields an import resolves names against, loaded once.
pub(super) struct Names {
    groups: Vec<Label>,
    statuses: Vec<Label>,
    fields: Vec<FieldDef>,
}

impl Names {
    pub(super) fn load(ops: &dyn Ops) -> Result<Names> {
        Ok(Names {
            groups: ops.labels(ListKind::Group)?,
            statuses: ops.labels(ListKind::Status)?,
            fields: ops.fields()?,
        })
    }

    fn label(&mut self, ops: &dyn Ops, list: ListKind, name: &str) -> Result<LabelId> {
        let labels = if list == ListKind::Group {
            &mut self.groups
        } else {
            &mut self.statuses
        };
        let folded = fold(name.trim());
        if let Some(l) = labels.iter().find(|l| fold(&l.name) == folded) {
            return Ok(l.id);
        }
        let l = ops.insert_label(list, name.trim())?;
        let id = l.id;
        labels.push(l);
        Ok(id)
    }
}

fn extra_line(name: &str, params: &[(&str, &str)], value: &str) -> ExtraProperty {
    let mut line = name.to_string();
    for (p, v) in params {
        crate::vcard::write_param_pub(&mut line, p, &[v.to_string()]);
    }
    line.push(':');
    line.push_str(&crate::vcard::escape_text(value));
    ExtraProperty { line }
}

const ATTACHMENT_PROP: &str = "X-CONTACTS-ATTACHMENT";

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn attachment_line(name: &str, media_type: &str, note: &str, bytes: &[u8]) -> ExtraProperty {
    let parts = [
        name.as_bytes(),
        media_type.as_bytes(),
        note.as_bytes(),
        bytes,
    ];
    let value: Vec<String> = parts.iter().map(|p| b64().encode(p)).collect();
    ExtraProperty {
        line: format!("{ATTACHMENT_PROP}:{}", value.join(".")),
    }
}

/// (name, media type, note, bytes) of an attachment carried by a card.
pub(super) type CarriedAttachment = (String, String, String, Vec<u8>);

/// The attachment an `X-CONTACTS-ATTACHMENT` line carries.
fn parse_attachment(line: &str) -> Option<CarriedAttachment> {
    let (name, value) = line.split_once(':')?;
    let name = name.rsplit('.').next().unwrap_or(name);
    if !name.eq_ignore_ascii_case(ATTACHMENT_PROP) {
        return None;
    }
    let parts: Vec<Vec<u8>> = value
        .split('.')
        .map(|p| b64().decode(p.trim()))
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    let [n, m, note, bytes]: [Vec<u8>; 4] = parts.try_into().ok()?;
    Some((
        String::from_utf8(n).ok()?,
        String::from_utf8(m).ok()?,
        String::from_utf8(note).ok()?,
        bytes,
    ))
}

/// The `UID` kept with a contact (an extra `UID` line), if any.
pub fn kept_uid(data: &ContactData) -> Option<&str> {
    data.extra.iter().find_map(|e| {
        let (name, value) = e.line.split_once(':')?;
        let name = name.split(';').next().unwrap_or(name);
        name.eq_ignore_ascii_case("UID").then_some(value)
    })
}

/// Keeps `uid` as the contact's `UID` (an extra line, written back on every export).
pub(super) fn set_uid(data: &mut ContactData, uid: &str) {
    let clean: String = uid.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || kept_uid(data) == Some(clean) {
        return;
    }
    data.extra.retain(|e| {
        let name = e.line.split([':', ';']).next().unwrap_or("");
        !name.eq_ignore_ascii_case("UID")
    });
    data.extra.push(ExtraProperty {
        line: format!("UID:{clean}"),
    });
}

/// The names of the picklists and fields a card shows, loaded once per export.
pub(super) struct CardLists {
    groups: BTreeMap<LabelId, String>,
    statuses: BTreeMap<LabelId, String>,
    fields: BTreeMap<FieldId, String>,
}

impl CardLists {
    pub(super) fn load(ops: &dyn Ops) -> Result<CardLists> {
        Ok(CardLists {
            groups: ops
                .labels(ListKind::Group)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect(),
            statuses: ops
                .labels(ListKind::Status)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect(),
            fields: ops.fields()?.into_iter().map(|d| (d.id, d.label)).collect(),
        })
    }

    /// The card of a contact with groups, status, custom fields and photo filled in, and
    /// its attachments when `attachments`.
    pub(super) fn card(&self, ops: &dyn Ops, c: Contact, attachments: bool) -> Result<Card> {
        let mut card = Card::new(c.data);
        card.categories = card
            .data
            .groups
            .iter()
            .filter_map(|g| self.groups.get(g).cloned())
            .collect();
        card.status = card
            .data
            .status
            .and_then(|s| self.statuses.get(&s).cloned());
        card.custom_fields = card
            .data
            .custom
            .iter()
            .filter_map(|(f, v)| self.fields.get(f).map(|l| (l.clone(), v.to_string())))
            .collect();
        if c.has_photo {
            card.photo = ops.photo(c.id)?;
        }
        if attachments {
            for info in ops.attachments(c.id)? {
                if let Some((info, bytes)) = ops.attachment(info.id)? {
                    card.data.extra.push(attachment_line(
                        &info.name,
                        &info.media_type,
                        &info.note,
                        &bytes,
                    ));
                }
            }
        }
        Ok(card)
    }
}

/// A card made ready for `book`: its data with ids resolved, and the attachments it carries.
pub(super) fn card_to_data(
    ops: &dyn Ops,
    names: &mut Names,
    book: Book,
    mut card: Card,
    warnings: &mut Vec<String>,
    language: Language,
) -> Result<(ContactData, Option<Photo>, Vec<CarriedAttachment>)> {
    let mut attachments = Vec::new();
    let who = card.data.display_name();
    card.data.extra.retain(|e| match parse_attachment(&e.line) {
        Some((name, media_type, note, bytes)) => {
            if bytes.len() > MAX_ATTACHMENT_BYTES {
                warnings.push(format!(
                    "{who}: attachment '{}' of {} is over the limit of {} and was left out",
                    clean_file_name(&name).unwrap_or_default(),
                    crate::model::mb(bytes.len()),
                    crate::model::mb(MAX_ATTACHMENT_BYTES)
                ));
            } else {
                // The same cleaning as an upload: no directories, no control characters.
                let name = clean_file_name(&name).unwrap_or_else(|| "attachment".into());
                attachments.push((name, media_type, note, bytes));
            }
            false
        }
        None => true,
    });
    if let Some(uid) = card.uid.take() {
        set_uid(&mut card.data, &uid);
    }
    card.data.org_id = None;
    card.data.custom.clear();
    card.data.groups.clear();
    card.data.status = None;
    let mut extra = Vec::new();
    match book {
        Book::Private(_) => {
            card.take_category();
            if !card.categories.is_empty() {
                let mut line = "CATEGORIES:".to_string();
                let vals: Vec<String> = card
                    .categories
                    .iter()
                    .map(|c| crate::vcard::escape_text(c))
                    .collect();
                line.push_str(&vals.join(","));
                extra.push(ExtraProperty { line });
            }
            for (label, text) in &card.custom_fields {
                extra.push(extra_line("X-CONTACTS-FIELD", &[("X-NAME", label)], text));
            }
            if let Some(s) = &card.status {
                extra.push(extra_line("X-CONTACTS-STATUS", &[], s));
            }
        }
        Book::Business => {
            if let Some(k) = card.data.category.take() {
                card.categories.insert(0, k.default_label().to_string());
            }
            for c in &card.categories {
                if c.trim().is_empty() {
                    continue;
                }
                let id = names.label(ops, ListKind::Group, c)?;
                if !card.data.groups.contains(&id) {
                    card.data.groups.push(id);
                }
            }
            if let Some(s) = card.status.as_deref().filter(|s| !s.trim().is_empty()) {
                card.data.status = Some(names.label(ops, ListKind::Status, s)?);
            }
            for (label, text) in &card.custom_fields {
                let folded = fold(label.trim());
                let parsed = names
                    .fields
                    .iter()
                    .find(|d| fold(&d.label) == folded)
                    .map(|d| parse_field_value(d, text).map(|v| (d.id, v)));
                match parsed {
                    Some(Ok((id, v))) => {
                        card.data.custom.insert(id, v);
                    }
                    other => {
                        if let Some(Err(e)) = other {
                            warnings.push(format!("{e}; kept as an extra property"));
                        }
                        extra.push(extra_line("X-CONTACTS-FIELD", &[("X-NAME", label)], text));
                    }
                }
            }
        }
    }
    for e in extra {
        if !card.data.extra.contains(&e) {
            card.data.extra.push(e);
        }
    }
    let photo = card.photo;
    warnings.extend(card.warnings);
    if card.data.display_name().trim().is_empty() {
        // A card with no name, organisation, nickname, e-mail, phone or IM handle (only a
        // photo, a note, an address…) is kept under a name that says so.
        card.data.nickname = no_name(language).to_string();
        warnings.push("the card has no name; it was named by what it holds".to_string());
    }
    complete(&mut card.data);
    Ok((card.data, photo, attachments))
}

/// The name given to an imported card that has nothing to be named by.
pub fn no_name(language: Language) -> &'static str {
    match language {
        Language::Polish => "(bez nazwy)",
        Language::English => "(no name)",
    }
}

/// Field by field: multi-valued parts keep all distinct values, scalars come from `keep`
/// unless empty there, groups are united, opting out of mailing wins.
pub fn merge_data(keep: &mut ContactData, other: &ContactData) {
    fn fill(a: &mut String, b: &str) {
        if a.trim().is_empty() {
            *a = b.to_string();
        }
    }
    fn union<T: Clone>(a: &mut Vec<T>, b: &[T], same: impl Fn(&T, &T) -> bool) {
        for x in b {
            if !a.iter().any(|y| same(x, y)) {
                a.push(x.clone());
            }
        }
    }
    if keep.name.is_empty() {
        keep.name = other.name.clone();
    }
    fill(&mut keep.nickname, &other.nickname);
    fill(&mut keep.org_name, &other.org_name);
    fill(&mut keep.department, &other.department);
    fill(&mut keep.job_title, &other.job_title);
    fill(&mut keep.notes, &other.notes);
    keep.org_id = keep.org_id.or(other.org_id);
    keep.birthday = keep.birthday.or(other.birthday);
    keep.nameday = keep.nameday.or(other.nameday);
    keep.anniversary = keep.anniversary.or(other.anniversary);
    keep.gender = keep.gender.or(other.gender);
    if keep.nip.is_none() {
        keep.nip = other.nip.clone();
    }
    if keep.regon.is_none() {
        keep.regon = other.regon.clone();
    }
    if keep.bank_account.is_none() {
        keep.bank_account = other.bank_account.clone();
    }
    keep.category = keep.category.or(other.category);
    keep.status = keep.status.or(other.status);
    keep.no_mailing |= other.no_mailing;
    union(&mut keep.emails, &other.emails, |a, b| {
        a.address().eq_ignore_ascii_case(b.address())
    });
    union(&mut keep.phones, &other.phones, |a, b| a.e164() == b.e164());
    union(&mut keep.addresses, &other.addresses, |a, b| {
        a.one_line() == b.one_line()
    });
    union(&mut keep.websites, &other.websites, |a, b| a.url == b.url);
    union(&mut keep.messengers, &other.messengers, |a, b| a == b);
    union(&mut keep.extra, &other.extra, |a, b| a == b);
    union(&mut keep.groups, &other.groups, |a, b| a == b);
    for (k, v) in &other.custom {
        keep.custom.entry(*k).or_insert_with(|| v.clone());
    }
}

impl<S: Store> Service<S> {
    /// Imports cards into the actor's private book or the business book, in one
    /// transaction. `progress` is called with the number of cards handled so far.
    pub fn import(
        &self,
        actor: &Actor,
        book: BookKind,
        cards: impl IntoIterator<Item = SourcedCard>,
        on_duplicate: OnDuplicate,
        dry_run: bool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportSummary> {
        let target = actor.book(book);
        let meta = self.new_meta(actor);
        let mut summary = ImportSummary {
            dry_run,
            ..ImportSummary::default()
        };
        let sum = &mut summary;
        let language = actor.language().unwrap_or(Language::Polish);
        let outcome = self.store.write_bulk(|ops| {
            let mut names = Names::load(ops)?;
            let mut counts: BTreeMap<Arc<str>, usize> = BTreeMap::new();
            let mut card_warnings: Vec<String> = Vec::new();
            for (n, (file, card)) in cards.into_iter().enumerate() {
                let number = counts.entry(file.clone()).or_default();
                *number += 1;
                let number = *number;
                progress(n + 1);
                let card = match card {
                    Ok(c) if c.is_blank() => {
                        sum.empty += 1;
                        continue;
                    }
                    Ok(c) => c,
                    Err(e) => {
                        sum.refuse(ImportFailure {
                            file: file.to_string(),
                            card: e.card,
                            line: e.line,
                            message: e.message,
                        });
                        continue;
                    }
                };
                let line = card.line;
                let fail = |message: String| ImportFailure {
                    file: file.to_string(),
                    card: number,
                    line,
                    message,
                };
                card_warnings.clear();
                let converted =
                    card_to_data(ops, &mut names, target, card, &mut card_warnings, language);
                for w in &card_warnings {
                    sum.warn(&file, number, line, w);
                }
                let (mut data, photo, attachments) = match converted {
                    Ok(x) => x,
                    Err(e @ Error::Backend(_)) => return Err(e),
                    Err(e) => {
                        sum.refuse(fail(e.to_string()));
                        continue;
                    }
                };
                // In the business book groups, status and fields were resolved from the
                // store's own lists just above and the category was taken out, so only the
                // record's own rules are left (check_data would re-read the lists per card).
                let checked = if target.is_business() {
                    data.check()
                } else {
                    check_data(ops, actor, target, &mut data)
                };
                if let Err(e) = checked {
                    sum.refuse(fail(e.to_string()));
                    continue;
                }
                let keys = duplicate_keys(&data);
                let existing = if keys.is_empty() || on_duplicate == OnDuplicate::Create {
                    None
                } else {
                    ops.contacts_with_keys(target, &keys)?
                        .into_iter()
                        .map(|(id, _)| id)
                        .min()
                };
                let id = match (existing, on_duplicate) {
                    (Some(_), OnDuplicate::Skip) => {
                        sum.skipped += 1;
                        continue;
                    }
                    (Some(id), _) => {
                        let Some(mut c) = ops.contact(id)? else {
                            continue;
                        };
                        let expected = c.meta.version;
                        merge_data(&mut c.data, &data);
                        c.meta = Meta {
                            updated_at: meta.updated_at,
                            updated_by: actor.id,
                            version: expected + 1,
                            ..c.meta
                        };
                        ops.update_contact(&c, expected)?;
                        if photo.is_some() && !c.has_photo {
                            ops.set_photo(id, photo.as_ref())?;
                        }
                        sum.merged += 1;
                        id
                    }
                    (None, _) => {
                        let id = ops.insert_contact(target, &data, &meta)?;
                        if photo.is_some() {
                            ops.set_photo(id, photo.as_ref())?;
                        }
                        sum.imported += 1;
                        id
                    }
                };
                for (name, media_type, note, bytes) in attachments {
                    ops.insert_attachment(
                        id,
                        &NewAttachment {
                            name,
                            media_type,
                            bytes,
                            note,
                            created_at: meta.created_at,
                            created_by: actor.id,
                        },
                    )?;
                }
            }
            if dry_run {
                return Err(Error::Conflict(DRY_RUN.into()));
            }
            Ok(())
        });
        match outcome {
            Ok(()) => {
                self.after_bulk_load(summary.imported + summary.merged)?;
                Ok(summary)
            }
            Err(Error::Conflict(m)) if dry_run && m == DRY_RUN => Ok(summary),
            Err(e) => Err(e),
        }
    }

    /// Pairs of contacts in a book that are probably the same, with the reason.
    pub fn duplicates(&self, actor: &Actor, book: BookKind) -> Result<Vec<DuplicatePair>> {
        let target = actor.book(book);
        let pairs = self.store.read(|ops| ops.duplicate_pairs(target))?;
        let mut out: BTreeMap<(ContactId, ContactId), Vec<String>> = BTreeMap::new();
        for (a, b, key) in pairs {
            out.entry((a, b)).or_default().push(reason(&key));
        }
        Ok(out
            .into_iter()
            .map(|((a, b), reasons)| DuplicatePair {
                a,
                b,
                reason: reasons.join(", "),
            })
            .collect())
    }

    /// Merges `other` into `keep` (same book) and removes `other`; undo with [`Self::unmerge`].
    pub fn merge(&self, actor: &Actor, keep: ContactId, other: ContactId) -> Result<Contact> {
        self.merge_taking(actor, keep, other, &[])
    }

    /// [`Self::merge`], then the single-valued fields `take` come from `other` (the side by
    /// side merge: a choice per field).
    pub fn merge_taking(
        &self,
        actor: &Actor,
        keep: ContactId,
        other: ContactId,
        take: &[super::MergeField],
    ) -> Result<Contact> {
        if keep == other {
            return Err(Error::invalid(
                "contact",
                "cannot merge a contact with itself",
            ));
        }
        let now = self.now();
        self.store.write(|ops| {
            let mut k = visible(ops, actor, keep)?;
            let o = visible(ops, actor, other)?;
            if k.book != o.book {
                return Err(Error::invalid(
                    "book",
                    format!("contacts {keep} and {other} are in different books"),
                ));
            }
            if ops.cases_naming(other)? > 0 {
                return Err(Error::invalid(
                    "contact",
                    format!("cases name contact {other}; point them at {keep} first"),
                ));
            }
            if !ops.people_at(other)?.is_empty() {
                return Err(Error::invalid(
                    "contact",
                    format!("people work at organisation {other}; link them to {keep} first"),
                ));
            }
            let other_photo = ops.photo(other)?;
            let mut moved = Vec::new();
            for kind in RowKind::ALL {
                let ids = ops.rows_of(kind, other)?;
                ops.move_rows(kind, &ids, keep)?;
                moved.push((kind, ids));
            }
            let alerts = carry_alerts(ops, keep, other)?;
            let before = k.clone();
            let expected = k.meta.version;
            merge_data(&mut k.data, &o.data);
            for f in take {
                f.take(&mut k.data, &o.data);
            }
            if k.data.org_id == Some(keep) {
                k.data.org_id = None;
            }
            k.meta = Meta {
                updated_at: now,
                updated_by: actor.id,
                version: expected + 1,
                ..k.meta
            };
            if !k.has_photo && other_photo.is_some() {
                ops.set_photo(keep, other_photo.as_ref())?;
                k.has_photo = true;
            }
            ops.update_contact(&k, expected)?;
            ops.delete_contact(other)?;
            let snap = snapshot::encode(
                &before,
                &o,
                other_photo.as_ref(),
                &moved,
                k.meta.version,
                &alerts,
            );
            ops.insert_merge(keep, other, &snap)?;
            if k.book.is_business() {
                let lang = super::installation::installation_language(ops)?;
                let text = merge_text(lang, &o, &moved, alerts.added.len());
                merge_history(ops, actor, keep, lang, text, now)?;
            }
            Ok(k)
        })
    }

    /// Undoes the latest merge into `id`: both contacts as they were before it.
    /// ([`Self::undoable_merge`] says beforehand whether there is one to undo.)
    pub fn unmerge(&self, actor: &Actor, id: ContactId) -> Result<(Contact, Contact)> {
        let now = self.now();
        self.store.write(|ops| {
            let current = visible(ops, actor, id)?;
            let record = ops
                .last_merge(id)?
                .ok_or_else(|| Error::not_found(format!("merge into contact {id}")))?;
            let snap = snapshot::decode(&record.snapshot)?;
            if current.meta.version != snap.merged_version {
                return Err(Error::Conflict(format!(
                    "contact {id} changed after the merge (version {} now, {} then); it cannot be unmerged",
                    current.meta.version, snap.merged_version
                )));
            }
            let other = snap.other;
            ops.restore_contact(&other)?;
            if let Some(p) = &snap.other_photo {
                ops.set_photo(other.id, Some(p))?;
            }
            for (kind, ids) in &snap.moved {
                ops.move_rows(*kind, ids, other.id)?;
            }
            // The other's alerts come back; the copies the merge made go, unless their
            // user changed them since.
            for a in &snap.alerts.other {
                if ops.user(a.user)?.is_some() {
                    ops.set_occasion_alert(a)?;
                }
            }
            for a in &snap.alerts.added {
                if ops.occasion_alerts(a.user, Some(id))?.contains(a) {
                    ops.remove_occasion_alert(id, a.user, a.kind)?;
                }
            }
            let mut keep = snap.keep;
            keep.meta.version = current.meta.version + 1;
            keep.meta.updated_at = now;
            keep.meta.updated_by = actor.id;
            if !keep.has_photo && current.has_photo {
                ops.set_photo(id, None)?;
            }
            ops.update_contact(&keep, current.meta.version)?;
            ops.delete_merge(record.id)?;
            if keep.book.is_business() {
                let lang = super::installation::installation_language(ops)?;
                let text = unmerge_text(lang, &other);
                merge_history(ops, actor, id, lang, text, now)?;
            }
            let keep = visible(ops, actor, id)?;
            let other = visible(ops, actor, other.id)?;
            Ok((keep, other))
        })
    }

    /// Calls `sink` with a card for every selected contact the actor may see, with groups,
    /// category, custom fields, status, photo and attachments filled in; returns the count.
    pub fn export(
        &self,
        actor: &Actor,
        selection: &ExportSelection,
        sink: &mut dyn FnMut(Card) -> Result<()>,
    ) -> Result<usize> {
        self.store.read(|ops| {
            let lists = CardLists::load(ops)?;
            let card_of = |c: Contact| lists.card(ops, c, true);
            let mut n = 0;
            match selection {
                ExportSelection::Ids(ids) => {
                    for id in ids {
                        let c = visible(ops, actor, *id)?;
                        sink(card_of(c)?)?;
                        n += 1;
                    }
                }
                ExportSelection::Book(book) => {
                    let target = actor.book(*book);
                    let mut after = ContactId(0);
                    loop {
                        let page = ops.contacts_after(target, after, 2000)?;
                        let Some(last) = page.last().map(|c| c.id) else {
                            break;
                        };
                        after = last;
                        for c in page {
                            sink(card_of(c)?)?;
                            n += 1;
                        }
                    }
                }
            }
            Ok(n)
        })
    }

    /// [`Self::export`] collected into a Vec (small selections, tests).
    pub fn export_cards(&self, actor: &Actor, selection: &ExportSelection) -> Result<Vec<Card>> {
        let mut out = Vec::new();
        self.export(actor, selection, &mut |c| {
            out.push(c);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Gives `keep` a copy of each user's alert on `other` for an occasion `keep` has no alert
/// of that user for. (`other`'s own alerts go with it; the merge record keeps them.)
fn carry_alerts(
    ops: &dyn Ops,
    keep: ContactId,
    other: ContactId,
) -> Result<snapshot::MergedAlerts> {
    let mut out = snapshot::MergedAlerts::default();
    for user in ops.users()? {
        let theirs = ops.occasion_alerts(user.id, Some(other))?;
        if theirs.is_empty() {
            continue;
        }
        let mine = ops.occasion_alerts(user.id, Some(keep))?;
        for a in theirs {
            if !mine.iter().any(|m| m.kind == a.kind) {
                let copy = OccasionAlert {
                    contact: keep,
                    ..a.clone()
                };
                ops.set_occasion_alert(&copy)?;
                out.added.push(copy);
            }
            out.other.push(a);
        }
    }
    Ok(out)
}

/// The history kind of merge and unmerge entries in a language.
pub fn merge_kind(lang: Language) -> &'static str {
    match lang {
        Language::Polish => "scalenie",
        Language::English => "merge",
    }
}

/// "1 wpis historii", "3 wpisy historii", "5 wpisów historii" / "1 history entry", ...
fn counted(lang: Language, n: usize, forms: [&str; 5]) -> String {
    let [pl_one, pl_few, pl_many, en_one, en_many] = forms;
    let word = match lang {
        Language::Polish if n == 1 => pl_one,
        Language::Polish if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => {
            pl_few
        }
        Language::Polish => pl_many,
        Language::English if n == 1 => en_one,
        Language::English => en_many,
    };
    format!("{n} {word}")
}

/// The history text of a merge: which contact went into this one and what came with it.
pub(super) fn merge_text(
    lang: Language,
    other: &Contact,
    moved: &[(RowKind, Vec<i64>)],
    alerts: usize,
) -> String {
    let n = |kind: RowKind| {
        moved
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, ids)| ids.len())
            .sum::<usize>()
    };
    let mut what = Vec::new();
    for (kind, forms) in [
        (
            RowKind::History,
            [
                "wpis historii",
                "wpisy historii",
                "wpisów historii",
                "history entry",
                "history entries",
            ],
        ),
        (
            RowKind::Attachment,
            [
                "załącznik",
                "załączniki",
                "załączników",
                "attachment",
                "attachments",
            ],
        ),
        (
            RowKind::Reminder,
            [
                "przypomnienie",
                "przypomnienia",
                "przypomnień",
                "reminder",
                "reminders",
            ],
        ),
        (
            RowKind::Meeting,
            ["spotkanie", "spotkania", "spotkań", "meeting", "meetings"],
        ),
    ] {
        let count = n(kind);
        if count > 0 {
            what.push(counted(lang, count, forms));
        }
    }
    if alerts > 0 {
        what.push(counted(
            lang,
            alerts,
            [
                "alert o okazji",
                "alerty o okazjach",
                "alertów o okazjach",
                "occasion alert",
                "occasion alerts",
            ],
        ));
    }
    let name = other.data.display_name();
    let id = other.id;
    match lang {
        Language::Polish if what.is_empty() => {
            format!("Scalono z kontaktem {name} (nr {id}); jego dane dołączono do tej karty.")
        }
        Language::Polish => format!(
            "Scalono z kontaktem {name} (nr {id}); jego dane dołączono do tej karty, przeniesiono: {}.",
            what.join(", ")
        ),
        Language::English if what.is_empty() => {
            format!("Merged with contact {name} (#{id}); its details were added to this card.")
        }
        Language::English => format!(
            "Merged with contact {name} (#{id}); its details were added to this card, moved here: {}.",
            what.join(", ")
        ),
    }
}

/// The history text of an unmerge.
pub(super) fn unmerge_text(lang: Language, other: &Contact) -> String {
    let name = other.data.display_name();
    let id = other.id;
    match lang {
        Language::Polish => format!(
            "Cofnięto scalenie z kontaktem {name} (nr {id}); jest znów osobnym kontaktem ze swoimi wpisami."
        ),
        Language::English => format!(
            "Undid the merge with contact {name} (#{id}); it is a separate contact again, with its own entries."
        ),
    }
}

fn merge_history(
    ops: &dyn Ops,
    actor: &Actor,
    contact: ContactId,
    lang: Language,
    text: String,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let kind = super::cases::grow(ops, ListKind::HistoryKind, merge_kind(lang))?;
    ops.insert_history(&crate::case::NewHistoryEntry {
        contact,
        kind,
        at: now,
        text,
        author: actor.id,
        created_at: now,
        files: vec![],
    })?;
    Ok(())
}

/// The other contact and the kept one's version right after the merge, from a merge
/// record's snapshot.
pub(super) fn merge_summary(text: &str) -> Result<(Contact, u64)> {
    let snap = snapshot::decode(text)?;
    Ok((snap.other, snap.merged_version))
}
