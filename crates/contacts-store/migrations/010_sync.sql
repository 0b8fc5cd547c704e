-- CardDAV synchronisation (issue 15).
--
-- The change log: one row per contact updated or removed since this migration, with the
-- sequence number of its latest change (a removed contact stays as a tombstone). New
-- contacts are found by id instead (ids above a sync point's last id), so a bulk load
-- writes no rows here. `book` is the owner's id, 0 for the business book.
CREATE TABLE sync_changes (
    contact_id INTEGER PRIMARY KEY,
    book       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    removed    INTEGER NOT NULL
);
CREATE INDEX sync_changes_by_seq ON sync_changes (seq);

-- The resource names clients gave the cards they created (kept after a removal, for the
-- tombstone).
CREATE TABLE sync_names (
    book       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    contact_id INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (book, name)
) WITHOUT ROWID;

-- Personal calendar subscription links: the SHA-256 of the secret in the URL, one per user.
CREATE TABLE feed_links (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    hash       BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
