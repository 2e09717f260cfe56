//! A person's role history as a timeline: the rules that make a history possible, the fold
//! that turns it into the role in effect on a day ([`fold_on`]) or once every event has
//! taken effect ([`fold`]), and the check every append goes through ([`prepare_on`]); and
//! the role over time for those who read a history rather than check it ([`periods`],
//! [`role_on`] and, for a whole organisation, [`roles_on`]).
//!
//! Events count in the order they took effect (effective date, then sequence number), so
//! the same set of events always folds to the same role, whatever order it is given in. A
//! correction (an event whose `supersedes` names an earlier one) takes the corrected event's
//! place: the corrected event no longer counts.
//!
//! An event dated after the day asked about is *scheduled*: it is checked against the rules
//! like any other (a scheduled promotion must still be a promotion of the role held just
//! before it), but the role in effect that day ignores it, and [`Standing::next_change`]
//! says when the answer changes.
//!
//! Everything here is pure: no clock, no I/O. "Today" is always the caller's argument. Levels are read in the framework version each
//! event was recorded under; a level held under an older version is followed into a newer
//! one by its id or by `renamed_from`.
//!
//! A move from management to individual contribution is a move like any other, and the
//! guaranteed return path decides where it lands.

mod error;
mod levels;
mod periods;
mod preview;
mod state;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ptr;

use pendulum_framework::Framework;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::model::TrackKind;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::event::{EventKind, RoleEvent, TrialOutcome};
use crate::ids::EventId;
use crate::person::PersonStatus;

pub use error::TimelineError;
pub use levels::add_months;
pub use periods::{
    Period, Recorded, RoleOn, Terms, TrialPeriod, events_that_count, periods, role_on, roles_on,
};
pub use preview::{Preview, Raised, preview, raised_because, raised_levels};
use state::State;

/// The framework versions a history was recorded under, by version number.
pub trait Frameworks {
    fn get(&self, version: u32) -> Option<&Framework>;

    /// The versions held between `from` and `to` (both included), lowest first. Used to
    /// follow a level through every version in between; the default probes each number,
    /// which suits the small, dense version numbers frameworks have.
    fn versions_in(&self, from: u32, to: u32) -> Vec<u32> {
        (from..=to).filter(|v| self.get(*v).is_some()).collect()
    }
}

impl Frameworks for BTreeMap<u32, Framework> {
    fn get(&self, version: u32) -> Option<&Framework> {
        BTreeMap::get(self, &version)
    }

    fn versions_in(&self, from: u32, to: u32) -> Vec<u32> {
        if from > to {
            return Vec::new();
        }
        self.range(from..=to).map(|(v, _)| *v).collect()
    }
}

impl<S: std::hash::BuildHasher> Frameworks for HashMap<u32, Framework, S> {
    fn get(&self, version: u32) -> Option<&Framework> {
        HashMap::get(self, &version)
    }
}

/// A single version, for an organisation that has published only one.
impl Frameworks for (u32, &Framework) {
    fn get(&self, version: u32) -> Option<&Framework> {
        (self.0 == version).then_some(self.1)
    }
}

/// A single version, owned.
impl Frameworks for (u32, Framework) {
    fn get(&self, version: u32) -> Option<&Framework> {
        (self.0 == version).then_some(&self.1)
    }
}

impl<T: Frameworks + ?Sized> Frameworks for &T {
    fn get(&self, version: u32) -> Option<&Framework> {
        T::get(self, version)
    }

    fn versions_in(&self, from: u32, to: u32) -> Vec<u32> {
        T::versions_in(self, from, to)
    }
}

/// A role as a history's events place it: the role in effect on a day ([`fold_on`]), or
/// once every event has taken effect ([`fold`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentRole {
    pub status: PersonStatus,
    /// During a trial, the trial's level.
    pub level: LevelId,
    pub track: TrackId,
    /// The framework version `level`, `track` and `trial` are read in: that of the latest
    /// event, unless the level held has no counterpart there (then the version it was last
    /// read in).
    pub framework_version: u32,
    /// The effective date of the event that placed the person at this level.
    pub since: Date,
    /// The effective date of the latest hire (or the baseline).
    pub hired: Date,
    /// A management trial in progress.
    pub trial: Option<Trial>,
    /// The highest sequence number in the history, corrected events included: the next
    /// event is stored as `last_event_seq + 1`.
    pub last_event_seq: u32,
}

/// A management trial in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trial {
    /// The level held before the trial.
    pub from_level: LevelId,
    /// The management level being tried, which is the current level during the trial.
    pub target: LevelId,
    pub started: Date,
    /// The planned end.
    pub until: Option<Date>,
}

/// Where a person stands on one day: the role in effect, and when it next changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The role in effect on the day; `None` before the first hire (or baseline) takes
    /// effect. Its `last_event_seq` counts scheduled events too.
    pub role: Option<CurrentRole>,
    /// The effective date of the first event that counts after the day: the first day on
    /// which `role` is no longer the answer. `None` when nothing is scheduled.
    pub next_change: Option<Date>,
    /// The highest sequence number in the history, scheduled and corrected events included.
    pub last_event_seq: u32,
}

/// The role a person's history adds up to once every event has taken effect, scheduled
/// ones included, or the first rule it breaks. What a person holds *today* is
/// [`fold_on`].
pub fn fold(
    frameworks: &impl Frameworks,
    events: &[RoleEvent],
) -> Result<CurrentRole, TimelineError> {
    let events: Vec<&RoleEvent> = events.iter().collect();
    walk(frameworks, &events, None, None).map(|walked| walked.role)
}

/// Where a person stands on `today`: the role in effect after the events dated on or
/// before it, and the date of the next scheduled event. The whole history is checked,
/// scheduled events included, so a history that [`fold`] refuses is refused here too.
pub fn fold_on(
    frameworks: &impl Frameworks,
    events: &[RoleEvent],
    today: Date,
) -> Result<Standing, TimelineError> {
    let events: Vec<&RoleEvent> = events.iter().collect();
    walk(frameworks, &events, None, Some(today)).map(|walked| walked.standing())
}

/// The check an append goes through: `proposed` is placed in the history as the newest
/// event (it will be stored as `last_event_seq + 1`, whatever its `seq` says now), and the
/// whole timeline is validated again, so a back-dated event that makes a later one
/// impossible is refused.
///
/// Returns the event as it is to be stored and the current role after it. Ids and
/// sequence numbers are left to the store; what `prepare` fills in is what the rules
/// decide:
/// - a trial start without an end date gets the framework's trial length;
/// - a move from management to an individual-contributor track, or a trial that ends in a
///   return, lands at least on the guaranteed return level: an empty level is filled with
///   it, and a lower level is raised to it (with a note in `reason` when there is none). A
///   return from leave that names an IC level after a management role is raised the same
///   way.
pub fn prepare(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    proposed: RoleEvent,
) -> Result<(RoleEvent, CurrentRole), TimelineError> {
    let (event, walked) = prepare_walk(frameworks, existing, proposed, None)?;
    Ok((event, walked.role))
}

/// [`prepare`], answering with where the person stands on `today` once the event is
/// stored: what a store keeps as the current role.
pub fn prepare_on(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    proposed: RoleEvent,
    today: Date,
) -> Result<(RoleEvent, Standing), TimelineError> {
    let (event, walked) = prepare_walk(frameworks, existing, proposed, Some(today))?;
    Ok((event, walked.standing()))
}

fn prepare_walk(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    proposed: RoleEvent,
    today: Option<Date>,
) -> Result<(RoleEvent, Walked), TimelineError> {
    let given_seq = proposed.seq;
    let newest = existing
        .iter()
        .map(|e| e.seq)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let staged = RoleEvent {
        seq: newest,
        ..proposed
    };
    let events: Vec<&RoleEvent> = existing.iter().chain([&staged]).collect();
    let mut walked = walk(frameworks, &events, Some(&staged), today)?;
    if staged.kind == EventKind::TrialExtend {
        extension_allowed(frameworks, &events, &staged)?;
    }
    // The staged event has the highest sequence number, so nothing can correct it: it
    // always counts and is always resolved.
    let mut event = walked
        .resolved
        .take()
        .expect("the proposed event is part of the walk");
    event.seq = given_seq;
    Ok((event, walked))
}

/// What a walk through a history found.
struct Walked {
    /// The role once every event has taken effect.
    role: CurrentRole,
    /// The role in effect on the day the walk was asked about (`None` before the first
    /// event) and the date of the first event after it; without a day, `role` and `None`.
    on_day: (Option<CurrentRole>, Option<Date>),
    /// The proposed event, resolved.
    resolved: Option<RoleEvent>,
}

impl Walked {
    fn standing(self) -> Standing {
        let last_event_seq = self.role.last_event_seq;
        let (role, next_change) = self.on_day;
        Standing {
            role,
            next_change,
            last_event_seq,
        }
    }
}

/// Folds `events`; when `proposed` is one of them, resolves it against the state just
/// before it and returns it as resolved. With `today`, also notes the role in effect that
/// day, while still checking every later event.
fn walk(
    frameworks: &impl Frameworks,
    events: &[&RoleEvent],
    proposed: Option<&RoleEvent>,
    today: Option<Date>,
) -> Result<Walked, TimelineError> {
    let last_event_seq = events
        .iter()
        .map(|e| e.seq)
        .max()
        .ok_or(TimelineError::NoEvents)?;
    let counting = counting(events)?;
    let first = counting.first().ok_or(TimelineError::NoEvents)?;
    if !matches!(first.kind, EventKind::Hire | EventKind::Baseline) {
        let hire = counting
            .iter()
            .find(|e| matches!(e.kind, EventKind::Hire | EventKind::Baseline));
        return Err(match hire {
            Some(hire) => TimelineError::BeforeHire {
                kind: first.kind,
                date: first.effective,
                hired: hire.effective,
            },
            None => TimelineError::NoHire {
                kind: first.kind,
                date: first.effective,
            },
        });
    }

    let mut state: Option<State> = None;
    let mut resolved = None;
    let mut on: Option<(Option<CurrentRole>, Option<Date>)> = None;
    for &event in &counting {
        if on.is_none() && today.is_some_and(|day| event.effective > day) {
            on = Some((
                state.as_ref().map(|s| s.role.clone()),
                Some(event.effective),
            ));
        }
        let event = if proposed.is_some_and(|p| ptr::eq(p, event)) {
            &*resolved.insert(resolve(frameworks, state.as_ref(), event))
        } else {
            event
        };
        match &mut state {
            None => state = Some(State::start(frameworks, event)?),
            Some(state) => state.apply(frameworks, event)?,
        }
    }
    let mut role = state.ok_or(TimelineError::NoEvents)?.role;
    role.last_event_seq = last_event_seq;
    let on_day = match on {
        Some((role_then, next)) => (
            role_then.map(|r| CurrentRole {
                last_event_seq,
                ..r
            }),
            next,
        ),
        None => (Some(role.clone()), None),
    };
    Ok(Walked {
        role,
        on_day,
        resolved,
    })
}

/// A management trial that ended in a return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrialReturn {
    /// The trial's start.
    pub started: Date,
    /// The effective date of the trial's end with outcome `return`.
    pub returned_on: Date,
}

/// The management trials of a history that ended in a return, in the order they ended.
/// Corrected events do not count; a history that is not one (see [`fold`]) has none.
pub fn trial_returns(events: &[RoleEvent]) -> Vec<TrialReturn> {
    let refs: Vec<&RoleEvent> = events.iter().collect();
    let Ok(counting) = counting(&refs) else {
        return Vec::new();
    };
    let mut started = None;
    let mut returns = Vec::new();
    for event in counting {
        match event.kind {
            EventKind::TrialStart => started = Some(event.effective),
            EventKind::TrialEnd => {
                if let (Some(started), Some(TrialOutcome::Return)) = (started, event.outcome) {
                    returns.push(TrialReturn {
                        started,
                        returned_on: event.effective,
                    });
                }
                started = None;
            }
            _ => {}
        }
    }
    returns
}

/// The framework's limits on extending a trial (`transitions.extensions`), which apply to
/// a new extension only: a history stored or imported with more extensions, or without
/// reasons, still folds. Counts the extensions that count (not corrected) since the trial
/// the new one extends started, the new one included.
fn extension_allowed(
    frameworks: &impl Frameworks,
    events: &[&RoleEvent],
    staged: &RoleEvent,
) -> Result<(), TimelineError> {
    let Some(fw) = frameworks.get(staged.framework_version) else {
        return Ok(());
    };
    let policy = fw.transition_policy();
    let date = staged.effective;
    if policy.extension_reason_required
        && staged.reason.as_deref().is_none_or(|r| r.trim().is_empty())
    {
        return Err(TimelineError::ExtensionNeedsReason { date });
    }
    let counting = counting(events)?;
    let Some(at) = counting.iter().position(|e| ptr::eq(*e, staged)) else {
        return Ok(());
    };
    let started = counting[..at]
        .iter()
        .rposition(|e| e.kind == EventKind::TrialStart)
        .map_or(0, |i| i + 1);
    let extensions = counting[started..=at]
        .iter()
        .filter(|e| e.kind == EventKind::TrialExtend)
        .count();
    if u32::try_from(extensions).unwrap_or(u32::MAX) > policy.max_extensions {
        return Err(TimelineError::TooManyExtensions {
            date,
            max: policy.max_extensions,
        });
    }
    Ok(())
}

/// The events that count, in the order they took effect. Checks first what makes a set of
/// events a history at all: one person, unique sequence numbers and ids, and corrections
/// that name an earlier event not corrected already.
fn counting<'e>(events: &[&'e RoleEvent]) -> Result<Vec<&'e RoleEvent>, TimelineError> {
    let mut by_seq = events.to_vec();
    by_seq.sort_by_key(|e| (e.seq, e.id));
    let Some(person) = by_seq.first().map(|e| e.person) else {
        return Ok(Vec::new());
    };
    let mut seqs = BTreeSet::new();
    let mut by_id: BTreeMap<EventId, &RoleEvent> = BTreeMap::new();
    for e in &by_seq {
        if e.person != person {
            return Err(TimelineError::MixedPeople { seq: e.seq });
        }
        if !seqs.insert(e.seq) {
            return Err(TimelineError::DuplicateSeq { seq: e.seq });
        }
        if by_id.insert(e.id, e).is_some() {
            return Err(TimelineError::DuplicateEvent { seq: e.seq });
        }
    }
    let mut corrected_by: BTreeMap<EventId, u32> = BTreeMap::new();
    for e in &by_seq {
        let Some(target) = e.supersedes else { continue };
        let Some(corrected) = by_id.get(&target) else {
            return Err(TimelineError::SupersedesUnknown {
                kind: e.kind,
                date: e.effective,
                seq: e.seq,
            });
        };
        if corrected.seq >= e.seq {
            return Err(TimelineError::SupersedesLater {
                kind: e.kind,
                date: e.effective,
                seq: e.seq,
                target_seq: corrected.seq,
            });
        }
        if let Some(first_seq) = corrected_by.insert(target, e.seq) {
            return Err(TimelineError::SupersededTwice {
                kind: corrected.kind,
                date: corrected.effective,
                target_seq: corrected.seq,
                first_seq,
                second_seq: e.seq,
            });
        }
    }
    let mut counting: Vec<&RoleEvent> = by_seq
        .into_iter()
        .filter(|e| !corrected_by.contains_key(&e.id))
        .collect();
    counting.sort_by_key(|e| (e.effective, e.seq));
    Ok(counting)
}

/// The proposed event as it is to be stored: what the rules decide, filled in against the
/// state just before it takes effect.
fn resolve(frameworks: &impl Frameworks, state: Option<&State>, event: &RoleEvent) -> RoleEvent {
    let mut event = event.clone();
    let version = event.framework_version;
    let Some(fw) = frameworks.get(version) else {
        return event;
    };
    let names_ic = |id: &LevelId| {
        fw.level(id)
            .is_some_and(|(track, _)| track.kind == TrackKind::IndividualContributor)
    };
    let floor = match event.kind {
        EventKind::TrialStart if event.until.is_none() => {
            event.until = Some(levels::default_trial_end(fw, event.effective));
            None
        }
        // A move without a level from management is a move back to IC.
        EventKind::Move if event.level.as_ref().is_none_or(names_ic) => {
            state.and_then(|s| s.management_return(frameworks, fw, version))
        }
        // Back from leave or a break at an IC level after a management role: a move too.
        EventKind::Return if event.level.as_ref().is_some_and(names_ic) => {
            state.and_then(|s| s.management_return(frameworks, fw, version))
        }
        EventKind::TrialEnd if event.outcome == Some(TrialOutcome::Return) => {
            state.and_then(|s| s.trial_return(frameworks, fw, version))
        }
        _ => None,
    };
    if let Some(floor) = floor {
        land(fw, &mut event, &floor);
    }
    event
}

/// Lands a return at least on `floor`: fills an empty level, raises a lower one.
fn land(fw: &Framework, event: &mut RoleEvent, floor: &LevelId) {
    let Some(named) = &event.level else {
        event.level = Some(floor.clone());
        return;
    };
    let landing = levels::at_least(fw, named, floor);
    if &landing == named {
        return;
    }
    if event.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        event.reason = Some(format!(
            "Return path: lands on {}.",
            levels::describe(fw, &landing)
        ));
    }
    event.level = Some(landing);
}
