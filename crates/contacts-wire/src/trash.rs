//! The trash.

use contacts_core::service::TrashItem;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Book;

/// A deleted contact waiting in the trash (restorable until `expires_at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TrashEntry {
    /// The trash entry's id (what restore and delete take).
    pub id: i64,
    pub contact_id: i64,
    pub book: Book,
    /// The contact's display name.
    pub name: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub deleted_at: String,
    /// A user id.
    pub deleted_by: i64,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub expires_at: String,
}

impl From<&TrashItem> for TrashEntry {
    fn from(i: &TrashItem) -> TrashEntry {
        TrashEntry {
            id: i.entry.id,
            contact_id: i.entry.contact.0,
            book: i.entry.book.into(),
            name: i.entry.name.clone(),
            deleted_at: i.entry.deleted_at.to_rfc3339(),
            deleted_by: i.entry.deleted_by.0,
            expires_at: i.expires_at.to_rfc3339(),
        }
    }
}

/// The trash's entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TrashPage {
    pub items: Vec<TrashEntry>,
}
