-- The directory's order: people by name, then email, as the directory lists them. A search
-- with many matches walks this index and stops after its page instead of sorting every
-- match (docs/data.md, "Directory search"). The SQLite migration of the same name has the
-- same index.
CREATE INDEX people_directory ON people (org_id, lower(name), name, email) INCLUDE (id);
