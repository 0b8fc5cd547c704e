//! Reports as data: a table with typed cells, its summary lines and period.

use contacts_core::money;
use contacts_core::report as core;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An amount with its currency (a summary's total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportAmount {
    /// Two decimals and a `.`, exact ("600.00").
    #[schema(pattern = r"^-?[0-9]+\.[0-9]{2}$")]
    pub amount: String,
    pub currency: String,
}

/// One value of a report: text and fixed words are strings, counts integers, money a
/// string with two decimals and a `.` (the currency is in its own column), dates ISO
/// strings, an amount with its currency an object. Where there is no value, rows and
/// summaries hold `null` instead of a cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ReportCell {
    Text(String),
    Count(i64),
    Amount(ReportAmount),
}

impl ReportCell {
    /// The cell, `None` for no value.
    pub fn new(c: &core::Cell) -> Option<ReportCell> {
        Some(match c {
            core::Cell::Text(s) => ReportCell::Text(s.clone()),
            core::Cell::Word(w) => ReportCell::Text((*w).to_string()),
            core::Cell::Missing(_) | core::Cell::Empty => return None,
            core::Cell::Count(n) => ReportCell::Count(*n),
            core::Cell::Money(d) => ReportCell::Text(money::display(*d)),
            core::Cell::Amount(d, c) => ReportCell::Amount(ReportAmount {
                amount: money::display(*d),
                currency: c.to_string(),
            }),
            core::Cell::Date(d) => ReportCell::Text(d.to_string()),
        })
    }
}

/// The dates a report covers, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportPeriod {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
}

/// A summary line above a report's table: a key to translate and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportSummary {
    pub key: String,
    pub value: Option<ReportCell>,
}

/// The reports (schema only: `ReportTable::report` holds one).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportName {
    Forecast,
    Overdue,
    Activity,
}

/// A report: its columns (keys to translate), rows of typed cells and summary lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportTable {
    #[schema(value_type = ReportName)]
    pub report: String,
    pub period: Option<ReportPeriod>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<ReportCell>>>,
    pub summary: Vec<ReportSummary>,
}

impl From<&core::Table> for ReportTable {
    fn from(t: &core::Table) -> ReportTable {
        ReportTable {
            report: t.name.to_string(),
            period: t.period.map(|(from, to)| ReportPeriod {
                from: from.to_string(),
                to: to.to_string(),
            }),
            columns: t.columns.iter().map(|c| (*c).to_string()).collect(),
            rows: t
                .rows
                .iter()
                .map(|r| r.iter().map(ReportCell::new).collect())
                .collect(),
            summary: t
                .summary
                .iter()
                .map(|(k, v)| ReportSummary {
                    key: (*k).to_string(),
                    value: ReportCell::new(v),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use contacts_core::money::Currency;
    use contacts_core::report::{Cell, Table};

    fn dec(s: &str) -> money::Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn cells_are_typed_and_money_exact() {
        let mut t = Table::new("forecast", &["group", "key", "value", "cases", "deadline"]);
        t.rows.push(vec![
            Cell::Word("month"),
            Cell::Missing("no_deadline"),
            Cell::Money(dec("0.125")),
            Cell::Count(2),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default()),
        ]);
        t.summary.push((
            "total",
            Cell::Amount(dec("2750"), Currency::parse("EUR").unwrap_or_default()),
        ));
        t.period = NaiveDate::from_ymd_opt(2026, 3, 1).zip(NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(
            serde_json::to_value(ReportTable::from(&t)).unwrap_or_default(),
            serde_json::json!({
                "report": "forecast",
                "period": {"from": "2026-03-01", "to": "2026-03-31"},
                "columns": ["group", "key", "value", "cases", "deadline"],
                "rows": [["month", null, "0.12", 2, "2026-03-31"]],
                "summary": [{"key": "total", "value": {"amount": "2750.00", "currency": "EUR"}}],
            })
        );
    }
}
