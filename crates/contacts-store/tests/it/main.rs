//! The SQLite store's integration tests, in one binary (one link, one run): the core's
//! store contract on a real file, and SQLite-only checks (schema snapshot, migrations,
//! query plans).

mod contract;
mod sqlite;
