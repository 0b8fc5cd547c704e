//! The change log (`sync_changes`) and client resource names (`sync_names`) of migration
//! 010. Updates, removals and restores write a row with the next sequence number; new
//! contacts write nothing (a sync point carries the highest contact id, and anything above
//! it is new), unless a new contact reuses the id of a removed one (SQLite gives the next
//! id after the highest existing one), which is logged like an update.

use chrono::{DateTime, Utc};
use contacts_core::ids::{ContactId, UserId};
use contacts_core::model::Book;
use contacts_core::store::{SecretHash, SyncEntry, SyncOps, SyncPoint};
use contacts_core::Result;
use rusqlite::{params, OptionalExtension, Row};

use super::SqlOps;
use crate::backend;

/// The key of a book in the sync tables: the owner's id, 0 for the business book.
fn book_key(book: Book) -> i64 {
    match book {
        Book::Private(u) => u.0,
        Book::Business => 0,
    }
}

fn entry(row: &Row<'_>) -> rusqlite::Result<SyncEntry> {
    Ok(SyncEntry {
        id: ContactId(row.get(0)?),
        name: row.get(1)?,
        version: row.get::<_, Option<i64>>(2)?.map(|v| v as u64),
    })
}

impl SqlOps<'_> {
    /// Logs a change of `id` in `book` with the next sequence number.
    pub(super) fn log_change(&self, id: ContactId, book: Book, removed: bool) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO sync_changes (contact_id, book, seq, removed)
                 VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM sync_changes), ?3)",
            )
            .map_err(backend)?
            .execute(params![id.0, book_key(book), removed])
            .map_err(backend)?;
        if self.sync_floor.get().is_some_and(|f| f < id.0) {
            self.sync_floor.set(Some(id.0));
        }
        Ok(())
    }

    /// Logs the removal of `id` (called before its row goes).
    pub(super) fn log_removal(&self, id: ContactId) -> Result<()> {
        let owner: Option<Option<i64>> = self
            .conn
            .prepare_cached("SELECT owner_id FROM contacts WHERE id = ?1")
            .map_err(backend)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        if let Some(owner) = owner {
            let book = owner.map_or(Book::Business, |u| {
                Book::Private(contacts_core::ids::UserId(u))
            });
            self.log_change(id, book, true)?;
        }
        Ok(())
    }

    /// A new contact: logged only when its id is one the log has seen (a reused id).
    pub(super) fn log_insert(&self, id: ContactId, book: Book) -> Result<()> {
        let floor = match self.sync_floor.get() {
            Some(f) => f,
            None => {
                let f: i64 = self
                    .conn
                    .prepare_cached("SELECT coalesce(max(contact_id), 0) FROM sync_changes")
                    .map_err(backend)?
                    .query_row([], |r| r.get(0))
                    .map_err(backend)?;
                self.sync_floor.set(Some(f));
                f
            }
        };
        if id.0 <= floor {
            self.log_change(id, book, false)?;
        }
        Ok(())
    }
}

impl SyncOps for SqlOps<'_> {
    fn sync_point(&self) -> Result<SyncPoint> {
        self.conn
            .prepare_cached(
                "SELECT (SELECT coalesce(max(seq), 0) FROM sync_changes),
                        (SELECT coalesce(max(id), 0) FROM contacts)",
            )
            .map_err(backend)?
            .query_row([], |r| {
                Ok(SyncPoint {
                    seq: r.get::<_, i64>(0)? as u64,
                    last_id: r.get(1)?,
                })
            })
            .map_err(backend)
    }

    fn changes_since(&self, book: Book, since: SyncPoint) -> Result<Vec<SyncEntry>> {
        let key = book_key(book);
        let mut out: Vec<SyncEntry> = Vec::new();
        let mut logged = self
            .conn
            .prepare_cached(
                "SELECT s.contact_id, n.name, CASE WHEN s.removed THEN NULL ELSE c.version END
                   FROM sync_changes s
                   LEFT JOIN sync_names n ON n.contact_id = s.contact_id
                   LEFT JOIN contacts c ON c.id = s.contact_id
                  WHERE s.seq > ?1 AND s.book = ?2",
            )
            .map_err(backend)?;
        let rows = logged
            .query_map(params![since.seq as i64, key], entry)
            .map_err(backend)?;
        for r in rows {
            out.push(r.map_err(backend)?);
        }
        let owner = match book {
            Book::Private(u) => Some(u.0),
            Book::Business => None,
        };
        let mut added = self
            .conn
            .prepare_cached(
                "SELECT c.id, n.name, c.version FROM contacts c
                   LEFT JOIN sync_names n ON n.contact_id = c.id
                  WHERE c.id > ?1 AND c.owner_id IS ?2",
            )
            .map_err(backend)?;
        let rows = added
            .query_map(params![since.last_id, owner], entry)
            .map_err(backend)?;
        for r in rows {
            let e = r.map_err(backend)?;
            if !out.iter().any(|o| o.id == e.id) {
                out.push(e);
            }
        }
        out.sort_by_key(|e| e.id);
        Ok(out)
    }

    fn entries_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<SyncEntry>> {
        let owner = match book {
            Book::Private(u) => Some(u.0),
            Book::Business => None,
        };
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.id, n.name, c.version FROM contacts c
                   LEFT JOIN sync_names n ON n.contact_id = c.id
                  WHERE c.id > ?1 AND c.owner_id IS ?2 ORDER BY c.id LIMIT ?3",
            )
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![after.0, owner, i64::try_from(limit).unwrap_or(i64::MAX)],
                entry,
            )
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn contact_named(&self, book: Book, name: &str) -> Result<Option<ContactId>> {
        self.conn
            .prepare_cached("SELECT contact_id FROM sync_names WHERE book = ?1 AND name = ?2")
            .map_err(backend)?
            .query_row(params![book_key(book), name], |r| r.get(0).map(ContactId))
            .optional()
            .map_err(backend)
    }

    fn name_of(&self, id: ContactId) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT name FROM sync_names WHERE contact_id = ?1")
            .map_err(backend)?
            .query_row([id.0], |r| r.get(0))
            .optional()
            .map_err(backend)
    }

    fn set_name(&self, book: Book, name: &str, id: ContactId) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached(
                "DELETE FROM sync_names WHERE contact_id = ?1 OR (book = ?2 AND name = ?3)",
            )
            .map_err(backend)?
            .execute(params![id.0, book_key(book), name])
            .map_err(backend)?;
        self.conn
            .prepare_cached("INSERT INTO sync_names (book, name, contact_id) VALUES (?1, ?2, ?3)")
            .map_err(backend)?
            .execute(params![book_key(book), name, id.0])
            .map_err(backend)?;
        Ok(())
    }

    fn feed_user(&self, hash: &SecretHash) -> Result<Option<UserId>> {
        self.conn
            .prepare_cached("SELECT user_id FROM feed_links WHERE hash = ?1")
            .map_err(backend)?
            .query_row([hash.as_bytes().as_slice()], |r| r.get(0).map(UserId))
            .optional()
            .map_err(backend)
    }

    fn feed_link(&self, user: UserId) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT created_at FROM feed_links WHERE user_id = ?1")
            .map_err(backend)?
            .query_row([user.0], |r| r.get(0))
            .optional()
            .map_err(backend)?;
        at.map(|s| super::parse_ts(&s).map_err(backend)).transpose()
    }

    fn set_feed_link(
        &self,
        user: UserId,
        link: Option<(&SecretHash, DateTime<Utc>)>,
    ) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM feed_links WHERE user_id = ?1")
            .map_err(backend)?
            .execute([user.0])
            .map_err(backend)?;
        if let Some((hash, at)) = link {
            self.conn
                .prepare_cached(
                    "INSERT INTO feed_links (user_id, hash, created_at) VALUES (?1, ?2, ?3)",
                )
                .map_err(backend)?
                .execute(params![user.0, hash.as_bytes().as_slice(), at.to_rfc3339()])
                .map_err(backend)?;
        }
        Ok(())
    }
}
