//! The merge record's snapshot: both contacts as they were, every field and their meta, as
//! JSON the core writes and reads (a store keeps it as opaque text).

use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::category::CategoryKey;
use crate::error::{Error, Result};
use crate::ids::{ContactId, FieldId, LabelId, UserId};
use crate::model::*;
use crate::store::{OccasionAlert, OccasionAlertKind, RowKind};

#[derive(Serialize, Deserialize)]
pub(crate) struct Snap {
    id: i64,
    owner: Option<i64>,
    has_photo: bool,
    kind: String,
    name: [String; 5],
    nickname: String,
    org_name: String,
    org_id: Option<i64>,
    department: String,
    job_title: String,
    emails: Vec<Email>,
    phones: Vec<Phone>,
    addresses: Vec<Address>,
    websites: Vec<Website>,
    messengers: Vec<Messenger>,
    extra: Vec<ExtraProperty>,
    birthday: Option<String>,
    nameday: Option<String>,
    anniversary: Option<String>,
    gender: Option<String>,
    notes: String,
    nip: Option<String>,
    regon: Option<String>,
    bank_account: Option<String>,
    category: Option<String>,
    groups: Vec<i64>,
    status: Option<i64>,
    /// (field id, type tag t/n/d/b/c, text)
    custom: Vec<(i64, String, String)>,
    no_mailing: bool,
    created_at: String,
    created_by: i64,
    updated_at: String,
    updated_by: i64,
    version: u64,
}

#[derive(Serialize, Deserialize)]
struct Record {
    keep: Snap,
    other: Snap,
    /// (media type, base64 bytes)
    other_photo: Option<(String, String)>,
    /// (a/h/r, ids)
    moved: Vec<(String, Vec<i64>)>,
    merged_version: u64,
    /// The other contact's occasion alerts: (user, birthday/nameday, days before).
    /// Records written before alerts moved have none.
    #[serde(default)]
    other_alerts: Vec<(i64, String, u32)>,
    /// The alerts the merge gave the kept contact (copies of the other's).
    #[serde(default)]
    added_alerts: Vec<(i64, String, u32)>,
}

/// A decoded merge record.
pub(super) struct Decoded {
    pub keep: Contact,
    pub other: Contact,
    pub other_photo: Option<Photo>,
    pub moved: Vec<(RowKind, Vec<i64>)>,
    pub merged_version: u64,
    pub alerts: MergedAlerts,
}

/// The occasion alerts a merge saw on the other contact and the ones it added to the kept
/// one (the other's, for occasions the kept one had no alert of that user for).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MergedAlerts {
    pub other: Vec<OccasionAlert>,
    pub added: Vec<OccasionAlert>,
}

fn alert_rows(alerts: &[OccasionAlert]) -> Vec<(i64, String, u32)> {
    alerts
        .iter()
        .map(|a| (a.user.0, a.kind.key().to_string(), a.days_before))
        .collect()
}

fn alerts_of(contact: ContactId, rows: Vec<(i64, String, u32)>) -> Result<Vec<OccasionAlert>> {
    rows.into_iter()
        .map(|(user, kind, days_before)| {
            Ok(OccasionAlert {
                contact,
                user: UserId(user),
                kind: OccasionAlertKind::parse(&kind).map_err(bad)?,
                days_before,
            })
        })
        .collect()
}

pub(crate) fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn kind_tag(k: RowKind) -> &'static str {
    match k {
        RowKind::Attachment => "a",
        RowKind::History => "h",
        RowKind::Reminder => "r",
        RowKind::Meeting => "m",
    }
}

pub(crate) fn snap(c: &Contact) -> Snap {
    let d = &c.data;
    Snap {
        id: c.id.0,
        owner: match c.book {
            Book::Business => None,
            Book::Private(u) => Some(u.0),
        },
        has_photo: c.has_photo,
        kind: d.kind.as_str().into(),
        name: [
            d.name.prefix.clone(),
            d.name.given.clone(),
            d.name.additional.clone(),
            d.name.family.clone(),
            d.name.suffix.clone(),
        ],
        nickname: d.nickname.clone(),
        org_name: d.org_name.clone(),
        org_id: d.org_id.map(|i| i.0),
        department: d.department.clone(),
        job_title: d.job_title.clone(),
        emails: d.emails.clone(),
        phones: d.phones.clone(),
        addresses: d.addresses.clone(),
        websites: d.websites.clone(),
        messengers: d.messengers.clone(),
        extra: d.extra.clone(),
        birthday: d.birthday.map(|b| b.to_string()),
        nameday: d.nameday.map(|b| b.to_string()),
        anniversary: d.anniversary.map(|b| b.to_string()),
        gender: d.gender.map(|g| g.code().into()),
        notes: d.notes.clone(),
        nip: d.nip.as_ref().map(|v| v.as_str().into()),
        regon: d.regon.as_ref().map(|v| v.as_str().into()),
        bank_account: d.bank_account.as_ref().map(|v| v.as_str().into()),
        category: d.category.map(|k| k.key().into()),
        groups: d.groups.iter().map(|g| g.0).collect(),
        status: d.status.map(|s| s.0),
        custom: d
            .custom
            .iter()
            .map(|(f, v)| {
                let (tag, text) = match v {
                    FieldValue::Text(s) => ("t", s.clone()),
                    FieldValue::Number(n) => ("n", n.to_string()),
                    FieldValue::Date(d) => ("d", d.to_string()),
                    FieldValue::YesNo(b) => ("b", if *b { "1" } else { "0" }.to_string()),
                    FieldValue::Choice(s) => ("c", s.clone()),
                };
                (f.0, tag.to_string(), text)
            })
            .collect(),
        no_mailing: d.no_mailing,
        created_at: c.meta.created_at.to_rfc3339(),
        created_by: c.meta.created_by.0,
        updated_at: c.meta.updated_at.to_rfc3339(),
        updated_by: c.meta.updated_by.0,
        version: c.meta.version,
    }
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::Backend(format!("the merge record is unreadable: {what}").into())
}

fn opt<T>(s: Option<String>, f: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    s.map(|s| f(&s)).transpose()
}

fn time(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(bad)
}

pub(crate) fn unsnap(s: Snap) -> Result<Contact> {
    let [prefix, given, additional, family, suffix] = s.name;
    let mut custom = std::collections::BTreeMap::new();
    for (f, tag, text) in s.custom {
        let v = match tag.as_str() {
            "t" => FieldValue::Text(text),
            "n" => FieldValue::Number(text.parse().map_err(bad)?),
            "d" => FieldValue::Date(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(bad)?),
            "b" => FieldValue::YesNo(text == "1"),
            _ => FieldValue::Choice(text),
        };
        custom.insert(FieldId(f), v);
    }
    let data = ContactData {
        kind: ContactKind::parse(&s.kind)?,
        name: Name {
            prefix,
            given,
            additional,
            family,
            suffix,
        },
        nickname: s.nickname,
        org_name: s.org_name,
        org_id: s.org_id.map(ContactId),
        department: s.department,
        job_title: s.job_title,
        emails: s.emails,
        phones: s.phones,
        addresses: s.addresses,
        websites: s.websites,
        messengers: s.messengers,
        birthday: opt(s.birthday, |v| v.parse())?,
        nameday: opt(s.nameday, |v| v.parse())?,
        anniversary: opt(s.anniversary, |v| v.parse())?,
        gender: opt(s.gender, Gender::parse)?,
        notes: s.notes,
        nip: opt(s.nip, Nip::parse)?,
        regon: opt(s.regon, Regon::parse)?,
        bank_account: opt(s.bank_account, BankAccount::parse)?,
        category: opt(s.category, CategoryKey::parse)?,
        groups: s.groups.into_iter().map(LabelId).collect(),
        status: s.status.map(LabelId),
        custom,
        no_mailing: s.no_mailing,
        extra: s.extra,
    };
    Ok(Contact {
        id: ContactId(s.id),
        book: match s.owner {
            None => Book::Business,
            Some(u) => Book::Private(UserId(u)),
        },
        data,
        meta: Meta {
            created_at: time(&s.created_at)?,
            created_by: UserId(s.created_by),
            updated_at: time(&s.updated_at)?,
            updated_by: UserId(s.updated_by),
            version: s.version,
        },
        has_photo: s.has_photo,
    })
}

pub(super) fn encode(
    keep: &Contact,
    other: &Contact,
    other_photo: Option<&Photo>,
    moved: &[(RowKind, Vec<i64>)],
    merged_version: u64,
    alerts: &MergedAlerts,
) -> String {
    let r = Record {
        keep: snap(keep),
        other: snap(other),
        other_photo: other_photo.map(|p| (p.media_type().to_string(), b64().encode(p.bytes()))),
        moved: moved
            .iter()
            .map(|(k, ids)| (kind_tag(*k).to_string(), ids.clone()))
            .collect(),
        merged_version,
        other_alerts: alert_rows(&alerts.other),
        added_alerts: alert_rows(&alerts.added),
    };
    serde_json::to_string(&r).unwrap_or_default()
}

pub(super) fn decode(text: &str) -> Result<Decoded> {
    let r: Record = serde_json::from_str(text).map_err(bad)?;
    let other_id = ContactId(r.other.id);
    let keep_id = ContactId(r.keep.id);
    let alerts = MergedAlerts {
        other: alerts_of(other_id, r.other_alerts)?,
        added: alerts_of(keep_id, r.added_alerts)?,
    };
    let mut moved = Vec::new();
    for (tag, ids) in r.moved {
        let kind = RowKind::ALL
            .into_iter()
            .find(|k| kind_tag(*k) == tag)
            .ok_or_else(|| bad(format!("row kind '{tag}'")))?;
        moved.push((kind, ids));
    }
    Ok(Decoded {
        keep: unsnap(r.keep)?,
        other: unsnap(r.other)?,
        other_photo: match r.other_photo {
            // The type written beside the bytes is not trusted: the bytes are checked again.
            Some((_media_type, b)) => Photo::from_bytes(b64().decode(b).map_err(bad)?).ok(),
            None => None,
        },
        moved,
        merged_version: r.merged_version,
        alerts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_survives_the_snapshot() {
        let mut d = ContactData::person("Łukasz", "Żółć");
        d.emails
            .push(Email::new("work", "l@zolc.pl").unwrap_or_else(|e| panic!("{e}")));
        d.birthday = "--03-14".parse().ok();
        d.custom.insert(FieldId(4), FieldValue::Number(1.25));
        d.groups.push(LabelId(9));
        let t = Utc::now();
        let c = Contact {
            id: ContactId(7),
            book: Book::Private(UserId(2)),
            data: d,
            meta: Meta {
                created_at: t,
                created_by: UserId(2),
                updated_at: t,
                updated_by: UserId(2),
                version: 3,
            },
            has_photo: true,
        };
        let alert = OccasionAlert {
            contact: ContactId(7),
            user: UserId(3),
            kind: OccasionAlertKind::Nameday,
            days_before: 5,
        };
        let alerts = MergedAlerts {
            other: vec![alert.clone()],
            added: vec![],
        };
        let text = encode(&c, &c, None, &[(RowKind::History, vec![1, 2])], 4, &alerts);
        let back = decode(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.keep, c);
        assert_eq!(back.moved, vec![(RowKind::History, vec![1, 2])]);
        assert_eq!(back.alerts, alerts);
        // A record written before alerts were kept reads with none.
        let old = text.replace(
            ",\"other_alerts\":[[3,\"nameday\",5]],\"added_alerts\":[]",
            "",
        );
        assert_ne!(old, text);
        let back = decode(&old).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.alerts, MergedAlerts::default());
    }
}
