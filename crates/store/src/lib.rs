//! Pendulum's storage layer: the traits every database backend implements, and the rules
//! they share.
//!
//! [`Store`] is a database; [`OrgStore`] is one organisation inside it, and the only way to
//! reach people, histories, pay and framework versions. `OrgStore` is the sum of one trait
//! per feature, each in the module of that feature. Backends live in their own crates
//! (`pendulum-store-sqlite`, `pendulum-store-postgres`) and pass one conformance suite
//! (`pendulum-store-tests`). The rules of a career history are the domain's: the store
//! loads the history, asks `pendulum_domain::timeline` whether the new event keeps it
//! possible, and writes event and projection together.
//!
//! This crate does no I/O and knows no SQL, but for the few helpers of [`sql`] (built
//! with the `sqlx` feature) that both database backends share.

pub mod accounts;
pub mod audit;
pub mod base;
pub mod clock;
pub mod error;
pub mod framework;
pub mod history;
pub mod import;
pub mod invitations;
pub mod journal;
pub mod notes_lock;
pub mod pay;
pub mod people;
pub mod plan;
pub mod proposals;
pub mod reflection;
pub mod reporting;
pub mod rows;
#[cfg(feature = "sqlx")]
pub mod sql;
mod store;

pub use accounts::{
    Account, Accounts, ApiToken, MAX_ACCOUNT_MATCHES, Role, Session, TokenHash, account_search,
};
pub use audit::{Audit, AuditAction, AuditEntry, ErasureId, NewAuditEntry, Subject};
pub use base::{Actor, Base};
pub use clock::{Clock, DueChecks};
pub use error::{ImportProblem, ImportProblems, Record, Result, StoreError, retry_on_conflict};
pub use framework::{FrameworkCache, FrameworkSet, FrameworkVersion, FrameworkVersions};
pub use history::{DEFAULT_APPEND_RETRIES, NewRoleEvent, RoleHistory};
pub use import::{ImportBatch, ImportExport, ImportSummary, Progress, ProgressFn, Stage};
pub use invitations::{Invitation, Invitations};
pub use journal::{JournalCursor, Journals, MAX_JOURNAL_ENTRIES};
pub use notes_lock::{
    DeletedNotes, LockCause, NotesLock, NotesLockState, NotesLocked, RecoveryCodeHash, UnlockCause,
};
pub use pay::Pay;
pub use people::{COUNT_LIMIT, People, PeoplePage, PeopleQuery, StatusFilter, person_name};
pub use plan::{Checkpoint, MAX_PLANS, Plan, PlanRecording, Plans};
pub use proposals::{Proposal, ProposalStatus, Proposals};
pub use reflection::{MAX_REFLECTION_VERSIONS, MAX_REFLECTIONS, Reflections};
pub use reporting::{
    NewReportingChange, ReportingLines, ReportingProposal, ReportingProposalStatus,
};
pub use store::{OrgStore, Store, org_name, prelude};

use time::OffsetDateTime;

/// The current time in UTC, to the microsecond: both databases keep microseconds, so a
/// value written and read back compares equal.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .expect("a truncated nanosecond is in range")
}
