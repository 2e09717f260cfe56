//! Organisations: the only table read without an organisation filter.

use std::sync::Arc;

use pendulum_domain::{OrgId, OrgSlug, Organisation};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_store::rows::OrganisationRow;
use pendulum_store::sql::{db, unique_or_db};
use pendulum_store::{
    AuditAction, NewAuditEntry, Result, StoreError, Subject, framework, now, org_name,
};

use crate::rows::{self, key};
use crate::{SqliteStore, audit, frameworks};

pub(crate) async fn create(
    store: &SqliteStore,
    slug: &OrgSlug,
    name: &str,
) -> Result<Organisation> {
    let org = Organisation {
        id: OrgId::new(),
        slug: slug.clone(),
        name: name.to_string(),
    };
    create_with(store, &org, ENGINEERING_YAML).await
}

pub(crate) async fn create_with(
    store: &SqliteStore,
    org: &Organisation,
    framework_yaml: &str,
) -> Result<Organisation> {
    let parsed = Arc::new(framework::check(framework_yaml)?);
    let org = Organisation {
        name: org_name(&org.name)?,
        ..org.clone()
    };
    let slug = &org.slug;
    let mut tx = store.begin_write().await?;
    sqlx::query("INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(key(org.id.as_uuid()))
        .bind(org.slug.as_str())
        .bind(&org.name)
        .bind(rows::timestamp(now()))
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            unique_or_db(e, || {
                StoreError::Invalid(format!(
                    "an organisation with the slug {slug} (or the id {}) already exists",
                    org.id
                ))
            })
        })?;
    let entry = NewAuditEntry::new(
        &store.actor,
        AuditAction::OrganisationCreated,
        Subject::Organisation(org.id),
    );
    audit::insert(&mut tx, org.id.as_uuid(), &entry).await?;
    frameworks::insert_version(&mut tx, store, org.id, 1, framework_yaml).await?;
    tx.commit().await.map_err(db)?;
    store.frameworks.keep(org.id, 1, parsed);
    Ok(org)
}

pub(crate) async fn list(store: &SqliteStore) -> Result<Vec<Organisation>> {
    sqlx::query("SELECT id, slug, name FROM organisations ORDER BY slug")
        .fetch_all(&store.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| rows::organisation(row).and_then(OrganisationRow::into_organisation))
        .collect()
}

pub(crate) async fn by_slug(store: &SqliteStore, slug: &OrgSlug) -> Result<Organisation> {
    sqlx::query("SELECT id, slug, name FROM organisations WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&store.pool)
        .await
        .map_err(db)?
        .ok_or_else(|| StoreError::not_found("organisation", slug))
        .and_then(|row| rows::organisation(&row)?.into_organisation())
}
