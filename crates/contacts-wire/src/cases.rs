//! Cases of the business book: the case with its items and totals, a page of cases, the
//! case with its timeline, detail entries (notes, documents, files), case kinds, the
//! parties a case may have and the next case number.

use contacts_core::case::{self as core, CaseStatus as CoreStatus};
use contacts_core::money::Totals;
use contacts_core::Result;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{utc, HistoryEntry, Names};

/// An amount in one currency, exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Money {
    /// ISO 4217 code.
    pub currency: String,
    /// An exact decimal with a `.` ("1200.50").
    pub value: String,
}

impl Money {
    /// Per-currency totals, in the core's currency order.
    pub fn list(t: &Totals) -> Vec<Money> {
        t.iter()
            .map(|(c, v)| Money {
                currency: c.as_str().to_string(),
                value: v.to_string(),
            })
            .collect()
    }
}

/// One item under negotiation, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseItem {
    pub line: usize,
    pub article: String,
    /// An exact decimal.
    pub quantity: String,
    pub unit: String,
    /// An exact decimal.
    pub unit_price: String,
    pub currency: String,
    /// The form of payment (free text).
    pub payment: String,
    /// Quantity × unit price, exact.
    pub total: String,
}

impl CaseItem {
    /// Item `line` (from 1); fails only when its total overflows.
    pub fn new(line: usize, it: &core::CaseItem) -> Result<CaseItem> {
        Ok(CaseItem {
            line,
            article: it.article.clone(),
            quantity: it.quantity.to_string(),
            unit: it.unit.clone(),
            unit_price: it.unit_price.to_string(),
            currency: it.currency.as_str().to_string(),
            payment: it.payment.clone(),
            total: it.total()?.to_string(),
        })
    }
}

/// A case's priority (schema only: `Case::priority` holds one).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CasePriority {
    High,
    Normal,
    Low,
}

/// Open or closed (schema only: `Case::status` holds one).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Closed,
}

/// A case: its data, items, exact totals per currency and bookkeeping, with the names
/// shown beside its ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Case {
    pub id: i64,
    pub number: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub registered_on: String,
    /// A business organisation's contact id.
    pub counterparty: i64,
    pub counterparty_name: String,
    /// The counterparty's own reference.
    pub external_number: String,
    /// The contact person's id.
    pub person: Option<i64>,
    /// The responsible user's name.
    pub responsible: String,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub deadline: Option<String>,
    #[schema(value_type = CasePriority)]
    pub priority: String,
    /// A case kind's id.
    pub kind: Option<i64>,
    pub kind_name: Option<String>,
    #[schema(value_type = CaseStatus)]
    pub status: String,
    /// Closed cases: who closed it (a user's name).
    pub closed_by: Option<String>,
    /// Closed cases: when. RFC 3339.
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
    pub only_listed_articles: bool,
    pub items: Vec<CaseItem>,
    pub totals: Vec<Money>,
    pub version: u64,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// A user's name.
    pub created_by: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// A user's name.
    pub updated_by: String,
}

impl Case {
    /// The case, with its counterparty's display name and the user and kind names from
    /// `names`; fails only when an item's total overflows.
    pub fn new(c: &core::Case, counterparty_name: String, names: &Names) -> Result<Case> {
        let d = &c.data;
        let items = d
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| CaseItem::new(i + 1, it))
            .collect::<Result<Vec<_>>>()?;
        let (closed_by, closed_at) = match c.status {
            CoreStatus::Closed { by, at } => (Some(names.user_or_empty(by)), Some(utc(at))),
            CoreStatus::Open => (None, None),
        };
        Ok(Case {
            id: c.id.0,
            number: c.number.clone(),
            title: d.title.clone(),
            registered_on: d.registered_on.to_string(),
            counterparty: d.counterparty.0,
            counterparty_name,
            external_number: d.external_number.clone(),
            person: d.person.map(|p| p.0),
            responsible: names.user_or_empty(d.responsible),
            deadline: d.deadline.map(|x| x.to_string()),
            priority: d.priority.as_str().to_string(),
            kind: d.kind.map(|k| k.0),
            kind_name: d.kind.and_then(|k| names.case_kind(k)),
            status: c.status.as_str().to_string(),
            closed_by,
            closed_at,
            only_listed_articles: d.only_listed_articles,
            items,
            totals: Money::list(&c.totals()?),
            version: c.meta.version,
            created_at: utc(c.meta.created_at),
            created_by: names.user_or_empty(c.meta.created_by),
            updated_at: utc(c.meta.updated_at),
            updated_by: names.user_or_empty(c.meta.updated_by),
        })
    }
}

/// A page of cases: how many match in all, and this page's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CasePage {
    pub total: u64,
    pub items: Vec<Case>,
}

/// What a detail entry holds, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum DetailBody {
    /// A note: its kind from the growing picklist, and text.
    Note { kind: String, text: String },
    /// A reference to a document: its kind, symbol ("FV 12/2026") and content.
    Document {
        kind: String,
        symbol: String,
        content: String,
    },
    /// A file kept with the case (its bytes at `/case-details/{id}/content`).
    File {
        name: String,
        media_type: String,
        note: String,
        /// In bytes.
        size: u64,
    },
}

/// A detail entry of a case: a note, a document reference or a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseDetail {
    pub id: i64,
    /// The case's id.
    pub case: i64,
    /// The date it is registered under. RFC 3339.
    #[schema(format = DateTime)]
    pub at: String,
    #[serde(flatten)]
    pub body: DetailBody,
    pub version: u64,
    /// A user's name.
    pub created_by: String,
    /// RFC 3339.
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// A user's name.
    pub updated_by: String,
}

impl CaseDetail {
    /// The entry with the user names from `names`.
    pub fn new(d: &core::Detail, names: &Names) -> CaseDetail {
        let body = match &d.body {
            core::DetailBody::Note { kind, text } => DetailBody::Note {
                kind: kind.clone(),
                text: text.clone(),
            },
            core::DetailBody::Document {
                kind,
                symbol,
                content,
            } => DetailBody::Document {
                kind: kind.clone(),
                symbol: symbol.clone(),
                content: content.clone(),
            },
            core::DetailBody::File {
                name,
                media_type,
                note,
            } => DetailBody::File {
                name: name.clone(),
                media_type: media_type.clone(),
                note: note.clone(),
                size: d.size,
            },
        };
        CaseDetail {
            id: d.id.0,
            case: d.case.0,
            at: utc(d.at),
            body,
            version: d.meta.version,
            created_by: names.user_or_empty(d.meta.created_by),
            updated_at: utc(d.meta.updated_at),
            updated_by: names.user_or_empty(d.meta.updated_by),
        }
    }
}

/// One line of a case's timeline, tagged by `source`: the case's own detail entry, or a
/// history entry of its counterparty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "source", rename_all = "lowercase")]
pub enum TimelineEntry {
    Detail(CaseDetail),
    History(HistoryEntry),
}

impl TimelineEntry {
    pub fn new(e: &core::TimelineEntry, names: &Names) -> TimelineEntry {
        match e {
            core::TimelineEntry::Detail(d) => TimelineEntry::Detail(CaseDetail::new(d, names)),
            core::TimelineEntry::History(h) => TimelineEntry::History(HistoryEntry::new(h, names)),
        }
    }
}

/// A case opened: the case, its contact person's name and its timeline, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: Case,
    pub person_name: Option<String>,
    pub timeline: Vec<TimelineEntry>,
}

impl CaseView {
    /// Fails only when an item's total overflows.
    pub fn new(v: &contacts_core::service::CaseView, names: &Names) -> Result<CaseView> {
        Ok(CaseView {
            case: Case::new(&v.case, v.counterparty.data.display_name(), names)?,
            person_name: v.person.as_ref().map(|p| p.data.display_name()),
            timeline: v
                .timeline
                .iter()
                .map(|e| TimelineEntry::new(e, names))
                .collect(),
        })
    }
}

/// A case kind and how many cases have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseKind {
    pub id: i64,
    pub name: String,
    /// How many cases have this kind.
    pub cases: u64,
}

impl CaseKind {
    pub fn new(l: &contacts_core::store::Label, cases: u64) -> CaseKind {
        CaseKind {
            id: l.id.0,
            name: l.name.clone(),
            cases,
        }
    }
}

/// The number the next case would get, and the pattern numbers are made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseNumber {
    pub number: String,
    pub pattern: String,
}

/// A business contact a case's counterparty or contact person can be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseParty {
    pub id: i64,
    pub name: String,
    #[schema(value_type = crate::ContactKind)]
    pub kind: String,
    pub org_name: String,
    /// "Name (#12)", what the case form's field takes.
    pub label: String,
}

impl From<&contacts_core::model::Contact> for CaseParty {
    fn from(c: &contacts_core::model::Contact) -> CaseParty {
        CaseParty {
            id: c.id.0,
            name: c.data.display_name(),
            kind: c.data.kind.as_str().to_string(),
            org_name: c.data.org_name.clone(),
            label: contacts_core::service::party_label(c),
        }
    }
}

/// The parties found for what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseParties {
    pub candidates: Vec<CaseParty>,
}
