//! Client history, account managers, cases with their items and detail items, and the
//! takeover of an employee's work. All of it belongs to the business book: a private
//! contact is "not found" here, for its owner too, exactly as it is for anyone else.

use chrono::{DateTime, Datelike, Utc};

use super::{file_name, label_name, visible, Actor, Service, MAX_ATTACHMENT_BYTES};
use crate::case::{
    Case, CaseData, CaseQuery, CaseStatus, Detail, DetailBody, HistoryEntry, HistoryFile,
    NewHistoryEntry, NumberPattern, TimelineEntry, MAX_NUMBER_LEN, NUMBER_PATTERN_SETTING,
    NUMBER_PREFIX_SETTING,
};
use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, DetailId, HistoryFileId, HistoryId, UserId};
use crate::model::{Contact, ContactKind, Language, Meta, User};
use crate::money::Totals;
use crate::store::{Label, ListKind, Ops, Store};

/// The history kind takeover entries are written with.
pub const TAKEOVER_KIND: &str = "takeover";

/// A detail item as a user enters it. A file's bytes are required when it is added; on an
/// edit `None` keeps the stored content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailInput {
    Note {
        kind: String,
        text: String,
    },
    Document {
        kind: String,
        /// With `next_number`, what goes before the number ("FV" gives "FV 12/2026").
        symbol: String,
        content: String,
        /// Takes the next number of the document kind's sequence for the entry's year.
        next_number: bool,
    },
    File {
        name: String,
        media_type: String,
        note: String,
        bytes: Option<Vec<u8>>,
    },
}

/// A partial change to a detail item, as the CLI's options and the API's JSON give it: each
/// `Some` replaces that part of the stored entry, the rest stays. `text` is a note's text,
/// `note` a file's note; a file's content stays (replacing it takes a whole
/// [`DetailInput::File`] with its bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailPatch {
    pub kind: Option<String>,
    pub text: Option<String>,
    pub symbol: Option<String>,
    pub content: Option<String>,
    pub next_number: bool,
    pub name: Option<String>,
    pub note: Option<String>,
}

impl DetailPatch {
    /// The whole input for [`Service::update_detail`]: the stored `old` with this change.
    pub fn onto(self, old: &DetailBody) -> DetailInput {
        let or = |v: Option<String>, old: &str| v.unwrap_or_else(|| old.to_string());
        match old {
            DetailBody::Note { kind, text } => DetailInput::Note {
                kind: or(self.kind, kind),
                text: or(self.text, text),
            },
            DetailBody::Document {
                kind,
                symbol,
                content,
            } => DetailInput::Document {
                kind: or(self.kind, kind),
                symbol: or(self.symbol, symbol),
                content: or(self.content, content),
                next_number: self.next_number,
            },
            DetailBody::File {
                name,
                media_type,
                note,
            } => DetailInput::File {
                name: or(self.name, name),
                media_type: media_type.clone(),
                note: or(self.note, note),
                bytes: None,
            },
        }
    }
}

/// What a typed counterparty or contact person stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyPick {
    /// Nothing typed.
    Blank,
    /// Exactly one business contact: by id, or the only one the name matches.
    One(Box<Contact>),
    /// A name that matches none (empty) or several: the candidates to choose from.
    Choose(Vec<Contact>),
}

/// The most candidates a party search returns.
pub const MAX_PARTY_CANDIDATES: usize = 20;

/// The longest case kind name.
pub const MAX_KIND_LEN: usize = 100;

/// A case opened for reading: the case, its totals, the names it refers to, and its
/// timeline (its detail items and its counterparty's history, oldest first).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub case: Case,
    pub totals: Totals,
    pub counterparty: Contact,
    pub person: Option<Contact>,
    pub responsible: User,
    pub kind: Option<Label>,
    pub closed_by: Option<User>,
    pub timeline: Vec<TimelineEntry>,
}

/// The most contacts one bulk change takes.
pub const MAX_BULK: usize = 10_000;

/// What a list or card shows of a business client besides its data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientFacts {
    pub manager: Option<User>,
    /// The time of the newest history entry.
    pub last_contact: Option<DateTime<Utc>>,
}

/// What a takeover handed over.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TakeoverReport {
    /// The open cases, by number.
    pub cases: Vec<(CaseId, String)>,
    /// The clients whose account manager changed.
    pub clients: Vec<ContactId>,
    /// The open business-book reminders assigned to `from`, now assigned to `to`.
    pub reminders: Vec<crate::ids::ReminderId>,
    /// The clients whose history got an entry about it.
    pub history_entries: Vec<(ContactId, HistoryId)>,
}

impl<S: Store> Service<S> {
    // ---- client history ---------------------------------------------------------------

    /// Adds an entry to a business contact's history. `kind` joins the history-kind
    /// picklist if it is new (matched ignoring case and diacritics, so "Telefon" and
    /// "telefon" are one kind). `at` defaults to now. Files are `(name, media type,
    /// bytes)`.
    pub fn add_history(
        &self,
        actor: &Actor,
        contact: ContactId,
        kind: &str,
        text: &str,
        at: Option<DateTime<Utc>>,
        files: Vec<(String, String, Vec<u8>)>,
    ) -> Result<HistoryEntry> {
        let now = self.now();
        let text = clean_text("text", text)?;
        let mut checked = Vec::with_capacity(files.len());
        for (name, media_type, bytes) in files {
            checked.push((file_name(&name)?, media(&media_type), sized(bytes)?));
        }
        self.store.write(|ops| {
            business_contact(ops, actor, contact)?;
            let kind = grow(ops, ListKind::HistoryKind, kind)?;
            let new = NewHistoryEntry {
                contact,
                kind,
                at: at.unwrap_or(now),
                text,
                author: actor.id,
                created_at: now,
                files: checked,
            };
            let id = ops.insert_history(&new)?;
            ops.history_entry(id)?
                .ok_or_else(|| Error::not_found(format!("history entry {id}")))
        })
    }

    /// A business contact's history, newest first.
    pub fn history(&self, actor: &Actor, contact: ContactId) -> Result<Vec<HistoryEntry>> {
        self.store.read(|ops| {
            business_contact(ops, actor, contact)?;
            ops.history_of(contact)
        })
    }

    /// One history entry.
    pub fn history_entry(&self, actor: &Actor, id: HistoryId) -> Result<HistoryEntry> {
        self.store.read(|ops| entry(ops, actor, id))
    }

    /// A file of a history entry with its bytes.
    pub fn history_file(&self, actor: &Actor, id: HistoryFileId) -> Result<(HistoryFile, Vec<u8>)> {
        self.store.read(|ops| {
            let (info, bytes) = ops
                .history_file(id)?
                .ok_or_else(|| Error::not_found(format!("history file {id}")))?;
            entry(ops, actor, info.entry)
                .map_err(|_| Error::not_found(format!("history file {id}")))?;
            Ok((info, bytes))
        })
    }

    /// Changes a history entry's kind, time and text (its files stay); only its author or
    /// an admin may. The kind joins the picklist as on adding; the contact's last contact
    /// follows the new time.
    pub fn update_history(
        &self,
        actor: &Actor,
        id: HistoryId,
        kind: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<HistoryEntry> {
        let text = clean_text("text", text)?;
        self.store.write(|ops| {
            let e = entry(ops, actor, id)?;
            if !actor.may_change_history(&e) {
                return Err(Error::Forbidden(
                    "only its author or an admin may change a history entry".into(),
                ));
            }
            let kind = grow(ops, ListKind::HistoryKind, kind)?;
            ops.update_history(id, &kind, at, &text)?;
            entry(ops, actor, id)
        })
    }

    /// Removes a history entry; only its author or an admin may.
    pub fn remove_history(&self, actor: &Actor, id: HistoryId) -> Result<()> {
        self.store.write(|ops| {
            let e = entry(ops, actor, id)?;
            if !actor.may_change_history(&e) {
                return Err(Error::Forbidden(
                    "only its author or an admin may remove a history entry".into(),
                ));
            }
            ops.delete_history(id)
        })
    }

    /// The history kinds to suggest, most used first, with their number of entries.
    pub fn history_kinds(&self) -> Result<Vec<(String, u64)>> {
        self.store.read(|ops| {
            let uses = ops.history_kind_uses()?;
            let mut out: Vec<(String, u64)> = ops
                .labels(ListKind::HistoryKind)?
                .into_iter()
                .map(|l| {
                    let n = uses
                        .iter()
                        .filter(|(k, _)| *k == l.name)
                        .map(|(_, n)| n)
                        .sum();
                    (l.name, n)
                })
                .collect();
            for (k, n) in uses {
                if !out.iter().any(|(name, _)| *name == k) {
                    out.push((k, n));
                }
            }
            out.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| crate::text::fold(&a.0).cmp(&crate::text::fold(&b.0)))
            });
            Ok(out)
        })
    }

    /// The kinds of notes used so far (the picklist), by name.
    pub fn note_kinds(&self) -> Result<Vec<String>> {
        Ok(self
            .labels(ListKind::NoteKind)?
            .into_iter()
            .map(|l| l.name)
            .collect())
    }

    /// The kinds of documents used so far (the picklist), by name.
    pub fn document_kinds(&self) -> Result<Vec<String>> {
        Ok(self
            .labels(ListKind::DocumentKind)?
            .into_iter()
            .map(|l| l.name)
            .collect())
    }

    /// The user-defined case kinds, by name.
    pub fn case_kinds(&self) -> Result<Vec<Label>> {
        self.labels(ListKind::CaseKind)
    }

    /// The case kinds with the number of cases of each. Any user may.
    pub fn case_kind_uses(&self, _actor: &Actor) -> Result<Vec<(Label, u64)>> {
        self.store.read(|ops| {
            let mut out = Vec::new();
            for l in ops.labels(ListKind::CaseKind)? {
                let n = ops.count_cases(&kind_query(l.id))?;
                out.push((l, n));
            }
            Ok(out)
        })
    }

    /// A case kind by id or by name (ignoring case and diacritics).
    pub fn case_kind(&self, key: &str) -> Result<Label> {
        self.store.read(|ops| case_kind_by_key(ops, key))
    }

    /// Adds a case kind. Any user may: the picklist is the business book's.
    pub fn add_case_kind(&self, _actor: &Actor, name: &str) -> Result<Label> {
        let name = kind_name(name)?;
        self.store.write(|ops| {
            if let Some(l) = same_kind(ops, &name, None)? {
                return Err(Error::invalid(
                    "name",
                    format!("there is a case kind '{}' already", l.name),
                ));
            }
            ops.insert_label(ListKind::CaseKind, &name)
        })
    }

    /// Renames a case kind (given by id or name); cases keep it.
    /// Any user may: the picklist is the business book's.
    pub fn rename_case_kind(&self, _actor: &Actor, key: &str, new: &str) -> Result<Label> {
        let name = kind_name(new)?;
        self.store.write(|ops| {
            let label = case_kind_by_key(ops, key)?;
            if let Some(l) = same_kind(ops, &name, Some(label.id))? {
                return Err(Error::invalid(
                    "name",
                    format!("there is a case kind '{}' already", l.name),
                ));
            }
            ops.rename_label(label.id, &name)?;
            Ok(Label { name, ..label })
        })
    }

    /// Removes a case kind (given by id or name) that no case uses; a kind in use is an
    /// error that says how many cases have it and which.
    /// Any user may: the picklist is the business book's.
    pub fn remove_case_kind(&self, _actor: &Actor, key: &str) -> Result<()> {
        self.store.write(|ops| {
            let label = case_kind_by_key(ops, key)?;
            unused_kind(ops, &label)?;
            ops.delete_label(label.id)
        })
    }

    // ---- counterparty and contact person ----------------------------------------------

    /// Business contacts whose name matches `text`, for the counterparty (`org` `None`:
    /// organisations first, then people, since a private person may be a counterparty) or
    /// for the contact person (`org` given: people working there; blank text lists them).
    /// Private contacts are never offered, the actor's own neither. At most
    /// [`MAX_PARTY_CANDIDATES`].
    pub fn case_party_candidates(
        &self,
        actor: &Actor,
        text: &str,
        org: Option<ContactId>,
    ) -> Result<Vec<Contact>> {
        let text = text.trim();
        if text.chars().count() > 200 {
            return Err(Error::invalid("q", "at most 200 characters"));
        }
        let mut found = match org {
            Some(o) => {
                self.store.read(|ops| business_contact(ops, actor, o))?;
                let people = self.people_of(actor, o)?;
                let terms = crate::search::terms(text);
                people
                    .into_iter()
                    .filter(|p| {
                        let doc = crate::text::fold(&p.data.display_name());
                        terms.iter().all(|t| doc.contains(t.as_str()))
                    })
                    .collect::<Vec<_>>()
            }
            None if text.is_empty() => vec![],
            None => self.search(actor, text, Some(crate::service::BookKind::Business), 200)?,
        };
        found.retain(|c| c.book.is_business());
        if org.is_some() {
            found.retain(|c| c.data.kind == ContactKind::Person);
        } else {
            found.sort_by_key(|c| c.data.kind != ContactKind::Organisation);
        }
        found.truncate(MAX_PARTY_CANDIDATES);
        Ok(found)
    }

    /// What a typed counterparty (`org` `None`) or contact person (`org` given) stands
    /// for: an id ("12", "#12", or a suggestion's "Name (#12)") must be a business
    /// contact the actor may see (else "not found"); a name gives the one contact it
    /// matches, or the candidates to choose from.
    pub fn pick_case_party(
        &self,
        actor: &Actor,
        text: &str,
        org: Option<ContactId>,
    ) -> Result<PartyPick> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(PartyPick::Blank);
        }
        if let Some(id) = typed_id(t) {
            return self
                .store
                .read(|ops| business_contact(ops, actor, id))
                .map(|c| PartyPick::One(Box::new(c)));
        }
        let mut found = self.case_party_candidates(actor, t, org)?;
        // A name typed in full picks its contact even when longer names also match.
        let folded = crate::text::fold(t);
        let exact: Vec<&Contact> = found
            .iter()
            .filter(|c| crate::text::fold(&c.data.display_name()) == folded)
            .collect();
        if exact.len() == 1 {
            return Ok(PartyPick::One(Box::new(exact[0].clone())));
        }
        if found.len() == 1 {
            return Ok(PartyPick::One(Box::new(found.remove(0))));
        }
        // "hurtownia" picks the firm, not also its people found through the firm's name.
        let terms = crate::search::terms(t);
        let by_name: Vec<&Contact> = found
            .iter()
            .filter(|c| {
                let name = crate::text::fold(&c.data.display_name());
                terms.iter().all(|x| name.contains(x.as_str()))
            })
            .collect();
        if by_name.len() == 1 {
            return Ok(PartyPick::One(Box::new(by_name[0].clone())));
        }
        Ok(PartyPick::Choose(found))
    }

    /// When the client was last contacted: the time of its latest history entry.
    pub fn last_contact(&self, actor: &Actor, contact: ContactId) -> Result<Option<DateTime<Utc>>> {
        self.store.read(|ops| {
            business_contact(ops, actor, contact)?;
            ops.last_contact(contact)
        })
    }

    // ---- account managers ---------------------------------------------------------------

    /// Sets or clears the employee responsible for a business client.
    pub fn set_account_manager(
        &self,
        actor: &Actor,
        contact: ContactId,
        user: Option<UserId>,
    ) -> Result<()> {
        self.store.write(|ops| {
            business_contact(ops, actor, contact)?;
            if let Some(u) = user {
                enabled_user(ops, "account manager", u)?;
            }
            ops.set_account_manager(contact, user)
        })
    }

    pub fn account_manager(&self, actor: &Actor, contact: ContactId) -> Result<Option<User>> {
        self.store.read(|ops| {
            business_contact(ops, actor, contact)?;
            match ops.account_manager(contact)? {
                Some(u) => ops.user(u),
                None => Ok(None),
            }
        })
    }

    /// The business clients a user is responsible for.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn clients_of(&self, _actor: &Actor, user: UserId) -> Result<Vec<Contact>> {
        self.store.read(|ops| {
            let mut out = Vec::new();
            for id in ops.clients_of(user)? {
                if let Some(c) = ops.contact(id)? {
                    out.push(c);
                }
            }
            out.sort_by_cached_key(|c| (crate::search::sort_key(&c.data), c.id));
            Ok(out)
        })
    }

    /// Sets or clears the account manager of many business clients at once, in one
    /// transaction: the first contact that is not a business contact the actor may see
    /// fails the whole change. At most [`MAX_BULK`] contacts. Returns how many changed.
    pub fn set_account_managers(
        &self,
        actor: &Actor,
        contacts: &[ContactId],
        user: Option<UserId>,
    ) -> Result<usize> {
        if contacts.is_empty() {
            return Err(Error::invalid("contacts", "pick at least one contact"));
        }
        if contacts.len() > MAX_BULK {
            return Err(Error::invalid(
                "contacts",
                format!(
                    "{} contacts is more than the limit of {MAX_BULK} at once",
                    contacts.len()
                ),
            ));
        }
        self.store.write(|ops| {
            if let Some(u) = user {
                enabled_user(ops, "account manager", u)?;
            }
            let mut changed = 0;
            for &c in contacts {
                business_contact(ops, actor, c)?;
                if ops.account_manager(c)? != user {
                    ops.set_account_manager(c, user)?;
                    changed += 1;
                }
            }
            Ok(changed)
        })
    }

    /// The account manager and the last contact time of each business contact among
    /// `contacts` the actor may see (others are left out), for lists and cards.
    pub fn client_facts(
        &self,
        actor: &Actor,
        contacts: &[ContactId],
    ) -> Result<Vec<(ContactId, ClientFacts)>> {
        self.store.read(|ops| {
            let mut users: Vec<User> = Vec::new();
            let mut out = Vec::with_capacity(contacts.len());
            for &c in contacts.iter().take(MAX_BULK) {
                if business_contact(ops, actor, c).is_err() {
                    continue;
                }
                let manager = match ops.account_manager(c)? {
                    Some(u) => match users.iter().find(|x| x.id == u) {
                        Some(known) => Some(known.clone()),
                        None => {
                            let found = ops.user(u)?;
                            if let Some(f) = &found {
                                users.push(f.clone());
                            }
                            found
                        }
                    },
                    None => None,
                };
                out.push((
                    c,
                    ClientFacts {
                        manager,
                        last_contact: ops.last_contact(c)?,
                    },
                ));
            }
            Ok(out)
        })
    }

    // ---- cases --------------------------------------------------------------------------

    /// Registers a case under the next number of the pattern (setting
    /// `case.number_pattern`, `YYYY/NNNN` by default) for its registration year.
    pub fn create_case(&self, actor: &Actor, data: CaseData) -> Result<Case> {
        self.create_case_numbered(actor, data, None)
    }

    /// Registers a case under `number` as typed by hand (it must follow the pattern and be
    /// unused; leading zeros of the sequence may be left out and are put back), or under
    /// the next number when `None` or blank. A number already used is an error naming the
    /// field `number`.
    pub fn create_case_numbered(
        &self,
        actor: &Actor,
        data: CaseData,
        number: Option<&str>,
    ) -> Result<Case> {
        let meta = self.new_meta(actor);
        let typed = number.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = typed {
            if n.chars().count() > MAX_NUMBER_LEN {
                return Err(Error::invalid(
                    "number",
                    format!("a case number has at most {MAX_NUMBER_LEN} characters"),
                ));
            }
        }
        self.store.write(|ops| {
            let data = check_case(ops, actor, data)?;
            let pattern = number_pattern(ops)?;
            let (year, seq) = match typed {
                Some(n) => pattern.read(n)?,
                None => next_seq(ops, &pattern, data.registered_on.year())?,
            };
            let number = pattern.format(year, seq);
            if let Some(other) = ops.case_by_number(&number)? {
                return Err(taken(&number, &other));
            }
            let mut case = Case {
                id: CaseId(0),
                number: number.clone(),
                year,
                seq,
                data,
                status: CaseStatus::Open,
                meta,
            };
            case.id = ops.insert_case(&case).map_err(|e| match e {
                Error::Conflict(_) => Error::invalid(
                    "number",
                    format!(
                        "case number {number} is already used (its sequence number {seq} is taken)"
                    ),
                ),
                other => other,
            })?;
            Ok(case)
        })
    }

    /// The number the next case registered on `registered_on` would get: what the new-case
    /// form proposes. Any user may.
    pub fn next_case_number(
        &self,
        _actor: &Actor,
        registered_on: chrono::NaiveDate,
    ) -> Result<String> {
        self.store.read(|ops| {
            let pattern = number_pattern(ops)?;
            let (year, seq) = next_seq(ops, &pattern, registered_on.year())?;
            Ok(pattern.format(year, seq))
        })
    }

    /// The pattern of case numbers in force. Any user may.
    pub fn case_number_pattern(&self) -> Result<NumberPattern> {
        self.store.read(number_pattern)
    }

    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn case(&self, _actor: &Actor, id: CaseId) -> Result<Case> {
        self.store.read(|ops| find_case(ops, id))
    }

    /// A case by its number ("2026/0001", prefix included if it has one).
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn case_by_number(&self, _actor: &Actor, number: &str) -> Result<Case> {
        self.store.read(|ops| {
            ops.case_by_number(number.trim())?
                .ok_or_else(|| Error::not_found(format!("case {}", number.trim())))
        })
    }

    /// A case by id or by number, as a user types it.
    pub fn find_case(&self, actor: &Actor, key: &str) -> Result<Case> {
        let k = key.trim();
        if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(id) = k.parse::<CaseId>() {
                return self.case(actor, id);
            }
        }
        self.case_by_number(actor, k)
    }

    /// Opens a case: the case with its totals, names and timeline.
    pub fn open_case(&self, actor: &Actor, id: CaseId) -> Result<CaseView> {
        self.store.read(|ops| {
            let case = find_case(ops, id)?;
            let totals = case.totals()?;
            let counterparty = ops
                .contact(case.data.counterparty)?
                .ok_or_else(|| Error::not_found(format!("contact {}", case.data.counterparty)))?;
            let person = match case.data.person {
                Some(p) => ops.contact(p)?,
                None => None,
            };
            let responsible = ops
                .user(case.data.responsible)?
                .ok_or_else(|| Error::not_found(format!("user {}", case.data.responsible)))?;
            let kind = match case.data.kind {
                Some(k) => ops
                    .labels(ListKind::CaseKind)?
                    .into_iter()
                    .find(|l| l.id == k),
                None => None,
            };
            let closed_by = match case.status {
                CaseStatus::Closed { by, .. } => ops.user(by)?,
                CaseStatus::Open => None,
            };
            let timeline = timeline(ops, actor, &case)?;
            Ok(CaseView {
                case,
                totals,
                counterparty,
                person,
                responsible,
                kind,
                closed_by,
                timeline,
            })
        })
    }

    /// A page of cases, newest number first.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn cases(&self, _actor: &Actor, query: &CaseQuery) -> Result<Vec<Case>> {
        let q = CaseQuery {
            limit: query.limit.clamp(1, 10_000),
            ..query.clone()
        };
        self.store.read(|ops| ops.list_cases(&q))
    }

    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn count_cases(&self, _actor: &Actor, query: &CaseQuery) -> Result<u64> {
        self.store.read(|ops| ops.count_cases(query))
    }

    /// Replaces a case's data if it is still at `expected_version` and open.
    pub fn update_case(
        &self,
        actor: &Actor,
        id: CaseId,
        expected_version: u64,
        data: CaseData,
    ) -> Result<Case> {
        let now = self.now();
        self.store.write(|ops| {
            let old = editable_case(ops, id, expected_version)?;
            let data = check_case(ops, actor, data)?;
            let case = Case {
                data,
                meta: bumped(&old.meta, actor, now),
                ..old
            };
            ops.update_case(&case, expected_version)?;
            Ok(case)
        })
    }

    /// Loads a case, applies `change` and saves it at the version it was loaded at.
    pub fn modify_case(
        &self,
        actor: &Actor,
        id: CaseId,
        change: impl FnOnce(&mut CaseData) -> Result<()>,
    ) -> Result<Case> {
        let current = self.case(actor, id)?;
        let mut data = current.data.clone();
        change(&mut data)?;
        self.update_case(actor, id, current.meta.version, data)
    }

    /// Like [`Service::modify_case`], at the version the caller saw: a case changed since
    /// is a conflict and nothing is written.
    pub fn modify_case_at(
        &self,
        actor: &Actor,
        id: CaseId,
        expected_version: u64,
        change: impl FnOnce(&mut CaseData) -> Result<()>,
    ) -> Result<Case> {
        let current = self.case(actor, id)?;
        let mut data = current.data.clone();
        change(&mut data)?;
        self.update_case(actor, id, expected_version, data)
    }

    /// Adds an item under negotiation at the end.
    pub fn add_case_item(
        &self,
        actor: &Actor,
        id: CaseId,
        item: crate::case::CaseItem,
    ) -> Result<Case> {
        self.modify_case(actor, id, |d| {
            d.items.push(item);
            Ok(())
        })
    }

    /// Replaces item number `line` (from 1).
    pub fn update_case_item(
        &self,
        actor: &Actor,
        id: CaseId,
        line: usize,
        item: crate::case::CaseItem,
    ) -> Result<Case> {
        self.modify_case(actor, id, |d| {
            let slot = line
                .checked_sub(1)
                .and_then(|i| d.items.get_mut(i))
                .ok_or_else(|| no_line(line))?;
            *slot = item;
            Ok(())
        })
    }

    /// Removes item number `line` (from 1).
    pub fn remove_case_item(&self, actor: &Actor, id: CaseId, line: usize) -> Result<Case> {
        self.modify_case(actor, id, |d| {
            if line == 0 || line > d.items.len() {
                return Err(no_line(line));
            }
            d.items.remove(line - 1);
            Ok(())
        })
    }

    /// Closes an open case, recording who and when.
    pub fn close_case(&self, actor: &Actor, id: CaseId, expected_version: u64) -> Result<Case> {
        let now = self.now();
        self.store.write(|ops| {
            let old = editable_case(ops, id, expected_version)?;
            let case = Case {
                status: CaseStatus::Closed {
                    by: actor.id,
                    at: now,
                },
                meta: bumped(&old.meta, actor, now),
                ..old
            };
            ops.update_case(&case, expected_version)?;
            Ok(case)
        })
    }

    /// Opens a closed case again.
    pub fn reopen_case(&self, actor: &Actor, id: CaseId, expected_version: u64) -> Result<Case> {
        let now = self.now();
        self.store.write(|ops| {
            let old = find_case(ops, id)?;
            if old.meta.version != expected_version {
                return Err(stale_case(&old, expected_version));
            }
            if old.status.is_open() {
                return Err(Error::invalid(
                    "status",
                    format!("case {} is open already", old.number),
                ));
            }
            let case = Case {
                status: CaseStatus::Open,
                meta: bumped(&old.meta, actor, now),
                ..old
            };
            ops.update_case(&case, expected_version)?;
            Ok(case)
        })
    }

    /// Removes a case with its detail items; only the employee responsible or an admin may.
    pub fn delete_case(&self, actor: &Actor, id: CaseId) -> Result<()> {
        self.store.write(|ops| {
            let case = find_case(ops, id)?;
            if case.data.responsible != actor.id && !actor.admin {
                return Err(Error::Forbidden(format!(
                    "only the employee responsible or an admin may remove case {}",
                    case.number
                )));
            }
            ops.delete_case(id)
        })
    }

    // ---- detail items -------------------------------------------------------------------

    /// Adds a note, a document reference or a file to an open case; `at` defaults to now.
    pub fn add_detail(
        &self,
        actor: &Actor,
        case: CaseId,
        at: Option<DateTime<Utc>>,
        input: DetailInput,
    ) -> Result<Detail> {
        let meta = self.new_meta(actor);
        let at = at.unwrap_or(meta.created_at);
        self.store.write(|ops| {
            let c = find_case(ops, case)?;
            if !c.status.is_open() {
                return Err(closed(&c));
            }
            let (body, bytes) = check_detail(ops, input, None, at)?;
            let mut d = Detail {
                id: DetailId(0),
                case,
                at,
                size: bytes.as_ref().map_or(0, |b| b.len() as u64),
                body,
                meta,
            };
            d.id = ops.insert_detail(&d, bytes.as_deref())?;
            Ok(d)
        })
    }

    /// A case's detail items in time order.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn details(&self, _actor: &Actor, case: CaseId) -> Result<Vec<Detail>> {
        self.store.read(|ops| {
            find_case(ops, case)?;
            ops.details(case)
        })
    }

    /// Opens a detail item: the item, and a file's bytes.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn detail(&self, _actor: &Actor, id: DetailId) -> Result<(Detail, Option<Vec<u8>>)> {
        self.store.read(|ops| {
            let d = find_detail(ops, id)?;
            let bytes = match d.body {
                DetailBody::File { .. } => ops.detail_bytes(id)?,
                _ => None,
            };
            Ok((d, bytes))
        })
    }

    /// Edits a detail item of an open case if it is still at `expected_version`. Its type
    /// stays; `at` `None` keeps the date; a file's `bytes` `None` keeps its content.
    pub fn update_detail(
        &self,
        actor: &Actor,
        id: DetailId,
        expected_version: u64,
        at: Option<DateTime<Utc>>,
        input: DetailInput,
    ) -> Result<Detail> {
        let now = self.now();
        self.store.write(|ops| {
            let old = find_detail(ops, id)?;
            let c = find_case(ops, old.case)?;
            if !c.status.is_open() {
                return Err(closed(&c));
            }
            if old.meta.version != expected_version {
                return Err(Error::Conflict(format!("detail item {id} was changed by someone else (you edited version {expected_version}, it is now at {}); reload and try again", old.meta.version)));
            }
            let (body, bytes) = check_detail(ops, input, Some(&old.body), at.unwrap_or(old.at))?;
            let d = Detail {
                at: at.unwrap_or(old.at),
                size: match (&body, &bytes) {
                    (DetailBody::File { .. }, Some(b)) => b.len() as u64,
                    (DetailBody::File { .. }, None) => old.size,
                    _ => 0,
                },
                body,
                meta: bumped(&old.meta, actor, now),
                ..old
            };
            ops.update_detail(&d, bytes.as_deref(), expected_version)?;
            Ok(d)
        })
    }

    /// Removes a detail item of an open case.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn remove_detail(&self, _actor: &Actor, id: DetailId) -> Result<()> {
        self.store.write(|ops| {
            let d = find_detail(ops, id)?;
            let c = find_case(ops, d.case)?;
            if !c.status.is_open() {
                return Err(closed(&c));
            }
            ops.delete_detail(id)
        })
    }

    /// A case's detail items and its counterparty's history, oldest first.
    pub fn case_timeline(&self, actor: &Actor, case: CaseId) -> Result<Vec<TimelineEntry>> {
        self.store.read(|ops| {
            let c = find_case(ops, case)?;
            timeline(ops, actor, &c)
        })
    }

    // ---- takeover -----------------------------------------------------------------------

    /// Hands every open case, every open business-book reminder assigned to `from` and
    /// every client of `from` to `to` in one transaction, and records it in each affected
    /// client's history, in the installation's language. Only an admin may. `from` may be
    /// a disabled (departed) user; `to` must be enabled. Reminders in `from`'s private book
    /// stay private.
    pub fn takeover(&self, actor: &Actor, from: &str, to: &str) -> Result<TakeoverReport> {
        let lang = self.installation_language()?;
        let now = self.now();
        self.store
            .write(|ops| takeover_in(ops, actor, from, to, now, lang))
    }

    /// What [`Service::takeover`] would move, without moving it (the same work, rolled
    /// back).
    pub fn takeover_preview(&self, actor: &Actor, from: &str, to: &str) -> Result<TakeoverReport> {
        const PREVIEW: &str = "takeover preview: nothing was written";
        let lang = self.installation_language()?;
        let now = self.now();
        let mut seen = None;
        let done = self.store.write(|ops| {
            seen = Some(takeover_in(ops, actor, from, to, now, lang)?);
            Err::<(), _>(Error::Conflict(PREVIEW.into()))
        });
        match (done, seen) {
            (Err(Error::Conflict(m)), Some(report)) if m == PREVIEW => Ok(report),
            (Err(e), _) => Err(e),
            (Ok(()), _) => Err(Error::Backend(
                "takeover preview was not rolled back".into(),
            )),
        }
    }
}

/// The history kind of takeover entries in a language.
pub fn takeover_kind(lang: Language) -> &'static str {
    match lang {
        Language::Polish => "przejęcie",
        Language::English => TAKEOVER_KIND,
    }
}

/// The history text of a takeover for one client.
fn takeover_text(
    lang: Language,
    from: &str,
    to: &str,
    numbers: &[String],
    reminders: usize,
    account: bool,
) -> String {
    let mut what = Vec::new();
    if !numbers.is_empty() {
        let word = match (lang, numbers.len()) {
            (Language::Polish, 1) => "sprawa",
            (Language::Polish, _) => "sprawy",
            (Language::English, 1) => "case",
            (Language::English, _) => "cases",
        };
        what.push(format!("{word} {}", numbers.join(", ")));
    }
    if reminders > 0 {
        let n = reminders;
        let words = match lang {
            Language::Polish => {
                let few = (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100));
                if n == 1 {
                    "otwarte przypomnienie"
                } else if few {
                    "otwarte przypomnienia"
                } else {
                    "otwartych przypomnień"
                }
            }
            Language::English if n == 1 => "open reminder",
            Language::English => "open reminders",
        };
        what.push(format!("{n} {words}"));
    }
    if account {
        what.push(
            match lang {
                Language::Polish => "opieka nad klientem",
                Language::English => "responsibility for the client",
            }
            .to_string(),
        );
    }
    let lead = match lang {
        Language::Polish => "Przekazano od",
        Language::English => "Handed over from",
    };
    let and = match lang {
        Language::Polish => "do",
        Language::English => "to",
    };
    format!("{lead} {from} {and} {to}: {}.", what.join("; "))
}

fn takeover_in(
    ops: &dyn Ops,
    actor: &Actor,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
    lang: Language,
) -> Result<TakeoverReport> {
    if !actor.admin {
        return Err(Error::Forbidden(
            "only an admin may hand over an employee's work".into(),
        ));
    }
    let from = ops
        .user_by_name(from.trim())?
        .ok_or_else(|| Error::not_found(format!("user '{}'", from.trim())))?;
    let to = ops
        .user_by_name(to.trim())?
        .ok_or_else(|| Error::not_found(format!("user '{}'", to.trim())))?;
    if from.id == to.id {
        return Err(Error::invalid(
            "to",
            "hand the work to someone other than its current holder",
        ));
    }
    if to.disabled {
        return Err(Error::invalid(
            "to",
            format!("user '{}' is disabled", to.name),
        ));
    }
    let mut report = TakeoverReport::default();
    // (client, case numbers handed over, whether its account moved)
    let mut touched: Vec<(ContactId, Vec<String>, bool)> = Vec::new();
    let mut reminder_count: Vec<ContactId> = Vec::new();
    let open = CaseQuery {
        open: Some(true),
        responsible: Some(from.id),
        limit: usize::MAX,
        ..CaseQuery::default()
    };
    for old in ops.list_cases(&open)? {
        let expected = old.meta.version;
        let mut case = Case {
            meta: bumped(&old.meta, actor, now),
            ..old
        };
        case.data.responsible = to.id;
        ops.update_case(&case, expected)?;
        report.cases.push((case.id, case.number.clone()));
        match touched.iter_mut().find(|t| t.0 == case.data.counterparty) {
            Some(t) => t.1.push(case.number.clone()),
            None => touched.push((case.data.counterparty, vec![case.number.clone()], false)),
        }
    }
    let mut reminders = crate::store::ReminderQuery::new(crate::store::Scope {
        private_of: None,
        business: true,
    });
    reminders.involving = Some(from.id);
    reminders.open_only = true;
    for r in ops.reminders(&reminders)? {
        if r.assignee != Some(from.id) || r.is_done() {
            continue;
        }
        let expected = r.version;
        let moved = crate::store::Reminder {
            assignee: Some(to.id),
            version: expected + 1,
            ..r
        };
        ops.update_reminder(&moved, expected)?;
        report.reminders.push(moved.id);
        if !touched.iter().any(|t| t.0 == moved.contact) {
            if let Some(c) = ops.contact(moved.contact)? {
                if c.book.is_business() {
                    touched.push((moved.contact, vec![], false));
                }
            }
        }
        reminder_count.push(moved.contact);
    }
    for client in ops.clients_of(from.id)? {
        ops.set_account_manager(client, Some(to.id))?;
        report.clients.push(client);
        match touched.iter_mut().find(|t| t.0 == client) {
            Some(t) => t.2 = true,
            None => touched.push((client, vec![], true)),
        }
    }
    if !touched.is_empty() {
        let kind = grow(ops, ListKind::HistoryKind, takeover_kind(lang))?;
        for (client, numbers, account) in touched {
            let n = reminder_count.iter().filter(|c| **c == client).count();
            let text = takeover_text(lang, &from.name, &to.name, &numbers, n, account);
            let id = ops.insert_history(&NewHistoryEntry {
                contact: client,
                kind: kind.clone(),
                at: now,
                text,
                author: actor.id,
                created_at: now,
                files: vec![],
            })?;
            report.history_entries.push((client, id));
        }
    }
    Ok(report)
}

// ---- rules -----------------------------------------------------------------------------

/// The case number pattern: the setting, else the old prefix setting before `YYYY/NNNN`.
fn number_pattern(ops: &dyn Ops) -> Result<NumberPattern> {
    match ops.setting(NUMBER_PATTERN_SETTING)? {
        Some(p) if !p.trim().is_empty() => NumberPattern::parse(&p),
        _ => Ok(NumberPattern::with_prefix(
            &ops.setting(NUMBER_PREFIX_SETTING)?.unwrap_or_default(),
        )),
    }
}

/// (sequence year, next sequence) for a case registered in `registered`.
fn next_seq(ops: &dyn Ops, pattern: &NumberPattern, registered: i32) -> Result<(i32, u32)> {
    let year = pattern.sequence_year(registered);
    let seq = ops
        .last_case_seq(year)?
        .checked_add(1)
        .ok_or_else(|| Error::invalid("number", format!("no case numbers left in {year}")))?;
    Ok((year, seq))
}

fn kind_query(kind: crate::ids::LabelId) -> CaseQuery {
    CaseQuery {
        kind: Some(kind),
        limit: 5,
        ..CaseQuery::default()
    }
}

fn kind_name(name: &str) -> Result<String> {
    let name = clean_line("name", name)?;
    if name.is_empty() {
        return Err(Error::invalid("name", "a case kind needs a name"));
    }
    if name.chars().count() > MAX_KIND_LEN {
        return Err(Error::invalid(
            "name",
            format!("a case kind name has at most {MAX_KIND_LEN} characters"),
        ));
    }
    Ok(name)
}

/// The case kind named like `name` (ignoring case and diacritics), other than `except`.
fn same_kind(
    ops: &dyn Ops,
    name: &str,
    except: Option<crate::ids::LabelId>,
) -> Result<Option<Label>> {
    let folded = crate::text::fold(name);
    Ok(ops
        .labels(ListKind::CaseKind)?
        .into_iter()
        .find(|l| Some(l.id) != except && crate::text::fold(&l.name) == folded))
}

fn case_kind_by_key(ops: &dyn Ops, key: &str) -> Result<Label> {
    let k = key.trim();
    let kinds = ops.labels(ListKind::CaseKind)?;
    let by_id = k
        .parse::<i64>()
        .ok()
        .and_then(|id| kinds.iter().find(|l| l.id.0 == id));
    let folded = crate::text::fold(k);
    by_id
        .or_else(|| kinds.iter().find(|l| crate::text::fold(&l.name) == folded))
        .cloned()
        .ok_or_else(|| Error::not_found(format!("case kind '{k}'")))
}

/// Refuses to remove a case kind that cases use.
pub(super) fn unused_kind(ops: &dyn Ops, label: &Label) -> Result<()> {
    let q = kind_query(label.id);
    let n = ops.count_cases(&q)?;
    if n == 0 {
        return Ok(());
    }
    let numbers: Vec<String> = ops.list_cases(&q)?.into_iter().map(|c| c.number).collect();
    let more = if n > numbers.len() as u64 {
        ", …"
    } else {
        ""
    };
    Err(Error::invalid(
        "kind",
        format!(
            "case kind '{}' is used by {n} case{} ({}{more}); give {} another kind first",
            label.name,
            if n == 1 { "" } else { "s" },
            numbers.join(", "),
            if n == 1 { "it" } else { "them" },
        ),
    ))
}

/// "Name (#12)": how a case's form names a party, so a name shared by two contacts is still
/// one of them; [`typed_id`] reads it back.
pub fn party_label(c: &crate::model::Contact) -> String {
    format!("{} (#{})", c.data.display_name(), c.id)
}

/// An id as typed where a contact is expected: "12", "#12" or "Name (#12)" ([`party_label`]).
fn typed_id(t: &str) -> Option<ContactId> {
    let digits = |s: &str| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit());
    let t = t.trim();
    if digits(t) {
        return t.parse().ok();
    }
    let inner = t.strip_suffix(')').unwrap_or(t);
    let at = inner.rfind('#')?;
    let n = &inner[at + 1..];
    if digits(n) && (at == 0 || inner[..at].ends_with('(') || inner[..at].ends_with(' ')) {
        n.parse().ok()
    } else {
        None
    }
}

fn taken(number: &str, other: &Case) -> Error {
    Error::invalid(
        "number",
        format!(
            "case number {number} is already used by \"{}\"; type another or leave it for the next free one",
            other.data.title
        ),
    )
}

/// A business-book contact the actor may see; anything else is "not found".
pub(super) fn business_contact(ops: &dyn Ops, actor: &Actor, id: ContactId) -> Result<Contact> {
    match visible(ops, actor, id) {
        Ok(c) if c.book.is_business() => Ok(c),
        _ => Err(Error::not_found(format!("business contact {id}"))),
    }
}

fn entry(ops: &dyn Ops, actor: &Actor, id: HistoryId) -> Result<HistoryEntry> {
    let e = ops
        .history_entry(id)?
        .ok_or_else(|| Error::not_found(format!("history entry {id}")))?;
    business_contact(ops, actor, e.contact)
        .map_err(|_| Error::not_found(format!("history entry {id}")))?;
    Ok(e)
}

fn find_case(ops: &dyn Ops, id: CaseId) -> Result<Case> {
    ops.case(id)?
        .ok_or_else(|| Error::not_found(format!("case {id}")))
}

fn find_detail(ops: &dyn Ops, id: DetailId) -> Result<Detail> {
    ops.detail(id)?
        .ok_or_else(|| Error::not_found(format!("detail item {id}")))
}

fn editable_case(ops: &dyn Ops, id: CaseId, expected_version: u64) -> Result<Case> {
    let old = find_case(ops, id)?;
    if old.meta.version != expected_version {
        return Err(stale_case(&old, expected_version));
    }
    if !old.status.is_open() {
        return Err(closed(&old));
    }
    Ok(old)
}

fn stale_case(case: &Case, expected: u64) -> Error {
    Error::Conflict(format!(
        "case {} was changed by someone else (you edited version {expected}, it is now at {}); reload and try again",
        case.number, case.meta.version
    ))
}

fn closed(case: &Case) -> Error {
    Error::invalid(
        "case",
        format!("case {} is closed; reopen it to change it", case.number),
    )
}

fn no_line(line: usize) -> Error {
    Error::invalid("item", format!("the case has no item number {line}"))
}

fn bumped(old: &Meta, actor: &Actor, now: DateTime<Utc>) -> Meta {
    Meta {
        updated_at: now,
        updated_by: actor.id,
        version: old.version + 1,
        ..old.clone()
    }
}

fn enabled_user(ops: &dyn Ops, field: &str, id: UserId) -> Result<User> {
    match ops.user(id)? {
        Some(u) if !u.disabled => Ok(u),
        Some(u) => Err(Error::invalid(
            field,
            format!("user '{}' is disabled", u.name),
        )),
        None => Err(Error::invalid(field, format!("no user with id {id}"))),
    }
}

/// Every rule a case's data must keep; returns it cleaned.
fn check_case(ops: &dyn Ops, actor: &Actor, mut d: CaseData) -> Result<CaseData> {
    d.title = clean_text("title", &d.title)?;
    d.external_number = clean_line("external number", &d.external_number)?;
    let org = match visible(ops, actor, d.counterparty) {
        Ok(c) if c.book.is_business() => c,
        _ => {
            return Err(Error::not_found(format!(
                "business contact {}",
                d.counterparty
            )))
        }
    };
    // A counterparty is a firm or a private person (a sole trader, a retail client); only
    // a firm has contact persons working there.
    if let Some(p) = d.person {
        if org.data.kind == ContactKind::Person {
            return Err(Error::invalid(
                "person",
                format!(
                    "{} (contact {}) is a person; a contact person belongs to an organisation",
                    org.data.display_name(),
                    org.id
                ),
            ));
        }
        let person = business_contact(ops, actor, p)?;
        if person.data.kind != ContactKind::Person || person.data.org_id != Some(org.id) {
            return Err(Error::invalid(
                "person",
                format!(
                    "{} (contact {p}) does not work at {}",
                    person.data.display_name(),
                    org.data.display_name()
                ),
            ));
        }
    }
    enabled_user(ops, "responsible", d.responsible)?;
    if let Some(k) = d.kind {
        if !ops.labels(ListKind::CaseKind)?.iter().any(|l| l.id == k) {
            return Err(Error::invalid("kind", format!("no case kind with id {k}")));
        }
    }
    for item in &mut d.items {
        item.article = clean_line("article", &item.article)?;
        if item.article.is_empty() {
            return Err(Error::invalid("article", "an item needs an article"));
        }
        item.unit = clean_line("unit", &item.unit)?;
        item.payment = clean_line("payment", &item.payment)?;
    }
    d.totals()?;
    Ok(d)
}

/// Checks a detail input against the picklists; `old` is the stored body on an edit.
/// Returns the body and a file's new bytes, if given (required on an add).
fn check_detail(
    ops: &dyn Ops,
    input: DetailInput,
    old: Option<&DetailBody>,
    at: DateTime<Utc>,
) -> Result<(DetailBody, Option<Vec<u8>>)> {
    let (body, bytes) = match input {
        DetailInput::Note { kind, text } => {
            let kind = if kind.trim().is_empty() {
                String::new()
            } else {
                grow(ops, ListKind::NoteKind, &kind)?
            };
            let text = clean_text("text", &text)?;
            if text.is_empty() {
                return Err(Error::invalid("text", "a note needs some text"));
            }
            (DetailBody::Note { kind, text }, None)
        }
        DetailInput::Document {
            kind,
            symbol,
            content,
            next_number,
        } => {
            let kind = grow(ops, ListKind::DocumentKind, &kind)?;
            let mut symbol = clean_line("symbol", &symbol)?;
            if next_number {
                let n = next_document_number(ops, &kind, at.year())?;
                symbol = if symbol.is_empty() {
                    n
                } else {
                    format!("{symbol} {n}")
                };
            }
            (
                DetailBody::Document {
                    kind,
                    symbol,
                    content: clean_text("content", &content)?,
                },
                None,
            )
        }
        DetailInput::File {
            name,
            media_type,
            note,
            bytes,
        } => {
            let bytes = bytes.map(sized).transpose()?;
            if old.is_none() && bytes.is_none() {
                return Err(Error::invalid("file", "a file needs its content"));
            }
            (
                DetailBody::File {
                    name: file_name(&name)?,
                    media_type: media(&media_type),
                    note: clean_text("note", &note)?,
                },
                bytes,
            )
        }
    };
    if let Some(old) = old {
        if old.type_name() != body.type_name() {
            return Err(Error::invalid(
                "detail",
                format!("a {} cannot become a {}", old.type_name(), body.type_name()),
            ));
        }
    }
    Ok((body, bytes))
}

/// "12/2026": the next number of a document kind's sequence in `year`, counted on (the
/// setting `case.doc_seq.<kind id>.<year>` holds the last one given).
fn next_document_number(ops: &dyn Ops, kind: &str, year: i32) -> Result<String> {
    let label = ops
        .labels(ListKind::DocumentKind)?
        .into_iter()
        .find(|l| l.name == kind)
        .ok_or_else(|| Error::not_found(format!("document kind '{kind}'")))?;
    let key = format!("case.doc_seq.{}.{year}", label.id);
    let last: u32 = ops
        .setting(&key)?
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let n = last
        .checked_add(1)
        .ok_or_else(|| Error::invalid("symbol", "no document numbers left"))?;
    ops.set_setting(&key, &n.to_string())?;
    Ok(format!("{n}/{year}"))
}

/// The picklist entry matching `name` (ignoring case and diacritics), added if new.
pub(super) fn grow(ops: &dyn Ops, list: ListKind, name: &str) -> Result<String> {
    let name = label_name(list.as_str(), name)?;
    let folded = crate::text::fold(&name);
    if let Some(l) = ops
        .labels(list)?
        .into_iter()
        .find(|l| crate::text::fold(&l.name) == folded)
    {
        return Ok(l.name);
    }
    Ok(ops.insert_label(list, &name)?.name)
}

fn timeline(ops: &dyn Ops, actor: &Actor, case: &Case) -> Result<Vec<TimelineEntry>> {
    let mut out: Vec<TimelineEntry> = ops
        .details(case.id)?
        .into_iter()
        .map(TimelineEntry::Detail)
        .collect();
    if business_contact(ops, actor, case.data.counterparty).is_ok() {
        out.extend(
            ops.history_of(case.data.counterparty)?
                .into_iter()
                .map(TimelineEntry::History),
        );
    }
    out.sort_by_key(TimelineEntry::at);
    Ok(out)
}

/// Trimmed text with no control characters other than line breaks and tabs.
fn clean_text(field: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.len() > crate::model::MAX_TEXT_BYTES {
        return Err(Error::invalid(
            field,
            format!("is longer than {} kB", crate::model::MAX_TEXT_BYTES / 1024),
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(t.to_string())
}

/// Trimmed one-line text.
fn clean_line(field: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!("'{t}' must be one line without control characters"),
        ));
    }
    Ok(t.to_string())
}

fn media(media_type: &str) -> String {
    let m = media_type.trim();
    if m.is_empty() || m.chars().any(|c| c.is_control() || c.is_whitespace()) {
        "application/octet-stream".to_string()
    } else {
        m.to_ascii_lowercase()
    }
}

fn sized(bytes: Vec<u8>) -> Result<Vec<u8>> {
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "the file is {}, over the limit of {}",
                crate::model::mb(bytes.len()),
                crate::model::mb(MAX_ATTACHMENT_BYTES)
            ),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::{DetailBody, DetailInput, DetailPatch};

    #[test]
    fn a_patch_replaces_what_it_names_and_keeps_the_rest() {
        let note = DetailBody::Note {
            kind: "telefon".into(),
            text: "Rozmowa".into(),
        };
        let patch = DetailPatch {
            text: Some("Rozmowa o rabacie".into()),
            symbol: Some("ignored for a note".into()),
            ..DetailPatch::default()
        };
        assert_eq!(
            patch.onto(&note),
            DetailInput::Note {
                kind: "telefon".into(),
                text: "Rozmowa o rabacie".into(),
            }
        );
        let doc = DetailBody::Document {
            kind: "Faktura".into(),
            symbol: "FV".into(),
            content: "zaliczka".into(),
        };
        let patch = DetailPatch {
            kind: Some("Oferta".into()),
            next_number: true,
            ..DetailPatch::default()
        };
        assert_eq!(
            patch.onto(&doc),
            DetailInput::Document {
                kind: "Oferta".into(),
                symbol: "FV".into(),
                content: "zaliczka".into(),
                next_number: true,
            }
        );
        let file = DetailBody::File {
            name: "skan.pdf".into(),
            media_type: "application/pdf".into(),
            note: "podpisana".into(),
        };
        let patch = DetailPatch {
            note: Some("podpisana przez klienta".into()),
            ..DetailPatch::default()
        };
        assert_eq!(
            patch.onto(&file),
            DetailInput::File {
                name: "skan.pdf".into(),
                media_type: "application/pdf".into(),
                note: "podpisana przez klienta".into(),
                bytes: None,
            }
        );
    }
}
