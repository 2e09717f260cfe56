//! Pay: each person's append-only pay history, and the audited read of it.

use std::future::Future;

use pendulum_domain::{Money, PayEvent, PersonId};
use time::Date;

use crate::base::Base;
use crate::error::Result;

/// The pay histories of an organisation's people.
pub trait Pay: Base {
    /// Appends a pay change (amount in minor units, not negative) as the person's next pay
    /// event. [`StoreError::Conflict`] if another pay change for the same person was saved
    /// at the same moment (nothing was written; retry). [`StoreError::PayProtected`] when
    /// the amount is below the person's pay before a management trial they returned from
    /// within the last 12 months ([`pendulum_domain::pay::return_protection`], checked in
    /// the write's transaction).
    fn append_pay(
        &self,
        person: PersonId,
        amount: Money,
        effective: Date,
        reason: Option<String>,
    ) -> impl Future<Output = Result<PayEvent>> + Send;

    /// [`Self::append_pay`] for an amount the protection after a return would refuse, with
    /// a pay administrator's reason for paying less (kept as the event's reason), and a
    /// `pay-event.below-pre-trial-pay` audit row beside `pay-event.appended`. An amount
    /// the protection does not cover is recorded as by `append_pay`, reason included.
    fn append_pay_below_protection(
        &self,
        person: PersonId,
        amount: Money,
        effective: Date,
        reason: String,
    ) -> impl Future<Output = Result<PayEvent>> + Send;

    /// A person's pay history in sequence order. Not audited: for the store's own use and
    /// the CLI. A read on someone's behalf goes through [`Self::read_pay`].
    fn pay_history(&self, person: PersonId) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;

    /// A person's pay history read on behalf of this handle's actor: the history and a
    /// `pay.read` audit row about the person, in one transaction (if the audit row cannot
    /// be written, nothing is returned). A person that does not exist is
    /// [`StoreError::NotFound`].
    fn read_pay(&self, person: PersonId) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;

    /// Up to `limit` pay events after `(person, seq)`, by person and sequence number.
    fn pay_page(
        &self,
        after: Option<(PersonId, u32)>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<PayEvent>>> + Send;
}
