//! The store operations of the trash: a deleted contact is kept as one record holding
//! the core's snapshot of it (every field, photo, attachments, history and reminders,
//! as JSON the core writes and reads; opaque to a store) until it is restored, deleted
//! for good, or older than the core's keeping time.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::ids::{ContactId, UserId};
use crate::model::Book;
use crate::store::Scope;

/// A contact in the trash, without its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashEntry {
    pub id: i64,
    /// The id the contact had (restored under it when it is still free).
    pub contact: ContactId,
    pub book: Book,
    /// Its display name when it was deleted.
    pub name: String,
    pub deleted_at: DateTime<Utc>,
    pub deleted_by: UserId,
}

/// A contact going into the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrash {
    pub contact: ContactId,
    pub book: Book,
    pub name: String,
    pub deleted_at: DateTime<Utc>,
    pub deleted_by: UserId,
    pub snapshot: String,
}

pub trait TrashOps {
    fn insert_trash(&self, new: &NewTrash) -> Result<i64>;
    /// The entries whose book lies in `scope`, most recently deleted first (then id
    /// descending).
    fn trash_entries(&self, scope: &Scope) -> Result<Vec<TrashEntry>>;
    /// One entry with its snapshot, whatever its book (the core checks access).
    fn trash_entry(&self, id: i64) -> Result<Option<(TrashEntry, String)>>;
    /// Removes one entry; a missing one is no error.
    fn delete_trash(&self, id: i64) -> Result<()>;
    /// Removes every entry deleted before `before`; returns how many went.
    fn delete_trash_before(&self, before: DateTime<Utc>) -> Result<u64>;
}
