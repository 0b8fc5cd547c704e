-- The trash: a deleted contact kept as the core's snapshot (every field, photo,
-- attachments, history and reminders) for 30 days, until restored or deleted for good.
-- owner_id is the private book's owner, NULL for the business book.

CREATE TABLE trash (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL,
    owner_id   INTEGER REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by INTEGER NOT NULL,
    snapshot   TEXT NOT NULL
);
CREATE INDEX trash_by_owner ON trash (owner_id, deleted_at);
CREATE INDEX trash_by_time ON trash (deleted_at);
