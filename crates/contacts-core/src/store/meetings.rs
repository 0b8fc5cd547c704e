//! The store operations of meetings and of occasion alerts ("remind me 3 days before the
//! birthday"). The core checks who may see and change them; a store only keeps and finds.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::ids::{CaseId, ContactId, MeetingId, UserId};

/// A meeting as stored. It is on a contact, on a case, or on both; its participants are
/// employees (users).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub title: String,
    /// When it starts, in UTC (shown in the installation's time zone).
    pub start: DateTime<Utc>,
    /// How long it lasts, in minutes (1 to 1440).
    pub minutes: u32,
    pub place: String,
    pub contact: Option<ContactId>,
    pub case: Option<CaseId>,
    /// The participants, in id order, without repeats (at least one).
    pub participants: Vec<UserId>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    /// Starts at 1; every change adds 1.
    pub version: u64,
}

/// Which meetings [`MeetingOps::meetings`] returns: every condition given must hold. Results
/// are in start order, then id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingQuery {
    /// Only meetings this user takes part in.
    pub participant: Option<UserId>,
    pub contact: Option<ContactId>,
    pub case: Option<CaseId>,
    /// Starting at or after this instant.
    pub start_from: Option<DateTime<Utc>>,
    /// Starting before this instant.
    pub start_before: Option<DateTime<Utc>>,
}

/// Which yearly occasion an alert is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OccasionAlertKind {
    Birthday,
    Nameday,
}

impl OccasionAlertKind {
    pub fn key(self) -> &'static str {
        match self {
            OccasionAlertKind::Birthday => "birthday",
            OccasionAlertKind::Nameday => "nameday",
        }
    }

    /// "birthday" or "nameday" (also "name-day" and the Polish "urodziny", "imieniny").
    pub fn parse(s: &str) -> Result<OccasionAlertKind> {
        match s.trim().to_lowercase().as_str() {
            "birthday" | "urodziny" => Ok(OccasionAlertKind::Birthday),
            "nameday" | "name-day" | "imieniny" => Ok(OccasionAlertKind::Nameday),
            other => Err(crate::Error::invalid(
                "kind",
                format!("'{other}' is not birthday or nameday"),
            )),
        }
    }
}

/// A user's wish to be reminded `days_before` days before a contact's birthday or name-day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccasionAlert {
    pub contact: ContactId,
    pub user: UserId,
    pub kind: OccasionAlertKind,
    pub days_before: u32,
}

/// The store operations on meetings and occasion alerts.
///
/// Implementations must: remove a contact's meetings and alerts with the contact, remove a
/// case's meetings with the case, return `Conflict` from `update_meeting` when the stored
/// version differs from `expected_version` (writing nothing), and keep the participants in id
/// order.
pub trait MeetingOps {
    fn insert_meeting(&self, meeting: &Meeting) -> Result<MeetingId>;
    fn meeting(&self, id: MeetingId) -> Result<Option<Meeting>>;
    /// Replaces every field but id, creator and creation time; the new version is
    /// `meeting.version`.
    fn update_meeting(&self, meeting: &Meeting, expected_version: u64) -> Result<()>;
    fn delete_meeting(&self, id: MeetingId) -> Result<()>;
    fn meetings(&self, query: &MeetingQuery) -> Result<Vec<Meeting>>;

    /// Sets (or replaces) the alert of `alert.user` on `alert.contact` for `alert.kind`.
    fn set_occasion_alert(&self, alert: &OccasionAlert) -> Result<()>;
    /// Removes it; removing one that does not exist is not an error.
    fn remove_occasion_alert(
        &self,
        contact: ContactId,
        user: UserId,
        kind: OccasionAlertKind,
    ) -> Result<()>;
    /// Every alert of `user`, in contact then kind order; only those on `contact` when given.
    fn occasion_alerts(
        &self,
        user: UserId,
        contact: Option<ContactId>,
    ) -> Result<Vec<OccasionAlert>>;
    /// How many open reminders involving `user` (assigned to them, or unassigned and created
    /// by them) are due before `overdue_before`, and how many before `due_before`, over
    /// contacts inside `scope`.
    fn due_reminder_counts(
        &self,
        scope: &crate::store::Scope,
        user: UserId,
        overdue_before: DateTime<Utc>,
        due_before: DateTime<Utc>,
    ) -> Result<(u64, u64)>;
}
