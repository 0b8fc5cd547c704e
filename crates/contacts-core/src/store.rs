//! The storage traits. The core decides what may be read or written; a store only keeps
//! and finds. Every list or search gets a [`Scope`] the core built from the acting user,
//! and must return nothing outside it.

use std::path::Path;

mod auth;
mod dates;
mod interchange;
mod mailing;
mod meetings;
mod sync;
mod trash;
pub use auth::*;
pub use dates::*;
pub use interchange::*;
pub use mailing::*;
pub use meetings::*;
pub use sync::*;
pub use trash::*;

use crate::category::CategoryKey;
use crate::error::Result;
use crate::ids::{AttachmentId, ContactId, FieldId, LabelId, UserId};
use crate::model::{AttachmentInfo, Book, Contact, ContactData, Meta, NewAttachment, Photo, User};

/// Which books a read may touch. Built by the core only (see `Service`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The user whose private book may be read, if any.
    pub private_of: Option<UserId>,
    pub business: bool,
}

impl Scope {
    /// Whether a contact in `book` lies inside the scope.
    pub fn contains(&self, book: Book) -> bool {
        match book {
            Book::Business => self.business,
            Book::Private(owner) => self.private_of == Some(owner),
        }
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ListSort {
    /// By the folded sort key of the name ([`crate::search::sort_key`]), then id.
    #[default]
    Name,
    /// Recently changed first: `meta.updated_at` descending, then id descending.
    Recent,
}

impl ListSort {
    /// The name frontends use ("name", "recent").
    pub fn as_str(self) -> &'static str {
        match self {
            ListSort::Name => "name",
            ListSort::Recent => "recent",
        }
    }

    pub fn parse(s: &str) -> Option<ListSort> {
        [ListSort::Name, ListSort::Recent]
            .into_iter()
            .find(|o| o.as_str() == s.trim())
    }
}

/// A filtered, paged list in the order of `sort`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub scope: Scope,
    pub sort: ListSort,
    pub category: Option<CategoryKey>,
    pub group: Option<LabelId>,
    pub status: Option<LabelId>,
    /// Only business contacts whose last history entry is before this instant, or who
    /// have none ("not contacted for N days").
    pub last_contact_before: Option<chrono::DateTime<chrono::Utc>>,
    /// Only business contacts whose account manager is this user.
    pub account_manager: Option<crate::ids::UserId>,
    pub limit: usize,
    pub offset: usize,
}

impl ListQuery {
    pub fn new(scope: Scope) -> ListQuery {
        ListQuery {
            scope,
            sort: ListSort::Name,
            category: None,
            group: None,
            status: None,
            last_contact_before: None,
            account_manager: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// Contacts whose search document has every term as a word prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub scope: Scope,
    /// Folded terms from [`crate::search::terms`], each matching as a word prefix.
    pub terms: Vec<String>,
    /// Folded terms each matching a whole word only. `terms` and `whole` are never both empty.
    pub whole: Vec<String>,
    pub limit: usize,
}

/// A user-defined picklist: business groups, statuses, case kinds, and the kinds of history
/// entries, case notes and documents (these three grow from what users type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Group,
    Status,
    CaseKind,
    HistoryKind,
    NoteKind,
    DocumentKind,
}

impl ListKind {
    pub const ALL: [ListKind; 6] = [
        ListKind::Group,
        ListKind::Status,
        ListKind::CaseKind,
        ListKind::HistoryKind,
        ListKind::NoteKind,
        ListKind::DocumentKind,
    ];

    /// The stored key, also used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Group => "group",
            ListKind::Status => "status",
            ListKind::CaseKind => "case_kind",
            ListKind::HistoryKind => "history_kind",
            ListKind::NoteKind => "note_kind",
            ListKind::DocumentKind => "document_kind",
        }
    }

    /// The list for a stored key.
    pub fn parse(s: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An entry of a picklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub id: LabelId,
    pub list: ListKind,
    pub name: String,
}

/// The type of a custom field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Number,
    Date,
    YesNo,
    Choice(Vec<String>),
}

impl FieldType {
    /// The type names, as frontends offer them and the store keeps them.
    pub const NAMES: [&'static str; 5] = ["text", "number", "date", "yesno", "choice"];

    /// A type from its name (any case; `yes/no` and `bool` also mean `yesno`) and its
    /// choices. Choices are trimmed and empty ones dropped; a choice field needs at least
    /// one, and only a choice field may have any. The one parser for every frontend.
    pub fn parse(name: &str, choices: &[String]) -> crate::Result<FieldType> {
        let choices: Vec<String> = choices
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let t = match name.trim().to_ascii_lowercase().as_str() {
            "text" => FieldType::Text,
            "number" => FieldType::Number,
            "date" => FieldType::Date,
            "yesno" | "yes/no" | "bool" => FieldType::YesNo,
            "choice" if choices.is_empty() => {
                return Err(crate::Error::invalid(
                    "choices",
                    "a choice field needs at least one choice",
                ))
            }
            "choice" => return Ok(FieldType::Choice(choices)),
            other => {
                return Err(crate::Error::invalid(
                    "type",
                    format!("'{other}' is not text, number, date, yesno or choice"),
                ))
            }
        };
        if !choices.is_empty() {
            return Err(crate::Error::invalid(
                "choices",
                "only a choice field has choices",
            ));
        }
        Ok(t)
    }

    /// Choices written as one text, separated by commas (`a, b,c`).
    pub fn split_choices(text: &str) -> Vec<String> {
        text.split(',').map(|c| c.trim().to_string()).collect()
    }

    /// The choices of a choice field; empty for the other types.
    pub fn choices(&self) -> &[String] {
        match self {
            FieldType::Choice(c) => c,
            _ => &[],
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::YesNo => "yesno",
            FieldType::Choice(_) => "choice",
        }
    }
}

/// A custom field of the business book. Values are keyed by `id`, so the label can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    pub id: FieldId,
    pub label: String,
    pub field_type: FieldType,
}

/// The operations of one read or write transaction.
///
/// Implementations must: return `Conflict` from `update_contact` when the stored version
/// differs from `expected_version` (writing nothing), return `Conflict` for a duplicate
/// user name, picklist name or field label, and never return a contact outside a query's
/// scope.
pub trait Ops:
    ReminderOps
    + OccasionOps
    + InterchangeOps
    + AuthOps
    + SyncOps
    + MailingOps
    + TrashOps
    + crate::case_store::CaseOps
    + MeetingOps
{
    fn insert_user(
        &self,
        name: &str,
        admin: bool,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<User>;
    fn update_user(&self, user: &User) -> Result<()>;
    fn user(&self, id: UserId) -> Result<Option<User>>;
    fn user_by_name(&self, name: &str) -> Result<Option<User>>;
    fn users(&self) -> Result<Vec<User>>;

    fn insert_contact(&self, book: Book, data: &ContactData, meta: &Meta) -> Result<ContactId>;
    fn contact(&self, id: ContactId) -> Result<Option<Contact>>;
    /// Replaces data and meta of `contact.id` if its stored version is `expected_version`.
    fn update_contact(&self, contact: &Contact, expected_version: u64) -> Result<()>;
    /// Removes the contact with its photo and attachments.
    fn delete_contact(&self, id: ContactId) -> Result<()>;
    fn list_contacts(&self, query: &ListQuery) -> Result<Vec<Contact>>;
    fn count_contacts(&self, query: &ListQuery) -> Result<u64>;
    fn search(&self, query: &SearchQuery) -> Result<Vec<Contact>>;
    /// Persons whose `org_id` is this organisation.
    fn people_at(&self, org: ContactId) -> Result<Vec<ContactId>>;

    fn set_photo(&self, contact: ContactId, photo: Option<&Photo>) -> Result<()>;
    fn photo(&self, contact: ContactId) -> Result<Option<Photo>>;

    fn insert_attachment(&self, contact: ContactId, new: &NewAttachment) -> Result<AttachmentId>;
    fn attachments(&self, contact: ContactId) -> Result<Vec<AttachmentInfo>>;
    fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentInfo, Vec<u8>)>>;
    fn delete_attachment(&self, id: AttachmentId) -> Result<()>;

    /// The labels a user gave categories (only the renamed ones).
    fn category_labels(&self, user: UserId) -> Result<Vec<(CategoryKey, String)>>;
    fn set_category_label(&self, user: UserId, key: CategoryKey, label: &str) -> Result<()>;

    fn insert_label(&self, list: ListKind, name: &str) -> Result<Label>;
    fn labels(&self, list: ListKind) -> Result<Vec<Label>>;
    fn rename_label(&self, id: LabelId, name: &str) -> Result<()>;
    /// Removes the entry and every use of it (group memberships, statuses).
    fn delete_label(&self, id: LabelId) -> Result<()>;

    fn insert_field(&self, label: &str, field_type: &FieldType) -> Result<FieldDef>;
    fn fields(&self) -> Result<Vec<FieldDef>>;
    fn update_field(&self, def: &FieldDef) -> Result<()>;
    /// Removes the definition and every value of it.
    fn delete_field(&self, id: FieldId) -> Result<()>;
    /// How many contacts hold a value of the field.
    fn field_value_count(&self, id: FieldId) -> Result<u64>;

    /// Replaces the street-level postal list with `rows` (an admin's import).
    fn replace_postal_streets(&self, rows: &[crate::postal::streets::StreetRow]) -> Result<()>;
    /// Rows of the street-level list in the locality `locality_key` (folded) whose street key
    /// starts with `street_prefix` (folded, no "ul."), ordered by street key, code and
    /// numbers; at most `limit`.
    fn postal_streets(
        &self,
        locality_key: &str,
        street_prefix: &str,
        limit: usize,
    ) -> Result<Vec<crate::postal::streets::StreetRow>>;
    /// How many rows the street-level list holds.
    fn postal_street_count(&self) -> Result<u64>;

    /// A small key-value table for installation settings.
    fn setting(&self, key: &str) -> Result<Option<String>>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;

    /// Tidies search structures after a bulk load (SQLite: merges the full-text index into
    /// one segment, so every lookup reads one). Changes nothing visible; a no-op by default.
    fn tidy_after_bulk_load(&self) -> Result<()> {
        Ok(())
    }
}

/// A store: runs closures in read or write transactions.
pub trait Store: Send + Sync {
    /// Runs `f` on a consistent snapshot.
    fn read<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T>;
    /// Runs `f` in one transaction: everything it wrote is kept if it returns `Ok`, and
    /// nothing if it returns `Err`.
    fn write<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T>;
    /// [`Store::write`] for a transaction that writes a great many rows (a bulk load): the
    /// store may spend more memory on it for the time it runs.
    fn write_bulk<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.write(f)
    }
    /// Writes a consistent copy of everything to `path` while the store stays usable.
    fn backup(&self, path: &Path) -> Result<()>;
}

/// The statuses a new installation starts with.
pub const DEFAULT_STATUSES: [&str; 2] = ["Active client", "Inactive"];

#[cfg(test)]
mod tests {
    use super::FieldType;
    use crate::Error;
    use rstest::rstest;

    fn list(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[rstest]
    #[case::trimmed_any_case(" Text ", "", FieldType::Text)]
    #[case::number("number", "", FieldType::Number)]
    #[case::date("DATE", "", FieldType::Date)]
    #[case::yesno("yesno", "", FieldType::YesNo)]
    #[case::yes_slash_no("yes/no", "", FieldType::YesNo)]
    #[case::bool("bool", " ", FieldType::YesNo)]
    #[case::choices_trimmed_empty_dropped("choice", "a, b,,c ", FieldType::Choice(list(&["a", "b", "c"])))]
    fn field_types_parse(#[case] name: &str, #[case] choices: &str, #[case] want: FieldType) {
        let got = FieldType::parse(name, &FieldType::split_choices(choices));
        assert_eq!(got.ok(), Some(want));
    }

    #[rstest]
    #[case::choice_without_choices("choice", " , ", "choices")]
    #[case::choices_on_text("text", "a", "choices")]
    #[case::unknown_type("colour", "", "type")]
    fn field_types_refused(#[case] name: &str, #[case] choices: &str, #[case] field: &str) {
        match FieldType::parse(name, &FieldType::split_choices(choices)) {
            Err(Error::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_type_name_round_trips() {
        for name in FieldType::NAMES {
            let choices = if name == "choice" {
                list(&["x"])
            } else {
                vec![]
            };
            let t = FieldType::parse(name, &choices).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(t.name(), name);
            assert_eq!(t.choices(), choices.as_slice());
        }
    }
}
