//! Pendulum's people model.
//!
//! An organisation's people and their careers, held as **append-only histories**: a role
//! history of events (hire, promotion, moves between tracks in both directions, management
//! trials, leave, career breaks, exit) and a pay history. The current role is a pure fold
//! of the events over the framework versions they were recorded under ([`fold`]), and the
//! rules that refuse impossible histories live here too ([`timeline`]). The role someone
//! held on any date, alone ([`role_on`]) or across the organisation ([`roles_on`]), is read
//! from the same histories, in one framework version however old the records.
//!
//! Values people type are types parsed once, whatever door they come through: a
//! [`PersonName`], a [`Reason`], [`Money`], a date ([`parse_date`]), a [`TrialOutcome`], a
//! [`Password`]; each constructor refuses bad input with the same message everywhere.
//!
//! No I/O and no async: storage crates persist these types, the CLI and web app call them.
//! Neutral language is a rule of this crate: a move to individual contribution is a move.

pub mod access;
pub mod date;
pub mod event;
pub mod generate;
pub mod generate_notes;
pub mod ids;
pub mod journal;
pub mod notes_lock;
pub mod password;
pub mod pay;
pub mod person;
pub mod plan;
pub mod reflection;
pub mod reporting;
pub mod text;
pub mod timeline;

pub use access::{Grants, Recording, Relation, Role};
pub use date::{check_date, parse_date};
pub use event::{EventKind, RoleEvent, TrialOutcome};
pub use ids::{
    AccountId, ApiTokenId, CheckpointId, EventId, InvitationId, JournalEntryId, OrgId, PayEventId,
    PersonId, PlanId, ProposalId, ReflectionId, SessionId,
};
pub use password::Password;
pub use pay::{BandPlace, BandPosition, Money, PayEvent, band_position, parse_currency};
pub use person::{Email, InvalidValue, OrgSlug, Organisation, Person, PersonStatus};
pub use reporting::{Cycle, ReportingChange, find_cycle, manager_on, reporting_on};
pub use text::{PersonName, Reason};
pub use timeline::{
    CurrentRole, Frameworks, RoleOn, Terms, TimelineError, Trial, fold, prepare, role_on, roles_on,
};
