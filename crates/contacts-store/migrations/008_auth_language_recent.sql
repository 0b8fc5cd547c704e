-- Web sessions and personal API tokens (by the SHA-256 of their secret, never the secret),
-- the per-user UI language, and the "recently changed" list order.

CREATE TABLE sessions (
    hash         BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         BLOB NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    UNIQUE (user_id, name)
);

-- 'pl' or 'en'; NULL follows the browser.
ALTER TABLE users ADD COLUMN language TEXT;

-- updated_at is now written with nine fractional digits so text order is time order
-- (RFC 3339 with a varying number of digits is not: "…:05Z" sorts after "…:05.5Z").
-- Earlier rows used 0, 3, 6 or 9 digits; pad them to nine.
UPDATE contacts
   SET updated_at = CASE length(updated_at)
       WHEN 20 THEN substr(updated_at, 1, 19) || '.000000000Z'
       WHEN 24 THEN substr(updated_at, 1, 23) || '000000Z'
       WHEN 27 THEN substr(updated_at, 1, 26) || '000Z'
   END
 WHERE length(updated_at) IN (20, 24, 27) AND updated_at LIKE '%Z';

-- "Recently changed first": one backward range per book, newest change first.
CREATE INDEX contacts_by_book_updated ON contacts (owner_id, updated_at, id);
