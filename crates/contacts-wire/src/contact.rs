//! Contacts and their attachments.

use std::collections::BTreeMap;

use contacts_core::model::{self as core, FieldValue};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// A labelled value: an e-mail, phone or web site.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Labeled {
    #[serde(default)]
    pub label: String,
    pub value: String,
    /// Phones only, on output: the E.164 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(read_only)]
    pub e164: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Address {
    pub label: String,
    pub street: String,
    pub extended: String,
    pub po_box: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
}

/// An instant-messenger handle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Messenger {
    pub service: String,
    pub handle: String,
}

/// A person's name, in parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Name {
    pub prefix: String,
    pub given: String,
    pub additional: String,
    pub family: String,
    pub suffix: String,
}

/// Which book a contact is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Book {
    Private,
    Business,
}

impl From<core::Book> for Book {
    fn from(b: core::Book) -> Book {
        match b {
            core::Book::Private(_) => Book::Private,
            core::Book::Business => Book::Business,
        }
    }
}

/// A person or an organisation (schema only: `ContactData::kind` holds one as text, so a
/// wrong value is reported by the contact's parser with the others).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    Person,
    Organisation,
}

/// vCard's gender codes (schema only, as `ContactKind`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub enum Gender {
    M,
    F,
    O,
    N,
    U,
}

/// The editable part of a contact: what a request sends and what an answer carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContactData {
    /// `person` (the default) or `organisation`.
    #[serde(default = "person")]
    #[schema(value_type = ContactKind, default = "person")]
    pub kind: String,
    pub name: Name,
    pub nickname: String,
    pub org_name: String,
    /// The organisation (a contact id) a person works for.
    pub org_id: Option<i64>,
    pub department: String,
    pub job_title: String,
    pub emails: Vec<Labeled>,
    pub phones: Vec<Labeled>,
    pub addresses: Vec<Address>,
    pub websites: Vec<Labeled>,
    pub messengers: Vec<Messenger>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
    /// `MM-DD`.
    pub nameday: Option<String>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub anniversary: Option<String>,
    #[schema(value_type = Option<Gender>)]
    pub gender: Option<String>,
    pub notes: String,
    pub nip: Option<String>,
    pub regon: Option<String>,
    pub bank_account: Option<String>,
    /// Private book only: a category key.
    pub category: Option<String>,
    /// Business book only: group ids.
    pub groups: Vec<i64>,
    /// Business book only: a status id.
    pub status: Option<i64>,
    /// Business book only: custom field id → value (text, number or yes/no).
    pub custom: BTreeMap<String, Value>,
    pub no_mailing: bool,
}

fn person() -> String {
    "person".to_string()
}

/// A custom field's value as JSON: text, a number, a date as text, or a boolean.
pub fn field_value(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(s) | FieldValue::Choice(s) => Value::String(s.clone()),
        FieldValue::Number(n) => Value::from(*n),
        FieldValue::Date(d) => Value::String(d.to_string()),
        FieldValue::YesNo(b) => Value::Bool(*b),
    }
}

impl From<&core::ContactData> for ContactData {
    fn from(d: &core::ContactData) -> ContactData {
        let text = |s: Option<&str>| s.map(str::to_string);
        ContactData {
            kind: d.kind.as_str().to_string(),
            name: Name {
                prefix: d.name.prefix.clone(),
                given: d.name.given.clone(),
                additional: d.name.additional.clone(),
                family: d.name.family.clone(),
                suffix: d.name.suffix.clone(),
            },
            nickname: d.nickname.clone(),
            org_name: d.org_name.clone(),
            org_id: d.org_id.map(|i| i.0),
            department: d.department.clone(),
            job_title: d.job_title.clone(),
            emails: d
                .emails
                .iter()
                .map(|e| Labeled {
                    label: e.label().to_string(),
                    value: e.address().to_string(),
                    e164: None,
                })
                .collect(),
            phones: d
                .phones
                .iter()
                .map(|p| Labeled {
                    label: p.label().to_string(),
                    value: p.raw().to_string(),
                    e164: Some(p.e164().to_string()),
                })
                .collect(),
            addresses: d
                .addresses
                .iter()
                .map(|a| Address {
                    label: a.label.clone(),
                    street: a.street.clone(),
                    extended: a.extended.clone(),
                    po_box: a.po_box.clone(),
                    postal_code: a.postal_code.clone(),
                    locality: a.locality.clone(),
                    region: a.region.clone(),
                    country: a.country.clone(),
                })
                .collect(),
            websites: d
                .websites
                .iter()
                .map(|w| Labeled {
                    label: w.label.clone(),
                    value: w.url.clone(),
                    e164: None,
                })
                .collect(),
            messengers: d
                .messengers
                .iter()
                .map(|m| Messenger {
                    service: m.service.clone(),
                    handle: m.handle.clone(),
                })
                .collect(),
            birthday: d.birthday.map(|b| b.to_string()),
            nameday: d.nameday.map(|b| b.to_string()),
            anniversary: d.anniversary.map(|b| b.to_string()),
            gender: d.gender.map(|g| g.code().to_string()),
            notes: d.notes.clone(),
            nip: text(d.nip.as_ref().map(|n| n.as_str())),
            regon: text(d.regon.as_ref().map(|n| n.as_str())),
            bank_account: text(d.bank_account.as_ref().map(|n| n.as_str())),
            category: d.category.map(|c| c.key().to_string()),
            groups: d.groups.iter().map(|g| g.0).collect(),
            status: d.status.map(|s| s.0),
            custom: d
                .custom
                .iter()
                .map(|(id, v)| (id.to_string(), field_value(v)))
                .collect(),
            no_mailing: d.no_mailing,
        }
    }
}

/// A stored contact: its data and what the store keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub id: i64,
    pub book: Book,
    pub display_name: String,
    pub version: u64,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// A user id.
    pub created_by: i64,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// A user id.
    pub updated_by: i64,
    pub has_photo: bool,
    #[serde(flatten)]
    pub data: ContactData,
}

impl From<&core::Contact> for Contact {
    fn from(c: &core::Contact) -> Contact {
        Contact {
            id: c.id.0,
            book: c.book.into(),
            display_name: c.data.display_name(),
            version: c.meta.version,
            created_at: c.meta.created_at.to_rfc3339(),
            created_by: c.meta.created_by.0,
            updated_at: c.meta.updated_at.to_rfc3339(),
            updated_by: c.meta.updated_by.0,
            has_photo: c.has_photo,
            data: ContactData::from(&c.data),
        }
    }
}

/// A page of contacts: how many match in all, and this page's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ContactPage {
    pub total: u64,
    pub items: Vec<Contact>,
}

/// A file attached to a contact (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    /// The contact's id.
    pub contact: i64,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub note: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// A user id.
    pub created_by: i64,
}

impl From<&core::AttachmentInfo> for Attachment {
    fn from(a: &core::AttachmentInfo) -> Attachment {
        Attachment {
            id: a.id.0,
            contact: a.contact.0,
            name: a.name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
            note: a.note.clone(),
            created_at: a.created_at.to_rfc3339(),
            created_by: a.created_by.0,
        }
    }
}

impl Book {
    /// `"private"` or `"business"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Book::Private => "private",
            Book::Business => "business",
        }
    }
}

impl std::fmt::Display for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
