-- The full-text index buffers new entries in memory and writes them out as a segment when
-- the buffer passes its size (1 MB by default); segments are then merged. A bulk insert of a
-- few thousand contacts filled that buffer again and again: a fifth of an import's time went
-- to writing and merging small segments. 16 MB makes a sixteenth of the segments; the buffer
-- only holds what a transaction has not yet written.
INSERT INTO contact_search (contact_search, rank) VALUES ('hashsize', 16777216);
