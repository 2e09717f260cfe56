-- Transition plans and management trials. A plan is its person's: `plans` holds what every
-- read needs at once (the person, the move, the current revision, where it stands, the
-- current mentor), `plan_revisions` every revision of what it says (the content as JSON,
-- without the mentor and the interim team, which are columns and rows so that erasing a
-- person can clear them), `plan_steps` its life, one row per step, never changed
-- (agreements, proposals made, the role-history events it recorded, the end).
-- `plan_checkpoints` holds each party's record of a checkpoint, `plan_evidence` the journal
-- entries the person chose to show with theirs: deleting the entry withdraws it.
-- The SQLite migration of the same name has the same tables, columns and keys.
CREATE TABLE plans (
    org_id      uuid NOT NULL,
    id          uuid NOT NULL,
    person_id   uuid NOT NULL,
    plan_move   text NOT NULL CHECK (plan_move IN ('to-management', 'to-ic', 'lateral')),
    trial       boolean NOT NULL,
    revision    integer NOT NULL CHECK (revision >= 1),
    state       text NOT NULL CHECK (state IN ('draft', 'agreed', 'active', 'ended')),
    mentor_id   uuid,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT plans_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT plans_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CONSTRAINT plans_mentor_fkey FOREIGN KEY (org_id, mentor_id)
        REFERENCES people (org_id, id)
);

CREATE TABLE plan_revisions (
    org_id      uuid NOT NULL,
    plan_id     uuid NOT NULL,
    revision    integer NOT NULL CHECK (revision >= 1),
    person_id   uuid NOT NULL,
    mentor_id   uuid,
    body        text NOT NULL,
    written_at  timestamptz NOT NULL,
    CONSTRAINT plan_revisions_pkey PRIMARY KEY (org_id, plan_id, revision),
    CONSTRAINT plan_revisions_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id),
    CONSTRAINT plan_revisions_mentor_fkey FOREIGN KEY (org_id, mentor_id)
        REFERENCES people (org_id, id)
);

CREATE TABLE plan_interim (
    org_id      uuid NOT NULL,
    plan_id     uuid NOT NULL,
    revision    integer NOT NULL,
    member_id   uuid NOT NULL,
    position    integer NOT NULL,
    CONSTRAINT plan_interim_pkey PRIMARY KEY (org_id, plan_id, revision, member_id),
    CONSTRAINT plan_interim_revision_fkey FOREIGN KEY (org_id, plan_id, revision)
        REFERENCES plan_revisions (org_id, plan_id, revision),
    CONSTRAINT plan_interim_member_fkey FOREIGN KEY (org_id, member_id)
        REFERENCES people (org_id, id)
);

-- detail: the step as JSON ({"kind": "agreed", "party": "person", "revision": 1}, …);
-- event_id and proposal_id repeat what it names, for the lookups by them.
CREATE TABLE plan_steps (
    org_id       uuid NOT NULL,
    plan_id      uuid NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 1),
    person_id    uuid NOT NULL,
    kind         text NOT NULL,
    detail       text NOT NULL,
    event_id     uuid,
    proposal_id  uuid,
    account_id   uuid,
    taken_at     timestamptz NOT NULL,
    CONSTRAINT plan_steps_pkey PRIMARY KEY (org_id, plan_id, seq),
    CONSTRAINT plan_steps_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id)
);

-- at_label: the day into the trial ('30') or 'end'. ratings: a JSON array of
-- [competency, rating] pairs in the plan's order.
CREATE TABLE plan_checkpoints (
    org_id       uuid NOT NULL,
    id           uuid NOT NULL,
    plan_id      uuid NOT NULL,
    person_id    uuid NOT NULL,
    at_label     text NOT NULL,
    party        text NOT NULL CHECK (party IN ('person', 'manager')),
    ratings      text NOT NULL,
    note         text NOT NULL,
    account_id   uuid,
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT plan_checkpoints_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT plan_checkpoints_plan_fkey FOREIGN KEY (org_id, plan_id)
        REFERENCES plans (org_id, id)
);

CREATE TABLE plan_evidence (
    org_id         uuid NOT NULL,
    checkpoint_id  uuid NOT NULL,
    entry_id       uuid NOT NULL,
    person_id      uuid NOT NULL,
    CONSTRAINT plan_evidence_pkey PRIMARY KEY (org_id, checkpoint_id, entry_id),
    CONSTRAINT plan_evidence_checkpoint_fkey FOREIGN KEY (org_id, checkpoint_id)
        REFERENCES plan_checkpoints (org_id, id),
    CONSTRAINT plan_evidence_entry_fkey FOREIGN KEY (org_id, entry_id)
        REFERENCES journal_entries (org_id, id) ON DELETE CASCADE
);

-- A person's plans; plans by mentor; the step that made a proposal (its confirmation
-- finishes the step); checkpoints and evidence by plan and by person (erasure).
CREATE INDEX plans_person ON plans (org_id, person_id, updated_at);
CREATE INDEX plans_mentor ON plans (org_id, mentor_id);
CREATE INDEX plan_revisions_mentor ON plan_revisions (org_id, mentor_id);
CREATE INDEX plan_interim_member ON plan_interim (org_id, member_id);
CREATE UNIQUE INDEX plan_steps_proposal ON plan_steps (org_id, proposal_id);
CREATE INDEX plan_checkpoints_plan ON plan_checkpoints (org_id, plan_id, recorded_at);
CREATE INDEX plan_evidence_entry ON plan_evidence (org_id, entry_id);
