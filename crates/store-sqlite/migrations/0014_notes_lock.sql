-- Private notes and account resets (docs/operations.md): a person's journal and reflections
-- lock when their account is handed to someone else (a password reset by an administrator,
-- an invitation, an account or API token made for them at the command line), until the
-- recovery code only they hold is entered. Two append-only histories per person; the latest
-- row of each counts. Erasing the person deletes their rows (while erasures lists them).
-- The PostgreSQL migration of the same name has the same tables, columns and keys.

-- Each recovery code made, as an Argon2id PHC string: a newer row replaces the code of an
-- older one. A row without a hash withdraws the code (the locked notes were deleted, so the
-- person starts again and is given a new code). actor: who made it (the audit log's form).
CREATE TABLE recovery_codes (
    org_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    code_hash  TEXT CHECK (code_hash IS NULL OR substr(code_hash, 1, 1) = '$'),
    made_at    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (org_id, person_id, seq),
    CONSTRAINT recovery_codes_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
) STRICT;

-- Each lock and unlock of a person's private notes: why (the write that handed the account
-- over, or how it was opened again), when, and who made that write (the audit log's actor).
CREATE TABLE private_notes_locks (
    org_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq >= 1),
    state      TEXT NOT NULL CHECK (state IN ('locked', 'unlocked')),
    cause      TEXT NOT NULL CHECK (
        (state = 'locked' AND cause IN ('password-reset', 'invitation', 'account-created', 'api-token'))
        OR (state = 'unlocked' AND cause IN ('recovery-code', 'notes-deleted'))),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    CONSTRAINT private_notes_locks_pkey PRIMARY KEY (org_id, person_id, seq),
    CONSTRAINT private_notes_locks_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
) STRICT;

CREATE TRIGGER recovery_codes_refuse_update BEFORE UPDATE ON recovery_codes
BEGIN
    SELECT RAISE(ABORT, 'recovery_codes is append-only: a new code is a new row');
END;

CREATE TRIGGER recovery_codes_refuse_delete BEFORE DELETE ON recovery_codes
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'recovery_codes is append-only: only erasing the person deletes their codes');
END;

CREATE TRIGGER private_notes_locks_refuse_update BEFORE UPDATE ON private_notes_locks
BEGIN
    SELECT RAISE(ABORT, 'private_notes_locks is append-only: a lock or unlock is a new row');
END;

CREATE TRIGGER private_notes_locks_refuse_delete BEFORE DELETE ON private_notes_locks
WHEN NOT EXISTS (SELECT 1 FROM erasures e WHERE e.org_id = OLD.org_id AND e.person_id = OLD.person_id)
BEGIN
    SELECT RAISE(ABORT, 'private_notes_locks is append-only: only erasing the person deletes their rows');
END;
