-- Collaboration: revocable API tokens, invitations, and proposals that an admin confirms
-- or declines. The PostgreSQL migration of the same name has the same tables, columns and
-- keys.
--
-- Account ids in these tables (invited_by, proposed_by, decided_by) have no foreign key,
-- like the actor of an audit row: erasing a person deletes their account, which must not
-- depend on what that account did. The store checks that the account is in the
-- organisation when it writes them.

-- A revoked token stays, for the record, and stops authenticating at once.
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;

-- Only the hash of an invitation's token is stored, unique across organisations like the
-- other tokens. A newer invitation for the same email replaces the older ones: the store
-- reads an invitation as pending only when it is unaccepted, unexpired and the newest for
-- its email. Accepting sets accepted_at, the only change an invitation sees.
CREATE TABLE invitations (
    org_id       TEXT NOT NULL,
    id           TEXT NOT NULL,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('member', 'manager', 'admin', 'analyst')),
    pay          INTEGER NOT NULL CHECK (pay IN (0, 1)),
    invited_by   TEXT NOT NULL,
    token_hash   TEXT NOT NULL CHECK (length(token_hash) = 64),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    accepted_at  TEXT,
    CONSTRAINT invitations_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id)
) STRICT;

CREATE INDEX invitations_email ON invitations (org_id, email);

-- A proposed role event: the columns of role_events that a caller gives, with who
-- proposed it and when. Append-only, like role_events.
CREATE TABLE proposals (
    org_id             TEXT NOT NULL,
    id                 TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('baseline', 'hire', 'promotion', 'move',
                           'trial-start', 'trial-extend', 'trial-end', 'leave', 'career-break',
                           'return', 'exit')),
    effective          TEXT NOT NULL,
    framework_version  INTEGER NOT NULL,
    level_id           TEXT,
    until_date         TEXT,
    outcome            TEXT CHECK (outcome IN ('stay', 'return')),
    reason             TEXT,
    supersedes_id      TEXT,
    proposed_by        TEXT NOT NULL,
    proposed_at        TEXT NOT NULL,
    CONSTRAINT proposals_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT proposals_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT proposals_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
) STRICT;

CREATE INDEX proposals_person ON proposals (org_id, person_id);

-- The decision on a proposal: a new row rather than a change of the proposal, and at most
-- one per proposal (the key). person_id repeats the proposal's, so that an erasure can
-- find the rows (the delete trigger looks at the row itself). event_id is the event a
-- confirmation appended, written in the same transaction; like supersedes_id it has no
-- foreign key, so erasing a history needs no particular delete order.
CREATE TABLE proposal_decisions (
    org_id       TEXT NOT NULL,
    proposal_id  TEXT NOT NULL,
    person_id    TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('confirmed', 'declined')),
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    reason       TEXT,
    event_id     TEXT,
    CONSTRAINT proposal_decisions_pkey PRIMARY KEY (org_id, proposal_id),
    CONSTRAINT proposal_decisions_proposal_fkey FOREIGN KEY (org_id, proposal_id)
        REFERENCES proposals (org_id, id),
    CONSTRAINT proposal_decisions_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id),
    CHECK ((decision = 'confirmed') = (event_id IS NOT NULL))
) STRICT;

CREATE TRIGGER proposals_refuse_update BEFORE UPDATE ON proposals
BEGIN
    SELECT RAISE(ABORT, 'proposals is append-only: a decision is a row of proposal_decisions');
END;

CREATE TRIGGER proposals_refuse_delete BEFORE DELETE ON proposals
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'proposals is append-only: only erasing the person deletes their proposals');
END;

CREATE TRIGGER proposal_decisions_refuse_update BEFORE UPDATE ON proposal_decisions
BEGIN
    SELECT RAISE(ABORT, 'proposal_decisions is append-only: a proposal is decided once');
END;

CREATE TRIGGER proposal_decisions_refuse_delete BEFORE DELETE ON proposal_decisions
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'proposal_decisions is append-only: only erasing the person deletes them');
END;
