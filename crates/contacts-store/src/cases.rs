//! `CaseOps` on SQLite: client history, account managers, cases, items and detail items.
//!
//! Timestamps are written with six fixed decimals so that text order is time order (the
//! history index and the "not contacted since" filter compare them as text). A case's
//! `totals` column holds its exact per-currency totals, derived from its items when it is
//! written, so the forecast reads one row per open case.

use chrono::{DateTime, NaiveDate, Utc};
use contacts_core::case::{
    totals_of, ActivityCounts, Case, CaseData, CaseItem, CaseQuery, CaseStatus, Detail, DetailBody,
    HistoryEntry, HistoryFile, NewHistoryEntry, OpenCaseValue, Priority,
};
use contacts_core::case_store::CaseOps;
use contacts_core::ids::{CaseId, ContactId, DetailId, HistoryFileId, HistoryId, LabelId, UserId};
use contacts_core::model::Meta;
use contacts_core::money::{self, Amount, Currency};
use contacts_core::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use crate::backend;
use crate::ops::{corrupt, parse_ts, SqlOps};

/// A timestamp in the fixed-width form these tables keep.
pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| corrupt(format!("bad date '{s}': {e}")))
}

fn checked<T>(r: Result<T>) -> rusqlite::Result<T> {
    r.map_err(|e| corrupt(e.to_string()))
}

fn collect<T>(rows: impl Iterator<Item = rusqlite::Result<T>>) -> Result<Vec<T>> {
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
}

const CASE_COLS: &str =
    "SELECT id, year, seq, number, title, registered_on, counterparty_id, external_number,
    person_id, responsible, deadline, priority, kind_id, only_listed_articles, closed_at, closed_by,
    created_at, created_by, updated_at, updated_by, version FROM cases";

/// A case row without its items.
fn read_case(r: &Row<'_>) -> rusqlite::Result<Case> {
    let closed_at: Option<String> = r.get(14)?;
    let closed_by: Option<i64> = r.get(15)?;
    let status = match (closed_at, closed_by) {
        (Some(at), Some(by)) => CaseStatus::Closed {
            by: UserId(by),
            at: parse_ts(&at)?,
        },
        _ => CaseStatus::Open,
    };
    Ok(Case {
        id: CaseId(r.get(0)?),
        year: r.get(1)?,
        seq: r.get(2)?,
        number: r.get(3)?,
        data: CaseData {
            title: r.get(4)?,
            registered_on: parse_day(&r.get::<_, String>(5)?)?,
            counterparty: ContactId(r.get(6)?),
            external_number: r.get(7)?,
            person: r.get::<_, Option<i64>>(8)?.map(ContactId),
            responsible: UserId(r.get(9)?),
            deadline: r
                .get::<_, Option<String>>(10)?
                .map(|d| parse_day(&d))
                .transpose()?,
            priority: checked(Priority::parse(&r.get::<_, String>(11)?))?,
            kind: r.get::<_, Option<i64>>(12)?.map(LabelId),
            items: Vec::new(),
            only_listed_articles: r.get(13)?,
        },
        status,
        meta: Meta {
            created_at: parse_ts(&r.get::<_, String>(16)?)?,
            created_by: UserId(r.get(17)?),
            updated_at: parse_ts(&r.get::<_, String>(18)?)?,
            updated_by: UserId(r.get(19)?),
            version: r.get::<_, i64>(20)? as u64,
        },
    })
}

fn read_item(r: &Row<'_>) -> rusqlite::Result<CaseItem> {
    Ok(CaseItem {
        article: r.get(0)?,
        quantity: checked(Amount::parse("quantity", &r.get::<_, String>(1)?))?,
        unit: r.get(2)?,
        unit_price: checked(Amount::parse("price", &r.get::<_, String>(3)?))?,
        currency: checked(Currency::parse(&r.get::<_, String>(4)?))?,
        payment: r.get(5)?,
    })
}

const DETAIL_COLS: &str =
    "SELECT id, case_id, at, type, kind, symbol, text, name, media_type, size,
    created_at, created_by, updated_at, updated_by, version FROM case_details";

fn read_detail(r: &Row<'_>) -> rusqlite::Result<Detail> {
    let ty: String = r.get(3)?;
    let body = match ty.as_str() {
        "note" => DetailBody::Note {
            kind: r.get(4)?,
            text: r.get(6)?,
        },
        "document" => DetailBody::Document {
            kind: r.get(4)?,
            symbol: r.get(5)?,
            content: r.get(6)?,
        },
        "file" => DetailBody::File {
            name: r.get(7)?,
            media_type: r.get(8)?,
            note: r.get(6)?,
        },
        other => return Err(corrupt(format!("unknown detail type '{other}'"))),
    };
    Ok(Detail {
        id: DetailId(r.get(0)?),
        case: CaseId(r.get(1)?),
        at: parse_ts(&r.get::<_, String>(2)?)?,
        body,
        size: r.get::<_, i64>(9)? as u64,
        meta: Meta {
            created_at: parse_ts(&r.get::<_, String>(10)?)?,
            created_by: UserId(r.get(11)?),
            updated_at: parse_ts(&r.get::<_, String>(12)?)?,
            updated_by: UserId(r.get(13)?),
            version: r.get::<_, i64>(14)? as u64,
        },
    })
}

/// (type, kind, symbol, text, name, media_type) of a detail body.
fn detail_values(b: &DetailBody) -> [&str; 6] {
    match b {
        DetailBody::Note { kind, text } => ["note", kind, "", text, "", ""],
        DetailBody::Document {
            kind,
            symbol,
            content,
        } => ["document", kind, symbol, content, "", ""],
        DetailBody::File {
            name,
            media_type,
            note,
        } => ["file", "", "", note, name, media_type],
    }
}

const HISTORY_COLS: &str = "SELECT id, contact_id, kind, at, text, author, created_at FROM history";

fn read_entry(r: &Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        id: HistoryId(r.get(0)?),
        contact: ContactId(r.get(1)?),
        kind: r.get(2)?,
        at: parse_ts(&r.get::<_, String>(3)?)?,
        text: r.get(4)?,
        author: UserId(r.get(5)?),
        created_at: parse_ts(&r.get::<_, String>(6)?)?,
        files: Vec::new(),
    })
}

fn read_history_file(r: &Row<'_>) -> rusqlite::Result<HistoryFile> {
    Ok(HistoryFile {
        id: HistoryFileId(r.get(0)?),
        entry: HistoryId(r.get(1)?),
        name: r.get(2)?,
        media_type: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
    })
}

fn status_values(s: CaseStatus) -> (Value, Value) {
    match s {
        CaseStatus::Open => (Value::Null, Value::Null),
        CaseStatus::Closed { by, at } => (Value::Text(ts(&at)), Value::Integer(by.0)),
    }
}

impl SqlOps<'_> {
    fn exec(&self, sql: &str, args: impl rusqlite::Params) -> Result<usize> {
        self.conn
            .prepare_cached(sql)
            .map_err(backend)?
            .execute(args)
            .map_err(backend)
    }

    fn with_files(&self, mut e: HistoryEntry) -> Result<HistoryEntry> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, entry_id, name, media_type, size FROM history_files WHERE entry_id = ?1 ORDER BY id")
            .map_err(backend)?;
        e.files = collect(st.query_map([e.id.0], read_history_file).map_err(backend)?)?;
        Ok(e)
    }

    /// Recomputes a contact's last contact time from its history.
    /// The contact a history entry is on; not found when there is no such entry.
    fn history_contact(&self, id: HistoryId) -> Result<ContactId> {
        let contact: Option<i64> = self
            .conn
            .prepare_cached("SELECT contact_id FROM history WHERE id = ?1")
            .map_err(backend)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        contact
            .map(ContactId)
            .ok_or_else(|| Error::not_found(format!("history entry {id}")))
    }

    fn refresh_last_contact(&self, contact: ContactId) -> Result<()> {
        self.exec(
            "UPDATE contacts SET last_contact_at = (SELECT max(at) FROM history WHERE contact_id = ?1) WHERE id = ?1",
            [contact.0],
        )?;
        Ok(())
    }

    fn with_items(&self, mut c: Case) -> Result<Case> {
        let mut st = self
            .conn
            .prepare_cached("SELECT article, quantity, unit, unit_price, currency, payment FROM case_items WHERE case_id = ?1 ORDER BY line")
            .map_err(backend)?;
        c.data.items = collect(st.query_map([c.id.0], read_item).map_err(backend)?)?;
        Ok(c)
    }

    fn write_items(&self, case: &Case, replace: bool) -> Result<()> {
        if replace {
            self.exec("DELETE FROM case_items WHERE case_id = ?1", [case.id.0])?;
        }
        let mut st = self
            .conn
            .prepare_cached("INSERT INTO case_items (case_id, line, article, quantity, unit, unit_price, currency, payment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .map_err(backend)?;
        for (i, it) in case.data.items.iter().enumerate() {
            st.execute(params![
                case.id.0,
                i as i64 + 1,
                it.article,
                it.quantity.to_string(),
                it.unit,
                it.unit_price.to_string(),
                it.currency.as_str(),
                it.payment
            ])
            .map_err(backend)?;
        }
        Ok(())
    }

    /// The values of the case columns from `title` to `version`, in table order.
    fn case_values(case: &Case) -> Result<Vec<Value>> {
        let d = &case.data;
        let (closed_at, closed_by) = status_values(case.status);
        let totals = money::encode_totals(&totals_of(&d.items)?);
        Ok(vec![
            Value::Text(d.title.clone()),
            Value::Text(day(d.registered_on)),
            Value::Integer(d.counterparty.0),
            Value::Text(d.external_number.clone()),
            d.person.map_or(Value::Null, |p| Value::Integer(p.0)),
            Value::Integer(d.responsible.0),
            d.deadline.map_or(Value::Null, |x| Value::Text(day(x))),
            Value::Text(d.priority.as_str().to_string()),
            d.kind.map_or(Value::Null, |k| Value::Integer(k.0)),
            Value::Integer(i64::from(d.only_listed_articles)),
            closed_at,
            closed_by,
            Value::Text(totals),
            Value::Text(ts(&case.meta.created_at)),
            Value::Integer(case.meta.created_by.0),
            Value::Text(ts(&case.meta.updated_at)),
            Value::Integer(case.meta.updated_by.0),
            Value::Integer(case.meta.version as i64),
        ])
    }

    fn case_filters(q: &CaseQuery) -> (String, Vec<Value>) {
        let mut sql = String::from(" WHERE 1");
        let mut args = Vec::new();
        match q.open {
            Some(true) => sql.push_str(" AND closed_at IS NULL"),
            Some(false) => sql.push_str(" AND closed_at IS NOT NULL"),
            None => {}
        }
        let mut eq = |col: &str, v: Value, op: &str| {
            args.push(v);
            sql.push_str(&format!(" AND {col} {op} ?{}", args.len()));
        };
        if let Some(u) = q.responsible {
            eq("responsible", Value::Integer(u.0), "=");
        }
        if let Some(c) = q.counterparty {
            eq("counterparty_id", Value::Integer(c.0), "=");
        }
        if let Some(k) = q.kind {
            eq("kind_id", Value::Integer(k.0), "=");
        }
        if let Some(d) = q.deadline_before {
            eq("deadline", Value::Text(day(d)), "<");
        }
        (sql, args)
    }

    fn counts(&self, sql: &str, from: &str, to: &str) -> Result<Vec<(UserId, String, u64)>> {
        let mut st = self.conn.prepare_cached(sql).map_err(backend)?;
        let rows = st
            .query_map([from, to], |r| {
                Ok((
                    UserId(r.get(0)?),
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)? as u64,
                ))
            })
            .map_err(backend)?;
        collect(rows)
    }
}

impl CaseOps for SqlOps<'_> {
    fn insert_history(&self, new: &NewHistoryEntry) -> Result<HistoryId> {
        self.w()?;
        self.exec(
            "INSERT INTO history (contact_id, kind, at, text, author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![new.contact.0, new.kind, ts(&new.at), new.text, new.author.0, ts(&new.created_at)],
        )?;
        let id = HistoryId(self.conn.last_insert_rowid());
        for (name, media_type, bytes) in &new.files {
            self.exec(
                "INSERT INTO history_files (entry_id, name, media_type, size, bytes) VALUES (?1, ?2, ?3, ?4, zeroblob(?4))",
                params![id.0, name, media_type, bytes.len() as i64],
            )?;
            crate::ops::write_blob(
                self.conn,
                "history_files",
                self.conn.last_insert_rowid(),
                bytes,
            )?;
        }
        self.exec(
            "UPDATE contacts SET last_contact_at = ?2 WHERE id = ?1 AND (last_contact_at IS NULL OR last_contact_at < ?2)",
            params![new.contact.0, ts(&new.at)],
        )?;
        Ok(id)
    }

    fn history_of(&self, contact: ContactId) -> Result<Vec<HistoryEntry>> {
        let entries = {
            let mut st = self
                .conn
                .prepare_cached(&format!(
                    "{HISTORY_COLS} WHERE contact_id = ?1 ORDER BY at DESC, id DESC"
                ))
                .map_err(backend)?;
            let rows = collect(st.query_map([contact.0], read_entry).map_err(backend)?)?;
            rows
        };
        entries.into_iter().map(|e| self.with_files(e)).collect()
    }

    fn history_entry(&self, id: HistoryId) -> Result<Option<HistoryEntry>> {
        let e = self
            .conn
            .prepare_cached(&format!("{HISTORY_COLS} WHERE id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_entry)
            .optional()
            .map_err(backend)?;
        e.map(|e| self.with_files(e)).transpose()
    }

    fn delete_history(&self, id: HistoryId) -> Result<()> {
        self.w()?;
        let contact = self.history_contact(id)?;
        self.exec("DELETE FROM history WHERE id = ?1", [id.0])?;
        self.refresh_last_contact(contact)
    }

    fn update_history(
        &self,
        id: HistoryId,
        kind: &str,
        at: DateTime<Utc>,
        text: &str,
    ) -> Result<()> {
        self.w()?;
        let contact = self.history_contact(id)?;
        self.exec(
            "UPDATE history SET kind = ?2, at = ?3, text = ?4 WHERE id = ?1",
            params![id.0, kind, ts(&at), text],
        )?;
        self.refresh_last_contact(contact)
    }

    fn history_file(&self, id: HistoryFileId) -> Result<Option<(HistoryFile, Vec<u8>)>> {
        self.conn
            .prepare_cached(
                "SELECT id, entry_id, name, media_type, size, bytes FROM history_files WHERE id = ?1",
            )
            .map_err(backend)?
            .query_row([id.0], |r| Ok((read_history_file(r)?, r.get(5)?)))
            .optional()
            .map_err(backend)
    }

    fn history_kind_uses(&self) -> Result<Vec<(String, u64)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT kind, count(*) FROM history GROUP BY kind")
            .map_err(backend)?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .map_err(backend)?;
        collect(rows)
    }

    fn last_contact(&self, contact: ContactId) -> Result<Option<DateTime<Utc>>> {
        let at: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT last_contact_at FROM contacts WHERE id = ?1")
            .map_err(backend)?
            .query_row([contact.0], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        at.flatten()
            .map(|s| parse_ts(&s).map_err(backend))
            .transpose()
    }

    fn set_account_manager(&self, contact: ContactId, user: Option<UserId>) -> Result<()> {
        self.w()?;
        match user {
            Some(u) => self.exec(
                "INSERT INTO account_managers (contact_id, user_id) VALUES (?1, ?2)
                 ON CONFLICT (contact_id) DO UPDATE SET user_id = excluded.user_id",
                [contact.0, u.0],
            )?,
            None => self.exec(
                "DELETE FROM account_managers WHERE contact_id = ?1",
                [contact.0],
            )?,
        };
        Ok(())
    }

    fn account_manager(&self, contact: ContactId) -> Result<Option<UserId>> {
        self.conn
            .prepare_cached("SELECT user_id FROM account_managers WHERE contact_id = ?1")
            .map_err(backend)?
            .query_row([contact.0], |r| r.get(0).map(UserId))
            .optional()
            .map_err(backend)
    }

    fn clients_of(&self, user: UserId) -> Result<Vec<ContactId>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT contact_id FROM account_managers WHERE user_id = ?1 ORDER BY contact_id",
            )
            .map_err(backend)?;
        let rows = st
            .query_map([user.0], |r| r.get(0).map(ContactId))
            .map_err(backend)?;
        collect(rows)
    }

    fn last_case_seq(&self, year: i32) -> Result<u32> {
        self.conn
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM cases WHERE year = ?1")
            .map_err(backend)?
            .query_row([year], |r| r.get(0))
            .map_err(backend)
    }

    fn insert_case(&self, case: &Case) -> Result<CaseId> {
        self.w()?;
        let mut values = vec![
            Value::Integer(i64::from(case.year)),
            Value::Integer(i64::from(case.seq)),
            Value::Text(case.number.clone()),
        ];
        values.extend(Self::case_values(case)?);
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO cases (year, seq, number, title, registered_on, counterparty_id, external_number,
             person_id, responsible, deadline, priority, kind_id, only_listed_articles, closed_at, closed_by,
             totals, created_at, created_by, updated_at, updated_by, version) VALUES ({})",
            marks.join(", ")
        );
        self.exec(&sql, params_from_iter(values))
            .map_err(|e| match e {
                Error::Conflict(_) => {
                    Error::Conflict(format!("case number {} is taken", case.number))
                }
                other => other,
            })?;
        let id = CaseId(self.conn.last_insert_rowid());
        self.write_items(&Case { id, ..case.clone() }, false)?;
        Ok(id)
    }

    fn case(&self, id: CaseId) -> Result<Option<Case>> {
        let c = self
            .conn
            .prepare_cached(&format!("{CASE_COLS} WHERE id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_case)
            .optional()
            .map_err(backend)?;
        c.map(|c| self.with_items(c)).transpose()
    }

    fn case_by_number(&self, number: &str) -> Result<Option<Case>> {
        let c = self
            .conn
            .prepare_cached(&format!("{CASE_COLS} WHERE number = ?1"))
            .map_err(backend)?
            .query_row([number], read_case)
            .optional()
            .map_err(backend)?;
        c.map(|c| self.with_items(c)).transpose()
    }

    fn update_case(&self, case: &Case, expected_version: u64) -> Result<()> {
        self.w()?;
        let mut values = Self::case_values(case)?;
        values.push(Value::Integer(case.id.0));
        values.push(Value::Integer(expected_version as i64));
        let n = self.exec(
            "UPDATE cases SET title = ?1, registered_on = ?2, counterparty_id = ?3, external_number = ?4,
             person_id = ?5, responsible = ?6, deadline = ?7, priority = ?8, kind_id = ?9,
             only_listed_articles = ?10, closed_at = ?11, closed_by = ?12, totals = ?13,
             created_at = ?14, created_by = ?15, updated_at = ?16, updated_by = ?17, version = ?18
             WHERE id = ?19 AND version = ?20",
            params_from_iter(values),
        )?;
        if n == 0 {
            return match self.case(case.id)? {
                Some(c) => Err(Error::Conflict(format!(
                    "case {} is at version {}, not {expected_version}",
                    c.number, c.meta.version
                ))),
                None => Err(Error::not_found(format!("case {}", case.id))),
            };
        }
        self.write_items(case, true)
    }

    fn delete_case(&self, id: CaseId) -> Result<()> {
        self.w()?;
        if self.exec("DELETE FROM cases WHERE id = ?1", [id.0])? == 0 {
            return Err(Error::not_found(format!("case {id}")));
        }
        Ok(())
    }

    fn list_cases(&self, q: &CaseQuery) -> Result<Vec<Case>> {
        let (filter, mut args) = Self::case_filters(q);
        args.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        args.push(Value::Integer(i64::try_from(q.offset).unwrap_or(i64::MAX)));
        let sql = format!(
            "{CASE_COLS}{filter} ORDER BY year DESC, seq DESC LIMIT ?{} OFFSET ?{}",
            args.len() - 1,
            args.len()
        );
        let cases = {
            let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
            let rows = collect(
                st.query_map(params_from_iter(args), read_case)
                    .map_err(backend)?,
            )?;
            rows
        };
        cases.into_iter().map(|c| self.with_items(c)).collect()
    }

    fn count_cases(&self, q: &CaseQuery) -> Result<u64> {
        let (filter, args) = Self::case_filters(q);
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM cases{filter}"))
            .map_err(backend)?
            .query_row(params_from_iter(args), |r| r.get(0))
            .map_err(backend)?;
        Ok(n as u64)
    }

    fn cases_naming(&self, contact: ContactId) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT (SELECT count(*) FROM cases WHERE counterparty_id = ?1) + (SELECT count(*) FROM cases WHERE person_id = ?1 AND counterparty_id <> ?1)")
            .map_err(backend)?
            .query_row([contact.0], |r| r.get(0))
            .map_err(backend)?;
        Ok(n as u64)
    }

    fn open_case_values(&self) -> Result<Vec<OpenCaseValue>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT deadline, responsible, kind_id, totals FROM cases INDEXED BY cases_open_by_deadline WHERE closed_at IS NULL",
            )
            .map_err(backend)?;
        let mut rows = st.query([]).map_err(backend)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(backend)? {
            let deadline = match r.get_ref(0).map_err(backend)? {
                rusqlite::types::ValueRef::Text(t) => Some(
                    NaiveDate::parse_from_str(
                        std::str::from_utf8(t).map_err(Error::backend)?,
                        "%Y-%m-%d",
                    )
                    .map_err(Error::backend)?,
                ),
                _ => None,
            };
            let totals = match r.get_ref(3).map_err(backend)? {
                rusqlite::types::ValueRef::Text(t) => {
                    money::decode_totals(std::str::from_utf8(t).map_err(Error::backend)?)?
                }
                _ => Vec::new(),
            };
            out.push(OpenCaseValue {
                deadline,
                responsible: UserId(r.get(1).map_err(backend)?),
                kind: r.get::<_, Option<i64>>(2).map_err(backend)?.map(LabelId),
                totals,
            });
        }
        Ok(out)
    }

    fn insert_detail(&self, d: &Detail, bytes: Option<&[u8]>) -> Result<DetailId> {
        self.w()?;
        let [ty, kind, symbol, text, name, media_type] = detail_values(&d.body);
        self.exec(
            "INSERT INTO case_details (case_id, at, type, kind, symbol, text, name, media_type, size, bytes,
             created_at, created_by, updated_at, updated_by, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                d.case.0,
                ts(&d.at),
                ty,
                kind,
                symbol,
                text,
                name,
                media_type,
                d.size as i64,
                bytes,
                ts(&d.meta.created_at),
                d.meta.created_by.0,
                ts(&d.meta.updated_at),
                d.meta.updated_by.0,
                d.meta.version as i64
            ],
        )?;
        Ok(DetailId(self.conn.last_insert_rowid()))
    }

    fn details(&self, case: CaseId) -> Result<Vec<Detail>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{DETAIL_COLS} WHERE case_id = ?1 ORDER BY at, id"))
            .map_err(backend)?;
        let rows = st.query_map([case.0], read_detail).map_err(backend)?;
        collect(rows)
    }

    fn detail(&self, id: DetailId) -> Result<Option<Detail>> {
        self.conn
            .prepare_cached(&format!("{DETAIL_COLS} WHERE id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_detail)
            .optional()
            .map_err(backend)
    }

    fn detail_bytes(&self, id: DetailId) -> Result<Option<Vec<u8>>> {
        let b: Option<Option<Vec<u8>>> = self
            .conn
            .prepare_cached("SELECT bytes FROM case_details WHERE id = ?1")
            .map_err(backend)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        Ok(b.flatten())
    }

    fn update_detail(&self, d: &Detail, bytes: Option<&[u8]>, expected_version: u64) -> Result<()> {
        self.w()?;
        let [ty, kind, symbol, text, name, media_type] = detail_values(&d.body);
        let n = self.exec(
            "UPDATE case_details SET at = ?2, type = ?3, kind = ?4, symbol = ?5, text = ?6, name = ?7,
             media_type = ?8, size = ?9, bytes = coalesce(?10, bytes), updated_at = ?11,
             updated_by = ?12, version = ?13 WHERE id = ?1 AND version = ?14",
            params![
                d.id.0,
                ts(&d.at),
                ty,
                kind,
                symbol,
                text,
                name,
                media_type,
                d.size as i64,
                bytes,
                ts(&d.meta.updated_at),
                d.meta.updated_by.0,
                d.meta.version as i64,
                expected_version as i64
            ],
        )?;
        if n == 0 {
            return match self.detail(d.id)? {
                Some(old) => Err(Error::Conflict(format!(
                    "detail item {} is at version {}, not {expected_version}",
                    d.id, old.meta.version
                ))),
                None => Err(Error::not_found(format!("detail item {}", d.id))),
            };
        }
        Ok(())
    }

    fn delete_detail(&self, id: DetailId) -> Result<()> {
        self.w()?;
        if self.exec("DELETE FROM case_details WHERE id = ?1", [id.0])? == 0 {
            return Err(Error::not_found(format!("detail item {id}")));
        }
        Ok(())
    }

    fn link_case_reminder(
        &self,
        reminder: contacts_core::ids::ReminderId,
        case: CaseId,
    ) -> Result<()> {
        self.w()?;
        self.exec(
            "INSERT INTO case_reminders (reminder_id, case_id) VALUES (?1, ?2)
             ON CONFLICT (reminder_id) DO UPDATE SET case_id = excluded.case_id",
            [reminder.0, case.0],
        )
        .map_err(|e| match e {
            Error::Backend(m) if m.to_string().contains("FOREIGN KEY") => {
                Error::not_found(format!("reminder {reminder} or case {case}"))
            }
            other => other,
        })?;
        Ok(())
    }

    fn case_reminder_ids(&self, case: CaseId) -> Result<Vec<contacts_core::ids::ReminderId>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT reminder_id FROM case_reminders WHERE case_id = ?1 ORDER BY reminder_id",
            )
            .map_err(backend)?;
        let ids = collect(
            st.query_map([case.0], |r| r.get::<_, i64>(0))
                .map_err(backend)?,
        )?;
        Ok(ids
            .into_iter()
            .map(contacts_core::ids::ReminderId)
            .collect())
    }

    fn reminder_case(
        &self,
        reminder: contacts_core::ids::ReminderId,
    ) -> Result<Option<(CaseId, String)>> {
        self.conn
            .prepare_cached(
                "SELECT c.id, c.number FROM case_reminders r JOIN cases c ON c.id = r.case_id
                 WHERE r.reminder_id = ?1",
            )
            .map_err(backend)?
            .query_row([reminder.0], |r| Ok((CaseId(r.get(0)?), r.get(1)?)))
            .optional()
            .map_err(backend)
    }

    fn activity_counts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<ActivityCounts> {
        let (f, t) = (ts(&from), ts(&to));
        let history = self.counts(
            "SELECT author, kind, count(*) FROM history WHERE at >= ?1 AND at < ?2 GROUP BY author, kind",
            &f,
            &t,
        )?;
        let details = self
            .counts(
                "SELECT created_by, type || char(31) || kind, count(*) FROM case_details
                 WHERE at >= ?1 AND at < ?2 GROUP BY created_by, type, kind",
                &f,
                &t,
            )?
            .into_iter()
            .map(|(u, key, n)| {
                let (ty, kind) = key.split_once('\u{1f}').unwrap_or((key.as_str(), ""));
                let key = if ty == "file" || kind.is_empty() {
                    ty.to_string()
                } else {
                    format!("{ty}: {kind}")
                };
                (u, key, n)
            })
            .collect::<Vec<_>>();
        // Files and kind-less items of one user fold into one key.
        let mut merged: Vec<(UserId, String, u64)> = Vec::new();
        for (u, k, n) in details {
            match merged.iter_mut().find(|(mu, mk, _)| *mu == u && *mk == k) {
                Some(slot) => slot.2 += n,
                None => merged.push((u, k, n)),
            }
        }
        let pairs = |sql: &str| -> Result<Vec<(UserId, u64)>> {
            let mut st = self.conn.prepare_cached(sql).map_err(backend)?;
            let rows = st
                .query_map([&f, &t], |r| {
                    Ok((UserId(r.get(0)?), r.get::<_, i64>(1)? as u64))
                })
                .map_err(backend)?;
            collect(rows)
        };
        Ok(ActivityCounts {
            history,
            details: merged,
            opened: pairs("SELECT created_by, count(*) FROM cases WHERE created_at >= ?1 AND created_at < ?2 GROUP BY created_by")?,
            closed: pairs("SELECT closed_by, count(*) FROM cases WHERE closed_at >= ?1 AND closed_at < ?2 GROUP BY closed_by")?,
        })
    }
}
