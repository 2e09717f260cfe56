-- The directory search: people's names and emails indexed for substring search, so that a
-- search reads the people it finds instead of scanning everyone (docs/data.md, "Directory
-- search"). The PostgreSQL migration of the same name indexes the same text with pg_trgm.
--
-- people_search is an FTS5 table with the trigram tokenizer: a query of three characters
-- or more is a phrase of trigrams, which matches exactly the names and emails holding it,
-- in any case. It is contentless (the text stays in people alone) and in secure-delete
-- mode, so that removing a row removes its trigrams from the index itself rather than
-- marking them deleted: an erased person leaves nothing behind in the index's tables.
--
-- A trigram index cannot serve one or two characters, so a short search matches the start
-- of a name's words and of the email instead, through the `starts` column: each word of the
-- name (words are separated by spaces, hyphens and apostrophes) after two \x01 characters,
-- and the email after two \x02 characters. "an" is then the trigram \x01 a n (a word starting
-- with "an") or \x02 a n (an email starting with "an"), and "a" is \x01 \x01 a or \x02 \x02 a:
-- the same index serves them. PostgreSQL's pg_trgm pads words with blanks the same way.
--
-- FTS5 rows are numbered; people_search_keys gives each person a number (an INTEGER
-- PRIMARY KEY, which VACUUM INTO keeps). Triggers on people keep both in the transaction
-- of every change to a person: create, import, erasure, and any later change of a name or
-- an email.
CREATE TABLE people_search_keys (
    id         INTEGER PRIMARY KEY,
    org_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    CONSTRAINT people_search_keys_person_key UNIQUE (org_id, person_id)
) STRICT;

CREATE VIRTUAL TABLE people_search USING fts5(
    name, email, starts,
    content = '',
    tokenize = 'trigram case_sensitive 0'
);

INSERT INTO people_search (people_search, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER people_search_insert AFTER INSERT ON people
BEGIN
    INSERT INTO people_search_keys (org_id, person_id) VALUES (new.org_id, new.id);
    INSERT INTO people_search (rowid, name, email, starts)
    VALUES (
        last_insert_rowid(),
        new.name,
        new.email,
        char(1, 1) || replace(replace(replace(new.name,
            ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)), '''', '''' || char(1, 1))
            || ' ' || char(2, 2) || new.email
    );
END;

-- A contentless table forgets its text: deleting a row means giving the text it indexed.
CREATE TRIGGER people_search_delete AFTER DELETE ON people
BEGIN
    INSERT INTO people_search (people_search, rowid, name, email, starts)
    SELECT 'delete', k.id, old.name, old.email,
        char(1, 1) || replace(replace(replace(old.name,
            ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)), '''', '''' || char(1, 1))
            || ' ' || char(2, 2) || old.email
    FROM people_search_keys k WHERE k.org_id = old.org_id AND k.person_id = old.id;
    DELETE FROM people_search_keys WHERE org_id = old.org_id AND person_id = old.id;
END;

CREATE TRIGGER people_search_update AFTER UPDATE OF name, email ON people
BEGIN
    INSERT INTO people_search (people_search, rowid, name, email, starts)
    SELECT 'delete', k.id, old.name, old.email,
        char(1, 1) || replace(replace(replace(old.name,
            ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)), '''', '''' || char(1, 1))
            || ' ' || char(2, 2) || old.email
    FROM people_search_keys k WHERE k.org_id = old.org_id AND k.person_id = old.id;
    INSERT INTO people_search (rowid, name, email, starts)
    SELECT k.id, new.name, new.email,
        char(1, 1) || replace(replace(replace(new.name,
            ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)), '''', '''' || char(1, 1))
            || ' ' || char(2, 2) || new.email
    FROM people_search_keys k WHERE k.org_id = new.org_id AND k.person_id = new.id;
END;

-- Everyone already on record.
INSERT INTO people_search_keys (org_id, person_id) SELECT org_id, id FROM people;

INSERT INTO people_search (rowid, name, email, starts)
SELECT k.id, p.name, p.email,
    char(1, 1) || replace(replace(replace(p.name,
        ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)), '''', '''' || char(1, 1))
        || ' ' || char(2, 2) || p.email
FROM people p JOIN people_search_keys k ON k.org_id = p.org_id AND k.person_id = p.id;
