//! Reporting lines that change: the store's side of [`pendulum_domain::reporting`].
//!
//! A person's manager is an append-only history of [`ReportingChange`]s; `Person::manager`
//! is its projection on the store's today, written in the same transaction as each change
//! and refreshed when a future-dated change falls due. Every change is checked against the
//! whole organisation's lines: one that would make someone their own manager, directly or
//! through others, on any date, is refused with [`StoreError::Rule`] and nothing is
//! written.

use std::collections::HashMap;
use std::future::Future;

use pendulum_domain::reporting::{Cycle, find_cycle, manager_on, next_change_after};
use pendulum_domain::{AccountId, PersonId, ProposalId, ReportingChange, TimelineError};
use time::{Date, OffsetDateTime};

use crate::base::Base;
use crate::error::{Result, StoreError};

/// A change of manager to record: from `effective`, `person` reports to `manager` (or to
/// nobody).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReportingChange {
    pub effective: Date,
    pub manager: Option<PersonId>,
    pub reason: Option<String>,
}

/// A reporting change a manager proposed, for an admin to confirm or decline. Listed with
/// the role-history proposals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportingProposal {
    pub id: ProposalId,
    pub person: PersonId,
    pub change: NewReportingChange,
    pub proposed_by: AccountId,
    pub proposed_at: OffsetDateTime,
    pub status: ReportingProposalStatus,
}

/// Where a reporting proposal stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportingProposalStatus {
    Pending,
    /// Confirmed by `by`: the change it became is `seq` in the person's reporting history.
    Confirmed {
        by: AccountId,
        at: OffsetDateTime,
        seq: u32,
    },
    Declined {
        by: AccountId,
        at: OffsetDateTime,
        reason: Option<String>,
    },
}

impl ReportingProposalStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed { .. } => "confirmed",
            Self::Declined { .. } => "declined",
        }
    }

    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Pending)
    }
}

/// One organisation's reporting lines over time.
pub trait ReportingLines: Base {
    /// Records that from `change.effective` `person` reports to `change.manager` (or to
    /// nobody). The store assigns the sequence number and the recorded-at time, checks the
    /// whole organisation's lines with the change in place, and writes the change, the
    /// current-manager projection and the audit row in one transaction.
    ///
    /// [`StoreError::Rule`] when the change would make someone their own manager on any
    /// date; [`StoreError::NotFound`] for an unknown person or manager.
    fn change_manager(
        &self,
        person: PersonId,
        change: NewReportingChange,
    ) -> impl Future<Output = Result<ReportingChange>> + Send;

    /// A person's reporting history in the order it was recorded.
    fn reporting_history(
        &self,
        person: PersonId,
    ) -> impl Future<Output = Result<Vec<ReportingChange>>> + Send;

    /// Every reporting change of the organisation, by person and sequence: the input of
    /// [`pendulum_domain::reporting_on`] ("who reported to whom on a date") and of exports.
    fn reporting_changes(&self) -> impl Future<Output = Result<Vec<ReportingChange>>> + Send;

    /// A manager proposes a reporting change for an admin to confirm; checked now as a
    /// recorded change would be (nothing is recorded).
    fn propose_reporting_change(
        &self,
        person: PersonId,
        change: NewReportingChange,
        proposed_by: AccountId,
    ) -> impl Future<Output = Result<ReportingProposal>> + Send;

    /// The organisation's reporting proposals, newest first; only the pending ones when
    /// `pending_only`.
    fn reporting_proposals(
        &self,
        pending_only: bool,
    ) -> impl Future<Output = Result<Vec<ReportingProposal>>> + Send;

    /// Confirms a pending reporting proposal: records its change (checked again, the lines
    /// may have changed meanwhile) and the decision in one transaction.
    fn confirm_reporting_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
    ) -> impl Future<Output = Result<ReportingChange>> + Send;

    /// Declines a pending reporting proposal, with an optional reason.
    fn decline_reporting_proposal(
        &self,
        id: ProposalId,
        decided_by: AccountId,
        reason: Option<String>,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// The checks and values of a change, shared by the backends: given the organisation's
/// recorded changes, returns the change to store (next seq, `recorded_at`), the person's
/// manager on `today` and the date their manager next changes after `today`.
///
/// `names` tells a person's name for the message of a refused loop.
pub fn prepare_change(
    existing: &[ReportingChange],
    person: PersonId,
    change: NewReportingChange,
    today: Date,
    recorded_at: OffsetDateTime,
    names: &HashMap<PersonId, String>,
) -> Result<Prepared> {
    if change.manager == Some(person) {
        return Err(TimelineError::ReportingLoop(format!(
            "{} cannot be their own manager.",
            name_of(names, person)
        ))
        .into());
    }
    let seq = existing
        .iter()
        .filter(|c| c.person == person)
        .map(|c| c.seq)
        .max()
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(|| StoreError::Invalid("this reporting history is full".into()))?;
    let stored = ReportingChange {
        person,
        seq,
        effective: Some(change.effective),
        manager: change.manager,
        reason: change.reason,
        recorded_at,
    };
    let mut all = Vec::with_capacity(existing.len() + 1);
    all.extend_from_slice(existing);
    all.push(stored.clone());
    check_loops(&all, names)?;
    Ok(Prepared {
        manager_today: manager_on(&all, person, today),
        next_change: next_change_after(&all, person, today),
        change: stored,
    })
}

/// What [`prepare_change`] found.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub change: ReportingChange,
    pub manager_today: Option<PersonId>,
    pub next_change: Option<Date>,
}

/// Refuses a set of changes that makes someone their own manager on some date.
pub fn check_loops(changes: &[ReportingChange], names: &HashMap<PersonId, String>) -> Result<()> {
    match find_cycle(changes) {
        None => Ok(()),
        Some(cycle) => Err(TimelineError::ReportingLoop(loop_message(&cycle, names)).into()),
    }
}

/// "From 2024-06-01, Cy would report to Ada, who reports to Bo, who reports to Cy: nobody
/// can be their own manager, directly or through others."
pub fn loop_message(cycle: &Cycle, names: &HashMap<PersonId, String>) -> String {
    let when = match cycle.from {
        Some(date) => format!("From {date}, "),
        None => String::new(),
    };
    let people = &cycle.people;
    match people.as_slice() {
        [one] => format!("{when}{} would be their own manager.", name_of(names, *one)),
        [first, rest @ ..] => {
            let mut text = format!(
                "{when}{} would report to {}",
                name_of(names, *first),
                name_of(names, rest[0])
            );
            for next in rest.iter().skip(1).chain([first]) {
                text.push_str(&format!(", who reports to {}", name_of(names, *next)));
            }
            text.push_str(": nobody can be their own manager, directly or through others.");
            text
        }
        [] => "A reporting line would loop back on itself.".into(),
    }
}

fn name_of(names: &HashMap<PersonId, String>, person: PersonId) -> String {
    names
        .get(&person)
        .cloned()
        .unwrap_or_else(|| format!("person {person}"))
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    fn at() -> OffsetDateTime {
        datetime!(2026-01-01 0:00 UTC)
    }

    #[test]
    fn a_loop_is_refused_with_the_names_and_the_date() {
        let (ada, bo, cy) = (PersonId::new(), PersonId::new(), PersonId::new());
        let names = HashMap::from([
            (ada, "Ada".to_string()),
            (bo, "Bo".to_string()),
            (cy, "Cy".to_string()),
        ]);
        let existing = vec![
            ReportingChange {
                person: ada,
                seq: 1,
                effective: None,
                manager: Some(bo),
                reason: None,
                recorded_at: at(),
            },
            ReportingChange {
                person: bo,
                seq: 1,
                effective: None,
                manager: Some(cy),
                reason: None,
                recorded_at: at(),
            },
        ];
        let change = NewReportingChange {
            effective: date!(2024 - 06 - 01),
            manager: Some(ada),
            reason: None,
        };
        let err =
            prepare_change(&existing, cy, change, date!(2026 - 01 - 01), at(), &names).unwrap_err();
        assert_eq!(
            err.to_string(),
            "From 2024-06-01, Cy would report to Ada, who reports to Bo, who reports to Cy: \
             nobody can be their own manager, directly or through others."
        );
        let own = NewReportingChange {
            effective: date!(2024 - 06 - 01),
            manager: Some(cy),
            reason: None,
        };
        let err =
            prepare_change(&existing, cy, own, date!(2026 - 01 - 01), at(), &names).unwrap_err();
        assert_eq!(err.to_string(), "Cy cannot be their own manager.");
    }

    #[test]
    fn a_future_change_is_scheduled_and_the_next_seq_follows_the_persons_own() {
        let (ada, bo) = (PersonId::new(), PersonId::new());
        let existing = vec![ReportingChange {
            person: ada,
            seq: 1,
            effective: None,
            manager: Some(bo),
            reason: None,
            recorded_at: at(),
        }];
        let change = NewReportingChange {
            effective: date!(2026 - 03 - 01),
            manager: None,
            reason: Some("team dissolved".into()),
        };
        let prepared = prepare_change(
            &existing,
            ada,
            change,
            date!(2026 - 01 - 01),
            at(),
            &HashMap::new(),
        )
        .unwrap();
        assert_eq!(prepared.change.seq, 2);
        assert_eq!(prepared.manager_today, Some(bo));
        assert_eq!(prepared.next_change, Some(date!(2026 - 03 - 01)));
    }
}
