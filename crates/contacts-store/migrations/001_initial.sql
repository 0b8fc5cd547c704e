-- Users, both books, photos, attachments, picklists, custom fields, settings, search index.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    admin         INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    password_hash TEXT
);

-- Groups, statuses and later other user-defined picklists. name_key is the lower-cased name.
CREATE TABLE labels (
    id       INTEGER PRIMARY KEY,
    list     TEXT NOT NULL,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,
    UNIQUE (list, name_key)
);
INSERT INTO labels (list, name, name_key) VALUES
    ('status', 'Active client', 'active client'),
    ('status', 'Inactive', 'inactive');

CREATE TABLE fields (
    id        INTEGER PRIMARY KEY,
    label     TEXT NOT NULL,
    label_key TEXT NOT NULL UNIQUE,
    type      TEXT NOT NULL,
    choices   TEXT NOT NULL DEFAULT '[]'
);

-- owner_id NULL is the business book; otherwise the owner's private book.
CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    owner_id       INTEGER REFERENCES users (id),
    kind           TEXT NOT NULL,
    prefix         TEXT NOT NULL DEFAULT '',
    given          TEXT NOT NULL DEFAULT '',
    additional     TEXT NOT NULL DEFAULT '',
    family         TEXT NOT NULL DEFAULT '',
    suffix         TEXT NOT NULL DEFAULT '',
    nickname       TEXT NOT NULL DEFAULT '',
    org_name       TEXT NOT NULL DEFAULT '',
    org_id         INTEGER REFERENCES contacts (id),
    department     TEXT NOT NULL DEFAULT '',
    job_title      TEXT NOT NULL DEFAULT '',
    birthday_year  INTEGER,
    birthday_month INTEGER,
    birthday_day   INTEGER,
    nameday_month  INTEGER,
    nameday_day    INTEGER,
    anniversary    TEXT,
    gender         TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    nip            TEXT,
    regon          TEXT,
    bank_account   TEXT,
    category       TEXT,
    status_id      INTEGER REFERENCES labels (id) ON DELETE SET NULL,
    no_mailing     INTEGER NOT NULL DEFAULT 0,
    multi          TEXT NOT NULL DEFAULT '{}', -- e-mails, phones, addresses, sites, messengers, extra (JSON)
    sort_key       TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    updated_at     TEXT NOT NULL,
    updated_by     INTEGER NOT NULL REFERENCES users (id),
    version        INTEGER NOT NULL
);
CREATE INDEX contacts_by_book_name ON contacts (owner_id, sort_key, id);
CREATE INDEX contacts_by_birthday ON contacts (birthday_month, birthday_day) WHERE birthday_month IS NOT NULL;
CREATE INDEX contacts_by_org ON contacts (org_id) WHERE org_id IS NOT NULL;
CREATE INDEX contacts_by_status ON contacts (status_id) WHERE status_id IS NOT NULL;

CREATE TABLE contact_groups (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    label_id   INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, label_id)
) WITHOUT ROWID;
CREATE INDEX contact_groups_by_label ON contact_groups (label_id, contact_id);

-- Values are tagged by type: t:text, n:number, d:date, b:1/0, c:choice.
CREATE TABLE custom_values (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field_id   INTEGER NOT NULL REFERENCES fields (id) ON DELETE CASCADE,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, field_id)
) WITHOUT ROWID;
CREATE INDEX custom_values_by_field ON custom_values (field_id);

CREATE TABLE photos (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    bytes      BLOB NOT NULL
);

CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    bytes      BLOB NOT NULL
);
CREATE INDEX attachments_by_contact ON attachments (contact_id);

CREATE TABLE category_labels (
    user_id INTEGER NOT NULL REFERENCES users (id),
    key     TEXT NOT NULL,
    label   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The search index holds the core's folded search document; rowid = contacts.id.
CREATE VIRTUAL TABLE contact_search USING fts5 (
    doc,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4 5 6'
);
