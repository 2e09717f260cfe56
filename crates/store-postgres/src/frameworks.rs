//! Framework versions: immutable YAML text with its hash, parsed once per process.

use std::collections::BTreeSet;
use std::sync::Arc;

use pendulum_domain::OrgId;
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_store::framework::{self, FrameworkSet, content_hash, dropped_levels};
use pendulum_store::prelude::*;
use pendulum_store::rows::to_u32;
use pendulum_store::sql::{constraint_or_db, db};
use pendulum_store::{
    AuditAction, FrameworkVersion, NewAuditEntry, Result, StoreError, Subject, now,
};
use sqlx::postgres::PgConnection;

use crate::rows::{self, key};
use crate::{PgOrg, PgStore, audit};

/// Stores `yaml` as `version` with its audit row, on the caller's transaction.
pub(crate) async fn insert_version(
    conn: &mut PgConnection,
    store: &PgStore,
    org: OrgId,
    version: u32,
    yaml: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO framework_versions (org_id, version, yaml, sha256, published_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key(org.as_uuid()))
    .bind(i64::from(version))
    .bind(yaml)
    .bind(content_hash(yaml))
    .bind(rows::timestamp(now()))
    .execute(&mut *conn)
    .await
    .map_err(|e| {
        constraint_or_db(
            e,
            || StoreError::Conflict,
            || StoreError::not_found("organisation", org),
        )
    })?;
    let entry = NewAuditEntry::new(
        &store.actor,
        AuditAction::FrameworkPublished,
        Subject::Framework(version),
    );
    audit::insert(conn, org.as_uuid(), &entry).await
}

pub(crate) async fn publish(org: &PgOrg, yaml: &str) -> Result<u32> {
    let new = Arc::new(framework::check(yaml)?);
    let mut tx = org.store.begin_write().await?;
    let published = load_all(&mut tx, org).await?;
    let held = held_levels(&mut tx, org).await?;
    let versions: Vec<&Framework> = published.iter().map(|(_, f)| f).collect();
    let dropped = dropped_levels(&versions, &new, &held);
    if !dropped.is_empty() {
        return Err(StoreError::Invalid(framework::dropped_levels_message(
            &dropped,
        )));
    }
    let version = published.iter().map(|(v, _)| v).max().unwrap_or(0) + 1;
    insert_version(&mut tx, &org.store, org.org_id(), version, yaml).await?;
    tx.commit().await.map_err(db)?;
    org.store.frameworks.keep(org.org_id(), version, new);
    Ok(version)
}

/// Levels that current roles hold (trials included) or that any stored event names.
async fn held_levels(conn: &mut PgConnection, org: &PgOrg) -> Result<BTreeSet<LevelId>> {
    let found = sqlx::query(
        "SELECT level_id FROM current_roles WHERE org_id = $1
         UNION SELECT trial_from_level FROM current_roles WHERE org_id = $1 AND trial_from_level IS NOT NULL
         UNION SELECT trial_target FROM current_roles WHERE org_id = $1 AND trial_target IS NOT NULL
         UNION SELECT level_id FROM role_events WHERE org_id = $1 AND level_id IS NOT NULL",
    )
    .bind(org.org_key())
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    found
        .iter()
        .map(|row| {
            LevelId::new(rows::string(row, "level_id")?)
                .map_err(|e| StoreError::corrupt(format!("level_id: {e}")))
        })
        .collect()
}

/// Every published version of the organisation, parsed (from the cache when it can).
pub(crate) async fn load_all(conn: &mut PgConnection, org: &PgOrg) -> Result<FrameworkSet> {
    let versions =
        sqlx::query("SELECT version FROM framework_versions WHERE org_id = $1 ORDER BY version")
            .bind(org.org_key())
            .fetch_all(&mut *conn)
            .await
            .map_err(db)?;
    let mut set = FrameworkSet::default();
    for row in &versions {
        let version = to_u32(rows::int(row, "version")?, "version")?;
        set.insert(version, parsed(conn, org, version).await?);
    }
    Ok(set)
}

async fn parsed(conn: &mut PgConnection, org: &PgOrg, version: u32) -> Result<Arc<Framework>> {
    if let Some(framework) = org.store.frameworks.get(org.org_id(), version) {
        return Ok(framework);
    }
    let yaml = text(conn, org, version).await?;
    org.store
        .frameworks
        .parse_and_keep(org.org_id(), version, &yaml)
}

async fn text(conn: &mut PgConnection, org: &PgOrg, version: u32) -> Result<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT yaml FROM framework_versions WHERE org_id = $1 AND version = $2",
    )
    .bind(org.org_key())
    .bind(i64::from(version))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .ok_or_else(|| StoreError::not_found("framework version", version))
}

pub(crate) async fn versions(org: &PgOrg) -> Result<Vec<FrameworkVersion>> {
    sqlx::query(
        "SELECT version, sha256, published_at FROM framework_versions
         WHERE org_id = $1 ORDER BY version",
    )
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        Ok(FrameworkVersion {
            version: to_u32(rows::int(row, "version")?, "version")?,
            sha256: rows::string(row, "sha256")?,
            published_at: rows::time(row, "published_at")?,
        })
    })
    .collect()
}

pub(crate) async fn framework(org: &PgOrg, version: u32) -> Result<Framework> {
    let mut conn = org.store.acquire().await?;
    Ok(parsed(&mut conn, org, version).await?.as_ref().clone())
}

pub(crate) async fn yaml(org: &PgOrg, version: u32) -> Result<String> {
    let mut conn = org.store.acquire().await?;
    text(&mut conn, org, version).await
}

impl FrameworkVersions for PgOrg {
    async fn publish_framework(&self, yaml: &str) -> Result<u32> {
        publish(self, yaml).await
    }

    async fn framework_versions(&self) -> Result<Vec<FrameworkVersion>> {
        versions(self).await
    }

    async fn framework(&self, version: u32) -> Result<Framework> {
        framework(self, version).await
    }

    async fn framework_yaml(&self, version: u32) -> Result<String> {
        yaml(self, version).await
    }
}
