-- The energy-and-learning journal: each person's own notes, changed and deleted by their
-- author (not a history: nothing refers to an entry, and the author may take one back).
-- kinds: the ids of the kinds of work, joined by commas. energy: -2 (depleted) to +2.
-- The PostgreSQL migration of the same name has the same tables, columns and keys.
CREATE TABLE journal_entries (
    org_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    entry_date  TEXT NOT NULL,
    kinds       TEXT NOT NULL,
    energy      INTEGER NOT NULL CHECK (energy BETWEEN -2 AND 2),
    learned     TEXT,
    hands_on    INTEGER NOT NULL CHECK (hands_on IN (0, 1)),
    note        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    changed_at  TEXT,
    CONSTRAINT journal_entries_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT journal_entries_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
) STRICT;

-- A person's entries by date: the journal page, the insights and the export of one's own.
CREATE INDEX journal_entries_person_date ON journal_entries (org_id, person_id, entry_date);
