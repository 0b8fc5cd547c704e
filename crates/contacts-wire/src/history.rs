//! The client history of the business book.

use contacts_core::case as core;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{utc, Names};

/// A file of a history entry (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HistoryFile {
    pub id: i64,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// Where the API serves its bytes.
    pub href: String,
}

impl From<&core::HistoryFile> for HistoryFile {
    fn from(f: &core::HistoryFile) -> HistoryFile {
        HistoryFile {
            id: f.id.0,
            name: f.name.clone(),
            media_type: f.media_type.clone(),
            size: f.size,
            href: format!("/api/v1/history-files/{}", f.id.0),
        }
    }
}

/// One interaction with a business client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    /// The contact it is about.
    pub contact_id: i64,
    /// From the growing picklist ("telefon", "e-mail"...).
    pub kind: String,
    /// When it happened. RFC 3339.
    #[schema(format = DateTime)]
    pub at: String,
    pub text: String,
    /// The author's user name; null when the directory no longer holds them.
    pub author: Option<String>,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    pub files: Vec<HistoryFile>,
}

impl HistoryEntry {
    /// The entry with its author's name from `names`.
    pub fn new(e: &core::HistoryEntry, names: &Names) -> HistoryEntry {
        HistoryEntry {
            id: e.id.0,
            contact_id: e.contact.0,
            kind: e.kind.clone(),
            at: utc(e.at),
            text: e.text.clone(),
            author: names.user(e.author),
            created_at: utc(e.created_at),
            files: e.files.iter().map(HistoryFile::from).collect(),
        }
    }
}

/// A history kind and how many entries use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HistoryKind {
    pub kind: String,
    pub uses: u64,
}
