-- Mailing ("Wysyłka"): per-user sending profiles with the right to send campaigns, and
-- campaigns with their attachments and a row per recipient (its state is what makes a
-- resumed campaign never send twice).

CREATE TABLE mail_profiles (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    may_send     INTEGER NOT NULL DEFAULT 0,
    display_name TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    signature    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE campaigns (
    id         INTEGER PRIMARY KEY,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    one_off    INTEGER NOT NULL DEFAULT 0,
    -- JSON written and read by the core (audience, template, attachment names).
    spec       TEXT NOT NULL,
    state      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX campaigns_by_creator ON campaigns (created_by, id);

CREATE TABLE campaign_attachments (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    PRIMARY KEY (campaign_id, n)
) WITHOUT ROWID;

-- No foreign key to contacts: the record of what was sent outlives a removed contact.
CREATE TABLE campaign_recipients (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    contact_id  INTEGER NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    state       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    at          TEXT,
    PRIMARY KEY (campaign_id, seq)
) WITHOUT ROWID;
-- The next queued recipient, and the rows left in "sending" by a crash.
CREATE INDEX campaign_recipients_by_state ON campaign_recipients (campaign_id, state, seq);

-- Audience counts by status read the index alone (status and book), not a row per contact.
CREATE INDEX contacts_by_status_owner ON contacts (status_id, owner_id) WHERE status_id IS NOT NULL;
