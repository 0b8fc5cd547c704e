//! The contact edit form: its wire shape (every value as typed), conversion from and to
//! the core's `ContactData`, and its HTML. A form that fails to parse is shown again
//! with what the user typed, so bad input loses nothing.

use std::collections::BTreeMap;

use contacts_core::category::{Category, CategoryKey};
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::format::{self, Formatter};
use contacts_core::ids::{ContactId, LabelId};
use contacts_core::model::{
    Address, BankAccount, ContactData, ContactKind, Email, ExtraProperty, FieldValue, Gender,
    Messenger, Name, Nip, Phone, Regon, Website,
};
use contacts_core::service::parse_field_value;
use contacts_core::store::{FieldDef, FieldType, Label};
use maud::{html, Markup};

use crate::i18n::Lang;

/// Blank rows offered under the existing ones.
const BLANK_ROWS: usize = 2;

/// An address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressForm {
    pub label: String,
    pub street: String,
    pub extended: String,
    pub po_box: String,
    pub postal_code: String,
    pub locality: String,
    pub region: String,
    pub country: String,
}

impl AddressForm {
    fn is_empty(&self) -> bool {
        [
            &self.street,
            &self.extended,
            &self.po_box,
            &self.postal_code,
            &self.locality,
            &self.region,
            &self.country,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// Every field of the edit form as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub kind: String,
    pub prefix: String,
    pub given: String,
    pub additional: String,
    pub family: String,
    pub suffix: String,
    pub nickname: String,
    pub org_name: String,
    pub org_id: String,
    pub department: String,
    pub job_title: String,
    pub emails: Vec<(String, String)>,
    pub phones: Vec<(String, String)>,
    pub addresses: Vec<AddressForm>,
    pub websites: Vec<(String, String)>,
    pub messengers: Vec<(String, String)>,
    pub birthday: String,
    pub nameday: String,
    pub anniversary: String,
    pub gender: String,
    pub notes: String,
    pub nip: String,
    pub regon: String,
    pub bank_account: String,
    pub category: String,
    pub groups: Vec<String>,
    pub status: String,
    /// Custom field id (as text) to value.
    pub custom: BTreeMap<String, String>,
    pub no_mailing: bool,
    /// The version the form was loaded at (empty for a new contact).
    pub version: String,
}

impl ContactForm {
    pub fn from_data(d: &ContactData) -> ContactForm {
        ContactForm {
            kind: d.kind.as_str().to_string(),
            prefix: d.name.prefix.clone(),
            given: d.name.given.clone(),
            additional: d.name.additional.clone(),
            family: d.name.family.clone(),
            suffix: d.name.suffix.clone(),
            nickname: d.nickname.clone(),
            org_name: d.org_name.clone(),
            org_id: d.org_id.map(|i| i.to_string()).unwrap_or_default(),
            department: d.department.clone(),
            job_title: d.job_title.clone(),
            emails: d
                .emails
                .iter()
                .map(|e| (e.label().to_string(), e.address().to_string()))
                .collect(),
            phones: d
                .phones
                .iter()
                .map(|p| (p.label().to_string(), p.raw().to_string()))
                .collect(),
            addresses: d
                .addresses
                .iter()
                .map(|a| AddressForm {
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
                .map(|w| (w.label.clone(), w.url.clone()))
                .collect(),
            messengers: d
                .messengers
                .iter()
                .map(|m| (m.service.clone(), m.handle.clone()))
                .collect(),
            birthday: d.birthday.map(|b| b.to_string()).unwrap_or_default(),
            nameday: d.nameday.map(|b| b.to_string()).unwrap_or_default(),
            anniversary: d.anniversary.map(|b| b.to_string()).unwrap_or_default(),
            gender: d.gender.map(|g| g.code().to_string()).unwrap_or_default(),
            notes: d.notes.clone(),
            nip: d
                .nip
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            regon: d
                .regon
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            bank_account: d
                .bank_account
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            category: d.category.map(|c| c.key().to_string()).unwrap_or_default(),
            groups: d.groups.iter().map(|g| g.to_string()).collect(),
            status: d.status.map(|s| s.to_string()).unwrap_or_default(),
            custom: d
                .custom
                .iter()
                .map(|(id, v)| (id.to_string(), field_text(v)))
                .collect(),
            no_mailing: d.no_mailing,
            version: String::new(),
        }
    }

    /// The same form as a reader of `fm`'s language types it: Polish dates (`18.10.1985`),
    /// the NIP grouped (`123-456-78-90`), dates of custom fields too. Both forms parse back.
    pub fn for_reader(mut self, fm: &Formatter, d: &ContactData) -> ContactForm {
        self.birthday = d.birthday.map(|b| fm.partial_date(b)).unwrap_or_default();
        self.nameday = d.nameday.map(|b| fm.month_day(b)).unwrap_or_default();
        self.anniversary = d
            .anniversary
            .map(|b| fm.partial_date(b))
            .unwrap_or_default();
        self.nip = d.nip.as_ref().map(format::nip).unwrap_or_default();
        for (id, v) in &d.custom {
            if let FieldValue::Date(day) = v {
                self.custom.insert(id.to_string(), fm.date(*day));
            }
        }
        self
    }

    /// Reads the submitted pairs (repeated names for the rows, in order).
    pub fn from_pairs(pairs: &[(String, String)]) -> ContactForm {
        let one = |name: &str| -> String {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let zip = |a: &str, b: &str| -> Vec<(String, String)> {
            let (x, y) = (all(a), all(b));
            let n = x.len().max(y.len());
            (0..n)
                .map(|i| {
                    (
                        x.get(i).cloned().unwrap_or_default(),
                        y.get(i).cloned().unwrap_or_default(),
                    )
                })
                .filter(|(_, v)| !v.trim().is_empty())
                .collect()
        };
        let adr: Vec<Vec<String>> = [
            "adr_label",
            "adr_street",
            "adr_extended",
            "adr_pobox",
            "adr_postal",
            "adr_locality",
            "adr_region",
            "adr_country",
        ]
        .iter()
        .map(|n| all(n))
        .collect();
        let rows = adr.iter().map(Vec::len).max().unwrap_or(0);
        let cell = |col: usize, row: usize| adr[col].get(row).cloned().unwrap_or_default();
        let addresses = (0..rows)
            .map(|r| AddressForm {
                label: cell(0, r),
                street: cell(1, r),
                extended: cell(2, r),
                po_box: cell(3, r),
                postal_code: cell(4, r),
                locality: cell(5, r),
                region: cell(6, r),
                country: cell(7, r),
            })
            .filter(|a| !a.is_empty())
            .collect();
        let custom = pairs
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("custom_")
                    .map(|id| (id.to_string(), v.clone()))
            })
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        ContactForm {
            kind: one("kind"),
            prefix: one("prefix"),
            given: one("given"),
            additional: one("additional"),
            family: one("family"),
            suffix: one("suffix"),
            nickname: one("nickname"),
            org_name: one("org_name"),
            org_id: one("org_id"),
            department: one("department"),
            job_title: one("job_title"),
            emails: zip("email_label", "email_address"),
            phones: zip("phone_label", "phone_number"),
            addresses,
            websites: zip("web_label", "web_url"),
            messengers: zip("im_service", "im_handle"),
            birthday: one("birthday"),
            nameday: one("nameday"),
            anniversary: one("anniversary"),
            gender: one("gender"),
            notes: one("notes"),
            nip: one("nip"),
            regon: one("regon"),
            bank_account: one("bank_account"),
            category: one("category"),
            groups: all("group"),
            status: one("status"),
            custom,
            no_mailing: !one("no_mailing").is_empty(),
            version: one("version"),
        }
    }

    /// The core record, or every problem found (each names its field). `extra` carries
    /// the stored contact's unmodelled properties through an edit.
    pub fn to_data(
        &self,
        business: bool,
        fields: &[FieldDef],
        extra: Vec<ExtraProperty>,
    ) -> Result<ContactData, Vec<String>> {
        let mut errors = Vec::new();
        let mut keep = |r: contacts_core::Result<()>| {
            if let Err(e) = r {
                errors.push(e.to_string());
            }
        };
        let mut d = ContactData {
            name: Name {
                prefix: self.prefix.trim().to_string(),
                given: self.given.trim().to_string(),
                additional: self.additional.trim().to_string(),
                family: self.family.trim().to_string(),
                suffix: self.suffix.trim().to_string(),
            },
            nickname: self.nickname.trim().to_string(),
            org_name: self.org_name.trim().to_string(),
            department: self.department.trim().to_string(),
            job_title: self.job_title.trim().to_string(),
            notes: self.notes.trim_end().to_string(),
            no_mailing: self.no_mailing,
            extra,
            ..ContactData::default()
        };
        match ContactKind::parse(if self.kind.is_empty() {
            "person"
        } else {
            &self.kind
        }) {
            Ok(k) => d.kind = k,
            Err(e) => keep(Err(e)),
        }
        if !self.org_id.trim().is_empty() {
            match self.org_id.parse::<ContactId>() {
                Ok(id) => d.org_id = Some(id),
                Err(e) => keep(Err(e)),
            }
        }
        for (label, address) in &self.emails {
            match Email::new(label, address) {
                Ok(e) => d.emails.push(e),
                Err(e) => keep(Err(e)),
            }
        }
        for (label, number) in &self.phones {
            match Phone::new(label, number) {
                Ok(p) => d.phones.push(p),
                Err(e) => keep(Err(e)),
            }
        }
        for a in &self.addresses {
            d.addresses.push(Address {
                label: a.label.trim().to_lowercase(),
                po_box: a.po_box.trim().to_string(),
                extended: a.extended.trim().to_string(),
                street: a.street.trim().to_string(),
                locality: a.locality.trim().to_string(),
                region: a.region.trim().to_string(),
                postal_code: a.postal_code.trim().to_string(),
                country: a.country.trim().to_string(),
            });
        }
        for (label, url) in &self.websites {
            d.websites.push(Website {
                label: label.trim().to_lowercase(),
                url: url.trim().to_string(),
            });
        }
        for (service, handle) in &self.messengers {
            d.messengers.push(Messenger {
                service: service.trim().to_lowercase(),
                handle: handle.trim().to_string(),
            });
        }
        let date = |s: &str, field: &str| -> contacts_core::Result<Option<PartialDate>> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            s.parse::<PartialDate>()
                .map(Some)
                .map_err(|e| renamed(e, field))
        };
        match date(&self.birthday, "birthday") {
            Ok(v) => d.birthday = v,
            Err(e) => keep(Err(e)),
        }
        match date(&self.anniversary, "anniversary") {
            Ok(v) => d.anniversary = v,
            Err(e) => keep(Err(e)),
        }
        if !self.nameday.trim().is_empty() {
            match self.nameday.parse::<MonthDay>() {
                Ok(v) => d.nameday = Some(v),
                Err(e) => keep(Err(renamed(e, "nameday"))),
            }
        }
        if !self.gender.trim().is_empty() {
            match Gender::parse(&self.gender) {
                Ok(g) => d.gender = Some(g),
                Err(e) => keep(Err(e)),
            }
        }
        if !self.nip.trim().is_empty() {
            match Nip::parse(&self.nip) {
                Ok(v) => d.nip = Some(v),
                Err(e) => keep(Err(e)),
            }
        }
        if !self.regon.trim().is_empty() {
            match Regon::parse(&self.regon) {
                Ok(v) => d.regon = Some(v),
                Err(e) => keep(Err(e)),
            }
        }
        if !self.bank_account.trim().is_empty() {
            match BankAccount::parse(&self.bank_account) {
                Ok(v) => d.bank_account = Some(v),
                Err(e) => keep(Err(e)),
            }
        }
        if business {
            for g in &self.groups {
                match g.parse::<LabelId>() {
                    Ok(id) => d.groups.push(id),
                    Err(e) => keep(Err(e)),
                }
            }
            if !self.status.trim().is_empty() {
                match self.status.parse::<LabelId>() {
                    Ok(id) => d.status = Some(id),
                    Err(e) => keep(Err(e)),
                }
            }
            for (id, text) in &self.custom {
                match fields.iter().find(|f| f.id.to_string() == *id) {
                    Some(def) => match parse_field_value(def, text) {
                        Ok(v) => {
                            d.custom.insert(def.id, v);
                        }
                        Err(e) => keep(Err(e)),
                    },
                    None => keep(Err(contacts_core::Error::invalid(
                        "field",
                        format!("no custom field with id {id}"),
                    ))),
                }
            }
        } else if !self.category.trim().is_empty() {
            match CategoryKey::parse(&self.category) {
                Ok(c) => d.category = Some(c),
                Err(e) => keep(Err(e)),
            }
        }
        if errors.is_empty() {
            Ok(d)
        } else {
            Err(errors)
        }
    }
}

fn renamed(e: contacts_core::Error, field: &str) -> contacts_core::Error {
    match e {
        contacts_core::Error::Invalid { reason, .. } => {
            contacts_core::Error::invalid(field, reason)
        }
        other => other,
    }
}

/// A custom value as the form shows it.
pub fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::YesNo(true) => "yes".into(),
        FieldValue::YesNo(false) => "no".into(),
        other => other.to_string(),
    }
}

/// What the form needs besides the values.
#[derive(Debug)]
pub struct FormContext<'a> {
    pub lang: Lang,
    pub business: bool,
    pub categories: &'a [Category],
    pub groups: &'a [Label],
    pub statuses: &'a [Label],
    pub fields: &'a [FieldDef],
    /// Organisations of the same book a person may work at: (id, name).
    pub organisations: &'a [(ContactId, String)],
}

fn text_input(l: Lang, key: crate::i18n::Msg, name: &str, value: &str) -> Markup {
    html! {
        label { (l.t(key)) input name=(name) value=(value); }
    }
}

/// The fieldsets of the edit form (the caller adds the `<form>`, CSRF and buttons).
pub fn render(f: &ContactForm, cx: &FormContext<'_>) -> Markup {
    let l = cx.lang;
    let pad = |n: usize| n + BLANK_ROWS;
    html! {
        input type="hidden" name="version" value=(f.version);
        fieldset {
            legend { (l.t(msg!("form.identity"))) }
            div.grid {
                label { (l.t(msg!("field.kind")))
                    select name="kind" {
                        option value="person" selected[f.kind != "organisation"] { (l.t(msg!("kind.person"))) }
                        option value="organisation" selected[f.kind == "organisation"] { (l.t(msg!("kind.organisation"))) }
                    }
                }
                (text_input(l, msg!("field.prefix"), "prefix", &f.prefix))
                (text_input(l, msg!("field.given"), "given", &f.given))
                (text_input(l, msg!("field.additional"), "additional", &f.additional))
                (text_input(l, msg!("field.family"), "family", &f.family))
                (text_input(l, msg!("field.suffix"), "suffix", &f.suffix))
                (text_input(l, msg!("field.nickname"), "nickname", &f.nickname))
                label { (l.t(msg!("field.gender")))
                    select name="gender" {
                        option value="" { "—" }
                        @for (code, key) in [("M", msg!("gender.m")), ("F", msg!("gender.f")), ("O", msg!("gender.o")), ("N", msg!("gender.n")), ("U", msg!("gender.u"))] {
                            option value=(code) selected[f.gender.eq_ignore_ascii_case(code)] { (l.t(key)) }
                        }
                    }
                }
            }
        }
        fieldset {
            legend { (l.t(msg!("form.work"))) }
            div.grid {
                (text_input(l, msg!("field.org_name"), "org_name", &f.org_name))
                label { (l.t(msg!("field.org_id")))
                    select name="org_id" {
                        option value="" { "—" }
                        @for (id, name) in cx.organisations {
                            option value=(id) selected[f.org_id == id.to_string()] { (name) }
                        }
                    }
                }
                (text_input(l, msg!("field.department"), "department", &f.department))
                (text_input(l, msg!("field.job_title"), "job_title", &f.job_title))
                (text_input(l, msg!("field.nip"), "nip", &f.nip))
                (text_input(l, msg!("field.regon"), "regon", &f.regon))
                (text_input(l, msg!("field.bank_account"), "bank_account", &f.bank_account))
            }
        }
        fieldset.rows {
            legend { (l.t(msg!("field.emails"))) }
            @for i in 0..pad(f.emails.len()) {
                @let (label, value) = f.emails.get(i).cloned().unwrap_or_default();
                div.row {
                    input.label name="email_label" value=(label) placeholder=(l.t(msg!("form.label"))) aria-label=(l.t(msg!("form.label")));
                    input.wide type="email" name="email_address" value=(value) placeholder=(l.t(msg!("field.email"))) aria-label=(l.t(msg!("field.email")));
                }
            }
        }
        fieldset.rows {
            legend { (l.t(msg!("field.phones"))) }
            @for i in 0..pad(f.phones.len()) {
                @let (label, value) = f.phones.get(i).cloned().unwrap_or_default();
                div.row {
                    input.label name="phone_label" value=(label) placeholder=(l.t(msg!("form.label"))) aria-label=(l.t(msg!("form.label")));
                    input.wide type="tel" name="phone_number" value=(value) placeholder=(l.t(msg!("field.phone"))) aria-label=(l.t(msg!("field.phone")));
                }
            }
        }
        fieldset.rows {
            legend { (l.t(msg!("field.addresses"))) }
            @for i in 0..(f.addresses.len() + 1) {
                @let a = f.addresses.get(i).cloned().unwrap_or_default();
                div.row {
                    input.label name="adr_label" value=(a.label) placeholder=(l.t(msg!("form.label"))) aria-label=(l.t(msg!("form.label")));
                    input.wide name="adr_street" value=(a.street) placeholder=(l.t(msg!("adr.street"))) aria-label=(l.t(msg!("adr.street"))) data-postal-row=(i) autocomplete="off";
                    input name="adr_extended" value=(a.extended) placeholder=(l.t(msg!("adr.extended"))) aria-label=(l.t(msg!("adr.extended")));
                    input name="adr_pobox" value=(a.po_box) placeholder=(l.t(msg!("adr.po_box"))) aria-label=(l.t(msg!("adr.po_box")));
                }
                div.row {
                    input.label name="adr_postal" value=(a.postal_code) placeholder=(l.t(msg!("adr.postal_code"))) aria-label=(l.t(msg!("adr.postal_code"))) list={"postal-codes-" (i)} id={"adr-postal-" (i)} autocomplete="off";
                    datalist id={"postal-codes-" (i)} {}
                    input name="adr_locality" value=(a.locality) placeholder=(l.t(msg!("adr.locality"))) aria-label=(l.t(msg!("adr.locality"))) data-postal-row=(i);
                    input name="adr_region" value=(a.region) placeholder=(l.t(msg!("adr.region"))) aria-label=(l.t(msg!("adr.region")));
                    input name="adr_country" value=(a.country) placeholder=(l.t(msg!("adr.country"))) aria-label=(l.t(msg!("adr.country")));
                }
            }
        }
        fieldset.rows {
            legend { (l.t(msg!("field.websites"))) " / " (l.t(msg!("field.messengers"))) }
            @for i in 0..pad(f.websites.len()) {
                @let (label, value) = f.websites.get(i).cloned().unwrap_or_default();
                div.row {
                    input.label name="web_label" value=(label) placeholder=(l.t(msg!("form.label"))) aria-label=(l.t(msg!("form.label")));
                    input.wide type="url" name="web_url" value=(value) placeholder=(l.t(msg!("field.website"))) aria-label=(l.t(msg!("field.website")));
                }
            }
            @for i in 0..pad(f.messengers.len()) {
                @let (service, handle) = f.messengers.get(i).cloned().unwrap_or_default();
                div.row {
                    input.label name="im_service" value=(service) placeholder=(l.t(msg!("field.im_service"))) aria-label=(l.t(msg!("field.im_service")));
                    input.wide name="im_handle" value=(handle) placeholder=(l.t(msg!("field.im_handle"))) aria-label=(l.t(msg!("field.im_handle")));
                }
            }
        }
        fieldset {
            legend { (l.t(msg!("form.dates"))) }
            div.grid {
                label { (l.t(msg!("field.birthday"))) input name="birthday" value=(f.birthday) placeholder=(l.t(msg!("form.birthday_hint"))); }
                label { (l.t(msg!("field.nameday"))) input name="nameday" value=(f.nameday) placeholder=(l.t(msg!("form.nameday_hint"))); }
                label { (l.t(msg!("field.anniversary"))) input name="anniversary" value=(f.anniversary) placeholder=(format::date_placeholder(l.language())); }
            }
        }
        @if cx.business {
            fieldset {
                legend { (l.t(msg!("form.business"))) }
                div.grid {
                    label { (l.t(msg!("field.status")))
                        select name="status" {
                            option value="" { "—" }
                            @for s in cx.statuses {
                                option value=(s.id) selected[f.status == s.id.to_string()] { (s.name) }
                            }
                        }
                    }
                }
                @if !cx.groups.is_empty() {
                    p { (l.t(msg!("field.groups"))) ": "
                        @for g in cx.groups {
                            label.check {
                                input type="checkbox" name="group" value=(g.id) checked[f.groups.contains(&g.id.to_string())];
                                (g.name)
                            }
                        }
                    }
                }
                @if !cx.fields.is_empty() {
                    div.grid {
                        @for def in cx.fields {
                            @let name = format!("custom_{}", def.id);
                            @let value = f.custom.get(&def.id.to_string()).cloned().unwrap_or_default();
                            label { (def.label)
                                @match &def.field_type {
                                    FieldType::YesNo => {
                                        select name=(name) {
                                            option value="" { "—" }
                                            option value="yes" selected[value == "yes"] { (l.t(msg!("yes"))) }
                                            option value="no" selected[value == "no"] { (l.t(msg!("no"))) }
                                        }
                                    }
                                    FieldType::Choice(options) => {
                                        select name=(name) {
                                            option value="" { "—" }
                                            @for o in options {
                                                option value=(o) selected[value == *o] { (o) }
                                            }
                                        }
                                    }
                                    FieldType::Date => { input name=(name) value=(value) inputmode="numeric" pattern=(format::DATE_PATTERN) placeholder=(format::date_placeholder(l.language())); }
                                    FieldType::Number => { input inputmode="decimal" name=(name) value=(value); }
                                    FieldType::Text => { input name=(name) value=(value); }
                                }
                            }
                        }
                    }
                }
            }
        } @else {
            fieldset {
                legend { (l.t(msg!("field.category"))) }
                select name="category" {
                    option value="" { "—" }
                    @for c in cx.categories {
                        option value=(c.key.key()) selected[f.category == c.key.key()] { (c.icon) " " (c.label) }
                    }
                }
            }
        }
        fieldset {
            legend { (l.t(msg!("field.notes"))) }
            textarea name="notes" { (f.notes) }
            label.check { input type="checkbox" name="no_mailing" value="1" checked[f.no_mailing]; (l.t(msg!("field.no_mailing"))) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn rows_pair_up_and_blank_rows_are_dropped() {
        let f = ContactForm::from_pairs(&pairs(&[
            ("given", "Łukasz"),
            ("email_label", "work"),
            ("email_address", "l@firma.pl"),
            ("email_label", ""),
            ("email_address", ""),
            ("phone_label", "mobile"),
            ("phone_number", "601 234 567"),
            ("adr_label", "work"),
            ("adr_street", "Długa 1"),
            ("adr_postal", "00-001"),
            ("adr_locality", "Warszawa"),
        ]));
        assert_eq!(f.emails, vec![("work".into(), "l@firma.pl".into())]);
        let d = f.to_data(false, &[], vec![]).unwrap_or_default();
        assert_eq!(d.name.given, "Łukasz");
        assert_eq!(d.emails.len(), 1);
        assert_eq!(d.phones[0].e164(), "+48601234567");
        assert_eq!(d.addresses[0].one_line(), "Długa 1, 00-001 Warszawa");
        // Round trip through the form keeps the data.
        assert_eq!(
            ContactForm::from_data(&d).to_data(false, &[], vec![]).ok(),
            Some(d)
        );
    }

    #[test]
    fn every_bad_value_is_reported() {
        let f = ContactForm::from_pairs(&pairs(&[
            ("given", "Jan"),
            ("email_address", "nope"),
            ("phone_number", "12"),
            ("birthday", "soon"),
            ("nip", "123"),
        ]));
        let errors = f.to_data(false, &[], vec![]).err().unwrap_or_default();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("birthday")));
    }
}
