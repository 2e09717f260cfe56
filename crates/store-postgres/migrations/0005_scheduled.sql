-- Scheduled events: an event dated after today does not change the current role until its
-- date. current_roles holds the role in effect on the day it was computed; this table says
-- when each such row goes stale (the date of the person's next scheduled event), so a read
-- refreshes exactly the rows whose date has arrived, with one indexed query. A cache like
-- current_roles: rebuilt with it, written in the same transaction as every event. The
-- SQLite migration of the same name has the same columns.
CREATE TABLE scheduled_changes (
    org_id          uuid NOT NULL,
    person_id       uuid NOT NULL,
    next_change_on  date NOT NULL,
    -- The history the row was computed from, as in current_roles: an older computation
    -- never overwrites a newer one.
    last_event_seq  integer NOT NULL,
    CONSTRAINT scheduled_changes_pkey PRIMARY KEY (org_id, person_id),
    CONSTRAINT scheduled_changes_person_fkey FOREIGN KEY (org_id, person_id)
        REFERENCES people (org_id, id)
);

CREATE INDEX scheduled_changes_due ON scheduled_changes (org_id, next_change_on);

-- Projections written before this migration counted future-dated events at once. Everyone
-- with such an event is due for a refresh from their first event's date, which has passed
-- for anyone who holds a role.
INSERT INTO scheduled_changes (org_id, person_id, next_change_on, last_event_seq)
SELECT org_id, person_id, min(effective), max(seq)
FROM role_events
GROUP BY org_id, person_id
HAVING max(effective) > CURRENT_DATE;
