-- Reminders and tasks attached to a case (issue 13): a reminder stays on the case's
-- counterparty (visible where it is) and is linked to the case here. Either going takes
-- the link with it.
CREATE TABLE case_reminders (
    reminder_id INTEGER PRIMARY KEY REFERENCES reminders (id) ON DELETE CASCADE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE
);
CREATE INDEX case_reminders_by_case ON case_reminders (case_id, reminder_id);
