-- One-time password links (by the SHA-256 of their secret) and the record of what was done
-- to an account by an admin, shown to the user at their next sign-in.

CREATE TABLE password_links (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE account_events (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    at      TEXT NOT NULL,
    by_id   INTEGER NOT NULL,
    by_name TEXT NOT NULL,
    seen    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX account_events_unseen ON account_events (user_id, seen, id);

-- contacts.sort_key becomes the core's Polish collation key (a BLOB, compared with memcmp),
-- refilled in Rust after this SQL (migrate::refill_sort_keys), so lists are in Polish
-- alphabetical order: "Baran" before "Bąk", "Lucyna" before "Łukasz".
