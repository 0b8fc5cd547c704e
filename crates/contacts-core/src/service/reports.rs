//! Reports over cases and history, as plain data for frontends to render as tables,
//! JSON or CSV: the sales forecast, the activity of each employee, overdue cases.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use super::{Actor, Service};
use crate::case::{Case, CaseQuery};
use crate::error::{Error, Result};
use crate::ids::UserId;
use crate::money::{self, Currency, Decimal, Totals};
use crate::store::{ListKind, Store};

/// One line of a forecast: a group, a currency, the value of its open cases, how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastRow {
    /// The month of the deadline ("2026-03", "" for no deadline), the employee's user
    /// name, or the case kind ("" for none).
    pub key: String,
    pub currency: Currency,
    /// Exact; round with [`money::display`] to show.
    pub value: Decimal,
    /// Open cases in the group (with an item in this currency).
    pub cases: u64,
}

/// The sales forecast from open cases. Rows are sorted by key then currency; "no
/// deadline" and "no kind" come last.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Forecast {
    pub by_month: Vec<ForecastRow>,
    pub by_employee: Vec<ForecastRow>,
    pub by_kind: Vec<ForecastRow>,
    /// Every open case's value, per currency.
    pub total: Totals,
    /// How many cases are open.
    pub open_cases: u64,
}

/// What one employee did in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub user: String,
    /// History entries by kind.
    pub history: BTreeMap<String, u64>,
    /// Detail items by kind: "note: telefon", "document: faktura", "file".
    pub details: BTreeMap<String, u64>,
    pub cases_opened: u64,
    pub cases_closed: u64,
}

/// An open case past its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueCase {
    pub case: Case,
    pub counterparty: String,
    pub responsible: String,
    /// Whole days past the deadline.
    pub days_overdue: i64,
    pub totals: Totals,
}

/// Per currency: the value and the number of cases.
type Acc = Vec<(Currency, Decimal, u64)>;

fn add(acc: &mut Acc, totals: &Totals) -> Result<()> {
    for (currency, value) in totals {
        match acc.iter_mut().find(|a| a.0 == *currency) {
            Some(a) => {
                a.1 = money::add(a.1, *value)?;
                a.2 += 1;
            }
            None => acc.push((currency.clone(), *value, 1)),
        }
    }
    Ok(())
}

/// Rows sorted by key then currency, with the empty key ("none") last.
fn rows(groups: impl IntoIterator<Item = (String, Acc)>) -> Vec<ForecastRow> {
    let mut out: Vec<ForecastRow> = groups
        .into_iter()
        .flat_map(|(key, acc)| {
            acc.into_iter()
                .map(move |(currency, value, cases)| ForecastRow {
                    key: key.clone(),
                    currency,
                    value,
                    cases,
                })
        })
        .collect();
    out.sort_by(|a, b| {
        (a.key.is_empty(), &a.key, &a.currency).cmp(&(b.key.is_empty(), &b.key, &b.currency))
    });
    out
}

impl<S: Store> Service<S> {
    /// The value of open cases by month of deadline, by employee responsible and by kind.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn forecast(&self, _actor: &Actor) -> Result<Forecast> {
        let (values, users, kinds) = self.store.read(|ops| {
            Ok((
                ops.open_case_values()?,
                ops.users()?,
                ops.labels(ListKind::CaseKind)?,
            ))
        })?;
        // Group by ids first; names are looked up once per group.
        let mut by_month: BTreeMap<Option<(i32, u32)>, Acc> = BTreeMap::new();
        let mut by_employee: BTreeMap<UserId, Acc> = BTreeMap::new();
        let mut by_kind: BTreeMap<Option<crate::ids::LabelId>, Acc> = BTreeMap::new();
        let mut total = Totals::new();
        for v in &values {
            let month = v.deadline.map(|d| (d.year(), d.month()));
            add(by_month.entry(month).or_default(), &v.totals)?;
            add(by_employee.entry(v.responsible).or_default(), &v.totals)?;
            add(by_kind.entry(v.kind).or_default(), &v.totals)?;
            for (c, value) in &v.totals {
                money::add_to(&mut total, c, *value)?;
            }
        }
        let by_month = by_month.into_iter().map(|(m, acc)| {
            let key = m.map(|(y, m)| format!("{y:04}-{m:02}")).unwrap_or_default();
            (key, acc)
        });
        let by_employee = by_employee.into_iter().map(|(u, acc)| {
            let name = users
                .iter()
                .find(|x| x.id == u)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| format!("user {u}"));
            (name, acc)
        });
        let by_kind = by_kind.into_iter().map(|(k, acc)| {
            let name = k
                .and_then(|k| kinds.iter().find(|l| l.id == k))
                .map(|l| l.name.clone())
                .unwrap_or_default();
            (name, acc)
        });
        Ok(Forecast {
            by_month: rows(by_month),
            by_employee: rows(by_employee),
            by_kind: rows(by_kind),
            total,
            open_cases: values.len() as u64,
        })
    }

    /// What each employee did from `from` to `to`, both days included (UTC days): history
    /// entries and detail items by kind, cases registered and closed. Every enabled user
    /// has a row; a disabled one only if they did something.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn activity(
        &self,
        _actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ActivityRow>> {
        if to < from {
            return Err(Error::invalid(
                "period",
                format!("the period ends ({to}) before it starts ({from})"),
            ));
        }
        let start = DateTime::<Utc>::from_naive_utc_and_offset(from.and_time(NaiveTime::MIN), Utc);
        let end = to
            .succ_opt()
            .map(|d| DateTime::<Utc>::from_naive_utc_and_offset(d.and_time(NaiveTime::MIN), Utc))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let (counts, users) = self
            .store
            .read(|ops| Ok((ops.activity_counts(start, end)?, ops.users()?)))?;
        let mut rows: BTreeMap<UserId, ActivityRow> = BTreeMap::new();
        let name = |id: UserId| {
            users
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
                .unwrap_or_else(|| format!("user {id}"))
        };
        let row = |id: UserId| -> ActivityRow {
            ActivityRow {
                user: name(id),
                history: BTreeMap::new(),
                details: BTreeMap::new(),
                cases_opened: 0,
                cases_closed: 0,
            }
        };
        for u in users.iter().filter(|u| !u.disabled) {
            rows.insert(u.id, row(u.id));
        }
        for (u, kind, n) in counts.history {
            *rows
                .entry(u)
                .or_insert_with(|| row(u))
                .history
                .entry(kind)
                .or_default() += n;
        }
        for (u, kind, n) in counts.details {
            *rows
                .entry(u)
                .or_insert_with(|| row(u))
                .details
                .entry(kind)
                .or_default() += n;
        }
        for (u, n) in counts.opened {
            rows.entry(u).or_insert_with(|| row(u)).cases_opened += n;
        }
        for (u, n) in counts.closed {
            rows.entry(u).or_insert_with(|| row(u)).cases_closed += n;
        }
        let mut out: Vec<ActivityRow> = rows.into_values().collect();
        out.sort_by(|a, b| a.user.cmp(&b.user));
        Ok(out)
    }

    /// Open cases whose deadline is before `today`, the longest overdue first.
    /// Any user may: the business book is shared (the actor is not checked further).
    pub fn overdue_cases(&self, _actor: &Actor, today: NaiveDate) -> Result<Vec<OverdueCase>> {
        let q = CaseQuery {
            open: Some(true),
            deadline_before: Some(today),
            limit: usize::MAX,
            ..CaseQuery::default()
        };
        let mut out = self.store.read(|ops| {
            let mut out = Vec::new();
            for case in ops.list_cases(&q)? {
                let counterparty = ops
                    .contact(case.data.counterparty)?
                    .map(|c| c.data.display_name())
                    .unwrap_or_default();
                let responsible = ops
                    .user(case.data.responsible)?
                    .map(|u| u.name)
                    .unwrap_or_default();
                let days_overdue = case
                    .data
                    .deadline
                    .map(|d| (today - d).num_days())
                    .unwrap_or(0);
                let totals = case.totals()?;
                out.push(OverdueCase {
                    case,
                    counterparty,
                    responsible,
                    days_overdue,
                    totals,
                });
            }
            Ok(out)
        })?;
        out.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then_with(|| (a.case.year, a.case.seq).cmp(&(b.case.year, b.case.seq)))
        });
        Ok(out)
    }
}

/// Which report to write out as a table ([`crate::report`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Forecast,
    /// Both days included.
    Activity {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// Open cases past their deadline today.
    Overdue,
}

impl ReportKind {
    /// The report's name in file names and addresses.
    pub fn name(self) -> &'static str {
        match self {
            ReportKind::Forecast => "forecast",
            ReportKind::Activity { .. } => "activity",
            ReportKind::Overdue => "overdue",
        }
    }
}

impl<S: Store> Service<S> {
    /// A report as the table every frontend writes out (CSV, PDF). Any user may, as for
    /// the reports themselves.
    pub fn report_table(&self, actor: &Actor, kind: ReportKind) -> Result<crate::report::Table> {
        Ok(match kind {
            ReportKind::Forecast => crate::report::forecast_table(&self.forecast(actor)?),
            ReportKind::Activity { from, to } => {
                crate::report::activity_table(&self.activity(actor, from, to)?, from, to)
            }
            ReportKind::Overdue => {
                crate::report::overdue_table(&self.overdue_cases(actor, self.today()?)?)
            }
        })
    }
}
