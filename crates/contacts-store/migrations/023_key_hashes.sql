-- Duplicate keys are kept as 64-bit hashes (the first eight bytes of the key's SHA-256, as a
-- signed little-endian integer) instead of their text. The text keys (e-mail addresses,
-- phone numbers, names with birthdays, 30 to 40 bytes each) made the two B-trees of this
-- table the largest thing a bulk load wrote at random places: a third of the writer's time
-- in the million-contact demo. An integer key is a third of the size and compares in one
-- step. A store that needs a key's text (the reason of a duplicate pair) computes the keys
-- of the contact again. The Rust step fills the table from every contact.
-- No foreign key: the store deletes a contact's keys with the contact (one place does), and
-- a bulk load writes its keys in hash order at the end, where checking each row's contact
-- would be a lookup at a random place of the contacts table (see ops/interchange.rs).
DROP TABLE contact_keys;
CREATE TABLE contact_key_hashes (
    hash       INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    PRIMARY KEY (hash, contact_id)
) WITHOUT ROWID;
CREATE INDEX contact_key_hashes_by_contact ON contact_key_hashes (contact_id);
