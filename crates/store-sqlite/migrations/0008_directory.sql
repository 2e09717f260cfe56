-- The directory's order: people by name, then email, as the directory lists them. A search
-- with many matches walks this index and stops after its page instead of sorting every
-- match; the person's id is in it so that the walk reads the index alone (docs/data.md,
-- "Directory search"). The PostgreSQL migration of the same name has the same index.
CREATE INDEX people_directory ON people (org_id, lower(name), name, email, id);
