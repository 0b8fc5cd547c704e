//! The store operations address-book synchronisation (CardDAV) needs: a change log with
//! tombstones, so a client's refresh gets only what changed since its last sync, and the
//! resource names clients gave the cards they created.
//!
//! Every contact a store writes (insert, update, delete, restore after an unmerge) must be
//! visible to [`SyncOps::changes_since`] for a [`SyncPoint`] taken before the write, and
//! not for one taken after it. A removed contact stays a tombstone (`version: None`). How
//! a store keeps the log is its own business: SQLite logs updates and deletes and finds new
//! contacts by id, so a bulk load writes no log rows.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::ids::{ContactId, UserId};
use crate::model::Book;
use crate::store::SecretHash;

/// A position in the change log, taken in a read transaction. Opaque to frontends (the
/// service turns it into a sync token); only the store that made it knows what the numbers
/// mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SyncPoint {
    pub seq: u64,
    pub last_id: i64,
}

/// One contact of a book as a sync client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncEntry {
    pub id: ContactId,
    /// The resource name a client gave the card when it created it, if any.
    pub name: Option<String>,
    /// The contact's version; `None` for a removed contact (a tombstone).
    pub version: Option<u64>,
}

/// Change log and resource names (see the module doc).
pub trait SyncOps {
    /// Where the log stands now.
    fn sync_point(&self) -> Result<SyncPoint>;
    /// Every contact of `book` added, changed or removed after `since`, once each, in id
    /// order. A contact added and removed in between may appear as a tombstone.
    fn changes_since(&self, book: Book, since: SyncPoint) -> Result<Vec<SyncEntry>>;
    /// The contacts of `book` with an id above `after`, in id order, at most `limit`.
    fn entries_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<SyncEntry>>;
    /// The contact a client's resource name stands for in `book` (it may since have been
    /// removed: the caller checks).
    fn contact_named(&self, book: Book, name: &str) -> Result<Option<ContactId>>;
    /// The resource name of a contact, if a client gave it one.
    fn name_of(&self, id: ContactId) -> Result<Option<String>>;
    /// Gives `id` (in `book`) the resource `name`; the name moves off any earlier contact.
    fn set_name(&self, book: Book, name: &str, id: ContactId) -> Result<()>;

    /// The user whose calendar subscription link has this secret's hash.
    fn feed_user(&self, hash: &SecretHash) -> Result<Option<UserId>>;
    /// When the user's subscription link was made, if they have one.
    fn feed_link(&self, user: UserId) -> Result<Option<DateTime<Utc>>>;
    /// Gives the user a new link (the old one stops working) or, with `None`, none.
    fn set_feed_link(&self, user: UserId, link: Option<(&SecretHash, DateTime<Utc>)>)
        -> Result<()>;
}
