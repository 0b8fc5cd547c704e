//! The day plan.

use contacts_core::service as core;
use contacts_core::store::OccasionAlertKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Meeting, Occasion, OccasionKind, Reminder};

/// One line of the day plan: what it is (tagged by `type`), with its day and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    /// The local date; an overdue reminder or deadline keeps the date it was due.
    #[schema(format = Date)]
    pub day: String,
    /// `HH:MM`; null for all-day items, which come first on their day.
    pub time: Option<String>,
    #[serde(flatten)]
    pub entry: AgendaEntry,
}

/// What a day-plan line is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum AgendaEntry {
    Occasion(Occasion),
    Reminder(Reminder),
    Deadline(Deadline),
    Meeting(Meeting),
    Alert(Alert),
}

/// The deadline of an open business case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Deadline {
    /// The case's id.
    pub case: i64,
    pub number: String,
    pub title: String,
    pub counterparty: String,
    pub responsible: String,
    pub overdue: bool,
}

/// The user's own alert some days before a contact's birthday or name-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    pub contact_id: i64,
    /// The contact's display name.
    pub contact: String,
    pub kind: OccasionKind,
    pub days_before: u32,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub occasion_date: String,
}

impl From<&core::AlertView> for Alert {
    fn from(a: &core::AlertView) -> Alert {
        Alert {
            contact_id: a.contact.id.0,
            contact: a.contact.name.clone(),
            kind: match a.kind {
                OccasionAlertKind::Birthday => OccasionKind::Birthday,
                OccasionAlertKind::Nameday => OccasionKind::Nameday,
            },
            days_before: a.days_before,
            occasion_date: a.occasion_date.to_string(),
        }
    }
}

impl AgendaItem {
    /// The line in the wire format; `None` for a kind of line this crate does not know yet
    /// (the core's `AgendaEntry` may grow).
    pub fn new(item: &core::AgendaItem) -> Option<AgendaItem> {
        let entry = match &item.entry {
            core::AgendaEntry::Occasion(o) => AgendaEntry::Occasion(o.into()),
            core::AgendaEntry::Reminder(r) => AgendaEntry::Reminder(r.into()),
            core::AgendaEntry::CaseDeadline {
                case,
                number,
                title,
                counterparty,
                responsible,
                overdue,
            } => AgendaEntry::Deadline(Deadline {
                case: case.0,
                number: number.clone(),
                title: title.clone(),
                counterparty: counterparty.clone(),
                responsible: responsible.clone(),
                overdue: *overdue,
            }),
            core::AgendaEntry::Meeting(m) => AgendaEntry::Meeting(m.into()),
            core::AgendaEntry::Alert(a) => AgendaEntry::Alert(a.into()),
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        Some(AgendaItem {
            day: item.date.to_string(),
            time: item.time.map(|t| t.format("%H:%M").to_string()),
            entry,
        })
    }
}

/// The day plan of `[from, from + days)`, in time order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Agenda {
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub from: String,
    pub days: u32,
    pub items: Vec<AgendaItem>,
}
