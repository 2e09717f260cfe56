-- One- and two-character directory searches without the GIN index (docs/architecture.md,
-- "Directory search"). Counting the first 501 matches of `an` among 99,349 people read the
-- GIN index's 5,344 entries for `an`, then a row of the table for each of the 501 (1.3 ms);
-- its first page walked the directory's order testing 1,752 entries (1.0 ms). Both grew with
-- the organisation.
--
-- people_search_prefixes holds one row per person and word start (search_starts, migration
-- 0012_search_order.sql), keyed in the directory's order under (start, has_left). A search
-- for a start, filtered on status alone, then reads its matches as one range of the
-- primary key, in order: a count stops after its limit (0.3 ms) and a page reads its 51
-- entries (0.6 ms with their rows and roles), whatever the size of the organisation.
-- Searches with other filters (a manager's line, a track, a level) keep the GIN index.
--
-- Index material, like search_starts and has_left: the trigger below keeps it in the
-- transaction of every insert, delete, and change to a name, an email or has_left (itself
-- kept by the trigger of migration 0016 on current_roles), and nothing else writes it.
CREATE TABLE people_search_prefixes (
    org_id uuid NOT NULL,
    start text NOT NULL,
    has_left boolean NOT NULL,
    sort_key text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    person_id uuid NOT NULL,
    PRIMARY KEY (org_id, start, has_left, sort_key, name, email, person_id)
);

INSERT INTO people_search_prefixes
SELECT p.org_id, s, p.has_left, lower(p.name), p.name, p.email, p.id
FROM people p, unnest(p.search_starts) AS s;

CREATE FUNCTION pendulum_people_search_prefixes() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- The old row's keys, found through the primary key.
        DELETE FROM people_search_prefixes
        WHERE org_id = OLD.org_id AND start = ANY (OLD.search_starts)
          AND has_left = OLD.has_left AND sort_key = lower(OLD.name)
          AND name = OLD.name AND email = OLD.email AND person_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO people_search_prefixes
        SELECT NEW.org_id, s, NEW.has_left, lower(NEW.name), NEW.name, NEW.email, NEW.id
        FROM unnest(NEW.search_starts) AS s;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_search_prefixes
AFTER INSERT OR DELETE ON people
FOR EACH ROW EXECUTE FUNCTION pendulum_people_search_prefixes();

-- Only a change to what the rows hold rewrites them: a new manager costs nothing here.
CREATE TRIGGER people_search_prefixes_update
AFTER UPDATE OF name, email, has_left ON people
FOR EACH ROW
WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
      OR OLD.has_left IS DISTINCT FROM NEW.has_left)
EXECUTE FUNCTION pendulum_people_search_prefixes();
