//! Probable duplicates and merges.

use contacts_core::service::{self as core, BookKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Book, Contact};

impl From<BookKind> for Book {
    fn from(b: BookKind) -> Book {
        match b {
            BookKind::Private => Book::Private,
            BookKind::Business => Book::Business,
        }
    }
}

/// A contact named by id and display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactRef {
    pub id: i64,
    pub name: String,
}

/// Two contacts of a book that are probably one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicatePair {
    pub a: ContactRef,
    pub b: ContactRef,
    pub book: Book,
    /// Such as "same e-mail jan@example.pl".
    pub reason: String,
}

impl DuplicatePair {
    /// The pair with its contacts' display names.
    pub fn new(p: &core::DuplicatePair, book: BookKind, a: String, b: String) -> DuplicatePair {
        DuplicatePair {
            a: ContactRef { id: p.a.0, name: a },
            b: ContactRef { id: p.b.0, name: b },
            book: book.into(),
            reason: p.reason.clone(),
        }
    }
}

/// A stored contact that a contact about to be saved probably duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateHint {
    pub id: i64,
    pub name: String,
    pub reason: String,
}

impl From<&core::DuplicateHint> for DuplicateHint {
    fn from(h: &core::DuplicateHint) -> DuplicateHint {
        DuplicateHint {
            id: h.contact.id.0,
            name: h.contact.name.clone(),
            reason: h.reason.clone(),
        }
    }
}

/// A merge undone: the contact kept, as it was before, and the one merged into it, back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Unmerge {
    pub kept: Contact,
    pub restored: Contact,
}
