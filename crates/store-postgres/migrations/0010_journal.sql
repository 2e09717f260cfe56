-- The energy-and-learning journal: each person's own notes, changed and deleted by their
-- author (not a history: nothing refers to an entry, and the author may take one back).
-- kinds: the ids of the kinds of work, joined by commas. energy: -2 (depleted) to +2.
-- The SQLite migration of the same name has the same tables, columns and keys.
CREATE TABLE journal_entries (
    org_id      uuid NOT NULL,
    id          uuid NOT NULL,
    person_id   uuid NOT NULL,
    entry_date  date NOT NULL,
    kinds       text NOT NULL,
    energy      smallint NOT NULL CHECK (energy BETWEEN -2 AND 2),
    learned     text,
    hands_on    boolean NOT NULL,
    note        text NOT NULL,
    written_at  timestamptz NOT NULL,
    changed_at  timestamptz,
    CONSTRAINT journal_entries_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT journal_entries_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

-- A person's entries by date: the journal page, the insights and the export of one's own.
CREATE INDEX journal_entries_person_date ON journal_entries (org_id, person_id, entry_date);
