//! vCard 2.1, 3.0 and 4.0 reading, vCard 3.0 and 4.0 writing.
//!
//! Reading streams card by card ([`read`], [`read_from`]): a first pass over the bytes
//! removes a BOM and transcodes UTF-16; each property's value is then decoded from
//! QUOTED-PRINTABLE and its `CHARSET` (or, without one and when it is not UTF-8, from an
//! 8-bit encoding guessed with `chardetng`). What the model has fields for goes into
//! [`ContactData`]; every other property is kept, as its unfolded line, in
//! `ContactData::extra` and is written back on export. A broken card yields a
//! [`CardError`] naming the card and line, and reading goes on with the next card.
//!
//! The codec does not know the book's ids, so a few things travel as text in [`Card`]:
//! - `categories`: every `CATEGORIES` value. On export, `data.category`'s key is written
//!   first, then these (business group names, say). On import the caller maps them to a
//!   private category or business groups ([`Card::take_category`] helps).
//! - `custom_fields`: (label, text) pairs, written as `X-CONTACTS-FIELD;X-NAME=Label:text`.
//!   `data.custom` is neither read nor written: the caller resolves labels to field ids.
//! - `status`: the business status name, written as `X-CONTACTS-STATUS`.
//!
//! ```
//! use contacts_core::vcard::{self, Card, VcardVersion};
//! use contacts_core::model::ContactData;
//!
//! let card = Card::new(ContactData::person("Łucja", "Żółkiewska"));
//! let mut out = String::new();
//! vcard::write_card(&mut out, &card, VcardVersion::V4);
//! let back: Vec<_> = vcard::read(out.as_bytes()).collect();
//! assert_eq!(back[0].as_ref().map(|c| c.data.name.family.as_str()).ok(), Some("Żółkiewska"));
//! ```

mod build;
pub(crate) mod decode;
mod line;
mod reader;
mod write;

use std::fmt;
use std::io::BufRead;

use crate::category::CategoryKey;
use crate::model::{ContactData, Photo};

pub use reader::Reader;
pub use write::write_card;

/// How far into a file [`looks_like_vcard`] looks.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Whether the start of a file looks like vCard: `BEGIN:VCARD` (any case) within its
/// first [`SNIFF_BYTES`], NUL bytes ignored so UTF-16 files are recognised too. Every
/// frontend's "auto" import format asks this; anything else is read as CSV.
pub fn looks_like_vcard(head: &[u8]) -> bool {
    const NEEDLE: &[u8] = b"BEGIN:VCARD";
    let text: Vec<u8> = head
        .iter()
        .take(SNIFF_BYTES)
        .filter(|b| **b != 0)
        .map(u8::to_ascii_uppercase)
        .collect();
    // A file cut at the front (or a buffer starting mid-card) still shows its end.
    const END: &[u8] = b"END:VCARD";
    text.windows(NEEDLE.len()).any(|w| w == NEEDLE) || text.windows(END.len()).any(|w| w == END)
}

/// The year Apple writes for a date without a year (`X-APPLE-OMIT-YEAR=1604`).
pub(crate) const APPLE_OMIT_YEAR: i32 = 1604;

/// The vCard versions this codec writes (2.1 is read only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VcardVersion {
    V3,
    V4,
}

impl VcardVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            VcardVersion::V3 => "3.0",
            VcardVersion::V4 => "4.0",
        }
    }
}

/// One contact as a vCard carries it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Card {
    pub data: ContactData,
    pub photo: Option<Photo>,
    /// `CATEGORIES` values as text, in order, without duplicates.
    pub categories: Vec<String>,
    /// Custom fields as (label, text).
    pub custom_fields: Vec<(String, String)>,
    /// The business status name.
    pub status: Option<String>,
    pub uid: Option<String>,
    /// `FN` when it differs from `data.display_name()`; written instead of it.
    pub formatted_name: Option<String>,
    /// What was read but could not go into its field (kept in `extra` instead).
    pub warnings: Vec<String>,
    /// The line of `BEGIN:VCARD` (0 for a card not read from a file).
    pub line: usize,
}

impl Card {
    pub fn new(data: ContactData) -> Card {
        Card {
            data,
            ..Card::default()
        }
    }

    /// Whether the card holds nothing at all (a CSV row of empty cells).
    pub fn is_blank(&self) -> bool {
        self.data == ContactData::default()
            && self.photo.is_none()
            && self.categories.is_empty()
            && self.custom_fields.is_empty()
            && self.status.is_none()
            && self.uid.is_none()
            && self.formatted_name.is_none()
    }

    /// Moves the first category that names a private category (by key, e.g. `work`, or
    /// default label, e.g. `Key clients`) into `data.category`, when it has none.
    pub fn take_category(&mut self) {
        if self.data.category.is_some() {
            return;
        }
        let found = self.categories.iter().enumerate().find_map(|(i, c)| {
            CategoryKey::ALL
                .into_iter()
                .find(|k| {
                    c.eq_ignore_ascii_case(k.key()) || c.eq_ignore_ascii_case(k.default_label())
                })
                .map(|k| (i, k))
        });
        if let Some((i, k)) = found {
            self.categories.remove(i);
            self.data.category = Some(k);
        }
    }
}

/// A card that could not be read. Display: `card 3 (line 41): ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardError {
    /// 1-based number of the card in the file.
    pub card: usize,
    /// 1-based line in the file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "card {} (line {}): {}",
            self.card, self.line, self.message
        )
    }
}

impl std::error::Error for CardError {}

/// One decoded property of a card, for tools that need the properties themselves
/// ([`Reader::next_properties`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub line: usize,
    pub group: Option<String>,
    /// Upper-cased.
    pub name: String,
    /// Upper-cased names with their values.
    pub params: Vec<(String, Vec<String>)>,
    /// Charset decoded, QUOTED-PRINTABLE undone, still escaped (`\,` `\;` `\n`).
    pub value: String,
}

/// Undoes vCard text escaping (`\\ \, \; \n`).
pub fn unescape(s: &str) -> String {
    line::unescape(s)
}

/// Escapes text the vCard way (backslash, comma, semicolon, newline).
pub fn escape_text(s: &str) -> String {
    line::escape(s)
}

pub(crate) fn write_param_pub(out: &mut String, name: &str, values: &[String]) {
    line::write_param(out, name, values);
}

/// Without a UTF-8 BOM, UTF-16 turned into UTF-8.
pub(crate) fn normalise_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    decode::normalise_file(bytes)
}

/// Reads the cards of a file held in memory, one at a time.
pub fn read(bytes: &[u8]) -> Reader<'_> {
    Reader::from_bytes(bytes)
}

/// Reads cards from a stream, holding only one card in memory at a time (a UTF-16 stream
/// is transcoded whole first).
pub fn read_from<'a, R: BufRead + Send + 'a>(r: R) -> Reader<'a> {
    Reader::from_buf(r)
}

/// Writes many cards, one after the other.
pub fn write_all<'c>(cards: impl IntoIterator<Item = &'c Card>, version: VcardVersion) -> String {
    let mut out = String::new();
    for c in cards {
        write_card(&mut out, c, version);
    }
    out
}

#[cfg(test)]
mod sniff_tests {
    use super::*;

    #[test]
    fn vcard_is_told_from_csv_by_its_start() {
        assert!(looks_like_vcard(
            b"\xEF\xBB\xBFbegin:vcard\r\nVERSION:3.0\r\n"
        ));
        // UTF-16 LE: every other byte is zero.
        let utf16: Vec<u8> = "BEGIN:VCARD\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(looks_like_vcard(&utf16));
        assert!(!looks_like_vcard(b"First Name,Last Name\nAnna,Nowak\n"));
        // Only the first SNIFF_BYTES count.
        let mut late = vec![b' '; SNIFF_BYTES];
        late.extend_from_slice(b"BEGIN:VCARD");
        assert!(!looks_like_vcard(&late));
    }
}
