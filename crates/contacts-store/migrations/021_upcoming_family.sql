-- The covering indexes of the occasion query (src/ops/dates.rs, DATED_COLS) gain the family
-- name: with the given name it makes a contact's name sort key, so a mailing audience of
-- "Solenizanci +7 dni" is counted and its first page chosen in name order from these index
-- rows alone. Reading each contact's row for its sort key was most of that time over a million
-- contacts (tens of thousands of random row reads).
--
-- The column lists must follow DATED_COLS: a column added there must be added here (in a new
-- migration), or the query silently goes back to reading rows.
DROP INDEX contacts_upcoming_birthday;
DROP INDEX contacts_upcoming_nameday;
DROP INDEX contacts_upcoming_given;

CREATE INDEX contacts_upcoming_birthday ON contacts (
    birthday_month, birthday_day, owner_id, kind, display, given, family, birthday_year,
    nameday_month, nameday_day
) WHERE birthday_month IS NOT NULL;

CREATE INDEX contacts_upcoming_nameday ON contacts (
    nameday_month, nameday_day, owner_id, kind, display, given, family, birthday_year,
    birthday_month, birthday_day
) WHERE nameday_month IS NOT NULL;

CREATE INDEX contacts_upcoming_given ON contacts (
    given_key, (birthday_month * 100 + birthday_day), owner_id, kind, display, given, family,
    birthday_year, birthday_month, birthday_day, nameday_month, nameday_day
) WHERE nameday_month IS NULL;
