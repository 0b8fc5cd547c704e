//! The service every frontend calls. Each call takes the acting user, and the access rule
//! is decided here, once: a private contact exists only for its owner. For anyone else,
//! admins included, it is "not found", never "forbidden", which would reveal it.

use std::path::Path;

mod auth;
mod dates;
mod installation;
mod postal;
mod users;
pub use auth::*;
pub use dates::*;
pub use postal::{PostalLookup, MAX_CANDIDATES};
mod meetings;
pub use meetings::*;
pub use users::UserEntry;
mod mailing;
pub use mailing::*;

use chrono::{DateTime, Utc};

use crate::category::{Category, CategoryKey};
use crate::error::{Error, Result};
use crate::ids::{AttachmentId, ContactId, LabelId, UserId};
use crate::model::{
    AttachmentInfo, Book, Contact, ContactData, ContactKind, FieldValue, Language, Meta,
    NewAttachment, Photo, User,
};
use crate::password::NewPassword;
use crate::search;
use crate::store::{
    AccountEventKind, FieldDef, FieldType, Label, ListKind, ListQuery, ListSort, Ops, Scope,
    SearchQuery, Store,
};

mod cases;
mod duplicates;
mod interchange;
mod reports;
mod sheet;
mod sync;
mod trash;

pub use cases::{
    party_label, takeover_kind, CaseView, ClientFacts, DetailInput, DetailPatch, PartyPick,
    TakeoverReport, MAX_BULK, MAX_KIND_LEN, MAX_PARTY_CANDIDATES, TAKEOVER_KIND,
};
pub use duplicates::{DuplicateHint, MergeField, MAX_DUPLICATE_HINTS};
pub use interchange::{
    duplicate_keys, merge_data, merge_kind, no_name, DuplicatePair, ExportSelection, ImportFailure,
    ImportOutcome, ImportSummary, OnDuplicate, SourcedCard, WarningGroup, FAILURES_LISTED,
    WARNING_EXAMPLES,
};
pub use reports::{ActivityRow, Forecast, ForecastRow, OverdueCase, ReportKind};
pub use sheet::{ContactSheet, SHEET_HISTORY};
pub use sync::{resource_name, SyncCard, SyncChanges, SyncToken, SyncWrite, MAX_NAME_CHARS};
pub use trash::{TrashItem, TRASH_DAYS};

/// How many letters of a word the search index is asked for (its longest prefix index).
const QUICK_PREFIX: usize = 6;

pub use crate::model::MAX_PHOTO_BYTES;

/// The name of the account demo data is made by ([`Service::demo_actor`]).
pub const DEMO_USER: &str = "demo";
/// The setting holding the installation's language ("pl" or "en").
pub use crate::defaults::LANGUAGE_SETTING;
/// The largest attachment accepted, in bytes.
pub const MAX_ATTACHMENT_BYTES: usize = 25 * 1024 * 1024;

/// The user a call is made for. Only the service makes one, after checking the user
/// exists and is not disabled, so holding an `Actor` means that check was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    id: UserId,
    name: String,
    admin: bool,
    language: Option<Language>,
}

impl Actor {
    pub fn id(&self) -> UserId {
        self.id
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_admin(&self) -> bool {
        self.admin
    }

    /// Whether this user may change or remove a client history entry: its author or an
    /// admin. The pages ask this to offer "Zmień"; the service refuses by it.
    pub fn may_change_history(&self, entry: &crate::case::HistoryEntry) -> bool {
        entry.author == self.id || self.admin
    }

    /// The UI language the user chose, if any.
    pub fn language(&self) -> Option<Language> {
        self.language
    }

    fn of(user: &User) -> Result<Actor> {
        if user.disabled {
            return Err(Error::Forbidden(format!(
                "user '{}' is disabled",
                user.name
            )));
        }
        Ok(Actor {
            id: user.id,
            name: user.name.clone(),
            admin: user.admin,
            language: user.language,
        })
    }

    /// The books this user may read.
    fn scope(&self, books: Option<BookKind>) -> Scope {
        Scope {
            private_of: (books != Some(BookKind::Business)).then_some(self.id),
            business: books != Some(BookKind::Private),
        }
    }

    fn book(&self, kind: BookKind) -> Book {
        match kind {
            BookKind::Private => Book::Private(self.id),
            BookKind::Business => Book::Business,
        }
    }
}

/// A book as a user names it; the private one is always the acting user's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BookKind {
    Private,
    Business,
}

/// Filters for [`Service::list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    /// `None`: every book the user may see.
    pub book: Option<BookKind>,
    pub category: Option<CategoryKey>,
    pub group: Option<LabelId>,
    pub status: Option<LabelId>,
    /// Only business-book contacts with no history entry in this long before now (never
    /// contacted ones included). Private contacts have no history and are left out.
    pub not_contacted_for: Option<chrono::Duration>,
    /// Only business clients of this account manager.
    pub account_manager: Option<UserId>,
    pub sort: ListSort,
    pub limit: usize,
    pub offset: usize,
}

impl Default for ListFilter {
    fn default() -> ListFilter {
        ListFilter {
            book: None,
            category: None,
            group: None,
            status: None,
            not_contacted_for: None,
            account_manager: None,
            sort: ListSort::Name,
            limit: 50,
            offset: 0,
        }
    }
}

impl ListFilter {
    /// Whether a contact passes the category, group and status parts of the filter (the
    /// parts a frontend may apply to search results; the book and paging are the caller's).
    pub fn admits(&self, c: &Contact) -> bool {
        self.category.is_none_or(|k| c.data.category == Some(k))
            && self.group.is_none_or(|g| c.data.groups.contains(&g))
            && self.status.is_none_or(|s| c.data.status == Some(s))
    }
}

type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The contact book of one installation.
pub struct Service<S> {
    store: S,
    clock: Clock,
}

impl<S> std::fmt::Debug for Service<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Service")
    }
}

impl<S: Store> Service<S> {
    pub fn new(store: S) -> Service<S> {
        Service {
            store,
            clock: Box::new(Utc::now),
        }
    }

    /// Replaces the clock (tests and reproducible demos).
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static,
    ) -> Service<S> {
        self.clock = Box::new(clock);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    // ---- users ----------------------------------------------------------------------

    /// The actor for a user id (after a web login, say).
    pub fn actor(&self, id: UserId) -> Result<Actor> {
        let user = self
            .store
            .read(|ops| ops.user(id))?
            .ok_or_else(|| Error::not_found(format!("user {id}")))?;
        Actor::of(&user)
    }

    /// The actor for a user name.
    pub fn actor_by_name(&self, name: &str) -> Result<Actor> {
        let user = self
            .store
            .read(|ops| ops.user_by_name(name))?
            .ok_or_else(|| Error::not_found(format!("user '{name}'")))?;
        Actor::of(&user)
    }

    /// The actor for a local user, created on first use (the CLI's model: whoever can open
    /// the database file is that user). A user created while the installation has no admin
    /// is an admin (the account demo data is made by is not one).
    pub fn local_actor(&self, name: &str) -> Result<Actor> {
        let name = check_user_name(name)?;
        // Read first: an existing user costs no write (and a read-only file still works).
        if let Some(u) = self.store.read(|ops| ops.user_by_name(&name))? {
            return Actor::of(&u);
        }
        let now = self.now();
        let user = self.store.write(|ops| {
            if let Some(u) = ops.user_by_name(&name)? {
                return Ok(u);
            }
            let first = !ops.users()?.iter().any(|u| u.admin);
            ops.insert_user(&name, first, now)
        })?;
        Actor::of(&user)
    }

    /// The account demo data is made by: [`DEMO_USER`], never an admin and without a
    /// password (it cannot sign in), created on first use. Making demo data so never
    /// creates an admin account.
    pub fn demo_actor(&self) -> Result<Actor> {
        let now = self.now();
        let user = self.store.write(|ops| match ops.user_by_name(DEMO_USER)? {
            Some(u) => Ok(u),
            None => ops.insert_user(DEMO_USER, false, now),
        })?;
        Actor::of(&user)
    }

    /// Adds a user; only an admin may (or anyone while the installation has no admin).
    pub fn add_user(&self, actor: Option<&Actor>, name: &str, admin: bool) -> Result<User> {
        let name = check_user_name(name)?;
        let now = self.now();
        self.store.write(|ops| {
            let has_admin = ops.users()?.iter().any(|u| u.admin && !u.disabled);
            match actor {
                Some(a) if a.admin => {}
                _ if !has_admin => {}
                _ => return Err(Error::Forbidden("only an admin may add users".into())),
            }
            ops.insert_user(&name, admin || !has_admin, now)
        })
    }

    /// Every user with every detail (admin flag, disabled, whether a password is set): the
    /// user management list, for admins only. Anyone may see who else there is through
    /// [`Service::user_directory`].
    pub fn users(&self, actor: &Actor) -> Result<Vec<User>> {
        if !actor.admin {
            return Err(Error::Forbidden("only an admin may list users".into()));
        }
        self.store.read(|ops| ops.users())
    }

    /// Whether any enabled admin exists (the web UI offers a setup link until one does).
    pub fn has_admin(&self) -> Result<bool> {
        self.store
            .read(|ops| Ok(ops.users()?.iter().any(|u| u.admin && !u.disabled)))
    }

    /// Whether an enabled admin can log in (has a password). Until one can, the web UI
    /// offers its one-time setup link.
    pub fn has_login_admin(&self) -> Result<bool> {
        self.store.read(|ops| {
            Ok(ops
                .users()?
                .iter()
                .any(|u| u.admin && !u.disabled && u.password_hash.is_some()))
        })
    }

    /// Creates the first admin who can log in, or gives an existing local user (made by
    /// the CLI, without a password) admin rights and the password. Refused once an admin
    /// who can log in exists.
    pub fn setup_admin(&self, name: &str, password: &NewPassword) -> Result<User> {
        let name = check_user_name(name)?;
        let password_hash = password.hash()?;
        let now = self.now();
        self.store.write(|ops| {
            if ops
                .users()?
                .iter()
                .any(|u| u.admin && !u.disabled && u.password_hash.is_some())
            {
                return Err(Error::Forbidden("an admin exists already".into()));
            }
            let mut user = match ops.user_by_name(&name)? {
                Some(u) => u,
                None => ops.insert_user(&name, true, now)?,
            };
            user.admin = true;
            user.disabled = false;
            user.password_hash = Some(password_hash);
            ops.update_user(&user)?;
            Ok(user)
        })
    }

    /// Changes a user's admin flag, disabled flag, password hash or language. Admins may
    /// change anyone; a user may change only their own password (and language, through
    /// [`Service::set_language`]).
    ///
    /// Disabling a user or giving them a new password ends all their web sessions (a
    /// frontend signs the actor in again when they changed their own password). Disabling,
    /// or an admin setting someone else's password, also revokes their API tokens; changing
    /// your own password keeps your tokens (they are revoked one by one).
    pub fn update_user(
        &self,
        actor: &Actor,
        name: &str,
        change: impl FnOnce(&mut User),
    ) -> Result<User> {
        self.store.write(|ops| {
            let mut user = ops
                .user_by_name(name)?
                .ok_or_else(|| Error::not_found(format!("user '{name}'")))?;
            let before = user.clone();
            change(&mut user);
            let only_password = User {
                password_hash: before.password_hash.clone(),
                ..user.clone()
            } == before;
            let allowed = actor.admin || (only_password && user.id == actor.id);
            if !allowed {
                return Err(Error::Forbidden(
                    "only an admin may change other users".into(),
                ));
            }
            if user.password_hash != before.password_hash && user.id != actor.id {
                return Err(Error::Forbidden(
                    "nobody sets another user's password: an admin makes a reset link".into(),
                ));
            }
            if before.admin
                && (!user.admin || user.disabled)
                && !ops
                    .users()?
                    .iter()
                    .any(|u| u.admin && !u.disabled && u.id != user.id)
            {
                return Err(Error::invalid(
                    "user",
                    "the last admin cannot be disabled or demoted",
                ));
            }
            ops.update_user(&user)?;
            if user.id != actor.id {
                let now = self.now();
                for (changed, kind) in [
                    (
                        user.disabled && !before.disabled,
                        AccountEventKind::Disabled,
                    ),
                    (!user.disabled && before.disabled, AccountEventKind::Enabled),
                    (user.admin && !before.admin, AccountEventKind::MadeAdmin),
                    (!user.admin && before.admin, AccountEventKind::AdminRemoved),
                ] {
                    if changed {
                        auth::record(ops, &user, kind, actor, now)?;
                    }
                }
            }
            let disabled = user.disabled && !before.disabled;
            let new_password = user.password_hash != before.password_hash;
            if disabled || new_password {
                ops.delete_sessions_of(user.id)?;
            }
            if disabled || (new_password && user.id != actor.id) {
                ops.delete_api_tokens_of(user.id)?;
            }
            Ok(user)
        })
    }

    /// Sets the acting user's own UI language (`None`: follow the browser).
    pub fn set_language(&self, actor: &Actor, language: Option<Language>) -> Result<()> {
        self.store.write(|ops| {
            let mut user = ops
                .user(actor.id)?
                .ok_or_else(|| Error::not_found(format!("user {}", actor.id)))?;
            user.language = language;
            ops.update_user(&user)
        })
    }

    // ---- contacts -------------------------------------------------------------------

    /// Adds a contact to the actor's private book or to the business book.
    pub fn create(&self, actor: &Actor, book: BookKind, mut data: ContactData) -> Result<Contact> {
        self.complete_by_street(&mut data)?;
        complete(&mut data);
        let book = actor.book(book);
        let meta = self.new_meta(actor);
        self.store.write(|ops| {
            check_data(ops, actor, book, &mut data)?;
            let id = ops.insert_contact(book, &data, &meta)?;
            Ok(Contact {
                id,
                book,
                data,
                meta,
                has_photo: false,
            })
        })
    }

    /// Adds every contact `items` yields, in one transaction, calling `created` with each new
    /// id as it is made (before the next item is drawn, so later items may refer to earlier
    /// ones). Items are checked as [`Service::create`] checks them; the first bad one fails
    /// the whole call and nothing is written. For bulk loads bigger than one batch in memory:
    /// fewer, larger transactions write each index page fewer times.
    pub fn create_each(
        &self,
        actor: &Actor,
        book: BookKind,
        items: impl IntoIterator<Item = ContactData>,
        mut created: impl FnMut(ContactId, &ContactData),
    ) -> Result<usize> {
        let book = actor.book(book);
        let meta = self.new_meta(actor);
        self.store.write_bulk(|ops| {
            let checker = Checker::new(ops, actor);
            let mut n = 0;
            for mut data in items {
                complete(&mut data);
                checker.check(book, &mut data)?;
                let id = ops.insert_contact(book, &data, &meta)?;
                checker.note_created(id, book, &data);
                created(id, &data);
                n += 1;
            }
            Ok(n)
        })
    }

    /// The contact count from which a bulk load (demo data, an import) tidies the store's
    /// search structures afterwards.
    pub const BULK_LOAD: usize = 10_000;

    /// Tidies the store after a bulk load of `loaded` contacts (nothing below
    /// [`Service::BULK_LOAD`]): lookups stay as fast as on a store filled slowly.
    pub fn after_bulk_load(&self, loaded: usize) -> Result<()> {
        if loaded < Self::BULK_LOAD {
            return Ok(());
        }
        self.store.write(|ops| ops.tidy_after_bulk_load())
    }

    /// Adds many contacts in one transaction (demo data, imports).
    pub fn create_many(
        &self,
        actor: &Actor,
        book: BookKind,
        mut items: Vec<ContactData>,
    ) -> Result<Vec<ContactId>> {
        items.iter_mut().for_each(complete);
        let book = actor.book(book);
        let meta = self.new_meta(actor);
        self.store.write(|ops| {
            let checker = Checker::new(ops, actor);
            let mut ids = Vec::with_capacity(items.len());
            for data in &mut items {
                checker.check(book, data)?;
                ids.push(ops.insert_contact(book, data, &meta)?);
            }
            Ok(ids)
        })
    }

    /// A contact the actor may see.
    pub fn get(&self, actor: &Actor, id: ContactId) -> Result<Contact> {
        self.store.read(|ops| visible(ops, actor, id))
    }

    /// Replaces a contact's data if it is still at `expected_version`; otherwise fails with
    /// `Conflict` and writes nothing.
    pub fn update(
        &self,
        actor: &Actor,
        id: ContactId,
        expected_version: u64,
        mut data: ContactData,
    ) -> Result<Contact> {
        self.complete_by_street(&mut data)?;
        complete(&mut data);
        let now = self.now();
        self.store.write(|ops| {
            let old = visible(ops, actor, id)?;
            if old.meta.version != expected_version {
                return Err(stale(id, expected_version, old.meta.version));
            }
            replace_data(ops, actor, old, data, now)
        })
    }

    /// Loads a contact, applies `change` and saves it at the version it was loaded at.
    pub fn modify(
        &self,
        actor: &Actor,
        id: ContactId,
        change: impl FnOnce(&mut ContactData) -> Result<()>,
    ) -> Result<Contact> {
        let current = self.get(actor, id)?;
        let mut data = current.data.clone();
        change(&mut data)?;
        self.update(actor, id, current.meta.version, data)
    }

    /// Moves a contact with its photo, attachments, history and reminders to the trash
    /// (see [`Service::restore_from_trash`]). People who worked at a removed organisation
    /// keep its name as text until it is restored.
    pub fn delete(&self, actor: &Actor, id: ContactId) -> Result<()> {
        let now = self.now();
        self.store.write(|ops| remove_contact(ops, actor, id, now))
    }

    /// A page of contacts in the filter's order (name, or recently changed first).
    pub fn list(&self, actor: &Actor, filter: &ListFilter) -> Result<Vec<Contact>> {
        let query = list_query(actor, filter, self.now());
        self.store.read(|ops| ops.list_contacts(&query))
    }

    /// How many contacts a list would show over all pages.
    pub fn count(&self, actor: &Actor, filter: &ListFilter) -> Result<u64> {
        let query = list_query(actor, filter, self.now());
        self.store.read(|ops| ops.count_contacts(&query))
    }

    /// [`Self::search`] within a list's filter: the book, category, group and status, and
    /// (business clients only) the account manager and "not contacted for", the same rules
    /// as [`Self::list`]. What the filter keeps of the first `limit` matches is returned, in
    /// the search's order.
    pub fn search_filtered(
        &self,
        actor: &Actor,
        query: &str,
        filter: &ListFilter,
        limit: usize,
    ) -> Result<Vec<Contact>> {
        let mut found = self.search(actor, query, filter.book, limit)?;
        found.retain(|c| filter.admits(c));
        if filter.account_manager.is_none() && filter.not_contacted_for.is_none() {
            return Ok(found);
        }
        let before = filter.not_contacted_for.map(|d| {
            self.now()
                .checked_sub_signed(d)
                .unwrap_or(DateTime::<Utc>::MIN_UTC)
        });
        self.store.read(|ops| {
            let mut out = Vec::with_capacity(found.len());
            for c in found {
                if !c.book.is_business() {
                    continue;
                }
                if let Some(m) = filter.account_manager {
                    if ops.account_manager(c.id)? != Some(m) {
                        continue;
                    }
                }
                if let Some(before) = before {
                    if ops.last_contact(c.id)?.is_some_and(|t| t >= before) {
                        continue;
                    }
                }
                out.push(c);
            }
            Ok(out)
        })
    }

    /// Contacts in the books the actor may see (or in one of them) matching every word of
    /// `query` as a prefix, case- and diacritic-insensitively.
    pub fn search(
        &self,
        actor: &Actor,
        query: &str,
        book: Option<BookKind>,
        limit: usize,
    ) -> Result<Vec<Contact>> {
        let terms = search::terms(query);
        if terms.is_empty() {
            return Ok(vec![]);
        }
        let limit = limit.clamp(1, 1000);
        let scope = actor.scope(book);
        let exact = SearchQuery {
            scope,
            terms: terms.clone(),
            whole: vec![],
            limit,
        };
        // Two kinds of term make the index merge a great many entries on a big book: a
        // one-letter prefix ("z", "o" in "sp. z o.o.") and a frequent word longer than the
        // longest prefix index ("warszawa"). One-letter terms are left to the core, which
        // checks every term on what comes back. A long word is first looked up as a whole
        // word (one entry of the index, read only as far as needed); only when that finds
        // too few does it go in cut to its first six letters, checked by the core again.
        // When the check leaves too few and the index may have had more, the exact query
        // runs, so every match is a true one and a short answer is a complete one.
        let one_letter = terms.iter().any(|t| t.chars().count() == 1);
        let is_long =
            |t: &String| t.chars().count() > QUICK_PREFIX && t.chars().all(char::is_alphabetic);
        // With a term left to the core, more rows are read than will be kept: three times
        // the limit at first, then as many as the share that passed says are needed.
        let read_ahead = (limit * 3).min(2000);
        let fetch = if one_letter { read_ahead } else { limit };
        // The index answers exactly for what it is given: whole words and prefixes as they
        // are. The core checks only when a term was left out or cut short.
        let checked = |q: &SearchQuery| -> Result<(Vec<Contact>, bool)> {
            let mut found = self.store.read(|ops| ops.search(q))?;
            let complete = found.len() < q.limit;
            if q.terms.len() + q.whole.len() < terms.len()
                || q.terms.iter().any(|t| !terms.contains(t))
            {
                found.retain(|c| search::matches(&search::document(&c.data), &terms));
            }
            Ok((found, complete))
        };
        let mut found = Vec::new();
        if terms.iter().any(is_long) {
            let words = SearchQuery {
                scope,
                terms: terms
                    .iter()
                    .filter(|t| t.chars().count() > 1 && !is_long(t))
                    .cloned()
                    .collect(),
                whole: terms.iter().filter(|t| is_long(t)).cloned().collect(),
                limit: fetch,
            };
            found = checked(&words)?.0;
        }
        if found.len() < limit {
            let quick_terms: Vec<String> = {
                let mut seen = std::collections::HashSet::new();
                terms
                    .iter()
                    .filter(|t| t.chars().count() > 1)
                    .map(|t| {
                        if is_long(t) {
                            t.chars().take(QUICK_PREFIX).collect()
                        } else {
                            t.clone()
                        }
                    })
                    .filter(|t: &String| seen.insert(t.clone()))
                    .collect()
            };
            let more = if quick_terms.is_empty() || quick_terms == terms {
                self.store.read(|ops| ops.search(&exact))?
            } else {
                let mut quick = SearchQuery {
                    scope,
                    terms: quick_terms,
                    whole: vec![],
                    limit: read_ahead,
                };
                let (mut more, mut complete) = checked(&quick)?;
                if more.len() < limit && !complete && quick.limit < 2000 {
                    let passed = more.len().max(1);
                    let wanted = limit.saturating_mul(quick.limit).saturating_mul(3) / passed / 2;
                    quick.limit = wanted.clamp(quick.limit * 2, 2000);
                    (more, complete) = checked(&quick)?;
                }
                if more.len() < limit && !complete {
                    self.store.read(|ops| ops.search(&exact))?
                } else {
                    more
                }
            };
            // Whole-word matches first, then the rest.
            let have: std::collections::HashSet<ContactId> = found.iter().map(|c| c.id).collect();
            found.extend(more.into_iter().filter(|c| !have.contains(&c.id)));
        }
        found.truncate(limit);
        found.sort_by_cached_key(|c| search::sort_key(&c.data));
        Ok(found)
    }

    /// "Skopiuj do bazy firmowej": copies a private contact, with photo, notes and
    /// attachments, into the business book. The private one stays.
    pub fn copy_to_business(&self, actor: &Actor, id: ContactId) -> Result<Contact> {
        let meta = self.new_meta(actor);
        self.store.write(|ops| {
            let source = visible(ops, actor, id)?;
            if source.book.is_business() {
                return Err(Error::invalid(
                    "book",
                    format!("contact {id} is already in the business book"),
                ));
            }
            let mut data = source.data.clone();
            data.category = None;
            data.org_id = None;
            let new_id = ops.insert_contact(Book::Business, &data, &meta)?;
            let photo = ops.photo(id)?;
            if let Some(p) = &photo {
                ops.set_photo(new_id, Some(p))?;
            }
            for info in ops.attachments(id)? {
                if let Some((info, bytes)) = ops.attachment(info.id)? {
                    let new = NewAttachment {
                        name: info.name,
                        media_type: info.media_type,
                        bytes,
                        note: info.note,
                        created_at: meta.created_at,
                        created_by: actor.id,
                    };
                    ops.insert_attachment(new_id, &new)?;
                }
            }
            Ok(Contact {
                id: new_id,
                book: Book::Business,
                data,
                meta,
                has_photo: photo.is_some(),
            })
        })
    }

    // ---- photo and attachments ------------------------------------------------------

    /// Sets or clears the photo. The bytes must be a JPEG, PNG, GIF or WebP image.
    pub fn set_photo(&self, actor: &Actor, id: ContactId, bytes: Option<Vec<u8>>) -> Result<()> {
        let photo = match bytes {
            None => None,
            Some(bytes) => {
                Some(Photo::from_bytes(bytes).map_err(|e| Error::invalid("photo", e.to_string()))?)
            }
        };
        self.touch(actor, id, |ops| ops.set_photo(id, photo.as_ref()))
    }

    pub fn photo(&self, actor: &Actor, id: ContactId) -> Result<Option<Photo>> {
        self.store.read(|ops| {
            visible(ops, actor, id)?;
            ops.photo(id)
        })
    }

    pub fn attach(
        &self,
        actor: &Actor,
        id: ContactId,
        name: &str,
        media_type: &str,
        bytes: Vec<u8>,
        note: &str,
    ) -> Result<AttachmentInfo> {
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(Error::invalid(
                "attachment",
                format!(
                    "the file is {}, over the limit of {}",
                    crate::model::mb(bytes.len()),
                    crate::model::mb(MAX_ATTACHMENT_BYTES)
                ),
            ));
        }
        let name = file_name(name)?;
        if note.chars().count() > crate::model::MAX_LINE_CHARS {
            return Err(Error::invalid(
                "note",
                format!("is longer than {} characters", crate::model::MAX_LINE_CHARS),
            ));
        }
        let new = NewAttachment {
            name,
            media_type: media_type.to_string(),
            bytes,
            note: note.to_string(),
            created_at: self.now(),
            created_by: actor.id,
        };
        let mut att = None;
        self.touch(actor, id, |ops| {
            let aid = ops.insert_attachment(id, &new)?;
            att = ops.attachments(id)?.into_iter().find(|a| a.id == aid);
            Ok(())
        })?;
        att.ok_or_else(|| Error::not_found("attachment"))
    }

    pub fn attachments(&self, actor: &Actor, id: ContactId) -> Result<Vec<AttachmentInfo>> {
        self.store.read(|ops| {
            visible(ops, actor, id)?;
            ops.attachments(id)
        })
    }

    /// An attachment with its bytes, if it belongs to a contact the actor may see.
    pub fn attachment(&self, actor: &Actor, id: AttachmentId) -> Result<(AttachmentInfo, Vec<u8>)> {
        self.store.read(|ops| {
            let (info, bytes) = ops
                .attachment(id)?
                .ok_or_else(|| Error::not_found(format!("attachment {id}")))?;
            visible(ops, actor, info.contact)
                .map_err(|_| Error::not_found(format!("attachment {id}")))?;
            Ok((info, bytes))
        })
    }

    pub fn remove_attachment(&self, actor: &Actor, id: AttachmentId) -> Result<()> {
        let (info, _) = self.attachment(actor, id)?;
        self.touch(actor, info.contact, |ops| ops.delete_attachment(id))
    }

    // ---- categories, groups, statuses, custom fields -------------------------------

    /// The ten categories with the actor's labels.
    pub fn categories(&self, actor: &Actor) -> Result<Vec<Category>> {
        let (renamed, lang) = self.store.read(|ops| {
            Ok((
                ops.category_labels(actor.id)?,
                installation::installation_language(ops)?,
            ))
        })?;
        Ok(CategoryKey::ALL
            .into_iter()
            .map(|key| Category {
                key,
                label: renamed
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, l)| l.clone())
                    .unwrap_or_else(|| crate::defaults::category_label(key, lang).to_string()),
                icon: key.icon(),
            })
            .collect())
    }

    pub fn rename_category(&self, actor: &Actor, key: CategoryKey, label: &str) -> Result<()> {
        let label = label_name("label", label)?;
        self.store
            .write(|ops| ops.set_category_label(actor.id, key, &label))
    }

    pub fn labels(&self, list: ListKind) -> Result<Vec<Label>> {
        self.store.read(|ops| ops.labels(list))
    }

    /// A group or status by name (case-insensitive).
    pub fn label(&self, list: ListKind, name: &str) -> Result<Label> {
        let labels = self.labels(list)?;
        find_label(&labels, list, name)
    }

    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn add_label(&self, _actor: &Actor, list: ListKind, name: &str) -> Result<Label> {
        let name = label_name(list.as_str(), name)?;
        self.store.write(|ops| ops.insert_label(list, &name))
    }

    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn rename_label(&self, _actor: &Actor, list: ListKind, old: &str, new: &str) -> Result<()> {
        let new = label_name(list.as_str(), new)?;
        self.store.write(|ops| {
            let label = find_label(&ops.labels(list)?, list, old)?;
            ops.rename_label(label.id, &new)
        })
    }

    /// How many business contacts hold the group or status `name` (case kinds: 0, their
    /// use is the cases'). Any user may: the business book is shared.
    pub fn label_use(&self, list: ListKind, name: &str) -> Result<u64> {
        self.store.read(|ops| {
            let label = find_label(&ops.labels(list)?, list, name)?;
            label_use(ops, list, &label)
        })
    }

    /// Removes a group, status or case kind: the one removal rule of every frontend (the
    /// web's settings page, `contacts group|status rm [--force]`, the API's
    /// `DELETE /lists/{list}/{name}[?force=true]`). A group or status that contacts hold is
    /// refused (`Invalid` on `name`, saying how many hold it) unless `force`, which only an
    /// admin may ask for (anyone else: `Forbidden`); then every contact loses it. A case
    /// kind is removed only when no case has it, `force` or not. Returns how many contacts
    /// lost the entry.
    pub fn remove_label(
        &self,
        actor: &Actor,
        list: ListKind,
        name: &str,
        force: bool,
    ) -> Result<u64> {
        self.store.write(|ops| {
            let label = find_label(&ops.labels(list)?, list, name)?;
            if list == ListKind::CaseKind {
                cases::unused_kind(ops, &label)?;
            }
            let n = label_use(ops, list, &label)?;
            if n > 0 && !force {
                return Err(Error::invalid(
                    "name",
                    format!(
                        "'{}' is held by {n} contact(s); give them another one first (an admin may force the removal from them all)",
                        label.name
                    ),
                ));
            }
            if n > 0 && !actor.admin {
                return Err(Error::Forbidden(format!(
                    "'{}' is held by {n} contact(s); only an admin may remove it from them",
                    label.name
                )));
            }
            ops.delete_label(label.id)?;
            Ok(n)
        })
    }

    pub fn fields(&self) -> Result<Vec<FieldDef>> {
        self.store.read(|ops| ops.fields())
    }

    /// A custom field by label (case-insensitive).
    pub fn field(&self, label: &str) -> Result<FieldDef> {
        find_field(&self.fields()?, label)
    }

    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn add_field(
        &self,
        _actor: &Actor,
        label: &str,
        field_type: FieldType,
    ) -> Result<FieldDef> {
        let label = label_name("field", label)?;
        if let FieldType::Choice(options) = &field_type {
            if options.is_empty() || options.iter().any(|o| o.trim().is_empty()) {
                return Err(Error::invalid(
                    "field",
                    "a choice field needs a list of non-empty options",
                ));
            }
        }
        self.store
            .write(|ops| ops.insert_field(&label, &field_type))
    }

    /// Renames a custom field; every value stays.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn rename_field(&self, _actor: &Actor, old: &str, new: &str) -> Result<()> {
        let new = label_name("field", new)?;
        self.store.write(|ops| {
            let mut def = find_field(&ops.fields()?, old)?;
            def.label = new;
            ops.update_field(&def)
        })
    }

    // ---- installation ---------------------------------------------------------------

    /// Copies the whole database to `path`. It holds every private book, so only an
    /// admin may.
    pub fn backup(&self, actor: &Actor, path: &Path) -> Result<()> {
        if !actor.admin {
            return Err(Error::Forbidden(
                "only an admin may back up the installation".into(),
            ));
        }
        self.store.backup(path)
    }

    /// The people working at an organisation the actor may see, in name order. A person
    /// has none.
    pub fn people_of(&self, actor: &Actor, org: ContactId) -> Result<Vec<Contact>> {
        self.store.read(|ops| {
            let o = visible(ops, actor, org)?;
            if o.data.kind != ContactKind::Organisation {
                return Ok(vec![]);
            }
            let mut out = Vec::new();
            for id in ops.people_at(org)? {
                if let Some(c) = ops.contact(id)? {
                    if c.book == o.book {
                        out.push(c);
                    }
                }
            }
            out.sort_by_cached_key(|c| (search::sort_key(&c.data), c.id));
            Ok(out)
        })
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.store.read(|ops| ops.setting(key))
    }

    pub fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> Result<()> {
        if !actor.admin {
            return Err(Error::Forbidden("only an admin may change settings".into()));
        }
        if key == LANGUAGE_SETTING {
            return self.set_installation_language(actor, Language::parse(value)?);
        }
        dates::check_setting(key, value)?;
        if key == crate::case::NUMBER_PATTERN_SETTING {
            crate::case::NumberPattern::parse(value)?;
        }
        if key.starts_with("mail.") {
            return Err(Error::invalid(
                "setting",
                format!(
                    "'{key}' is set through the mail settings (contacts mail smtp), not directly"
                ),
            ));
        }
        self.store.write(|ops| ops.set_setting(key, value))
    }

    /// Runs `f` after checking access, and bumps the contact's version and change stamp.
    fn touch(
        &self,
        actor: &Actor,
        id: ContactId,
        f: impl FnOnce(&dyn Ops) -> Result<()>,
    ) -> Result<()> {
        let now = self.now();
        self.store.write(|ops| {
            let mut c = visible(ops, actor, id)?;
            f(ops)?;
            let expected = c.meta.version;
            c.meta = Meta {
                updated_at: now,
                updated_by: actor.id,
                version: expected + 1,
                ..c.meta
            };
            c.has_photo = ops.photo(id)?.is_some();
            ops.update_contact(&c, expected)
        })
    }

    fn new_meta(&self, actor: &Actor) -> Meta {
        let now = self.now();
        Meta {
            created_at: now,
            created_by: actor.id,
            updated_at: now,
            updated_by: actor.id,
            version: 1,
        }
    }
}

/// Saves `data` over `old` (already checked visible and at the expected version) with the
/// rules of an edit: the record's checks, an organisation with people stays one, a contact
/// named by cases keeps its kind.
fn replace_data(
    ops: &dyn Ops,
    actor: &Actor,
    old: Contact,
    mut data: ContactData,
    now: DateTime<Utc>,
) -> Result<Contact> {
    let id = old.id;
    check_data(ops, actor, old.book, &mut data)?;
    if old.data.kind == ContactKind::Organisation
        && data.kind == ContactKind::Person
        && !ops.people_at(id)?.is_empty()
    {
        return Err(Error::invalid(
            "kind",
            "people work at this organisation; it cannot become a person",
        ));
    }
    if old.data.kind != data.kind && ops.cases_naming(id)? > 0 {
        return Err(Error::invalid(
            "kind",
            format!(
                "cases name this {}; it cannot change its kind",
                old.data.kind.as_str()
            ),
        ));
    }
    let expected = old.meta.version;
    let meta = Meta {
        updated_at: now,
        updated_by: actor.id,
        version: expected + 1,
        ..old.meta
    };
    let renamed =
        data.kind == ContactKind::Organisation && old.data.display_name() != data.display_name();
    let contact = Contact { data, meta, ..old };
    ops.update_contact(&contact, expected)?;
    if renamed {
        rename_org_of_people(ops, &contact, actor, now)?;
    }
    Ok(contact)
}

/// Removes a visible contact with the rules of a delete: refused while cases name it;
/// people who worked at it keep its name as text.
fn remove_contact(ops: &dyn Ops, actor: &Actor, id: ContactId, now: DateTime<Utc>) -> Result<()> {
    let contact = visible(ops, actor, id)?;
    let cases = ops.cases_naming(id)?;
    if cases > 0 {
        return Err(Error::invalid(
            "contact",
            format!(
                "{cases} case(s) name contact {id}; remove them or change their counterparty first"
            ),
        ));
    }
    // Into the trash first: the record reads the photo, files, history, reminders and the
    // people at it before the delete takes them.
    trash::put_in_trash(ops, actor, &contact, now)?;
    for person in ops.people_at(id)? {
        if let Some(mut p) = ops.contact(person)? {
            let expected = p.meta.version;
            p.data.org_id = None;
            p.meta = Meta {
                updated_at: now,
                updated_by: actor.id,
                version: expected + 1,
                ..p.meta
            };
            ops.update_contact(&p, expected)?;
        }
    }
    ops.delete_contact(id)
}

/// What the product fills in for the user: a Polish postal code from the locality.
fn complete(data: &mut ContactData) {
    for a in &mut data.addresses {
        crate::postal::fill_postal_code(a);
    }
}

/// The people working at `org` take its new name as their `org_name`.
fn rename_org_of_people(
    ops: &dyn Ops,
    org: &Contact,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let name = org.data.display_name();
    for person in ops.people_at(org.id)? {
        if let Some(mut p) = ops.contact(person)? {
            if p.data.org_name == name {
                continue;
            }
            let expected = p.meta.version;
            p.data.org_name = name.clone();
            p.meta = Meta {
                updated_at: now,
                updated_by: actor.id,
                version: expected + 1,
                ..p.meta
            };
            ops.update_contact(&p, expected)?;
        }
    }
    Ok(())
}

/// The access rule: the contact, if `actor` may see it; otherwise "not found".
fn visible(ops: &dyn Ops, actor: &Actor, id: ContactId) -> Result<Contact> {
    match ops.contact(id)? {
        Some(c) if actor.scope(None).contains(c.book) => Ok(c),
        _ => Err(Error::not_found(format!("contact {id}"))),
    }
}

fn list_query(actor: &Actor, filter: &ListFilter, now: DateTime<Utc>) -> ListQuery {
    let mut scope = actor.scope(filter.book);
    if filter.not_contacted_for.is_some() || filter.account_manager.is_some() {
        scope.private_of = None;
    }
    ListQuery {
        scope,
        sort: filter.sort,
        category: filter.category,
        group: filter.group,
        status: filter.status,
        last_contact_before: filter.not_contacted_for.map(|d| {
            now.checked_sub_signed(d)
                .unwrap_or(DateTime::<Utc>::MIN_UTC)
        }),
        account_manager: filter.account_manager,
        limit: filter.limit.clamp(1, 10_000),
        offset: filter.offset,
    }
}

fn stale(id: ContactId, expected: u64, current: u64) -> Error {
    Error::Conflict(format!("contact {id} was changed by someone else (you edited version {expected}, it is now at {current}); reload and try again"))
}

/// Rules that depend on the book and on other records.
fn check_data(ops: &dyn Ops, actor: &Actor, book: Book, data: &mut ContactData) -> Result<()> {
    Checker::new(ops, actor).check(book, data)
}

/// What the checker needs of a linked organisation: its book, kind and name.
type OrgFacts = (Book, ContactKind, String);

/// Checks contacts against the picklists, custom fields and organisations of the store,
/// loading each of those once, so a batch of many contacts costs one look-up each.
struct Checker<'a> {
    ops: &'a dyn Ops,
    actor: &'a Actor,
    groups: std::cell::OnceCell<Vec<LabelId>>,
    statuses: std::cell::OnceCell<Vec<LabelId>>,
    fields: std::cell::OnceCell<Vec<FieldDef>>,
    orgs: std::cell::RefCell<std::collections::HashMap<ContactId, Option<OrgFacts>>>,
}

impl<'a> Checker<'a> {
    fn new(ops: &'a dyn Ops, actor: &'a Actor) -> Checker<'a> {
        Checker {
            ops,
            actor,
            groups: Default::default(),
            statuses: Default::default(),
            fields: Default::default(),
            orgs: Default::default(),
        }
    }

    fn label_ids<'c>(
        &self,
        cell: &'c std::cell::OnceCell<Vec<LabelId>>,
        list: ListKind,
    ) -> Result<&'c Vec<LabelId>> {
        if cell.get().is_none() {
            let ids = self.ops.labels(list)?.into_iter().map(|l| l.id).collect();
            let _ = cell.set(ids);
        }
        cell.get()
            .ok_or_else(|| Error::Backend("label cache".into()))
    }

    fn fields(&self) -> Result<&Vec<FieldDef>> {
        if self.fields.get().is_none() {
            let _ = self.fields.set(self.ops.fields()?);
        }
        self.fields
            .get()
            .ok_or_else(|| Error::Backend("field cache".into()))
    }

    /// Remembers an organisation just added in `book` (the actor's own), so the people
    /// linked to it later in the same batch find it without reading it back.
    fn note_created(&self, id: ContactId, book: Book, data: &ContactData) {
        if data.kind == ContactKind::Organisation {
            self.orgs
                .borrow_mut()
                .insert(id, Some((book, data.kind, data.display_name())));
        }
    }

    /// The book, kind and name of a contact the actor may see, or `None`.
    fn org(&self, id: ContactId) -> Result<Option<OrgFacts>> {
        if let Some(known) = self.orgs.borrow().get(&id) {
            return Ok(known.clone());
        }
        let found = self
            .ops
            .contact(id)?
            .filter(|o| self.actor.scope(None).contains(o.book))
            .map(|o| (o.book, o.data.kind, o.data.display_name()));
        self.orgs.borrow_mut().insert(id, found.clone());
        Ok(found)
    }

    /// Checks `data` for `book`; a person linked to an organisation takes its current
    /// name as `org_name`, so lists, search and every export show the company.
    fn check(&self, book: Book, data: &mut ContactData) -> Result<()> {
        if let Some(org) = data.org_id {
            if let Some((_, ContactKind::Organisation, name)) = self.org(org)? {
                if data.kind == ContactKind::Person {
                    data.org_name = name;
                }
            }
        }
        data.check()?;
        match book {
            Book::Private(_) => {
                if !data.groups.is_empty() {
                    return Err(Error::invalid(
                        "group",
                        "groups belong to the business book",
                    ));
                }
                if data.status.is_some() {
                    return Err(Error::invalid(
                        "status",
                        "statuses belong to the business book",
                    ));
                }
                if !data.custom.is_empty() {
                    return Err(Error::invalid(
                        "field",
                        "custom fields belong to the business book",
                    ));
                }
            }
            Book::Business => {
                if data.category.is_some() {
                    return Err(Error::invalid(
                        "category",
                        "categories belong to the private book",
                    ));
                }
                if !data.groups.is_empty() {
                    let groups = self.label_ids(&self.groups, ListKind::Group)?;
                    if let Some(g) = data.groups.iter().find(|g| !groups.contains(g)) {
                        return Err(Error::invalid("group", format!("no group with id {g}")));
                    }
                }
                if let Some(s) = data.status {
                    if !self
                        .label_ids(&self.statuses, ListKind::Status)?
                        .contains(&s)
                    {
                        return Err(Error::invalid("status", format!("no status with id {s}")));
                    }
                }
                if !data.custom.is_empty() {
                    let defs = self.fields()?;
                    for (id, value) in &data.custom {
                        let def = defs.iter().find(|d| d.id == *id).ok_or_else(|| {
                            Error::invalid("field", format!("no custom field with id {id}"))
                        })?;
                        check_field_value(def, value)?;
                    }
                }
            }
        }
        if let Some(org) = data.org_id {
            match self.org(org)? {
                Some((org_book, kind, _)) => {
                    if org_book != book {
                        return Err(Error::invalid(
                            "org",
                            format!("organisation {org} is in the other book"),
                        ));
                    }
                    if kind != ContactKind::Organisation {
                        return Err(Error::invalid(
                            "org",
                            format!("contact {org} is not an organisation"),
                        ));
                    }
                }
                None => return Err(Error::invalid("org", format!("no organisation {org}"))),
            }
        }
        Ok(())
    }
}

fn check_field_value(def: &FieldDef, value: &FieldValue) -> Result<()> {
    let ok = match (&def.field_type, value) {
        (FieldType::Text, FieldValue::Text(_))
        | (FieldType::Number, FieldValue::Number(_))
        | (FieldType::Date, FieldValue::Date(_))
        | (FieldType::YesNo, FieldValue::YesNo(_)) => true,
        (FieldType::Choice(options), FieldValue::Choice(v)) => options.iter().any(|o| o == v),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            def.label.clone(),
            format!("'{value}' is not a valid {} value", def.field_type.name()),
        ))
    }
}

/// Parses a custom field's value from text, by the field's type.
pub fn parse_field_value(def: &FieldDef, text: &str) -> Result<FieldValue> {
    let t = text.trim();
    let bad = |what: &str| Error::invalid(def.label.clone(), format!("'{text}' is not {what}"));
    let value = match &def.field_type {
        FieldType::Text => FieldValue::Text(t.to_string()),
        FieldType::Number => FieldValue::Number(
            t.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| bad("a number"))?,
        ),
        FieldType::Date => FieldValue::Date(
            crate::format::parse_date(&def.label, t)
                .map_err(|_| bad("a date (DD.MM.YYYY or YYYY-MM-DD)"))?,
        ),
        FieldType::YesNo => FieldValue::YesNo(match t.to_lowercase().as_str() {
            "yes" | "y" | "true" | "1" | "tak" | "t" => true,
            "no" | "n" | "false" | "0" | "nie" => false,
            _ => return Err(bad("yes or no")),
        }),
        FieldType::Choice(options) => {
            let found = options
                .iter()
                .find(|o| o.eq_ignore_ascii_case(t))
                .ok_or_else(|| {
                    Error::invalid(
                        def.label.clone(),
                        format!("'{text}' is not one of: {}", options.join(", ")),
                    )
                })?;
            FieldValue::Choice(found.clone())
        }
    };
    Ok(value)
}

/// How many business contacts hold a group or status.
fn label_use(ops: &dyn Ops, list: ListKind, label: &Label) -> Result<u64> {
    let mut q = ListQuery::new(Scope {
        private_of: None,
        business: true,
    });
    match list {
        ListKind::Group => q.group = Some(label.id),
        ListKind::Status => q.status = Some(label.id),
        _ => return Ok(0),
    }
    ops.count_contacts(&q)
}

fn find_label(labels: &[Label], list: ListKind, name: &str) -> Result<Label> {
    let folded = crate::text::fold(name.trim());
    labels
        .iter()
        .find(|l| crate::text::fold(&l.name) == folded)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
            Error::invalid(
                list.as_str(),
                format!(
                    "unknown {} '{name}' (known: {})",
                    list.as_str(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
}

fn find_field(defs: &[FieldDef], label: &str) -> Result<FieldDef> {
    let folded = crate::text::fold(label.trim());
    defs.iter()
        .find(|d| crate::text::fold(&d.label) == folded)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<&str> = defs.iter().map(|d| d.label.as_str()).collect();
            Error::invalid(
                "field",
                format!(
                    "unknown field '{label}' (known: {})",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
}

fn non_empty(field: &str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if t.chars().count() > crate::model::MAX_LINE_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {} characters", crate::model::MAX_LINE_CHARS),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!("'{t}' contains control characters"),
        ));
    }
    Ok(t.to_string())
}

/// The name of a list entry (group, status, category label, custom field, kind): not
/// empty, one line, at most [`crate::model::MAX_LABEL_CHARS`] characters.
pub(crate) fn label_name(field: &str, s: &str) -> Result<String> {
    let t = non_empty(field, s)?;
    if t.chars().count() > crate::model::MAX_LABEL_CHARS {
        return Err(Error::invalid(
            field,
            format!(
                "is longer than {} characters",
                crate::model::MAX_LABEL_CHARS
            ),
        ));
    }
    Ok(t)
}

/// The longest user name, in bytes.
pub const MAX_USER_NAME_BYTES: usize = 64;

fn check_user_name(name: &str) -> Result<String> {
    let t = non_empty("user", name)?;
    if t.len() > MAX_USER_NAME_BYTES || t.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "user",
            format!("'{t}' must be one word of at most {MAX_USER_NAME_BYTES} bytes"),
        ));
    }
    Ok(t)
}

/// The longest file name kept, in bytes.
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// The name a file is kept under, whatever path in it came by (upload, API, import, case
/// files): its base name without directories, control characters or leading dots, at most
/// [`MAX_FILE_NAME_BYTES`] bytes with its extension kept; `None` when nothing is left.
pub fn clean_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        return None;
    }
    if clean.len() <= MAX_FILE_NAME_BYTES {
        return Some(clean.to_string());
    }
    let ext = clean
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.len() <= 16 && !e.is_empty())
        .unwrap_or("");
    let keep = MAX_FILE_NAME_BYTES - ext.len() - 1;
    let mut stem = String::new();
    for c in clean.chars() {
        if stem.len() + c.len_utf8() > keep {
            break;
        }
        stem.push(c);
    }
    Some(if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    })
}

fn file_name(name: &str) -> Result<String> {
    clean_file_name(name).ok_or_else(|| Error::invalid("file name", "must not be empty"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::MemoryStore;
    use crate::model::Address;

    #[test]
    fn names_of_list_entries_and_notes_have_limits_told_in_the_message() {
        let s = Service::new(MemoryStore::default());
        let a = s.local_actor("anna").unwrap_or_else(|e| panic!("{e}"));
        let long = "ż".repeat(crate::model::MAX_LABEL_CHARS + 1);
        let fits = "ż".repeat(crate::model::MAX_LABEL_CHARS);
        let too_long = |r: Result<()>| match r {
            Err(Error::Invalid { reason, .. }) => reason == "is longer than 100 characters",
            _ => false,
        };
        assert!(too_long(
            s.add_label(&a, ListKind::Group, &long).map(|_| ())
        ));
        assert!(s.add_label(&a, ListKind::Group, &fits).is_ok());
        assert!(too_long(s.rename_label(&a, ListKind::Group, &fits, &long)));
        assert!(too_long(
            s.add_field(&a, &long, FieldType::Text).map(|_| ())
        ));
        assert!(too_long(s.rename_category(&a, CategoryKey::ALL[0], &long)));
        let c = s
            .create(&a, BookKind::Private, ContactData::person("Jan", "Plik"))
            .unwrap_or_else(|e| panic!("{e}"));
        let note = "n".repeat(crate::model::MAX_LINE_CHARS + 1);
        match s.attach(&a, c.id, "a.txt", "text/plain", b"x".to_vec(), &note) {
            Err(Error::Invalid { field, .. }) => assert_eq!(field, "note"),
            other => panic!("{other:?}"),
        }
        let text = "t".repeat(crate::model::MAX_LINE_CHARS + 1);
        let at = s.now();
        match s.remind(&a, c.id, at, &text, None) {
            Err(Error::Invalid { field, reason }) => {
                assert_eq!(
                    (field.as_str(), reason.as_str()),
                    ("text", "is longer than 1000 characters")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn list_filter_admits_by_category_group_and_status() {
        let s = Service::new(MemoryStore::default());
        let a = s.local_actor("anna").unwrap_or_else(|e| panic!("{e}"));
        let vip = s
            .add_label(&a, ListKind::Group, "VIP")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut d = ContactData::person("Jan", "Grupowy");
        d.groups = vec![vip.id];
        let c = s
            .create(&a, BookKind::Business, d)
            .unwrap_or_else(|e| panic!("{e}"));
        let inactive = s
            .label(ListKind::Status, "Inactive")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(ListFilter::default().admits(&c));
        assert!(ListFilter {
            group: Some(vip.id),
            ..ListFilter::default()
        }
        .admits(&c));
        assert!(!ListFilter {
            status: Some(inactive.id),
            ..ListFilter::default()
        }
        .admits(&c));
        assert!(!ListFilter {
            category: Some(CategoryKey::Family),
            ..ListFilter::default()
        }
        .admits(&c));
    }

    #[test]
    fn setup_admin_works_once_and_adopts_a_local_user() {
        let s = Service::new(MemoryStore::default());
        let root = s.local_actor("root").unwrap_or_else(|e| panic!("{e}"));
        assert!(root.is_admin());
        assert!(
            !s.has_login_admin().unwrap_or(true),
            "a CLI admin has no password"
        );
        let pw = |t: &str| crate::password::NewPassword::new(t).unwrap_or_else(|e| panic!("{e}"));
        let u = s
            .setup_admin("root", &pw("root secret"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(u.admin);
        assert_eq!(s.authenticate("root", "root secret").as_ref(), Some(&root));
        assert!(s.has_login_admin().unwrap_or(false));
        assert!(matches!(
            s.setup_admin("eve", &pw("eve secret")),
            Err(Error::Forbidden(_))
        ));
        assert!(s.actor_by_name("eve").is_err(), "nothing written");
    }

    #[test]
    fn a_postal_code_is_filled_in_from_the_locality() {
        let s = Service::new(MemoryStore::default());
        let a = s.local_actor("anna").unwrap_or_else(|e| panic!("{e}"));
        let mut d = ContactData::person("Jan", "Wiejski");
        d.addresses.push(Address {
            street: "Polna 3".into(),
            locality: "Kocmyrzów".into(),
            ..Address::default()
        });
        let c = s
            .create(&a, BookKind::Private, d)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.data.addresses[0].postal_code, "32-010");
        let back = s.get(&a, c.id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.data.addresses[0].postal_code, "32-010");
        let edited = s
            .modify(&a, c.id, |d| {
                d.addresses.push(Address {
                    locality: "Nowa Wieś".into(),
                    region: "Małopolskie".into(),
                    ..Address::default()
                });
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(edited.data.addresses[1].postal_code, "32-651");
        let batch = vec![ContactData {
            addresses: vec![Address {
                locality: "Kocmyrzów".into(),
                ..Address::default()
            }],
            ..ContactData::person("Ala", "Wsadowa")
        }];
        let ids = s
            .create_many(&a, BookKind::Business, batch)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.get(&a, ids[0])
                .map(|c| c.data.addresses[0].postal_code.clone())
                .ok()
                .as_deref(),
            Some("32-010")
        );
    }
}
