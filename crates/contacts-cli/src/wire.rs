//! The JSON the CLI prints. These types belong to the CLI and are filled by hand from core
//! types, so the core stays free of serialization concerns.

use std::collections::{BTreeMap, HashMap};

use contacts_core::ids::{FieldId, LabelId, UserId};
use contacts_core::model::{AttachmentInfo, Contact, FieldValue};
use contacts_core::service::{Actor, Service};
use contacts_core::store::{ListKind, Store};
use contacts_core::Result;
use serde::Serialize;

/// Names of the things a contact refers to by id, loaded once per command.
#[derive(Debug, Default)]
pub struct Names {
    pub groups: HashMap<LabelId, String>,
    pub statuses: HashMap<LabelId, String>,
    pub fields: HashMap<FieldId, String>,
    pub users: HashMap<UserId, String>,
}

impl Names {
    pub fn load<S: Store>(service: &Service<S>, actor: &Actor) -> Result<Names> {
        let labels = |kind| -> Result<HashMap<LabelId, String>> {
            Ok(service
                .labels(kind)?
                .into_iter()
                .map(|l| (l.id, l.name))
                .collect())
        };
        Ok(Names {
            groups: labels(ListKind::Group)?,
            statuses: labels(ListKind::Status)?,
            fields: service
                .fields()?
                .into_iter()
                .map(|f| (f.id, f.label))
                .collect(),
            users: service
                .user_directory(actor)?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect(),
        })
    }

    pub fn group(&self, id: LabelId) -> String {
        self.groups
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn status(&self, id: LabelId) -> String {
        self.statuses
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn field(&self, id: FieldId) -> String {
        self.fields
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn user(&self, id: UserId) -> String {
        self.users
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }
}

#[derive(Debug, Serialize)]
pub struct EmailJson {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct PhoneJson {
    pub value: String,
    pub label: String,
    pub e164: String,
}

#[derive(Debug, Serialize)]
pub struct AddressJson {
    pub label: String,
    pub po_box: String,
    pub extended: String,
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Serialize)]
pub struct WebsiteJson {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct MessengerJson {
    pub service: String,
    pub handle: String,
}

#[derive(Debug, Serialize)]
pub struct ContactJson {
    pub id: i64,
    pub book: &'static str,
    pub kind: &'static str,
    pub display_name: String,
    pub prefix: String,
    pub given_name: String,
    pub additional_names: String,
    pub family_name: String,
    pub suffix: String,
    pub nickname: String,
    pub org_name: String,
    pub org_id: Option<i64>,
    pub department: String,
    pub job_title: String,
    pub emails: Vec<EmailJson>,
    pub phones: Vec<PhoneJson>,
    pub addresses: Vec<AddressJson>,
    pub websites: Vec<WebsiteJson>,
    pub messengers: Vec<MessengerJson>,
    pub birthday: Option<String>,
    pub anniversary: Option<String>,
    pub nameday: Option<String>,
    pub gender: Option<&'static str>,
    pub notes: String,
    pub nip: Option<String>,
    pub regon: Option<String>,
    pub bank_account: Option<String>,
    pub category: Option<&'static str>,
    pub groups: Vec<String>,
    pub status: Option<String>,
    pub custom_fields: BTreeMap<String, serde_json::Value>,
    pub no_mailing: bool,
    pub has_photo: bool,
    pub version: u64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

pub fn field_value(v: &FieldValue) -> serde_json::Value {
    match v {
        FieldValue::Text(s) | FieldValue::Choice(s) => serde_json::Value::from(s.as_str()),
        FieldValue::Number(n) => serde_json::Value::from(*n),
        FieldValue::Date(d) => serde_json::Value::from(d.to_string()),
        FieldValue::YesNo(b) => serde_json::Value::from(*b),
    }
}

pub fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl ContactJson {
    pub fn new(c: &Contact, names: &Names) -> ContactJson {
        let d = &c.data;
        ContactJson {
            id: c.id.0,
            book: c.book.kind_name(),
            kind: d.kind.as_str(),
            display_name: d.display_name(),
            prefix: d.name.prefix.clone(),
            given_name: d.name.given.clone(),
            additional_names: d.name.additional.clone(),
            family_name: d.name.family.clone(),
            suffix: d.name.suffix.clone(),
            nickname: d.nickname.clone(),
            org_name: d.org_name.clone(),
            org_id: d.org_id.map(|o| o.0),
            department: d.department.clone(),
            job_title: d.job_title.clone(),
            emails: d
                .emails
                .iter()
                .map(|e| EmailJson {
                    value: e.address().to_string(),
                    label: e.label().to_string(),
                })
                .collect(),
            phones: d
                .phones
                .iter()
                .map(|p| PhoneJson {
                    value: p.raw().to_string(),
                    label: p.label().to_string(),
                    e164: p.e164().to_string(),
                })
                .collect(),
            addresses: d
                .addresses
                .iter()
                .map(|a| AddressJson {
                    label: a.label.clone(),
                    po_box: a.po_box.clone(),
                    extended: a.extended.clone(),
                    street: a.street.clone(),
                    city: a.locality.clone(),
                    region: a.region.clone(),
                    postal_code: a.postal_code.clone(),
                    country: a.country.clone(),
                })
                .collect(),
            websites: d
                .websites
                .iter()
                .map(|w| WebsiteJson {
                    label: w.label.clone(),
                    url: w.url.clone(),
                })
                .collect(),
            messengers: d
                .messengers
                .iter()
                .map(|m| MessengerJson {
                    service: m.service.clone(),
                    handle: m.handle.clone(),
                })
                .collect(),
            birthday: d.birthday.map(|b| b.to_string()),
            anniversary: d.anniversary.map(|b| b.to_string()),
            nameday: d.nameday.map(|b| b.to_string()),
            gender: d.gender.map(|g| g.code()),
            notes: d.notes.clone(),
            nip: d.nip.as_ref().map(|n| n.as_str().to_string()),
            regon: d.regon.as_ref().map(|n| n.as_str().to_string()),
            bank_account: d.bank_account.as_ref().map(|n| n.as_str().to_string()),
            category: d.category.map(|k| k.key()),
            groups: d.groups.iter().map(|g| names.group(*g)).collect(),
            status: d.status.map(|s| names.status(s)),
            custom_fields: d
                .custom
                .iter()
                .map(|(id, v)| (names.field(*id), field_value(v)))
                .collect(),
            no_mailing: d.no_mailing,
            has_photo: c.has_photo,
            version: c.meta.version,
            created_at: time(c.meta.created_at),
            created_by: names.user(c.meta.created_by),
            updated_at: time(c.meta.updated_at),
            updated_by: names.user(c.meta.updated_by),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AttachmentJson {
    pub id: i64,
    pub contact: i64,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    pub note: String,
    pub created_at: String,
    pub created_by: String,
}

impl AttachmentJson {
    pub fn new(a: &AttachmentInfo, names: &Names) -> AttachmentJson {
        AttachmentJson {
            id: a.id.0,
            contact: a.contact.0,
            name: a.name.clone(),
            media_type: a.media_type.clone(),
            size: a.size,
            note: a.note.clone(),
            created_at: time(a.created_at),
            created_by: names.user(a.created_by),
        }
    }
}

/// A birthday or name-day, as `upcoming` and `agenda` print it.
#[derive(Debug, Serialize)]
pub struct OccasionJson {
    pub date: String,
    /// "birthday" or "nameday".
    pub kind: &'static str,
    pub contact_id: i64,
    pub contact: String,
    pub book: &'static str,
    /// The age reached that day, when the year of birth is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// The given name celebrated on a name-day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl OccasionJson {
    pub fn new(o: &contacts_core::service::Occasion) -> OccasionJson {
        use contacts_core::service::OccasionKind;
        let (kind, age, name) = match &o.kind {
            OccasionKind::Birthday { age } => ("birthday", *age, None),
            OccasionKind::Nameday { name } => ("nameday", None, Some(name.clone())),
        };
        OccasionJson {
            date: o.date.to_string(),
            kind,
            contact_id: o.contact.id.0,
            contact: o.contact.name.clone(),
            book: o.contact.book.kind_name(),
            age,
            name,
        }
    }
}

/// A reminder with its names; times are local to the installation's time zone.
#[derive(Debug, Serialize)]
pub struct ReminderJson {
    pub id: i64,
    pub contact_id: i64,
    pub contact: String,
    pub book: &'static str,
    pub text: String,
    /// "YYYY-MM-DD HH:MM" in the installation's time zone.
    pub due: String,
    pub due_utc: String,
    pub overdue: bool,
    pub created_by: String,
    pub assignee: Option<String>,
    pub done_by: Option<String>,
    pub done_at: Option<String>,
    pub version: u64,
}

/// A local time as the CLI prints it.
pub fn local(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

impl ReminderJson {
    pub fn new(v: &contacts_core::service::ReminderView) -> ReminderJson {
        let r = &v.reminder;
        ReminderJson {
            id: r.id.0,
            contact_id: r.contact.0,
            contact: v.contact.name.clone(),
            book: v.contact.book.kind_name(),
            text: r.text.clone(),
            due: local(v.due_local),
            due_utc: time(r.due_at),
            overdue: v.overdue,
            created_by: v.created_by.clone(),
            assignee: v.assignee.clone(),
            done_by: v.done_by.clone(),
            done_at: r.done_at.map(time),
            version: r.version,
        }
    }
}
