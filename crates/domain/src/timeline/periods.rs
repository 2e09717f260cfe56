//! Role over time: a history read as the periods it is made of ([`periods`]), the role in
//! effect on a day ([`role_on`]) and everyone's role on a day ([`roles_on`]).
//!
//! These read a history without judging it: the fold ([`super::fold_on`]) is where a
//! history is checked. An event that has nothing to act on (a promotion before anyone was
//! hired, an event after an exit other than a re-hire, a kind that needs a level and names
//! none) is passed over, so that a page can still draw a history the rules would refuse.
//! On every history the fold accepts, [`role_on`] gives the role [`super::fold_on`] gives
//! (a property the tests check).

use std::collections::BTreeMap;

use pendulum_framework::ids::{GradeId, LevelId, TrackId};
use serde::{Deserialize, Serialize};
use time::Date;

use super::{Frameworks, Trial, levels};
use crate::event::{EventKind, RoleEvent, TrialOutcome};
use crate::ids::PersonId;
use crate::person::PersonStatus;

/// A level as a history records it: its id in the framework version of the event that
/// named it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Recorded {
    pub level: LevelId,
    pub version: u32,
}

/// A management trial in progress during a period, its levels as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialPeriod {
    /// The level held when the trial started.
    pub from: Recorded,
    pub started: Date,
    /// The planned end, as the latest extension in effect by then set it.
    pub until: Option<Date>,
}

/// A stretch of a career during which nothing changes: from one event to the next that
/// changes the role or the status (or to an exit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period<'e> {
    /// The event that began it: a hire or baseline, a promotion, a move, the start or end
    /// of a trial, leave, a career break or a return. An extension of a trial does not
    /// begin a period; it moves the planned end of the period in progress.
    pub began: &'e RoleEvent,
    pub from: Date,
    /// The day the next period begins or the person left; `None` while it lasts.
    pub to: Option<Date>,
    /// Active, on leave or on a career break, as the fold would have it (an exit ends the
    /// period instead: see `ended_by_exit`).
    pub status: PersonStatus,
    /// The level held. During a trial, the trial's level; during time away, the level kept.
    pub held: Recorded,
    /// When the level held was taken up: the latest hire, promotion, move, start or end of
    /// a trial, or return at another level.
    pub since: Date,
    pub trial: Option<TrialPeriod>,
    /// The first period of a line: a hire with nothing in progress (the first, or a re-hire
    /// after an exit).
    pub starts_line: bool,
    /// The person left on `to`.
    pub ended_by_exit: bool,
}

/// The events that count, in the order they took effect (effective date, then sequence
/// number): an event a later one corrects (`supersedes`) is left out. Unlike the fold, it
/// accepts any set of events.
pub fn events_that_count(events: &[RoleEvent]) -> Vec<&RoleEvent> {
    let corrected: std::collections::BTreeSet<_> =
        events.iter().filter_map(|e| e.supersedes).collect();
    let mut out: Vec<&RoleEvent> = events
        .iter()
        .filter(|e| !corrected.contains(&e.id))
        .collect();
    out.sort_by_key(|e| (e.effective, e.seq));
    out
}

/// A person's history as periods, oldest first: the role over time, each level as
/// recorded (in the framework version of the event that named it). Scheduled events are
/// periods too; [`role_on`] is the question for one day.
pub fn periods(events: &[RoleEvent]) -> Vec<Period<'_>> {
    walk(events_that_count(events))
}

fn walk<'e>(counting: impl IntoIterator<Item = &'e RoleEvent>) -> Vec<Period<'e>> {
    let mut periods: Vec<Period<'e>> = Vec::new();
    // Whether the last period is in progress (no exit since).
    let mut open = false;
    // The level held before the latest trial started: where a trial that ends in a return
    // without naming a level goes back to.
    let mut before_trial: Option<Recorded> = None;
    for event in counting {
        let date = event.effective;
        let named = event.level.as_ref().map(|level| Recorded {
            level: level.clone(),
            version: event.framework_version,
        });
        let current = periods.last().filter(|_| open).cloned();
        let next = match (event.kind, current) {
            (EventKind::Hire | EventKind::Baseline, current) => {
                let Some(held) = named else { continue };
                Period {
                    status: PersonStatus::Active,
                    since: date,
                    trial: None,
                    starts_line: current.is_none(),
                    ..Period::new(event, held)
                }
            }
            (_, None) => continue,
            (EventKind::Promotion | EventKind::Move, Some(current)) => {
                let Some(held) = named else { continue };
                Period {
                    since: date,
                    ..current.continued(event, held)
                }
            }
            (EventKind::TrialStart, Some(current)) => {
                let Some(held) = named else { continue };
                before_trial = Some(current.held.clone());
                Period {
                    since: date,
                    trial: Some(TrialPeriod {
                        from: current.held.clone(),
                        started: date,
                        until: event.until,
                    }),
                    ..current.continued(event, held)
                }
            }
            (EventKind::TrialExtend, Some(_)) => {
                if let Some(trial) = periods.last_mut().and_then(|p| p.trial.as_mut()) {
                    trial.until = event.until.or(trial.until);
                }
                continue;
            }
            (EventKind::TrialEnd, Some(current)) => {
                let returning = event.outcome == Some(TrialOutcome::Return);
                let back = before_trial.take();
                let period = if returning {
                    let held = named.or(back).unwrap_or_else(|| current.held.clone());
                    Period {
                        since: date,
                        ..current.continued(event, held)
                    }
                } else {
                    let held = current.held.clone();
                    current.continued(event, held)
                };
                Period {
                    trial: None,
                    ..period
                }
            }
            (EventKind::Leave | EventKind::CareerBreak, Some(current)) => Period {
                status: if event.kind == EventKind::Leave {
                    PersonStatus::OnLeave
                } else {
                    PersonStatus::OnCareerBreak
                },
                ..current.continued(event, current.held.clone())
            },
            (EventKind::Return, Some(current)) => {
                let held = named.unwrap_or_else(|| current.held.clone());
                Period {
                    status: PersonStatus::Active,
                    since: if held == current.held {
                        current.since
                    } else {
                        date
                    },
                    ..current.continued(event, held)
                }
            }
            (EventKind::Exit, Some(_)) => {
                if let Some(last) = periods.last_mut() {
                    last.to = Some(date);
                    last.ended_by_exit = true;
                }
                open = false;
                continue;
            }
        };
        if let Some(last) = periods.last_mut().filter(|_| open) {
            last.to = Some(date);
        }
        periods.push(next);
        open = true;
    }
    periods
}

impl<'e> Period<'e> {
    fn new(began: &'e RoleEvent, held: Recorded) -> Self {
        Self {
            began,
            from: began.effective,
            to: None,
            status: PersonStatus::Active,
            held,
            since: began.effective,
            trial: None,
            starts_line: false,
            ended_by_exit: false,
        }
    }

    /// The period `began` starts after this one: status, `since` and trial carried on.
    fn continued(&self, began: &'e RoleEvent, held: Recorded) -> Self {
        Self {
            status: self.status,
            since: self.since,
            trial: self.trial.clone(),
            ..Self::new(began, held)
        }
    }
}

/// The framework version a role on a day is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terms {
    /// The version of the event that placed the person at the level: each level as it was
    /// recorded.
    AsRecorded,
    /// One version for everyone: a level recorded under another version is followed into
    /// this one by its id or by `renamed_from` (through every version in between).
    Version(u32),
}

/// A person's role on a day, normalised: level, track, grade and trial all read in one
/// framework version, `framework_version`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleOn {
    /// Exited on and after the day of an exit.
    pub status: PersonStatus,
    /// The level held (during a trial, the trial's level; after an exit, the last held).
    pub level: LevelId,
    /// The level's track and grade in `framework_version`; `None` when that version is not
    /// among the frameworks given or does not hold the level.
    pub track: Option<TrackId>,
    pub grade: Option<GradeId>,
    /// The version the role is read in: the one asked for, or the level's recorded version
    /// when the level has no counterpart in the one asked for.
    pub framework_version: u32,
    /// When the level was taken up.
    pub since: Date,
    /// A management trial in progress on the day; `target` is `level`.
    pub trial: Option<Trial>,
}

/// The role `events` (one person's history, in any order) place the person in on `day`:
/// the events effective on or before `day` count, scheduled ones (dated after it) do not,
/// and a corrected event never counts. `None` before the first hire or baseline.
///
/// *Normalised* means the answer is read in one framework version, whatever version each
/// event was recorded under: with [`Terms::Version`], a level recorded under an older (or
/// newer) version is expressed by its counterpart in the version asked for (the same id
/// where it still exists, else the level that names it in `renamed_from`), so roles of
/// people recorded years apart compare directly; with [`Terms::AsRecorded`], the version
/// of the event that placed the person at the level. A level without a counterpart stays
/// as recorded, and `framework_version` says so.
///
/// Pure: no clock (`day` is the caller's) and no I/O (`frameworks` are the versions the
/// caller holds).
pub fn role_on(
    frameworks: &impl Frameworks,
    events: &[RoleEvent],
    day: Date,
    terms: Terms,
) -> Option<RoleOn> {
    let counting = events_that_count(events)
        .into_iter()
        .take_while(|e| e.effective <= day);
    let periods = walk(counting);
    let last = periods.last()?;
    Some(express(frameworks, last, terms))
}

/// Everyone's role on `day` ([`role_on`] for each history, in the same terms), by person.
/// Each history is one person's events; people without a role on `day` (hired later, or
/// an empty history) are left out.
pub fn roles_on<'h>(
    frameworks: &impl Frameworks,
    histories: impl IntoIterator<Item = &'h [RoleEvent]>,
    day: Date,
    terms: Terms,
) -> BTreeMap<PersonId, RoleOn> {
    histories
        .into_iter()
        .filter_map(|events| {
            let person = events.first()?.person;
            Some((person, role_on(frameworks, events, day, terms)?))
        })
        .collect()
}

fn express(frameworks: &impl Frameworks, period: &Period<'_>, terms: Terms) -> RoleOn {
    let held = &period.held;
    let wanted = match terms {
        Terms::AsRecorded => held.version,
        Terms::Version(version) => version,
    };
    let (level, version) = match levels::carry(frameworks, &held.level, held.version, wanted) {
        Some(level) => (level, wanted),
        None => (held.level.clone(), held.version),
    };
    let placed = frameworks.get(version).and_then(|fw| fw.level(&level));
    let exited = period.ended_by_exit;
    let trial = period.trial.as_ref().filter(|_| !exited).map(|t| Trial {
        from_level: levels::carry(frameworks, &t.from.level, t.from.version, version)
            .unwrap_or_else(|| t.from.level.clone()),
        target: level.clone(),
        started: t.started,
        until: t.until,
    });
    RoleOn {
        status: if exited {
            PersonStatus::Exited
        } else {
            period.status
        },
        track: placed.map(|(track, _)| track.id.clone()),
        grade: placed.and_then(|(_, l)| l.grade.clone()),
        level,
        framework_version: version,
        since: period.since,
        trial,
    }
}
