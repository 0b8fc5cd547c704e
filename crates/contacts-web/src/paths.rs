//! Typed paths of the web UI's pages that take a value (`/contacts/{id}`): each route's
//! template is declared once here, [`crate::routes`] registers it by `T::PATH`, and a link
//! or redirect to it is made from the type (`Contact { id }.to_string()`), so a URL is
//! never built by hand and cannot drift from its route. Values are percent-encoded
//! (`axum-extra`'s `TypedPath`); in markup each path renders as its escaped URL.
//!
//! This module is a leaf: views, parts and pages all use it, and it uses none of them.

pub use axum_extra::routing::TypedPath;
use contacts_core::ids::{
    ApiTokenId, AttachmentId, CampaignId, CaseId, ContactId, DetailId, HistoryFileId, HistoryId,
    MeetingId, ReminderId,
};

/// Declares typed paths: `Name "template" { field: Type, ... };`.
macro_rules! typed_paths {
    ($($name:ident $tpl:literal { $($field:ident : $ty:ty),* $(,)? };)*) => {$(
        #[doc = concat!("`", $tpl, "`")]
        #[derive(TypedPath, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
        #[typed_path($tpl)]
        pub struct $name {
            $(pub $field: $ty,)*
        }

        impl maud::Render for $name {
            fn render_to(&self, buffer: &mut String) {
                self.to_string().render_to(buffer);
            }
        }
    )*};
}

typed_paths! {
    Setup "/setup/{token}" { token: String };
    Password "/password/{secret}" { secret: String };
    TrashRestore "/trash/{id}/restore" { id: i64 };
    TrashPurge "/trash/{id}/purge" { id: i64 };
    Contact "/contacts/{id}" { id: ContactId };
    ContactEdit "/contacts/{id}/edit" { id: ContactId };
    ContactDelete "/contacts/{id}/delete" { id: ContactId };
    ContactCopy "/contacts/{id}/copy" { id: ContactId };
    ContactPhoto "/contacts/{id}/photo" { id: ContactId };
    ContactPhotoDelete "/contacts/{id}/photo/delete" { id: ContactId };
    ContactAttachments "/contacts/{id}/attachments" { id: ContactId };
    Attachment "/attachments/{id}" { id: AttachmentId };
    AttachmentDelete "/attachments/{id}/delete" { id: AttachmentId };
    SettingsTokenRevoke "/settings/tokens/{id}/revoke" { id: ApiTokenId };
    SettingsList "/settings/lists/{list}" { list: String };
    SettingsListAdd "/settings/lists/{list}/add" { list: String };
    SettingsListRename "/settings/lists/{list}/rename" { list: String };
    SettingsListRemove "/settings/lists/{list}/remove" { list: String };
    SettingsUserDisable "/settings/users/{name}/disable" { name: String };
    SettingsUserEnable "/settings/users/{name}/enable" { name: String };
    SettingsUserReset "/settings/users/{name}/reset" { name: String };
    ReminderTake "/reminders/{id}/take" { id: ReminderId };
    ReminderDone "/reminders/{id}/done" { id: ReminderId };
    ContactReminders "/contacts/{id}/reminders" { id: ContactId };
    ContactHistory "/contacts/{id}/history" { id: ContactId };
    ContactNameday "/contacts/{id}/nameday" { id: ContactId };
    HistoryFile "/history-files/{id}" { id: HistoryFileId };
    HistoryEdit "/history/{id}/edit" { id: HistoryId };
    Case "/cases/{id}" { id: CaseId };
    CaseEdit "/cases/{id}/edit" { id: CaseId };
    CaseDetailRemove "/case-details/{id}/remove" { id: DetailId };
    CaseItems "/cases/{id}/items" { id: CaseId };
    CaseItemRemove "/cases/{id}/items/{line}/remove" { id: CaseId, line: usize };
    CaseNotes "/cases/{id}/notes" { id: CaseId };
    CaseDocuments "/cases/{id}/documents" { id: CaseId };
    CaseFiles "/cases/{id}/files" { id: CaseId };
    CaseClose "/cases/{id}/close" { id: CaseId };
    CaseReopen "/cases/{id}/reopen" { id: CaseId };
    CaseFile "/case-files/{id}" { id: DetailId };
    SettingsCaseKindRename "/settings/case-kinds/{kind}/rename" { kind: String };
    SettingsCaseKindRemove "/settings/case-kinds/{kind}/remove" { kind: String };
    CaseItem "/cases/{id}/items/{line}" { id: CaseId, line: usize };
    CaseDetail "/case-details/{id}" { id: DetailId };
    CaseDetailContent "/case-details/{id}/content" { id: DetailId };
    CaseReminders "/cases/{id}/reminders" { id: CaseId };
    ContactManager "/contacts/{id}/manager" { id: ContactId };
    Meeting "/meetings/{id}" { id: MeetingId };
    MeetingDelete "/meetings/{id}/delete" { id: MeetingId };
    ContactAlerts "/contacts/{id}/alerts" { id: ContactId };
    ContactUnmerge "/contacts/{id}/unmerge" { id: ContactId };
    MailingUserRight "/mailing/settings/users/{name}/{right}" { name: String, right: String };
    Mailing "/mailing/{id}" { id: CampaignId };
    Report "/reports/{file}" { file: String };
    CasePdf "/cases/{id}/pdf" { id: CaseId };
    ContactPdf "/contacts/{id}/pdf" { id: ContactId };
}

/// Declares typed paths without values, for pages reached with a query string: the link is
/// `Contacts.with_query(InBook { book })`, encoded by the query's `Serialize`.
macro_rules! query_pages {
    ($($name:ident $tpl:literal;)*) => {$(
        #[doc = concat!("`", $tpl, "`")]
        #[derive(TypedPath, Debug, Clone, Copy, PartialEq, Eq)]
        #[typed_path($tpl)]
        pub struct $name;

        impl maud::Render for $name {
            fn render_to(&self, buffer: &mut String) {
                self.to_string().render_to(buffer);
            }
        }
    )*};
}

query_pages! {
    Contacts "/contacts";
    ContactNew "/contacts/new";
    ContactsImport "/contacts/import";
    ContactsExport "/contacts/export";
    Agenda "/agenda";
    Namedays "/namedays";
    Cases "/cases";
    CaseNew "/cases/new";
    MeetingNew "/meetings/new";
    Duplicates "/duplicates";
    DuplicatesCompare "/duplicates/compare";
    MailingNew "/mailing/new";
}

/// A page's address with a query made from a `Serialize` struct, for links and redirects:
/// `Contacts.with_query(InBook { book })` is `/contacts?book=business`.
pub trait QueryLink: TypedPath {
    fn with_query<Q: serde::Serialize>(self, query: Q) -> Link;
}

impl<P: TypedPath> QueryLink for P {
    fn with_query<Q: serde::Serialize>(self, query: Q) -> Link {
        // The query types here are flat structs of strings and numbers, which always
        // serialise; should one not, the link is the page without its query.
        match serde_urlencoded::to_string(query) {
            Ok(q) if !q.is_empty() => Link(format!("{self}?{q}")),
            _ => Link(self.to_string()),
        }
    }
}

/// An address made by [`QueryLink::with_query`]; renders as its escaped URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link(String);

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl maud::Render for Link {
    fn render_to(&self, buffer: &mut String) {
        self.0.render_to(buffer);
    }
}

/// The query of a page of one book (`?book=business`).
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct InBook {
    pub book: &'static str,
}

/// A new person at an organisation, in its book.
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct PersonAt {
    pub book: &'static str,
    pub org: ContactId,
}

/// A new case with its counterparty filled in.
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct CaseWith {
    pub counterparty: ContactId,
}

/// A new meeting with a contact.
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct MeetingWith {
    pub contact: ContactId,
}

/// A new meeting on a case, by its number.
#[derive(serde::Serialize, Debug, Clone)]
pub struct MeetingOnCase {
    pub case: String,
}

/// A report over a period (`from` and `to` as the report page's date fields write them).
#[derive(serde::Serialize, Debug, Clone)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// An export of the listed contacts.
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct ExportOf {
    pub ids: ContactId,
}

/// Two contacts side by side, `keep` on the left.
#[derive(serde::Serialize, Debug, Clone, Copy)]
pub struct ComparePair {
    pub keep: ContactId,
    pub other: ContactId,
}

/// Cases of a kind, open or closed.
#[derive(serde::Serialize, Debug, Clone)]
pub struct CasesOfKind {
    pub status: &'static str,
    pub kind: String,
}

/// A day (name-days of that day) or a stretch of days (the day plan) from a date.
#[derive(serde::Serialize, Debug, Clone)]
pub struct OnDate {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

/// The days of a name.
#[derive(serde::Serialize, Debug, Clone)]
pub struct OfName {
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_numbers_written_plainly() {
        assert_eq!(Contact { id: ContactId(42) }.to_string(), "/contacts/42");
        assert_eq!(
            CaseItemRemove {
                id: CaseId(7),
                line: 2
            }
            .to_string(),
            "/cases/7/items/2/remove"
        );
        assert_eq!(
            SettingsUserReset {
                name: "anna nowak/1".into()
            }
            .to_string(),
            "/settings/users/anna%20nowak%2F1/reset"
        );
        assert_eq!(
            maud::html! { a href=(Contact { id: ContactId(1) }) {} }.into_string(),
            r#"<a href="/contacts/1"></a>"#
        );
    }

    #[test]
    fn queries_are_encoded_from_their_types() {
        assert_eq!(
            Namedays
                .with_query(OfName {
                    name: "Zoë & Ann".into()
                })
                .to_string(),
            "/namedays?name=Zo%C3%AB+%26+Ann"
        );
        assert_eq!(
            DuplicatesCompare
                .with_query(ComparePair {
                    keep: ContactId(3),
                    other: ContactId(9)
                })
                .to_string(),
            "/duplicates/compare?keep=3&other=9"
        );
        assert_eq!(
            Agenda
                .with_query(OnDate {
                    date: "2026-12-04".into(),
                    days: None
                })
                .to_string(),
            "/agenda?date=2026-12-04"
        );
        assert_eq!(
            maud::html! { a href=(Contacts.with_query(InBook { book: "business" })) {} }
                .into_string(),
            r#"<a href="/contacts?book=business"></a>"#
        );
        assert_eq!(
            maud::html! { a href=(ContactNew.with_query(PersonAt { book: "business", org: ContactId(5) })) {} }
                .into_string(),
            r#"<a href="/contacts/new?book=business&amp;org=5"></a>"#
        );
    }
}
