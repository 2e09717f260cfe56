//! People of one organisation. A person's status is read from their current role.

use pendulum_domain::{Email, Person, PersonId, PersonStatus};
use pendulum_store::rows::PersonRow;
use pendulum_store::{
    AuditAction, NewAuditEntry, OrgStore, Result, StoreError, Subject, now, person_name,
};

use crate::error::{constraint_or_db, db};
use crate::rows::{self, key};
use crate::{PgOrg, audit, require_person};

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
    let person = Person {
        id: PersonId::new(),
        org: org.org_id(),
        name: person_name(name)?,
        email: email.clone(),
        manager,
        status: PersonStatus::Active,
    };
    let mut tx = org.store.begin_write().await?;
    if let Some(manager) = manager {
        require_person(&mut tx, org, manager)
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
    .bind(person.email.as_str())
    .bind(manager.map(|m| key(m.as_uuid())))
    .bind(rows::timestamp(now()))
    .execute(&mut *tx)
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
    let entry = NewAuditEntry::new(
        &org.store.actor,
        AuditAction::PersonCreated,
        Subject::Person(person.id),
    )
    .about(person.id);
    audit::insert(&mut tx, org.org_id().as_uuid(), &entry).await?;
    tx.commit().await.map_err(db)?;
    Ok(person)
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
