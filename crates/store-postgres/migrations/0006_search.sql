-- The directory search: people's names and emails indexed for substring search, so that a
-- search reads the people it finds instead of scanning everyone (docs/data.md, "Directory
-- search"). The SQLite migration of the same name builds an FTS5 trigram index.
--
-- pg_trgm's GIN indexes serve `lower(name) LIKE '%ann%'` (three characters or more: the
-- trigrams of the pattern), and, because pg_trgm pads every word with two blanks in front,
-- also the short searches, which match the start of a name's words (a regular expression)
-- and of the email (`LIKE 'an%'`). Indexes are part of the table: PostgreSQL keeps them in
-- the transaction of every change to a person, and an erased person's entries go with the
-- row (VACUUM reclaims them as it does the row's).
--
-- pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner may
-- create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX people_name_trgm ON people USING gin (lower(name) gin_trgm_ops);

CREATE INDEX people_email_trgm ON people USING gin (lower(email) gin_trgm_ops);
