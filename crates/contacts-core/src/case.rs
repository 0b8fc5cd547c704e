//! Cases (sales matters) and client history, both of the business book.
//!
//! A case bundles the stages of one matter with one counterparty organisation: its items
//! under negotiation (with exact money totals) and its detail items (notes, document
//! references, files) in time order. A client's history is the log of every interaction
//! with that client; a case's timeline reads its details and its counterparty's history
//! as one.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, DetailId, HistoryFileId, HistoryId, LabelId, UserId};
use crate::model::Meta;
use crate::money::{self, Amount, Currency, Decimal, Totals};

/// The setting that holds the text put before every new case number ("" by default).
pub const NUMBER_PREFIX_SETTING: &str = "case.number_prefix";

/// High, normal or low.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Priority {
    High,
    #[default]
    Normal,
    Low,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    /// English and Polish names ("wysoki", "normalny", "niski").
    pub fn parse(s: &str) -> Result<Priority> {
        match crate::text::fold(s.trim()).as_str() {
            "high" | "h" | "wysoki" => Ok(Priority::High),
            "normal" | "n" | "normalny" => Ok(Priority::Normal),
            "low" | "l" | "niski" => Ok(Priority::Low),
            _ => Err(Error::invalid(
                "priority",
                format!("'{s}' is not high, normal or low"),
            )),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Open, or closed by someone at some time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    Open,
    Closed { by: UserId, at: DateTime<Utc> },
}

impl CaseStatus {
    pub fn is_open(self) -> bool {
        self == CaseStatus::Open
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed { .. } => "closed",
        }
    }
}

/// One item under negotiation ("przedmiot sprzedaży").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseItem {
    pub article: String,
    pub quantity: Amount,
    /// "szt.", "kg", "h"...; free text.
    pub unit: String,
    /// The negotiated price of one unit.
    pub unit_price: Amount,
    pub currency: Currency,
    /// Form of payment ("przelew 14 dni", "gotówka"...); free text.
    pub payment: String,
}

impl CaseItem {
    /// An item in PLN with no unit or form of payment.
    pub fn new(article: &str, quantity: Amount, unit_price: Amount) -> CaseItem {
        CaseItem {
            article: article.trim().to_string(),
            quantity,
            unit: String::new(),
            unit_price,
            currency: Currency::pln(),
            payment: String::new(),
        }
    }

    /// Quantity × unit price, exactly.
    pub fn total(&self) -> Result<Decimal> {
        money::line_total(self.quantity, self.unit_price)
    }
}

/// Everything a user edits on a case. The number, status and bookkeeping live in [`Case`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseData {
    /// A short subject to show in lists.
    pub title: String,
    pub registered_on: NaiveDate,
    /// A business-book organisation.
    pub counterparty: ContactId,
    /// The counterparty's own reference.
    pub external_number: String,
    /// The person on the counterparty side; works at the counterparty.
    pub person: Option<ContactId>,
    /// The employee responsible.
    pub responsible: UserId,
    pub deadline: Option<NaiveDate>,
    pub priority: Priority,
    /// An entry of the case-kind picklist.
    pub kind: Option<LabelId>,
    pub items: Vec<CaseItem>,
    /// "Uwzględniaj tylko poniższe artykuły podczas tworzenia nowego dokumentu".
    pub only_listed_articles: bool,
}

impl CaseData {
    /// A case with a counterparty, registered on a date, with `responsible` in charge.
    pub fn new(
        title: &str,
        counterparty: ContactId,
        responsible: UserId,
        registered_on: NaiveDate,
    ) -> CaseData {
        CaseData {
            title: title.trim().to_string(),
            registered_on,
            counterparty,
            external_number: String::new(),
            person: None,
            responsible,
            deadline: None,
            priority: Priority::Normal,
            kind: None,
            items: Vec::new(),
            only_listed_articles: false,
        }
    }

    /// The value of the items, per currency.
    pub fn totals(&self) -> Result<Totals> {
        totals_of(&self.items)
    }
}

/// The value of `items`, per currency, exactly.
pub fn totals_of(items: &[CaseItem]) -> Result<Totals> {
    let mut totals = Totals::new();
    for item in items {
        money::add_to(&mut totals, &item.currency, item.total()?)?;
    }
    Ok(totals)
}

/// A stored case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    /// "2026/0001", with the configured prefix in front.
    pub number: String,
    /// The year and the sequence within it the number was made from.
    pub year: i32,
    pub seq: u32,
    pub data: CaseData,
    pub status: CaseStatus,
    pub meta: Meta,
}

impl Case {
    pub fn totals(&self) -> Result<Totals> {
        self.data.totals()
    }
}

/// The number for sequence `seq` of `year`: `{prefix}{year}/{seq:04}`.
pub fn case_number(prefix: &str, year: i32, seq: u32) -> String {
    format!("{prefix}{year}/{seq:04}")
}

/// The setting that holds the pattern of new case numbers (`YYYY/NNNN` by default).
pub const NUMBER_PATTERN_SETTING: &str = "case.number_pattern";

/// The default pattern of case numbers.
pub const DEFAULT_NUMBER_PATTERN: &str = "YYYY/NNNN";

/// The longest pattern or case number accepted.
pub const MAX_NUMBER_LEN: usize = 50;

/// One part of a [`NumberPattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum NumberPart {
    Text(String),
    /// `YYYY` (four digits) or `YY` (two, the years 2000 to 2099).
    Year {
        digits: usize,
    },
    /// `NNNN`: the sequence, padded with zeros to at least this many digits.
    Seq {
        width: usize,
    },
}

/// How case numbers look: text with `YYYY` (or `YY`) for the year and a run of `N` for
/// the sequence, such as `YYYY/NNNN` (`2026/0001`) or `ZK/NNNNN` (`ZK/00001`). Without a
/// year the sequence runs on across years (it is kept under year 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPattern {
    parts: Vec<NumberPart>,
    text: String,
}

impl NumberPattern {
    /// Reads a pattern: exactly one run of `N` (1 to 9 of them), at most one `YYYY` or
    /// `YY`, other characters as they are; one line, at most [`MAX_NUMBER_LEN`]
    /// characters.
    pub fn parse(text: &str) -> Result<NumberPattern> {
        let t = text.trim();
        let bad = |why: &str| {
            Error::invalid(
                "pattern",
                format!("'{t}' is not a case number pattern: {why} (for example YYYY/NNNN)"),
            )
        };
        if t.is_empty() {
            return Err(bad("it is empty"));
        }
        if t.chars().count() > MAX_NUMBER_LEN {
            return Err(bad(&format!(
                "it is longer than {MAX_NUMBER_LEN} characters"
            )));
        }
        if t.chars().any(char::is_control) {
            return Err(bad("it must be one line without control characters"));
        }
        let chars: Vec<char> = t.chars().collect();
        let mut parts = Vec::new();
        let mut text_run = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let token = match c {
                'N' => Some(NumberPart::Seq { width: run }),
                'Y' if run == 4 || run == 2 => Some(NumberPart::Year { digits: run }),
                'Y' => return Err(bad("write the year as YYYY or YY")),
                _ => None,
            };
            match token {
                Some(part) => {
                    if !text_run.is_empty() {
                        parts.push(NumberPart::Text(std::mem::take(&mut text_run)));
                    }
                    parts.push(part);
                    i += run;
                }
                None => {
                    text_run.push(c);
                    i += 1;
                }
            }
        }
        if !text_run.is_empty() {
            parts.push(NumberPart::Text(text_run));
        }
        let seqs = parts
            .iter()
            .filter(|p| matches!(p, NumberPart::Seq { .. }))
            .count();
        let years = parts
            .iter()
            .filter(|p| matches!(p, NumberPart::Year { .. }))
            .count();
        if seqs != 1 {
            return Err(bad("it needs exactly one run of N for the sequence number"));
        }
        if years > 1 {
            return Err(bad("it may hold the year once"));
        }
        if parts
            .iter()
            .any(|p| matches!(p, NumberPart::Seq { width } if *width > 9))
        {
            return Err(bad("at most nine N"));
        }
        // Two digit parts side by side could not be told apart when a number is read.
        if parts
            .windows(2)
            .any(|w| !matches!(w[0], NumberPart::Text(_)) && !matches!(w[1], NumberPart::Text(_)))
        {
            return Err(bad("put some text between the year and the sequence"));
        }
        Ok(NumberPattern {
            parts,
            text: t.to_string(),
        })
    }

    /// `{prefix}YYYY/NNNN`: the pattern of installations that only set a prefix.
    pub fn with_prefix(prefix: &str) -> NumberPattern {
        let mut parts = Vec::new();
        if !prefix.is_empty() {
            parts.push(NumberPart::Text(prefix.to_string()));
        }
        parts.push(NumberPart::Year { digits: 4 });
        parts.push(NumberPart::Text("/".into()));
        parts.push(NumberPart::Seq { width: 4 });
        NumberPattern {
            parts,
            text: format!("{prefix}{DEFAULT_NUMBER_PATTERN}"),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the numbers hold a year (else the sequence never starts again).
    pub fn has_year(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, NumberPart::Year { .. }))
    }

    /// The year a case registered in `registered` counts its sequence under (0 when the
    /// pattern has no year).
    pub fn sequence_year(&self, registered: i32) -> i32 {
        if self.has_year() {
            registered
        } else {
            0
        }
    }

    /// The number of sequence `seq` in `year`.
    pub fn format(&self, year: i32, seq: u32) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                NumberPart::Text(t) => out.push_str(t),
                NumberPart::Year { digits: 4 } => out.push_str(&format!("{year:04}")),
                NumberPart::Year { .. } => out.push_str(&format!("{:02}", year.rem_euclid(100))),
                NumberPart::Seq { width } => out.push_str(&format!("{seq:0width$}")),
            }
        }
        out
    }

    /// Reads a number typed by hand: its (sequence year, sequence). The sequence may be
    /// typed without its leading zeros ("2026/7" is 2026/0007); a number that does not
    /// follow the pattern is an error naming the field `number`.
    pub fn read(&self, number: &str) -> Result<(i32, u32)> {
        let typed = number.trim();
        let wrong = || {
            Error::invalid(
                "number",
                format!(
                    "'{typed}' does not follow the case number pattern {} (for example {})",
                    self.text,
                    self.format(2026, 7)
                ),
            )
        };
        let mut rest = typed;
        let (mut year, mut seq) = (0, None);
        for p in &self.parts {
            match p {
                NumberPart::Text(t) => rest = rest.strip_prefix(t.as_str()).ok_or_else(wrong)?,
                NumberPart::Year { digits } => {
                    let d: String = rest.chars().take(*digits).collect();
                    if d.len() != *digits || !d.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(wrong());
                    }
                    let y: i32 = d.parse().map_err(|_| wrong())?;
                    year = if *digits == 2 { 2000 + y } else { y };
                    rest = &rest[d.len()..];
                }
                NumberPart::Seq { .. } => {
                    let d: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if d.is_empty() || d.len() > 9 {
                        return Err(wrong());
                    }
                    let n: u32 = d.parse().map_err(|_| wrong())?;
                    if n == 0 {
                        return Err(Error::invalid(
                            "number",
                            format!("'{typed}': case sequence numbers start at 1"),
                        ));
                    }
                    seq = Some(n);
                    rest = &rest[d.len()..];
                }
            }
        }
        match (rest.is_empty(), seq) {
            (true, Some(s)) => Ok((year, s)),
            _ => Err(wrong()),
        }
    }
}

impl fmt::Display for NumberPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Which cases a list shows; newest number first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseQuery {
    /// `Some(true)`: open only; `Some(false)`: closed only.
    pub open: Option<bool>,
    pub responsible: Option<UserId>,
    pub counterparty: Option<ContactId>,
    pub kind: Option<LabelId>,
    /// Only cases with a deadline before this day.
    pub deadline_before: Option<NaiveDate>,
    pub limit: usize,
    pub offset: usize,
}

impl Default for CaseQuery {
    fn default() -> CaseQuery {
        CaseQuery {
            open: None,
            responsible: None,
            counterparty: None,
            kind: None,
            deadline_before: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// What the forecast needs of one open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCaseValue {
    pub deadline: Option<NaiveDate>,
    pub responsible: UserId,
    pub kind: Option<LabelId>,
    pub totals: Totals,
}

/// What a detail item is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailBody {
    /// A note: kind from the growing picklist ("telefon", "spotkanie"...), text.
    Note { kind: String, text: String },
    /// A reference to a document: document kind, its symbol ("FV 12/2026"), content.
    Document {
        kind: String,
        symbol: String,
        content: String,
    },
    /// A file, its bytes kept in the store: name, media type, a note.
    File {
        name: String,
        media_type: String,
        note: String,
    },
}

impl DetailBody {
    /// "note", "document" or "file".
    pub fn type_name(&self) -> &'static str {
        match self {
            DetailBody::Note { .. } => "note",
            DetailBody::Document { .. } => "document",
            DetailBody::File { .. } => "file",
        }
    }

    /// The key activity reports count by: "note: telefon", "document: faktura", "file".
    pub fn activity_key(&self) -> String {
        match self {
            DetailBody::Note { kind, .. } | DetailBody::Document { kind, .. } => {
                if kind.is_empty() {
                    self.type_name().to_string()
                } else {
                    format!("{}: {kind}", self.type_name())
                }
            }
            DetailBody::File { .. } => "file".to_string(),
        }
    }
}

/// A detail item of a case (without a file's bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub id: DetailId,
    pub case: CaseId,
    /// The date it is registered under; detail items are shown in this order.
    pub at: DateTime<Utc>,
    pub body: DetailBody,
    /// A file's size in bytes; 0 for notes and documents.
    pub size: u64,
    pub meta: Meta,
}

/// A file attached to a history entry (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryFile {
    pub id: HistoryFileId,
    pub entry: HistoryId,
    pub name: String,
    pub media_type: String,
    pub size: u64,
}

/// One interaction with a business client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: HistoryId,
    pub contact: ContactId,
    /// From the growing picklist: "telefon", "e-mail", "spotkanie", "prezentacja"...
    pub kind: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    pub text: String,
    pub author: UserId,
    pub created_at: DateTime<Utc>,
    pub files: Vec<HistoryFile>,
}

/// A history entry as it goes into the store, files with their bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHistoryEntry {
    pub contact: ContactId,
    pub kind: String,
    pub at: DateTime<Utc>,
    pub text: String,
    pub author: UserId,
    pub created_at: DateTime<Utc>,
    /// (name, media type, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
}

/// One line of a case's timeline: its own detail items and its counterparty's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineEntry {
    Detail(Detail),
    History(HistoryEntry),
}

impl TimelineEntry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEntry::Detail(d) => d.at,
            TimelineEntry::History(h) => h.at,
        }
    }
}

/// How many things a user did in a period, as the store counts them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityCounts {
    /// (author, history kind, count).
    pub history: Vec<(UserId, String, u64)>,
    /// (author, [`DetailBody::activity_key`], count).
    pub details: Vec<(UserId, String, u64)>,
    /// (creator, count) of cases registered (created) in the period.
    pub opened: Vec<(UserId, u64)>,
    /// (closer, count) of cases closed in the period.
    pub closed: Vec<(UserId, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_priorities() {
        assert_eq!(case_number("", 2026, 1), "2026/0001");
        assert_eq!(case_number("ZK/", 2026, 12345), "ZK/2026/12345");
        assert_eq!(Priority::parse("Wysoki").ok(), Some(Priority::High));
        assert!(Priority::parse("urgent").is_err());
    }

    #[test]
    fn number_patterns_write_and_read_numbers() {
        let p = NumberPattern::parse("YYYY/NNNN").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.format(2026, 7), "2026/0007");
        assert_eq!(p.read("2026/0007").ok(), Some((2026, 7)));
        assert_eq!(p.read(" 2026/7 ").ok(), Some((2026, 7)));
        assert_eq!(p.read("2026/12345").ok(), Some((2026, 12345)));
        for bad in [
            "2026-0007",
            "26/0007",
            "2026/",
            "2026/00x7",
            "ZK/2026/0001",
            "2026/0000",
        ] {
            assert!(
                matches!(p.read(bad), Err(Error::Invalid { ref field, .. }) if field == "number"),
                "{bad}"
            );
        }
        let zk = NumberPattern::parse("ZK/NNNNN").unwrap_or_else(|e| panic!("{e}"));
        assert!(!zk.has_year());
        assert_eq!(zk.sequence_year(2026), 0);
        assert_eq!(zk.format(0, 42), "ZK/00042");
        assert_eq!(zk.read("ZK/42").ok(), Some((0, 42)));
        let short = NumberPattern::parse("S-NNN/YY").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(short.format(2026, 3), "S-003/26");
        assert_eq!(short.read("S-003/26").ok(), Some((2026, 3)));
        assert_eq!(
            NumberPattern::with_prefix("ZK/").format(2026, 3),
            "ZK/2026/0003"
        );
        for bad in [
            "",
            "YYYY",
            "NNNN/NN",
            "YYY/NNNN",
            "YYYYNNNN",
            "YYYY/YY/NNNN",
            "NNNNNNNNNN",
            "a\tNNNN",
        ] {
            let bad = bad.replace("\\t", "\t");
            assert!(
                matches!(NumberPattern::parse(&bad), Err(Error::Invalid { ref field, .. }) if field == "pattern"),
                "{bad}"
            );
        }
    }

    #[test]
    fn totals_are_per_currency() {
        let a = |s: &str| Amount::parse("x", s).unwrap_or_default();
        let mut eur = CaseItem::new("Serwis", a("1"), a("100"));
        eur.currency = Currency::parse("EUR").unwrap_or_default();
        let items = vec![
            CaseItem::new("Papier", a("2.5"), a("3.333")),
            CaseItem::new("Toner", a("3"), a("0.1")),
            eur,
        ];
        let t = totals_of(&items).unwrap_or_default();
        let shown: Vec<String> = t.iter().map(|(c, v)| format!("{c} {v}")).collect();
        assert_eq!(shown, ["EUR 100", "PLN 8.6325"]);
    }
}
