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

#[test]
fn migrations_002_and_007_fill_given_keys_and_display_names_of_existing_contacts() {
    // The name-day comes from the given key (002), the name shown from the display name (007):
    // without either, the line below would be missing or read "contact 1".
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(contacts_store::MIGRATIONS[0].2)
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO users (id, name, created_at) VALUES (1, 'anna', '2026-01-01T00:00:00Z');
             INSERT INTO contacts (kind, given, family, birthday_month, birthday_day, sort_key,
                 created_at, created_by, updated_at, updated_by, version)
             VALUES ('person', 'Łukasz Maria', 'Stary', 10, 1, 'stary', '2026-01-01T00:00:00Z', 1,
                 '2026-01-01T00:00:00Z', 1, 1);",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.actor_by_name("anna"));
    let from = chrono::NaiveDate::from_ymd_opt(2026, 10, 15).unwrap_or_default();
    let found: Vec<String> = ok(s.upcoming(&anna, from, 7, false, true))
        .into_iter()
        .map(|o| format!("{} {}", o.date, o.contact.name))
        .collect();
    assert_eq!(found, ["2026-10-18 Łukasz Maria Stary"]);
}

#[test]
fn migration_023_keeps_the_duplicate_keys_of_every_contact_as_hashes() {
    // A file at version 22 kept its keys as text in `contact_keys`; this one has lost them
    // (as a file from before 004 never had them): 023 computes them again from the contacts.
    use contacts_core::model::{Email, Phone};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let (jan, janek, ewa) = {
        let s = Service::new(ok(SqliteStore::open(&path)));
        let anna = ok(s.local_actor("anna"));
        let add = |given: &str, email: Option<&str>, phone: Option<&str>| {
            let mut d = ContactData::person(given, "Kowalski");
            d.emails.extend(email.map(|e| ok(Email::new("work", e))));
            d.phones.extend(phone.map(|p| ok(Phone::new("cell", p))));
            ok(s.create(&anna, BookKind::Business, d)).id
        };
        (
            add("Jan", Some("jan@firma.pl"), Some("+48 601 234 567")),
            add("Janek", Some("JAN@firma.pl"), None),
            add("Ewa", None, Some("601 234 567")),
        )
    };
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "DROP TABLE contact_key_hashes;
             CREATE TABLE contact_keys (
                 key        TEXT NOT NULL,
                 contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                 PRIMARY KEY (key, contact_id)
             ) WITHOUT ROWID;
             CREATE INDEX contact_keys_by_contact ON contact_keys (contact_id);
             PRAGMA user_version = 22;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.actor_by_name("anna"));
    let pairs: Vec<(i64, i64, String)> = ok(s.duplicates(&anna, BookKind::Business))
        .into_iter()
        .map(|p| (p.a.0, p.b.0, p.reason))
        .collect();
    assert_eq!(
        pairs,
        [
            (jan.0, janek.0, "same e-mail jan@firma.pl".to_string()),
            (jan.0, ewa.0, "same phone +48601234567".to_string()),
        ]
    );
    let mut probe = ContactData::person("Nowy", "Ktoś");
    probe.phones.push(ok(Phone::new("", "0048601234567")));
    let hints: Vec<i64> = ok(s.possible_duplicates(&anna, BookKind::Business, &probe, None))
        .into_iter()
        .map(|h| h.contact.id.0)
        .collect();
    assert_eq!(hints, [jan.0, ewa.0]);
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let old: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'contact_keys%'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old, 0);
}

#[test]
fn stored_duplicate_keys_are_what_they_were() {
    // A contact's keys are deleted by computing them again from its data (migration 024),
    // so a change to how keys are made or hashed must come with a migration that computes
    // the table again (as 023 does). This test holds both to fixed values; when it fails,
    // write that migration and then update the values.
    use contacts_core::model::{Email, Phone};
    use contacts_core::service::duplicate_keys;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.local_actor("anna"));
    let mut d = ContactData::person("Łukasz", "Wiśniewski");
    d.emails.push(ok(Email::new("work", "Lukasz.W@Firma.PL")));
    d.phones.push(ok(Phone::new("cell", "+48 601 234 567")));
    d.phones.push(ok(Phone::as_typed("cell", "905-555-1234")));
    d.birthday = Some(contacts_core::date::PartialDate::full(
        chrono::NaiveDate::from_ymd_opt(1980, 5, 3).unwrap_or_else(|| panic!("date")),
    ));
    assert_eq!(
        duplicate_keys(&d),
        [
            "e:lukasz.w@firma.pl",
            "n:lukasz wisniewski|1980-05-03",
            "p:+48601234567",
            "p:9055551234",
        ]
    );
    ok(s.create(&anna, BookKind::Business, d));
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut st = conn
        .prepare("SELECT hash FROM contact_key_hashes ORDER BY hash")
        .unwrap_or_else(|e| panic!("{e}"));
    let hashes: Vec<i64> = st
        .query_map([], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"))
        .collect::<rusqlite::Result<_>>()
        .unwrap_or_else(|e| panic!("{e}"));
    // The first eight bytes of each key's SHA-256, little-endian (Python's hashlib agrees).
    assert_eq!(
        hashes,
        [
            -9_167_148_467_731_066_448,
            -5_504_781_621_481_625_836,
            657_222_568_268_755_769,
            8_594_922_705_113_343_762,
        ]
    );
}

#[test]
fn migration_013_sorts_existing_contacts_in_polish_order() {
    // Before 013 the sort key was folded text ("bak" < "baran"); the refill makes it the
    // Polish collation key, so Baran comes before Bąk.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(contacts_store::MIGRATIONS[0].2)
            .unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "PRAGMA user_version = 1;
             INSERT INTO users (id, name, created_at) VALUES (1, 'anna', '2026-01-01T00:00:00Z');
             INSERT INTO contacts (kind, given, family, sort_key,
                 created_at, created_by, updated_at, updated_by, version)
             VALUES ('person', 'Jan', 'Bąk', 'bak jan', '2026-01-01T00:00:00Z', 1,
                 '2026-01-01T00:00:00Z', 1, 1),
                    ('person', 'Ewa', 'Baran', 'baran ewa', '2026-01-01T00:00:00Z', 1,
                 '2026-01-01T00:00:00Z', 1, 1);",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.actor_by_name("anna"));
    let names: Vec<String> = ok(s.list(&anna, &contacts_core::service::ListFilter::default()))
        .iter()
        .map(|c| c.data.display_name())
        .collect();
    assert_eq!(names, ["Ewa Baran", "Jan Bąk"]);
}

/// The metadata of a contact `user` makes now.
fn new_meta(user: contacts_core::ids::UserId) -> contacts_core::model::Meta {
    let now = chrono::Utc::now();
    contacts_core::model::Meta {
        created_at: now,
        created_by: user,
        updated_at: now,
        updated_by: user,
        version: 1,
    }
}

#[test]
fn search_documents_held_back_in_a_transaction_are_seen_and_replaced() {
    use contacts_core::model::Book;
    use contacts_core::store::{ListQuery, Ops, Scope, SearchQuery, Store};
    // The store holds a transaction's search documents back and writes them together; reads,
    // updates and deletes inside the same transaction must still see the latest of each.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = ok(SqliteStore::open(&dir.path().join("c.db")));
    let scope = Scope {
        private_of: None,
        business: true,
    };
    let find = |ops: &dyn Ops, word: &str| -> Vec<String> {
        let q = SearchQuery {
            scope,
            terms: vec![word.to_string()],
            whole: vec![],
            limit: 10,
        };
        let mut names: Vec<String> = ok(ops.search(&q))
            .into_iter()
            .map(|c| c.data.display_name())
            .collect();
        names.sort();
        names
    };
    let (kept, gone) = ok(store.write(|ops| {
        let user = ops.insert_user("anna", true, chrono::Utc::now())?;
        let meta = new_meta(user.id);
        let kept = ops.insert_contact(
            Book::Business,
            &ContactData::person("Żaneta", "Zmienna"),
            &meta,
        )?;
        let gone = ops.insert_contact(
            Book::Business,
            &ContactData::person("Żaneta", "Znikająca"),
            &meta,
        )?;
        assert_eq!(find(ops, "zaneta"), ["Żaneta Zmienna", "Żaneta Znikająca"]);
        let mut c = ops.contact(kept)?.unwrap_or_else(|| panic!("just made"));
        c.data.name.family = "Odmieniona".into();
        c.meta.version = 2;
        ops.update_contact(&c, 1)?;
        ops.delete_contact(gone)?;
        assert_eq!(find(ops, "zaneta"), ["Żaneta Odmieniona"]);
        assert!(find(ops, "zmienna").is_empty());
        let mut q = ListQuery::new(scope);
        q.limit = 10;
        assert_eq!(ops.count_contacts(&q)?, 1);
        Ok((kept, gone))
    }));
    ok(store.read(|ops| {
        assert_eq!(find(ops, "odmien"), ["Żaneta Odmieniona"]);
        assert!(find(ops, "znikaj").is_empty());
        assert!(ops.contact(gone)?.is_none());
        assert!(ops.contact(kept)?.is_some());
        let q = ListQuery::new(scope);
        assert_eq!(ops.count_contacts(&q)?, 1);
        Ok(())
    }));
    // Tidying after a bulk load merges the index; every answer stays the same.
    ok(store.write(|ops| ops.tidy_after_bulk_load()));
    ok(store.read(|ops| {
        assert_eq!(find(ops, "odmien"), ["Żaneta Odmieniona"]);
        assert!(find(ops, "znikaj").is_empty());
        Ok(())
    }));
}

#[test]
fn migration_008_pads_change_times_so_text_order_is_time_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        for (number, _, sql) in contacts_store::MIGRATIONS.iter().filter(|m| m.0 <= 6) {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("migration {number}: {e}"));
        }
        // Change times as earlier versions wrote them: 0, 3, 6 or 9 fractional digits.
        conn.execute_batch(
            "PRAGMA user_version = 6;
             INSERT INTO users (id, name, created_at) VALUES (1, 'anna', '2026-01-01T00:00:00Z');",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for (family, updated) in [
            ("Zero", "2026-01-01T10:00:05Z"),
            ("Milli", "2026-01-01T10:00:05.250Z"),
            ("Micro", "2026-01-01T10:00:05.000001Z"),
            ("Nano", "2026-01-01T10:00:04.999999999Z"),
        ] {
            conn.execute(
                "INSERT INTO contacts (kind, family, sort_key, created_at, created_by, updated_at, updated_by, version)
                 VALUES ('person', ?1, lower(?1), '2026-01-01T00:00:00Z', 1, ?2, 1, 1)",
                [family, updated],
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.actor_by_name("anna"));
    let listed = ok(s.list(
        &anna,
        &ListFilter {
            sort: contacts_core::store::ListSort::Recent,
            ..ListFilter::default()
        },
    ));
    let names: Vec<String> = listed.iter().map(|c| c.data.name.family.clone()).collect();
    assert_eq!(names, ["Milli", "Micro", "Zero", "Nano"]);
    assert_eq!(
        listed[0].meta.updated_at.to_rfc3339(),
        "2026-01-01T10:00:05.250+00:00",
        "the same instant, written out longer"
    );
    // A page of one is cut by the index order alone (unpadded, "…05Z" would come first).
    let first = ok(s.list(
        &anna,
        &ListFilter {
            sort: contacts_core::store::ListSort::Recent,
            limit: 1,
            ..ListFilter::default()
        },
    ));
    assert_eq!(first[0].data.name.family, "Milli");
}

#[test]
fn recent_lists_walk_the_book_index_backwards() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    drop(ok(SqliteStore::open(&path)));
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    // The store's query for one book (src/ops.rs, list_one_book) with the recent order.
    let sql = "EXPLAIN QUERY PLAN SELECT c.id FROM contacts c WHERE c.owner_id IS ?1
        ORDER BY c.owner_id DESC, c.updated_at DESC, c.id DESC LIMIT 50";
    let mut st = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}"));
    let plan: Vec<String> = st
        .query_map([Option::<i64>::None], |r| r.get::<_, String>(3))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|r| r.unwrap_or_default())
        .collect();
    let plan = plan.join("; ");
    assert!(
        plan.contains("USING COVERING INDEX contacts_by_book_updated (owner_id=?)")
            || plan.contains("USING INDEX contacts_by_book_updated (owner_id=?)"),
        "{plan}"
    );
    assert!(!plan.contains("TEMP B-TREE"), "no sort step: {plan}");
}

#[test]
fn sessions_and_tokens_keep_only_hashes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let session = "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
    let token = "70c3570c3570c3570c3570c3570c3570c3570c3570c3570c3570c3570c3570c3";
    {
        let s = Service::new(ok(SqliteStore::open(&path)));
        let anna = ok(s.local_actor("anna"));
        ok(s.start_session(&anna, session));
        ok(s.create_api_token(&anna, "laptop", token));
        // A second handle on the file (a restart) knows both.
        let again = Service::new(ok(SqliteStore::open(&path)));
        assert_eq!(
            ok(again.session_actor(session)).map(|a| a.id()),
            Some(anna.id())
        );
        assert_eq!(
            ok(again.token_actor(token)).map(|a| a.id()),
            Some(anna.id())
        );
    }
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let hashes: Vec<Vec<u8>> = conn
        .prepare("SELECT hash FROM sessions UNION ALL SELECT hash FROM api_tokens")
        .and_then(|mut st| {
            st.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        hashes,
        [
            contacts_core::store::SecretHash::of(session)
                .as_bytes()
                .to_vec(),
            contacts_core::store::SecretHash::of(token)
                .as_bytes()
                .to_vec(),
        ]
    );
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
    for secret in [session, token] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the raw secret is in the file"
        );
    }
}

/// The indexes of `contacts`, as `name: sql`, in the order SQLite lists them.
fn contact_indexes(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut st = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' ORDER BY name")
        .unwrap_or_else(|e| panic!("{e}"));
    st.query_map([], |r| {
        Ok(format!(
            "{}: {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?.unwrap_or_default()
        ))
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .collect::<Result<_, _>>()
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_bulk_load_pauses_the_search_index_merges_and_puts_them_back() {
    // During a bulk load FTS5's automerge is 0 (the load ends with one merge); before commit
    // and after a failed load the level is what it was, so everyday writes merge as before.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.local_actor("anna"));
    let level = || -> Option<i64> {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row(
            "SELECT v FROM contact_search_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .ok()
    };
    assert_eq!(level(), None, "a new index uses FTS5's default");
    // A load into an empty store builds its index aside and never touches the setting (see
    // the next test), so the store gets a contact first.
    ok(s.create(&anna, BookKind::Business, ContactData::person("Jan", "Bąk")));
    let bad = vec![
        ContactData::person("Ewa", "Nowak"),
        ContactData::person("", ""),
    ];
    assert!(s
        .create_each(&anna, BookKind::Business, bad, |_, _| {})
        .is_err());
    assert_eq!(level(), None, "a failed load leaves the setting as it was");
    let loaded = ok(s.create_each(
        &anna,
        BookKind::Business,
        vec![ContactData::person("Zofia", "Ćwik")],
        |_, _| {},
    ));
    assert_eq!(loaded, 1);
    assert_eq!(level(), Some(4));
    let found = ok(s.search(&anna, "zof", None, 10));
    assert_eq!(found.len(), 1);
}

/// Every contact the search index knows, by searching each one's unique word.
fn search_ids(ops: &dyn contacts_core::store::Ops, word: &str) -> Vec<i64> {
    use contacts_core::store::{Scope, SearchQuery};
    let q = SearchQuery {
        scope: Scope {
            private_of: None,
            business: true,
        },
        terms: vec![word.to_string()],
        whole: vec![],
        limit: 10_000,
    };
    let mut ids: Vec<i64> = ok(ops.search(&q)).into_iter().map(|c| c.id.0).collect();
    ids.sort_unstable();
    ids
}

/// FTS5's own check of the search index, and its document count.
fn search_index_is_sound(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    conn.execute(
        "INSERT INTO contact_search (contact_search, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .unwrap_or_else(|e| panic!("the search index is damaged: {e}"));
    conn.query_row("SELECT count(*) FROM contact_search_docsize", [], |r| {
        r.get(0)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_bulk_load_into_an_empty_store_builds_its_search_index_aside() {
    use contacts_core::model::Book;
    use contacts_core::store::Store;
    // A bulk load into an empty store indexes on a thread of its own and copies the finished
    // index in before commit. What it built must answer like an index written in place:
    // replaced and deleted contacts, reads in the middle of the load, a failed load, other
    // connections that read the empty index before, and ordinary writes afterwards.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let store = ok(SqliteStore::open(&path));
    // Another handle on the file reads the empty index first (FTS5 caches what it read).
    let other = ok(SqliteStore::open(&path));
    let user = ok(store.write(|ops| ops.insert_user("anna", true, chrono::Utc::now())));
    ok(other.read(|ops| {
        assert!(search_ids(ops, "osoba").is_empty());
        Ok(())
    }));
    let meta = new_meta(user.id);
    let person = |i: usize| ContactData::person(&format!("Osoba{i}"), "Osobowa");
    // The writer indexes a contact and takes it out again: the store is empty, and the
    // writer's connection has read the index.
    ok(store.write(|ops| {
        let id = ops.insert_contact(Book::Business, &person(9999), &meta)?;
        assert_eq!(search_ids(ops, "osoba9999"), [id.0]);
        ops.delete_contact(id)
    }));

    // A failed load leaves nothing behind, in the index either.
    let failed = store.write_bulk(|ops| {
        for i in 0..700 {
            ops.insert_contact(Book::Business, &person(i), &meta)?;
        }
        Err::<(), _>(contacts_core::Error::invalid("test", "given up"))
    });
    assert!(failed.is_err());
    assert_eq!(search_index_is_sound(&path), 0);

    // 1,500 contacts (several of the thread's batches); the 4th renamed and the 6th deleted
    // in the same load, and a search half way.
    let (ids, renamed, deleted) = ok(store.write_bulk(|ops| {
        let mut ids = Vec::new();
        for i in 0..1500 {
            ids.push(ops.insert_contact(Book::Business, &person(i), &meta)?);
            if i == 999 {
                let mut c = ops.contact(ids[3])?.unwrap_or_else(|| panic!("just made"));
                c.data.name.family = "Odmieniona".into();
                c.meta.version = 2;
                ops.update_contact(&c, 1)?;
                ops.delete_contact(ids[5])?;
            }
            if i == 1200 {
                // A read in the middle sees everything so far.
                assert_eq!(search_ids(ops, "osobowa").len(), 1201 - 2);
                assert_eq!(search_ids(ops, "odmieniona"), [ids[3].0]);
            }
        }
        let (renamed, deleted) = (ids[3], ids[5]);
        Ok((ids, renamed, deleted))
    }));
    let mut expected: Vec<i64> = ids.iter().map(|id| id.0).collect();
    expected.retain(|id| *id != renamed.0 && *id != deleted.0);
    for handle in [&store, &other] {
        ok(handle.read(|ops| {
            assert_eq!(search_ids(ops, "osobowa"), expected);
            assert_eq!(search_ids(ops, "odmieniona"), [renamed.0]);
            assert_eq!(search_ids(ops, "osoba1499"), [ids[1499].0]);
            assert!(search_ids(ops, "osoba5").iter().all(|id| *id != deleted.0));
            Ok(())
        }));
    }
    assert_eq!(search_index_is_sound(&path), 1499);
    // It was built aside: a load indexed in place pauses FTS5's merges and writes the
    // level back (see the test above); this one never touched the store's index settings.
    let settings: Vec<String> = {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut st = conn
            .prepare("SELECT k FROM contact_search_config ORDER BY k")
            .unwrap_or_else(|e| panic!("{e}"));
        st.query_map([], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(settings, ["hashsize", "version"]);

    // Ordinary writes afterwards, on the writer that copied the index in.
    ok(store.write(|ops| {
        let mut c = ops.contact(ids[7])?.unwrap_or_else(|| panic!("stored"));
        c.data.name.family = "Później".into();
        c.meta.version = 2;
        ops.update_contact(&c, 1)?;
        ops.insert_contact(Book::Business, &person(5000), &meta)?;
        Ok(())
    }));
    ok(other.read(|ops| {
        assert_eq!(search_ids(ops, "pozniej"), [ids[7].0]);
        assert_eq!(search_ids(ops, "osobowa").len(), 1498);
        Ok(())
    }));
    assert_eq!(search_index_is_sound(&path), 1500);
}

#[test]
fn a_bulk_load_into_an_empty_book_builds_the_contact_indexes_again() {
    use contacts_core::store::ListSort;
    // A bulk transaction into an empty `contacts` table drops its secondary indexes and makes
    // them again before commit; a failed one leaves them as they were, and the lists, search
    // and upcoming birthdays that read them answer as on a store filled one by one.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let s = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(s.local_actor("anna"));
    let before = contact_indexes(&path);
    assert!(before.len() >= 9, "{before:?}");
    let people = |names: &[(&str, &str)]| -> Vec<ContactData> {
        names
            .iter()
            .map(|(g, f)| {
                let mut d = ContactData::person(g, f);
                d.birthday = "1990-03-04".parse().ok();
                d
            })
            .collect()
    };
    // A failed bulk load: nothing kept, indexes as they were.
    let mut bad = people(&[("Zofia", "Ćwik")]);
    bad.push(ContactData::person("", ""));
    assert!(s
        .create_each(&anna, BookKind::Business, bad, |_, _| {})
        .is_err());
    assert_eq!(contact_indexes(&path), before);
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 0);

    let loaded = ok(s.create_each(
        &anna,
        BookKind::Business,
        people(&[("Zofia", "Ćwik"), ("Łukasz", "Żółć"), ("Anna", "Nowak")]),
        |_, _| {},
    ));
    assert_eq!(loaded, 3);
    assert_eq!(contact_indexes(&path), before);
    // A second bulk load into the now non-empty book keeps the indexes in place.
    ok(s.create_each(
        &anna,
        BookKind::Business,
        people(&[("Ewa", "Adamska")]),
        |_, _| {},
    ));
    assert_eq!(contact_indexes(&path), before);

    let names = |f: &ListFilter| -> Vec<String> {
        ok(s.list(&anna, f))
            .into_iter()
            .map(|c| c.data.name.family)
            .collect()
    };
    assert_eq!(
        names(&ListFilter::default()),
        ["Adamska", "Ćwik", "Nowak", "Żółć"]
    );
    let recent = ListFilter {
        sort: ListSort::Recent,
        ..ListFilter::default()
    };
    assert_eq!(names(&recent), ["Adamska", "Nowak", "Żółć", "Ćwik"]);
    let found = ok(s.search(&anna, "lukasz", None, 10));
    assert_eq!(found.len(), 1);
    let from = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
    let upcoming = ok(s.upcoming(&anna, from, 7, true, false));
    assert_eq!(upcoming.len(), 4, "{upcoming:?}");
    // The plan uses the rebuilt index, not a scan.
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_of(
        &conn,
        "SELECT id FROM contacts WHERE owner_id IS NULL ORDER BY sort_key, id LIMIT 5",
    );
    assert!(plan.contains("contacts_by_book_name"), "{plan}");
}

/// The size of the file's WAL, 0 when there is none.
fn wal_size(path: &std::path::Path) -> u64 {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(std::path::PathBuf::from(wal))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// The file's journal mode and whether SQLite finds it sound, asked by a connection of its own.
fn mode_and_check(path: &std::path::Path) -> (String, String) {
    let conn = rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("{e}"));
    let ask = |sql: &str| -> String {
        conn.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    (ask("PRAGMA journal_mode"), ask("PRAGMA integrity_check"))
}

#[test]
fn a_load_alone_writes_the_file_once_and_leaves_it_in_wal_mode() {
    // A bulk load into an empty store that no other connection has open runs in
    // rollback-journal mode: its pages go into the file, not into the WAL first. Loaded
    // the usual way, the same contacts are all in the WAL after commit.
    let people = |n: usize| (0..n).map(|i| ContactData::person(&format!("Osoba{i}"), "Sama"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let usual = dir.path().join("usual.db");
    {
        let s = Service::new(ok(SqliteStore::open(&usual)));
        let anna = ok(s.local_actor("anna"));
        ok(s.create_each(&anna, BookKind::Business, people(3000), |_, _| {}));
        assert!(wal_size(&usual) > 1_000_000, "{}", wal_size(&usual));
    }

    let path = dir.path().join("alone.db");
    let s = Service::new(ok(SqliteStore::open(&path)).loading_alone());
    let anna = ok(s.local_actor("anna"));
    // A read first: the store's own idle reader must not keep the load in WAL mode.
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 0);
    // A failed load leaves the empty store, in WAL mode.
    let bad = people(500).chain(std::iter::once(ContactData::default()));
    assert!(s
        .create_each(&anna, BookKind::Business, bad, |_, _| {})
        .is_err());
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 0);
    assert_eq!(mode_and_check(&path), ("wal".into(), "ok".into()));

    assert_eq!(
        ok(s.create_each(&anna, BookKind::Business, people(3000), |_, _| {})),
        3000
    );
    assert!(wal_size(&path) < 100_000, "{}", wal_size(&path));
    assert_eq!(mode_and_check(&path), ("wal".into(), "ok".into()));
    assert_eq!(ok(s.count(&anna, &ListFilter::default())), 3000);
    assert_eq!(ok(s.search(&anna, "osoba2999", None, 10)).len(), 1);
    // Ordinary writes afterwards go to the WAL again, and another handle sees them.
    ok(s.create(
        &anna,
        BookKind::Business,
        ContactData::person("Potem", "Sama"),
    ));
    assert!(wal_size(&path) > 0);
    let other = Service::new(ok(SqliteStore::open(&path)));
    let anna = ok(other.actor_by_name("anna"));
    assert_eq!(ok(other.count(&anna, &ListFilter::default())), 3001);
}

#[test]
fn a_load_alone_with_another_connection_open_runs_in_wal_mode_at_once() {
    // Another handle has the file open (a server, another command): the load does not wait
    // for it, and that handle keeps reading while the load runs.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let s = Service::new(ok(SqliteStore::open(&path)).loading_alone());
    let anna = ok(s.local_actor("anna"));
    let other = Service::new(ok(SqliteStore::open(&path)));
    let anna_there = ok(other.actor_by_name("anna"));
    assert_eq!(ok(other.count(&anna_there, &ListFilter::default())), 0);
    let started = std::time::Instant::now();
    let mut seen = None;
    let people = (0..3000).map(|i| ContactData::person(&format!("Osoba{i}"), "Obok"));
    let n = ok(s.create_each(&anna, BookKind::Business, people, |id, _| {
        if id.0 == 1500 {
            seen = Some(ok(other.count(&anna_there, &ListFilter::default())));
        }
    }));
    assert_eq!(n, 3000);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // The other handle read the state before the load, not a lock error.
    assert_eq!(seen, Some(0));
    assert!(wal_size(&path) > 1_000_000, "{}", wal_size(&path));
    assert_eq!(ok(other.count(&anna_there, &ListFilter::default())), 3000);
    assert_eq!(mode_and_check(&path), ("wal".into(), "ok".into()));
}

#[test]
fn a_bulk_load_into_an_empty_store_writes_its_duplicate_keys_at_the_end() {
    // The keys of such a load are held and written in hash order at its end. Whatever reads
    // or removes keys in between must see them all: a lookup of a card loaded earlier, a
    // contact replaced and one deleted in the same load; and a failed load leaves none.
    use contacts_core::model::{Book, Email};
    use contacts_core::service::duplicate_keys;
    use contacts_core::store::Store;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("c.db");
    let store = ok(SqliteStore::open(&path));
    let user = ok(store.write(|ops| ops.insert_user("anna", true, chrono::Utc::now())));
    let meta = new_meta(user.id);
    let person = |i: usize| {
        let mut d = ContactData::person(&format!("Osoba{i}"), "Kluczowa");
        d.emails
            .push(ok(Email::new("", &format!("osoba{i}@firma.pl"))));
        d
    };
    let keys_in_file = || -> i64 {
        let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        conn.query_row("SELECT count(*) FROM contact_key_hashes", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let found = |ops: &dyn contacts_core::store::Ops, data: &ContactData| -> Vec<i64> {
        let mut ids: Vec<i64> = ok(ops.contacts_with_keys(Book::Business, &duplicate_keys(data)))
            .into_iter()
            .map(|(id, _)| id.0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };

    let failed = store.write_bulk(|ops| {
        for i in 0..500 {
            ops.insert_contact(Book::Business, &person(i), &meta)?;
        }
        Err::<(), _>(contacts_core::Error::invalid("test", "given up"))
    });
    assert!(failed.is_err());
    assert_eq!(keys_in_file(), 0);

    let (ids, replaced, deleted) = ok(store.write_bulk(|ops| {
        let mut ids = Vec::new();
        for i in 0..2000 {
            ids.push(ops.insert_contact(Book::Business, &person(i), &meta)?);
            if i == 1000 {
                // A lookup in the middle finds a card loaded at the start.
                assert_eq!(found(ops, &person(7)), [ids[7].0]);
            }
        }
        // Keys held after that lookup are found too.
        assert_eq!(found(ops, &person(1500)), [ids[1500].0]);
        let mut c = ok(ops.contact(ids[1800])).unwrap_or_else(|| panic!("no contact"));
        c.data.emails = vec![ok(Email::new("", "nowy@firma.pl"))];
        ops.update_contact(&c, c.meta.version)?;
        // In the load, the replaced contact is found by its new key only, and a key is
        // found in its own book only.
        assert_eq!(found(ops, &person(1800)), Vec::<i64>::new());
        assert_eq!(found(ops, &c.data), [ids[1800].0]);
        let private =
            ok(ops.contacts_with_keys(Book::Private(user.id), &duplicate_keys(&person(1801))));
        assert!(private.is_empty(), "{private:?}");
        ops.delete_contact(ids[1900])?;
        for i in 2000..3000 {
            ids.push(ops.insert_contact(Book::Business, &person(i), &meta)?);
        }
        let (replaced, deleted) = (ids[1800], ids[1900]);
        Ok((ids, replaced, deleted))
    }));
    // One key each (e-mail), less the deleted contact's.
    assert_eq!(keys_in_file(), 2999);
    ok(store.read(|ops| {
        for (i, id) in ids.iter().enumerate() {
            let expected: Vec<i64> = if *id == replaced || *id == deleted {
                vec![]
            } else {
                vec![id.0]
            };
            assert_eq!(found(ops, &person(i)), expected, "card {i}");
        }
        let mut moved = person(0);
        moved.emails = vec![ok(Email::new("", "nowy@firma.pl"))];
        assert_eq!(found(ops, &moved), [replaced.0]);
        Ok(())
    }));
    // A later delete takes the keys with the contact, found by their hashes.
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_of(
        &conn,
        "DELETE FROM contact_key_hashes WHERE hash = 1 AND contact_id = 5",
    );
    assert!(
        plan.contains("PRIMARY KEY (hash=? AND contact_id=?)"),
        "{plan}"
    );
    ok(store.write(|ops| ops.delete_contact(ids[5])));
    assert_eq!(keys_in_file(), 2998);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check, "ok");
}

/// The first step of SQLite's plan for `sql`.
fn plan_of(conn: &rusqlite::Connection, sql: &str) -> String {
    conn.query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}
