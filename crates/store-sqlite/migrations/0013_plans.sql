-- Transition plans and management trials. A plan is its person's: `plans` holds what every
-- read needs at once (the person, the move, the current revision, where it stands, the
-- current mentor), `plan_revisions` every revision of what it says (the content as JSON,
-- without the mentor and the interim team, which are columns and rows so that erasing a
-- person can clear them), `plan_steps` its life, one row per step, never changed
-- (agreements, proposals made, the role-history events it recorded, the end).
-- `plan_checkpoints` holds each party's record of a checkpoint, `plan_evidence` the journal
-- entries the person chose to show with theirs: deleting the entry withdraws it.
-- The PostgreSQL migration of the same name has the same tables, columns and keys.
CREATE TABLE plans (
    org_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    plan_move   TEXT NOT NULL CHECK (plan_move IN ('to-management', 'to-ic', 'lateral')),
    trial       INTEGER NOT NULL CHECK (trial IN (0, 1)),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    state       TEXT NOT NULL CHECK (state IN ('draft', 'agreed', 'active', 'ended')),
    mentor_id   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CONSTRAINT plans_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT plans_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CONSTRAINT plans_mentor_fkey FOREIGN KEY (org_id, mentor_id)
        REFERENCES people (org_id, id)
) STRICT;

CREATE TABLE plan_revisions (
    org_id      TEXT NOT NULL,
    plan_id     TEXT NOT NULL,
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    person_id   TEXT NOT NULL,
    mentor_id   TEXT,
    body        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    CONSTRAINT plan_revisions_pkey PRIMARY KEY (org_id, plan_id, revision),
    CONSTRAINT plan_revisions_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id),
    CONSTRAINT plan_revisions_mentor_fkey FOREIGN KEY (org_id, mentor_id)
        REFERENCES people (org_id, id)
) STRICT;

CREATE TABLE plan_interim (
    org_id      TEXT NOT NULL,
    plan_id     TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    member_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    CONSTRAINT plan_interim_pkey PRIMARY KEY (org_id, plan_id, revision, member_id),
    CONSTRAINT plan_interim_revision_fkey FOREIGN KEY (org_id, plan_id, revision)
        REFERENCES plan_revisions (org_id, plan_id, revision),
    CONSTRAINT plan_interim_member_fkey FOREIGN KEY (org_id, member_id)
        REFERENCES people (org_id, id)
) STRICT;

-- detail: the step as JSON ({"kind": "agreed", "party": "person", "revision": 1}, …);
-- event_id and proposal_id repeat what it names, for the lookups by them.
CREATE TABLE plan_steps (
    org_id       TEXT NOT NULL,
    plan_id      TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    person_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    detail       TEXT NOT NULL,
    event_id     TEXT,
    proposal_id  TEXT,
    account_id   TEXT,
    taken_at     TEXT NOT NULL,
    CONSTRAINT plan_steps_pkey PRIMARY KEY (org_id, plan_id, seq),
    CONSTRAINT plan_steps_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id)
) STRICT;

-- at_label: the day into the trial ('30') or 'end'. ratings: a JSON array of
-- [competency, rating] pairs in the plan's order.
CREATE TABLE plan_checkpoints (
    org_id       TEXT NOT NULL,
    id           TEXT NOT NULL,
    plan_id      TEXT NOT NULL,
    person_id    TEXT NOT NULL,
    at_label     TEXT NOT NULL,
    party        TEXT NOT NULL CHECK (party IN ('person', 'manager')),
    ratings      TEXT NOT NULL,
    note         TEXT NOT NULL,
    account_id   TEXT,
    recorded_at  TEXT NOT NULL,
    CONSTRAINT plan_checkpoints_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT plan_checkpoints_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id)
) STRICT;

CREATE TABLE plan_evidence (
    org_id         TEXT NOT NULL,
    checkpoint_id  TEXT NOT NULL,
    entry_id       TEXT NOT NULL,
    person_id      TEXT NOT NULL,
    CONSTRAINT plan_evidence_pkey PRIMARY KEY (org_id, checkpoint_id, entry_id),
    CONSTRAINT plan_evidence_checkpoint_fkey FOREIGN KEY (org_id, checkpoint_id)
        REFERENCES plan_checkpoints (org_id, id),
    CONSTRAINT plan_evidence_entry_fkey FOREIGN KEY (org_id, entry_id)
        REFERENCES journal_entries (org_id, id) ON DELETE CASCADE
) STRICT;

-- A person's plans; plans by mentor; the step that made a proposal (its confirmation
-- finishes the step); checkpoints and evidence by plan and by person (erasure).
CREATE INDEX plans_person ON plans (org_id, person_id, updated_at);
CREATE INDEX plans_mentor ON plans (org_id, mentor_id);
CREATE INDEX plan_revisions_mentor ON plan_revisions (org_id, mentor_id);
CREATE INDEX plan_interim_member ON plan_interim (org_id, member_id);
CREATE UNIQUE INDEX plan_steps_proposal ON plan_steps (org_id, proposal_id);
CREATE INDEX plan_checkpoints_plan ON plan_checkpoints (org_id, plan_id, recorded_at);
CREATE INDEX plan_evidence_entry ON plan_evidence (org_id, entry_id);
