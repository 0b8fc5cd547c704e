//! What only the SQLite store has: migrations, the file itself, backup, several handles.

use contacts_core::model::ContactData;
use contacts_core::service::{BookKind, ListFilter, Service};
use contacts_core::Error;
use contacts_store::SqliteStore;

fn ok<T>(r: contacts_core::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
}

#[test]
fn migrations_apply_and_the_schema_is_as_recorded() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    drop(ok(SqliteStore::open(&path)));
    // Opening again applies nothing twice.
    drop(ok(SqliteStore::open(&path)));
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        Some(version),
        contacts_store::MIGRATIONS.last().map(|m| m.0)
    );
    let mut st = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'contact_search_%' ORDER BY type, name")
        .unwrap_or_else(|e| panic!("{e}"));
    let schema: Vec<String> = st
        .query_map([], |r| {
            Ok(format!(
                "-- {} {}\n{};",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("schema", schema.join("\n\n"));
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    drop(ok(SqliteStore::open(&path)));
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    conn.pragma_update(None, "user_version", 999)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let err = SqliteStore::open(&path)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("schema version 999"), "{err}");
}

#[test]
fn two_handles_on_one_file_see_each_other_and_detect_stale_edits() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let one = Service::new(ok(SqliteStore::open(&path)));
    let two = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(one.local_actor("anna"));
    let bob = ok(two.local_actor("bob"));
    let c = ok(one.create(
        &anna,
        BookKind::Business,
        ContactData::person("Jan", "Wspólny"),
    ));
    let seen = ok(two.get(&bob, c.id));
    assert_eq!(seen.data.name.family, "Wspólny");
    ok(two.update(
        &bob,
        c.id,
        seen.meta.version,
        ContactData::person("Jan", "Zmieniony"),
    ));
    assert_eq!(ok(one.get(&anna, c.id)).data.name.family, "Zmieniony");
    assert!(matches!(
        one.update(
            &anna,
            c.id,
            c.meta.version,
            ContactData::person("Jan", "Nadpisany")
        ),
        Err(Error::Conflict(_))
    ));
    assert_eq!(ok(two.search(&bob, "zmien", None, 5)).len(), 1);
}

#[test]
fn backup_makes_a_complete_copy_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let s = Service::new(ok(SqliteStore::open(&dir.path().join("c.db"))));
    let anna = ok(s.local_actor("anna"));
    let c = ok(s.create(
        &anna,
        BookKind::Private,
        ContactData::person("Zofia", "Kopia"),
    ));
    ok(s.attach(
        &anna,
        c.id,
        "umowa.pdf",
        "application/pdf",
        vec![1, 2, 3],
        "",
    ));
    let copy = dir.path().join("backup.db");
    ok(s.backup(&anna, &copy));
    assert!(matches!(s.backup(&anna, &copy), Err(Error::Invalid { .. })));
    let restored = Service::new(ok(SqliteStore::open(&copy)));
    let anna2 = ok(restored.actor_by_name("anna"));
    let list = ok(restored.list(&anna2, &ListFilter::default()));
    assert_eq!(
        list.iter()
            .map(|c| c.data.display_name())
            .collect::<Vec<_>>(),
        ["Zofia Kopia"]
    );
    assert_eq!(ok(restored.attachments(&anna2, c.id)).len(), 1);
    assert_eq!(ok(restored.search(&anna2, "zof", None, 5)).len(), 1);
    let bob = ok(s.local_actor("bob"));
    assert!(matches!(
        s.backup(&bob, &dir.path().join("b2.db")),
        Err(Error::Forbidden(_))
    ));
}
