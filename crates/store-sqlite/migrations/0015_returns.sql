-- The returns from a management trial, by date: what a pay administrator's home page reads
-- (`RoleHistory::returns_between`) without walking every event of the organisation. A
-- partial index: trial ends with the outcome `return` are few among the events.
-- The PostgreSQL migration of the same name has the same index.
CREATE INDEX role_events_returns ON role_events (org_id, effective)
    WHERE kind = 'trial-end' AND outcome = 'return';
