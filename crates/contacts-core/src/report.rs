//! The reports (forecast, activity, overdue cases) as tables: one shape that every
//! frontend writes out, as CSV (here, [`Table::write_csv`]), as a PDF (`contacts-print`) or
//! as a page. The rules of the written forms are here, once:
//!
//! - Money in CSV is [`money::display`]'s form for every currency: two decimal places
//!   (half to even), a `.` as the decimal mark, no grouping, and the currency in its own
//!   column (`600.00`, `2750.00`, never `600` beside `2750.00`). People see
//!   [`format::decimal`]'s form of their language.
//! - Dates in CSV are ISO (`2026-03-31`); people see their language's form.
//! - Text that users typed is neutralised for spreadsheets (the contact export's rule,
//!   [`crate::csvio`]); fixed words and numbers are written as they are.
//! - A CSV file is UTF-8 with a BOM and CRLF line ends, like the contact export, so a
//!   spreadsheet opens Polish letters correctly.
//!
//! ```
//! use contacts_core::report::{Cell, Table};
//! use contacts_core::money::Decimal;
//! let mut t = Table::new("demo", &["title", "value"]);
//! t.rows.push(vec![Cell::Text("=SUM(A1)".into()), Cell::Money(Decimal::from(600))]);
//! let csv = String::from_utf8(t.to_csv()).unwrap_or_default();
//! assert_eq!(csv, "\u{feff}title,value\r\n'=SUM(A1),600.00\r\n");
//! ```

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::format::{self, Formatter};
use crate::money::{self, Currency, Decimal};
use crate::service::{ActivityRow, Forecast, ForecastRow, OverdueCase};

/// One value of a report table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text from the data (names, titles, numbers of cases): neutralised in CSV.
    Text(String),
    /// A fixed word of the report's vocabulary ("month", "history", "opened"): written as
    /// is in CSV, translated for people by the frontend.
    Word(&'static str),
    /// No value, for a reason the frontend translates ("no_deadline", "no_kind"): CSV
    /// writes `(no deadline)`.
    Missing(&'static str),
    Count(i64),
    /// An amount whose currency is in another column.
    Money(Decimal),
    /// An amount with its currency, for summaries.
    Amount(Decimal, Currency),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    /// The cell as CSV writes it (before neutralising).
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Word(w) => (*w).to_string(),
            Cell::Missing(why) => format!("({})", why.replace('_', " ")),
            Cell::Count(n) => n.to_string(),
            Cell::Money(d) => money::display(*d),
            Cell::Amount(d, c) => format!("{} {c}", money::display(*d)),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as people read it, in the formatter's language; `word` translates
    /// [`Cell::Word`] and [`Cell::Missing`] keys.
    pub fn shown(&self, fm: &Formatter, word: &dyn Fn(&str) -> String) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Word(w) | Cell::Missing(w) => word(w),
            Cell::Count(n) => n.to_string(),
            Cell::Money(d) => format::decimal(fm.lang, *d),
            Cell::Amount(d, c) => fm.money(*d, c),
            Cell::Date(d) => fm.date(*d),
            Cell::Empty => String::new(),
        }
    }

    /// Whether the value is a number (right-aligned in a printed table).
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Count(_) | Cell::Money(_) | Cell::Amount(..))
    }
}

/// A report as a table: its name ("forecast"), machine column names (the CSV header, also
/// the keys frontends translate), rows, and a summary shown above the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines above the table: a key to translate and its value.
    pub summary: Vec<(&'static str, Cell)>,
    /// The period the report covers, when it has one.
    pub period: Option<(NaiveDate, NaiveDate)>,
}

impl Table {
    pub fn new(name: &'static str, columns: &[&'static str]) -> Table {
        Table {
            name,
            columns: columns.to_vec(),
            rows: Vec::new(),
            summary: Vec::new(),
            period: None,
        }
    }

    /// A file name for downloads: `forecast.csv`, `activity-2026-12-01-2026-12-31.pdf`.
    pub fn file_name(&self, extension: &str) -> String {
        match self.period {
            Some((from, to)) => format!("{}-{from}-{to}.{extension}", self.name),
            None => format!("{}.{extension}", self.name),
        }
    }

    /// Writes the header and rows as CSV: UTF-8 with a BOM, CRLF, money and dates in their
    /// machine form, typed text neutralised for spreadsheets.
    pub fn write_csv<W: Write>(&self, mut w: W) -> io::Result<()> {
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut cw = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        cw.write_record(&self.columns).map_err(io::Error::other)?;
        for row in &self.rows {
            cw.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => crate::csvio::neutralised(s).into_owned(),
                other => other.csv_text(),
            }))
            .map_err(io::Error::other)?;
        }
        cw.flush()
    }

    /// [`Table::write_csv`] into memory.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_csv(&mut out);
        out
    }
}

fn key_cell(key: &str, none: &'static str) -> Cell {
    if key.is_empty() {
        Cell::Missing(none)
    } else {
        Cell::Text(key.to_string())
    }
}

/// The forecast: one row per group ("month", "employee", "kind"), key and currency.
pub fn forecast_table(fc: &Forecast) -> Table {
    let mut t = Table::new("forecast", &["group", "key", "currency", "value", "cases"]);
    let groups: [(&'static str, &'static str, &[ForecastRow]); 3] = [
        ("month", "no_deadline", &fc.by_month),
        ("employee", "no_employee", &fc.by_employee),
        ("kind", "no_kind", &fc.by_kind),
    ];
    for (group, none, rows) in groups {
        for r in rows {
            t.rows.push(vec![
                Cell::Word(group),
                key_cell(&r.key, none),
                Cell::Text(r.currency.to_string()),
                Cell::Money(r.value),
                Cell::Count(i64::try_from(r.cases).unwrap_or(i64::MAX)),
            ]);
        }
    }
    t.summary.push((
        "open_cases",
        Cell::Count(i64::try_from(fc.open_cases).unwrap_or(i64::MAX)),
    ));
    for (c, v) in &fc.total {
        t.summary.push(("total", Cell::Amount(*v, c.clone())));
    }
    t
}

/// Activity in a period: per user, history entries and detail items by kind, cases opened
/// and closed.
pub fn activity_table(rows: &[ActivityRow], from: NaiveDate, to: NaiveDate) -> Table {
    let mut t = Table::new("activity", &["user", "what", "kind", "count"]);
    t.period = Some((from, to));
    let count = |n: u64| Cell::Count(i64::try_from(n).unwrap_or(i64::MAX));
    for r in rows {
        let user = || Cell::Text(r.user.clone());
        for (k, n) in &r.history {
            t.rows.push(vec![
                user(),
                Cell::Word("history"),
                Cell::Text(k.clone()),
                count(*n),
            ]);
        }
        for (k, n) in &r.details {
            t.rows.push(vec![
                user(),
                Cell::Word("detail"),
                Cell::Text(k.clone()),
                count(*n),
            ]);
        }
        t.rows.push(vec![
            user(),
            Cell::Word("cases"),
            Cell::Word("opened"),
            count(r.cases_opened),
        ]);
        t.rows.push(vec![
            user(),
            Cell::Word("cases"),
            Cell::Word("closed"),
            count(r.cases_closed),
        ]);
    }
    t
}

/// Overdue open cases: one row per case and currency of its value (one row with no value
/// for a case without items).
pub fn overdue_table(list: &[OverdueCase]) -> Table {
    let mut t = Table::new(
        "overdue",
        &[
            "number",
            "title",
            "counterparty",
            "responsible",
            "deadline",
            "days_overdue",
            "currency",
            "value",
        ],
    );
    for o in list {
        let head = || {
            vec![
                Cell::Text(o.case.number.clone()),
                Cell::Text(o.case.data.title.clone()),
                Cell::Text(o.counterparty.clone()),
                Cell::Text(o.responsible.clone()),
                o.case.data.deadline.map(Cell::Date).unwrap_or(Cell::Empty),
                Cell::Count(o.days_overdue),
            ]
        };
        if o.totals.is_empty() {
            let mut row = head();
            row.extend([Cell::Empty, Cell::Empty]);
            t.rows.push(row);
        }
        for (c, v) in &o.totals {
            let mut row = head();
            row.extend([Cell::Text(c.to_string()), Cell::Money(*v)]);
            t.rows.push(row);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ForecastRow;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap_or_default()
    }

    fn csv_of(t: &Table) -> String {
        String::from_utf8(t.to_csv()).unwrap_or_default()
    }

    #[test]
    fn money_is_written_the_same_way_for_every_currency() {
        let row = |key: &str, c: &str, v: &str| ForecastRow {
            key: key.into(),
            currency: Currency::parse(c).unwrap_or_default(),
            value: dec(v),
            cases: 1,
        };
        let fc = Forecast {
            by_month: vec![row("2026-03", "EUR", "600"), row("", "PLN", "2750.00")],
            by_employee: vec![row("anna", "PLN", "0.125")],
            by_kind: vec![row("", "USD", "1234567.5")],
            total: vec![],
            open_cases: 2,
        };
        assert_eq!(
            csv_of(&forecast_table(&fc)),
            "\u{feff}group,key,currency,value,cases\r\n\
             month,2026-03,EUR,600.00,1\r\n\
             month,(no deadline),PLN,2750.00,1\r\n\
             employee,anna,PLN,0.12,1\r\n\
             kind,(no kind),USD,1234567.50,1\r\n"
        );
    }

    #[test]
    fn typed_text_is_neutralised_and_fixed_words_are_not() {
        let mut t = Table::new("x", &["a", "b", "c", "d"]);
        t.rows.push(vec![
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Text("+48 601".into()),
            Cell::Count(-3),
            Cell::Text("Łukasz, \"Ząb\"".into()),
        ]);
        assert_eq!(
            csv_of(&t),
            "\u{feff}a,b,c,d\r\n\"'=HYPERLINK(\"\"x\"\")\",'+48 601,-3,\"Łukasz, \"\"Ząb\"\"\"\r\n"
        );
    }

    #[test]
    fn people_see_their_language() {
        let fm = Formatter::default_zone(crate::model::Language::Polish);
        let word = |w: &str| format!("<{w}>");
        assert_eq!(Cell::Money(dec("3249.966")).shown(&fm, &word), "3 249,97");
        assert_eq!(
            Cell::Amount(dec("12.5"), Currency::pln()).shown(&fm, &word),
            "12,50 zł"
        );
        assert_eq!(Cell::Missing("no_kind").shown(&fm, &word), "<no_kind>");
        let d = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default();
        assert_eq!(Cell::Date(d).shown(&fm, &word), "31.03.2026");
        assert_eq!(Cell::Date(d).csv_text(), "2026-03-31");
    }

    #[test]
    fn file_names_carry_the_period() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        let t = activity_table(&[], d(12, 1), d(12, 31));
        assert_eq!(t.file_name("pdf"), "activity-2026-12-01-2026-12-31.pdf");
        assert_eq!(overdue_table(&[]).file_name("csv"), "overdue.csv");
    }
}
