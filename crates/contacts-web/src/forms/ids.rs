//! Ids in URL paths. A path segment that is not an id of the right kind names nothing
//! that exists, so it is "not found" (never a parse error that tells a prober more).

use contacts_core::error::Error;
use contacts_core::ids::{AttachmentId, CaseId, ContactId, DetailId, MeetingId, ReminderId};

use crate::error::AppError;

/// Parses an id of any kind; `what` names the kind in the "not found" answer.
fn path_id<T: std::str::FromStr>(s: &str, what: &'static str) -> Result<T, AppError> {
    s.trim()
        .parse()
        .map_err(|_| AppError::Core(Error::not_found(what)))
}

pub(crate) fn contact_id(s: &str) -> Result<ContactId, AppError> {
    path_id(s, "contact")
}

pub(crate) fn attachment_id(s: &str) -> Result<AttachmentId, AppError> {
    path_id(s, "attachment")
}

pub(crate) fn reminder_id(s: &str) -> Result<ReminderId, AppError> {
    path_id(s, "reminder")
}

pub(crate) fn case_id(s: &str) -> Result<CaseId, AppError> {
    path_id(s, "case")
}

pub(crate) fn detail_id(s: &str) -> Result<DetailId, AppError> {
    path_id(s, "detail item")
}

pub(crate) fn meeting_id(s: &str) -> Result<MeetingId, AppError> {
    path_id(s, "meeting")
}

/// A trash entry's id.
pub(crate) fn entry_id(s: &str) -> Result<i64, AppError> {
    path_id(s, "trash entry")
}
