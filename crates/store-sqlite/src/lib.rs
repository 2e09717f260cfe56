//! Pendulum's embedded storage: one SQLite file, the default for a single organisation or
//! a small host.
//!
//! The file runs in WAL mode (readers never block the writer), with foreign keys on, a busy
//! timeout so that writers queue rather than fail, and `synchronous = FULL`: a commit is on
//! disk before it is acknowledged, even across a power cut. Career records change a few
//! times a day and a bulk import is one transaction, so the extra fsync per commit costs
//! nothing anyone would notice; losing an acknowledged promotion would.
//!
//! `secure_delete` is on, so an erasure overwrites the erased rows instead of leaving them
//! readable in free pages of the file.
//!
//! Every write opens its transaction with `BEGIN IMMEDIATE`, taking the write lock up
//! front: a deferred transaction that read first and then tried to write could fail with
//! `SQLITE_BUSY` without waiting. Appends read the history *before* the transaction, so two
//! writers can still build on the same history; the unique `(org_id, person_id, seq)` key
//! lets only one of them commit, and the other gets [`StoreError::Conflict`].
//!
//! Queries are built at run time (no database is needed to compile); the schema is
//! embedded from `migrations/` and applied by [`Store::migrate`].

mod accounts;
mod audit;
mod backup;
mod erase;
mod frameworks;
mod history;
mod import;
mod invitations;
mod journal;
mod notes_lock;
mod orgs;
mod pay;
mod people;
mod plan;
mod plan_steps;
mod projections;
mod proposals;
mod reflection;
mod reporting;
mod rows;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use pendulum_domain::{OrgId, OrgSlug, Organisation, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::sql::{self, Owned, db};
use pendulum_store::{
    Account, Actor, Clock, DueChecks, FrameworkCache, Result, Session, StoreError, TokenHash,
};
use sqlx::SqlitePool;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use time::Date;

pub use backup::{check_backup, file_of, restore};

/// How long a writer waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections in the pool: several readers at once, one writer at a time (SQLite's rule).
const MAX_CONNECTIONS: u32 = 8;

/// How much of the database file is read through a memory map (1 GiB).
const MMAP_SIZE: &str = "1073741824";

/// The SQLite backend: a connection pool over one database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    frameworks: Arc<FrameworkCache>,
    actor: Actor,
    clock: Clock,
    /// When each organisation's projections were last found up to date.
    due: Arc<DueChecks>,
}

impl SqliteStore {
    /// Opens (and, unless the URL sets `mode=`, creates) the database at `url`, e.g.
    /// `sqlite://pendulum.db`. Does not migrate: call [`Store::migrate`]. The database must
    /// be a file: with `sqlite::memory:` each pooled connection would see its own database.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut options = SqliteConnectOptions::from_str(url).map_err(|e| {
            StoreError::Invalid(format!("{url:?} is not a SQLite database URL: {e}"))
        })?;
        if !url.contains("mode=") {
            options = options.create_if_missing(true);
        }
        let options = options
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .synchronous(SqliteSynchronous::Full)
            // Deleted rows are overwritten, not left in free pages: an erased person must
            // not be recoverable from the file.
            .pragma("secure_delete", "on")
            // 32 MiB of page cache per connection (SQLite's default is 2 MiB): a directory
            // search of a 10,000-person organisation reads its tables from memory.
            .pragma("cache_size", "-32768")
            // Reads through a memory map of the file's first GiB: every connection of the
            // pool shares the operating system's cached pages instead of copying them into
            // a cache of its own, first by a system call per page. A directory search of a
            // 100,000-person organisation costs a third as much (docs/benchmarks.md).
            // Writes still go through SQLite's journal; only the address space is reserved.
            .pragma("mmap_size", MMAP_SIZE);
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(Self::from_pool(pool))
    }

    /// A store over a pool the caller configured (it must enable foreign keys).
    pub fn from_pool(pool: SqlitePool) -> Self {
        Self {
            pool,
            frameworks: Arc::new(FrameworkCache::default()),
            actor: Actor::system(),
            clock: Clock::system(),
            due: Arc::default(),
        }
    }

    /// The connection pool, for backups and for tests that must reach past the store (for
    /// instance to prove that the database itself refuses an UPDATE of an event).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction holding the write lock (see the module documentation).
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)
    }

    async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
        self.pool.acquire().await.map_err(db)
    }
}

impl Store for SqliteStore {
    type Org = SqliteOrg;

    async fn migrate(&self) -> Result<()> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(db)
    }

    fn acting_as(&self, actor: Actor) -> Self {
        Self {
            actor,
            ..self.clone()
        }
    }

    fn with_clock(&self, clock: Clock) -> Self {
        Self {
            clock,
            ..self.clone()
        }
    }

    async fn create_org(&self, slug: &OrgSlug, name: &str) -> Result<Organisation> {
        orgs::create(self, slug, name).await
    }

    async fn list_orgs(&self) -> Result<Vec<Organisation>> {
        orgs::list(self).await
    }

    async fn org_by_slug(&self, slug: &OrgSlug) -> Result<Organisation> {
        orgs::by_slug(self, slug).await
    }

    async fn create_org_with(
        &self,
        org: &Organisation,
        framework_yaml: &str,
    ) -> Result<Organisation> {
        orgs::create_with(self, org, framework_yaml).await
    }

    fn org(&self, org: OrgId) -> SqliteOrg {
        SqliteOrg {
            store: self.clone(),
            org,
        }
    }

    async fn session_by_token_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(OrgId, Session, Account)>> {
        accounts::session_by_token_hash(self, None, hash).await
    }

    async fn account_by_api_token_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(OrgId, Account)>> {
        Ok(accounts::account_by_api_token_hash(self, None, hash)
            .await?
            .map(|account| (account.org, account)))
    }

    async fn delete_expired_sessions(&self) -> Result<u64> {
        accounts::delete_expired_sessions(self).await
    }
}

/// One organisation of a [`SqliteStore`]. Every query binds `org` as `$1`.
#[derive(Clone, Debug)]
pub struct SqliteOrg {
    store: SqliteStore,
    org: OrgId,
}

impl SqliteOrg {
    fn org_key(&self) -> uuid::fmt::Hyphenated {
        self.org.as_uuid().hyphenated()
    }
}

impl Base for SqliteOrg {
    fn org_id(&self) -> OrgId {
        self.org
    }

    fn acting_as(&self, actor: Actor) -> Self {
        Self {
            store: self.store.acting_as(actor),
            org: self.org,
        }
    }

    fn today(&self) -> Date {
        self.store.clock.today()
    }
}

/// Fails with [`StoreError::NotFound`] unless `person` is in the organisation.
async fn require_person(
    conn: &mut SqliteConnection,
    org: &SqliteOrg,
    person: PersonId,
) -> Result<()> {
    sql::require(
        conn,
        Owned::Person,
        org.org_key(),
        person.as_uuid().hyphenated(),
        person,
    )
    .await
}
