//! Turns the logical lines of one card into a [`Card`]: what the model knows goes into
//! `ContactData`, everything else into `extra`, so nothing is lost.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use base64::Engine as _;

use super::decode::{quoted_printable, Fallback};
use super::line::{parse_head, split_escaped, split_head, unescape, ContentLine};
use super::reader::Logical;
use super::write::{V3_ONLY, V3_PREFIX};
use super::{Card, APPLE_OMIT_YEAR};
use crate::date::{MonthDay, PartialDate};
use crate::labels::{self, LabelOf};
use crate::model::{
    Address, BankAccount, ContactKind, Email, ExtraProperty, Gender, Messenger, Nip, Phone, Photo,
    PhotoRefused, Regon, Website,
};

/// Decodes one logical line: head, QUOTED-PRINTABLE, charset.
pub(crate) fn decode_line(bytes: &[u8], fb: &mut Fallback) -> Result<ContentLine, String> {
    if let Some(message) = bytes.strip_prefix(b"\0") {
        if bytes == super::reader::OVERLONG {
            return Err(String::from_utf8_lossy(message).into_owned());
        }
    }
    // A bare name (`FN` alone, seen in KDE files) is a property with an empty value.
    let bare_name = !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'));
    let (head, value) = match split_head(bytes) {
        Some(hv) => hv,
        None if bare_name => (bytes, &b""[..]),
        None => {
            let shown: String = String::from_utf8_lossy(bytes).chars().take(40).collect();
            return Err(format!("'{shown}' is not a property line (no ':')"));
        }
    };
    let (head_text, head_8bit) = fb.decode(head, None);
    let (group, name, mut params, bare) = parse_head(&head_text)?;
    let encoding = params
        .iter()
        .find(|p| p.name == "ENCODING")
        .and_then(|p| p.values.first())
        .map(|v| v.to_ascii_uppercase());
    let qp = encoding.as_deref() == Some("QUOTED-PRINTABLE");
    let value_bytes: Cow<[u8]> = if qp {
        Cow::Owned(quoted_printable(value))
    } else {
        Cow::Borrowed(value)
    };
    let charset = params
        .iter()
        .find(|p| p.name == "CHARSET")
        .and_then(|p| p.values.first())
        .cloned();
    let (text, value_8bit) = fb.decode(&value_bytes, charset.as_deref());
    let base64_21 = encoding.as_deref() == Some("BASE64");
    let rebuild =
        qp || charset.is_some() || head_8bit || value_8bit || bare || base64_21 || bare_name;
    let verbatim = if rebuild {
        // The value is now plain text: CHARSET, QUOTED-PRINTABLE, 8BIT and 7BIT are done
        // with; 2.1's BASE64 is 3.0's `b`.
        params.retain(|p| {
            p.name != "CHARSET"
                && !(p.name == "ENCODING" && !base64_21 && encoding.as_deref() != Some("B"))
        });
        if base64_21 {
            for p in params.iter_mut().filter(|p| p.name == "ENCODING") {
                p.values = vec!["b".to_string()];
            }
        }
        None
    } else {
        std::str::from_utf8(bytes).ok().map(str::to_string)
    };
    let value = if base64_21 {
        text.split_ascii_whitespace().collect()
    } else if qp && text.contains('\r') {
        // Decoded QUOTED-PRINTABLE holds real line breaks; the model keeps them as \n.
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    };
    Ok(ContentLine {
        group,
        name,
        params,
        value,
        verbatim,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Prop {
    Email,
    Tel,
    Adr,
    Url,
}

/// Apple's `_$!<Mobile>!$_` becomes `mobile`, Polish `Komórka` too.
fn clean_ab_label(s: &str) -> String {
    let s = unescape(s);
    let t = s.trim();
    let t = t
        .strip_prefix("_$!<")
        .and_then(|x| x.strip_suffix(">!$_"))
        .unwrap_or(t);
    labels::canonical(t, LabelOf::Phone)
}

fn label_from_types(cl: &ContentLine, prop: Prop) -> String {
    let of = match prop {
        Prop::Adr => LabelOf::AddressType,
        Prop::Email => LabelOf::Email,
        _ => LabelOf::Phone,
    };
    let mut out: Vec<String> = Vec::new();
    for t in cl.types() {
        let t = match t.as_str() {
            "pref" | "internet" | "x400" => continue,
            "voice" if prop == Prop::Tel => continue,
            _ => labels::canonical(&t, of),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join(" ")
}

fn parse_date(cl: &ContentLine) -> Option<PartialDate> {
    let v = unescape(&cl.value);
    let v = v.trim();
    // Drop a time part (`1980-03-14T00:00:00Z`).
    let date = v.split('T').next().unwrap_or(v);
    let mut d: PartialDate = date.parse().ok()?;
    if let (Some(y), Some(omit)) = (d.year, cl.param("X-APPLE-OMIT-YEAR")) {
        if omit.trim().parse::<i32>().ok() == Some(y) {
            d.year = None;
        }
    }
    // Some exporters write year 0000 (or Apple's 1604) for "no year".
    if d.year == Some(0) || (d.year == Some(APPLE_OMIT_YEAR) && cl.has_param("X-APPLE-OMIT-YEAR")) {
        d.year = None;
    }
    Some(d)
}

fn base64_engine() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    )
}

pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    base64_engine().decode(clean.as_bytes()).ok()
}

/// The bytes of an inline photo: `ENCODING=b` (or 2.1 `BASE64`) or a `data:` URI. `None`
/// when the line holds no inline data (a URL, say); `Some(None)` when it does but they
/// cannot be decoded. The type the card claims is ignored: [`Photo::from_bytes`] detects it.
fn photo_bytes(cl: &ContentLine) -> Option<Option<Vec<u8>>> {
    let enc = cl.param("ENCODING").map(str::to_ascii_uppercase);
    let value = cl.value.trim();
    if matches!(enc.as_deref(), Some("B" | "BASE64")) && !value.starts_with("data:") {
        return Some(decode_base64(&cl.value));
    }
    let rest = value.strip_prefix("data:")?;
    let (meta, data) = rest.split_once(',').unwrap_or((rest, ""));
    Some(
        meta.ends_with(";base64")
            .then(|| decode_base64(data))
            .flatten(),
    )
}

fn messenger_service(name: &str) -> Option<&'static str> {
    Some(match name {
        "X-SKYPE" | "X-SKYPE-USERNAME" => "skype",
        "X-JABBER" => "xmpp",
        "X-ICQ" => "icq",
        "X-AIM" => "aim",
        "X-MSN" => "msnim",
        "X-YAHOO" => "ymsgr",
        "X-GADUGADU" => "gg",
        "X-GOOGLE-TALK" | "X-GTALK" | "X-GOOGLE TALK" => "gtalk",
        "X-QQ" => "qq",
        "X-SIP" => "sip",
        "X-GROUPWISE" => "groupwise",
        "X-MS-IMADDRESS" | "X-KADDRESSBOOK-X-IMADDRESS" => "",
        _ => return None,
    })
}

fn is_true(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// Builds a card from its lines. `Err` is (line, message).
pub(crate) fn build_card(
    lines: &[Logical],
    start: usize,
    fb: &mut Fallback,
) -> Result<Card, (usize, String)> {
    let mut parsed = Vec::with_capacity(lines.len());
    let mut skipped: Vec<String> = Vec::new();
    let mut first_bad = None;
    for l in lines {
        match decode_line(&l.bytes, fb) {
            Ok(cl) => parsed.push((l.line, cl)),
            // One unreadable line does not cost the card: it is skipped with a warning.
            Err(m) => {
                first_bad.get_or_insert((l.line, m.clone()));
                skipped.push(format!("line {}: {m}; the line was skipped", l.line));
            }
        }
    }
    let usable = parsed
        .iter()
        .filter(|(_, cl)| !matches!(cl.name.as_str(), "VERSION" | "PRODID"))
        .count();
    if usable == 0 {
        return Err(match first_bad {
            Some((line, m)) if skipped.len() == 1 => (line, m),
            Some((line, m)) => (
                line,
                format!("no line of the card could be read (first: {m})"),
            ),
            None => (start, "the card is empty".to_string()),
        });
    }
    let mut ab_labels: HashMap<String, String> = HashMap::new();
    for (_, cl) in &parsed {
        if cl.name == "X-ABLABEL" {
            if let Some(g) = &cl.group {
                let label = if cl.has_param("X-CONTACTS-VERBATIM") {
                    unescape(&cl.value).trim().to_string()
                } else {
                    clean_ab_label(&cl.value)
                };
                ab_labels.insert(g.to_ascii_lowercase(), label);
            }
        }
    }

    let mut card = Card {
        line: start,
        warnings: skipped,
        ..Card::default()
    };
    let mut keep: Vec<usize> = Vec::new();
    let mut used_groups: HashSet<String> = HashSet::new();
    let mut fn_value: Option<String> = None;
    let mut n_seen = false;
    let mut kind_org = false;
    let mut notes: Vec<String> = Vec::new();

    for (i, (line_no, cl)) in parsed.iter().enumerate() {
        let line_no = *line_no;
        let d = &mut card.data;
        let group_label = cl
            .group
            .as_ref()
            .and_then(|g| ab_labels.get(&g.to_ascii_lowercase()));
        let label = |prop: Prop| -> String {
            match group_label {
                Some(l) => l.clone(),
                None => label_from_types(cl, prop),
            }
        };
        let text = || unescape(&cl.value);
        // Most lines that do not fit the model stay as extra lines ("kept as it was"); a
        // photo refused by [`Photo::from_bytes`] is left out, and its warning says so.
        let mut warn = |what: String, kept: bool| {
            let tail = if kept { "; kept as it was" } else { "" };
            card.warnings.push(format!("line {line_no}: {what}{tail}"));
        };
        let consumed = match cl.name.as_str() {
            "VERSION" | "PRODID" => true,
            // Structure, not data: kept, it would start or end a card when written back.
            "BEGIN" | "END" => {
                warn(
                    format!("a {} line inside the card was skipped", cl.name),
                    false,
                );
                true
            }
            "X-ABLABEL" => continue,
            "FN" if fn_value.is_none() => {
                fn_value = Some(text());
                true
            }
            "N" if !n_seen => {
                n_seen = true;
                let parts: Vec<String> = split_escaped(&cl.value, ';')
                    .into_iter()
                    .map(unescape)
                    .collect();
                let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
                d.name.family = part(0);
                d.name.given = part(1);
                d.name.additional = part(2);
                d.name.prefix = part(3);
                d.name.suffix = if parts.len() > 5 {
                    parts[4..].join(";")
                } else {
                    part(4)
                };
                true
            }
            "NICKNAME" if d.nickname.is_empty() => {
                d.nickname = text();
                !d.nickname.is_empty()
            }
            "ORG" if d.org_name.is_empty() && d.department.is_empty() => {
                let parts: Vec<String> = split_escaped(&cl.value, ';')
                    .into_iter()
                    .map(unescape)
                    .collect();
                d.org_name = parts.first().cloned().unwrap_or_default();
                d.department = parts.get(1..).map(|p| p.join(";")).unwrap_or_default();
                true
            }
            "TITLE" if d.job_title.is_empty() => {
                d.job_title = text();
                !d.job_title.is_empty()
            }
            "EMAIL" => match Email::new(&label(Prop::Email), &text()) {
                Ok(e) => {
                    d.emails.push(e);
                    true
                }
                Err(e) => {
                    warn(e.to_string(), true);
                    false
                }
            },
            "TEL" => {
                let t = text();
                let raw = t.trim().strip_prefix("tel:").unwrap_or(t.trim());
                match Phone::as_typed(&label(Prop::Tel), raw) {
                    Ok(p) => {
                        d.phones.push(p);
                        true
                    }
                    Err(e) => {
                        warn(e.to_string(), true);
                        false
                    }
                }
            }
            "ADR" => {
                let parts: Vec<String> = split_escaped(&cl.value, ';')
                    .into_iter()
                    .map(unescape)
                    .collect();
                let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
                let a = Address {
                    label: label(Prop::Adr),
                    po_box: part(0),
                    extended: part(1),
                    street: part(2),
                    locality: part(3),
                    region: part(4),
                    postal_code: part(5),
                    country: if parts.len() > 7 {
                        parts[6..].join(";")
                    } else {
                        part(6)
                    },
                };
                if a.is_empty() && cl.group.is_none() && a.label.is_empty() {
                    false
                } else {
                    d.addresses.push(a);
                    true
                }
            }
            "URL" if !cl.value.trim().is_empty() => {
                d.websites.push(Website {
                    label: label(Prop::Url),
                    url: text(),
                });
                true
            }
            "IMPP" => {
                let t = text();
                let param = cl.param("X-SERVICE-TYPE").map(str::to_lowercase);
                let (service, handle) = match t.split_once(':') {
                    Some((s, h)) if !s.is_empty() && !s.contains(' ') => {
                        (s.to_lowercase(), h.to_string())
                    }
                    _ => (param.unwrap_or_default(), t.clone()),
                };
                if handle.trim().is_empty() {
                    false
                } else {
                    push_messenger(&mut d.messengers, service, handle.trim().to_string());
                    true
                }
            }
            name if messenger_service(name).is_some() && !cl.value.trim().is_empty() => {
                let service = messenger_service(name).unwrap_or_default().to_string();
                push_messenger(&mut d.messengers, service, text());
                true
            }
            "X-ANDROID-CUSTOM" => match android_custom(d, &cl.value) {
                Ok(used) => used,
                Err(what) => {
                    warn(what, true);
                    false
                }
            },
            "BDAY" if d.birthday.is_none() => match parse_date(cl) {
                Some(date) => {
                    d.birthday = Some(date);
                    true
                }
                None => {
                    warn(format!("birthday '{}' is not a date", cl.value), true);
                    false
                }
            },
            "ANNIVERSARY"
            | "X-ANNIVERSARY"
            | "X-EVOLUTION-ANNIVERSARY"
            | "X-KADDRESSBOOK-X-ANNIVERSARY"
            | "X-MS-ANNIVERSARY"
                if d.anniversary.is_none() =>
            {
                match parse_date(cl) {
                    Some(date) => {
                        d.anniversary = Some(date);
                        true
                    }
                    None => {
                        warn(format!("anniversary '{}' is not a date", cl.value), true);
                        false
                    }
                }
            }
            "X-ABDATE"
                if d.anniversary.is_none() && group_label.is_some_and(|l| l == "anniversary") =>
            {
                match parse_date(cl) {
                    Some(date) => {
                        d.anniversary = Some(date);
                        true
                    }
                    None => false,
                }
            }
            "X-NAMEDAY" if d.nameday.is_none() => match text().parse::<MonthDay>() {
                Ok(md) => {
                    d.nameday = Some(md);
                    true
                }
                Err(e) => {
                    warn(e.to_string(), true);
                    false
                }
            },
            "GENDER" | "X-GENDER" if d.gender.is_none() => {
                let parts = split_escaped(&cl.value, ';');
                let identity = parts.get(1).is_some_and(|p| !p.trim().is_empty());
                match Gender::parse(&unescape(parts[0])) {
                    Ok(g) if !identity => {
                        d.gender = Some(g);
                        true
                    }
                    _ => false,
                }
            }
            "NOTE" => {
                notes.push(text());
                true
            }
            "X-NIP" if d.nip.is_none() => match Nip::parse(&text()) {
                Ok(n) => {
                    d.nip = Some(n);
                    true
                }
                Err(e) => {
                    warn(e.to_string(), true);
                    false
                }
            },
            "X-REGON" if d.regon.is_none() => match Regon::parse(&text()) {
                Ok(n) => {
                    d.regon = Some(n);
                    true
                }
                Err(e) => {
                    warn(e.to_string(), true);
                    false
                }
            },
            "X-BANK-ACCOUNT" if d.bank_account.is_none() => match BankAccount::parse(&text()) {
                Ok(n) => {
                    d.bank_account = Some(n);
                    true
                }
                Err(e) => {
                    warn(e.to_string(), true);
                    false
                }
            },
            "CATEGORIES" => {
                for c in split_escaped(&cl.value, ',') {
                    let c = unescape(c).trim().to_string();
                    if !c.is_empty() && !card.categories.contains(&c) {
                        card.categories.push(c);
                    }
                }
                true
            }
            "X-CONTACTS-STATUS" if card.status.is_none() => {
                card.status = Some(text());
                true
            }
            "X-CONTACTS-FIELD" => {
                let name = cl.param("X-NAME").unwrap_or_default().to_string();
                card.custom_fields.push((name, text()));
                true
            }
            "X-NO-MAILING" => match is_true(&cl.value) {
                Some(b) => {
                    d.no_mailing = b;
                    true
                }
                None => false,
            },
            "X-ABSHOWAS" if cl.value.trim().eq_ignore_ascii_case("COMPANY") => {
                kind_org = true;
                true
            }
            "KIND" => match cl.value.trim().to_ascii_lowercase().as_str() {
                "org" | "organization" | "organisation" => {
                    kind_org = true;
                    true
                }
                "individual" => true,
                _ => false,
            },
            "UID" if card.uid.is_none() => {
                card.uid = Some(cl.value.trim().to_string());
                true
            }
            "PHOTO" if card.photo.is_none() => {
                match photo_bytes(cl).map(|b| b.map(Photo::from_bytes)) {
                    None => false,
                    Some(None) => {
                        warn("the photo could not be decoded".to_string(), true);
                        false
                    }
                    Some(Some(Ok(p))) => {
                        card.photo = Some(p);
                        true
                    }
                    Some(Some(Err(e @ PhotoRefused::TooLarge(_)))) => {
                        warn(format!("the photo was left out: {e}"), false);
                        true
                    }
                    Some(Some(Err(e @ PhotoRefused::NotAnImage))) => {
                        warn(format!("the photo {e}; it was left out"), false);
                        true
                    }
                }
            }
            _ => false,
        };
        if consumed {
            if let Some(g) = &cl.group {
                used_groups.insert(g.to_ascii_lowercase());
            }
        } else {
            keep.push(i);
        }
    }
    for (i, (_, cl)) in parsed.iter().enumerate() {
        if cl.name == "X-ABLABEL"
            && !cl
                .group
                .as_ref()
                .is_some_and(|g| used_groups.contains(&g.to_ascii_lowercase()))
        {
            keep.push(i);
        }
    }
    keep.sort_unstable();
    let d = &mut card.data;
    d.notes = notes.join("\n");
    d.extra = keep
        .into_iter()
        .map(|i| ExtraProperty {
            line: extra_line(&parsed[i].1),
        })
        .collect();

    if kind_org
        || (!n_seen
            && !d.org_name.trim().is_empty()
            && fn_value
                .as_deref()
                .is_none_or(|f| f.trim().is_empty() || f.trim() == d.org_name.trim()))
    {
        d.kind = ContactKind::Organisation;
    }
    if d.kind == ContactKind::Person {
        // No N at all: take the parts from FN ("Jan Maria Kowalski").
        if !n_seen {
            if let Some(f) = fn_value.as_deref().filter(|f| !f.trim().is_empty()) {
                let words: Vec<&str> = f.split_whitespace().collect();
                if let Some((family, given)) = words.split_last() {
                    if given.is_empty() {
                        d.name.given = (*family).to_string();
                    } else {
                        d.name.given = given.join(" ");
                        d.name.family = (*family).to_string();
                    }
                }
            }
        }
        // Only an organisation has a NIP or REGON: keep a person's as it was written.
        if let Some(n) = d.nip.take() {
            d.extra.push(ExtraProperty {
                line: format!("X-NIP:{}", n.as_str()),
            });
            card.warnings
                .push("a person cannot have a NIP; kept as it was".to_string());
        }
        if let Some(r) = d.regon.take() {
            d.extra.push(ExtraProperty {
                line: format!("X-REGON:{}", r.as_str()),
            });
            card.warnings
                .push("a person cannot have a REGON; kept as it was".to_string());
        }
    }
    if let Some(f) = fn_value {
        if f.trim() != card.data.display_name().trim() && !f.trim().is_empty() {
            card.formatted_name = Some(f);
        }
    }
    Ok(card)
}

/// The line to keep; a 3.0-only property that a 4.0 export renamed (`X-V3-LABEL`) gets its
/// own name back.
fn extra_line(cl: &ContentLine) -> String {
    match cl.name.strip_prefix(V3_PREFIX) {
        Some(orig) if V3_ONLY.contains(&orig) => ContentLine {
            name: orig.to_string(),
            verbatim: None,
            ..cl.clone()
        }
        .to_line(),
        _ => cl.to_line(),
    }
}

fn push_messenger(list: &mut Vec<Messenger>, service: String, handle: String) {
    let m = Messenger { service, handle };
    if !list.contains(&m) {
        list.push(m);
    }
}

/// Android's `X-ANDROID-CUSTOM:vnd.android.cursor.item/<kind>;data1;data2;…` rows: the kinds
/// the model has a place for fill it (nickname, events, IM, web site, SIP, note,
/// organisation, e-mail, phone); the others (relation, say) stay as extra lines. `Ok(true)`
/// when the row was used, `Err` with a warning when it was meant for a field but did not fit.
fn android_custom(d: &mut crate::model::ContactData, value: &str) -> Result<bool, String> {
    let parts: Vec<String> = split_escaped(value, ';')
        .into_iter()
        .map(|p| unescape(p).trim().to_string())
        .collect();
    let kind = parts
        .first()
        .map(|k| {
            k.trim_start_matches("vnd.android.cursor.item/")
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let data = |i: usize| parts.get(i).map(String::as_str).unwrap_or("");
    let d1 = data(1);
    if d1.is_empty() {
        return Ok(false);
    }
    match kind.as_str() {
        "nickname" if d.nickname.is_empty() => d.nickname = d1.to_string(),
        "contact_event" => {
            let date = d1.split('T').next().unwrap_or(d1);
            let Ok(mut date) = date.parse::<PartialDate>() else {
                return Err(format!("event date '{d1}' is not a date"));
            };
            if date.year == Some(0) {
                date.year = None;
            }
            match data(2) {
                "1" if d.anniversary.is_none() => d.anniversary = Some(date),
                "3" if d.birthday.is_none() => d.birthday = Some(date),
                _ => return Ok(false),
            }
        }
        "im" | "sip_address" => {
            let service = if kind == "sip_address" {
                "sip".to_string()
            } else {
                match data(5) {
                    "0" => "aim",
                    "1" => "msnim",
                    "2" => "ymsgr",
                    "3" => "skype",
                    "4" => "qq",
                    "5" => "gtalk",
                    "6" => "icq",
                    "7" => "xmpp",
                    _ => "",
                }
                .to_string()
            };
            let service = if service.is_empty() {
                data(6).to_lowercase()
            } else {
                service
            };
            push_messenger(&mut d.messengers, service, d1.to_string());
        }
        "website" => d.websites.push(Website {
            label: String::new(),
            url: d1.to_string(),
        }),
        "note" => {
            if !d.notes.is_empty() {
                d.notes.push('\n');
            }
            d.notes.push_str(d1);
        }
        "organization" if d.org_name.is_empty() => {
            d.org_name = d1.to_string();
            if d.job_title.is_empty() {
                d.job_title = data(4).to_string();
            }
            if d.department.is_empty() {
                d.department = data(5).to_string();
            }
        }
        "email_v2" => {
            let label = match data(2) {
                "1" => "home",
                "2" => "work",
                "4" => "mobile",
                _ => data(3),
            };
            d.emails.push(
                Email::new(&labels::canonical(label, LabelOf::Email), d1)
                    .map_err(|e| e.to_string())?,
            );
        }
        "phone_v2" => {
            let label = match data(2) {
                "1" => "home",
                "2" => "mobile",
                "3" => "work",
                "4" => "work fax",
                "5" => "home fax",
                "6" => "pager",
                "7" => "other",
                _ => data(3),
            };
            d.phones.push(
                Phone::as_typed(&labels::canonical(label, LabelOf::Phone), d1)
                    .map_err(|e| e.to_string())?,
            );
        }
        _ => return Ok(false),
    }
    Ok(true)
}
