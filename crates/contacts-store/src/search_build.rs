//! The search index of a bulk load into an empty store, built on a thread of its own.
//!
//! Indexing is a third of the writer's work in a bulk load (tokenising, FTS5's in-memory
//! buffer, writing and merging its segments), and the writer is the one busy thread: the
//! card parser waits on it. So when a bulk transaction starts with no contacts and an
//! empty index, the documents go to a second thread instead, which indexes them into a
//! private temporary database (an FTS5 table made from the same definition, so the same
//! tokenizer, prefixes and options) and merges that index into one segment. Before the
//! transaction commits, the writer copies the finished index's tables (`_data`, `_idx`,
//! `_docsize`) over the store's empty ones, in the same transaction, so a failure or a
//! crash still leaves the store as it was. The store stays one file: the temporary
//! database is SQLite's own, deleted when its connection closes.
//!
//! FTS5 keeps the index's structure cached per connection and reloads it only after
//! another connection commits, so the writing connection must not have read the index
//! before its tables are copied: [`crate::SqliteStore::write_bulk`] runs on a fresh
//! connection, and every read of the index in the transaction finishes the build first
//! ([`crate::ops::SqlOps`]'s `flush_search`).

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use contacts_core::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

use crate::backend;

/// Documents sent to the indexing thread at a time (one channel message).
const BATCH: usize = 512;
/// Batches in flight: the writer gets ahead of the indexer by at most this many (about 5 MB).
/// With 16 the writer stopped whenever the indexer wrote a segment out, and the parser behind
/// it stopped too: a core stood idle (an import's load phase used 155% of 200%, now 190%).
const IN_FLIGHT: usize = 64;
/// FTS5's in-memory buffer on the indexing thread (8 MB; the store's own is 16 MB). The
/// buffer takes about twice its nominal size; with the store's 16 MB an import of 100,000
/// cards peaked at 199–204 MB, with 8 MB at 170–174 MB and took as long (4 MB: 166–168 MB and
/// more merging; `bench_import`, three runs each).
const HASHSIZE: i64 = 8 << 20;
/// The temporary database's page cache (4 MB); beyond it pages go to its file. Its writes
/// are appends of new segments, and the merge at the end reads each segment once.
const CACHE: &str = "PRAGMA cache_size = -4096;";
/// The shadow tables that hold an FTS5 index without content: the index itself (segments,
/// structure, averages), its term-to-page lookup and each document's size and origin.
const TABLES: [&str; 3] = ["data", "idx", "docsize"];

/// Documents in one buffer (one allocation, freed by the other thread).
#[derive(Default)]
struct Docs {
    ids: Vec<i64>,
    ends: Vec<usize>,
    text: String,
}

impl Docs {
    fn with_capacity(n: usize) -> Docs {
        Docs {
            ids: Vec::with_capacity(n),
            ends: Vec::with_capacity(n),
            text: String::with_capacity(n * 128),
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn push(&mut self, id: i64, doc: &str) {
        self.ids.push(id);
        self.text.push_str(doc);
        self.ends.push(self.text.len());
    }

    fn iter(&self) -> impl Iterator<Item = (i64, &str)> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.ids
            .iter()
            .zip(starts.zip(self.ends.iter().copied()))
            .map(|(id, (start, end))| (*id, &self.text[start..end]))
    }
}

enum Job {
    Put(Docs),
    Take(i64),
    Finish,
}

/// A search index being built on its own thread for one bulk transaction.
pub(crate) struct SearchBuild {
    batch: Docs,
    /// `Finish` was sent: the thread is merging the index and takes no more documents.
    sealed: bool,
    jobs: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<Result<Connection>>>,
}

impl SearchBuild {
    /// Starts a build when the store's index `contact_search` is empty (holds no document,
    /// live or deleted); `None` otherwise.
    pub(crate) fn start_if_empty(conn: &Connection) -> Result<Option<SearchBuild>> {
        let empty: bool = conn
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM contact_search_docsize)",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        if !empty {
            return Ok(None);
        }
        let definition: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'contact_search'",
                [],
                |r| r.get(0),
            )
            .map_err(backend)?;
        // Without a temporary database (no writable temporary folder) the load indexes in
        // place, as a load into a store with contacts does; so it does when the store's
        // index has another FTS5 format version than this SQLite makes (a table made by an
        // older one), whose segments the copy would not match.
        let Ok(aside) = temporary_index(&definition) else {
            return Ok(None);
        };
        if format_version(conn)? != format_version(&aside)? {
            return Ok(None);
        }
        let (jobs, queue) = sync_channel(IN_FLIGHT);
        let thread = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || index(aside, queue))
            .map_err(|e| Error::Backend(format!("cannot start the indexing thread: {e}").into()))?;
        Ok(Some(SearchBuild {
            batch: Docs::with_capacity(BATCH),
            sealed: false,
            jobs: Some(jobs),
            thread: Some(thread),
        }))
    }

    /// Indexes document `doc` as contact `id`.
    pub(crate) fn put(&mut self, id: i64, doc: &str) -> Result<()> {
        self.unsealed()?;
        self.batch.push(id, doc);
        if self.batch.len() >= BATCH {
            self.send_batch()?;
        }
        Ok(())
    }

    /// Takes contact `id` out again (a card merged into one imported earlier).
    pub(crate) fn take(&mut self, id: i64) -> Result<()> {
        self.unsealed()?;
        self.send_batch()?;
        self.send(Job::Take(id))
    }

    /// Sends the last documents: the thread merges the index while the writer goes on
    /// (with the table's own indexes).
    pub(crate) fn seal(&mut self) -> Result<()> {
        if !self.sealed {
            self.send_batch()?;
            self.send(Job::Finish)?;
            self.sealed = true;
        }
        Ok(())
    }

    /// Waits for the index to be finished and copies it into the store's empty one, in
    /// `conn`'s transaction.
    pub(crate) fn finish(mut self, conn: &Connection) -> Result<()> {
        self.seal()?;
        let built = self.join()?;
        for table in TABLES {
            conn.execute_batch(&format!("DELETE FROM main.contact_search_{table}"))
                .map_err(backend)?;
            let mut read = built
                .prepare(&format!("SELECT * FROM contact_search_{table}"))
                .map_err(backend)?;
            let columns = read.column_count();
            let marks = vec!["?"; columns].join(", ");
            let mut write = conn
                .prepare(&format!(
                    "INSERT INTO main.contact_search_{table} VALUES ({marks})"
                ))
                .map_err(backend)?;
            let mut rows = read.query([]).map_err(backend)?;
            while let Some(row) = rows.next().map_err(backend)? {
                // Bound as they are read, not copied (a page of the index is a blob of about
                // 4 KB).
                let values = (0..columns)
                    .map(|i| row.get_ref(i).map(rusqlite::types::ToSqlOutput::Borrowed))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map_err(backend)?;
                write
                    .execute(rusqlite::params_from_iter(values))
                    .map_err(backend)?;
            }
        }
        Ok(())
    }

    fn unsealed(&self) -> Result<()> {
        if self.sealed {
            return Err(Error::Backend(
                "a document came after the search index was sealed".into(),
            ));
        }
        Ok(())
    }

    fn send_batch(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Docs::with_capacity(BATCH));
        self.send(Job::Put(batch))
    }

    fn send(&mut self, job: Job) -> Result<()> {
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        if sent {
            Ok(())
        } else {
            // The thread stopped early: its error says why.
            Err(self
                .join()
                .err()
                .unwrap_or_else(|| Error::Backend("the indexing thread stopped".into())))
        }
    }

    fn join(&mut self) -> Result<Connection> {
        self.jobs = None;
        let thread = self
            .thread
            .take()
            .ok_or_else(|| Error::Backend("the indexing thread is gone".into()))?;
        thread
            .join()
            .map_err(|_| Error::Backend("the indexing thread panicked".into()))?
    }
}

impl Drop for SearchBuild {
    /// A transaction that failed: the thread sees its queue close without `Finish` and
    /// drops what it built.
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A private temporary database with the store's FTS5 table. SQLite makes its file only when
/// its pages no longer fit in memory, so a page is pushed out at once (a page cache of one
/// page and a scratch row of 256 KB): a temporary folder that cannot be written fails here,
/// before the load, rather than in the middle of it.
fn temporary_index(definition: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open("")?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = 1;
         CREATE TABLE probe (b BLOB);
         INSERT INTO probe VALUES (zeroblob(262144));
         DROP TABLE probe;
         {CACHE}
         {definition};"
    ))?;
    Ok(conn)
}

/// The FTS5 format version of a database's `contact_search` (its `_config` row).
fn format_version(conn: &Connection) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT v FROM contact_search_config WHERE k = 'version'",
        [],
        |r| r.get(0),
    )
    .optional()
    .map_err(backend)
}

/// The indexing thread: a private temporary database with the same FTS5 table, fed from
/// `queue`; on `Finish` the index is merged into one segment and its connection returned.
fn index(conn: Connection, queue: Receiver<Job>) -> Result<Connection> {
    conn.execute_batch("BEGIN").map_err(backend)?;
    let config = "INSERT INTO contact_search (contact_search, rank) VALUES (?1, ?2)";
    conn.execute(config, params!["hashsize", HASHSIZE])
        .map_err(backend)?;
    // Segments are merged once at the end, not step by step as they come.
    conn.execute(config, params!["automerge", 0])
        .map_err(backend)?;
    {
        let mut put = conn
            .prepare("INSERT INTO contact_search (rowid, doc) VALUES (?1, ?2)")
            .map_err(backend)?;
        let mut take = conn
            .prepare("DELETE FROM contact_search WHERE rowid = ?1")
            .map_err(backend)?;
        // Contacts taken out again (a card merged into one imported earlier), with their
        // last document if they came back: FTS5 writes its whole buffer out as a segment
        // before a delete, so the deletes wait for the end, where they cost one write-out.
        let mut replaced: std::collections::BTreeMap<i64, Option<String>> = Default::default();
        loop {
            match queue.recv() {
                Ok(Job::Put(docs)) => {
                    for (id, doc) in docs.iter() {
                        match replaced.get_mut(&id) {
                            Some(last) => *last = Some(doc.to_string()),
                            None => {
                                put.execute(params![id, doc]).map_err(backend)?;
                            }
                        }
                    }
                }
                Ok(Job::Take(id)) => {
                    replaced.insert(id, None);
                }
                Ok(Job::Finish) => break,
                // The transaction was given up.
                Err(_) => return Err(Error::Backend("the bulk load was given up".into())),
            }
        }
        for id in replaced.keys() {
            take.execute([id]).map_err(backend)?;
        }
        for (id, doc) in replaced {
            if let Some(doc) = doc {
                put.execute(params![id, doc]).map_err(backend)?;
            }
        }
    }
    conn.execute_batch(
        "INSERT INTO contact_search (contact_search) VALUES ('optimize');
         COMMIT;",
    )
    .map_err(backend)?;
    Ok(conn)
}
