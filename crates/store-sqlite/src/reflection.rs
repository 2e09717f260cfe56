//! Reflections: each person's own, kept as versions, shared with their manager and
//! unshared, and deleted by their author.

use pendulum_domain::reflection::{Direction, NewReflection, Reflection, ReflectionVersion};
use pendulum_domain::{PersonId, ReflectionId};
use pendulum_store::prelude::*;
use pendulum_store::reflection::{
    answers_column, direction_kept, no_manager, parse_answers, too_many_reflections,
    too_many_versions,
};
use pendulum_store::rows::to_u32;
use pendulum_store::sql::db;
use pendulum_store::{MAX_REFLECTION_VERSIONS, MAX_REFLECTIONS, Result, StoreError, now};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqliteRow;

use crate::rows::{self, key};
use crate::{SqliteOrg, require_person};

/// A reflection with its current version's answers, in a literal so that each query stays
/// a literal.
macro_rules! select {
    () => {
        "SELECT r.id, r.person_id, r.direction, r.version, r.shared_with, r.created_at,
                r.updated_at, v.answers
         FROM reflections r
         JOIN reflection_versions v
           ON v.org_id = r.org_id AND v.reflection_id = r.id AND v.version = r.version "
    };
}

fn direction(row: &SqliteRow) -> Result<Direction> {
    let s = rows::string(row, "direction")?;
    Direction::parse(&s).ok_or_else(|| StoreError::corrupt(format!("reflection direction {s:?}")))
}

fn reflection(row: &SqliteRow) -> Result<Reflection> {
    Ok(Reflection {
        id: ReflectionId::from_uuid(rows::uuid(row, "id")?),
        person: PersonId::from_uuid(rows::uuid(row, "person_id")?),
        direction: direction(row)?,
        version: to_u32(rows::int(row, "version")?, "reflection version")?,
        shared_with: rows::opt_uuid(row, "shared_with")?.map(PersonId::from_uuid),
        created_at: rows::time(row, "created_at")?,
        updated_at: rows::time(row, "updated_at")?,
        answers: parse_answers(&rows::string(row, "answers")?)?,
    })
}

async fn one(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    person: PersonId,
    id: ReflectionId,
) -> Result<Reflection> {
    let row = sqlx::query(concat!(
        select!(),
        "WHERE r.org_id = $1 AND r.person_id = $2 AND r.id = $3"
    ))
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .bind(key(id.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    match row {
        Some(row) => reflection(&row),
        None => Err(StoreError::not_found("reflection", id)),
    }
}

async fn insert_version(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    reflection: &Reflection,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reflection_versions (org_id, reflection_id, version, person_id, answers,
             written_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(org.org_key())
    .bind(key(reflection.id.as_uuid()))
    .bind(i64::from(reflection.version))
    .bind(key(reflection.person.as_uuid()))
    .bind(answers_column(&reflection.answers))
    .bind(rows::timestamp(reflection.updated_at))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

impl Reflections for SqliteOrg {
    async fn add_reflection(&self, person: PersonId, new: &NewReflection) -> Result<Reflection> {
        let mut tx = self.store.begin_write().await?;
        require_person(&mut tx, self, person).await?;
        let held: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM reflections WHERE org_id = $1 AND person_id = $2",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if held >= i64::from(MAX_REFLECTIONS) {
            return Err(too_many_reflections());
        }
        let at = now();
        let written = Reflection {
            id: ReflectionId::new(),
            person,
            direction: new.direction,
            version: 1,
            shared_with: None,
            created_at: at,
            updated_at: at,
            answers: new.answers.clone(),
        };
        sqlx::query(
            "INSERT INTO reflections (org_id, id, person_id, direction, version, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, 1, $5, $5)",
        )
        .bind(self.org_key())
        .bind(key(written.id.as_uuid()))
        .bind(key(person.as_uuid()))
        .bind(written.direction.as_str())
        .bind(rows::timestamp(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_version(&mut tx, self, &written).await?;
        tx.commit().await.map_err(db)?;
        Ok(written)
    }

    async fn revise_reflection(
        &self,
        person: PersonId,
        id: ReflectionId,
        new: &NewReflection,
    ) -> Result<Reflection> {
        // A write transaction: revisions of one reflection take their numbers in turn.
        let mut tx = self.store.begin_write().await?;
        let current = one(&mut tx, self, person, id).await?;
        if current.direction != new.direction {
            return Err(direction_kept());
        }
        if current.version >= MAX_REFLECTION_VERSIONS {
            return Err(too_many_versions());
        }
        let revised = Reflection {
            version: current.version + 1,
            updated_at: now(),
            answers: new.answers.clone(),
            ..current
        };
        insert_version(&mut tx, self, &revised).await?;
        sqlx::query(
            "UPDATE reflections SET version = $4, updated_at = $5
             WHERE org_id = $1 AND person_id = $2 AND id = $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .bind(i64::from(revised.version))
        .bind(rows::timestamp(revised.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(revised)
    }

    async fn reflections(&self, person: PersonId) -> Result<Vec<Reflection>> {
        let mut conn = self.store.acquire().await?;
        require_person(&mut conn, self, person).await?;
        sqlx::query(concat!(
            select!(),
            "WHERE r.org_id = $1 AND r.person_id = $2
             ORDER BY r.updated_at DESC, r.id DESC"
        ))
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(reflection)
        .collect()
    }

    async fn reflection(&self, person: PersonId, id: ReflectionId) -> Result<Reflection> {
        let mut conn = self.store.acquire().await?;
        one(&mut conn, self, person, id).await
    }

    async fn reflection_versions(
        &self,
        person: PersonId,
        id: ReflectionId,
    ) -> Result<Vec<ReflectionVersion>> {
        let mut conn = self.store.acquire().await?;
        let rows = sqlx::query(
            "SELECT version, answers, written_at FROM reflection_versions
             WHERE org_id = $1 AND person_id = $2 AND reflection_id = $3
             ORDER BY version DESC",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        if rows.is_empty() {
            return Err(StoreError::not_found("reflection", id));
        }
        rows.iter()
            .map(|row| {
                Ok(ReflectionVersion {
                    version: to_u32(rows::int(row, "version")?, "reflection version")?,
                    written_at: rows::time(row, "written_at")?,
                    answers: parse_answers(&rows::string(row, "answers")?)?,
                })
            })
            .collect()
    }

    async fn share_reflection(&self, person: PersonId, id: ReflectionId) -> Result<Reflection> {
        let mut tx = self.store.begin_write().await?;
        // The manager is read in the statement that shares, so it is the one on record.
        let shared = sqlx::query(
            "UPDATE reflections
             SET shared_with = (SELECT p.manager_id FROM people p WHERE p.org_id = $1 AND p.id = $2),
                 shared_at = $4
             WHERE org_id = $1 AND person_id = $2 AND id = $3
               AND (SELECT p.manager_id FROM people p WHERE p.org_id = $1 AND p.id = $2) IS NOT NULL",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .bind(rows::timestamp(now()))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        // Not found, or no manager.
        let reflection = one(&mut tx, self, person, id).await?;
        if shared == 0 {
            return Err(no_manager());
        }
        tx.commit().await.map_err(db)?;
        Ok(reflection)
    }

    async fn unshare_reflection(&self, person: PersonId, id: ReflectionId) -> Result<Reflection> {
        let mut tx = self.store.begin_write().await?;
        sqlx::query(
            "UPDATE reflections SET shared_with = NULL, shared_at = NULL
             WHERE org_id = $1 AND person_id = $2 AND id = $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let reflection = one(&mut tx, self, person, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(reflection)
    }

    async fn delete_reflection(&self, person: PersonId, id: ReflectionId) -> Result<()> {
        let mut tx = self.store.begin_write().await?;
        sqlx::query(
            "DELETE FROM reflection_versions
             WHERE org_id = $1 AND person_id = $2 AND reflection_id = $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let deleted =
            sqlx::query("DELETE FROM reflections WHERE org_id = $1 AND person_id = $2 AND id = $3")
                .bind(self.org_key())
                .bind(key(person.as_uuid()))
                .bind(key(id.as_uuid()))
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
        if deleted == 0 {
            return Err(StoreError::not_found("reflection", id));
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    async fn reflections_shared_with(
        &self,
        person: PersonId,
        reader: PersonId,
    ) -> Result<Vec<Reflection>> {
        let mut conn = self.store.acquire().await?;
        sqlx::query(concat!(
            select!(),
            "WHERE r.org_id = $1 AND r.person_id = $2 AND r.shared_with = $3
               AND EXISTS (SELECT 1 FROM people p
                           WHERE p.org_id = $1 AND p.id = $2 AND p.manager_id = $3)
             ORDER BY r.updated_at DESC, r.id DESC"
        ))
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(reader.as_uuid()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(reflection)
        .collect()
    }
}
