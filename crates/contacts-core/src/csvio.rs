//! CSV import and export in the Google Contacts and Outlook column layouts.
//!
//! Reading recognises the columns of both layouts (and Google's older "Given Name" one) by
//! their header names, whatever their order; the delimiter (`,` `;` or tab) and the
//! encoding (UTF-8 with or without BOM, UTF-16, or an 8-bit code page such as
//! windows-1250) are detected. A column no field takes is kept in `extra` as
//! `X-CSV;X-NAME=<header>:<value>`. Writing produces UTF-8 with a BOM, so Excel shows
//! Polish letters. Values beyond a layout's slots go, as Google does it, into the last slot
//! joined by ` ::: ` (Google) or into the notes (Outlook, which has no such convention).
//! CSV carries no photo, UID or vCard extras.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};

use crate::date::{MonthDay, PartialDate};
use crate::labels::{self, LabelOf};
use crate::model::{
    Address, BankAccount, ContactKind, Email, ExtraProperty, Gender, Messenger, Nip, Phone, Regon,
    Website,
};
use crate::vcard::decode::Fallback;
use crate::vcard::{Card, CardError};

/// Which program's columns to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CsvLayout {
    Google,
    Outlook,
}

const SEP: &str = " ::: ";
const G_EMAILS: usize = 3;
const G_PHONES: usize = 4;
const G_ADDRS: usize = 2;
const G_SITES: usize = 2;
const G_IMS: usize = 2;
const G_CUSTOM: usize = 8;
const ADDR_PARTS: [&str; 8] = [
    "Formatted",
    "Street",
    "City",
    "PO Box",
    "Region",
    "Postal Code",
    "Country",
    "Extended Address",
];

fn google_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "First Name",
        "Middle Name",
        "Last Name",
        "Name Prefix",
        "Name Suffix",
        "Nickname",
        "Organization Name",
        "Organization Title",
        "Organization Department",
        "Birthday",
        "Notes",
        "Labels",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 1..=G_EMAILS {
        h.push(format!("E-mail {i} - Label"));
        h.push(format!("E-mail {i} - Value"));
    }
    for i in 1..=G_PHONES {
        h.push(format!("Phone {i} - Label"));
        h.push(format!("Phone {i} - Value"));
    }
    for i in 1..=G_ADDRS {
        h.push(format!("Address {i} - Label"));
        for p in ADDR_PARTS {
            h.push(format!("Address {i} - {p}"));
        }
    }
    for i in 1..=G_SITES {
        h.push(format!("Website {i} - Label"));
        h.push(format!("Website {i} - Value"));
    }
    for i in 1..=G_IMS {
        h.push(format!("IM {i} - Label"));
        h.push(format!("IM {i} - Service"));
        h.push(format!("IM {i} - Value"));
    }
    h.push("Event 1 - Label".into());
    h.push("Event 1 - Value".into());
    for i in 1..=G_CUSTOM {
        h.push(format!("Custom Field {i} - Label"));
        h.push(format!("Custom Field {i} - Value"));
    }
    h
}

const OUTLOOK_HEADER: &[&str] = &[
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Nickname",
    "Company",
    "Department",
    "Job Title",
    "Business Street",
    "Business City",
    "Business State",
    "Business Postal Code",
    "Business Country/Region",
    "Home Street",
    "Home City",
    "Home State",
    "Home Postal Code",
    "Home Country/Region",
    "Other Street",
    "Other City",
    "Other State",
    "Other Postal Code",
    "Other Country/Region",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Mobile Phone",
    "Other Phone",
    "Business Fax",
    "Home Fax",
    "Pager",
    "E-mail Address",
    "E-mail 2 Address",
    "E-mail 3 Address",
    "Web Page",
    "Personal Web Page",
    "Birthday",
    "Anniversary",
    "Gender",
    "Categories",
    "Notes",
];

/// Writes a header and one row per card, UTF-8 with a BOM.
pub fn write_csv<'c, W: Write>(
    mut w: W,
    cards: impl IntoIterator<Item = &'c Card>,
    layout: CsvLayout,
) -> io::Result<()> {
    w.write_all(b"\xEF\xBB\xBF")?;
    let header: Vec<String> = match layout {
        CsvLayout::Google => google_header(),
        CsvLayout::Outlook => OUTLOOK_HEADER.iter().map(|s| s.to_string()).collect(),
    };
    let mut cw = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    cw.write_record(&header).map_err(io::Error::other)?;
    let index: BTreeMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let mut row = vec![String::new(); header.len()];
    // Dates are written by this codec from the model (digits, `-` and `/` only), never from
    // what a user typed, so Google's `--03-14` is not taken for a formula to neutralise.
    let date_column: Vec<bool> = header
        .iter()
        .map(|h| matches!(h.as_str(), "Birthday" | "Anniversary" | "Event 1 - Value"))
        .collect();
    for card in cards {
        row.iter_mut().for_each(String::clear);
        let mut set = |col: &str, v: &str| {
            if let Some(&i) = index.get(col) {
                row[i] = v.to_string();
            }
        };
        match layout {
            CsvLayout::Google => google_row(card, &mut set),
            CsvLayout::Outlook => outlook_row(card, &mut set),
        }
        cw.write_record(row.iter().enumerate().map(|(i, c)| {
            if date_column[i] {
                c.clone()
            } else {
                neutralised(c).into_owned()
            }
        }))
        .map_err(io::Error::other)?;
    }
    cw.flush()
}

/// A date as Google writes it: `1980-03-14`, or `--03-14` without a year.
fn date_text(d: PartialDate) -> String {
    d.to_string()
}

/// The year Outlook gets for a date without one (it cannot store such a date; 1604 is the
/// year Apple uses for the same purpose, and reading takes it back as "no year").
const OUTLOOK_NO_YEAR: i32 = crate::vcard::APPLE_OMIT_YEAR;

/// A date as Outlook writes it: `3/14/1980`, and `3/14/1604` without a year.
fn outlook_date_text(d: PartialDate) -> String {
    let y = d.year.unwrap_or(OUTLOOK_NO_YEAR);
    format!("{}/{}/{y}", d.month_day.month(), d.month_day.day())
}

fn categories_of(card: &Card) -> Vec<String> {
    let mut cats: Vec<String> = Vec::new();
    if let Some(k) = card.data.category {
        cats.push(k.key().to_string());
    }
    for c in &card.categories {
        if !cats.contains(c) {
            cats.push(c.clone());
        }
    }
    cats
}

/// Fills slots `1..=n`; what does not fit is joined into the last one.
fn slots<T>(items: &[T], n: usize, mut put: impl FnMut(usize, Vec<&T>)) {
    for i in 0..n.min(items.len()) {
        if i + 1 == n {
            put(i + 1, items[i..].iter().collect());
        } else {
            put(i + 1, vec![&items[i]]);
        }
    }
}

fn join<T>(items: &[&T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(|x| f(x)).collect::<Vec<_>>().join(SEP)
}

fn google_row(card: &Card, set: &mut impl FnMut(&str, &str)) {
    let d = &card.data;
    set("First Name", &d.name.given);
    set("Middle Name", &d.name.additional);
    set("Last Name", &d.name.family);
    set("Name Prefix", &d.name.prefix);
    set("Name Suffix", &d.name.suffix);
    set("Nickname", &d.nickname);
    set("Organization Name", &d.org_name);
    set("Organization Title", &d.job_title);
    set("Organization Department", &d.department);
    if let Some(b) = d.birthday {
        set("Birthday", &date_text(b));
    }
    set("Notes", &d.notes);
    let mut labels = vec!["* myContacts".to_string()];
    labels.extend(categories_of(card));
    set("Labels", &labels.join(SEP));
    slots(&d.emails, G_EMAILS, |i, e| {
        set(
            &format!("E-mail {i} - Label"),
            &join(&e, |e| e.label().to_string()),
        );
        set(
            &format!("E-mail {i} - Value"),
            &join(&e, |e| e.address().to_string()),
        );
    });
    slots(&d.phones, G_PHONES, |i, p| {
        set(
            &format!("Phone {i} - Label"),
            &join(&p, |p| p.label().to_string()),
        );
        set(
            &format!("Phone {i} - Value"),
            &join(&p, |p| p.raw().to_string()),
        );
    });
    slots(&d.addresses, G_ADDRS, |i, a| {
        set(
            &format!("Address {i} - Label"),
            &join(&a, |a| a.label.clone()),
        );
        set(
            &format!("Address {i} - Formatted"),
            &join(&a, |a| a.one_line()),
        );
        set(
            &format!("Address {i} - Street"),
            &join(&a, |a| a.street.clone()),
        );
        set(
            &format!("Address {i} - City"),
            &join(&a, |a| a.locality.clone()),
        );
        set(
            &format!("Address {i} - PO Box"),
            &join(&a, |a| a.po_box.clone()),
        );
        set(
            &format!("Address {i} - Region"),
            &join(&a, |a| a.region.clone()),
        );
        set(
            &format!("Address {i} - Postal Code"),
            &join(&a, |a| a.postal_code.clone()),
        );
        set(
            &format!("Address {i} - Country"),
            &join(&a, |a| a.country.clone()),
        );
        set(
            &format!("Address {i} - Extended Address"),
            &join(&a, |a| a.extended.clone()),
        );
    });
    slots(&d.websites, G_SITES, |i, w| {
        set(
            &format!("Website {i} - Label"),
            &join(&w, |w| w.label.clone()),
        );
        set(
            &format!("Website {i} - Value"),
            &join(&w, |w| w.url.clone()),
        );
    });
    slots(&d.messengers, G_IMS, |i, m| {
        set(
            &format!("IM {i} - Service"),
            &join(&m, |m| m.service.clone()),
        );
        set(&format!("IM {i} - Value"), &join(&m, |m| m.handle.clone()));
    });
    if let Some(a) = d.anniversary {
        set("Event 1 - Label", "Anniversary");
        set("Event 1 - Value", &date_text(a));
    }
    let custom = custom_pairs(card);
    slots(&custom, G_CUSTOM, |i, c| {
        set(
            &format!("Custom Field {i} - Label"),
            &join(&c, |c| c.0.clone()),
        );
        set(
            &format!("Custom Field {i} - Value"),
            &join(&c, |c| c.1.clone()),
        );
    });
}

/// Fields Google's layout has no column for, as custom (label, value) pairs.
fn custom_pairs(card: &Card) -> Vec<(String, String)> {
    let d = &card.data;
    let mut out = Vec::new();
    if d.kind == ContactKind::Organisation {
        out.push(("Kind".to_string(), "organisation".to_string()));
    }
    if let Some(n) = d.nameday {
        out.push(("Name day".to_string(), format!("--{n}")));
    }
    if let Some(g) = d.gender {
        out.push(("Gender".to_string(), g.code().to_string()));
    }
    if let Some(n) = &d.nip {
        out.push(("NIP".to_string(), n.as_str().to_string()));
    }
    if let Some(r) = &d.regon {
        out.push(("REGON".to_string(), r.as_str().to_string()));
    }
    if let Some(b) = &d.bank_account {
        out.push(("Bank account".to_string(), b.as_str().to_string()));
    }
    if let Some(s) = &card.status {
        out.push(("Status".to_string(), s.clone()));
    }
    if d.no_mailing {
        out.push(("No mailing".to_string(), "yes".to_string()));
    }
    out.extend(card.custom_fields.iter().cloned());
    out
}

fn outlook_row(card: &Card, set: &mut impl FnMut(&str, &str)) {
    let d = &card.data;
    let mut overflow: Vec<String> = Vec::new();
    set("Title", &d.name.prefix);
    set("First Name", &d.name.given);
    set("Middle Name", &d.name.additional);
    set("Last Name", &d.name.family);
    set("Suffix", &d.name.suffix);
    set("Nickname", &d.nickname);
    set("Company", &d.org_name);
    set("Department", &d.department);
    set("Job Title", &d.job_title);
    let mut used: Vec<&str> = Vec::new();
    for a in &d.addresses {
        let side = match a.label.as_str() {
            "work" => "Business",
            "home" => "Home",
            _ => "Other",
        };
        if used.contains(&side) || !a.po_box.is_empty() || !a.extended.is_empty() {
            overflow.push(format!(
                "{}: {}",
                label_or(&a.label, "address"),
                a.one_line()
            ));
            continue;
        }
        used.push(side);
        set(&format!("{side} Street"), &a.street);
        set(&format!("{side} City"), &a.locality);
        set(&format!("{side} State"), &a.region);
        set(&format!("{side} Postal Code"), &a.postal_code);
        set(&format!("{side} Country/Region"), &a.country);
    }
    let mut phone_cols: Vec<&str> = Vec::new();
    for p in &d.phones {
        let choices: &[&str] = match p.label() {
            "work" => &["Business Phone", "Business Phone 2"],
            "home" => &["Home Phone", "Home Phone 2"],
            "mobile" => &["Mobile Phone"],
            "work fax" | "fax" => &["Business Fax"],
            "home fax" => &["Home Fax"],
            "pager" => &["Pager"],
            "" | "other" => &["Other Phone"],
            _ => &[],
        };
        match choices.iter().find(|c| !phone_cols.contains(c)) {
            Some(c) => {
                phone_cols.push(c);
                set(c, p.raw());
            }
            None => overflow.push(format!("{}: {}", label_or(p.label(), "phone"), p.raw())),
        }
    }
    for (i, e) in d.emails.iter().enumerate() {
        match ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"].get(i) {
            Some(c) => set(c, e.address()),
            None => overflow.push(format!(
                "{}: {}",
                label_or(e.label(), "e-mail"),
                e.address()
            )),
        }
    }
    let mut site_cols: Vec<&str> = Vec::new();
    for w in &d.websites {
        let c = if w.label == "home" {
            "Personal Web Page"
        } else {
            "Web Page"
        };
        if site_cols.contains(&c) {
            overflow.push(format!("{}: {}", label_or(&w.label, "web"), w.url));
        } else {
            site_cols.push(c);
            set(c, &w.url);
        }
    }
    if let Some(b) = d.birthday {
        set("Birthday", &outlook_date_text(b));
    }
    if let Some(a) = d.anniversary {
        set("Anniversary", &outlook_date_text(a));
    }
    if let Some(g) = d.gender {
        set(
            "Gender",
            match g {
                Gender::Male => "Male",
                Gender::Female => "Female",
                _ => "Unspecified",
            },
        );
    }
    set("Categories", &categories_of(card).join(";"));
    for m in &d.messengers {
        overflow.push(format!("{}: {}", label_or(&m.service, "im"), m.handle));
    }
    for (k, v) in custom_pairs(card) {
        overflow.push(format!("{k}: {v}"));
    }
    let mut notes = d.notes.clone();
    if !overflow.is_empty() {
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str(&overflow.join("\n"));
    }
    set("Notes", &notes);
}

fn label_or<'a>(label: &'a str, default: &'a str) -> &'a str {
    if label.is_empty() {
        default
    } else {
        label
    }
}

/// The longest physical line a CSV file may have.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The largest row (a quoted cell may span lines).
pub const MAX_ROW_BYTES: usize = 4 * 1024 * 1024;
/// The largest cell.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;
/// A UTF-16 file is transcoded whole; it may not be larger than this.
pub const MAX_UTF16_BYTES: usize = 64 * 1024 * 1024;

/// Reads a CSV file of either layout held in memory, one card per row.
pub fn read_csv(bytes: &[u8]) -> Result<CsvReader<'_>, CardError> {
    read_csv_from(bytes)
}

/// Reads a CSV file of either layout from a stream, one card per row, holding one row in
/// memory at a time (a UTF-16 file, a phone export, is transcoded whole first). A line, a
/// row and a cell have maximum sizes ([`MAX_LINE_BYTES`], [`MAX_ROW_BYTES`],
/// [`MAX_CELL_BYTES`]); a longer line ends the reading of the file with an error naming it.
pub fn read_csv_from<'a, R: BufRead + Send + 'a>(mut r: R) -> Result<CsvReader<'a>, CardError> {
    let header_error = |message: String| CardError {
        card: 0,
        line: 1,
        message,
    };
    // The first bytes (at most 64 KiB, never the whole of a file held in memory) tell the
    // encoding, the delimiter and whether the file is text at all.
    let head = r
        .fill_buf()
        .map_err(|e| header_error(format!("the file cannot be read: {e}")))?;
    let head = head[..head.len().min(64 * 1024)].to_vec();
    let (source, head): (Box<dyn Read + Send + 'a>, Vec<u8>) =
        if crate::vcard::decode::utf16_kind(&head).is_some() {
            let mut all = Vec::new();
            (&mut r)
                .take(MAX_UTF16_BYTES as u64 + 1)
                .read_to_end(&mut all)
                .map_err(|e| header_error(format!("the file cannot be read: {e}")))?;
            if all.len() > MAX_UTF16_BYTES {
                return Err(header_error(format!(
                    "a UTF-16 file may not be larger than {} MiB",
                    MAX_UTF16_BYTES >> 20
                )));
            }
            let text = crate::vcard::normalise_bytes(&all).into_owned();
            let head = text[..text.len().min(64 * 1024)].to_vec();
            (Box::new(io::Cursor::new(text)), head)
        } else {
            if head.starts_with(b"\xEF\xBB\xBF") {
                r.consume(3);
            }
            let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head).to_vec();
            (Box::new(r), head)
        };
    if head.contains(&0) {
        return Err(header_error(
            "the file is neither vCard nor CSV: it holds binary data (NUL bytes)".into(),
        ));
    }
    let first_line = head
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(&[]);
    let delim = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    let fallback = Fallback::for_head(&head);
    let limited = Limited::new(source, delim);
    let mut reader = CsvReader {
        rows: csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .has_headers(false)
            .from_reader(limited),
        columns: Vec::new(),
        header: Vec::new(),
        row: 0,
        done: false,
        fallback,
        record: csv::ByteRecord::new(),
    };
    let mut first = csv::ByteRecord::new();
    match reader.rows.read_byte_record(&mut first) {
        Ok(true) => {}
        Ok(false) => return Err(header_error("the file is empty".into())),
        Err(e) => {
            return Err(header_error(format!(
                "the header row cannot be read: {}",
                csv_message(&e)
            )))
        }
    }
    reader.header = first
        .iter()
        .map(|h| reader.fallback.decode(h, None).0.trim().to_string())
        .collect();
    reader.columns = reader.header.iter().map(|h| column(h)).collect();
    let known = reader
        .columns
        .iter()
        .filter(|c| **c != Column::Unknown)
        .count();
    if known == 0 {
        let shown: String = reader.header.join(",").chars().take(60).collect();
        return Err(header_error(format!(
            "the file is neither vCard (no BEGIN:VCARD) nor a Google or Outlook CSV \
             (no known column names in the first row: '{shown}')"
        )));
    }
    Ok(reader)
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

/// Where the bytes are in CSV terms, to know where a row ends without parsing it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Passes bytes through, stopping with an error naming the line when a line or a row grows
/// past its limit, so a file without line ends (`/dev/zero`) ends quickly.
struct Limited<'a> {
    inner: Box<dyn Read + Send + 'a>,
    delim: u8,
    lex: Lex,
    line: usize,
    line_len: usize,
    row_len: usize,
    stopped: bool,
}

impl<'a> Limited<'a> {
    fn new(inner: Box<dyn Read + Send + 'a>, delim: u8) -> Limited<'a> {
        Limited {
            inner,
            delim,
            lex: Lex::FieldStart,
            line: 1,
            line_len: 0,
            row_len: 0,
            stopped: false,
        }
    }
}

impl Read for Limited<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stopped {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            let newline = b == b'\n' || b == b'\r';
            self.lex = match (self.lex, b) {
                (Lex::Quoted, b'"') => Lex::QuoteInQuoted,
                (Lex::Quoted, _) => Lex::Quoted,
                (Lex::FieldStart, b'"') | (Lex::QuoteInQuoted, b'"') => Lex::Quoted,
                (_, b) if b == self.delim => Lex::FieldStart,
                (_, _) if newline => Lex::FieldStart,
                _ => Lex::Unquoted,
            };
            if newline {
                if b == b'\n' {
                    self.line += 1;
                }
                self.line_len = 0;
                if self.lex == Lex::FieldStart {
                    self.row_len = 0;
                }
            } else {
                self.line_len += 1;
                self.row_len += 1;
            }
            let too_long = if self.line_len > MAX_LINE_BYTES {
                Some(format!(
                    "line {} is longer than {} KiB",
                    self.line,
                    MAX_LINE_BYTES >> 10
                ))
            } else if self.row_len > MAX_ROW_BYTES {
                Some(format!(
                    "the row that reaches line {} is longer than {} MiB (a quote left open?)",
                    self.line,
                    MAX_ROW_BYTES >> 20
                ))
            } else {
                None
            };
            if let Some(m) = too_long {
                self.stopped = true;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{m}; the rest of the file was not read"),
                ));
            }
        }
        Ok(n)
    }
}

/// The cards of a CSV file, row by row.
pub struct CsvReader<'a> {
    rows: csv::Reader<Limited<'a>>,
    header: Vec<String>,
    columns: Vec<Column>,
    row: usize,
    done: bool,
    fallback: Fallback,
    record: csv::ByteRecord,
}

impl std::fmt::Debug for CsvReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvReader").field("row", &self.row).finish()
    }
}

/// A cell an export neutralised for spreadsheets (`'=1+2`) gets its value back.
fn unneutralise(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest,
        _ => v,
    }
}

/// Whether a spreadsheet could take the cell for a formula: it begins, after any `'`, with
/// `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list). Leading `'`s count so that
/// a value that really begins with `'=` survives the round trip.
fn needs_neutralising(v: &str) -> bool {
    v.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The cell as written to a CSV file: prefixed with `'` when a spreadsheet would run it.
pub(crate) fn neutralised(v: &str) -> std::borrow::Cow<'_, str> {
    if needs_neutralising(v) {
        std::borrow::Cow::Owned(format!("'{v}"))
    } else {
        std::borrow::Cow::Borrowed(v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Given,
    Additional,
    Family,
    Prefix,
    Suffix,
    Nickname,
    Org,
    JobTitle,
    Department,
    Birthday,
    Anniversary,
    Notes,
    Categories,
    Gender,
    /// Google numbered groups: kind, number, sub-field.
    Numbered(String, u32, String),
    /// Outlook e-mail slots.
    OutlookEmail,
    /// Outlook phone columns, with the label.
    OutlookPhone(String),
    /// Outlook address parts: label, part.
    OutlookAddress(String, String),
    Website(String),
    Ignored,
    Unknown,
}

/// Outlook's column names in Polish and German, folded, as the English names.
const LOCALISED_COLUMNS: &[(&str, &str)] = &[
    ("imie", "first name"),
    ("drugie imie", "middle name"),
    ("nazwisko", "last name"),
    ("tytul", "title"),
    ("sufiks", "suffix"),
    ("pseudonim", "nickname"),
    ("firma", "company"),
    ("dzial", "department"),
    ("stanowisko", "job title"),
    ("urodziny", "birthday"),
    ("data urodzenia", "birthday"),
    ("rocznica", "anniversary"),
    ("notatki", "notes"),
    ("uwagi", "notes"),
    ("kategorie", "categories"),
    ("plec", "gender"),
    ("adres e-mail", "e-mail address"),
    ("adres e-mail 2", "e-mail 2 address"),
    ("adres e-mail 3", "e-mail 3 address"),
    ("strona sieci web", "web page"),
    ("strona www", "web page"),
    ("ulica sluzbowa", "business street"),
    ("miasto sluzbowe", "business city"),
    ("wojewodztwo sluzbowe", "business state"),
    ("kod pocztowy sluzbowy", "business postal code"),
    ("kraj/region sluzbowy", "business country/region"),
    ("ulica domowa", "home street"),
    ("miasto domowe", "home city"),
    ("wojewodztwo domowe", "home state"),
    ("kod pocztowy domowy", "home postal code"),
    ("kraj/region domowy", "home country/region"),
    ("vorname", "first name"),
    ("weitere vornamen", "middle name"),
    ("nachname", "last name"),
    ("abteilung", "department"),
    ("position", "job title"),
    ("geburtstag", "birthday"),
    ("jahrestag", "anniversary"),
    ("notizen", "notes"),
    ("kategorien", "categories"),
    ("e-mail-adresse", "e-mail address"),
    ("e-mail 2: adresse", "e-mail 2 address"),
    ("e-mail 3: adresse", "e-mail 3 address"),
    ("webseite", "web page"),
];

fn column(h: &str) -> Column {
    let c = english_column(h);
    if c != Column::Unknown {
        return c;
    }
    let folded = crate::text::fold(h.trim());
    if let Some((_, en)) = LOCALISED_COLUMNS.iter().find(|(l, _)| *l == folded) {
        return english_column(en);
    }
    // A phone column in another language: `Telefon komórkowy`, `Telefon geschäftlich`.
    let phone_words = [
        "telefon", "phone", "faks", "fax", "handy", "komorka", "mobil",
    ];
    if !folded.contains(" - ")
        && folded
            .split_whitespace()
            .any(|w| phone_words.iter().any(|p| w.starts_with(p)))
    {
        let label = labels::canonical(h, LabelOf::Phone);
        let label = match label.as_str() {
            "other" | "telefon" | "phone" => String::new(),
            _ => label,
        };
        return Column::OutlookPhone(label);
    }
    Column::Unknown
}

fn english_column(h: &str) -> Column {
    let l = h.trim().to_lowercase();
    match l.as_str() {
        "first name" | "given name" => return Column::Given,
        "middle name" | "additional name" => return Column::Additional,
        "last name" | "family name" | "surname" => return Column::Family,
        "name prefix" | "title" => return Column::Prefix,
        "name suffix" | "suffix" => return Column::Suffix,
        "nickname" => return Column::Nickname,
        "organization name" | "organization 1 - name" | "company" => return Column::Org,
        "organization title" | "organization 1 - title" | "job title" => return Column::JobTitle,
        "organization department" | "organization 1 - department" | "department" => {
            return Column::Department
        }
        "birthday" => return Column::Birthday,
        "anniversary" => return Column::Anniversary,
        "notes" => return Column::Notes,
        "labels" | "group membership" | "categories" => return Column::Categories,
        "gender" => return Column::Gender,
        "name"
        | "file as"
        | "photo"
        | "organization 1 - type"
        | "priority"
        | "sensitivity"
        | "initials" => return Column::Ignored,
        "e-mail address" | "e-mail 2 address" | "e-mail 3 address" => return Column::OutlookEmail,
        "web page" | "business web page" => return Column::Website(String::new()),
        "personal web page" => return Column::Website("home".into()),
        _ => {}
    }
    if let Some((left, sub)) = l.split_once(" - ") {
        let mut words: Vec<&str> = left.split_whitespace().collect();
        if let Some(n) = words.last().and_then(|w| w.parse::<u32>().ok()) {
            words.pop();
            return Column::Numbered(words.join(" "), n, sub.trim().to_string());
        }
    }
    if l.ends_with(" phone") || l.ends_with(" phone 2") || l.ends_with(" fax") || l == "pager" {
        let base = l.trim_end_matches(" 2").trim_end_matches(" phone");
        let label = match base {
            "business" => "work".to_string(),
            "business fax" => "work fax".to_string(),
            "home" | "mobile" | "home fax" | "pager" => base.to_string(),
            "other fax" => "fax".to_string(),
            "other" | "primary" => String::new(),
            other => other.to_string(),
        };
        return Column::OutlookPhone(label);
    }
    for (side, label) in [
        ("business ", "work"),
        ("home ", "home"),
        ("other ", "other"),
    ] {
        if let Some(part) = l.strip_prefix(side) {
            let part = match part {
                "street" | "street 2" | "street 3" => "street",
                "city" => "city",
                "state" => "region",
                "postal code" => "postal code",
                "country/region" | "country" => "country",
                "po box" => "po box",
                _ => continue,
            };
            return Column::OutlookAddress(label.to_string(), part.to_string());
        }
    }
    Column::Unknown
}

fn parse_date_cell(s: &str) -> Option<PartialDate> {
    let t = s.trim();
    if t.is_empty() || t == "0.0.00" || t == "0/0/00" {
        return None;
    }
    if let Ok(d) = t.parse::<PartialDate>() {
        return Some(d);
    }
    for fmt in ["%m/%d/%Y", "%d.%m.%Y", "%Y.%m.%d", "%Y/%m/%d"] {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(t, fmt) {
            let mut p = PartialDate::full(d);
            if p.year == Some(OUTLOOK_NO_YEAR) {
                p.year = None;
            }
            return Some(p);
        }
    }
    // Without a year: `14.03.` or `14.03` (Polish), `3/14` (US).
    let (a, b, day_first) = if let Some((d, m)) = t.trim_end_matches('.').split_once('.') {
        (d, m, true)
    } else if let Some((m, d)) = t.split_once('/') {
        (m, d, false)
    } else {
        return None;
    };
    let a: u32 = a.trim().parse().ok()?;
    let b: u32 = b.trim().parse().ok()?;
    let (m, d) = if day_first { (b, a) } else { (a, b) };
    MonthDay::new(m, d).ok().map(PartialDate::without_year)
}

fn split_multi(s: &str) -> Vec<String> {
    s.split(":::").map(|x| x.trim().to_string()).collect()
}

impl Iterator for CsvReader<'_> {
    type Item = Result<Card, CardError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut rec = std::mem::take(&mut self.record);
        let read = self.rows.read_byte_record(&mut rec);
        self.row += 1;
        let card_no = self.row;
        let line = rec
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(card_no + 1);
        let out = match read {
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                }
                Err(CardError {
                    card: card_no,
                    line: e.position().map(|p| p.line() as usize).unwrap_or(line),
                    message: csv_message(&e),
                })
            }
            Ok(true) => match rec.iter().position(|c| c.len() > MAX_CELL_BYTES) {
                Some(i) => Err(CardError {
                    card: card_no,
                    line,
                    message: format!(
                        "the cell '{}' is longer than {} KiB",
                        self.header.get(i).map(String::as_str).unwrap_or("?"),
                        MAX_CELL_BYTES >> 10
                    ),
                }),
                None => {
                    let cells: Vec<std::borrow::Cow<'_, str>> = rec
                        .iter()
                        .map(|c| self.fallback.decode(c, None).0)
                        .collect();
                    Ok(build_row(&self.header, &self.columns, &cells, line))
                }
            },
        };
        self.record = rec;
        Some(out)
    }
}

fn build_row(
    header: &[String],
    columns: &[Column],
    cells: &[std::borrow::Cow<'_, str>],
    line: usize,
) -> Card {
    let mut card = Card {
        line,
        ..Card::default()
    };
    let mut numbered: BTreeMap<(String, u32), BTreeMap<String, String>> = BTreeMap::new();
    let mut outlook_addr: BTreeMap<String, Address> = BTreeMap::new();
    for ((h, col), v) in header.iter().zip(columns).zip(cells) {
        if v.trim().is_empty() {
            continue;
        }
        let d = &mut card.data;
        let v = unneutralise(v).to_string();
        match col.clone() {
            Column::Given => d.name.given = v,
            Column::Additional => d.name.additional = v,
            Column::Family => d.name.family = v,
            Column::Prefix => d.name.prefix = v,
            Column::Suffix => d.name.suffix = v,
            Column::Nickname => d.nickname = v,
            Column::Org => d.org_name = v,
            Column::JobTitle => d.job_title = v,
            Column::Department => d.department = v,
            Column::Notes => d.notes = v.replace("\r\n", "\n"),
            Column::Birthday => match parse_date_cell(&v) {
                Some(b) => d.birthday = Some(b),
                None => keep(&mut card, h, &v, "birthday is not a date"),
            },
            Column::Anniversary => match parse_date_cell(&v) {
                Some(b) => d.anniversary = Some(b),
                None => keep(&mut card, h, &v, "anniversary is not a date"),
            },
            Column::Gender => {
                if let Ok(g) = Gender::parse(&v) {
                    d.gender = Some(g);
                }
            }
            Column::Categories => {
                for c in v.split(":::").flat_map(|c| c.split(';')) {
                    let c = c.trim();
                    if !c.is_empty()
                        && !c.starts_with("* ")
                        && !card.categories.iter().any(|x| x == c)
                    {
                        card.categories.push(c.to_string());
                    }
                }
            }
            Column::OutlookEmail => add_email(&mut card, "", &v),
            Column::OutlookPhone(label) => add_phone(&mut card, &label, &v),
            Column::OutlookAddress(label, part) => {
                let a = outlook_addr
                    .entry(label.clone())
                    .or_insert_with(|| Address {
                        label,
                        ..Address::default()
                    });
                let slot = match part.as_str() {
                    "street" => &mut a.street,
                    "city" => &mut a.locality,
                    "region" => &mut a.region,
                    "postal code" => &mut a.postal_code,
                    "country" => &mut a.country,
                    _ => &mut a.po_box,
                };
                if !slot.is_empty() {
                    slot.push('\n');
                }
                slot.push_str(&v);
            }
            Column::Website(label) => d.websites.push(Website { label, url: v }),
            Column::Numbered(kind, n, sub) => {
                numbered.entry((kind, n)).or_default().insert(sub, v);
            }
            Column::Ignored => {}
            Column::Unknown => keep_column(&mut card, h, &v),
        }
    }
    card.data.addresses.extend(outlook_addr.into_values());
    for ((kind, _), f) in numbered {
        let get = |k: &str| split_multi(f.get(k).map(String::as_str).unwrap_or(""));
        let values = get("value");
        // Google's older layout says "Type" where the newer says "Label".
        let labels = if f.contains_key("label") {
            get("label")
        } else {
            get("type")
        };
        let of = match kind.as_str() {
            "e-mail" | "email" => LabelOf::Email,
            "address" => LabelOf::Address,
            _ => LabelOf::Phone,
        };
        let label_at = |i: usize| {
            let l = labels.get(i).cloned().unwrap_or_default();
            labels::canonical(l.trim_start_matches("* "), of)
        };
        match kind.as_str() {
            "e-mail" | "email" => {
                for (i, v) in values.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    add_email(&mut card, &label_at(i), v);
                }
            }
            "phone" => {
                for (i, v) in values.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    add_phone(&mut card, &label_at(i), v);
                }
            }
            "website" => {
                for (i, v) in values.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    card.data.websites.push(Website {
                        label: label_at(i),
                        url: v.clone(),
                    });
                }
            }
            "im" => {
                let services = get("service");
                for (i, v) in values.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    card.data.messengers.push(Messenger {
                        service: services.get(i).cloned().unwrap_or_default().to_lowercase(),
                        handle: v.clone(),
                    });
                }
            }
            "address" => {
                let parts: BTreeMap<&str, Vec<String>> = [
                    "street",
                    "city",
                    "po box",
                    "region",
                    "postal code",
                    "country",
                    "extended address",
                    "formatted",
                ]
                .into_iter()
                .map(|p| (p, get(p)))
                .collect();
                let count = parts.values().map(Vec::len).max().unwrap_or(0);
                for i in 0..count {
                    let part = |p: &str| {
                        parts
                            .get(p)
                            .and_then(|v| v.get(i))
                            .cloned()
                            .unwrap_or_default()
                    };
                    let mut a = Address {
                        label: label_at(i),
                        po_box: part("po box"),
                        extended: part("extended address"),
                        street: part("street"),
                        locality: part("city"),
                        region: part("region"),
                        postal_code: part("postal code"),
                        country: part("country"),
                    };
                    if a.is_empty() {
                        a.street = part("formatted");
                    }
                    if !a.is_empty() {
                        card.data.addresses.push(a);
                    }
                }
            }
            "event" => {
                for (i, v) in values.iter().enumerate() {
                    let what = label_at(i);
                    match parse_date_cell(v) {
                        Some(d) if what == "anniversary" || what == "rocznica" => {
                            card.data.anniversary = Some(d)
                        }
                        _ => card
                            .custom_fields
                            .push((labels.get(i).cloned().unwrap_or_default(), v.clone())),
                    }
                }
            }
            "custom field" => {
                for (i, v) in values.iter().enumerate() {
                    let label = labels.get(i).cloned().unwrap_or_default();
                    if !custom_known(&mut card, &label, v) {
                        card.custom_fields.push((label, v.clone()));
                    }
                }
            }
            _ => {
                for (sub, v) in &f {
                    keep_column(&mut card, &format!("{kind} - {sub}"), v);
                }
            }
        }
    }
    let d = &mut card.data;
    if d.name.is_empty() && !d.org_name.trim().is_empty() {
        d.kind = ContactKind::Organisation;
    }
    card
}

/// The custom fields this codec itself writes for model fields.
fn custom_known(card: &mut Card, label: &str, v: &str) -> bool {
    let d = &mut card.data;
    match label {
        "Kind" if v == "organisation" => {
            d.kind = ContactKind::Organisation;
            true
        }
        "Name day" => v.parse::<MonthDay>().map(|m| d.nameday = Some(m)).is_ok(),
        "Gender" => Gender::parse(v).map(|g| d.gender = Some(g)).is_ok(),
        "NIP" => Nip::parse(v).map(|n| d.nip = Some(n)).is_ok(),
        "REGON" => Regon::parse(v).map(|n| d.regon = Some(n)).is_ok(),
        "Bank account" => BankAccount::parse(v)
            .map(|n| d.bank_account = Some(n))
            .is_ok(),
        "Status" => {
            card.status = Some(v.to_string());
            true
        }
        "No mailing" => {
            d.no_mailing = matches!(
                v.trim().to_lowercase().as_str(),
                "yes" | "true" | "1" | "tak"
            );
            true
        }
        _ => false,
    }
}

fn add_email(card: &mut Card, label: &str, v: &str) {
    match Email::new(label, v) {
        Ok(e) => card.data.emails.push(e),
        Err(e) => {
            card.warnings.push(format!("{e}; kept as it was"));
            card.data.extra.push(ExtraProperty {
                line: format!("EMAIL:{}", crate::vcard::escape_text(v)),
            });
        }
    }
}

fn add_phone(card: &mut Card, label: &str, v: &str) {
    match Phone::as_typed(label, v) {
        Ok(p) => card.data.phones.push(p),
        Err(e) => {
            card.warnings.push(format!("{e}; kept as it was"));
            card.data.extra.push(ExtraProperty {
                line: format!("TEL:{}", crate::vcard::escape_text(v)),
            });
        }
    }
}

fn keep(card: &mut Card, header: &str, v: &str, why: &str) {
    card.warnings
        .push(format!("{header}: {why}; kept as it was"));
    keep_column(card, header, v);
}

fn keep_column(card: &mut Card, header: &str, v: &str) {
    let mut line = String::from("X-CSV");
    crate::vcard::write_param_pub(&mut line, "X-NAME", &[header.to_string()]);
    line.push(':');
    line.push_str(&crate::vcard::escape_text(v));
    card.data.extra.push(ExtraProperty { line });
}
