-- Collaboration: revocable API tokens, invitations, and proposals that an admin confirms
-- or declines. The SQLite migration of the same name has the same tables, columns and
-- keys.
--
-- Account ids in these tables (invited_by, proposed_by, decided_by) have no foreign key,
-- like the actor of an audit row: erasing a person deletes their account, which must not
-- depend on what that account did. The store checks that the account is in the
-- organisation when it writes them.
--
-- On Citus, proposals and proposal_decisions distribute by org_id like role_events;
-- invitations, whose token hash is unique across organisations, stay with sessions and
-- api_tokens (docs/architecture.md, "Running on Citus").

-- A revoked token stays, for the record, and stops authenticating at once.
ALTER TABLE api_tokens ADD COLUMN revoked_at timestamptz;

-- Only the hash of an invitation's token is stored, unique across organisations like the
-- other tokens. A newer invitation for the same email replaces the older ones: the store
-- reads an invitation as pending only when it is unaccepted, unexpired and the newest for
-- its email. Accepting sets accepted_at, the only change an invitation sees.
CREATE TABLE invitations (
    org_id       uuid NOT NULL,
    id           uuid NOT NULL,
    email        text NOT NULL,
    role         text NOT NULL CHECK (role IN ('member', 'manager', 'admin', 'analyst')),
    pay          boolean NOT NULL,
    invited_by   uuid NOT NULL,
    token_hash   text NOT NULL CHECK (length(token_hash) = 64),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    CONSTRAINT invitations_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id)
);

CREATE INDEX invitations_email ON invitations (org_id, email);

-- A proposed role event: the columns of role_events that a caller gives, with who
-- proposed it and when. Append-only, like role_events.
CREATE TABLE proposals (
    org_id             uuid NOT NULL,
    id                 uuid NOT NULL,
    person_id          uuid NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('baseline', 'hire', 'promotion', 'move',
                           'trial-start', 'trial-extend', 'trial-end', 'leave', 'career-break',
                           'return', 'exit')),
    effective          date NOT NULL,
    framework_version  integer NOT NULL,
    level_id           text,
    until_date         date,
    outcome            text CHECK (outcome IN ('stay', 'return')),
    reason             text,
    supersedes_id      uuid,
    proposed_by        uuid NOT NULL,
    proposed_at        timestamptz NOT NULL,
    CONSTRAINT proposals_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT proposals_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT proposals_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
);

CREATE INDEX proposals_person ON proposals (org_id, person_id);

-- The decision on a proposal: a new row rather than a change of the proposal, and at most
-- one per proposal (the key). person_id repeats the proposal's, so that an erasure can
-- find the rows (the delete trigger looks at the row itself). event_id is the event a
-- confirmation appended, written in the same transaction; like supersedes_id it has no
-- foreign key, so erasing a history needs no particular delete order.
CREATE TABLE proposal_decisions (
    org_id       uuid NOT NULL,
    proposal_id  uuid NOT NULL,
    person_id    uuid NOT NULL,
    decision     text NOT NULL CHECK (decision IN ('confirmed', 'declined')),
    decided_by   uuid NOT NULL,
    decided_at   timestamptz NOT NULL,
    reason       text,
    event_id     uuid,
    CONSTRAINT proposal_decisions_pkey PRIMARY KEY (org_id, proposal_id),
    CONSTRAINT proposal_decisions_proposal_fkey FOREIGN KEY (org_id, proposal_id)
        REFERENCES proposals (org_id, id),
    CONSTRAINT proposal_decisions_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CHECK ((decision = 'confirmed') = (event_id IS NOT NULL))
);

CREATE TRIGGER proposals_refuse_update BEFORE UPDATE ON proposals
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER proposals_refuse_delete BEFORE DELETE ON proposals
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER proposals_refuse_truncate BEFORE TRUNCATE ON proposals
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER proposal_decisions_refuse_update BEFORE UPDATE ON proposal_decisions
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER proposal_decisions_refuse_delete BEFORE DELETE ON proposal_decisions
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER proposal_decisions_refuse_truncate BEFORE TRUNCATE ON proposal_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();
