//! Pendulum's PostgreSQL storage, for an organisation (or a host of many) that has
//! outgrown one file, and ready to distribute by organisation on Citus.
//!
//! Transactions run at PostgreSQL's default isolation, READ COMMITTED. Appends read the
//! history before their transaction and rely on the unique `(org_id, person_id, seq)` key:
//! of two writers that built on the same history, the second insert waits for the first
//! to commit and then fails with a unique violation, which becomes
//! [`StoreError::Conflict`]. No advisory locks anywhere (Citus cannot route them), not even
//! for migrations: run `pendulum migrate` once before starting servers.
//!
//! Queries are built at run time (no database is needed to compile); the schema is
//! embedded from `migrations/` and applied by [`Store::migrate`].

mod accounts;
mod audit;
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

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use pendulum_domain::{OrgId, OrgSlug, Organisation, PersonId};
use pendulum_store::prelude::*;
use pendulum_store::sql::{self, Owned, db};
use pendulum_store::{
    Account, Actor, Clock, DueChecks, FrameworkCache, Result, Session, StoreError, TokenHash,
};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPoolOptions};
use time::Date;

/// How long to wait for a free connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// The PostgreSQL backend: a connection pool over one database (or Citus coordinator).
/// Its `Debug` leaves the pool out: the pool's options hold the database password.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    frameworks: Arc<FrameworkCache>,
    actor: Actor,
    clock: Clock,
    /// When each organisation's projections were last found up to date.
    due: Arc<DueChecks>,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PgStore")
            .field("actor", &self.actor)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url`, e.g. `postgres://user@host:5432/pendulum`. Does
    /// not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self> {
        // The error names the URL's problem, never the URL itself: it may hold a password.
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Invalid(format!("not a PostgreSQL database URL: {e}")))?;
        Self::connect_with(options).await
    }

    /// Connects with options built in code (tests pick a fresh database this way).
    pub async fn connect_with(options: PgConnectOptions) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(Self::from_pool(pool))
    }

    /// A store over a pool the caller configured.
    pub fn from_pool(pool: PgPool) -> Self {
        Self {
            pool,
            frameworks: Arc::new(FrameworkCache::default()),
            actor: Actor::system(),
            clock: Clock::system(),
            due: Arc::default(),
        }
    }

    /// The connection pool, for tests that must reach past the store (for instance to
    /// prove that the database itself refuses an UPDATE of an event).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.pool.begin().await.map_err(db)
    }

    async fn acquire(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Postgres>> {
        self.pool.acquire().await.map_err(db)
    }
}

impl Store for PgStore {
    type Org = PgOrg;

    async fn migrate(&self) -> Result<()> {
        let mut migrator = sqlx::migrate!("./migrations");
        // sqlx guards migrations with an advisory lock by default; Citus cannot route
        // advisory locks, so migrations must not run from two processes at once.
        migrator.set_locking(false);
        migrator.run(&self.pool).await.map_err(db)
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

    fn org(&self, org: OrgId) -> PgOrg {
        PgOrg {
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

/// One organisation of a [`PgStore`]. Every query binds `org` as `$1`.
#[derive(Clone, Debug)]
pub struct PgOrg {
    store: PgStore,
    org: OrgId,
}

impl PgOrg {
    fn org_key(&self) -> uuid::Uuid {
        self.org.as_uuid()
    }
}

impl Base for PgOrg {
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
async fn require_person(conn: &mut PgConnection, org: &PgOrg, person: PersonId) -> Result<()> {
    sql::require(conn, Owned::Person, org.org_key(), person.as_uuid(), person).await
}
