-- Accounts, sessions and API tokens. An account belongs to one organisation and logs in
-- by email; its email may match a person's, but the two are not linked by a key, so an
-- erasure of the person does not depend on the account and the reverse.
--
-- Only hashes of session and API tokens are stored (SHA-256, hex), unique across every
-- organisation: a cookie or bearer token does not say which organisation it belongs to.
-- On Citus a unique key must include the distribution column, which these two do not:
-- see docs/architecture.md, "Running on Citus".

CREATE TABLE accounts (
    org_id         uuid NOT NULL,
    id             uuid NOT NULL,
    email          text NOT NULL,
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('member', 'manager', 'admin', 'analyst')),
    pay            boolean NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT accounts_email_key UNIQUE (org_id, email),
    CONSTRAINT accounts_org_fkey FOREIGN KEY (org_id) REFERENCES organisations (id)
);

CREATE TABLE sessions (
    org_id      uuid NOT NULL,
    id          uuid NOT NULL,
    account_id  uuid NOT NULL,
    token_hash  text NOT NULL CHECK (length(token_hash) = 64),
    csrf_token  text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_account_fkey FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id)
);

CREATE INDEX sessions_account ON sessions (org_id, account_id);

CREATE TABLE api_tokens (
    org_id      uuid NOT NULL,
    id          uuid NOT NULL,
    account_id  uuid NOT NULL,
    token_hash  text NOT NULL CHECK (length(token_hash) = 64),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT api_tokens_pkey PRIMARY KEY (org_id, id),
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_account_fkey FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id)
);

CREATE INDEX api_tokens_account ON api_tokens (org_id, account_id);
