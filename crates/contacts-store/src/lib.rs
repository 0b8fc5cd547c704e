//! `SqliteStore`: the contacts-core storage traits on one SQLite file.
//!
//! One file holds everything, photos and attachments included, so a backup is one file.
//! WAL mode lets readers go on while one writer writes. Writes run in `BEGIN IMMEDIATE`
//! transactions; reads in deferred ones, so each sees one consistent snapshot.

mod cases;
mod migrate;
mod ops;
mod search_build;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use contacts_core::store::{Ops, Store};
use contacts_core::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

pub use migrate::MIGRATIONS;

/// The SQLite-backed store.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// The file has no write permission: it is opened read-only, and every write is
    /// refused with a message that says so.
    read_only: bool,
    /// A bulk load into an empty store may shut other connections out (see
    /// [`SqliteStore::loading_alone`]).
    loads_alone: bool,
}

const READERS_KEPT: usize = 8;

/// How long a connection waits for another's lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The one writer gets a bigger page cache than readers and maps the file: 64 MB of cache,
/// 256 MB mapped.
const WRITER_MEMORY: &str = "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;";

/// The writer's page cache in a [`Store::write_bulk`] transaction once it has inserted
/// [`BULK_CACHE_AFTER`] contacts (512 MB), given back afterwards. A bulk transaction over a
/// big file touches most index pages; with the everyday cache they were spilled to the WAL
/// and read back again and again: a million demo contacts took 80 s instead of 61 s, a
/// fifth of it in system calls. Smaller loads (an import of 100,000 cards) keep the
/// everyday cache, so they stay within 200 MB.
pub(crate) const BULK_CACHE: &str = "PRAGMA cache_size = -524288;";
/// See [`BULK_CACHE`].
pub(crate) const BULK_CACHE_AFTER: u64 = 150_000;
const EVERYDAY_CACHE: &str = "PRAGMA cache_size = -65536;";

/// Readers are many (up to [`READERS_KEPT`] kept, one per concurrent request), so each
/// gets a small page cache (8 MB) and no memory map: pages touched through a map count
/// as the server's resident memory, and a search load touches much of the file. The
/// kernel's page cache still holds the file, so a miss here is a copy, not a disk read.
const READER_MEMORY: &str = "PRAGMA cache_size = -8192; PRAGMA mmap_size = 0;";

pub(crate) fn backend(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        if f.code == rusqlite::ErrorCode::ConstraintViolation
            && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        {
            return Error::Conflict(
                msg.clone()
                    .unwrap_or_else(|| "a unique value is taken".into()),
            );
        }
    }
    Error::backend(e)
}

impl SqliteStore {
    /// Opens the database at `path`, creating it and its parent directory on first use,
    /// and applies any pending migrations.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::Backend(format!("cannot create {}: {e}", dir.display()).into())
            })?;
        }
        // A file without write permission (a copy handed over for reading, a backup) is
        // still read: opened read-only, never migrated, and every write says why it fails.
        let read_only = std::fs::metadata(path)
            .map(|m| m.permissions().readonly())
            .unwrap_or(false);
        let mut writer = connect(path, true, read_only)?;
        if read_only {
            migrate::check_current(&writer, path)?;
        } else {
            migrate::apply(&mut writer)?;
        }
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            read_only,
            loads_alone: false,
        })
    }

    /// For a program that runs one command and exits (the CLI), not for a server: a bulk
    /// load into a store with no contacts writes the file once instead of twice, and other
    /// connections wait until it commits.
    ///
    /// In WAL mode every page a load writes goes to the WAL at commit and is copied into the
    /// file again by the checkpoint. When no other connection has the file open (this
    /// store's idle readers are closed first), the load runs in rollback-journal mode
    /// instead: its new pages go straight into the file, the journal keeps only the few
    /// pages the file had (so a crash still rolls back to the empty store), and the commit
    /// syncs as `synchronous = FULL` does. The file is in WAL mode again right after. If any
    /// other connection has it open, the load runs in WAL mode as usual, at once.
    pub fn loading_alone(mut self) -> SqliteStore {
        self.loads_alone = true;
        self
    }

    /// Takes the writer out of WAL mode for a bulk load, when [`SqliteStore::loading_alone`]
    /// allows it, `contacts` is empty and no other connection has the file open. Whether it
    /// did.
    fn begin_load_alone(&self, conn: &Connection) -> Result<bool> {
        if !self.loads_alone {
            return Ok(false);
        }
        if !contacts_are_empty(conn)? {
            return Ok(false);
        }
        // Idle readers hold the file open; they are opened again when needed.
        self.readers
            .lock()
            .map_err(|_| Error::Backend("reader pool lock poisoned".into()))?
            .clear();
        // Another connection is a reason to stay in WAL mode, not to wait for it.
        conn.busy_timeout(Duration::ZERO).map_err(backend)?;
        let mode = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            })
            .unwrap_or_default();
        conn.busy_timeout(BUSY_TIMEOUT).map_err(backend)?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Ok(false);
        }
        // Pages read through a map count as resident memory; in WAL mode the load's pages
        // were read from the WAL, never through the map.
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA mmap_size = 0;")
            .map_err(backend)?;
        Ok(true)
    }

    /// Puts the writer back in WAL mode after [`SqliteStore::begin_load_alone`]. Should
    /// another connection have opened the file meanwhile, the next connection opened puts it
    /// back instead (every connection asks for WAL mode).
    fn end_load_alone(conn: &Connection) -> Result<()> {
        let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        conn.execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(backend)?;
        conn.execute_batch(WRITER_MEMORY).map_err(backend)
    }

    /// Whether the file was opened read-only (it has no write permission).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn refuse_if_read_only(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::Forbidden(format!(
                "the database file {} is read-only: it can be read but not changed",
                self.path.display()
            )));
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn take_reader(&self) -> Result<Connection> {
        let pooled = self
            .readers
            .lock()
            .map_err(|_| Error::Backend("reader pool poisoned".into()))?
            .pop();
        match pooled {
            Some(c) => Ok(c),
            None => connect(&self.path, false, self.read_only),
        }
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < READERS_KEPT {
                pool.push(conn);
            }
        }
    }
}

fn connect(path: &Path, writer: bool, read_only: bool) -> Result<Connection> {
    if read_only {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::Backend(format!("cannot open database {}: {e}", path.display()).into())
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(backend)?;
        conn.execute_batch("PRAGMA temp_store = MEMORY;")
            .map_err(backend)?;
        conn.execute_batch(READER_MEMORY).map_err(backend)?;
        conn.set_prepared_statement_cache_capacity(64);
        return Ok(conn);
    }
    let flags = if writer {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        Error::Backend(format!("cannot open database {}: {e}", path.display()).into())
    })?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(backend)?;
    // 16 KB pages for a new file (an existing one keeps its own): B-trees one level
    // shallower and fewer, larger writes; a million demo contacts went from about 62 s to
    // 57 s, and searches and list pages did not get slower.
    conn.execute_batch(
        "PRAGMA page_size = 16384;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )
    .map_err(backend)?;
    let memory = if writer { WRITER_MEMORY } else { READER_MEMORY };
    conn.execute_batch(memory).map_err(backend)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Runs `f` in one write transaction (`BEGIN IMMEDIATE`), writes what the ops held back and
/// commits; an error rolls everything back.
///
/// A bulk load (`bulk`) into an empty `contacts` table first takes that table's secondary
/// indexes off (a partial one once a row is in it: [`SetAside`]) and builds each again, from
/// its own stored SQL, just before commit, in the same transaction (so a failure or a crash
/// leaves them as they were). Built once from the finished table (a sort), an index costs a
/// fraction of keeping it up to date row by row at random places: a fresh import of 100,000 cards or the million-contact demo spent a
/// third of their time there. Nothing a bulk load reads in between needs them: it finds
/// contacts by id, duplicate keys by their hash (`contact_key_hashes`) and labels by their own tables.
fn transaction<T>(
    conn: &mut Connection,
    bulk: bool,
    f: impl FnOnce(&dyn Ops) -> Result<T>,
) -> Result<T> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend)?;
    let set_aside = if bulk { SetAside::begin(&tx)? } else { None };
    let search_build = if set_aside.is_some() {
        search_build::SearchBuild::start_if_empty(&tx)?
    } else {
        None
    };
    let key_filter = if bulk {
        ops::interchange::KeyFilter::if_no_keys(&tx)?
    } else {
        None
    };
    let held_keys = if bulk {
        ops::interchange::HeldKeys::if_no_keys(&tx)?
    } else {
        None
    };
    let automerge = if bulk && search_build.is_none() {
        Some(pause_search_merges(&tx)?)
    } else {
        None
    };
    let ops = ops::SqlOps {
        conn: &tx,
        writable: true,
        pending_search: Default::default(),
        pending_ids: Default::default(),
        pending_unindex: Default::default(),
        pending_counts: Default::default(),
        sync_floor: Default::default(),
        bulk_inserts: std::cell::Cell::new(bulk.then_some(0)),
        search_build: std::cell::RefCell::new(search_build),
        key_filter,
        hot: Default::default(),
        held_keys,
        set_aside,
    };
    let out = f(&ops)?;
    ops.seal_search()?;
    // The held keys and the indexes first, while a search index built aside is being merged.
    if let Some(held) = &ops.held_keys {
        held.write_out(&tx)?;
    }
    if let Some(set_aside) = &ops.set_aside {
        tx.cache_flush().map_err(backend)?;
        set_aside.make_again(&tx)?;
    }
    ops.flush_pending()?;
    drop(ops);
    if let Some(level) = automerge {
        set_search_automerge(&tx, level)?;
    }
    tx.commit().map_err(backend)?;
    Ok(out)
}

/// FTS5's default `automerge` level (what an index without the setting uses).
const FTS5_DEFAULT_AUTOMERGE: i64 = 4;

/// Stops the search index from merging its segments while a bulk load writes them, and
/// returns the level to put back before commit. With merges on, FTS5 merged the segments
/// of a large load step by step as they came and then again in the one merge after the load
/// (`tidy_after_bulk_load`): indexing a million documents took 18 s of CPU with merges and
/// 15 s without, the final merge the same either way.
fn pause_search_merges(conn: &Connection) -> Result<i64> {
    let level: Option<i64> = conn
        .query_row(
            "SELECT v FROM contact_search_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    set_search_automerge(conn, 0)?;
    Ok(level.unwrap_or(FTS5_DEFAULT_AUTOMERGE))
}

fn set_search_automerge(conn: &Connection, level: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO contact_search (contact_search, rank) VALUES ('automerge', ?1)",
        [level],
    )
    .map_err(backend)?;
    Ok(())
}

/// Whether the store has no contacts at all (a bulk load into it takes the fast paths).
fn contacts_are_empty(conn: &Connection) -> Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM contacts)", [], |r| {
        r.get(0)
    })
    .map_err(backend)
}

/// The secondary indexes of `contacts` a bulk load into an empty table takes off and makes
/// again before commit (named, not unique ones). A partial index stays while no row is in
/// it: an empty one is made again by reading the whole table all the same (20 ms a time
/// for 100,000 contacts), and most loads leave a few empty (no statuses, no organisation
/// links, no name-days). Every few thousand contacts the load asks whether one got a row
/// ([`SetAside::check`]) and takes it off then, so a load that fills it keeps few rows in
/// it at random places.
pub(crate) struct SetAside {
    /// The statements that make the indexes taken off again, in the order they were taken.
    taken: std::cell::RefCell<Vec<String>>,
    /// The partial indexes still on, each as its name, its statement and its condition.
    empty: std::cell::RefCell<Vec<(String, String, String)>>,
}

impl SetAside {
    /// When `contacts` is empty: takes its secondary indexes off, but the partial ones with
    /// a condition of their own. Otherwise `None`.
    fn begin(conn: &Connection) -> Result<Option<SetAside>> {
        if !contacts_are_empty(conn)? {
            return Ok(None);
        }
        let indexes: Vec<(String, String)> = {
            let mut st = conn
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL
                       AND sql NOT LIKE 'CREATE UNIQUE%'
                     ORDER BY rowid",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<_>>().map_err(backend)?
        };
        let set_aside = SetAside {
            taken: Default::default(),
            empty: Default::default(),
        };
        for (name, sql) in indexes {
            // The condition follows the column list's closing parenthesis.
            let condition = sql
                .rfind(')')
                .and_then(|end| {
                    let rest = sql[end + 1..].trim_start();
                    rest.get(..6)
                        .filter(|w| w.eq_ignore_ascii_case("WHERE "))
                        .map(|_| rest[6..].trim().to_string())
                })
                .filter(|c| !c.is_empty());
            match condition {
                Some(condition) => set_aside.empty.borrow_mut().push((name, sql, condition)),
                None => set_aside.take(conn, &name, sql)?,
            }
        }
        Ok(Some(set_aside))
    }

    fn take(&self, conn: &Connection, name: &str, sql: String) -> Result<()> {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
            .map_err(backend)?;
        self.taken.borrow_mut().push(sql);
        Ok(())
    }

    /// Takes off the partial indexes that have a row now (one seek each). One the planner
    /// cannot read by its own condition is taken off too.
    pub(crate) fn check(&self, conn: &Connection) -> Result<()> {
        let empty = std::mem::take(&mut *self.empty.borrow_mut());
        for (name, sql, condition) in empty {
            let has_rows: bool = conn
                .query_row(
                    &format!(
                        "SELECT EXISTS (SELECT 1 FROM contacts INDEXED BY \"{}\" WHERE {condition})",
                        name.replace('"', "\"\"")
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap_or(true);
            if has_rows {
                self.take(conn, &name, sql)?;
            } else {
                self.empty.borrow_mut().push((name, sql, condition));
            }
        }
        Ok(())
    }

    /// Makes the indexes taken off again.
    fn make_again(&self, conn: &Connection) -> Result<()> {
        for sql in self.taken.borrow_mut().drain(..) {
            conn.execute_batch(&sql).map_err(backend)?;
        }
        Ok(())
    }
}

impl Store for SqliteStore {
    fn read<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        let mut conn = self.take_reader()?;
        let out = {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Deferred)
                .map_err(backend)?;
            let ops = ops::SqlOps {
                conn: &tx,
                writable: false,
                pending_search: Default::default(),
                pending_ids: Default::default(),
                pending_unindex: Default::default(),
                pending_counts: Default::default(),
                sync_floor: Default::default(),
                bulk_inserts: Default::default(),
                search_build: Default::default(),
                key_filter: None,
                hot: Default::default(),
                held_keys: None,
                set_aside: None,
            };
            let out = f(&ops);
            drop(ops);
            tx.rollback().map_err(backend)?;
            out
        };
        self.give_back(conn);
        out
    }

    fn write<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.refuse_if_read_only()?;
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| Error::Backend("writer lock poisoned".into()))?;
        transaction(&mut conn, false, f)
    }

    fn write_bulk<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.refuse_if_read_only()?;
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| Error::Backend("writer lock poisoned".into()))?;
        // A fresh connection, which has not read the search index: a load into an empty
        // store copies a search index built aside into its tables (see `search_build`).
        *conn = connect(&self.path, true, false)?;
        let alone = self.begin_load_alone(&conn)?;
        let out = transaction(&mut conn, true, f);
        if alone {
            Self::end_load_alone(&conn)?;
        }
        conn.execute_batch(EVERYDAY_CACHE).map_err(backend)?;
        out
    }

    fn backup(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(Error::invalid(
                "backup",
                format!("{} exists already; choose a new file", path.display()),
            ));
        }
        let conn = self.take_reader()?;
        let result = conn.backup(rusqlite::MAIN_DB, path, None).map_err(|e| {
            Error::Backend(format!("backup to {} failed: {e}", path.display()).into())
        });
        self.give_back(conn);
        result
    }
}

#[cfg(test)]
mod merge_pause_tests {
    use super::*;

    #[test]
    fn merges_pause_and_come_back_at_the_level_they_had() {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch("CREATE VIRTUAL TABLE contact_search USING fts5 (doc, content = '');")
            .unwrap_or_else(|e| panic!("{e}"));
        let level = || -> i64 {
            conn.query_row(
                "SELECT v FROM contact_search_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let before = pause_search_merges(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(before, FTS5_DEFAULT_AUTOMERGE);
        assert_eq!(level(), 0);
        set_search_automerge(&conn, 8).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            pause_search_merges(&conn).unwrap_or_else(|e| panic!("{e}")),
            8
        );
        assert_eq!(level(), 0);
    }
}

#[cfg(test)]
mod set_aside_tests {
    use super::*;

    fn indexes(conn: &Connection) -> Vec<String> {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .unwrap_or_else(|e| panic!("{e}"));
        let rows = st
            .query_map([], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        rows.collect::<rusqlite::Result<_>>()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_partial_index_stays_on_until_a_row_is_in_it() {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, status_id INTEGER,
                 birthday_month INTEGER, birthday_day INTEGER, email TEXT UNIQUE);
             CREATE INDEX by_name ON contacts (name, id);
             CREATE INDEX by_status ON contacts (status_id) WHERE status_id IS NOT NULL;
             CREATE INDEX by_upcoming ON contacts ((birthday_month * 100 + birthday_day), name)
                 where birthday_month IS NOT NULL;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let set_aside = SetAside::begin(&conn)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("contacts are empty"));
        // The full index is off; the partial ones (either case of WHERE) and the unique
        // constraint's stay.
        assert_eq!(
            indexes(&conn),
            ["by_status", "by_upcoming", "sqlite_autoindex_contacts_1"]
        );
        conn.execute_batch("INSERT INTO contacts (name) VALUES ('Anna'), ('Jan');")
            .unwrap_or_else(|e| panic!("{e}"));
        set_aside.check(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(indexes(&conn).len(), 3);
        conn.execute_batch(
            "INSERT INTO contacts (name, birthday_month, birthday_day) VALUES ('Ewa', 5, 3);",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        set_aside.check(&conn).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(indexes(&conn), ["by_status", "sqlite_autoindex_contacts_1"]);
        set_aside
            .make_again(&conn)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            indexes(&conn),
            [
                "by_name",
                "by_status",
                "by_upcoming",
                "sqlite_autoindex_contacts_1"
            ]
        );
        let in_upcoming: i64 = conn
            .query_row(
                "SELECT count(*) FROM contacts INDEXED BY by_upcoming
                 WHERE birthday_month IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(in_upcoming, 1);
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(check, "ok");
        // A table with rows is left alone.
        assert!(SetAside::begin(&conn)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none());
    }
}
