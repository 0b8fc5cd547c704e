//! The trash on SQLite: one row per deleted contact with the core's snapshot as text.
//! `deleted_at` is written with a fixed number of fractional digits (`sortable_ts`), since
//! it is compared and ordered in SQL.

use chrono::{DateTime, Utc};
use contacts_core::ids::{ContactId, UserId};
use contacts_core::model::Book;
use contacts_core::store::{NewTrash, Scope, TrashEntry, TrashOps};
use contacts_core::Result;
use rusqlite::{params, OptionalExtension, Row};

use super::{opt_int, parse_ts, scope_params, sortable_ts, SqlOps};
use crate::backend;

const COLS: &str = "SELECT id, contact_id, owner_id, name, deleted_at, deleted_by FROM trash";

fn read_entry(r: &Row<'_>) -> rusqlite::Result<TrashEntry> {
    Ok(TrashEntry {
        id: r.get(0)?,
        contact: ContactId(r.get(1)?),
        book: match r.get::<_, Option<i64>>(2)? {
            Some(u) => Book::Private(UserId(u)),
            None => Book::Business,
        },
        name: r.get(3)?,
        deleted_at: parse_ts(&r.get::<_, String>(4)?)?,
        deleted_by: UserId(r.get(5)?),
    })
}

impl TrashOps for SqlOps<'_> {
    fn insert_trash(&self, new: &NewTrash) -> Result<i64> {
        self.w()?;
        let owner = match new.book {
            Book::Private(u) => Some(u.0),
            Book::Business => None,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO trash (contact_id, owner_id, name, deleted_at, deleted_by, snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(backend)?
            .execute(params![
                new.contact.0,
                opt_int(owner),
                new.name,
                sortable_ts(&new.deleted_at),
                new.deleted_by.0,
                new.snapshot
            ])
            .map_err(backend)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn trash_entries(&self, scope: &Scope) -> Result<Vec<TrashEntry>> {
        let (business, owner) = scope_params(scope);
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "{COLS} WHERE (?1 AND owner_id IS NULL) OR owner_id = ?2
                 ORDER BY deleted_at DESC, id DESC"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map(params![business, opt_int(owner)], read_entry)
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(backend)
    }

    fn trash_entry(&self, id: i64) -> Result<Option<(TrashEntry, String)>> {
        self.conn
            .prepare_cached(
                "SELECT t.id, t.contact_id, t.owner_id, t.name, t.deleted_at, t.deleted_by,
                 t.snapshot FROM trash t WHERE t.id = ?1",
            )
            .map_err(backend)?
            .query_row([id], |r| Ok((read_entry(r)?, r.get::<_, String>(6)?)))
            .optional()
            .map_err(backend)
    }

    fn delete_trash(&self, id: i64) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM trash WHERE id = ?1")
            .map_err(backend)?
            .execute([id])
            .map_err(backend)?;
        Ok(())
    }

    fn delete_trash_before(&self, before: DateTime<Utc>) -> Result<u64> {
        self.w()?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM trash WHERE deleted_at < ?1")
            .map_err(backend)?
            .execute([sortable_ts(&before)])
            .map_err(backend)?;
        Ok(n as u64)
    }
}
