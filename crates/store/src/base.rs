//! What every feature's trait of an organisation handle builds on: which organisation it
//! is bound to, who acts through it, and what day it is.

use std::fmt;

use pendulum_domain::OrgId;
use time::Date;

use crate::error::StoreError;

/// An organisation handle. Every feature's trait extends it, and every query of a handle
/// reads and writes its organisation only.
pub trait Base: Clone + Send + Sync + 'static {
    fn org_id(&self) -> OrgId;

    /// The same handle, recording `actor` in the audit log.
    fn acting_as(&self, actor: Actor) -> Self;

    /// Today, by the store's [`Clock`]: the day the current roles are in effect on. Pages
    /// that tell scheduled events from past ones ask this, so they agree with the store.
    fn today(&self) -> Date;
}

/// Who made a change: an account name, `cli`, `import`, `system`… Kept verbatim in the
/// audit log, so it should be an account identifier rather than a person's name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Actor(String);

impl Actor {
    /// 1–200 characters without control characters.
    pub fn new(s: impl Into<String>) -> Result<Self, StoreError> {
        let s = s.into();
        if s.trim().is_empty() || s.chars().count() > 200 || s.chars().any(char::is_control) {
            return Err(StoreError::Invalid(format!(
                "{s:?} cannot name who made a change: use 1–200 characters without control characters"
            )));
        }
        Ok(Self(s))
    }

    /// Changes the store makes on its own behalf, and the actor of a handle nobody named.
    pub fn system() -> Self {
        Self("system".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
