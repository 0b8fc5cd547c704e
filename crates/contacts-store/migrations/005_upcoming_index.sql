-- Covering indexes for upcoming birthdays and name-days. Each holds every column the occasion
-- query reads (src/ops/dates.rs, DATED_COLS and the scope test), so SQLite answers from the
-- index alone and never fetches the table row: over a million contacts, those row fetches were
-- most of the time. They replace the narrower indexes of 001 and 002, whose leading columns
-- they repeat, so every query that used those can use these.
--
-- The column lists must follow DATED_COLS: a column added there must be added here (in a new
-- migration), or the query silently goes back to reading rows.

DROP INDEX contacts_by_birthday;
CREATE INDEX contacts_upcoming_birthday ON contacts (
    birthday_month, birthday_day, owner_id, kind, given, family, prefix, additional, suffix,
    nickname, org_name, birthday_year, nameday_month, nameday_day
) WHERE birthday_month IS NOT NULL;

DROP INDEX contacts_by_nameday;
CREATE INDEX contacts_upcoming_nameday ON contacts (
    nameday_month, nameday_day, owner_id, kind, given, family, prefix, additional, suffix,
    nickname, org_name, birthday_year, birthday_month, birthday_day
) WHERE nameday_month IS NOT NULL;

-- Name-days derived from the given name count only where none is set by hand, hence the
-- partial index; the expression must be written the same way in queries. The name-day columns
-- are always NULL here but the query reads them, and an index covers only what it lists.
DROP INDEX contacts_by_given_key;
CREATE INDEX contacts_upcoming_given ON contacts (
    given_key, (birthday_month * 100 + birthday_day), owner_id, kind, given, family, prefix,
    additional, suffix, nickname, org_name, birthday_year, birthday_month, birthday_day,
    nameday_month, nameday_day
) WHERE nameday_month IS NULL;
