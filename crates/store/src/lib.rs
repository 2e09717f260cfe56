//! Pendulum's storage layer: the traits every database backend implements, and the rules
//! they share.
//!
//! [`Store`] is a database; [`OrgStore`] is one organisation inside it, and the only way to
//! reach people, histories, pay and framework versions. Backends live in their own crates
//! (`pendulum-store-sqlite`, `pendulum-store-postgres`) and pass one conformance suite
//! (`pendulum-store-tests`). The rules of a career history are the domain's: the store
//! loads the history, asks `pendulum_domain::timeline` whether the new event keeps it
//! possible, and writes event and projection together.
//!
//! This crate does no I/O and knows no SQL.

pub mod accounts;
pub mod audit;
pub mod clock;
pub mod error;
pub mod framework;
pub mod history;
pub mod import;
pub mod proposals;
pub mod reporting;
pub mod rows;
mod store;

pub use accounts::{Account, ApiToken, Invitation, Role, Session, TokenHash};
pub use audit::{Actor, AuditAction, AuditEntry, ErasureId, NewAuditEntry, Subject};
pub use clock::{Clock, DueChecks};
pub use error::{Result, StoreError};
pub use framework::{FrameworkCache, FrameworkSet, FrameworkVersion};
pub use import::{
    ImportBatch, ImportProblem, ImportProblems, ImportSummary, Progress, ProgressFn, Record, Stage,
};
pub use proposals::{Proposal, ProposalStatus};
pub use reporting::{
    NewReportingChange, ReportingLines, ReportingProposal, ReportingProposalStatus,
};
pub use store::{
    DEFAULT_APPEND_RETRIES, NewRoleEvent, OrgStore, PeoplePage, PeopleQuery, StatusFilter, Store,
    org_name, person_name,
};

use time::OffsetDateTime;

/// The current time in UTC, to the microsecond: both databases keep microseconds, so a
/// value written and read back compares equal.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .expect("a truncated nanosecond is in range")
}
