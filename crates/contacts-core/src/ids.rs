//! Newtype ids, so a contact id can never be passed where a user id is meant.

use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<$name> {
                s.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map($name)
                    .ok_or_else(|| crate::Error::invalid("id", format!("'{s}' is not an id (a positive whole number)")))
            }
        }
    )*};
}

id_type! {
    /// A user of the installation.
    UserId,
    /// A contact (person or organisation) in either book.
    ContactId,
    /// A file attached to a contact.
    AttachmentId,
    /// An entry of a user-defined picklist: a business group or a status.
    LabelId,
    /// A custom field definition of the business book.
    FieldId,
    /// A reminder on a contact.
    ReminderId,
    /// A personal API token of a user.
    ApiTokenId,
    /// A meeting of employees, on a contact or a case.
    MeetingId,
}

id_type! {
    /// A case (sales matter) of the business book.
    CaseId,
    /// A detail item of a case: a note, a document reference or a file.
    DetailId,
    /// An entry of a business contact's history.
    HistoryId,
    /// A file attached to a history entry.
    HistoryFileId,
}

id_type! {
    /// A mailing campaign (or a one-off message, a campaign of one).
    CampaignId,
}
