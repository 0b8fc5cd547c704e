//! Import, duplicates and merge on SQLite: the duplicate keys table beside the contacts,
//! rows moved between contacts, merge records kept as the core's opaque snapshot.

use contacts_core::ids::ContactId;
use contacts_core::model::{Book, Contact, ContactData};
use contacts_core::service::duplicate_keys;
use contacts_core::store::{InterchangeOps, MergeRecord, RowKind};
use contacts_core::{Error, Result};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{read_contact, write_values, SqlOps, SELECT, WRITE_COLUMNS};
use crate::backend;

fn owner(book: Book) -> Option<i64> {
    match book {
        Book::Business => None,
        Book::Private(u) => Some(u.0),
    }
}

fn table(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Attachment => "attachments",
        RowKind::History => "history",
        RowKind::Reminder => "reminders",
        RowKind::Meeting => "meetings",
    }
}

/// The insert of a duplicate key, prepared once and held by the caller (see
/// [`super::HotStatements`]).
pub(super) type InsertKey<'f, 'a> =
    &'f dyn Fn(&str) -> Result<std::cell::RefMut<'f, rusqlite::Statement<'a>>>;

/// Writes the duplicate keys of a contact (its old ones removed first when `replace`), and
/// notes them in `written` when there is one. The insert is `insert_key`'s statement when
/// there is one, else the connection's cached one.
pub(super) fn write_keys(
    conn: &Connection,
    id: ContactId,
    data: &ContactData,
    replace: bool,
    written: Option<&KeyFilter>,
    insert_key: Option<InsertKey<'_, '_>>,
    held: Option<&HeldKeys>,
) -> Result<()> {
    if replace {
        if let Some(held) = held {
            held.write_out(conn)?;
        }
        conn.prepare_cached("DELETE FROM contact_key_hashes WHERE contact_id = ?1")
            .map_err(backend)?
            .execute([id.0])
            .map_err(backend)?;
    }
    let keys = duplicate_keys(data);
    if keys.is_empty() {
        return Ok(());
    }
    let hashes: Vec<i64> = keys.iter().map(|k| key_hash(k)).collect();
    if let Some(filter) = written {
        filter.note(&hashes);
    }
    if let Some(held) = held {
        return held.hold(conn, id, &hashes);
    }
    // One single-row statement per key: a multi-row insert counts as a multi-row write, which
    // makes SQLite open a statement journal for it, slower than the extra steps. Two keys
    // with one hash are one row (OR IGNORE).
    const SQL: &str = "INSERT OR IGNORE INTO contact_key_hashes (hash, contact_id) VALUES (?1, ?2)";
    let insert = |st: &mut rusqlite::Statement<'_>| -> Result<()> {
        for hash in &hashes {
            st.execute([*hash, id.0]).map_err(backend)?;
        }
        Ok(())
    };
    match insert_key {
        Some(insert_key) => insert(&mut *insert_key(SQL)?),
        None => insert(&mut *conn.prepare_cached(SQL).map_err(backend)?),
    }
}

/// A duplicate key as it is stored: the first eight bytes of its SHA-256, little-endian, as
/// a signed integer (migration 023). Stable across programs and versions (it is in the
/// file). Two different keys share one by chance with odds of one in 2^64 per pair; making
/// a key that shares another's is as hard as that many tries.
pub(crate) fn key_hash(key: &str) -> i64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

/// The duplicate keys of a bulk load into an empty store, held back and written at its end in
/// hash order. Written as they came, each was an insert at a random place of the table's
/// B-tree: half of the writer's work in the million-contact demo. In hash order into an
/// empty table every row goes at its end, and the index by contact is made afterwards with
/// one sort. Anything that reads the table or removes keys in the meantime (a lookup the
/// [`KeyFilter`] cannot rule out, a replaced or deleted contact) writes them out first, in
/// the same way; later keys are held again. At most [`HeldKeys::MOST`] are held (16 bytes
/// each), so memory stays bounded.
pub(crate) struct HeldKeys {
    pairs: std::cell::RefCell<Vec<(i64, i64)>>,
}

impl HeldKeys {
    const MOST: usize = 4_000_000;

    /// Held keys for a transaction, when it starts with no keys stored.
    pub(crate) fn if_no_keys(conn: &Connection) -> Result<Option<HeldKeys>> {
        Ok(keys_table_is_empty(conn)?.then(|| HeldKeys {
            pairs: Default::default(),
        }))
    }

    fn hold(&self, conn: &Connection, id: ContactId, hashes: &[i64]) -> Result<()> {
        let full = {
            let mut pairs = self.pairs.borrow_mut();
            pairs.extend(hashes.iter().map(|h| (*h, id.0)));
            pairs.len() >= Self::MOST
        };
        if full {
            self.write_out(conn)?;
        }
        Ok(())
    }

    /// Writes the held keys into the table, in hash order; into an empty table without its
    /// index by contact, which is made again afterwards from its stored SQL.
    pub(crate) fn write_out(&self, conn: &Connection) -> Result<()> {
        let mut pairs = std::mem::take(&mut *self.pairs.borrow_mut());
        if pairs.is_empty() {
            return Ok(());
        }
        pairs.sort_unstable();
        pairs.dedup();
        let index: Option<String> = if keys_table_is_empty(conn)? {
            conn.query_row(
                "SELECT sql FROM sqlite_master
                 WHERE type = 'index' AND name = 'contact_key_hashes_by_contact'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?
        } else {
            None
        };
        if index.is_some() {
            conn.execute_batch("DROP INDEX contact_key_hashes_by_contact")
                .map_err(backend)?;
        }
        {
            let mut st = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO contact_key_hashes (hash, contact_id) VALUES (?1, ?2)",
                )
                .map_err(backend)?;
            for (hash, id) in pairs {
                st.execute([hash, id]).map_err(backend)?;
            }
        }
        if let Some(sql) = index {
            conn.execute_batch(&sql).map_err(backend)?;
        }
        Ok(())
    }
}

fn keys_table_is_empty(conn: &Connection) -> Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM contact_key_hashes)",
        [],
        |r| r.get(0),
    )
    .map_err(backend)
}

/// Fills the keys of every contact (migration 023).
pub(crate) fn backfill_keys(conn: &Connection) -> Result<()> {
    let contacts: Vec<Contact> = {
        let mut st = conn
            .prepare(&format!("{SELECT} FROM contacts c"))
            .map_err(backend)?;
        let rows = st.query_map([], read_contact).map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)?
    };
    for c in contacts {
        write_keys(conn, c.id, &c.data, false, None, None, None)?;
    }
    Ok(())
}

/// The duplicate keys a bulk load into an empty store has written so far, as hashes: a card
/// none of whose keys is here has no duplicate, and its lookup needs no query (a fresh import
/// looked up about three keys per card, a query each, and found nearly none). A hash that is
/// here may be another key's, so a hit still asks the table. Past [`KeyFilter::MOST`] keys it
/// is given up (every lookup asks the table), so its memory stays bounded (about 32 MB).
pub(crate) struct KeyFilter {
    /// The stored form of each key ([`key_hash`]), in a set with std's randomly keyed hasher.
    hashes: std::cell::RefCell<Option<std::collections::HashSet<i64>>>,
}

impl KeyFilter {
    const MOST: usize = 2_000_000;

    /// A filter for a transaction, when it starts with no keys stored.
    pub(crate) fn if_no_keys(conn: &Connection) -> Result<Option<KeyFilter>> {
        Ok(keys_table_is_empty(conn)?.then(|| KeyFilter {
            hashes: std::cell::RefCell::new(Some(Default::default())),
        }))
    }

    fn note(&self, hashes: &[i64]) {
        let mut held = self.hashes.borrow_mut();
        let full = match held.as_mut() {
            Some(set) => {
                set.extend(hashes);
                set.len() > Self::MOST
            }
            None => false,
        };
        if full {
            *held = None;
        }
    }

    /// Whether none of the keys with these hashes can be stored.
    fn rules_out(&self, hashes: &[i64]) -> bool {
        self.hashes
            .borrow()
            .as_ref()
            .is_some_and(|set| !hashes.iter().any(|h| set.contains(h)))
    }
}

impl InterchangeOps for SqlOps<'_> {
    fn contacts_with_keys(&self, book: Book, keys: &[String]) -> Result<Vec<(ContactId, String)>> {
        let hashes: Vec<i64> = keys.iter().map(|k| key_hash(k)).collect();
        if self
            .key_filter
            .as_ref()
            .is_some_and(|f| f.rules_out(&hashes))
        {
            return Ok(Vec::new());
        }
        if let Some(held) = &self.held_keys {
            held.write_out(self.conn)?;
        }
        let mut st = self
            .conn
            .prepare_cached(
                // CROSS JOIN keeps the key lookup first: scanning the book would be O(book).
                "SELECT k.contact_id FROM contact_key_hashes k
                 CROSS JOIN contacts c ON c.id = k.contact_id
                 WHERE k.hash = ?1 AND c.owner_id IS ?2",
            )
            .map_err(backend)?;
        let mut out = Vec::new();
        for (k, hash) in keys.iter().zip(&hashes) {
            let ids = st
                .query_map(params![hash, owner(book)], |r| r.get::<_, i64>(0))
                .map_err(backend)?;
            for id in ids {
                out.push((ContactId(id.map_err(backend)?), k.clone()));
            }
        }
        Ok(out)
    }

    fn duplicate_pairs(&self, book: Book) -> Result<Vec<(ContactId, ContactId, String)>> {
        if let Some(held) = &self.held_keys {
            held.write_out(self.conn)?;
        }
        let pairs: Vec<(i64, i64, i64)> = {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT a.contact_id, b.contact_id, a.hash FROM contact_key_hashes a
                     CROSS JOIN contact_key_hashes b
                         ON b.hash = a.hash AND b.contact_id > a.contact_id
                     CROSS JOIN contacts ca ON ca.id = a.contact_id
                     CROSS JOIN contacts cb ON cb.id = b.contact_id
                     WHERE ca.owner_id IS ?1 AND cb.owner_id IS ?1
                     ORDER BY a.contact_id, b.contact_id",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([owner(book)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<_>>().map_err(backend)?
        };
        // The text of each shared key: the first contact's keys, computed again, whose hash
        // it is. (That the second contact's key is the same text and not another with the
        // same hash is as sure as for every key lookup: see `key_hash`.)
        let mut out = Vec::new();
        let mut keys_of: Option<(i64, Vec<(i64, String)>)> = None;
        for (a, b, hash) in pairs {
            if keys_of.as_ref().is_none_or(|(id, _)| *id != a) {
                let keys = match contacts_core::store::Ops::contact(self, ContactId(a))? {
                    Some(c) => duplicate_keys(&c.data),
                    None => Vec::new(),
                };
                keys_of = Some((a, keys.into_iter().map(|k| (key_hash(&k), k)).collect()));
            }
            let Some((_, keys)) = &keys_of else {
                continue;
            };
            for (h, key) in keys {
                if *h == hash {
                    out.push((ContactId(a), ContactId(b), key.clone()));
                }
            }
        }
        // As before: by pair, then by key.
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn contacts_after(&self, book: Book, after: ContactId, limit: usize) -> Result<Vec<Contact>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "{SELECT} FROM contacts c WHERE c.owner_id IS ?1 AND c.id > ?2 ORDER BY c.id LIMIT ?3"
            ))
            .map_err(backend)?;
        let rows = st
            .query_map(
                params![
                    owner(book),
                    after.0,
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
                read_contact,
            )
            .map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn restore_contact(&self, contact: &Contact) -> Result<()> {
        self.w()?;
        let mut values = write_values(contact.book, &contact.data, &contact.meta)?;
        values.push(super::int(contact.id.0));
        let marks: Vec<String> = (1..=WRITE_COLUMNS.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO contacts ({}, id) VALUES ({}, ?{})",
            WRITE_COLUMNS.join(", "),
            marks.join(", "),
            WRITE_COLUMNS.len() + 1
        );
        self.conn
            .prepare_cached(&sql)
            .map_err(backend)?
            .execute(params_from_iter(values))
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::Conflict(format!("contact {} exists", contact.id))
                }
                e => backend(e),
            })?;
        self.added(contact.book);
        self.log_change(contact.id, contact.book, false)?;
        self.index(contact.id, &contact.data, false)
    }

    fn rows_of(&self, kind: RowKind, contact: ContactId) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM {} WHERE contact_id = ?1 ORDER BY id",
                table(kind)
            ))
            .map_err(backend)?;
        let rows = st.query_map([contact.0], |r| r.get(0)).map_err(backend)?;
        rows.collect::<rusqlite::Result<_>>().map_err(backend)
    }

    fn move_rows(&self, kind: RowKind, ids: &[i64], to: ContactId) -> Result<()> {
        self.w()?;
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "UPDATE {} SET contact_id = ?1 WHERE id = ?2",
                table(kind)
            ))
            .map_err(backend)?;
        for id in ids {
            st.execute([to.0, *id]).map_err(backend)?;
        }
        Ok(())
    }

    fn insert_merge(&self, keep: ContactId, other: ContactId, snapshot: &str) -> Result<i64> {
        self.w()?;
        self.conn
            .prepare_cached("INSERT INTO merges (keep_id, other_id, snapshot) VALUES (?1, ?2, ?3)")
            .map_err(backend)?
            .execute(params![keep.0, other.0, snapshot])
            .map_err(backend)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn last_merge(&self, keep: ContactId) -> Result<Option<MergeRecord>> {
        self.conn
            .prepare_cached(
                "SELECT id, keep_id, other_id, snapshot FROM merges WHERE keep_id = ?1
                 ORDER BY id DESC LIMIT 1",
            )
            .map_err(backend)?
            .query_row([keep.0], |r| {
                Ok(MergeRecord {
                    id: r.get(0)?,
                    keep: ContactId(r.get(1)?),
                    other: ContactId(r.get(2)?),
                    snapshot: r.get(3)?,
                })
            })
            .optional()
            .map_err(backend)
    }

    fn delete_merge(&self, id: i64) -> Result<()> {
        self.w()?;
        self.conn
            .prepare_cached("DELETE FROM merges WHERE id = ?1")
            .map_err(backend)?
            .execute([id])
            .map_err(backend)?;
        Ok(())
    }
}
