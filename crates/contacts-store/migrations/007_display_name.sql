-- The display name of every contact (contacts_core::model::naming_display: the naming fields
-- alone), kept by the store on every insert and update, and filled for existing rows in Rust
-- after this file (migrate.rs). Upcoming lists read this one column instead of the seven
-- naming fields, and the covering indexes of 005 shrink to match: over a million contacts
-- the per-column reads were most of the time of a week's list, and the wide indexes a large
-- part of the cost of every insert.
--
-- The column lists must follow DATED_COLS in src/ops/dates.rs: a column added there must be
-- added here (in a new migration), or the query silently goes back to reading rows.
ALTER TABLE contacts ADD COLUMN display TEXT NOT NULL DEFAULT '';

DROP INDEX contacts_upcoming_birthday;
DROP INDEX contacts_upcoming_nameday;
DROP INDEX contacts_upcoming_given;

-- Inserts are counted by the store (SqlOps::added) instead: with a trigger, every insert into
-- contacts opened a statement journal.
DROP TRIGGER book_counts_insert;
