//! Numbered migrations, each applied in its own transaction and recorded in
//! `PRAGMA user_version`. A migration is never edited after it lands; add a new one.

use contacts_core::{Error, Result};
use rusqlite::Connection;

use crate::backend;

/// Every migration in order: (number, name, SQL). Numbers grow but may skip (a number
/// reserved by work that lands later); `user_version` holds the last one applied.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/001_initial.sql")),
    (3, "cases", include_str!("../migrations/003_cases.sql")),
];

pub(crate) fn apply(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(backend)?;
    let newest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current > newest {
        return Err(Error::Backend(format!("the database is at schema version {current}, newer than this program knows ({newest}); use a newer contacts").into()));
    }
    for (number, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction().map_err(backend)?;
        tx.execute_batch(sql).map_err(|e| {
            Error::Backend(format!("migration {number:03}_{name} failed: {e}").into())
        })?;
        tx.pragma_update(None, "user_version", number)
            .map_err(backend)?;
        tx.commit().map_err(backend)?;
    }
    Ok(())
}
