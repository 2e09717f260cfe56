-- Account controls: disabling an account, and holding an account's view of its own pay
-- until a pay holder approves it. The PostgreSQL migration of the same name has the same
-- columns.
--
-- A disabled account keeps its row (who did what stays readable in the audit log) but
-- cannot sign in; disabling it ends its sessions and sets revoked_at on its API tokens.
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;

-- Set when someone without the pay capability set the account's password (an invitation
-- they created, a reset they made): they could sign in as the account, so its own pay
-- stays hidden until a pay holder approves.
ALTER TABLE accounts ADD COLUMN own_pay_held INTEGER NOT NULL DEFAULT 0
    CHECK (own_pay_held IN (0, 1));

-- Whether the invitation's account sees its own pay at once: the inviter held the pay
-- capability when inviting. Pending invitations take it from their inviter now.
ALTER TABLE invitations ADD COLUMN own_pay_approved INTEGER NOT NULL DEFAULT 0
    CHECK (own_pay_approved IN (0, 1));

UPDATE invitations SET own_pay_approved = 1
WHERE EXISTS (SELECT 1 FROM accounts a
              WHERE a.org_id = invitations.org_id AND a.id = invitations.invited_by AND a.pay = 1);
