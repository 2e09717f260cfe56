//! Opening the database named on the command line, on whichever backend its URL names,
//! finding the organisation a command works on, and naming who acts: the audit log
//! records the account given with `--as`, or else the operating-system user.

use std::fmt;
use std::future::Future;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use pendulum_domain::{AccountId, Email, OrgSlug, Organisation};
use pendulum_store::prelude::*;
use pendulum_store::{Actor, Store, StoreError};
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
    /// The account acting (its email, an account of the organisation): the audit log
    /// records it as the author of the changes. Without it, the operating-system user.
    #[arg(long = "as", value_name = "EMAIL", env = "PENDULUM_AS")]
    pub acting_as: Option<String>,
}

impl fmt::Debug for DbArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbArgs")
            .field("database_url", &redact(&self.database_url))
            .field("org", &self.org)
            .field("acting_as", &self.acting_as)
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

impl Backend {
    fn acting_as(self, actor: Actor) -> Self {
        match self {
            Self::Sqlite(store) => Self::Sqlite(store.acting_as(actor)),
            Self::Postgres(store) => Self::Postgres(store.acting_as(actor)),
        }
    }
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
    /// built-in framework as version 1. The changes made through the store are recorded as
    /// made by [`DbArgs::actor`].
    pub async fn open(&self) -> anyhow::Result<Backend> {
        self.open_with(true).await
    }

    /// [`DbArgs::open`], leaving a new database without organisations when
    /// `create_default` is false (an import that brings its own organisation).
    pub async fn open_with(&self, create_default: bool) -> anyhow::Result<Backend> {
        let backend = self.connect(create_default).await?;
        let actor = with_store!(&backend, store => self.actor(store).await)?;
        Ok(backend.acting_as(actor))
    }

    /// [`DbArgs::open`] for the web server, which records each change as made by the
    /// signed-in account and its own housekeeping as `system`: no one at a terminal acts
    /// once it runs (creating the default organisation of a new database is still the
    /// doing of whoever started it).
    pub async fn open_for_server(&self) -> anyhow::Result<Backend> {
        Ok(self.connect(true).await?.acting_as(Actor::system()))
    }

    /// Connects, migrates and, when `create_default` is true and the database is new,
    /// creates the default organisation as [`os_actor`]: an account to act through exists
    /// only once an organisation does.
    async fn connect(&self, create_default: bool) -> anyhow::Result<Backend> {
        let url = &self.database_url;
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(
                SqliteStore::connect(url)
                    .await
                    .with_context(|| format!("cannot open {}", redact(url)))?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres(connect_postgres(url).await?)
        } else {
            bail!(
                "unsupported database URL {}: use sqlite://FILE or postgres://USER@HOST/DB",
                redact(url)
            );
        };
        let backend = backend.acting_as(os_actor());
        with_store!(&backend, store => prepare(store, create_default).await)?;
        Ok(backend)
    }

    /// Who the audit log names for this command's changes: `account/ID` of the `--as`
    /// account (the form the web application records for a signed-in account), or
    /// `os/USER`. `--as` only names the author: whoever runs the CLI holds the database,
    /// so it grants nothing.
    pub async fn actor<S: Store>(&self, store: &S) -> anyhow::Result<Actor> {
        let Some(email) = self.acting_as.as_deref() else {
            return Ok(os_actor());
        };
        let email = Email::new(email).with_context(|| format!("--as {email:?}"))?;
        let org = organisation(store, self.org.as_deref())
            .await
            .with_context(|| format!("--as {email} names an account of an organisation"))?;
        match store.org(org.id).account_by_email(&email).await? {
            Some(account) => Ok(account_actor(account.id)),
            None => bail!(
                "--as {email}: {} has no account with this email (`pendulum user create` makes one)",
                org.slug
            ),
        }
    }
}

/// The audit actor of an account, as the web application writes it.
fn account_actor(id: AccountId) -> Actor {
    Actor::new(format!("account/{id}")).expect("an account id is a valid actor")
}

/// `os/NAME`: the user running the command, by the system's user database (the effective
/// user id's name), else `$USER` (`%USERNAME%` on Windows), else `os/unknown`.
pub fn os_actor() -> Actor {
    let name = whoami::username()
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|name| !name.trim().is_empty());
    name.and_then(|name| {
        let name: String = crate::terminal::inline(&name).chars().take(190).collect();
        Actor::new(format!("os/{name}")).ok()
    })
    .unwrap_or_else(|| Actor::new("os/unknown").expect("a valid actor"))
}

/// Connects to PostgreSQL, saying on failure which server was tried and what it answered.
///
/// The store's pool retries a refused connection until its acquire timeout and then
/// reports only a timeout, with its details for a server log. One direct connection
/// first fails at once with the driver's reason: nothing listening, a wrong password, a
/// database that does not exist, TLS required.
async fn connect_postgres(url: &str) -> anyhow::Result<PgStore> {
    use sqlx::Connection as _;
    use sqlx::postgres::{PgConnectOptions, PgConnection};

    let shown = redact(url);
    let options: PgConnectOptions = url.parse().map_err(|e: sqlx::Error| {
        anyhow!(
            "{shown} is not a PostgreSQL database URL: {}",
            scrub(&e.to_string(), url)
        )
    })?;
    let server = format!("{}:{}", options.get_host(), options.get_port());
    match PgConnection::connect_with(&options).await {
        Ok(connection) => {
            let _ = connection.close().await;
        }
        Err(e) => {
            let hint = match &e {
                sqlx::Error::Io(_) | sqlx::Error::Tls(_) => format!(
                    "; check that PostgreSQL is running and accepts connections at {server}, and the host and port of --database-url (or PENDULUM_DATABASE_URL)"
                ),
                sqlx::Error::Database(_) => {
                    "; check the user, password and database name of --database-url (or PENDULUM_DATABASE_URL)".to_string()
                }
                _ => String::new(),
            };
            // The server's own words, without the driver's wrapping.
            let reason = match &e {
                sqlx::Error::Database(db) => db.message().to_string(),
                other => chain(other),
            };
            bail!(
                "cannot connect to PostgreSQL at {shown}: {}{hint}",
                scrub(&reason, url)
            );
        }
    }
    PgStore::connect(url)
        .await
        .with_context(|| format!("cannot connect to PostgreSQL at {shown}"))
}

/// An error and its causes, each said once.
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// `text` with the password of `url` (if it has one) replaced, in case a driver message
/// quotes the URL.
fn scrub(text: &str, url: &str) -> String {
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password)
        .filter(|p| !p.is_empty());
    match password {
        Some(password) => text.replace(password, "***"),
        None => text.to_string(),
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
            } else if orgs.is_empty() {
                bail!(
                    "this database holds no organisation yet: create one with `pendulum org create SLUG`"
                )
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
            acting_as: None,
        };
        let debug = format!("{args:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
        assert_eq!(
            scrub("bad URL postgres://app:s3cret@db/p", &args.database_url),
            "bad URL postgres://app:***@db/p"
        );
    }

    #[test]
    fn the_operating_system_user_acts_when_no_account_is_named() {
        let actor = os_actor();
        assert!(actor.as_str().starts_with("os/"), "{actor}");
        assert_ne!(actor.as_str(), "os/");
    }
}
