//! People of one organisation. A person's status is read from their current role.

use pendulum_domain::{CurrentRole, Email, Person, PersonId, PersonStatus, RoleEvent};
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
use crate::{PgOrg, audit, erase, history, import, projections, require_person};

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
    org: &PgOrg,
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
    org: &PgOrg,
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

fn new_person(org: &PgOrg, name: &str, email: &Email, manager: Option<PersonId>) -> Result<Person> {
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
    conn: &mut sqlx::postgres::PgConnection,
    org: &PgOrg,
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

pub(crate) async fn by_id(org: &PgOrg, person: PersonId) -> Result<Person> {
    sqlx::query(select_people!(" AND p.id = $2"))
        .bind(org.org_key())
        .bind(key(person.as_uuid()))
        .fetch_optional(&org.store.pool)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", person))
        .and_then(|row| rows::person(&row)?.into_person())
}

pub(crate) async fn by_email(org: &PgOrg, email: &Email) -> Result<Person> {
    sqlx::query(select_people!(" AND p.email = $2"))
        .bind(org.org_key())
        .bind(email.as_str())
        .fetch_optional(&org.store.pool)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("person", email))
        .and_then(|row| rows::person(&row)?.into_person())
}

pub(crate) async fn list(org: &PgOrg) -> Result<Vec<Person>> {
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
pub(crate) async fn reports_of(org: &PgOrg, manager: PersonId) -> Result<Vec<Person>> {
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
async fn managers_above(org: &PgOrg, person: PersonId, limit: u32) -> Result<Vec<Person>> {
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

/// `text` with the `LIKE` wildcards escaped (by `\\`).
fn like_escaped(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

/// `text` as a regular expression matching it literally (a backslash before every
/// character that is not a letter or a digit).
fn regex_escaped(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_alphanumeric() {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

/// The text of a directory search, lowercased, with surrounding blanks and control
/// characters dropped (as the SQLite backend does); `None` when nothing is left.
fn search_text(text: &str) -> Option<String> {
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase();
    (!text.is_empty()).then_some(text)
}

/// The word start a search looks for, when it filters on nothing else but status: such a
/// search reads the matches from `people_search_prefixes` alone, a range of its primary key
/// in the directory's order (migration `0017_search_prefixes.sql`). Any other filter keeps
/// the GIN index of `people.search_starts`.
fn plain_prefix(q: &PeopleQuery) -> Option<String> {
    if q.manager.is_some()
        || q.line_of.is_some()
        || q.track.is_some()
        || q.levels.is_some()
        || q.within.is_some()
    {
        return None;
    }
    let text = q.text.as_deref().and_then(search_text)?;
    (text.chars().count() < 3 && !text.contains(WORD_SEPARATORS)).then_some(text)
}

/// What separates the words of a name, whose starts a short search matches.
const WORD_SEPARATORS: [char; 3] = [' ', '\'', '-'];

/// The `FROM` and `WHERE` of a search for the word start `prefix` by status alone.
fn push_prefix_range(
    b: &mut QueryBuilder<sqlx::Postgres>,
    org: &PgOrg,
    prefix: String,
    status: StatusFilter,
) {
    b.push(" FROM people_search_prefixes s WHERE s.org_id = ");
    b.push_bind(org.org_key());
    b.push(" AND s.start = ");
    b.push_bind(prefix);
    match status {
        StatusFilter::Current => {
            b.push(" AND NOT s.has_left");
        }
        StatusFilter::All => {}
        StatusFilter::Left => {
            b.push(" AND s.has_left");
        }
    }
}

/// The `FROM` and `WHERE` of a directory search.
/// What a search reads beside `people`: the page reads each match's current role; a count
/// joins `current_roles` only to filter on track or level (status is `people.has_left`,
/// migration `0016_search_status.sql`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Roles {
    Read,
    AsFilters,
}

fn push_filters(b: &mut QueryBuilder<sqlx::Postgres>, org: &PgOrg, q: &PeopleQuery, roles: Roles) {
    let joined = roles == Roles::Read || q.track.is_some() || q.levels.is_some();
    b.push(if joined {
        " FROM people p LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
         WHERE p.org_id = "
    } else {
        " FROM people p WHERE p.org_id = "
    });
    b.push_bind(org.org_key());
    // Served by the pg_trgm indexes of migration 0006_search.sql and the word starts of
    // 0012_search_order.sql.
    if let Some(text) = q.text.as_deref().and_then(search_text) {
        if text.chars().count() >= 3 {
            let pattern = format!("%{}%", like_escaped(&text));
            b.push(" AND (lower(p.name) LIKE ");
            b.push_bind(pattern.clone());
            b.push(" ESCAPE '\\' OR lower(p.email) LIKE ");
            b.push_bind(pattern);
            b.push(" ESCAPE '\\')");
        } else if !text.contains(WORD_SEPARATORS) {
            // The start of a word of the name, or of the email (`PeopleQuery::text`), as
            // migration 0012_search_order.sql lists them for its index.
            b.push(" AND p.search_starts @> ARRAY[");
            b.push_bind(text);
            b.push("]::text[]");
        } else {
            // A short text holding a word separator: the same rule, without the index.
            b.push(" AND (lower(p.name) ~ ");
            b.push_bind(format!("(^|[ '-]){}", regex_escaped(&text)));
            b.push(" OR lower(p.email) LIKE ");
            b.push_bind(format!("{}%", like_escaped(&text)));
            b.push(" ESCAPE '\\')");
        }
    }
    if let Some(manager) = q.manager {
        b.push(" AND p.manager_id = ");
        b.push_bind(key(manager.as_uuid()));
    }
    if let Some(top) = q.line_of {
        // UNION, not UNION ALL: a reporting line that loops ends instead of repeating.
        b.push(" AND p.id IN (WITH RECURSIVE line(id) AS (SELECT ");
        b.push_bind(key(top.as_uuid()));
        b.push(
            "::uuid UNION SELECT r.id FROM people r JOIN line ON r.manager_id = line.id
             WHERE r.org_id = ",
        );
        b.push_bind(org.org_key());
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
    match q.status {
        StatusFilter::Current => {
            b.push(" AND NOT p.has_left");
        }
        StatusFilter::All => {}
        StatusFilter::Left => {
            b.push(" AND p.has_left");
        }
    }
    if let Some(within) = &q.within {
        if within.is_empty() {
            b.push(" AND 1 = 0");
        } else {
            // One array, not a parameter per id: one statement whatever the list's length.
            b.push(" AND p.id = ANY(");
            b.push_bind(
                within
                    .iter()
                    .map(|id| key(id.as_uuid()))
                    .collect::<Vec<_>>(),
            );
            b.push(")");
        }
    }
}

/// The matches of `q`, counted up to `up_to` (all of them when `None`).
async fn count(
    conn: &mut sqlx::PgConnection,
    org: &PgOrg,
    q: &PeopleQuery,
    up_to: Option<u64>,
) -> Result<u64> {
    let mut count = QueryBuilder::<sqlx::Postgres>::new("SELECT count(*) FROM (SELECT 1");
    match plain_prefix(q) {
        Some(prefix) => push_prefix_range(&mut count, org, prefix, q.status),
        None => push_filters(&mut count, org, q, Roles::AsFilters),
    }
    if let Some(up_to) = up_to {
        count.push(" LIMIT ");
        count.push_bind(i64::try_from(up_to.saturating_add(1)).unwrap_or(i64::MAX));
    }
    count.push(") matches");
    let counted: i64 = count
        .build_query_scalar()
        .fetch_one(&mut *conn)
        .await
        .map_err(db)?;
    Ok(u64::try_from(counted).unwrap_or_default())
}

/// One page of a directory search and the number of matches, counted up to
/// `q.count_up_to` (the SQLite backend's `search` says why). A search for a word start by
/// status alone reads its page along `people_search_prefixes`. For any other, the count
/// chooses how the page is read: a few matches are sorted; more than the count's limit are
/// found along the directory's order (index `people_directory`), which stops after the
/// page.
pub(crate) async fn search(org: &PgOrg, q: &PeopleQuery) -> Result<PeoplePage> {
    let mut conn = org.store.acquire().await?;
    // A list of people no longer than the page (the names of a page's managers, say) is
    // read whole, and counted by reading it.
    let whole_list = q.offset == 0
        && q.within
            .as_ref()
            .is_some_and(|ids| ids.len() <= usize::try_from(q.limit).unwrap_or(usize::MAX));
    if whole_list {
        let mut page = QueryBuilder::<sqlx::Postgres>::new(SEARCH_COLUMNS);
        push_filters(&mut page, org, q, Roles::Read);
        page.push(" ORDER BY lower(p.name) || '', p.name, p.email");
        let people = read_page(page, &mut conn).await?;
        let counted = people.len() as u64;
        return Ok(match q.count_up_to {
            Some(up_to) if counted > up_to => PeoplePage {
                total: up_to,
                exact: false,
                people,
            },
            _ => PeoplePage {
                total: counted,
                exact: true,
                people,
            },
        });
    }
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
    let prefix = plain_prefix(q);
    let page = if exact && prefix.is_none() {
        // A few matches are sorted: `|| ''` keeps the planner from walking the directory's
        // order instead, which for a filter its statistics misjudge (a manager's reports,
        // a list of ids) reads the whole organisation to find a handful of people.
        let mut page = QueryBuilder::<sqlx::Postgres>::new(SEARCH_COLUMNS);
        push_filters(&mut page, org, q, Roles::Read);
        page.push(" ORDER BY lower(p.name) || '', p.name, p.email LIMIT ");
        page.push_bind(i64::from(q.limit));
        page.push(" OFFSET ");
        page.push_bind(i64::from(q.offset));
        page
    } else {
        // Many matches are found along the directory's order, and only the page's rows
        // are read. A search for a word start by status alone, with few matches or many,
        // walks its range of `people_search_prefixes`, which holds its matches only,
        // already in order (migration 0017_search_prefixes.sql). Any other walks
        // `people_directory`, testing each entry inside the index (it holds the word
        // starts and `has_left`, migration 0016_search_status.sql), reading no row of the
        // table for the people it passes over.
        let mut page = match prefix {
            Some(prefix) if q.status == StatusFilter::All => {
                // Everyone, whether they have left or not: the two ranges of the key
                // (`has_left` false, then true), each read in order up to the page's end,
                // merged. One range across both would sort every match of the start.
                let end = i64::from(q.offset) + i64::from(q.limit);
                let mut page = QueryBuilder::<sqlx::Postgres>::new("WITH page AS (SELECT * FROM (");
                for (i, status) in [StatusFilter::Current, StatusFilter::Left]
                    .into_iter()
                    .enumerate()
                {
                    if i > 0 {
                        page.push(" UNION ALL ");
                    }
                    page.push(
                        "(SELECT s.person_id AS id, s.sort_key, s.name AS sort_name,
                         s.email AS sort_email",
                    );
                    push_prefix_range(&mut page, org, prefix.clone(), status);
                    page.push(" ORDER BY s.sort_key, s.name, s.email LIMIT ");
                    page.push_bind(end);
                    page.push(")");
                }
                page.push(") matches ORDER BY sort_key, sort_name, sort_email LIMIT ");
                page
            }
            Some(prefix) => {
                let mut page = QueryBuilder::<sqlx::Postgres>::new(
                    "WITH page AS (SELECT s.person_id AS id, s.sort_key, s.name AS sort_name,
                     s.email AS sort_email",
                );
                push_prefix_range(&mut page, org, prefix, q.status);
                page.push(" ORDER BY s.sort_key, s.name, s.email LIMIT ");
                page
            }
            None => {
                let mut page = QueryBuilder::<sqlx::Postgres>::new(
                    "WITH page AS (SELECT p.id, lower(p.name) AS sort_key, p.name AS sort_name,
                     p.email AS sort_email",
                );
                push_filters(&mut page, org, q, Roles::AsFilters);
                page.push(" ORDER BY lower(p.name), p.name, p.email LIMIT ");
                page
            }
        };
        page.push_bind(i64::from(q.limit));
        page.push(" OFFSET ");
        page.push_bind(i64::from(q.offset));
        page.push(") ");
        page.push(SEARCH_COLUMNS);
        page.push(" FROM page JOIN people p ON p.id = page.id AND p.org_id = ");
        page.push_bind(org.org_key());
        page.push(
            " LEFT JOIN current_roles c ON c.org_id = p.org_id AND c.person_id = p.id
             ORDER BY page.sort_key, page.sort_name, page.sort_email",
        );
        page
    };
    let people = read_page(page, &mut conn).await?;
    Ok(PeoplePage {
        total,
        exact,
        people,
    })
}

/// The people of a page with their current roles, from a query of [`SEARCH_COLUMNS`].
async fn read_page(
    mut page: QueryBuilder<sqlx::Postgres>,
    conn: &mut sqlx::PgConnection,
) -> Result<Vec<(Person, Option<CurrentRole>)>> {
    let rows = page.build().fetch_all(&mut *conn).await.map_err(db)?;
    rows.iter()
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
        .collect()
}

/// Everyone who manages at least one person, by name.
pub(crate) async fn managers(org: &PgOrg) -> Result<Vec<Person>> {
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

impl People for PgOrg {
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
