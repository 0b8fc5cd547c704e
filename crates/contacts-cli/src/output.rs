//! Text output for people: aligned tables and the contact card; and JSON for programs.

use contacts_core::format::{self, Formatter};
use std::io::Write;

use contacts_core::model::{Book, Contact};
use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::error::Result;
use crate::wire::Names;

/// Writes `value` as pretty JSON and a newline.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Columns wider than this are cut with an ellipsis.
const MAX_CELL: usize = 32;

/// The width of `s` in terminal cells (wide East Asian characters and emoji take two,
/// combining marks none), by Unicode's East Asian Width data (`unicode-width`).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Control characters (a newline in a note) would break a table row or a card line.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn cut(s: &str) -> String {
    let s = clean(s);
    if width(&s) <= MAX_CELL {
        return s;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        if w + char_width(c) > MAX_CELL - 1 {
            break;
        }
        w += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes an aligned table with a header row; trailing spaces are trimmed.
pub fn table(out: &mut dyn Write, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for r in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(c);
            let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(c));
            line.extend(std::iter::repeat_n(' ', pad));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// One row of a contact list: id, name, organisation, e-mail, phone, and for a private
/// contact its category icon, for a business one its groups and status.
pub fn contact_row(
    c: &Contact,
    names: &Names,
    org_names: &dyn Fn(&Contact) -> String,
) -> Vec<String> {
    let d = &c.data;
    let tags = match c.book {
        Book::Private(_) => {
            let icon = d.category.map(|k| k.icon()).unwrap_or("");
            format!("private {icon}").trim_end().to_string()
        }
        Book::Business => {
            let mut parts: Vec<String> = d.groups.iter().map(|g| names.group(*g)).collect();
            if let Some(s) = d.status {
                parts.push(format!("[{}]", names.status(s)));
            }
            parts.join(", ")
        }
    };
    vec![
        c.id.to_string(),
        d.display_name(),
        org_names(c),
        d.emails
            .first()
            .map(|e| e.address().to_string())
            .unwrap_or_default(),
        d.phones
            .first()
            .map(|p| p.raw().to_string())
            .unwrap_or_default(),
        tags,
    ]
}

pub const CONTACT_HEADERS: [&str; 6] = ["ID", "NAME", "ORGANISATION", "E-MAIL", "PHONE", "TAGS"];

/// What `show` adds to a contact's own fields: its organisation's name, how many files it
/// has, its name-day line and the client facts (account manager, last contact).
pub struct CardExtras<'a> {
    pub org: Option<String>,
    pub attachments: usize,
    pub nameday: String,
    pub client: &'a [(&'a str, String)],
}

/// The readable card of `show`: one "Label  value" line per filled field.
pub fn card(
    out: &mut dyn Write,
    c: &Contact,
    names: &Names,
    extras: CardExtras<'_>,
    f: &Formatter,
) -> Result<()> {
    let CardExtras {
        org,
        attachments,
        nameday,
        client,
    } = extras;
    let d = &c.data;
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut push = |label: &str, value: String| {
        if !value.trim().is_empty() {
            lines.push((label.to_string(), clean(&value)));
        }
    };
    push("Book", c.book.kind_name().to_string());
    push("Kind", d.kind.as_str().to_string());
    push("Prefix", d.name.prefix.clone());
    push("Given name", d.name.given.clone());
    push("Other names", d.name.additional.clone());
    push("Family name", d.name.family.clone());
    push("Suffix", d.name.suffix.clone());
    push("Nickname", d.nickname.clone());
    let org_line = match (d.org_id, org) {
        (Some(id), Some(name)) => format!("{name} (#{id})"),
        (Some(id), None) => format!("#{id}"),
        (None, _) if d.kind == contacts_core::model::ContactKind::Person => d.org_name.clone(),
        (None, _) => String::new(),
    };
    push("Organisation", org_line);
    push("Department", d.department.clone());
    push("Job title", d.job_title.clone());
    let labelled = |label: &str, v: &str| {
        if label.is_empty() {
            v.to_string()
        } else {
            format!("{v} ({label})")
        }
    };
    for e in &d.emails {
        push("E-mail", labelled(e.label(), e.address()));
    }
    for p in &d.phones {
        let v = if p.raw() == p.e164() {
            p.raw().to_string()
        } else {
            format!("{} [{}]", p.raw(), p.e164())
        };
        push("Phone", labelled(p.label(), &v));
    }
    for a in &d.addresses {
        push("Address", labelled(&a.label, &a.one_line()));
    }
    for w in &d.websites {
        push("Web site", labelled(&w.label, &w.url));
    }
    for m in &d.messengers {
        push("Messenger", format!("{}: {}", m.service, m.handle));
    }
    push(
        "Birthday",
        d.birthday.map(|b| f.partial_date(b)).unwrap_or_default(),
    );
    push("Name-day", nameday);
    push(
        "Anniversary",
        d.anniversary.map(|b| f.partial_date(b)).unwrap_or_default(),
    );
    push(
        "Gender",
        d.gender.map(|g| g.code().to_string()).unwrap_or_default(),
    );
    push("NIP", d.nip.as_ref().map(format::nip).unwrap_or_default());
    push(
        "REGON",
        d.regon
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
    );
    push(
        "Bank account",
        d.bank_account
            .as_ref()
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
    );
    push(
        "Category",
        d.category
            .map(|k| format!("{} {}", k.icon(), k.key()))
            .unwrap_or_default(),
    );
    push(
        "Groups",
        d.groups
            .iter()
            .map(|g| names.group(*g))
            .collect::<Vec<_>>()
            .join(", "),
    );
    push(
        "Status",
        d.status.map(|s| names.status(s)).unwrap_or_default(),
    );
    for (id, v) in &d.custom {
        let text = match v {
            contacts_core::model::FieldValue::Date(day) => f.date(*day),
            other => other.to_string(),
        };
        push(&names.field(*id), text);
    }
    if d.no_mailing {
        push("Mailing", "opted out".to_string());
    }
    push("Notes", d.notes.clone());
    if c.has_photo {
        push("Photo", "yes".to_string());
    }
    if attachments > 0 {
        push("Attachments", attachments.to_string());
    }
    for (label, value) in client {
        push(label, value.clone());
    }
    push(
        "Created",
        format!(
            "{} by {}",
            f.datetime(c.meta.created_at),
            names.user(c.meta.created_by)
        ),
    );
    push(
        "Changed",
        format!(
            "{} by {}",
            f.datetime(c.meta.updated_at),
            names.user(c.meta.updated_by)
        ),
    );
    push("Version", c.meta.version.to_string());

    writeln!(out, "#{} {}", c.id, clean(&d.display_name()))?;
    let w = lines.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    for (label, value) in lines {
        let pad = w - width(&label);
        writeln!(out, "  {label}{}  {value}", " ".repeat(pad))?;
    }
    Ok(())
}

/// An ISO date ("2026-10-18") of a wire type as people read it in the installation's
/// language; anything else unchanged.
pub fn shown_date(f: &Formatter, iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| f.date(d))
        .unwrap_or_else(|_| iso.to_string())
}

/// A local "2026-10-18 14:30" of a wire type as people read it; anything else unchanged.
pub fn shown_local(f: &Formatter, iso: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(iso, "%Y-%m-%d %H:%M")
        .map(|t| f.local_datetime(t))
        .unwrap_or_else(|_| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_display_width() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["1".to_string(), "Łukasz".to_string(), "⭐".to_string()],
            vec!["22".to_string(), "Ann".to_string(), "".to_string()],
        ];
        table(&mut out, &["ID", "NAME", "TAGS"], &rows).ok();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "ID  NAME    TAGS\n1   Łukasz  ⭐\n22  Ann\n"
        );
    }

    #[test]
    fn widths_count_terminal_cells() {
        assert_eq!(width("Łukasz"), 6);
        assert_eq!(width("⭐📁"), 4);
        assert_eq!(width("日本"), 4);
        // A combining accent takes no cell.
        assert_eq!(width("e\u{301}"), 1);
    }

    #[test]
    fn long_cells_are_cut() {
        let long = "x".repeat(40);
        assert_eq!(width(&cut(&long)), MAX_CELL);
        assert_eq!(cut("a\nb"), "a b");
    }
}
