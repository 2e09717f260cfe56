//! The storage layer's one error type. Each variant says what a caller may do about it; the
//! web layer maps them to statuses and never shows [`StoreError::Database`] to a user.

use std::fmt;
use std::future::Future;

use pendulum_domain::{EventId, PayEventId, PersonId, TimelineError};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The organisation, person or framework version asked for does not exist (in this
    /// organisation: another organisation's data is indistinguishable from no data).
    /// Becomes 404.
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },

    /// Another writer appended to the same history (or published a framework version)
    /// first, so the sequence number this write was built on is taken. Nothing was written;
    /// **retryable**: read again and retry ([`crate::OrgStore::append_event_with_retry`]
    /// does). Becomes 409.
    #[error("another change to the same history was saved first; nothing was written, try again")]
    Conflict,

    /// The history this write would create is impossible (an event before the hire, a
    /// trial inside a trial, a level the framework version lacks…). Nothing was written.
    /// The message is the domain's, written for people. Becomes 422.
    #[error(transparent)]
    Rule(#[from] TimelineError),

    /// The input was refused before any rule ran: a duplicate email, a framework that does
    /// not pass `check`, a framework version that drops a level someone holds. The message
    /// says what to change. Becomes 422.
    #[error("{0}")]
    Invalid(String),

    /// A pay amount below the person's pay before a management trial they returned from
    /// less than 12 months ago ([`pendulum_domain::pay::return_protection`]), recorded
    /// without a pay administrator's reason for paying less. Nothing was written. The
    /// message says what is protected and until when. Becomes 422.
    #[error("{0}")]
    PayProtected(String),

    /// A bulk import was refused: every problem found, each naming the record (and field)
    /// at fault. Nothing was written. Becomes 422.
    #[error("{0}")]
    Import(ImportProblems),

    /// The database failed or returned something this code does not understand. Internal:
    /// logged with its source, never shown raw to a user (the message is deliberately
    /// generic). Becomes 500.
    #[error("the database failed; the details are in the server log")]
    Database(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        Self::NotFound {
            what,
            key: key.to_string(),
        }
    }

    /// Wraps a database driver error.
    pub fn database(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Database(Box::new(e))
    }

    /// A value read back from the database that does not parse: a schema and code that
    /// disagree, or a row changed behind the store's back.
    pub fn corrupt(what: impl Into<String>) -> Self {
        Self::Database(what.into().into())
    }

    /// Whether retrying the same operation may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Conflict)
    }
}

/// Runs `attempt` again while it fails with [`StoreError::Conflict`], up to `max_retries`
/// times, and returns its result with how many retries it took. A conflict means another
/// writer's change was saved first and nothing of this one was written, so an attempt that
/// reads everything afresh may succeed; the bound only stops one unlucky writer from
/// looping.
pub async fn retry_on_conflict<T, F, Fut>(max_retries: u32, mut attempt: F) -> Result<(T, u32)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut retries = 0;
    loop {
        match attempt().await {
            Err(StoreError::Conflict) if retries < max_retries => retries += 1,
            other => return other.map(|value| (value, retries)),
        }
    }
}

/// The record of a batch that a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Record {
    Person(PersonId),
    Event(EventId),
    Pay(PayEventId),
    /// A reporting-line change: the person and its sequence number.
    Reporting(PersonId, u32),
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person(id) => write!(f, "person {id}"),
            Self::Event(id) => write!(f, "event {id}"),
            Self::Pay(id) => write!(f, "pay event {id}"),
            Self::Reporting(person, seq) => write!(f, "reporting change {seq} of person {person}"),
        }
    }
}

/// One reason a batch was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProblem {
    pub record: Record,
    /// The field at fault, named as in the CSV formats (`email`, `seq`, `level`,
    /// `framework_version`, `manager_email`, …), so that a file importer can point at a
    /// column; `None` when the record as a whole is at fault.
    pub field: Option<&'static str>,
    pub message: String,
}

/// Every problem of a refused batch, in the order of the batch (people, events, pay).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportProblems(pub Vec<ImportProblem>);

impl fmt::Display for ImportProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the import was refused and nothing was written: {} problem(s)",
            self.0.len()
        )?;
        for p in &self.0 {
            match p.field {
                Some(field) => write!(f, "\n  {}: {field}: {}", p.record, p.message)?,
                None => write!(f, "\n  {}: {}", p.record, p.message)?,
            }
        }
        Ok(())
    }
}
