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
use crate::model::{Book, Contact, ContactData, ExtraProperty, Meta, NewAttachment, Photo};
use crate::store::{FieldDef, Label, ListKind, Ops, RowKind, Store};
use crate::text::fold;
use crate::vcard::{Card, CardError};

use super::{
    check_data, clean_file_name, complete, parse_field_value, visible, Actor, BookKind, Service,
    MAX_ATTACHMENT_BYTES,
};

mod snapshot;

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

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub imported: usize,
    pub merged: usize,
    pub skipped: usize,
    pub failed: Vec<ImportFailure>,
    pub warnings: Vec<String>,
    /// Whether everything was rolled back (a dry run).
    pub dry_run: bool,
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
struct Names {
    groups: Vec<Label>,
    statuses: Vec<Label>,
    fields: Vec<FieldDef>,
}

impl Names {
    fn load(ops: &dyn Ops) -> Result<Names> {
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
type CarriedAttachment = (String, String, String, Vec<u8>);

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

/// A card made ready for `book`: its data with ids resolved, and the attachments it carries.
fn card_to_data(
    ops: &dyn Ops,
    names: &mut Names,
    book: Book,
    mut card: Card,
    warnings: &mut Vec<String>,
) -> Result<(ContactData, Option<Photo>, Vec<CarriedAttachment>)> {
    let mut attachments = Vec::new();
    let who = card.data.display_name();
    card.data.extra.retain(|e| match parse_attachment(&e.line) {
        Some((name, media_type, note, bytes)) => {
            if bytes.len() > MAX_ATTACHMENT_BYTES {
                warnings.push(format!(
                    "{who}: attachment '{}' of {} bytes is over the limit of {MAX_ATTACHMENT_BYTES} and was left out",
                    clean_file_name(&name).unwrap_or_default(),
                    bytes.len()
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
                            warnings.push(format!(
                                "{}: {e}; kept as an extra property",
                                card.data.display_name()
                            ));
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
    for w in card.warnings {
        warnings.push(format!("{}: {w}", card.data.display_name()));
    }
    complete(&mut card.data);
    Ok((card.data, photo, attachments))
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
        let outcome = self.store.write(|ops| {
            let mut names = Names::load(ops)?;
            let mut counts: BTreeMap<Arc<str>, usize> = BTreeMap::new();
            for (n, (file, card)) in cards.into_iter().enumerate() {
                let number = counts.entry(file.clone()).or_default();
                *number += 1;
                let number = *number;
                progress(n + 1);
                let card = match card {
                    Ok(c) => c,
                    Err(e) => {
                        sum.failed.push(ImportFailure {
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
                let (data, photo, attachments) =
                    match card_to_data(ops, &mut names, target, card, &mut sum.warnings) {
                        Ok(x) => x,
                        Err(e @ Error::Backend(_)) => return Err(e),
                        Err(e) => {
                            sum.failed.push(fail(e.to_string()));
                            continue;
                        }
                    };
                // In the business book groups, status and fields were resolved from the
                // store's own lists just above and the category was taken out, so only the
                // record's own rules are left (check_data would re-read the lists per card).
                let checked = if target.is_business() {
                    data.check()
                } else {
                    check_data(ops, actor, target, &data)
                };
                if let Err(e) = checked {
                    sum.failed.push(fail(e.to_string()));
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
            let snap = snapshot::encode(&before, &o, other_photo.as_ref(), &moved, k.meta.version);
            ops.insert_merge(keep, other, &snap)?;
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
            let mut keep = snap.keep;
            keep.meta.version = current.meta.version + 1;
            keep.meta.updated_at = now;
            keep.meta.updated_by = actor.id;
            if !keep.has_photo && current.has_photo {
                ops.set_photo(id, None)?;
            }
            ops.update_contact(&keep, current.meta.version)?;
            ops.delete_merge(record.id)?;
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
            let groups: BTreeMap<LabelId, String> = ops
                .labels(ListKind::Group)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect();
            let statuses: BTreeMap<LabelId, String> = ops
                .labels(ListKind::Status)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect();
            let fields: BTreeMap<FieldId, String> =
                ops.fields()?.into_iter().map(|d| (d.id, d.label)).collect();
            let card_of = |c: Contact| -> Result<Card> {
                let mut card = Card::new(c.data);
                card.categories = card
                    .data
                    .groups
                    .iter()
                    .filter_map(|g| groups.get(g).cloned())
                    .collect();
                card.status = card.data.status.and_then(|s| statuses.get(&s).cloned());
                card.custom_fields = card
                    .data
                    .custom
                    .iter()
                    .filter_map(|(f, v)| fields.get(f).map(|l| (l.clone(), v.to_string())))
                    .collect();
                if c.has_photo {
                    card.photo = ops.photo(c.id)?;
                }
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
                Ok(card)
            };
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

/// The other contact and the kept one's version right after the merge, from a merge
/// record's snapshot.
pub(super) fn merge_summary(text: &str) -> Result<(Contact, u64)> {
    let snap = snapshot::decode(text)?;
    Ok((snap.other, snap.merged_version))
}
