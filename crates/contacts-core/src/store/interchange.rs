//! The store operations of import, export, duplicates and merge. The core computes the
//! duplicate keys ([`crate::service::duplicate_keys`]); a store keeps them beside each
//! contact (updated on every insert, update and delete) and finds contacts by them.

use crate::error::Result;
use crate::ids::ContactId;
use crate::model::{Book, Contact};

/// Rows that hang off a contact and move with it on a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    Attachment,
    History,
    Reminder,
    Meeting,
}

impl RowKind {
    pub const ALL: [RowKind; 4] = [
        RowKind::Attachment,
        RowKind::History,
        RowKind::Reminder,
        RowKind::Meeting,
    ];
}

/// A stored merge: what `unmerge` needs to put both contacts back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRecord {
    pub id: i64,
    pub keep: ContactId,
    pub other: ContactId,
    /// The core's snapshot of both contacts and the moved rows (JSON, opaque to a store).
    pub snapshot: String,
}

pub trait InterchangeOps {
    /// Contacts in `book` that have any of `keys`, with the key that matched.
    fn contacts_with_keys(&self, book: Book, keys: &[String]) -> Result<Vec<(ContactId, String)>>;
    /// Every pair of contacts in `book` sharing a key, lower id first, with the key.
    fn duplicate_pairs(&self, book: Book) -> Result<Vec<(ContactId, ContactId, String)>>;
    /// Up to `limit` contacts of `book` with ids above `after`, in id order (export pages
    /// through a whole book with this, never with offsets).
    fn contacts_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<Contact>>;
    /// Puts back a contact with its old id (unmerge).
    fn restore_contact(&self, contact: &Contact) -> Result<()>;
    /// Ids of the rows of `kind` belonging to `contact`.
    fn rows_of(&self, kind: RowKind, contact: ContactId) -> Result<Vec<i64>>;
    /// Hands the rows `ids` of `kind` to contact `to`.
    fn move_rows(&self, kind: RowKind, ids: &[i64], to: ContactId) -> Result<()>;
    fn insert_merge(&self, keep: ContactId, other: ContactId, snapshot: &str) -> Result<i64>;
    /// The latest merge into `keep`.
    fn last_merge(&self, keep: ContactId) -> Result<Option<MergeRecord>>;
    fn delete_merge(&self, id: i64) -> Result<()>;
}
