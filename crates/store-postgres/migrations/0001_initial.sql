-- Pendulum's schema on PostgreSQL. The SQLite schema (crates/store-sqlite/migrations) has
-- the same tables, columns, keys and unique constraints; a test checks that they agree.
--
-- Tenancy: every key leads with org_id and every foreign key includes it, so a row can
-- only ever point into its own organisation, and on Citus every table but organisations
-- distributes by org_id with its shards colocated (docs/architecture.md, "Storage").
--
-- Histories are append-only: triggers refuse UPDATE, DELETE and TRUNCATE on role_events,
-- pay_events, audit_log and framework_versions. The one exception is erasure: while a
-- person is listed in erasures (inside the erasing transaction only), their rows may be
-- deleted.

CREATE TABLE organisations (
    id          uuid NOT NULL,
    slug        text NOT NULL,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT organisations_pkey PRIMARY KEY (id),
    CONSTRAINT organisations_slug_key UNIQUE (slug)
);

CREATE TABLE framework_versions (
    org_id        uuid NOT NULL,
    version       integer NOT NULL CHECK (version >= 1),
    yaml          text NOT NULL,
    sha256        text NOT NULL CHECK (length(sha256) = 64),
    published_at  timestamptz NOT NULL,
    CONSTRAINT framework_versions_pkey PRIMARY KEY (org_id, version),
    CONSTRAINT framework_versions_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id)
);

CREATE TABLE people (
    org_id      uuid NOT NULL,
    id          uuid NOT NULL,
    name        text NOT NULL,
    email       text NOT NULL,
    manager_id  uuid,
    created_at  timestamptz NOT NULL,
    CONSTRAINT people_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT people_email_key UNIQUE (org_id, email),
    CONSTRAINT people_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id),
    CONSTRAINT people_manager_fkey FOREIGN KEY (org_id, manager_id) REFERENCES people (org_id, id)
);

CREATE INDEX people_manager ON people (org_id, manager_id);

CREATE TABLE role_events (
    org_id             uuid NOT NULL,
    id                 uuid NOT NULL,
    person_id          uuid NOT NULL,
    seq                integer NOT NULL CHECK (seq >= 1),
    kind               text NOT NULL CHECK (kind IN ('baseline', 'hire', 'promotion', 'move',
                           'trial-start', 'trial-extend', 'trial-end', 'leave', 'career-break',
                           'return', 'exit')),
    effective          date NOT NULL,
    recorded_at        timestamptz NOT NULL,
    framework_version  integer NOT NULL,
    level_id           text,
    until_date         date,
    outcome            text CHECK (outcome IN ('stay', 'return')),
    reason             text,
    -- Checked by the domain rules (a correction names an earlier event of the same
    -- history); no foreign key, so erasing a history needs no particular delete order.
    supersedes_id      uuid,
    CONSTRAINT role_events_pkey PRIMARY KEY (org_id, id),
    -- Optimistic concurrency: two writers who read the same history both try the same
    -- seq, and only one insert succeeds.
    CONSTRAINT role_events_person_seq_key UNIQUE (org_id, person_id, seq),
    CONSTRAINT role_events_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT role_events_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
);

-- The fold of each person's role history, written in the same transaction as every event
-- and rebuilt from the events on demand. A cache, so it may be updated and deleted.
CREATE TABLE current_roles (
    org_id             uuid NOT NULL,
    person_id          uuid NOT NULL,
    status             text NOT NULL CHECK (status IN ('active', 'on-leave', 'on-career-break', 'exited')),
    level_id           text NOT NULL,
    track_id           text NOT NULL,
    framework_version  integer NOT NULL,
    since              date NOT NULL,
    hired              date NOT NULL,
    trial_from_level   text,
    trial_target       text,
    trial_started      date,
    trial_until        date,
    last_event_seq     integer NOT NULL,
    CONSTRAINT current_roles_pkey PRIMARY KEY (org_id, person_id),
    CONSTRAINT current_roles_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id),
    CONSTRAINT current_roles_framework_fkey FOREIGN KEY (org_id, framework_version)
        REFERENCES framework_versions (org_id, version)
);

CREATE TABLE pay_events (
    org_id        uuid NOT NULL,
    id            uuid NOT NULL,
    person_id     uuid NOT NULL,
    seq           integer NOT NULL CHECK (seq >= 1),
    amount_minor  bigint NOT NULL CHECK (amount_minor >= 0),
    currency      text NOT NULL CHECK (length(currency) = 3),
    effective     date NOT NULL,
    recorded_at   timestamptz NOT NULL,
    reason        text,
    CONSTRAINT pay_events_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT pay_events_person_seq_key UNIQUE (org_id, person_id, seq),
    CONSTRAINT pay_events_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
);

-- Identifiers only: no names, emails or amounts (see crates/store/src/audit.rs).
CREATE TABLE audit_log (
    org_id     uuid NOT NULL,
    id         uuid NOT NULL,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    subject    text NOT NULL,
    -- The person the change concerns. The foreign key makes an erasure that forgot the
    -- audit rows about the person fail instead of leaving them behind.
    person_id  uuid,
    CONSTRAINT audit_log_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT audit_log_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id),
    CONSTRAINT audit_log_person_fkey FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id)
);

CREATE INDEX audit_log_person ON audit_log (org_id, person_id);

-- The people being erased by a transaction in progress. The erasing transaction inserts
-- the row, deletes the person's records (which the triggers below then allow) and deletes
-- the row again before it commits, so the table is empty outside erasures.
CREATE TABLE erasures (
    org_id      uuid NOT NULL,
    person_id   uuid NOT NULL,
    erasure_id  uuid NOT NULL,
    CONSTRAINT erasures_pkey PRIMARY KEY (org_id, person_id)
);

CREATE FUNCTION pendulum_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

-- Allows deleting the rows of a person who is being erased, and nothing else.
CREATE FUNCTION pendulum_refuse_delete_unless_erasing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.person_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: only erasing a person deletes their rows', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER framework_versions_refuse_change BEFORE UPDATE OR DELETE ON framework_versions
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER framework_versions_refuse_truncate BEFORE TRUNCATE ON framework_versions
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER role_events_refuse_update BEFORE UPDATE ON role_events
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER role_events_refuse_delete BEFORE DELETE ON role_events
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER role_events_refuse_truncate BEFORE TRUNCATE ON role_events
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER pay_events_refuse_update BEFORE UPDATE ON pay_events
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER pay_events_refuse_delete BEFORE DELETE ON pay_events
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER pay_events_refuse_truncate BEFORE TRUNCATE ON pay_events
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER audit_log_refuse_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER audit_log_refuse_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();
