-- Duplicate keys lose their index by contact. The store deletes a contact's keys by their
-- hashes, which it computes from the contact's data (its row before an update or a delete),
-- so the table is read by its primary key alone. Building that index after a bulk load was
-- a tenth of an import's closing work on the writer, and every ordinary write of a contact
-- wrote its keys twice. It follows that every stored key must be what the core computes for
-- its contact's data now: a change to how keys are made needs a migration that computes the
-- table again, as 023 does (a store test holds the keys of a few contacts to fixed values).
DROP INDEX contact_key_hashes_by_contact;
