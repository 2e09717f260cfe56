-- Reporting lines over time: who each person reports to, as an append-only history of
-- changes, like role_events. people.manager_id becomes a projection of it (the manager on
-- the store's today), written in the same transaction as every change; reporting_schedule
-- says when a person's projection goes stale (the date of their next future-dated change).
-- The SQLite migration of the same name has the same tables, columns and keys.
CREATE TABLE reporting_changes (
    org_id       uuid NOT NULL,
    person_id    uuid NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 1),
    -- NULL: from the start of the person's record (a manager given at creation or import).
    effective    date,
    -- NULL: the person reports to nobody from this date.
    manager_id   uuid,
    reason       text,
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT reporting_changes_pkey PRIMARY KEY (org_id, person_id, seq),
    CONSTRAINT reporting_changes_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CONSTRAINT reporting_changes_manager_fkey FOREIGN KEY (org_id, manager_id)
        REFERENCES people (org_id, id),
    CHECK (manager_id IS NULL OR manager_id <> person_id)
);

-- Who someone manages, or managed, at any date: erasure and the "reported to" questions.
CREATE INDEX reporting_changes_manager ON reporting_changes (org_id, manager_id);

-- Append-only. The one change allowed: erasing a manager clears them from the lines of
-- the people they managed (manager_id set to NULL, nothing else), while erasures lists them.
CREATE FUNCTION pendulum_reporting_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.manager_id IS NULL
        AND NEW.org_id = OLD.org_id AND NEW.person_id = OLD.person_id AND NEW.seq = OLD.seq
        AND NEW.effective IS NOT DISTINCT FROM OLD.effective
        AND NEW.reason IS NOT DISTINCT FROM OLD.reason
        AND NEW.recorded_at = OLD.recorded_at
        AND EXISTS (
            SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.manager_id
        )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'reporting_changes is append-only: record a new change instead'
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER reporting_changes_refuse_update BEFORE UPDATE ON reporting_changes
    FOR EACH ROW EXECUTE FUNCTION pendulum_reporting_refuse_update();
CREATE TRIGGER reporting_changes_refuse_delete BEFORE DELETE ON reporting_changes
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER reporting_changes_refuse_truncate BEFORE TRUNCATE ON reporting_changes
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

-- When each person's people.manager_id next changes: a cache, like scheduled_changes.
CREATE TABLE reporting_schedule (
    org_id          uuid NOT NULL,
    person_id       uuid NOT NULL,
    next_change_on  date NOT NULL,
    CONSTRAINT reporting_schedule_pkey PRIMARY KEY (org_id, person_id),
    CONSTRAINT reporting_schedule_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

CREATE INDEX reporting_schedule_due ON reporting_schedule (org_id, next_change_on);

-- Proposed reporting changes, made by a manager and confirmed or declined by an admin, as
-- role-event proposals are (the same ids, the same list): append-only, the decision a row
-- of its own.
CREATE TABLE reporting_proposals (
    org_id       uuid NOT NULL,
    id           uuid NOT NULL,
    person_id    uuid NOT NULL,
    effective    date NOT NULL,
    manager_id   uuid,
    reason       text,
    proposed_by  uuid NOT NULL,
    proposed_at  timestamptz NOT NULL,
    CONSTRAINT reporting_proposals_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT reporting_proposals_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

CREATE INDEX reporting_proposals_person ON reporting_proposals (org_id, person_id);

CREATE TABLE reporting_proposal_decisions (
    org_id       uuid NOT NULL,
    proposal_id  uuid NOT NULL,
    person_id    uuid NOT NULL,
    decision     text NOT NULL CHECK (decision IN ('confirmed', 'declined')),
    decided_by   uuid NOT NULL,
    decided_at   timestamptz NOT NULL,
    reason       text,
    -- The change a confirmation recorded (its seq in the person's reporting history).
    change_seq   integer,
    CONSTRAINT reporting_proposal_decisions_pkey PRIMARY KEY (org_id, proposal_id),
    CONSTRAINT reporting_proposal_decisions_proposal_fkey FOREIGN KEY (org_id, proposal_id)
        REFERENCES reporting_proposals (org_id, id),
    CHECK ((decision = 'confirmed') = (change_seq IS NOT NULL))
);

CREATE TRIGGER reporting_proposals_refuse_update BEFORE UPDATE ON reporting_proposals
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER reporting_proposals_refuse_delete BEFORE DELETE ON reporting_proposals
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER reporting_proposals_refuse_truncate BEFORE TRUNCATE ON reporting_proposals
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER reporting_proposal_decisions_refuse_update BEFORE UPDATE ON reporting_proposal_decisions
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER reporting_proposal_decisions_refuse_delete BEFORE DELETE ON reporting_proposal_decisions
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER reporting_proposal_decisions_refuse_truncate BEFORE TRUNCATE ON reporting_proposal_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

-- Everyone's manager so far becomes the first line of their history, from the start.
INSERT INTO reporting_changes (org_id, person_id, seq, effective, manager_id, reason, recorded_at)
SELECT org_id, id, 1, NULL, manager_id, NULL, created_at
FROM people
WHERE manager_id IS NOT NULL;
