//! The analysis capability [`Analysis`] ([`Viewer::analysis`]): organisation-wide figures
//! for admins and analysts — the simulator, and the workforce projection estimated from
//! every role history. It reads role events only: no names, no pay, no private notes, and
//! what leaves the server is counts and probabilities, never a person.

use pendulum_domain::RoleEvent;
use pendulum_store::Store;
use pendulum_store::prelude::*;

use super::Viewer;
use crate::error::WebError;

/// Role events are read this many at a time.
const PAGE: u32 = 5_000;

/// Held by an admin or an analyst ([`pendulum_domain::Grants::may_analyse`]).
pub struct Analysis<'v, S: Store> {
    viewer: &'v Viewer<S>,
}

impl<'v, S: Store> Analysis<'v, S> {
    pub(super) fn new(viewer: &'v Viewer<S>) -> Self {
        Self { viewer }
    }

    /// Every role event of the organisation, by person and sequence number, read a page
    /// at a time.
    pub async fn role_events(&self) -> Result<Vec<RoleEvent>, WebError> {
        let mut events: Vec<RoleEvent> = Vec::new();
        loop {
            let after = events.last().map(|e| (e.person, e.seq));
            let page = self.viewer.org.events_page(after, PAGE).await?;
            let done = page.len() < PAGE as usize;
            events.extend(page);
            if done {
                return Ok(events);
            }
        }
    }
}

impl<S: Store> Viewer<S> {
    /// The analysis capability: **403** unless the account is an admin or an analyst.
    pub fn analysis(&self) -> Result<Analysis<'_, S>, WebError> {
        if self.grants().may_analyse() {
            Ok(Analysis::new(self))
        } else {
            Err(WebError::Forbidden)
        }
    }
}
