//! The wire format: the JSON shapes that the CLI's `--json` prints and the API under
//! `/api/v1` reads and writes, one module per area: contacts and attachments (`contact`),
//! occasions, reminders and name-days (`dates`), meetings, the day plan (`agenda`), the
//! picklists (`lists`), users, the trash, cases with their items, money, timeline, detail
//! entries, kinds, parties and numbers (`cases`), client history (`history`), duplicates and
//! merges (`duplicates`), the import summary (`interchange`), report tables (`reports`),
//! mailing (`mailing`), account managers, takeovers, occasion alerts, due counts, postal codes
//! and the signed-in user (`workflows`), and errors. One thing has one shape: both frontends
//! serialise these types, and the OpenAPI document's schemas are derived from them
//! ([`schemas`]), so the document cannot drift from what is sent.
//!
//! Wire types are not core types: the core is not shaped by serialisation. Output types are
//! built from core types with `From` (or `new` where names are shown beside ids: the
//! frontend loads them once into [`Names`], since this crate does no I/O); input
//! (`ContactData` in a request body) is parsed by the web crate's form parser, the one
//! parser of a typed contact.

mod agenda;
mod cases;
mod contact;
mod dates;
mod duplicates;
mod history;
mod interchange;
mod lists;
mod mailing;
mod meetings;
mod names;
mod reports;
mod trash;
mod users;
mod workflows;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{OpenApi, ToSchema};

pub use agenda::{Agenda, AgendaEntry, AgendaItem, Alert, Deadline};
pub use cases::{
    Case, CaseDetail, CaseItem, CaseKind, CaseNumber, CasePage, CaseParties, CaseParty,
    CasePriority, CaseStatus, CaseView, DetailBody, Money, TimelineEntry,
};
pub use contact::{
    Address, Attachment, Book, Contact, ContactData, ContactKind, ContactPage, Gender, Labeled,
    Messenger, Name,
};
pub use dates::{NamedayDates, NamedayNames, Occasion, OccasionKind, Reminder, Upcoming};
pub use duplicates::{ContactRef, DuplicateHint, DuplicatePair, Unmerge};
pub use history::{HistoryEntry, HistoryFile, HistoryKind};
pub use interchange::{ImportFailure, ImportSummary, WarningGroup};
pub use lists::{Category, Field, FieldKind, Label};
pub use mailing::{
    CampaignRecipient, CampaignState, MailAudienceList, MailCampaign, MailDryRun, MailPreview,
    MailRecipient, MailSendReport, MailSkip, Mailbox, RecipientState,
};
pub use meetings::Meeting;
pub use names::Names;
pub use reports::{ReportAmount, ReportCell, ReportName, ReportPeriod, ReportSummary, ReportTable};
pub use trash::{TrashEntry, TrashPage};
pub use users::User;
pub use workflows::{
    CaseRef, ClientFacts, DueCounts, Me, OccasionAlert, PostalCode, PostalCodes, TakeoverReport,
    UserRef,
};

/// An error answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Error {
    /// What kind of error.
    #[schema(value_type = ErrorCode)]
    pub error: String,
    pub message: String,
    /// The field that was wrong (`invalid` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The kinds of error (schema only; `Error::error` holds one).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthorized,
    NotFound,
    Conflict,
    Invalid,
    Forbidden,
    Internal,
    Error,
}

/// A UTC time as the wire writes it: RFC 3339, whole seconds, `Z`.
pub fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(OpenApi)]
#[openapi(components(schemas(
    Address,
    Agenda,
    AgendaEntry,
    AgendaItem,
    Alert,
    Attachment,
    Book,
    CampaignRecipient,
    CampaignState,
    Case,
    CaseDetail,
    CaseItem,
    CaseKind,
    CaseNumber,
    CasePage,
    CaseParties,
    CaseParty,
    CasePriority,
    CaseRef,
    CaseStatus,
    CaseView,
    Category,
    ClientFacts,
    Contact,
    ContactData,
    ContactKind,
    ContactPage,
    ContactRef,
    Deadline,
    DetailBody,
    DueCounts,
    DuplicateHint,
    DuplicatePair,
    Error,
    ErrorCode,
    Field,
    FieldKind,
    Gender,
    HistoryEntry,
    HistoryFile,
    HistoryKind,
    ImportFailure,
    ImportSummary,
    Label,
    Labeled,
    MailAudienceList,
    MailCampaign,
    MailDryRun,
    MailPreview,
    MailRecipient,
    MailSendReport,
    MailSkip,
    Mailbox,
    Me,
    Meeting,
    Messenger,
    Money,
    Name,
    NamedayDates,
    NamedayNames,
    Occasion,
    OccasionAlert,
    OccasionKind,
    PostalCode,
    PostalCodes,
    RecipientState,
    Reminder,
    ReportAmount,
    ReportCell,
    ReportName,
    ReportPeriod,
    ReportSummary,
    ReportTable,
    TakeoverReport,
    TimelineEntry,
    TrashEntry,
    TrashPage,
    Unmerge,
    Upcoming,
    User,
    UserRef,
    WarningGroup,
)))]
struct Wire;

/// The OpenAPI schemas of the wire types, by name (`#/components/schemas/NAME`).
pub fn schemas() -> BTreeMap<String, RefOr<Schema>> {
    Wire::openapi()
        .components
        .map(|c| c.schemas.into_iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wire_type_has_a_schema_and_every_reference_resolves() {
        let schemas = schemas();
        let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "Address",
                "Agenda",
                "AgendaEntry",
                "AgendaItem",
                "Alert",
                "Attachment",
                "Book",
                "CampaignRecipient",
                "CampaignState",
                "Case",
                "CaseDetail",
                "CaseItem",
                "CaseKind",
                "CaseNumber",
                "CasePage",
                "CaseParties",
                "CaseParty",
                "CasePriority",
                "CaseRef",
                "CaseStatus",
                "CaseView",
                "Category",
                "ClientFacts",
                "Contact",
                "ContactData",
                "ContactKind",
                "ContactPage",
                "ContactRef",
                "Deadline",
                "DetailBody",
                "DueCounts",
                "DuplicateHint",
                "DuplicatePair",
                "Error",
                "ErrorCode",
                "Field",
                "FieldKind",
                "Gender",
                "HistoryEntry",
                "HistoryFile",
                "HistoryKind",
                "ImportFailure",
                "ImportSummary",
                "Label",
                "Labeled",
                "MailAudienceList",
                "MailCampaign",
                "MailDryRun",
                "MailPreview",
                "MailRecipient",
                "MailSendReport",
                "MailSkip",
                "Mailbox",
                "Me",
                "Meeting",
                "Messenger",
                "Money",
                "Name",
                "NamedayDates",
                "NamedayNames",
                "Occasion",
                "OccasionAlert",
                "OccasionKind",
                "PostalCode",
                "PostalCodes",
                "RecipientState",
                "Reminder",
                "ReportAmount",
                "ReportCell",
                "ReportName",
                "ReportPeriod",
                "ReportSummary",
                "ReportTable",
                "TakeoverReport",
                "TimelineEntry",
                "TrashEntry",
                "TrashPage",
                "Unmerge",
                "Upcoming",
                "User",
                "UserRef",
                "WarningGroup",
            ]
        );
        let text = serde_json::to_string(&schemas).expect("schemas serialise");
        for part in text.split("\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(
                schemas.contains_key(name),
                "{name} is referenced, not defined"
            );
        }
    }
}
