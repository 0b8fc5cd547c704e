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

/// Writes the duplicate keys of a contact (those of its data before, `replaced`, removed
/// first), and notes them in `written` when there is one. The insert is `insert_key`'s
/// statement when there is one, else the connection's cached one.
pub(super) fn write_keys(
    conn: &Connection,
    id: ContactId,
    data: &ContactData,
    replaced: Option<&ContactData>,
    written: Option<&KeyFilter>,
    insert_key: Option<InsertKey<'_, '_>>,
    held: Option<&HeldKeys>,
) -> Result<()> {
    if let Some(old) = replaced {
        match held {
            // The table has no key of this load yet.
            Some(held) if held.all_held() => held.forget(id, &hashes_of(old)),
            _ => {
                if let Some(held) = held {
                    held.write_out(conn)?;
                }
                delete_keys(conn, id, old)?;
            }
        }
    }
    let hashes = hashes_of(data);
    if hashes.is_empty() {
        return Ok(());
    }
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

/// The stored forms of a contact's duplicate keys.
fn hashes_of(data: &ContactData) -> Vec<i64> {
    duplicate_keys(data).iter().map(|k| key_hash(k)).collect()
}

/// Deletes a contact's duplicate keys, given the data they were computed from. The table
/// has no index by contact (migration 024): the keys are found by their hashes. So every
/// stored key must be what [`duplicate_keys`] and [`key_hash`] give for its contact's data
/// now; a change to either needs a migration that computes the table again (as 023 does),
/// and a test holds both to fixed values.
pub(super) fn delete_keys(conn: &Connection, id: ContactId, data: &ContactData) -> Result<()> {
    let mut st = conn
        .prepare_cached("DELETE FROM contact_key_hashes WHERE hash = ?1 AND contact_id = ?2")
        .map_err(backend)?;
    for hash in hashes_of(data) {
        st.execute([hash, id.0]).map_err(backend)?;
    }
    Ok(())
}

/// The duplicate keys of a bulk load into an empty store, held back and written at its end in
/// hash order. Written as they came, each was an insert at a random place of the table's
/// B-tree: half of the writer's work in the million-contact demo. In hash order into an
/// empty table every row goes at its end.
///
/// While nothing has been written out, the held keys answer the load's lookups themselves
/// and forget a replaced contact's old keys in place: an import that merges a card into one
/// loaded earlier did both for each such card, and writing the held keys out for them put
/// nearly every key of the import at a random place after all (7% of its CPU time). A
/// deleted contact, the duplicates list and more than [`HeldKeys::MOST`] keys write them out
/// (16 bytes each, so memory stays bounded); later keys are held again, and from then on
/// lookups and replaces write them out first and ask the table.
pub(crate) struct HeldKeys {
    held: std::cell::RefCell<Held>,
}

#[derive(Default)]
struct Held {
    /// (hash, contact) pairs sorted by hash, each run less than half as long as the one
    /// before it, so there are at most log2(n) of them and a pair is moved O(log n) times.
    runs: Vec<Vec<(i64, i64)>>,
    /// Pairs held since the last lookup, in the order they came.
    tail: Vec<(i64, i64)>,
    len: usize,
    /// Keys of this load were written into the table.
    written_out: bool,
}

/// The contact of a pair whose key its contact no longer has (contact ids are rowids, never
/// this low).
const FORGOTTEN: i64 = i64::MIN;

impl Held {
    /// Sorts the tail into the runs, merging the runs that are not twice its size.
    fn settle(&mut self) {
        if self.tail.is_empty() {
            return;
        }
        let mut run = std::mem::take(&mut self.tail);
        run.sort_unstable_by_key(|p| p.0);
        while let Some(last) = self.runs.pop_if(|last| last.len() <= 2 * run.len()) {
            run = merge(last, run);
        }
        self.runs.push(run);
    }

    /// The pairs with this hash.
    fn with_hash(&mut self, hash: i64) -> impl Iterator<Item = &mut (i64, i64)> {
        self.settle();
        self.runs.iter_mut().flat_map(move |run| {
            let from = run.partition_point(|p| p.0 < hash);
            run[from..].iter_mut().take_while(move |p| p.0 == hash)
        })
    }
}

/// Two runs sorted by hash as one, in the longer one's allocation (grown once).
fn merge(a: Vec<(i64, i64)>, b: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    let (mut long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let (n, m) = (long.len(), short.len());
    long.resize(n + m, (0, 0));
    // From the back: the next place to fill is never before the longer run's next pair.
    let (mut i, mut j) = (n, m);
    for k in (0..n + m).rev() {
        if j == 0 {
            break;
        }
        if i > 0 && long[i - 1].0 > short[j - 1].0 {
            long[k] = long[i - 1];
            i -= 1;
        } else {
            long[k] = short[j - 1];
            j -= 1;
        }
    }
    long
}

impl HeldKeys {
    const MOST: usize = 4_000_000;

    /// Held keys for a transaction, when it starts with no keys stored.
    pub(crate) fn if_no_keys(conn: &Connection) -> Result<Option<HeldKeys>> {
        Ok(keys_table_is_empty(conn)?.then(|| HeldKeys {
            held: Default::default(),
        }))
    }

    fn hold(&self, conn: &Connection, id: ContactId, hashes: &[i64]) -> Result<()> {
        let full = {
            let mut held = self.held.borrow_mut();
            held.tail.extend(hashes.iter().map(|h| (*h, id.0)));
            held.len += hashes.len();
            held.len >= Self::MOST
        };
        if full {
            self.write_out(conn)?;
        }
        Ok(())
    }

    /// Whether every key of this load is held (none was written out), so the held keys can
    /// answer for the table.
    fn all_held(&self) -> bool {
        !self.held.borrow().written_out
    }

    /// The contacts holding a key with one of these hashes, each with the index of the hash,
    /// in hash order then contact order (as the table answers). Only when [`Self::all_held`].
    fn contacts_with(&self, hashes: &[i64]) -> Vec<(usize, i64)> {
        let mut held = self.held.borrow_mut();
        let mut out = Vec::new();
        for (i, hash) in hashes.iter().enumerate() {
            let from = out.len();
            out.extend(
                held.with_hash(*hash)
                    .filter(|p| p.1 != FORGOTTEN)
                    .map(|p| (i, p.1)),
            );
            out[from..].sort_unstable();
        }
        out.dedup();
        out
    }

    /// Forgets a contact's held keys with these hashes (its keys before a replace); a binary
    /// search each.
    fn forget(&self, id: ContactId, hashes: &[i64]) {
        let mut held = self.held.borrow_mut();
        for hash in hashes {
            for pair in held.with_hash(*hash).filter(|p| p.1 == id.0) {
                pair.1 = FORGOTTEN;
            }
        }
    }

    /// Writes the held keys into the table, in hash order.
    pub(crate) fn write_out(&self, conn: &Connection) -> Result<()> {
        let mut pairs = {
            let mut held = self.held.borrow_mut();
            let mut pairs = std::mem::take(&mut held.tail);
            for run in std::mem::take(&mut held.runs) {
                pairs.extend(run);
            }
            held.len = 0;
            pairs
        };
        pairs.retain(|p| p.1 != FORGOTTEN);
        if pairs.is_empty() {
            return Ok(());
        }
        self.held.borrow_mut().written_out = true;
        let mut st = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO contact_key_hashes (hash, contact_id) VALUES (?1, ?2)",
            )
            .map_err(backend)?;
        for (hash, id) in pairs {
            st.execute([hash, id]).map_err(backend)?;
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
        write_keys(conn, c.id, &c.data, None, None, None, None)?;
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

impl SqlOps<'_> {
    /// [`InterchangeOps::contacts_with_keys`] answered by a load's held keys, when they are
    /// all of the table's: the same pairs in the same order, with each contact's book read.
    fn held_contacts_with_keys(
        &self,
        held: &HeldKeys,
        book: Book,
        keys: &[String],
        hashes: &[i64],
    ) -> Result<Vec<(ContactId, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT owner_id FROM contacts WHERE id = ?1")
            .map_err(backend)?;
        let mut out = Vec::new();
        for (i, id) in held.contacts_with(hashes) {
            let owner_id: Option<Option<i64>> = st
                .query_row([id], |r| r.get(0))
                .optional()
                .map_err(backend)?;
            if owner_id.is_some_and(|o| o == owner(book)) {
                out.push((ContactId(id), keys[i].clone()));
            }
        }
        Ok(out)
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
            if held.all_held() {
                return self.held_contacts_with_keys(held, book, keys, &hashes);
            }
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
        self.index(contact.id, &contact.data, None)
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

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::model::Email;

    fn ok<T>(r: Result<T>) -> T {
        r.unwrap_or_else(|e| panic!("{e}"))
    }

    fn data(emails: &[&str]) -> ContactData {
        let mut d = ContactData::person("Held", "Keys");
        for e in emails {
            d.emails.push(ok(Email::new("", e)));
        }
        d
    }

    fn hashes(d: &ContactData) -> Vec<i64> {
        duplicate_keys(d).iter().map(|k| key_hash(k)).collect()
    }

    fn rows(conn: &Connection) -> Vec<(i64, i64)> {
        let mut st = conn
            .prepare("SELECT hash, contact_id FROM contact_key_hashes ORDER BY hash, contact_id")
            .unwrap_or_else(|e| panic!("{e}"));
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|e| panic!("{e}"));
        rows.collect::<rusqlite::Result<_>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn two_runs_merge_into_one_sorted_by_hash() {
        // Hashes from a fixed scramble of 0..50, with repeats.
        let mut i = 0_i64;
        let mut next = move || {
            i += 1;
            (i * 7919 + 13) % 50
        };
        for (n, m) in [(0, 0), (0, 3), (3, 0), (1, 1), (5, 17), (17, 5), (40, 40)] {
            let mut a: Vec<(i64, i64)> = (0..n).map(|i| (next(), i)).collect();
            let mut b: Vec<(i64, i64)> = (0..m).map(|i| (next(), 100 + i)).collect();
            a.sort_unstable_by_key(|p| p.0);
            b.sort_unstable_by_key(|p| p.0);
            let mut expected = [a.clone(), b.clone()].concat();
            let merged = merge(a, b);
            assert!(merged.is_sorted_by_key(|p| p.0), "{merged:?}");
            let mut got = merged;
            got.sort_unstable();
            expected.sort_unstable();
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn held_keys_answer_lookups_and_forget_replaced_keys_without_the_table() {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "CREATE TABLE contact_key_hashes (hash INTEGER, contact_id INTEGER,
                 PRIMARY KEY (hash, contact_id)) WITHOUT ROWID;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let held = ok(HeldKeys::if_no_keys(&conn)).unwrap_or_else(|| panic!("not empty"));
        let shared = data(&["wspolny@firma.pl"]);
        // Lookups between holds make runs of many sizes; the shared key is held by every
        // tenth contact, so its pairs are spread over all of them.
        for id in 1..=3000_i64 {
            let mut d = data(&[&format!("osoba{id}@firma.pl")]);
            if id % 10 == 0 {
                d.emails.extend(shared.emails.clone());
            }
            ok(held.hold(&conn, ContactId(id), &hashes(&d)));
            if id % 37 == 0 {
                let h = hashes(&data(&[&format!("osoba{}@firma.pl", id / 2)]));
                assert_eq!(held.contacts_with(&h), [(0, id / 2)], "after {id}");
            }
        }
        assert!(held.held.borrow().runs.len() <= 12);
        let every_tenth: Vec<(usize, i64)> = (1..=300).map(|i| (1, i * 10)).collect();
        let both = [hashes(&data(&["osoba7@firma.pl"]))[0], hashes(&shared)[0]];
        let mut expected = vec![(0, 7)];
        expected.extend(every_tenth.iter().copied());
        assert_eq!(held.contacts_with(&both), expected);

        // Contact 20 replaced: its old keys go, its new ones answer.
        let old = {
            let mut d = data(&["osoba20@firma.pl"]);
            d.emails.extend(shared.emails.clone());
            d
        };
        held.forget(ContactId(20), &hashes(&old));
        let new = data(&["nowy20@firma.pl"]);
        ok(held.hold(&conn, ContactId(20), &hashes(&new)));
        assert_eq!(held.contacts_with(&hashes(&old)), {
            let mut rest = every_tenth.clone();
            rest.retain(|p| p.1 != 20);
            rest
        });
        assert_eq!(held.contacts_with(&hashes(&new)), [(0, 20)]);
        // Nothing reached the table so far.
        assert!(held.all_held());
        assert!(rows(&conn).is_empty());

        // Written out: the live pairs only.
        ok(held.write_out(&conn));
        assert!(!held.all_held());
        let written = rows(&conn);
        // 3,300 held, less contact 20's two old keys plus its new one.
        assert_eq!(written.len(), 3300 - 2 + 1);
        assert!(written.contains(&(hashes(&new)[0], 20)));
        assert!(!written
            .iter()
            .any(|p| p.1 == 20 && p.0 == hashes(&shared)[0]));
        assert!(written.contains(&(hashes(&shared)[0], 30)));
    }
}
