//! Reminders and the yearly occasions on SQLite: rows in, rows out, every lookup by index.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{DateTime, SecondsFormat, Utc};
use contacts_core::date::{MonthDay, PartialDate};
use contacts_core::ids::{ContactId, ReminderId, UserId};
use contacts_core::model::{Book, ContactKind};
use contacts_core::store::{
    given_key, DatedContact, NewReminder, OccasionOps, OccasionQuery, Reminder, ReminderOps,
    ReminderQuery, Scope,
};
use contacts_core::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::{checked, opt_int, parse_ts, scope_params, SqlOps};
use crate::backend;

/// A fixed-width UTC timestamp, so that text order is time order.
pub(super) fn due_ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

const REMINDER_COLS: &str =
    "SELECT r.id, r.contact_id, r.text, r.due_at, r.created_by, r.created_at,
    r.assignee_id, r.done_by, r.done_at, r.version FROM reminders r";

fn read_reminder(row: &Row<'_>) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        id: ReminderId(row.get(0)?),
        contact: ContactId(row.get(1)?),
        text: row.get(2)?,
        due_at: parse_ts(&row.get::<_, String>(3)?)?,
        created_by: UserId(row.get(4)?),
        created_at: parse_ts(&row.get::<_, String>(5)?)?,
        assignee: row.get::<_, Option<i64>>(6)?.map(UserId),
        done_by: row.get::<_, Option<i64>>(7)?.map(UserId),
        done_at: row
            .get::<_, Option<String>>(8)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        version: row.get::<_, i64>(9)? as u64,
    })
}

/// The few columns occasions need (no JSON, no joins), dates packed as `month * 100 + day`:
/// every column read costs, and a week over a million contacts reads twenty thousand rows.
const DATED_COLS: &str = "SELECT c.id, c.owner_id, c.kind, c.display, c.given, c.birthday_year,
    c.birthday_month * 100 + c.birthday_day, c.nameday_month * 100 + c.nameday_day, c.family
    FROM contacts c";

/// The scope test on `c`, with parameters ?1 (business 0/1) and ?2 (owner id).
// The unary `+` keeps SQLite from answering the OR through the owner index (a scan of a
// whole book) instead of the date and name indexes.
pub(super) const IN_SCOPE: &str = "((?1 AND +c.owner_id IS NULL) OR +c.owner_id = ?2)";

fn read_dated(row: &Row<'_>) -> rusqlite::Result<DatedContact> {
    let month_day = |code: Option<i64>| -> rusqlite::Result<Option<MonthDay>> {
        code.map(|c| checked(MonthDay::new((c / 100) as u32, (c % 100) as u32)))
            .transpose()
    };
    let year = row.get::<_, Option<i64>>(5)?.map(|y| y as i32);
    let birthday = month_day(row.get(6)?)?.map(|md| PartialDate {
        year,
        month_day: md,
    });
    Ok(DatedContact {
        id: ContactId(row.get(0)?),
        book: match row.get::<_, Option<i64>>(1)? {
            Some(u) => Book::Private(UserId(u)),
            None => Book::Business,
        },
        kind: checked(ContactKind::parse(row.get_ref(2)?.as_str()?))?,
        name: row.get(3)?,
        given: row.get(4)?,
        family: row.get(8)?,
        birthday,
        nameday: month_day(row.get(7)?)?,
    })
}

/// The contacts already collected. Tens of thousands of ids go in per query; SipHash (the
/// default, made to resist chosen keys) was a tenth of the time, and ids are not chosen by
/// users, so a multiplicative hash does.
type IdSet = HashSet<ContactId, BuildHasherDefault<IdHasher>>;

#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn code(md: MonthDay) -> i64 {
    i64::from(md.month() * 100 + md.day())
}

impl SqlOps<'_> {
    /// Runs one occasion query (parameters ?1 and ?2 are the scope) and adds new rows to `out`.
    fn collect_dated(
        &self,
        sql: &str,
        args: Vec<Value>,
        seen: &mut IdSet,
        out: &mut Vec<DatedContact>,
        keep: impl Fn(&DatedContact) -> bool,
    ) -> Result<()> {
        let mut st = self.conn.prepare_cached(sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), read_dated)
            .map_err(backend)?;
        for row in rows {
            let c = row.map_err(backend)?;
            if keep(&c) && seen.insert(c.id) {
                out.push(c);
            }
        }
        Ok(())
    }
}

pub(super) fn scope_args(scope: &Scope) -> Vec<Value> {
    let (business, owner) = scope_params(scope);
    vec![Value::Integer(business), opt_int(owner)]
}

impl ReminderOps for SqlOps<'_> {
    fn insert_reminder(&self, new: &NewReminder) -> Result<ReminderId> {
        self.w()?;
        self.conn
            .prepare_cached(
                "INSERT INTO reminders (contact_id, text, due_at, created_by, created_at, assignee_id, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
            )
            .map_err(backend)?
            .execute(params![
                new.contact.0,
                new.text,
                due_ts(&new.due_at),
                new.created_by.0,
                due_ts(&new.created_at),
                new.assignee.map(|u| u.0),
            ])
            .map_err(|e| match backend(e) {
                Error::Backend(b) if b.to_string().contains("FOREIGN KEY") => {
                    Error::not_found(format!("contact {}", new.contact))
                }
                other => other,
            })?;
        Ok(ReminderId(self.conn.last_insert_rowid()))
    }

    fn reminder(&self, id: ReminderId) -> Result<Option<Reminder>> {
        self.conn
            .prepare_cached(&format!("{REMINDER_COLS} WHERE r.id = ?1"))
            .map_err(backend)?
            .query_row([id.0], read_reminder)
            .optional()
            .map_err(backend)
    }

    fn update_reminder(&self, r: &Reminder, expected_version: u64) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE reminders SET text = ?3, due_at = ?4, assignee_id = ?5, done_by = ?6,
                 done_at = ?7, version = ?8 WHERE id = ?1 AND version = ?2",
            )
            .map_err(backend)?
            .execute(params![
                r.id.0,
                expected_version as i64,
                r.text,
                due_ts(&r.due_at),
                r.assignee.map(|u| u.0),
                r.done_by.map(|u| u.0),
                r.done_at.as_ref().map(due_ts),
                r.version as i64,
            ])
            .map_err(backend)?;
        if n == 0 {
            return match self.reminder(r.id)? {
                Some(stored) => Err(Error::Conflict(format!(
                    "reminder {} is at version {}, not {expected_version}",
                    r.id, stored.version
                ))),
                None => Err(Error::not_found(format!("reminder {}", r.id))),
            };
        }
        Ok(())
    }

    fn delete_reminder(&self, id: ReminderId) -> Result<()> {
        self.w()?;
        let n = self
            .conn
            .execute("DELETE FROM reminders WHERE id = ?1", [id.0])
            .map_err(backend)?;
        if n == 0 {
            return Err(Error::not_found(format!("reminder {id}")));
        }
        Ok(())
    }

    fn reminders(&self, q: &ReminderQuery) -> Result<Vec<Reminder>> {
        let sql = format!(
            "{REMINDER_COLS} JOIN contacts c ON c.id = r.contact_id WHERE {IN_SCOPE}
             AND (?3 IS NULL OR r.contact_id = ?3)
             AND (?4 IS NULL OR r.assignee_id = ?4 OR (r.assignee_id IS NULL AND r.created_by = ?4))
             AND (?5 IS NULL OR r.due_at >= ?5) AND (?6 IS NULL OR r.due_at < ?6)
             AND (NOT ?7 OR r.done_at IS NULL)
             ORDER BY r.due_at, r.id"
        );
        let mut args = scope_args(&q.scope);
        args.extend([
            opt_int(q.contact.map(|c| c.0)),
            opt_int(q.involving.map(|u| u.0)),
            q.due_from
                .as_ref()
                .map(|t| Value::Text(due_ts(t)))
                .unwrap_or(Value::Null),
            q.due_before
                .as_ref()
                .map(|t| Value::Text(due_ts(t)))
                .unwrap_or(Value::Null),
            Value::Integer(i64::from(q.open_only)),
        ]);
        let mut st = self.conn.prepare_cached(&sql).map_err(backend)?;
        let rows = st
            .query_map(params_from_iter(args), read_reminder)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }
}

impl OccasionOps for SqlOps<'_> {
    fn occasions(&self, q: &OccasionQuery) -> Result<Vec<DatedContact>> {
        let mut seen = IdSet::with_capacity_and_hasher(4096, Default::default());
        let mut out = Vec::with_capacity(4096);
        let by_birthday = format!(
            "{DATED_COLS} WHERE c.birthday_month = ?3 AND c.birthday_day = ?4 AND {IN_SCOPE}"
        );
        for md in &q.birthdays {
            let mut args = scope_args(&q.scope);
            args.extend([md.month(), md.day()].map(|x| Value::Integer(i64::from(x))));
            self.collect_dated(&by_birthday, args, &mut seen, &mut out, |_| true)?;
        }
        let by_nameday = format!(
            "{DATED_COLS} WHERE c.nameday_month = ?3 AND c.nameday_day = ?4 AND {IN_SCOPE}"
        );
        for md in &q.namedays {
            let mut args = scope_args(&q.scope);
            args.extend([md.month(), md.day()].map(|x| Value::Integer(i64::from(x))));
            self.collect_dated(&by_nameday, args, &mut seen, &mut out, |_| true)?;
        }
        let by_name = format!(
            "{DATED_COLS} WHERE c.given_key = ?3 AND c.nameday_month IS NULL AND {IN_SCOPE}"
        );
        let by_name_born = format!(
            "{DATED_COLS} WHERE c.given_key = ?3
             AND c.birthday_month * 100 + c.birthday_day BETWEEN ?4 AND ?5
             AND c.nameday_month IS NULL AND {IN_SCOPE}"
        );
        // "anna-maria" when the calendar knows only "Anna": a key range, then the rule in Rust.
        let by_hyphen = format!(
            "{DATED_COLS} WHERE c.given_key >= ?3 AND c.given_key < ?4
             AND c.nameday_month IS NULL AND {IN_SCOPE}"
        );
        for rule in &q.names {
            let key = Value::Text(rule.key.clone());
            if rule.born.is_empty() {
                let mut args = scope_args(&q.scope);
                args.push(key.clone());
                self.collect_dated(&by_name, args, &mut seen, &mut out, |_| true)?;
            }
            for (lo, hi) in &rule.born {
                let mut args = scope_args(&q.scope);
                args.extend([
                    key.clone(),
                    Value::Integer(code(*lo)),
                    Value::Integer(code(*hi)),
                ]);
                self.collect_dated(&by_name_born, args, &mut seen, &mut out, |_| true)?;
            }
            let mut args = scope_args(&q.scope);
            args.extend([
                Value::Text(format!("{}-", rule.key)),
                Value::Text(format!("{}.", rule.key)),
            ]);
            self.collect_dated(&by_hyphen, args, &mut seen, &mut out, |c| {
                rule.matches(
                    &given_key(&c.given),
                    c.birthday.map(|b| b.month_day),
                    c.nameday,
                )
            })?;
        }
        Ok(out)
    }

    fn dated_contacts(&self, scope: &Scope) -> Result<Vec<DatedContact>> {
        let sql = format!(
            "{DATED_COLS} WHERE (c.birthday_month IS NOT NULL OR c.nameday_month IS NOT NULL
             OR c.given_key <> '') AND {IN_SCOPE} ORDER BY c.id"
        );
        let mut seen = IdSet::default();
        let mut out = Vec::new();
        self.collect_dated(&sql, scope_args(scope), &mut seen, &mut out, |_| true)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::DATED_COLS;

    #[test]
    fn occasion_queries_use_indexes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("c.db");
        drop(crate::SqliteStore::open(&path).unwrap_or_else(|e| panic!("{e}")));
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let plan = |sql: &str| -> String {
            let mut st = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap_or_else(|e| panic!("{e}"));
            let rows = st
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap_or_else(|e| panic!("{e}"));
            rows.map(|r| r.unwrap_or_default())
                .collect::<Vec<_>>()
                .join("; ")
        };
        // The same columns and conditions as the occasion queries above: every one is answered
        // from a covering index, never from table rows.
        let cols = DATED_COLS;
        let scope = "((1 AND +c.owner_id IS NULL) OR +c.owner_id = 2)";
        for (sql, index) in [
            (
                format!("{cols} WHERE c.birthday_month = 3 AND c.birthday_day = 4 AND {scope}"),
                "contacts_upcoming_birthday",
            ),
            (
                format!("{cols} WHERE c.nameday_month = 3 AND c.nameday_day = 4 AND {scope}"),
                "contacts_upcoming_nameday",
            ),
            (
                format!("{cols} WHERE c.given_key = 'jan' AND c.nameday_month IS NULL AND {scope}"),
                "contacts_upcoming_given",
            ),
            (
                format!("{cols} WHERE c.given_key = 'jan' AND c.birthday_month * 100 + c.birthday_day BETWEEN 101 AND 310 AND c.nameday_month IS NULL AND {scope}"),
                "contacts_upcoming_given",
            ),
            (
                format!("{cols} WHERE c.given_key >= 'jan-' AND c.given_key < 'jan.' AND c.nameday_month IS NULL AND {scope}"),
                "contacts_upcoming_given",
            ),
        ] {
            let p = plan(&sql);
            assert!(
                p.contains(&format!("USING COVERING INDEX {index}")),
                "{sql}\n{p}"
            );
        }
    }
}
