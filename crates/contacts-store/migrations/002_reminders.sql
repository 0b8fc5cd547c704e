-- Reminders on contacts, and the columns and indexes that find upcoming birthdays and
-- name-days without reading every contact.

-- A reminder is visible where its contact is (the core checks); it goes with the contact.
-- Times are UTC in RFC 3339 with nine fraction digits and a Z, so text order is time order.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users (id),
    done_by     INTEGER REFERENCES users (id),
    done_at     TEXT,
    version     INTEGER NOT NULL
);
CREATE INDEX reminders_by_due ON reminders (due_at);
CREATE INDEX reminders_by_contact ON reminders (contact_id);

-- The folded first given name (contacts_core::store::given_key), filled by the store on every
-- write; existing rows are filled by the program right after this migration.
ALTER TABLE contacts ADD COLUMN given_key TEXT NOT NULL DEFAULT '';
-- Name-days derived from the given name: by name, then by birthday (the birthday picks one of
-- several days). The expression must be written the same way in queries.
CREATE INDEX contacts_by_given_key ON contacts (given_key, (birthday_month * 100 + birthday_day));
-- Name-days set by hand.
CREATE INDEX contacts_by_nameday ON contacts (nameday_month, nameday_day) WHERE nameday_month IS NOT NULL;
