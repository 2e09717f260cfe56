//! The storage traits. [`Store`] holds what spans organisations (migrations, the list of
//! organisations); everything else lives on [`OrgStore`], a handle bound to one
//! organisation, whose every query filters by that organisation. Code that holds only an
//! `OrgStore` cannot read or write another organisation's data, and no query can forget
//! its organisation because no method takes one.
//!
//! [`OrgStore`] is the sum of one trait per feature, each defined in that feature's module
//! ([`People`] in `people.rs`, [`RoleHistory`] in `history.rs`…) and implemented by each
//! backend in its file of the same name. Code generic over a backend names `OrgStore` and
//! calls any feature's methods; code holding a concrete backend type imports
//! [`crate::prelude`].
//!
//! Methods return `impl Future + Send` so that handlers generic over a backend can run on
//! a multi-threaded runtime.

use std::future::Future;

use pendulum_domain::{OrgId, OrgSlug, Organisation};

use crate::accounts::{Account, Session, TokenHash};
use crate::base::Actor;
use crate::clock::Clock;
use crate::error::{Result, StoreError};

/// A storage backend: a pool of connections to one database, which may hold many
/// organisations.
pub trait Store: Clone + Send + Sync + 'static {
    /// The organisation-scoped handle.
    type Org: OrgStore;

    /// Applies the embedded migrations that the database lacks. Idempotent.
    fn migrate(&self) -> impl Future<Output = Result<()>> + Send;

    /// The same store, recording `actor` in the audit log for the changes made through it
    /// and through the handles it hands out. A new store acts as [`Actor::system`].
    fn acting_as(&self, actor: Actor) -> Self;

    /// The same store, with `clock` saying what day it is: the day whose role in effect
    /// the current-role projections hold (events dated later are scheduled). A new store
    /// follows the system clock.
    fn with_clock(&self, clock: Clock) -> Self;

    /// Creates an organisation and publishes the built-in framework as its version 1, in
    /// one transaction. A taken slug is [`StoreError::Invalid`].
    fn create_org(
        &self,
        slug: &OrgSlug,
        name: &str,
    ) -> impl Future<Output = Result<Organisation>> + Send;

    /// Every organisation, by slug.
    fn list_orgs(&self) -> impl Future<Output = Result<Vec<Organisation>>> + Send;

    fn org_by_slug(&self, slug: &OrgSlug) -> impl Future<Output = Result<Organisation>> + Send;

    /// Creates an organisation with the id, slug and name given, and `framework_yaml` as its
    /// version 1, in one transaction: how an export is loaded into a new database with its
    /// identity intact. A taken id or slug is [`StoreError::Invalid`]; a framework that
    /// fails `check` too.
    fn create_org_with(
        &self,
        org: &Organisation,
        framework_yaml: &str,
    ) -> impl Future<Output = Result<Organisation>> + Send;

    /// The handle for one organisation. It does not check that the organisation exists:
    /// reads through a handle for a missing organisation find nothing, and writes fail with
    /// [`StoreError::NotFound`].
    fn org(&self, org: OrgId) -> Self::Org;

    /// The unexpired session whose token hashes to `hash`, with its organisation and
    /// account, in whichever organisation it is: a session cookie does not name one. The
    /// caller then works through `org(org_id)` only.
    fn session_by_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<(OrgId, Session, Account)>>> + Send;

    /// The account owning the API token that hashes to `hash`, with its organisation, in
    /// whichever organisation it is (a bearer token does not name one).
    fn account_by_api_token_hash(
        &self,
        hash: &TokenHash,
    ) -> impl Future<Output = Result<Option<(OrgId, Account)>>> + Send;

    /// Deletes every expired session of every organisation and returns how many. Run by the
    /// server now and then; an expired session is never accepted anyway.
    fn delete_expired_sessions(&self) -> impl Future<Output = Result<u64>> + Send;
}

/// Declares [`OrgStore`] as the sum of the features' traits, its blanket impl, and
/// [`crate::prelude`], all from the one list below.
macro_rules! org_store {
    ($first:ident $(, $feature:ident)* $(,)?) => {
        /// Storage for one organisation: the sum of the features' traits. Every method reads
        /// and writes that organisation only. Any type implementing every feature's trait is
        /// an `OrgStore`.
        pub trait OrgStore: crate::$first $(+ crate::$feature)* {}

        impl<T: crate::$first $(+ crate::$feature)*> OrgStore for T {}

        /// Every feature's trait of an organisation handle, for code that calls their
        /// methods on a concrete backend type or on an associated type such as
        /// `<S as Store>::Org` (`use pendulum_store::prelude::*;`). Code generic over a
        /// type bound by [`OrgStore`] needs only that bound.
        pub mod prelude {
            pub use crate::{OrgStore, Store, $first $(, $feature)*};
        }
    };
}

// The features of an organisation handle, each a trait in its own module (re-exported at
// the crate root) and implemented by each backend in its file of the same name. A new
// feature is one more line here.
org_store! {
    Base,
    FrameworkVersions,
    People,
    RoleHistory,
    Pay,
    Accounts,
    Invitations,
    Proposals,
    Audit,
    ImportExport,
    ReportingLines,
    Journals,
    Reflections,
    Plans,
    NotesLock,
}

/// Checks an organisation's display name: 1–200 characters after trimming.
pub fn org_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(StoreError::Invalid(
            "an organisation's name needs 1–200 characters".into(),
        ));
    }
    Ok(name.to_string())
}
