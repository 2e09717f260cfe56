-- Pendulum's schema on SQLite. The PostgreSQL schema (crates/store-postgres/migrations)
-- has the same tables, columns, keys and unique constraints; a test checks that they agree.
--
-- Tenancy: every key leads with org_id and every foreign key includes it, so a row can
-- only ever point into its own organisation. Ids are UUIDv7, stored as hyphenated TEXT
-- (readable in the sqlite3 shell and in CSV). Dates are TEXT 'YYYY-MM-DD'; timestamps are
-- TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, fixed width, so they sort as text).
--
-- Histories are append-only: triggers refuse UPDATE and DELETE on role_events, pay_events,
-- audit_log and framework_versions. The one exception is erasure: while a person is listed
-- in erasures (inside the erasing transaction only), their rows may be deleted.

CREATE TABLE organisations (
    id          TEXT NOT NULL,
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CONSTRAINT organisations_pkey PRIMARY KEY (id),
    CONSTRAINT organisations_slug_key UNIQUE (slug)
) STRICT;

CREATE TABLE framework_versions (
    org_id        TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    yaml          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    published_at  TEXT NOT NULL,
    CONSTRAINT framework_versions_pkey PRIMARY KEY (org_id, version),
    CONSTRAINT framework_versions_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id)
) STRICT;

CREATE TABLE people (
    org_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    manager_id  TEXT,
    created_at  TEXT NOT NULL,
    CONSTRAINT people_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT people_email_key UNIQUE (org_id, email),
    CONSTRAINT people_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id),
    CONSTRAINT people_manager_fkey FOREIGN KEY (org_id, manager_id) REFERENCES people (org_id, id)
) STRICT;

CREATE INDEX people_manager ON people (org_id, manager_id);

CREATE TABLE role_events (
    org_id             TEXT NOT NULL,
    id                 TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    seq                INTEGER NOT NULL CHECK (seq >= 1),
    kind               TEXT NOT NULL CHECK (kind IN ('baseline', 'hire', 'promotion', 'move',
                           'trial-start', 'trial-extend', 'trial-end', 'leave', 'career-break',
                           'return', 'exit')),
    effective          TEXT NOT NULL,
    recorded_at        TEXT NOT NULL,
    framework_version  INTEGER NOT NULL,
    level_id           TEXT,
    until_date         TEXT,
    outcome            TEXT CHECK (outcome IN ('stay', 'return')),
    reason             TEXT,
    -- Checked by the domain rules (a correction names an earlier event of the same
    -- history); no foreign key, so erasing a history needs no particular delete order.
    supersedes_id      TEXT,
    CONSTRAINT role_events_pkey PRIMARY KEY (org_id, id),
    -- Optimistic concurrency: two writers who read the same history both try the same
    -- seq, and only one insert succeeds.
    CONSTRAINT role_events_person_seq_key UNIQUE (org_id, person_id, seq),
    CONSTRAINT role_events_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT role_events_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
) STRICT;

-- The fold of each person's role history, written in the same transaction as every event
-- and rebuilt from the events on demand. A cache, so it may be updated and deleted.
CREATE TABLE current_roles (
    org_id             TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'on-leave', 'on-career-break', 'exited')),
    level_id           TEXT NOT NULL,
    track_id           TEXT NOT NULL,
    framework_version  INTEGER NOT NULL,
    since              TEXT NOT NULL,
    hired              TEXT NOT NULL,
    trial_from_level   TEXT,
    trial_target       TEXT,
    trial_started      TEXT,
    trial_until        TEXT,
    last_event_seq     INTEGER NOT NULL,
    CONSTRAINT current_roles_pkey PRIMARY KEY (org_id, person_id),
    CONSTRAINT current_roles_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT current_roles_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
) STRICT;

CREATE TABLE pay_events (
    org_id        TEXT NOT NULL,
    id            TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL CHECK (length(currency) = 3),
    effective     TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    reason        TEXT,
    CONSTRAINT pay_events_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT pay_events_person_seq_key UNIQUE (org_id, person_id, seq),
    CONSTRAINT pay_events_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
) STRICT;

-- Identifiers only: no names, emails or amounts (see crates/store/src/audit.rs).
CREATE TABLE audit_log (
    org_id     TEXT NOT NULL,
    id         TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    -- The person the change concerns. The foreign key makes an erasure that forgot the
    -- audit rows about the person fail instead of leaving them behind.
    person_id  TEXT,
    CONSTRAINT audit_log_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT audit_log_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id),
    CONSTRAINT audit_log_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
) STRICT;

CREATE INDEX audit_log_person ON audit_log (org_id, person_id);

-- The people being erased by a transaction in progress. The erasing transaction inserts
-- the row, deletes the person's records (which the triggers below then allow) and deletes
-- the row again before it commits, so the table is empty outside erasures.
CREATE TABLE erasures (
    org_id      TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    erasure_id  TEXT NOT NULL,
    CONSTRAINT erasures_pkey PRIMARY KEY (org_id, person_id)
) STRICT;

CREATE TRIGGER framework_versions_refuse_update BEFORE UPDATE ON framework_versions
BEGIN
    SELECT RAISE(ABORT, 'framework_versions is append-only: publish a new version instead');
END;

CREATE TRIGGER framework_versions_refuse_delete BEFORE DELETE ON framework_versions
BEGIN
    SELECT RAISE(ABORT, 'framework_versions is append-only: publish a new version instead');
END;

CREATE TRIGGER role_events_refuse_update BEFORE UPDATE ON role_events
BEGIN
    SELECT RAISE(ABORT, 'role_events is append-only: record a correction as a new event');
END;

CREATE TRIGGER role_events_refuse_delete BEFORE DELETE ON role_events
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'role_events is append-only: only erasing the person deletes their events');
END;

CREATE TRIGGER pay_events_refuse_update BEFORE UPDATE ON pay_events
BEGIN
    SELECT RAISE(ABORT, 'pay_events is append-only: record a correction as a new pay event');
END;

CREATE TRIGGER pay_events_refuse_delete BEFORE DELETE ON pay_events
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'pay_events is append-only: only erasing the person deletes their pay');
END;

CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
WHEN OLD.person_id IS NULL
  OR NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: only erasing a person deletes the rows about them');
END;
