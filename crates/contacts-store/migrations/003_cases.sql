-- Client history, account managers, cases with their items and detail items.
-- Timestamps here are RFC 3339 UTC with six fixed decimals, so text order is time order.

-- The time of each contact's latest history entry, kept by the history operations.
ALTER TABLE contacts ADD COLUMN last_contact_at TEXT;
CREATE INDEX contacts_by_last_contact ON contacts (owner_id, last_contact_at);

CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    at         TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    author     INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX history_by_contact ON history (contact_id, at, id);
CREATE INDEX history_by_at ON history (at);
CREATE INDEX history_by_kind ON history (kind);

CREATE TABLE history_files (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    bytes      BLOB NOT NULL
);
CREATE INDEX history_files_by_entry ON history_files (entry_id);

-- The employee responsible for a business client.
CREATE TABLE account_managers (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX account_managers_by_user ON account_managers (user_id);

-- closed_at NULL: open. totals is derived from the items ("PLN=12.5;EUR=3", exact
-- decimals) so the forecast need not read every item.
CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY,
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL,
    number               TEXT NOT NULL UNIQUE,
    title                TEXT NOT NULL DEFAULT '',
    registered_on        TEXT NOT NULL,
    counterparty_id      INTEGER NOT NULL REFERENCES contacts (id),
    external_number      TEXT NOT NULL DEFAULT '',
    person_id            INTEGER REFERENCES contacts (id),
    responsible          INTEGER NOT NULL REFERENCES users (id),
    deadline             TEXT,
    priority             TEXT NOT NULL,
    kind_id              INTEGER REFERENCES labels (id) ON DELETE SET NULL,
    only_listed_articles INTEGER NOT NULL DEFAULT 0,
    closed_at            TEXT,
    closed_by            INTEGER REFERENCES users (id),
    totals               TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    created_by           INTEGER NOT NULL REFERENCES users (id),
    updated_at           TEXT NOT NULL,
    updated_by           INTEGER NOT NULL REFERENCES users (id),
    version              INTEGER NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX cases_open_by_responsible ON cases (responsible) WHERE closed_at IS NULL;
-- Covers the forecast: one narrow index row per open case.
CREATE INDEX cases_open_by_deadline ON cases (deadline, responsible, kind_id, totals) WHERE closed_at IS NULL;
CREATE INDEX cases_by_counterparty ON cases (counterparty_id);
CREATE INDEX cases_by_person ON cases (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX cases_by_kind ON cases (kind_id) WHERE kind_id IS NOT NULL;
CREATE INDEX cases_by_created ON cases (created_at);
CREATE INDEX cases_by_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;

-- Items under negotiation; quantities and prices are exact decimal text.
CREATE TABLE case_items (
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    article    TEXT NOT NULL,
    quantity   TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    unit_price TEXT NOT NULL,
    currency   TEXT NOT NULL,
    payment    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, line)
) WITHOUT ROWID;

-- type: note (kind, text), document (kind, symbol, text = content), file (name,
-- media_type, text = note, bytes).
CREATE TABLE case_details (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    type       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    symbol     TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    media_type TEXT NOT NULL DEFAULT '',
    size       INTEGER NOT NULL DEFAULT 0,
    bytes      BLOB,
    created_at TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    version    INTEGER NOT NULL
);
CREATE INDEX case_details_by_case ON case_details (case_id, at, id);
CREATE INDEX case_details_by_at ON case_details (at);
