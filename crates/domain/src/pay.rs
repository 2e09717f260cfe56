//! Individual pay: append-only pay events. Pay is visible to its owner and to holders of
//! the `pay` capability only; that is enforced where requests are authorised.

use pendulum_framework::ids::Currency;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{PayEventId, PersonId};

/// An amount in minor units (pence, cents) of an ISO 4217 currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// One change of a person's pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayEvent {
    pub id: PayEventId,
    pub person: PersonId,
    /// Per-person sequence number, from 1.
    pub seq: u32,
    /// Annual base pay from `effective` on.
    pub amount: Money,
    pub effective: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    pub reason: Option<String>,
}
