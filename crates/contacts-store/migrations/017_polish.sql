-- The street-level list of Polish postal codes an admin imports (`contacts postal import`):
-- the official layout's columns, plus the folded locality and street (no "ul.") the core
-- computes, which lookups use.

CREATE TABLE postal_streets (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    locality     TEXT NOT NULL,
    locality_key TEXT NOT NULL,
    street       TEXT NOT NULL,
    street_key   TEXT NOT NULL,
    numbers      TEXT NOT NULL,
    commune      TEXT NOT NULL,
    county       TEXT NOT NULL,
    voivodeship  TEXT NOT NULL
);
CREATE INDEX postal_streets_lookup ON postal_streets (locality_key, street_key);
