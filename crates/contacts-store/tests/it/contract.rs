//! The core's store contract, run against a real SQLite file.

use std::path::Path;

use contacts_core::store::{Ops, Store};
use contacts_core::Result;
use contacts_store::SqliteStore;

/// A store on a file in a temporary directory that goes away with it.
struct TempStore {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Store for TempStore {
    fn read<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.store.read(f)
    }
    fn write<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.store.write(f)
    }
    // The store's own bulk transaction (indexes set aside, the search index built aside, the
    // duplicate-key filter), so the stories' imports and bulk loads run it.
    fn write_bulk<T>(&self, f: impl FnOnce(&dyn Ops) -> Result<T>) -> Result<T> {
        self.store.write_bulk(f)
    }
    fn backup(&self, path: &Path) -> Result<()> {
        self.store.backup(path)
    }
}

fn make() -> TempStore {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let store =
        SqliteStore::open(&dir.path().join("contacts.db")).unwrap_or_else(|e| panic!("open: {e}"));
    TempStore { store, _dir: dir }
}

contacts_core::store_contract_tests!(make());
