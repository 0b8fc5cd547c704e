//! Turning the contact flags of `add` and `edit` into a checked `ContactData`.
//!
//! Scalar flags replace the value (an empty value clears an optional one); list flags add
//! entries, and on `edit` the `--rm-*` flags remove entries before any are added.

use contacts_core::category::CategoryKey;
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::ids::ContactId;
use contacts_core::model::{
    Address, BankAccount, ContactData, ContactKind, Email, Gender, Messenger, Nip, Phone, Regon,
    Website,
};
use contacts_core::service::{parse_field_value, Service};
use contacts_core::store::{ListKind, Store};
use contacts_core::{Error, Result};

use crate::cli::{ContactFields, EditArgs};

/// Parses a contact id given on the command line.
pub fn contact_id(s: &str) -> Result<ContactId> {
    s.parse()
}

/// Gives an `Invalid` error the name of the flag it came from (the core says "date").
fn as_field<T>(field: &str, r: Result<T>) -> Result<T> {
    r.map_err(|e| match e {
        Error::Invalid { reason, .. } => Error::invalid(field, reason),
        other => other,
    })
}

/// Splits `LABEL:VALUE` when the label part looks like a label (no '@', no spaces, no '+').
fn split_label(s: &str) -> (&str, &str) {
    match s.split_once(':') {
        Some((label, value))
            if !label.is_empty()
                && !value.starts_with("//")
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_') =>
        {
            (label, value)
        }
        _ => ("", s),
    }
}

pub fn email(s: &str) -> Result<Email> {
    let (label, value) = split_label(s);
    Email::new(label, value)
}

pub fn phone(s: &str) -> Result<Phone> {
    let (label, value) = split_label(s);
    Phone::new(label, value)
}

/// `[LABEL:]street;city;postal code;country[;region]`.
pub fn address(s: &str) -> Result<Address> {
    let (label, rest) = match s.split_once(':') {
        Some((l, r)) if !l.contains(';') => (l.trim().to_lowercase(), r),
        _ => (String::new(), s),
    };
    let parts: Vec<&str> = rest.split(';').map(str::trim).collect();
    if parts.len() > 5 {
        return Err(Error::invalid(
            "address",
            format!("'{s}' has more than 5 parts (street;city;postal code;country;region)"),
        ));
    }
    let part = |i: usize| parts.get(i).copied().unwrap_or("").to_string();
    let a = Address {
        label,
        street: part(0),
        locality: part(1),
        postal_code: part(2),
        country: part(3),
        region: part(4),
        ..Address::default()
    };
    if a.is_empty() {
        return Err(Error::invalid("address", format!("'{s}' is empty")));
    }
    Ok(a)
}

pub fn website(s: &str) -> Result<Website> {
    let (label, url) = split_label(s.trim());
    if url.trim().is_empty() || url.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "website",
            format!("'{s}' is not a web address"),
        ));
    }
    Ok(Website {
        label: label.to_lowercase(),
        url: url.trim().to_string(),
    })
}

pub fn messenger(s: &str) -> Result<Messenger> {
    match s.split_once(':') {
        Some((service, handle)) if !service.trim().is_empty() && !handle.trim().is_empty() => {
            Ok(Messenger {
                service: service.trim().to_lowercase(),
                handle: handle.trim().to_string(),
            })
        }
        _ => Err(Error::invalid(
            "messenger",
            format!("'{s}' is not SERVICE:HANDLE (like signal:+48601234567)"),
        )),
    }
}

/// `None` for an empty value (clear), else the parsed value.
fn optional<T>(s: &str, parse: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

/// Whether the flags name a person (any name part).
fn names_a_person(f: &ContactFields) -> bool {
    [&f.prefix, &f.given, &f.additional, &f.family, &f.suffix]
        .iter()
        .any(|p| p.as_deref().is_some_and(|s| !s.trim().is_empty()))
}

/// A new contact from the flags of `add`.
pub fn new_contact<S: Store>(service: &Service<S>, f: &ContactFields) -> Result<ContactData> {
    let mut data = ContactData::default();
    if f.kind.is_none() && f.org_name.is_some() && !names_a_person(f) {
        data.kind = ContactKind::Organisation;
    }
    apply(service, &mut data, f)?;
    Ok(data)
}

/// Applies the flags of `edit` to a contact's data: removals first, then the rest.
pub fn edit_contact<S: Store>(
    service: &Service<S>,
    data: &mut ContactData,
    args: &EditArgs,
) -> Result<()> {
    for e in &args.rm_email {
        let before = data.emails.len();
        data.emails
            .retain(|x| !x.address().eq_ignore_ascii_case(e.trim()));
        if data.emails.len() == before {
            return Err(Error::invalid(
                "email",
                format!("'{e}' is not an e-mail of this contact"),
            ));
        }
    }
    for p in &args.rm_phone {
        let e164 = Phone::new("", p).ok().map(|x| x.e164().to_string());
        let before = data.phones.len();
        data.phones
            .retain(|x| x.raw() != p.trim() && Some(x.e164()) != e164.as_deref());
        if data.phones.len() == before {
            return Err(Error::invalid(
                "phone",
                format!("'{p}' is not a phone of this contact"),
            ));
        }
    }
    let mut positions = args.rm_address.clone();
    positions.sort_unstable();
    positions.dedup();
    for n in positions.into_iter().rev() {
        if n == 0 || n > data.addresses.len() {
            return Err(Error::invalid(
                "address",
                format!(
                    "there is no address number {n} (the contact has {})",
                    data.addresses.len()
                ),
            ));
        }
        data.addresses.remove(n - 1);
    }
    for w in &args.rm_website {
        let before = data.websites.len();
        data.websites.retain(|x| x.url != w.trim());
        if data.websites.len() == before {
            return Err(Error::invalid(
                "website",
                format!("'{w}' is not a web site of this contact"),
            ));
        }
    }
    for m in &args.rm_messenger {
        let (service_name, handle) = match m.split_once(':') {
            Some((s, h)) => (Some(s.trim().to_lowercase()), h.trim()),
            None => (None, m.trim()),
        };
        let before = data.messengers.len();
        data.messengers.retain(|x| {
            !(x.handle == handle && service_name.as_ref().is_none_or(|s| *s == x.service))
        });
        if data.messengers.len() == before {
            return Err(Error::invalid(
                "messenger",
                format!("'{m}' is not a messenger handle of this contact"),
            ));
        }
    }
    for g in &args.rm_group {
        let label = service.label(ListKind::Group, g)?;
        data.groups.retain(|id| *id != label.id);
    }
    for l in &args.rm_field {
        let def = service.field(l)?;
        data.custom.remove(&def.id);
    }
    apply(service, data, &args.fields)?;
    if args.opt_in {
        data.no_mailing = false;
    }
    Ok(())
}

fn apply<S: Store>(service: &Service<S>, data: &mut ContactData, f: &ContactFields) -> Result<()> {
    if let Some(k) = &f.kind {
        data.kind = ContactKind::parse(k.trim())?;
    }
    let set = |slot: &mut String, v: &Option<String>| {
        if let Some(v) = v {
            *slot = v.trim().to_string();
        }
    };
    set(&mut data.name.prefix, &f.prefix);
    set(&mut data.name.given, &f.given);
    set(&mut data.name.additional, &f.additional);
    set(&mut data.name.family, &f.family);
    set(&mut data.name.suffix, &f.suffix);
    set(&mut data.nickname, &f.nickname);
    set(&mut data.org_name, &f.org_name);
    set(&mut data.department, &f.department);
    set(&mut data.job_title, &f.job_title);
    if let Some(n) = &f.note {
        data.notes = n.clone();
    }
    if let Some(o) = &f.org {
        data.org_id = as_field("org", optional(o, contact_id))?;
    }
    if let Some(b) = &f.birthday {
        data.birthday = as_field("birthday", optional(b, |s| s.parse::<PartialDate>()))?;
    }
    if let Some(a) = &f.anniversary {
        data.anniversary = as_field("anniversary", optional(a, |s| s.parse::<PartialDate>()))?;
    }
    if let Some(n) = &f.nameday {
        data.nameday = as_field("nameday", optional(n, |s| s.parse::<MonthDay>()))?;
    }
    if let Some(g) = &f.gender {
        data.gender = optional(g, Gender::parse)?;
    }
    if let Some(n) = &f.nip {
        data.nip = optional(n, Nip::parse)?;
    }
    if let Some(r) = &f.regon {
        data.regon = optional(r, Regon::parse)?;
    }
    if let Some(b) = &f.bank_account {
        data.bank_account = optional(b, BankAccount::parse)?;
    }
    if let Some(c) = &f.category {
        data.category = optional(c, CategoryKey::parse)?;
    }
    if let Some(s) = &f.status {
        data.status = optional(s, |s| service.label(ListKind::Status, s).map(|l| l.id))?;
    }
    if f.opt_out {
        data.no_mailing = true;
    }
    for e in &f.email {
        data.emails.push(email(e)?);
    }
    for p in &f.phone {
        data.phones.push(phone(p)?);
    }
    for a in &f.address {
        data.addresses.push(address(a)?);
    }
    for w in &f.website {
        data.websites.push(website(w)?);
    }
    for m in &f.messenger {
        data.messengers.push(messenger(m)?);
    }
    for g in &f.group {
        let id = service.label(ListKind::Group, g)?.id;
        if !data.groups.contains(&id) {
            data.groups.push(id);
        }
    }
    for kv in &f.field {
        let (label, value) = kv
            .split_once('=')
            .ok_or_else(|| Error::invalid("field", format!("'{kv}' is not LABEL=VALUE")))?;
        let def = service.field(label)?;
        let value = parse_field_value(&def, value)?;
        data.custom.insert(def.id, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_split_only_when_they_look_like_labels() {
        assert_eq!(split_label("work:jan@x.pl"), ("work", "jan@x.pl"));
        assert_eq!(split_label("jan@x.pl"), ("", "jan@x.pl"));
        assert_eq!(split_label("https://x.pl"), ("", "https://x.pl"));
        assert_eq!(split_label("blog:https://x.pl"), ("blog", "https://x.pl"));
        assert_eq!(split_label("+48 601 234 567"), ("", "+48 601 234 567"));
        assert_eq!(split_label("mobile:601234567"), ("mobile", "601234567"));
    }

    #[test]
    fn addresses_take_parts_in_order() {
        let a = address("home:ul. Długa 5;Gdańsk;80-831;Polska").ok();
        assert_eq!(
            a.map(|a| (a.label, a.street, a.locality, a.postal_code, a.country)),
            Some((
                "home".into(),
                "ul. Długa 5".into(),
                "Gdańsk".into(),
                "80-831".into(),
                "Polska".into()
            ))
        );
        assert!(address(";;;").is_err());
        assert!(address("a;b;c;d;e;f").is_err());
    }
}

/// Parses a day given as `DD.MM.YYYY` or `YYYY-MM-DD`; `field` names the flag in the error.
pub fn day(field: &str, s: &str) -> Result<chrono::NaiveDate> {
    contacts_core::format::parse_date(field, s)
}

/// Parses a span like `90d` (days) or `12w` (weeks).
pub fn span(field: &str, s: &str) -> Result<chrono::Duration> {
    let t = s.trim().to_ascii_lowercase();
    let bad = || Error::invalid(field, format!("'{s}' is not a span like 90d or 12w"));
    let (n, unit) = t.split_at(t.len().saturating_sub(1));
    let n: i64 = n.parse().map_err(|_| bad())?;
    let days = match unit {
        "d" => n,
        "w" => n.checked_mul(7).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if !(1..=100 * 366).contains(&days) {
        return Err(bad());
    }
    Ok(chrono::Duration::days(days))
}

/// A user by name (ignoring case).
pub fn user_id<S: contacts_core::store::Store>(
    service: &contacts_core::service::Service<S>,
    actor: &contacts_core::service::Actor,
    field: &str,
    name: &str,
) -> Result<contacts_core::ids::UserId> {
    Ok(service.user_named(actor, field, name)?.id)
}

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(span("x", "90d").ok(), Some(chrono::Duration::days(90)));
        assert_eq!(span("x", "2W").ok(), Some(chrono::Duration::days(14)));
        assert!(span("x", "3m").is_err());
        assert!(span("x", "d").is_err());
        assert!(span("x", "-1d").is_err());
    }
}
