-- Meetings, occasion alerts, and the indexes behind the due-reminder counter on every page.

-- A meeting on a contact, a case or both; it goes with either. Times are UTC in RFC 3339
-- with nine fraction digits and a Z (text order is time order).
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    start_at    TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    case_id     INTEGER REFERENCES cases (id) ON DELETE CASCADE,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX meetings_by_start ON meetings (start_at);
CREATE INDEX meetings_by_contact ON meetings (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX meetings_by_case ON meetings (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE meeting_participants (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (meeting_id, user_id)
) WITHOUT ROWID;
CREATE INDEX meeting_participants_by_user ON meeting_participants (user_id, meeting_id);

-- "Remind me N days before this contact's birthday / name-day", per user.
CREATE TABLE occasion_alerts (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('birthday', 'nameday')),
    days_before INTEGER NOT NULL,
    PRIMARY KEY (user_id, contact_id, kind)
) WITHOUT ROWID;
CREATE INDEX occasion_alerts_by_contact ON occasion_alerts (contact_id);

-- The counter of a user's due reminders: open ones by assignee, and open unassigned ones by
-- creator, each in due order.
CREATE INDEX reminders_open_by_assignee ON reminders (assignee_id, due_at)
    WHERE done_at IS NULL AND assignee_id IS NOT NULL;
CREATE INDEX reminders_open_unassigned_by_creator ON reminders (created_by, due_at)
    WHERE done_at IS NULL AND assignee_id IS NULL;
