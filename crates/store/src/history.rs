//! The steps of an append that do not touch the database, shared by the backends so that
//! both assign sequence numbers and ask the domain rules the same way.

use pendulum_domain::timeline::{Standing, prepare_on};
use pendulum_domain::{EventId, PersonId, RoleEvent};
use time::Date;

use crate::error::{Result, StoreError};
use crate::framework::FrameworkSet;
use crate::store::NewRoleEvent;

/// The event to store (with a new id, the next sequence number and the current time) and
/// where the person stands on `today` after it (an event dated later is scheduled), or why
/// the history would become impossible. `existing` is the person's whole history;
/// `frameworks` holds every published version of the organisation, since a level is
/// followed through each version between two events.
pub fn prepare_append(
    frameworks: &FrameworkSet,
    existing: &[RoleEvent],
    person: PersonId,
    event: NewRoleEvent,
    today: Date,
) -> Result<(RoleEvent, Standing)> {
    if !frameworks.contains(event.framework_version) {
        return Err(StoreError::Invalid(format!(
            "framework version {} is not published in this organisation",
            event.framework_version
        )));
    }
    let seq = existing.iter().map(|e| e.seq).max().unwrap_or(0) + 1;
    let proposed = event.into_event(EventId::new(), person, seq, crate::now());
    Ok(prepare_on(frameworks, existing, proposed, today)?)
}
