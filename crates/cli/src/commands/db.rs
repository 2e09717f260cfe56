//! Opening the database named on the command line, on whichever backend its URL names,
//! and finding the organisation a command works on.

use std::fmt;
use std::future::Future;

use anyhow::{Context, bail};
use clap::Args;
use pendulum_domain::{OrgSlug, Organisation};
use pendulum_store::{Store, StoreError};
use pendulum_store_postgres::PgStore;
use pendulum_store_sqlite::SqliteStore;

/// Where the data lives, shared by every data command.
#[derive(Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://FILE` (created on first use) or `postgres://…`.
    #[arg(
        long,
        env = "PENDULUM_DATABASE_URL",
        default_value = "sqlite://pendulum.db",
        hide_env_values = true
    )]
    pub database_url: String,
    /// The organisation (its slug); defaults to the only one.
    #[arg(long, env = "PENDULUM_ORG")]
    pub org: Option<String>,
}

impl fmt::Debug for DbArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbArgs")
            .field("database_url", &redact(&self.database_url))
            .field("org", &self.org)
            .finish()
    }
}

/// The URL with any password replaced, for messages and logs.
pub use pendulum_web::config::redact;

/// The backends a URL can name.
pub enum Backend {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Runs `$body` with `$store` bound to the concrete backend, so that generic code is
/// chosen once, here (a generic closure cannot be written in Rust).
#[macro_export]
macro_rules! with_store {
    ($backend:expr, $store:ident => $body:expr) => {
        match $backend {
            $crate::commands::db::Backend::Sqlite($store) => $body,
            $crate::commands::db::Backend::Postgres($store) => $body,
        }
    };
}

impl DbArgs {
    /// Connects and applies migrations; a new database gets organisation `default` with the
    /// built-in framework as version 1.
    pub async fn open(&self) -> anyhow::Result<Backend> {
        self.open_with(true).await
    }

    /// [`DbArgs::open`], leaving a new database without organisations when
    /// `create_default` is false (an import that brings its own organisation).
    pub async fn open_with(&self, create_default: bool) -> anyhow::Result<Backend> {
        let url = &self.database_url;
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(
                SqliteStore::connect(url)
                    .await
                    .with_context(|| format!("cannot open {}", redact(url)))?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres(
                PgStore::connect(url)
                    .await
                    .with_context(|| format!("cannot connect to {}", redact(url)))?,
            )
        } else {
            bail!(
                "unsupported database URL {}: use sqlite://FILE or postgres://USER@HOST/DB",
                redact(url)
            );
        };
        with_store!(&backend, store => prepare(store, create_default).await)?;
        Ok(backend)
    }
}

async fn prepare<S: Store>(store: &S, create_default: bool) -> anyhow::Result<()> {
    store.migrate().await.context("cannot apply migrations")?;
    if create_default && store.list_orgs().await?.is_empty() {
        let slug = OrgSlug::new("default").expect("a valid slug");
        store
            .create_org(&slug, "Default organisation")
            .await
            .context("cannot create the default organisation")?;
    }
    Ok(())
}

/// The organisation a command works on: `--org`, or the only one there is.
pub async fn organisation<S: Store>(store: &S, org: Option<&str>) -> anyhow::Result<Organisation> {
    match org {
        Some(slug) => {
            let slug = OrgSlug::new(slug)?;
            match store.org_by_slug(&slug).await {
                Ok(org) => Ok(org),
                Err(StoreError::NotFound { .. }) => {
                    let known = slugs(store).await?;
                    bail!("no organisation `{slug}`; there are: {known}")
                }
                Err(e) => Err(e.into()),
            }
        }
        None => {
            let mut orgs = store.list_orgs().await?;
            if orgs.len() == 1 {
                Ok(orgs.remove(0))
            } else {
                let known = slugs(store).await?;
                bail!(
                    "this database holds several organisations ({known}): choose one with --org SLUG or PENDULUM_ORG"
                )
            }
        }
    }
}

async fn slugs<S: Store>(store: &S) -> anyhow::Result<String> {
    Ok(store
        .list_orgs()
        .await?
        .iter()
        .map(|o| o.slug.to_string())
        .collect::<Vec<_>>()
        .join(", "))
}

/// Runs an async command to completion on a runtime made for it.
pub fn block_on<F: Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok(runtime.block_on(future))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages_or_debug_output() {
        assert_eq!(
            redact("postgres://app:s3cret@db.internal:5432/pendulum"),
            "postgres://app:***@db.internal:5432/pendulum"
        );
        assert_eq!(redact("postgres://app@db/p"), "postgres://app@db/p");
        assert_eq!(redact("sqlite://pendulum.db"), "sqlite://pendulum.db");
        let args = DbArgs {
            database_url: "postgres://app:s3cret@db/p".into(),
            org: None,
        };
        let debug = format!("{args:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}
