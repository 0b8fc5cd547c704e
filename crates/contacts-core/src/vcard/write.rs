//! Writes a [`Card`] as vCard 3.0 or 4.0: escaped per RFC 6350, folded at 75 octets,
//! CRLF line ends, photos inline as base64.

use std::fmt::Write as _;

use base64::Engine as _;

use super::line::{escape, escape_into, parse_head, split_head, write_param, LineBuf};
use super::{Card, VcardVersion, APPLE_OMIT_YEAR};
use crate::date::PartialDate;
use crate::model::ContactKind;

/// vCard 3.0 properties that vCard 4.0 removed; in 4.0 output an extra one is written as
/// `X-V3-<NAME>` (and turned back in 3.0 output), so nothing is lost either way.
pub(crate) const V3_ONLY: [&str; 7] = [
    "LABEL",
    "NAME",
    "MAILER",
    "AGENT",
    "CLASS",
    "SORT-STRING",
    "PROFILE",
];
pub(crate) const V3_PREFIX: &str = "X-V3-";

const EMAIL_TYPES: &[&str] = &["home", "work"];
const TEL_TYPES: &[&str] = &[
    "home",
    "work",
    "mobile",
    "fax",
    "pager",
    "video",
    "text",
    "textphone",
    "car",
    "isdn",
];
const ADR_TYPES_V3: &[&str] = &["home", "work", "dom", "intl", "postal", "parcel"];
const ADR_TYPES_V4: &[&str] = &["home", "work"];

struct Writer<'o> {
    out: &'o mut String,
    lb: LineBuf,
    next_group: u32,
    v4: bool,
}

impl Writer<'_> {
    /// `NAME;TYPE=...:value` when the label is made of TYPE words, else an Apple-style
    /// `itemN.NAME:value` with `itemN.X-ABLabel:label`.
    fn typed(&mut self, name: &str, label: &str, known: &[&str], value: &str) {
        let tokens: Vec<&str> = label.split(' ').collect();
        let all_known = tokens.iter().all(|t| known.contains(t));
        if label.is_empty() || all_known {
            let b = self.lb.start(None, name);
            if !label.is_empty() {
                let types: Vec<String> = tokens
                    .iter()
                    .map(|t| if *t == "mobile" { "cell" } else { t }.to_string())
                    .collect();
                write_param(b, "TYPE", &types);
            }
            b.push(':');
            b.push_str(value);
            self.lb.finish(self.out);
        } else {
            let group = format!("item{}", self.next_group);
            self.next_group += 1;
            let b = self.lb.start(Some(&group), name);
            b.push(':');
            b.push_str(value);
            self.lb.finish(self.out);
            let b = self.lb.start(Some(&group), "X-ABLabel");
            if crate::labels::canonical(label, crate::labels::LabelOf::Phone) != label {
                // A label the reader would take for another program's word ("biuro" is
                // "work") is the user's own: it comes back as written.
                b.push_str(";X-CONTACTS-VERBATIM=1");
            }
            b.push(':');
            escape_into(b, label);
            self.lb.finish(self.out);
        }
    }

    fn date(&mut self, name: &str, d: PartialDate) {
        let (m, day) = (d.month_day.month(), d.month_day.day());
        let b = self.lb.start(None, name);
        match (d.year, self.v4) {
            (Some(y), true) => {
                let _ = write!(b, ":{y:04}{m:02}{day:02}");
            }
            (Some(y), false) => {
                let _ = write!(b, ":{y:04}-{m:02}-{day:02}");
            }
            (None, true) => {
                let _ = write!(b, ":--{m:02}{day:02}");
            }
            (None, false) => {
                let _ = write!(
                    b,
                    ";X-APPLE-OMIT-YEAR={APPLE_OMIT_YEAR}:{APPLE_OMIT_YEAR}-{m:02}-{day:02}"
                );
            }
        }
        self.lb.finish(self.out);
    }

    fn extra(&mut self, line: &str) {
        let clean = line.replace('\r', "").replace('\n', "\\n");
        let parsed = split_head(clean.as_bytes()).and_then(|(h, v)| {
            let h = std::str::from_utf8(h).ok()?;
            let v = std::str::from_utf8(v).ok()?;
            parse_head(h).ok().map(|p| (p, v))
        });
        // A kept `BEGIN`/`END` line would start or end a card of its own when read back.
        let parsed =
            parsed.filter(|((_, name, _, _), _)| !matches!(name.as_str(), "BEGIN" | "END"));
        let Some(((group, name, params, _), value)) = parsed else {
            self.lb.text(self.out, "X-CONTACTS-EXTRA", line);
            return;
        };
        let new_name = if self.v4 && V3_ONLY.contains(&name.as_str()) {
            Some(format!("{V3_PREFIX}{name}"))
        } else if !self.v4 {
            name.strip_prefix(V3_PREFIX)
                .filter(|n| V3_ONLY.contains(n))
                .map(str::to_string)
        } else {
            None
        };
        let base64 = params.iter().any(|p| {
            p.name == "ENCODING"
                && p.values
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case("b") || v.eq_ignore_ascii_case("base64"))
        });
        if new_name.is_none() && !(self.v4 && base64) {
            fold_line(self.out, &clean);
            return;
        }
        let b = self
            .lb
            .start(group.as_deref(), new_name.as_deref().unwrap_or(&name));
        if self.v4 && base64 {
            // 4.0 has no ENCODING: inline data is a data: URI.
            let t = params
                .iter()
                .find(|p| p.name == "TYPE")
                .and_then(|p| p.values.first())
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            let media = if t.contains('/') {
                t
            } else {
                let top = match name.as_str() {
                    "SOUND" => "audio",
                    "KEY" => "application",
                    _ => "image",
                };
                if t.is_empty() {
                    format!("{top}/octet-stream")
                } else {
                    format!("{top}/{t}")
                }
            };
            for p in params
                .iter()
                .filter(|p| p.name != "ENCODING" && p.name != "TYPE")
            {
                write_param(b, &p.name, &p.values);
            }
            let _ = write!(b, ":data:{media};base64,{value}");
        } else {
            for p in &params {
                write_param(b, &p.name, &p.values);
            }
            b.push(':');
            b.push_str(value);
        }
        self.lb.finish(self.out);
    }
}

fn fold_line(out: &mut String, line: &str) {
    super::line::fold_into(out, line);
}

fn max_item_group(card: &Card) -> u32 {
    card.data
        .extra
        .iter()
        .filter_map(|e| {
            let head = e.line.split([':', ';']).next()?;
            let (g, _) = head.split_once('.')?;
            g.get(..4).filter(|p| p.eq_ignore_ascii_case("item"))?;
            g.get(4..)?.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// Appends one card to `out`.
pub fn write_card(out: &mut String, card: &Card, version: VcardVersion) {
    let d = &card.data;
    let v4 = version == VcardVersion::V4;
    let org = d.kind == ContactKind::Organisation;
    out.push_str("BEGIN:VCARD\r\nVERSION:");
    out.push_str(version.as_str());
    out.push_str("\r\n");
    let mut w = Writer {
        out,
        lb: LineBuf::new(),
        next_group: max_item_group(card) + 1,
        v4,
    };
    if v4 && org {
        w.lb.raw(w.out, "KIND", "org");
    }
    let fn_text = card
        .formatted_name
        .clone()
        .unwrap_or_else(|| d.display_name());
    w.lb.text(w.out, "FN", &fn_text);
    if !v4 || !org || !d.name.is_empty() {
        let n = &d.name;
        let value = [&n.family, &n.given, &n.additional, &n.prefix, &n.suffix]
            .iter()
            .map(|p| escape(p))
            .collect::<Vec<_>>()
            .join(";");
        w.lb.raw(w.out, "N", &value);
    }
    if !d.nickname.is_empty() {
        w.lb.text(w.out, "NICKNAME", &d.nickname);
    }
    if !d.org_name.is_empty() || !d.department.is_empty() {
        let mut value = escape(&d.org_name);
        if !d.department.is_empty() {
            value.push(';');
            escape_into(&mut value, &d.department);
        }
        w.lb.raw(w.out, "ORG", &value);
    }
    if !d.job_title.is_empty() {
        w.lb.text(w.out, "TITLE", &d.job_title);
    }
    for e in &d.emails {
        w.typed("EMAIL", e.label(), EMAIL_TYPES, &escape(e.address()));
    }
    for p in &d.phones {
        w.typed("TEL", p.label(), TEL_TYPES, &escape(p.raw()));
    }
    for a in &d.addresses {
        let value = [
            &a.po_box,
            &a.extended,
            &a.street,
            &a.locality,
            &a.region,
            &a.postal_code,
            &a.country,
        ]
        .iter()
        .map(|p| escape(p))
        .collect::<Vec<_>>()
        .join(";");
        let known = if v4 { ADR_TYPES_V4 } else { ADR_TYPES_V3 };
        w.typed("ADR", &a.label, known, &value);
    }
    for site in &d.websites {
        w.typed("URL", &site.label, EMAIL_TYPES, &escape(&site.url));
    }
    for m in &d.messengers {
        let value = if m.service.is_empty() {
            escape(&m.handle)
        } else {
            format!("{}:{}", escape(&m.service), escape(&m.handle))
        };
        w.lb.raw(w.out, "IMPP", &value);
    }
    if let Some(b) = d.birthday {
        w.date("BDAY", b);
    }
    if let Some(a) = d.anniversary {
        w.date(if v4 { "ANNIVERSARY" } else { "X-ANNIVERSARY" }, a);
    }
    if let Some(nd) = d.nameday {
        let value = format!("--{:02}{:02}", nd.month(), nd.day());
        w.lb.raw(w.out, "X-NAMEDAY", &value);
    }
    if let Some(g) = d.gender {
        w.lb.raw(w.out, if v4 { "GENDER" } else { "X-GENDER" }, g.code());
    }
    if !d.notes.is_empty() {
        w.lb.text(w.out, "NOTE", &d.notes);
    }
    if let Some(n) = &d.nip {
        w.lb.raw(w.out, "X-NIP", n.as_str());
    }
    if let Some(r) = &d.regon {
        w.lb.raw(w.out, "X-REGON", r.as_str());
    }
    if let Some(b) = &d.bank_account {
        w.lb.raw(w.out, "X-BANK-ACCOUNT", b.as_str());
    }
    let mut cats: Vec<&str> = Vec::new();
    if let Some(c) = d.category {
        cats.push(c.key());
    }
    for c in &card.categories {
        if !c.trim().is_empty() && !cats.contains(&c.as_str()) {
            cats.push(c);
        }
    }
    if !cats.is_empty() {
        let value = cats.iter().map(|c| escape(c)).collect::<Vec<_>>().join(",");
        w.lb.raw(w.out, "CATEGORIES", &value);
    }
    if let Some(s) = &card.status {
        w.lb.text(w.out, "X-CONTACTS-STATUS", s);
    }
    for (label, value) in &card.custom_fields {
        let b = w.lb.start(None, "X-CONTACTS-FIELD");
        write_param(b, "X-NAME", std::slice::from_ref(label));
        b.push(':');
        escape_into(b, value);
        w.lb.finish(w.out);
    }
    if d.no_mailing {
        w.lb.raw(w.out, "X-NO-MAILING", "TRUE");
    }
    if !v4 && org {
        w.lb.raw(w.out, "X-ABShowAs", "COMPANY");
    }
    if let Some(uid) = &card.uid {
        let clean: String = uid.chars().filter(|c| !c.is_control()).collect();
        w.lb.raw(w.out, "UID", &clean);
    }
    if let Some(p) = &card.photo {
        let data = base64::engine::general_purpose::STANDARD.encode(p.bytes());
        let b = w.lb.start(None, "PHOTO");
        if v4 {
            let _ = write!(b, ":data:{};base64,{data}", p.media_type());
        } else {
            let _ = write!(b, ";ENCODING=b;TYPE={}:{data}", p.kind().vcard_word());
        }
        w.lb.finish(w.out);
    }
    for e in &d.extra {
        w.extra(&e.line);
    }
    w.out.push_str("END:VCARD\r\n");
}
