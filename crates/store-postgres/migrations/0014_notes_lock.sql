-- Private notes and account resets (docs/operations.md): a person's journal and reflections
-- lock when their account is handed to someone else (a password reset by an administrator,
-- an invitation, an account or API token made for them at the command line), until the
-- recovery code only they hold is entered. Two append-only histories per person; the latest
-- row of each counts. Erasing the person deletes their rows (while erasures lists them).
-- The SQLite migration of the same name has the same tables, columns and keys.

-- Each recovery code made, as an Argon2id PHC string: a newer row replaces the code of an
-- older one. A row without a hash withdraws the code (the locked notes were deleted, so the
-- person starts again and is given a new code). actor: who made it (the audit log's form).
CREATE TABLE recovery_codes (
    org_id     uuid NOT NULL,
    person_id  uuid NOT NULL,
    seq        integer NOT NULL CHECK (seq >= 1),
    code_hash  text CHECK (code_hash IS NULL OR left(code_hash, 1) = '$'),
    made_at    timestamptz NOT NULL,
    actor      text NOT NULL,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (org_id, person_id, seq),
    CONSTRAINT recovery_codes_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

-- Each lock and unlock of a person's private notes: why (the write that handed the account
-- over, or how it was opened again), when, and who made that write (the audit log's actor).
CREATE TABLE private_notes_locks (
    org_id     uuid NOT NULL,
    person_id  uuid NOT NULL,
    seq        integer NOT NULL CHECK (seq >= 1),
    state      text NOT NULL CHECK (state IN ('locked', 'unlocked')),
    cause      text NOT NULL CHECK (
        (state = 'locked' AND cause IN ('password-reset', 'invitation', 'account-created', 'api-token'))
        OR (state = 'unlocked' AND cause IN ('recovery-code', 'notes-deleted'))),
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    CONSTRAINT private_notes_locks_pkey PRIMARY KEY (org_id, person_id, seq),
    CONSTRAINT private_notes_locks_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

CREATE TRIGGER recovery_codes_refuse_update BEFORE UPDATE ON recovery_codes
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER recovery_codes_refuse_delete BEFORE DELETE ON recovery_codes
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER recovery_codes_refuse_truncate BEFORE TRUNCATE ON recovery_codes
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();

CREATE TRIGGER private_notes_locks_refuse_update BEFORE UPDATE ON private_notes_locks
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_change();
CREATE TRIGGER private_notes_locks_refuse_delete BEFORE DELETE ON private_notes_locks
    FOR EACH ROW EXECUTE FUNCTION pendulum_refuse_delete_unless_erasing();
CREATE TRIGGER private_notes_locks_refuse_truncate BEFORE TRUNCATE ON private_notes_locks
    FOR EACH STATEMENT EXECUTE FUNCTION pendulum_refuse_change();
