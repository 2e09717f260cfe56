-- Reflections before a move: each person's private answers to the framework's questions for
-- a move towards management (to-management) or towards individual contribution (to-ic).
-- Every version is kept (reflection_versions); `version` is the current one. `shared_with`
-- is the manager the author shared it with, NULL while it is private. The author may delete
-- a reflection with its versions; erasing a person removes theirs, and erasing a manager
-- unshares what was shared with them.
-- The PostgreSQL migration of the same name has the same tables, columns and keys.
CREATE TABLE reflections (
    org_id       TEXT NOT NULL,
    id           TEXT NOT NULL,
    person_id    TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('to-management', 'to-ic')),
    version      INTEGER NOT NULL CHECK (version >= 1),
    shared_with  TEXT,
    shared_at    TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT reflections_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT reflections_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CONSTRAINT reflections_shared_with_fkey FOREIGN KEY (org_id, shared_with)
        REFERENCES people (org_id, id),
    CHECK ((shared_with IS NULL) = (shared_at IS NULL))
) STRICT;

-- answers: a JSON array of {question, asked, text}, in the order asked.
CREATE TABLE reflection_versions (
    org_id         TEXT NOT NULL,
    reflection_id  TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    person_id      TEXT NOT NULL,
    answers        TEXT NOT NULL,
    written_at     TEXT NOT NULL,
    CONSTRAINT reflection_versions_pkey PRIMARY KEY (org_id, reflection_id, version),
    CONSTRAINT reflection_versions_reflection_fkey FOREIGN KEY (org_id, reflection_id)
        REFERENCES reflections (org_id, id),
    CONSTRAINT reflection_versions_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
) STRICT;

-- A person's reflections (their list, the bound on how many they hold, erasure), and what
-- is shared with a manager (their reads; erasing a manager).
CREATE INDEX reflections_person ON reflections (org_id, person_id, updated_at);
CREATE INDEX reflections_shared_with ON reflections (org_id, shared_with);
CREATE INDEX reflection_versions_person ON reflection_versions (org_id, person_id);
