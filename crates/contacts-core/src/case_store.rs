//! The storage operations for client history, account managers, cases and their detail
//! items. [`crate::store::Ops`] requires them, so they run inside the same transactions.
//!
//! Implementations must: return `Conflict` from `update_case` and `update_detail` when
//! the stored version differs from `expected_version` (writing nothing), return `Conflict`
//! for a taken case number, keep history newest first and detail items in time order, and
//! keep each contact's last contact time in step with its history.

use chrono::{DateTime, Utc};

use crate::case::{
    ActivityCounts, Case, CaseQuery, Detail, HistoryEntry, HistoryFile, NewHistoryEntry,
    OpenCaseValue,
};
use crate::error::Result;
use crate::ids::{CaseId, ContactId, DetailId, HistoryFileId, HistoryId, ReminderId, UserId};

/// See the module documentation.
pub trait CaseOps {
    // ---- client history ---------------------------------------------------------------

    /// Adds an entry with its files.
    fn insert_history(&self, new: &NewHistoryEntry) -> Result<HistoryId>;
    /// A contact's entries, newest first (ties: newest id first), with file infos.
    fn history_of(&self, contact: ContactId) -> Result<Vec<HistoryEntry>>;
    fn history_entry(&self, id: HistoryId) -> Result<Option<HistoryEntry>>;
    /// Removes an entry with its files.
    fn delete_history(&self, id: HistoryId) -> Result<()>;
    /// Changes an entry's kind, time and text (its files stay).
    fn update_history(
        &self,
        id: HistoryId,
        kind: &str,
        at: DateTime<Utc>,
        text: &str,
    ) -> Result<()>;
    fn history_file(&self, id: HistoryFileId) -> Result<Option<(HistoryFile, Vec<u8>)>>;
    /// Every history kind in use with its number of entries.
    fn history_kind_uses(&self) -> Result<Vec<(String, u64)>>;
    /// The time of a contact's latest entry.
    fn last_contact(&self, contact: ContactId) -> Result<Option<DateTime<Utc>>>;

    // ---- account managers ---------------------------------------------------------------

    /// Sets or clears the user responsible for a business client.
    fn set_account_manager(&self, contact: ContactId, user: Option<UserId>) -> Result<()>;
    fn account_manager(&self, contact: ContactId) -> Result<Option<UserId>>;
    /// The clients a user is responsible for.
    fn clients_of(&self, user: UserId) -> Result<Vec<ContactId>>;

    // ---- cases --------------------------------------------------------------------------

    /// The highest sequence number used in `year`, 0 when none.
    fn last_case_seq(&self, year: i32) -> Result<u32>;
    /// Stores a new case (its `id` is ignored) with its items.
    fn insert_case(&self, case: &Case) -> Result<CaseId>;
    fn case(&self, id: CaseId) -> Result<Option<Case>>;
    fn case_by_number(&self, number: &str) -> Result<Option<Case>>;
    /// Replaces data, status and meta of `case.id` if its stored version is
    /// `expected_version`.
    fn update_case(&self, case: &Case, expected_version: u64) -> Result<()>;
    /// Removes a case with its detail items.
    fn delete_case(&self, id: CaseId) -> Result<()>;
    /// A page of cases, newest number (year, then sequence) first.
    fn list_cases(&self, query: &CaseQuery) -> Result<Vec<Case>>;
    fn count_cases(&self, query: &CaseQuery) -> Result<u64>;
    /// How many cases name this contact as counterparty or person.
    fn cases_naming(&self, contact: ContactId) -> Result<u64>;
    /// Every open case's deadline, responsible user, kind and totals.
    fn open_case_values(&self) -> Result<Vec<OpenCaseValue>>;

    // ---- detail items -------------------------------------------------------------------

    /// Stores a detail item (its `id` is ignored); `bytes` for a file.
    fn insert_detail(&self, detail: &Detail, bytes: Option<&[u8]>) -> Result<DetailId>;
    /// A case's detail items in time order (ties: by id), without bytes.
    fn details(&self, case: CaseId) -> Result<Vec<Detail>>;
    fn detail(&self, id: DetailId) -> Result<Option<Detail>>;
    fn detail_bytes(&self, id: DetailId) -> Result<Option<Vec<u8>>>;
    /// Replaces a detail item if its stored version is `expected_version`; `bytes`
    /// `Some` replaces a file's content, `None` keeps it.
    fn update_detail(
        &self,
        detail: &Detail,
        bytes: Option<&[u8]>,
        expected_version: u64,
    ) -> Result<()>;
    fn delete_detail(&self, id: DetailId) -> Result<()>;

    // ---- reminders and tasks of a case ----------------------------------------------------

    /// Links a reminder to a case (a reminder belongs to at most one case).
    fn link_case_reminder(&self, reminder: ReminderId, case: CaseId) -> Result<()>;
    /// The reminders linked to a case, by id. A removed reminder or case takes its link
    /// with it.
    fn case_reminder_ids(&self, case: CaseId) -> Result<Vec<ReminderId>>;
    /// The case a reminder is linked to: its id and number.
    fn reminder_case(&self, reminder: ReminderId) -> Result<Option<(CaseId, String)>>;

    // ---- reports ------------------------------------------------------------------------

    /// History entries and detail items dated in `[from, to)`, cases created and closed
    /// in it, counted per user.
    fn activity_counts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<ActivityCounts>;
}
