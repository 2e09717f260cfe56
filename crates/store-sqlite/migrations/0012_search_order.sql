-- The directory search reads one table after the text index (docs/architecture.md,
-- "Directory search"). Each row of people_search_keys (migration 0006_search.sql) also
-- carries what a search filters and sorts on: whether the person has left, the directory's
-- order (lower(name), name, email, as the index people_directory of migration 0008), and
-- the starts of the words of the name and of the email. A search then counts its matches
-- without reading their roles, and a search of many matches walks the index
-- people_search_order until its page is full, testing each entry inside the index: against
-- `words` for one or two letters, against the list of the text index's matches otherwise.
-- Only the page's rows are joined to people and current_roles.
--
-- `words` is the lowercased name with its word separators (hyphens, apostrophes) made
-- spaces, after a space, then \x02 and the lowercased email: a word of the name starts with
-- "an" where `words` holds " an", the email where it holds \x02 "an". SQLite's lower()
-- folds ASCII letters only; the two letters outside ASCII whose lowercase is an ASCII
-- letter (the Kelvin sign and the dotted capital I) are folded first, so that for a
-- search in ASCII it finds exactly what the text index finds.
--
-- Triggers keep the copies in the transaction of every change: of a name or an email
-- (people), and of a status (current_roles, which every event, import and scheduled change
-- rewrites). A person without a current role has not left. An erased person's key goes
-- with the person (people_search_delete), and secure_delete overwrites it in the file.
ALTER TABLE people_search_keys ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
ALTER TABLE people_search_keys ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE people_search_keys ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE people_search_keys ADD COLUMN words TEXT NOT NULL DEFAULT '';
ALTER TABLE people_search_keys ADD COLUMN exited INTEGER NOT NULL DEFAULT 0
    CHECK (exited IN (0, 1));

UPDATE people_search_keys AS k
SET sort_name = lower(p.name), name = p.name, email = p.email,
    words = ' ' || lower(replace(replace(replace(replace(p.name, '-', ' '), '''', ' '),
            char(8490), 'k'), char(304), 'i'))
        || ' ' || char(2) || lower(replace(replace(p.email, char(8490), 'k'), char(304), 'i'))
FROM people p WHERE p.org_id = k.org_id AND p.id = k.person_id;

UPDATE people_search_keys AS k SET exited = 1
FROM current_roles c
WHERE c.org_id = k.org_id AND c.person_id = k.person_id AND c.status = 'exited';

-- `words`, the status and the person's id are in it so that the walk reads the index alone.
CREATE INDEX people_search_order
    ON people_search_keys (org_id, sort_name, name, email, exited, words, person_id);

-- people_search_insert of migration 0006 gave the key its person alone.
DROP TRIGGER people_search_insert;
CREATE TRIGGER people_search_insert AFTER INSERT ON people
BEGIN
    INSERT INTO people_search_keys (org_id, person_id, sort_name, name, email, words)
    VALUES (new.org_id, new.id, lower(new.name), new.name, new.email,
        ' ' || lower(replace(replace(replace(replace(new.name, '-', ' '), '''', ' '),
            char(8490), 'k'), char(304), 'i'))
        || ' ' || char(2) || lower(replace(replace(new.email, char(8490), 'k'), char(304), 'i')));
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

CREATE TRIGGER people_search_order_update AFTER UPDATE OF name, email ON people
BEGIN
    UPDATE people_search_keys
    SET sort_name = lower(new.name), name = new.name, email = new.email,
        words = ' ' || lower(replace(replace(replace(replace(new.name, '-', ' '), '''', ' '),
            char(8490), 'k'), char(304), 'i'))
        || ' ' || char(2) || lower(replace(replace(new.email, char(8490), 'k'), char(304), 'i'))
    WHERE org_id = new.org_id AND person_id = new.id;
END;

CREATE TRIGGER people_search_role_insert AFTER INSERT ON current_roles
BEGIN
    UPDATE people_search_keys SET exited = (new.status = 'exited')
    WHERE org_id = new.org_id AND person_id = new.person_id;
END;

CREATE TRIGGER people_search_role_update AFTER UPDATE OF status ON current_roles
BEGIN
    UPDATE people_search_keys SET exited = (new.status = 'exited')
    WHERE org_id = new.org_id AND person_id = new.person_id;
END;

CREATE TRIGGER people_search_role_delete AFTER DELETE ON current_roles
BEGIN
    UPDATE people_search_keys SET exited = 0
    WHERE org_id = old.org_id AND person_id = old.person_id;
END;
