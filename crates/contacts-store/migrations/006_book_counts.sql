-- How many contacts each book holds, kept by triggers, so an unfiltered count (the pager of
-- a list page) reads one row instead of scanning a million index entries.
-- owner_key is the owner's user id for a private book and 0 for the business book.
CREATE TABLE book_counts (
    owner_key INTEGER PRIMARY KEY,
    n         INTEGER NOT NULL
);
INSERT INTO book_counts (owner_key, n)
    SELECT coalesce(owner_id, 0), count(*) FROM contacts GROUP BY coalesce(owner_id, 0);

CREATE TRIGGER book_counts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO book_counts (owner_key, n) VALUES (coalesce(new.owner_id, 0), 1)
        ON CONFLICT (owner_key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER book_counts_delete AFTER DELETE ON contacts BEGIN
    UPDATE book_counts SET n = n - 1 WHERE owner_key = coalesce(old.owner_id, 0);
END;

CREATE TRIGGER book_counts_move AFTER UPDATE OF owner_id ON contacts
    WHEN coalesce(old.owner_id, 0) <> coalesce(new.owner_id, 0) BEGIN
    UPDATE book_counts SET n = n - 1 WHERE owner_key = coalesce(old.owner_id, 0);
    INSERT INTO book_counts (owner_key, n) VALUES (coalesce(new.owner_id, 0), 1)
        ON CONFLICT (owner_key) DO UPDATE SET n = n + 1;
END;
