//! Meetings.

use contacts_core::service::MeetingView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::utc;

/// A meeting on a contact, a case or both, with the names shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub title: String,
    /// Local time `YYYY-MM-DD HH:MM` in the installation's time zone.
    pub start: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub start_utc: String,
    /// 1 to 1440.
    pub minutes: u32,
    pub place: String,
    pub contact_id: Option<i64>,
    /// The contact's display name.
    pub contact: Option<String>,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    /// Participants' user names, in the meeting's order.
    pub participants: Vec<String>,
    /// Who made it (a user's name).
    pub created_by: String,
    pub version: u64,
}

impl From<&MeetingView> for Meeting {
    fn from(m: &MeetingView) -> Meeting {
        let x = &m.meeting;
        Meeting {
            id: x.id.0,
            title: x.title.clone(),
            start: m.start_local.format("%Y-%m-%d %H:%M").to_string(),
            start_utc: utc(x.start),
            minutes: x.minutes,
            place: x.place.clone(),
            contact_id: x.contact.map(|c| c.0),
            contact: m.contact.as_ref().map(|c| c.name.clone()),
            case_id: x.case.map(|c| c.0),
            case_number: m.case.as_ref().map(|c| c.0.clone()),
            participants: m.participants.clone(),
            created_by: m.created_by.clone(),
            version: x.version,
        }
    }
}
