-- Duplicate keys of contacts (computed by the core: lower-cased e-mail, E.164 phone, folded
-- full name with birthday), kept on every insert, update and delete of a contact; and merge
-- records holding the core's snapshot of both contacts for unmerge.
CREATE TABLE contact_keys (
    key        TEXT NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (key, contact_id)
) WITHOUT ROWID;
CREATE INDEX contact_keys_by_contact ON contact_keys (contact_id);

CREATE TABLE merges (
    id       INTEGER PRIMARY KEY,
    keep_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE INDEX merges_by_keep ON merges (keep_id, id);
