//! Numbered migrations, each applied in its own transaction and recorded in
//! `PRAGMA user_version`. A migration is never edited after it lands; add a new one.

use contacts_core::{Error, Result};
use rusqlite::Connection;

use crate::backend;

/// Every migration in order: (number, name, SQL). Numbers grow but may skip (a number
/// reserved by work that lands later); `user_version` holds the last one applied.
pub const MIGRATIONS: &[(u32, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/001_initial.sql")),
    (
        2,
        "reminders",
        include_str!("../migrations/002_reminders.sql"),
    ),
    (3, "cases", include_str!("../migrations/003_cases.sql")),
    (
        4,
        "interchange",
        include_str!("../migrations/004_interchange.sql"),
    ),
    (
        5,
        "upcoming_index",
        include_str!("../migrations/005_upcoming_index.sql"),
    ),
    (
        6,
        "book_counts",
        include_str!("../migrations/006_book_counts.sql"),
    ),
    (
        7,
        "display_name",
        include_str!("../migrations/007_display_name.sql"),
    ),
    (
        8,
        "auth_language_recent",
        include_str!("../migrations/008_auth_language_recent.sql"),
    ),
    (
        9,
        "search_hash",
        include_str!("../migrations/009_search_hash.sql"),
    ),
    (10, "sync", include_str!("../migrations/010_sync.sql")),
    (11, "mailing", include_str!("../migrations/011_mailing.sql")),
    (
        13,
        "accounts_polish_order",
        include_str!("../migrations/013_accounts_polish_order.sql"),
    ),
    (
        15,
        "cases_web",
        include_str!("../migrations/015_cases_web.sql"),
    ),
    (
        16,
        "everyday",
        include_str!("../migrations/016_everyday.sql"),
    ),
    (17, "polish", include_str!("../migrations/017_polish.sql")),
    (
        21,
        "upcoming_family",
        include_str!("../migrations/021_upcoming_family.sql"),
    ),
    (
        22,
        "case_tasks",
        include_str!("../migrations/022_case_tasks.sql"),
    ),
    (
        23,
        "key_hashes",
        include_str!("../migrations/023_key_hashes.sql"),
    ),
    (
        24,
        "keys_by_hash_only",
        include_str!("../migrations/024_keys_by_hash_only.sql"),
    ),
];

/// The narrower covering indexes of migration 007, made after its Rust step has filled the
/// display names (building an index once is cheaper than updating it a million times).
const INDEXES_007: &str = "
CREATE INDEX contacts_upcoming_birthday ON contacts (
    birthday_month, birthday_day, owner_id, kind, display, given, birthday_year,
    nameday_month, nameday_day
) WHERE birthday_month IS NOT NULL;

CREATE INDEX contacts_upcoming_nameday ON contacts (
    nameday_month, nameday_day, owner_id, kind, display, given, birthday_year,
    birthday_month, birthday_day
) WHERE nameday_month IS NOT NULL;

-- The name-day columns are always NULL under this index's condition, but the query reads them
-- and an index covers only the columns it lists.
CREATE INDEX contacts_upcoming_given ON contacts (
    given_key, (birthday_month * 100 + birthday_day), owner_id, kind, display, given,
    birthday_year, birthday_month, birthday_day, nameday_month, nameday_day
) WHERE nameday_month IS NULL;
";

/// For a file opened read-only: it must already be at this program's schema.
pub(crate) fn check_current(conn: &Connection, path: &std::path::Path) -> Result<()> {
    let current: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(backend)?;
    let newest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current != newest {
        return Err(Error::Backend(
            format!(
                "the database file {} is read-only and at schema version {current}, but this \
                 program reads version {newest}: make it writable once so it can be updated",
                path.display()
            )
            .into(),
        ));
    }
    Ok(())
}

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
        after(&tx, *number)?;
        tx.pragma_update(None, "user_version", number)
            .map_err(backend)?;
        tx.commit().map_err(backend)?;
    }
    Ok(())
}

/// What a migration needs done in Rust after its SQL, in the same transaction.
fn after(tx: &rusqlite::Transaction<'_>, number: u32) -> Result<()> {
    if number == 7 {
        fill_display_names(tx)?;
        tx.execute_batch(INDEXES_007).map_err(backend)?;
    }
    if number == 2 {
        // given_key is computed by the core (Unicode folding SQLite cannot do).
        let rows: Vec<(i64, String)> = {
            let mut st = tx
                .prepare("SELECT id, given FROM contacts WHERE given <> ''")
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(backend)?;
            rows.collect::<rusqlite::Result<_>>().map_err(backend)?
        };
        let mut st = tx
            .prepare("UPDATE contacts SET given_key = ?2 WHERE id = ?1")
            .map_err(backend)?;
        for (id, given) in rows {
            st.execute(rusqlite::params![
                id,
                contacts_core::store::given_key(&given)
            ])
            .map_err(backend)?;
        }
    }
    if number == 23 {
        // Duplicate keys are computed by the core (Unicode folding, E.164), from every
        // contact: also those of a file from before 004, whose text keys 004 left empty.
        crate::ops::interchange::backfill_keys(tx)?;
    }
    if number == 13 {
        // Names sort in Polish alphabetical order: the sort key becomes the core's
        // collation key (a BLOB) instead of folded text.
        refill_sort_keys(tx)?;
    }
    Ok(())
}

/// Migration 013: every contact's sort key from the core's Polish collation (family and
/// given name, else the stored display name).
fn refill_sort_keys(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut read = tx
        .prepare("SELECT id, family, given, display FROM contacts")
        .map_err(backend)?;
    let mut write = tx
        .prepare("UPDATE contacts SET sort_key = ?2 WHERE id = ?1")
        .map_err(backend)?;
    let mut rows = read.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let text = |i: usize| r.get::<_, String>(i).map_err(backend);
        let id: i64 = r.get(0).map_err(backend)?;
        let key = contacts_core::search::sort_key_of(&text(1)?, &text(2)?, &text(3)?);
        write.execute(rusqlite::params![id, key]).map_err(backend)?;
    }
    Ok(())
}

/// Migration 007: the display name of every existing contact, computed by the core.
fn fill_display_names(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut read = tx
        .prepare(
            "SELECT id, kind, prefix, given, additional, family, suffix, org_name, nickname
             FROM contacts",
        )
        .map_err(backend)?;
    let mut write = tx
        .prepare("UPDATE contacts SET display = ?2 WHERE id = ?1")
        .map_err(backend)?;
    let mut rows = read.query([]).map_err(backend)?;
    while let Some(r) = rows.next().map_err(backend)? {
        let kind =
            contacts_core::model::ContactKind::parse(&r.get::<_, String>(1).map_err(backend)?)?;
        let text = |i: usize| r.get::<_, String>(i).map_err(backend);
        let name = contacts_core::model::Name {
            prefix: text(2)?,
            given: text(3)?,
            additional: text(4)?,
            family: text(5)?,
            suffix: text(6)?,
        };
        let display = contacts_core::model::naming_display(kind, &name, &text(7)?, &text(8)?);
        if !display.is_empty() {
            write
                .execute(rusqlite::params![
                    r.get::<_, i64>(0).map_err(backend)?,
                    display
                ])
                .map_err(backend)?;
        }
    }
    Ok(())
}
