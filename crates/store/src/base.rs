//! What every feature's trait of an organisation handle builds on: which organisation it
//! is bound to, who acts through it, and what day it is.

use pendulum_domain::OrgId;
use time::Date;

use crate::audit::Actor;

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
