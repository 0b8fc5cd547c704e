//! The store operations of the dates feature: reminders, and the contacts whose birthday or
//! name-day falls on given days. As everywhere, the core builds the query (which days, which
//! names, which books) and a store only finds rows; the name-day rules stay in the core.

use chrono::{DateTime, Utc};

use crate::date::{MonthDay, PartialDate};
use crate::error::Result;
use crate::ids::{ContactId, ReminderId, UserId};
use crate::model::{Book, ContactKind};
use crate::store::Scope;
use crate::text::fold;

/// A reminder to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub contact: ContactId,
    pub text: String,
    pub due_at: DateTime<Utc>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub assignee: Option<UserId>,
}

/// A stored reminder on a contact. It is visible exactly where its contact is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: ReminderId,
    pub contact: ContactId,
    pub text: String,
    /// When it is due, in UTC (shown in the installation's time zone).
    pub due_at: DateTime<Utc>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    /// Who is to do it; `None` leaves it to whoever takes it.
    pub assignee: Option<UserId>,
    /// Who marked it done, and when.
    pub done_by: Option<UserId>,
    pub done_at: Option<DateTime<Utc>>,
    /// Starts at 1; every change adds 1 (optimistic locking, as for contacts).
    pub version: u64,
}

impl Reminder {
    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }
}

/// Reminders on contacts inside `scope`, in due order (then id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderQuery {
    pub scope: Scope,
    pub contact: Option<ContactId>,
    /// Only reminders assigned to this user, or unassigned ones this user created.
    pub involving: Option<UserId>,
    /// Due at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    /// Due before this instant.
    pub due_before: Option<DateTime<Utc>>,
    /// Leave out the ones marked done.
    pub open_only: bool,
}

impl ReminderQuery {
    pub fn new(scope: Scope) -> ReminderQuery {
        ReminderQuery {
            scope,
            contact: None,
            involving: None,
            due_from: None,
            due_before: None,
            open_only: false,
        }
    }
}

/// The parts of a contact that the yearly occasions need, read without the rest of the record
/// (upcoming lists over a million contacts must stay fast).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedContact {
    pub id: ContactId,
    pub book: Book,
    pub kind: ContactKind,
    /// The display name from the naming fields ([`crate::model::naming_display`]), empty
    /// when none is set.
    pub name: String,
    /// The given name as typed; its first word is the name celebrated.
    pub given: String,
    /// The family name as typed (with `given`, the name's sort key).
    pub family: String,
    pub birthday: Option<PartialDate>,
    /// The explicit name-day, if one was set.
    pub nameday: Option<MonthDay>,
}

/// Contacts inside `scope` matching any of: a birthday on one of `birthdays`, an explicit
/// name-day on one of `namedays`, or one of the `names` rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccasionQuery {
    pub scope: Scope,
    pub birthdays: Vec<MonthDay>,
    pub namedays: Vec<MonthDay>,
    pub names: Vec<NameRule>,
}

/// Contacts without an explicit name-day whose [`given_key`] is `key` or starts with `key`
/// followed by a hyphen, and, when `born` is not empty, whose birthday's month-day lies in one of
/// the inclusive ranges `born` (each with start <= end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRule {
    pub key: String,
    pub born: Vec<(MonthDay, MonthDay)>,
}

/// The store operations on reminders.
///
/// Implementations must: remove a contact's reminders with the contact, return `Conflict` from
/// `update_reminder` when the stored version differs from `expected_version` (writing nothing),
/// and never return a reminder on a contact outside a query's scope.
pub trait ReminderOps {
    fn insert_reminder(&self, new: &NewReminder) -> Result<ReminderId>;
    fn reminder(&self, id: ReminderId) -> Result<Option<Reminder>>;
    /// Replaces text, due time, assignee and done fields if the stored version is
    /// `expected_version`; the new version is `reminder.version`.
    fn update_reminder(&self, reminder: &Reminder, expected_version: u64) -> Result<()>;
    fn delete_reminder(&self, id: ReminderId) -> Result<()>;
    fn reminders(&self, query: &ReminderQuery) -> Result<Vec<Reminder>>;
}

/// The store operations behind birthdays and name-days.
///
/// Implementations must keep [`given_key`] of every contact findable (SQLite stores it in a
/// column with an index) and answer from indexes, not by reading every contact.
pub trait OccasionOps {
    /// Each matching contact once, in any order.
    fn occasions(&self, query: &OccasionQuery) -> Result<Vec<DatedContact>>;
    /// Every contact inside `scope` with a birthday, an explicit name-day or a given name.
    fn dated_contacts(&self, scope: &Scope) -> Result<Vec<DatedContact>>;
}

/// The key a contact's name-day is found by: the first word of the given name, folded ("Łukasz
/// Maria" -> "lukasz"). Stores keep it beside the contact.
pub fn given_key(given: &str) -> String {
    given
        .split_whitespace()
        .next()
        .map(fold)
        .unwrap_or_default()
}

impl NameRule {
    /// Whether a contact with this given key, birthday and explicit name-day matches (the
    /// reference semantics for stores).
    pub fn matches(
        &self,
        key: &str,
        birthday: Option<MonthDay>,
        nameday: Option<MonthDay>,
    ) -> bool {
        if nameday.is_some() {
            return false;
        }
        let name_ok = key == self.key
            || key
                .strip_prefix(self.key.as_str())
                .is_some_and(|rest| rest.starts_with('-'));
        name_ok
            && (self.born.is_empty()
                || birthday.is_some_and(|b| self.born.iter().any(|(lo, hi)| *lo <= b && b <= *hi)))
    }
}
