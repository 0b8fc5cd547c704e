//! Address-book synchronisation (CardDAV) over the two books a user sees: their private
//! book and the business book. A frontend addresses a card by its book and resource name;
//! the name is the one the client gave the card when it created it (kept by the store),
//! else `<id>.vcf`. Everything a client writes goes through the same rules as the web
//! forms and the import: the record's checks, the book's lists, optimistic versions, the
//! tolerant vCard reader (unknown properties kept and given back), a stable `UID` kept
//! with the contact.
//!
//! A sync token is a store's [`SyncPoint`] as text; [`Service::sync_changes`] answers with
//! the contacts added, changed or removed in the book since then.

use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::model::{Book, Contact, Language};
use crate::store::{Ops, Store, SyncEntry, SyncPoint};
use crate::vcard::Card;

use super::interchange::{card_to_data, kept_uid, set_uid, CardLists, Names};
use super::{complete, remove_contact, replace_data, Actor, BookKind, Service};

/// The longest resource name accepted.
pub const MAX_NAME_CHARS: usize = 255;

/// A position in the change log, as a client carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncToken(SyncPoint);

impl SyncToken {
    /// The text form, `<seq>-<last id>`.
    pub fn as_text(&self) -> String {
        format!("{}-{}", self.0.seq, self.0.last_id)
    }

    /// A token read back; `None` unless it is one [`SyncToken::as_text`] wrote.
    pub fn parse(s: &str) -> Option<SyncToken> {
        let (seq, last) = s.trim().split_once('-')?;
        Some(SyncToken(SyncPoint {
            seq: seq.parse().ok()?,
            last_id: last.parse().ok()?,
        }))
    }
}

/// What changed in a book since a token, and the token to use next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncChanges {
    pub token: SyncToken,
    /// Changed and added contacts (`version: Some`) and removed ones (`None`).
    pub entries: Vec<SyncEntry>,
}

/// A contact as a sync client gets it: resource name, version and card.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncCard {
    pub id: ContactId,
    pub name: String,
    pub version: u64,
    pub card: Card,
}

/// The resource name of an entry: the client's, else `<id>.vcf`.
pub fn resource_name(e: &SyncEntry) -> String {
    e.name.clone().unwrap_or_else(|| format!("{}.vcf", e.id))
}

/// The contact `name` stands for in `book`, if any. A name a client gave wins; `<id>.vcf`
/// names a contact of the book that has no client name.
fn resolve(ops: &dyn Ops, book: Book, name: &str) -> Result<Option<Contact>> {
    if let Some(id) = ops.contact_named(book, name)? {
        return Ok(ops.contact(id)?.filter(|c| c.book == book));
    }
    let Some(id) = name
        .strip_suffix(".vcf")
        .and_then(|n| n.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    match ops.contact(ContactId(id))? {
        Some(c) if c.book == book && ops.name_of(c.id)?.is_none() => Ok(Some(c)),
        _ => Ok(None),
    }
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.contains('/')
        || name.chars().any(char::is_control)
        || name == "."
        || name == ".."
    {
        return Err(Error::invalid(
            "name",
            format!("a card's name must be 1 to {MAX_NAME_CHARS} characters without '/'"),
        ));
    }
    Ok(())
}

fn sync_card(ops: &dyn Ops, lists: &CardLists, c: Contact) -> Result<SyncCard> {
    let id = c.id;
    let version = c.meta.version;
    let name = ops.name_of(id)?.unwrap_or_else(|| format!("{id}.vcf"));
    let mut card = lists.card(ops, c, false)?;
    if kept_uid(&card.data).is_none() {
        card.uid = Some(format!("contacts-{id}"));
    }
    Ok(SyncCard {
        id,
        name,
        version,
        card,
    })
}

/// The outcome of a client's write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncWrite {
    pub id: ContactId,
    pub version: u64,
    pub created: bool,
}

impl<S: Store> Service<S> {
    /// The current sync token.
    pub fn sync_token(&self, _actor: &Actor) -> Result<SyncToken> {
        self.store.read(|ops| ops.sync_point().map(SyncToken))
    }

    /// The contacts of `book` added, changed or removed since `since`, with the token to
    /// use next. A token from the future is refused.
    pub fn sync_changes(
        &self,
        actor: &Actor,
        book: BookKind,
        since: SyncToken,
    ) -> Result<SyncChanges> {
        let book = actor.book(book);
        self.store.read(|ops| {
            let now = ops.sync_point()?;
            if since.0.seq > now.seq {
                return Err(Error::invalid("sync-token", "this sync token is unknown"));
            }
            Ok(SyncChanges {
                token: SyncToken(now),
                entries: ops.changes_since(book, since.0)?,
            })
        })
    }

    /// A page of the contacts of `book` (ids above `after`, in id order).
    pub fn sync_entries(
        &self,
        actor: &Actor,
        book: BookKind,
        after: ContactId,
        limit: usize,
    ) -> Result<Vec<SyncEntry>> {
        let book = actor.book(book);
        self.store
            .read(|ops| ops.entries_after(book, after, limit.clamp(1, 10_000)))
    }

    /// The cards of `book` with these resource names, in the order asked (`None`: no such
    /// card).
    pub fn sync_cards(
        &self,
        actor: &Actor,
        book: BookKind,
        names: &[String],
    ) -> Result<Vec<Option<SyncCard>>> {
        let book = actor.book(book);
        self.store.read(|ops| {
            let lists = CardLists::load(ops)?;
            names
                .iter()
                .map(|n| match resolve(ops, book, n)? {
                    Some(c) => sync_card(ops, &lists, c).map(Some),
                    None => Ok(None),
                })
                .collect()
        })
    }

    /// A page of the cards of `book` (ids above `after`, in id order).
    pub fn sync_cards_after(
        &self,
        actor: &Actor,
        book: BookKind,
        after: ContactId,
        limit: usize,
    ) -> Result<Vec<SyncCard>> {
        let book = actor.book(book);
        self.store.read(|ops| {
            let lists = CardLists::load(ops)?;
            ops.contacts_after(book, after, limit.clamp(1, 10_000))?
                .into_iter()
                .map(|c| sync_card(ops, &lists, c))
                .collect()
        })
    }

    /// Stores a card a client sent under `name` in `book`: a new contact, or the one the
    /// name stands for. `check` sees the current contact (or `None`) first and may refuse
    /// (a client's precondition); then the card goes through the rules of an edit or a
    /// new contact. Its photo replaces the contact's (none clears it); its `UID` is kept.
    pub fn sync_put(
        &self,
        actor: &Actor,
        book: BookKind,
        name: &str,
        card: Card,
        check: impl FnOnce(Option<&Contact>) -> Result<()>,
    ) -> Result<SyncWrite> {
        check_name(name)?;
        let book = actor.book(book);
        let now = self.now();
        let meta = self.new_meta(actor);
        self.store.write(|ops| {
            let current = resolve(ops, book, name)?;
            check(current.as_ref())?;
            let mut names = Names::load(ops)?;
            let mut warnings = Vec::new();
            let (mut data, photo, _attachments) = card_to_data(
                ops,
                &mut names,
                book,
                card,
                &mut warnings,
                actor.language().unwrap_or(Language::Polish),
            )?;
            complete(&mut data);
            match current {
                Some(old) => {
                    // A card names its organisation by text only: the link to the
                    // organisation contact stays while the name does.
                    if data.org_id.is_none()
                        && crate::text::fold(data.org_name.trim())
                            == crate::text::fold(old.data.org_name.trim())
                    {
                        data.org_id = old.data.org_id;
                    }
                    if kept_uid(&data).is_none() {
                        if let Some(uid) = kept_uid(&old.data) {
                            let uid = uid.to_string();
                            set_uid(&mut data, &uid);
                        }
                    }
                    let id = old.id;
                    if photo.is_some() || old.has_photo {
                        ops.set_photo(id, photo.as_ref())?;
                    }
                    let saved = replace_data(ops, actor, old, data, now)?;
                    Ok(SyncWrite {
                        id,
                        version: saved.meta.version,
                        created: false,
                    })
                }
                None => {
                    super::check_data(ops, actor, book, &data)?;
                    let id = ops.insert_contact(book, &data, &meta)?;
                    if photo.is_some() {
                        ops.set_photo(id, photo.as_ref())?;
                    }
                    if name != format!("{id}.vcf") {
                        ops.set_name(book, name, id)?;
                    }
                    Ok(SyncWrite {
                        id,
                        version: meta.version,
                        created: true,
                    })
                }
            }
        })
    }

    /// Removes the card `name` stands for in `book`, after `check` accepted it (a client's
    /// precondition), with the rules of a delete.
    pub fn sync_delete(
        &self,
        actor: &Actor,
        book: BookKind,
        name: &str,
        check: impl FnOnce(&Contact) -> Result<()>,
    ) -> Result<()> {
        let book = actor.book(book);
        let now = self.now();
        self.store.write(|ops| {
            let current = resolve(ops, book, name)?
                .ok_or_else(|| Error::not_found(format!("card {name}")))?;
            check(&current)?;
            remove_contact(ops, actor, current.id, now)
        })
    }
}

// ---- calendar subscription ------------------------------------------------------------

impl<S: Store> Service<S> {
    /// Gives the actor a calendar subscription link with `secret` (256 random bits the
    /// frontend made; only its hash is kept). An earlier link of theirs stops working.
    pub fn create_feed_link(&self, actor: &Actor, secret: &str) -> Result<()> {
        let hash = super::auth::hash_secret(secret)?;
        let now = self.now();
        self.store.write(|ops| {
            if ops.feed_user(&hash)?.is_some() {
                return Err(Error::Conflict("this secret is in use".into()));
            }
            ops.set_feed_link(actor.id(), Some((&hash, now)))
        })
    }

    /// Revokes the actor's subscription link (nothing when they have none).
    pub fn revoke_feed_link(&self, actor: &Actor) -> Result<()> {
        self.store.write(|ops| ops.set_feed_link(actor.id(), None))
    }

    /// When the actor's subscription link was made, if they have one.
    pub fn feed_link(&self, actor: &Actor) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        self.store.read(|ops| ops.feed_link(actor.id()))
    }

    /// The user a subscription link's secret belongs to; `None` for an unknown or revoked
    /// link or a disabled user.
    pub fn feed_actor(&self, secret: &str) -> Result<Option<Actor>> {
        let Ok(hash) = super::auth::hash_secret(secret) else {
            return Ok(None);
        };
        let user = self.store.read(|ops| match ops.feed_user(&hash)? {
            Some(id) => ops.user(id),
            None => Ok(None),
        })?;
        Ok(user.and_then(|u| Actor::of(&u).ok()))
    }
}
