//! Occasions (birthdays, name-days) and reminders.

use contacts_core::service::{self as core};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{utc, Book};

/// A birthday or a name-day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OccasionKind {
    Birthday,
    Nameday,
}

impl OccasionKind {
    /// `"birthday"` or `"nameday"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OccasionKind::Birthday => "birthday",
            OccasionKind::Nameday => "nameday",
        }
    }
}

impl std::fmt::Display for OccasionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A contact's birthday or name-day on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Occasion {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    pub kind: OccasionKind,
    pub contact_id: i64,
    /// The contact's display name.
    pub contact: String,
    pub book: Book,
    /// Birthdays with a known year: the age reached that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Name-days: the given name celebrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl From<&core::Occasion> for Occasion {
    fn from(o: &core::Occasion) -> Occasion {
        let (kind, age, name) = match &o.kind {
            core::OccasionKind::Birthday { age } => (OccasionKind::Birthday, *age, None),
            core::OccasionKind::Nameday { name } => {
                (OccasionKind::Nameday, None, Some(name.clone()))
            }
        };
        Occasion {
            date: o.date.to_string(),
            kind,
            contact_id: o.contact.id.0,
            contact: o.contact.name.clone(),
            book: o.contact.book.into(),
            age,
            name,
        }
    }
}

/// A reminder on a contact, with the names shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reminder {
    pub id: i64,
    pub contact_id: i64,
    /// The contact's display name.
    pub contact: String,
    pub book: Book,
    pub text: String,
    /// Local time `YYYY-MM-DD HH:MM` in the installation's time zone.
    pub due: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub due_utc: String,
    pub overdue: bool,
    /// Whether take over applies: not done and on a business contact (never a private one).
    pub can_take: bool,
    /// Who made it (a user's name).
    pub created_by: String,
    pub assignee: Option<String>,
    pub done_by: Option<String>,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub done_at: Option<String>,
    pub version: u64,
    /// The case it is a task of.
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
}

impl From<&core::ReminderView> for Reminder {
    fn from(r: &core::ReminderView) -> Reminder {
        let x = &r.reminder;
        Reminder {
            id: x.id.0,
            contact_id: x.contact.0,
            contact: r.contact.name.clone(),
            book: r.contact.book.into(),
            text: x.text.clone(),
            due: r.due_local.format("%Y-%m-%d %H:%M").to_string(),
            due_utc: utc(x.due_at),
            overdue: r.overdue,
            can_take: r.can_take,
            created_by: r.created_by.clone(),
            assignee: r.assignee.clone(),
            done_by: r.done_by.clone(),
            done_at: x.done_at.map(utc),
            version: x.version,
            case_id: r.case.as_ref().map(|(id, _)| id.0),
            case_number: r.case.as_ref().map(|(_, n)| n.clone()),
        }
    }
}

/// Birthdays and name-days in `[from, from + days)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Upcoming {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub from: String,
    pub days: u32,
    pub items: Vec<Occasion>,
}

/// The days a name is celebrated, in the installation's name-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NamedayDates {
    /// The name as the calendar writes it.
    pub name: String,
    /// The calendar's country code.
    pub country: String,
    /// `MM-DD`, in calendar order.
    pub dates: Vec<String>,
}

/// The names celebrated on a day, in the installation's name-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NamedayNames {
    /// `MM-DD`.
    pub date: String,
    /// The calendar's country code.
    pub country: String,
    pub names: Vec<String>,
}
