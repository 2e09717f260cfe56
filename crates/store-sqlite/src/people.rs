//! People of one organisation. A person's status is read from their current role.

use pendulum_domain::{Email, Person, PersonId, PersonStatus, RoleEvent};
use pendulum_store::prelude::*;
use pendulum_store::rows::PersonRow;
use pendulum_store::{
    AuditAction, ErasureId, NewAuditEntry, NewRoleEvent, Result, StoreError, Subject, now,
    person_name,
};

use pendulum_store::sql::{constraint_or_db, db};
use pendulum_store::{PeoplePage, PeopleQuery, StatusFilter};
use sqlx::{QueryBuilder, Row};

use crate::rows::{self, key};
use crate::{SqliteOrg, audit, erase, history, import, projections, require_person};

/// People with the status of their current role, filtered by organisation and `$tail`.
macro_rules! select_people {
    ($tail:literal) => {
        concat!(
            "SELECT p.org_id, p.id, p.name, p.email, p.manager_id, c.status
             FROM people p
             LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
             WHERE p.org_id = $1",
            $tail
        )
    };
}

pub(crate) async fn create(
    org: &SqliteOrg,
    name: &str,
    email: &Email,
    manager: Option<PersonId>,
) -> Result<Person> {
    let person = new_person(org, name, email, manager)?;
    let mut tx = org.store.begin_write().await?;
    insert(&mut tx, org, &person).await?;
    tx.commit().await.map_err(db)?;
    Ok(person)
}

/// The person and their first role in one transaction: the hire is checked against the
/// new, empty history inside it, so a refused hire rolls the person back with it.
pub(crate) async fn create_with_role(
    org: &SqliteOrg,
    name: &str,
    email: &Email,
    manager: Option<PersonId>,
    first: NewRoleEvent,
) -> Result<(Person, RoleEvent)> {
    let person = new_person(org, name, email, manager)?;
    let mut tx = org.store.begin_write().await?;
    insert(&mut tx, org, &person).await?;
    let (event, standing) = history::prepare(&mut tx, org, person.id, first).await?;
    history::write(&mut tx, org, &event, &standing).await?;
    tx.commit().await.map_err(db)?;
    Ok((person, event))
}

fn new_person(
    org: &SqliteOrg,
    name: &str,
    email: &Email,
    manager: Option<PersonId>,
) -> Result<Person> {
    Ok(Person {
        id: PersonId::new(),
        org: org.org_id(),
        name: person_name(name)?,
        email: email.clone(),
        manager,
        status: PersonStatus::Active,
    })
}

/// The writes of a new person inside the caller's transaction: the row, the first line of
/// their reporting history when they have a manager, and the audit row.
async fn insert(
    conn: &mut sqlx::sqlite::SqliteConnection,
    org: &SqliteOrg,
    person: &Person,
) -> Result<()> {
    let email = &person.email;
    if let Some(manager) = person.manager {
        require_person(conn, org, manager)
            .await
            .map_err(|_| StoreError::not_found("manager", manager))?;
    }
    sqlx::query(
        "INSERT INTO people (org_id, id, name, email, manager_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(org.org_key())
    .bind(key(person.id.as_uuid()))
    .bind(&person.name)
    .bind(email.as_str())
    .bind(person.manager.map(|m| key(m.as_uuid())))
    .bind(rows::timestamp(now()))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || {
                StoreError::Invalid(format!(
                    "someone with the email {email} is already in this organisation"
                ))
            },
            || StoreError::not_found("organisation", org.org_id()),
        )
    })?;
    if person.manager.is_some() {
        // The first line of their reporting history, from the start of their record.
        let first = pendulum_domain::ReportingChange {
            person: person.id,
            seq: 1,
            effective: None,
            manager: person.manager,
            reason: None,
            recorded_at: now(),
        };
        crate::reporting::insert(conn, org, &first).await?;
    }
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PersonCreated,
        Subject::Person(person.id),
    )
    .about(person.id);
    audit::insert(conn, org.org_id().as_uuid(), &entry).await
}

pub(crate) async fn by_id(org: &SqliteOrg, person: PersonId) -> Result<Person> {
    sqlx::query(select_people!(" AND p.id = $2"))
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .fetch_optional(&org.store.pool)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", person))
        .and_then(|row| rows::person(&row)?.into_person())
}

pub(crate) async fn by_email(org: &SqliteOrg, email: &Email) -> Result<Person> {
    sqlx::query(select_people!(" AND p.email = $2"))
        .bind(org.org_key())
        .bind(email.as_str())
        .fetch_optional(&org.store.pool)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", email))
        .and_then(|row| rows::person(&row)?.into_person())
}

pub(crate) async fn list(org: &SqliteOrg) -> Result<Vec<Person>> {
    sqlx::query(select_people!(" ORDER BY p.email"))
        .bind(org.org_key())
        .fetch_all(&org.store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::person(row).and_then(PersonRow::into_person))
        .collect()
}

/// The people whose manager is `manager`, by name.
pub(crate) async fn reports_of(org: &SqliteOrg, manager: PersonId) -> Result<Vec<Person>> {
    sqlx::query(select_people!(
        " AND p.manager_id = $2 ORDER BY p.name, p.email"
    ))
    .bind(org.org_key())
    .bind(key(manager.as_uuid()))
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::person(row).and_then(PersonRow::into_person))
    .collect()
}

/// [`People::managers_above`], in one recursive query.
async fn managers_above(org: &SqliteOrg, person: PersonId, limit: u32) -> Result<Vec<Person>> {
    let managers = sqlx::query(pendulum_store::people::MANAGERS_ABOVE_SQL)
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .bind(i64::from(limit))
        .fetch_all(&org.store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::person(row).and_then(PersonRow::into_person))
        .collect::<Result<Vec<_>>>()?;
    Ok(pendulum_store::people::until_repeated(managers))
}

/// The columns of a directory row: the person, their current role when they have one.
const SEARCH_COLUMNS: &str = "SELECT p.org_id, p.id, p.name, p.email, p.manager_id, c.status,
         c.person_id, c.level_id, c.track_id, c.framework_version, c.since, c.hired,
         c.trial_from_level, c.trial_target, c.trial_started, c.trial_until, c.last_event_seq,
         (c.person_id IS NOT NULL) AS has_role";

/// The FTS5 query of a directory search's text (migration 0006_search.sql): three
/// characters or more are a phrase of trigrams in the name or the email (a substring);
/// one or two are the start of a name's word or of the email, marked in the `starts`
/// column (`PeopleQuery::text`). `None` when nothing is left to search for.
fn search_match(text: &str) -> Option<String> {
    let text: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    // Inside an FTS5 string a double quote is written twice.
    let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    match text.chars().count() {
        0 => None,
        1 => Some(format!(
            "starts : {} OR starts : {}",
            quoted(&format!("\u{1}\u{1}{text}")),
            quoted(&format!("\u{2}\u{2}{text}"))
        )),
        2 => Some(format!(
            "starts : {} OR starts : {}",
            quoted(&format!("\u{1}{text}")),
            quoted(&format!("\u{2}{text}"))
        )),
        _ => Some(format!("{{name email}} : {}", quoted(&text))),
    }
}

/// A search of one or two ASCII letters or digits, lowercased, which the index's entries
/// answer themselves (`people_search_keys.words`, migration 0012_search_order.sql): for it
/// SQLite's ASCII-only `lower()` folds the names as the text index does. `None` for any
/// other text.
fn ascii_start(text: &str) -> Option<String> {
    let text: String = text.trim().chars().filter(|c| !c.is_control()).collect();
    (matches!(text.len(), 1 | 2) && text.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| text.to_ascii_lowercase())
}

/// How a directory query reaches its rows (docs/data.md, "Directory search").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drive {
    /// As [`Drive::Matches`], for a count: a match's key says whether the person has left,
    /// so it is joined to the person's row or role only for a filter that needs them.
    Count,
    /// From the text index's matches (when there is a text), each joined to its person and
    /// role: the cost of the matches, whatever the organisation's size. For counting, and
    /// for a page of few matches, sorted.
    Matches,
    /// Along the directory's order (with a text, the index `people_search_order` of the
    /// matches' keys; without, `people_directory`), each entry tested against the matches:
    /// a page stops after its rows, so a search that matches many costs its page, not its
    /// matches.
    Order,
}

/// The `FROM` and `WHERE` of a directory search.
fn push_filters(
    b: &mut QueryBuilder<sqlx::Sqlite>,
    org: &SqliteOrg,
    q: &PeopleQuery,
    drive: Drive,
) {
    let roles = " LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id";
    let needs_person = q.manager.is_some() || q.line_of.is_some() || q.within.is_some();
    let needs_role = q.track.is_some() || q.levels.is_some();
    let matching = q.text.as_deref().and_then(search_match);
    match (&matching, drive) {
        (Some(matching), Drive::Matches | Drive::Count) => {
            // CROSS JOIN fixes the order: the index first, then each match's key and
            // person. Left to itself, SQLite's planner may walk the organisation's people
            // and test each against the MATCH, which costs a hundred times more.
            b.push(" FROM (SELECT rowid AS key FROM people_search WHERE people_search MATCH ");
            b.push_bind(matching.clone());
            b.push(") m CROSS JOIN people_search_keys k ON k.id = m.key");
            // A count reads the key alone (which says whether the person has left) unless a
            // filter needs the person's row or role.
            if drive == Drive::Matches || needs_person {
                b.push(" CROSS JOIN people p ON p.org_id = k.org_id AND p.id = k.person_id");
            }
            if drive == Drive::Matches || needs_role {
                b.push(
                    " LEFT JOIN current_roles c
                     ON c.org_id = k.org_id AND c.person_id = k.person_id",
                );
            }
            b.push(" WHERE k.org_id = ");
            b.push_bind(org.org_key().to_string());
        }
        (Some(matching), Drive::Order) => {
            // The directory's order as the keys carry it (migration 0012_search_order.sql):
            // each entry of the index is tested against the matches and the status inside
            // the index; only the page's rows are joined to their person and role. `+k.id`
            // keeps the matches a list to test each key against, built once, rather than
            // keys to look up for every entry walked.
            b.push(
                " FROM people_search_keys k INDEXED BY people_search_order
                 CROSS JOIN people p ON p.org_id = k.org_id AND p.id = k.person_id
                 LEFT JOIN current_roles c ON c.org_id = k.org_id AND c.person_id = k.person_id
                 WHERE k.org_id = ",
            );
            b.push_bind(org.org_key().to_string());
            match q.text.as_deref().and_then(ascii_start) {
                // The same rule as the text index's, read from the entry itself.
                Some(start) => {
                    b.push(" AND (instr(k.words, ' ' || ");
                    b.push_bind(start.clone());
                    b.push(") > 0 OR instr(k.words, char(2) || ");
                    b.push_bind(start);
                    b.push(") > 0)");
                }
                None => {
                    b.push(
                        " AND +k.id IN (SELECT rowid FROM people_search WHERE people_search MATCH ",
                    );
                    b.push_bind(matching.clone());
                    b.push(")");
                }
            }
        }
        (None, Drive::Matches | Drive::Count) => {
            b.push(" FROM people p");
            b.push(roles);
            b.push(" WHERE p.org_id = ");
            b.push_bind(org.org_key().to_string());
        }
        (None, Drive::Order) => {
            b.push(" FROM people p INDEXED BY people_directory");
            b.push(roles);
            b.push(" WHERE p.org_id = ");
            b.push_bind(org.org_key().to_string());
        }
    }
    if let Some(manager) = q.manager {
        b.push(" AND p.manager_id = ");
        b.push_bind(key_text(manager.as_uuid()));
    }
    if let Some(top) = q.line_of {
        // UNION, not UNION ALL: a reporting line that loops ends instead of repeating.
        b.push(" AND p.id IN (WITH RECURSIVE line(id) AS (SELECT ");
        b.push_bind(key_text(top.as_uuid()));
        b.push(
            " UNION SELECT r.id FROM people r JOIN line ON r.manager_id = line.id
             WHERE r.org_id = ",
        );
        b.push_bind(org.org_key().to_string());
        b.push(") SELECT id FROM line)");
    }
    if let Some(track) = &q.track {
        b.push(" AND c.track_id = ");
        b.push_bind(track.as_str().to_string());
    }
    if let Some(levels) = &q.levels {
        if levels.is_empty() {
            b.push(" AND 1 = 0");
        } else {
            b.push(" AND c.level_id IN (");
            let mut list = b.separated(", ");
            for level in levels {
                list.push_bind(level.as_str().to_string());
            }
            list.push_unseparated(")");
        }
    }
    // With a text, the key says whether the person has left; without, their role does.
    match (q.status, matching.is_some()) {
        (StatusFilter::Current, true) => b.push(" AND k.exited = 0"),
        (StatusFilter::Current, false) => b.push(" AND (c.status IS NULL OR c.status <> 'exited')"),
        (StatusFilter::All, _) => b,
        (StatusFilter::Left, true) => b.push(" AND k.exited = 1"),
        (StatusFilter::Left, false) => b.push(" AND c.status = 'exited'"),
    };
    if let Some(within) = &q.within {
        if within.is_empty() {
            b.push(" AND 1 = 0");
        } else {
            b.push(" AND p.id IN (");
            let mut list = b.separated(", ");
            for id in within {
                list.push_bind(key_text(id.as_uuid()));
            }
            list.push_unseparated(")");
        }
    }
}

/// The matches of `q`, counted up to `up_to` (all of them when `None`).
async fn count(
    conn: &mut sqlx::SqliteConnection,
    org: &SqliteOrg,
    q: &PeopleQuery,
    up_to: Option<u64>,
) -> Result<u64> {
    let mut count = QueryBuilder::<sqlx::Sqlite>::new("SELECT count(*) FROM (SELECT 1");
    push_filters(&mut count, org, q, Drive::Count);
    if let Some(up_to) = up_to {
        count.push(" LIMIT ");
        count.push_bind(i64::try_from(up_to.saturating_add(1)).unwrap_or(i64::MAX));
    }
    count.push(")");
    let counted: i64 = count
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await
        .map_err(db)?;
    Ok(u64::try_from(counted).unwrap_or_default())
}

/// One page of a directory search and the number of matches, counted up to
/// `q.count_up_to`. The count comes first and chooses how the page is read: a few matches
/// are sorted; more than the count's limit are found along the directory's order, which
/// stops after the page ([`Drive`]).
pub(crate) async fn search(org: &SqliteOrg, q: &PeopleQuery) -> Result<PeoplePage> {
    let mut conn = org.store.acquire().await?;
    let counted = count(&mut conn, org, q, q.count_up_to).await?;
    let (total, exact) = match q.count_up_to {
        Some(up_to) if counted > up_to => (up_to, false),
        _ => (counted, true),
    };
    if (exact && u64::from(q.offset) >= total) || q.limit == 0 {
        return Ok(PeoplePage {
            total,
            exact,
            people: Vec::new(),
        });
    }
    let drive = if exact { Drive::Matches } else { Drive::Order };
    let mut page = QueryBuilder::<sqlx::Sqlite>::new(SEARCH_COLUMNS);
    push_filters(&mut page, org, q, drive);
    page.push(match drive {
        // `+` keeps SQLite from walking the directory's order to avoid a sort of a few
        // rows: without statistics its planner prefers that walk even to find 50 people
        // by their ids, which costs the whole organisation.
        Drive::Matches | Drive::Count => " ORDER BY +lower(p.name), p.name, p.email LIMIT ",
        Drive::Order if q.text.as_deref().and_then(search_match).is_some() => {
            " ORDER BY k.sort_name, k.name, k.email LIMIT "
        }
        Drive::Order => " ORDER BY lower(p.name), p.name, p.email LIMIT ",
    });
    page.push_bind(i64::from(q.limit));
    page.push(" OFFSET ");
    page.push_bind(i64::from(q.offset));
    let rows = page.build().fetch_all(&mut *conn).await.map_err(db)?;
    let people = rows
        .iter()
        .map(|row| {
            let person = rows::person(row).and_then(PersonRow::into_person)?;
            let has_role: bool = row.try_get("has_role").map_err(db)?;
            let role = if has_role {
                Some(rows::current_role(row)?.into_role()?)
            } else {
                None
            };
            Ok((person, role))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PeoplePage {
        total,
        exact,
        people,
    })
}

/// An id as SQLite keeps it: hyphenated text.
fn key_text(id: uuid::Uuid) -> String {
    key(id).to_string()
}

/// Everyone who manages at least one person, by name.
pub(crate) async fn managers(org: &SqliteOrg) -> Result<Vec<Person>> {
    sqlx::query(select_people!(
        " AND EXISTS (SELECT 1 FROM people r WHERE r.org_id = p.org_id AND r.manager_id = p.id)
         ORDER BY p.name, p.email"
    ))
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| rows::person(row).and_then(PersonRow::into_person))
    .collect()
}

impl People for SqliteOrg {
    async fn create_person(
        &self,
        name: &str,
        email: &Email,
        manager: Option<PersonId>,
    ) -> Result<Person> {
        create(self, name, email, manager).await
    }

    async fn create_person_with_role(
        &self,
        name: &str,
        email: &Email,
        manager: Option<PersonId>,
        first: NewRoleEvent,
    ) -> Result<(Person, RoleEvent)> {
        create_with_role(self, name, email, manager, first).await
    }

    async fn person(&self, person: PersonId) -> Result<Person> {
        projections::refresh_due(self).await?;
        by_id(self, person).await
    }

    async fn person_by_email(&self, email: &Email) -> Result<Person> {
        projections::refresh_due(self).await?;
        by_email(self, email).await
    }

    async fn list_people(&self) -> Result<Vec<Person>> {
        projections::refresh_due(self).await?;
        list(self).await
    }

    async fn search_people(&self, query: &PeopleQuery) -> Result<PeoplePage> {
        projections::refresh_due(self).await?;
        search(self, query).await
    }

    async fn managers(&self) -> Result<Vec<Person>> {
        projections::refresh_due(self).await?;
        managers(self).await
    }

    async fn direct_reports(&self, manager: PersonId) -> Result<Vec<Person>> {
        projections::refresh_due(self).await?;
        reports_of(self, manager).await
    }

    async fn managers_above(&self, person: PersonId, limit: u32) -> Result<Vec<Person>> {
        projections::refresh_due(self).await?;
        managers_above(self, person, limit).await
    }

    async fn people_page(&self, after: Option<PersonId>, limit: u32) -> Result<Vec<Person>> {
        projections::refresh_due(self).await?;
        import::people_page(self, after, limit).await
    }

    async fn erase_person(&self, email: &Email) -> Result<ErasureId> {
        erase::erase(self, email).await
    }
}
