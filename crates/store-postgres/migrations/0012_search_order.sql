-- One- and two-character directory searches through an index (docs/data.md, "Directory
-- search"). Such a search matches the start of a word of the name (words are separated by
-- spaces, hyphens and apostrophes) or of the email; pg_trgm's indexes (migration
-- 0006_search.sql) cannot serve it, so it was a regular expression tested on every person.
-- search_starts holds, for each person, the first character and the first two characters of
-- each word of the lowercased name and of the lowercased email; `search_starts @> '{an}'`
-- then finds through a GIN index exactly the people the expression found. PostgreSQL keeps
-- the column and the index in the transaction of every change to a name or an email. The
-- SQLite migration of the same number carries the same search's order and status in its
-- index's keys.
CREATE FUNCTION pendulum_word_starts(name text, email text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT s ORDER BY s), '{}')
    FROM (
        SELECT left(w, n) AS s
        FROM regexp_split_to_table(lower(name), '[ ''-]') AS w, (VALUES (1), (2)) AS l(n)
        WHERE w <> ''
        UNION
        SELECT left(lower(email), n) FROM (VALUES (1), (2)) AS l(n) WHERE email <> ''
    ) starts
$$;

ALTER TABLE people ADD COLUMN search_starts text[] NOT NULL
    GENERATED ALWAYS AS (pendulum_word_starts(name, email)) STORED;

CREATE INDEX people_search_starts ON people USING gin (search_starts);
