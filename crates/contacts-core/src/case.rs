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
