//! What recording an event will change, said before it is recorded: the history with the
//! event in place, the later entries a back-dated event precedes (the rules check them
//! again with it in place, and the timeline after them can change), and the level the rules
//! record when it is not the one asked for (a move back from management lands at least on
//! its guaranteed return path).
//!
//! One pure function, [`preview`], that the pages, the API and the command line share, so
//! that all three warn about the same entries and explain a raised level in the same words.
//! [`raised_levels`] answers the form's question "which levels would the rules not record as
//! asked?" ahead of any choice, and [`raised_because`] says why in the same words.

use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_framework::model::TrackKind;
use time::Date;

use super::levels::describe;
use super::{Frameworks, Standing, TimelineError, counting, fold_on, prepare_on};
use crate::event::{EventKind, RoleEvent, TrialOutcome};

/// What recording an event will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The event as it will be stored: what the rules decide is filled in (a trial's planned
    /// end, the level a return lands on). Its `seq` is the next sequence number.
    pub event: RoleEvent,
    /// The whole history with the event in place, as stored after recording it.
    pub events: Vec<RoleEvent>,
    /// The entries that still count and take effect after the event, soonest first: a
    /// back-dated event precedes them. Empty for an event dated on or after every other.
    pub later: Vec<RoleEvent>,
    /// Set when the rules record another level than the one asked for.
    pub raised: Option<Raised>,
    /// Where the person stands on the day asked about once the event is recorded.
    pub standing: Standing,
}

/// A level the rules recorded instead of the one asked for, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raised {
    /// The level asked for; `None` when none was named and the rules chose it.
    pub asked: Option<LevelId>,
    pub recorded: LevelId,
    /// The whole explanation in one sentence: "Recorded at Staff Engineer (ic-4), not
    /// Engineer I (ic-1): the return path of Engineering Manager (em-1) guarantees Staff
    /// Engineer (ic-4)."
    pub explanation: String,
}

impl Preview {
    /// Whether recording the event needs an explicit confirmation: it is back-dated (dated
    /// before entries already recorded) and not a correction. A correction rewrites an
    /// entry on purpose, with a reason that says why; its preview still names the entries
    /// it comes before.
    pub fn needs_confirmation(&self) -> bool {
        !self.later.is_empty() && self.event.supersedes.is_none()
    }

    /// The warning a back-dated event gets, naming the entries it precedes: "Dated
    /// 2019-01-07, this entry comes before 2 entries already recorded: the promotion of
    /// 2019-07-01 (entry 2), … They are checked again with it in place, and the timeline
    /// after it may change."
    pub fn backdated_warning(&self) -> Option<String> {
        if self.later.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .later
            .iter()
            .map(|e| format!("the {} of {} (entry {})", e.kind.noun(), e.effective, e.seq))
            .collect();
        let count = match self.later.len() {
            1 => "an entry".to_string(),
            n => format!("{n} entries"),
        };
        Some(format!(
            "Dated {}, this entry comes before {count} already recorded: {}. They are checked \
             again with it in place, and the timeline after it may change.",
            self.event.effective,
            names.join(", ")
        ))
    }
}

/// What recording `proposed` in a history of `existing` events will do, on `today`: the
/// same check as an append ([`prepare_on`]), so a preview that answers `Ok` is an event
/// the store will take (unless the history changes meanwhile), and an `Err` is the refusal
/// recording would give.
pub fn preview(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    proposed: RoleEvent,
    today: Date,
) -> Result<Preview, TimelineError> {
    let asked = proposed.level.clone();
    let (mut event, standing) = prepare_on(frameworks, existing, proposed, today)?;
    event.seq = standing.last_event_seq;
    let events: Vec<RoleEvent> = existing.iter().cloned().chain([event.clone()]).collect();
    let all: Vec<&RoleEvent> = events.iter().collect();
    let later = counting(&all)?
        .into_iter()
        .filter(|e| e.effective > event.effective)
        .cloned()
        .collect();
    let raised = match &event.level {
        Some(recorded) if asked.as_ref() != Some(recorded) => Some(Raised {
            explanation: explain(frameworks, existing, &event, asked.as_ref(), recorded),
            asked,
            recorded: recorded.clone(),
        }),
        _ => None,
    };
    Ok(Preview {
        event,
        events,
        later,
        raised,
        standing,
    })
}

/// The levels of an individual-contributor track of framework `version` that a move on
/// `on` would not land on as asked, each with the level it would land on instead: for
/// someone in management, the levels below their guaranteed return. Empty for anyone a
/// move would land where asked, and for a history the rules refuse.
pub fn raised_levels(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    version: u32,
    on: Date,
) -> Vec<(LevelId, LevelId)> {
    let (Some(fw), Some(person)) = (frameworks.get(version), existing.first().map(|e| e.person))
    else {
        return Vec::new();
    };
    let ic_levels = fw
        .tracks
        .iter()
        .filter(|t| t.kind == TrackKind::IndividualContributor)
        .flat_map(|t| &t.levels);
    let mut raised = Vec::new();
    for level in ic_levels {
        let proposed = RoleEvent {
            id: crate::ids::EventId::new(),
            person,
            seq: 0,
            kind: EventKind::Move,
            effective: on,
            recorded_at: time::OffsetDateTime::UNIX_EPOCH,
            framework_version: version,
            level: Some(level.id.clone()),
            until: None,
            outcome: None,
            reason: None,
            supersedes: None,
        };
        if let Ok((event, _)) = prepare_on(frameworks, existing, proposed, on)
            && let Some(landed) = event.level.filter(|l| l != &level.id)
        {
            raised.push((level.id.clone(), landed));
        }
    }
    raised
}

/// Why a move on `on` would not land as asked on the levels [`raised_levels`] lists, in
/// words: "the return path of Engineering Manager (em-1) guarantees Staff Engineer (ic-4)".
/// The same words as the explanation of a raised level ([`Raised::explanation`]), so a form
/// that leaves those levels out can say why. `None` when every level lands as asked.
pub fn raised_because(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    version: u32,
    on: Date,
) -> Option<String> {
    let (asked, _) = raised_levels(frameworks, existing, version, on)
        .into_iter()
        .next()?;
    let person = existing.first()?.person;
    let proposed = RoleEvent {
        id: crate::ids::EventId::new(),
        person,
        seq: 0,
        kind: EventKind::Move,
        effective: on,
        recorded_at: time::OffsetDateTime::UNIX_EPOCH,
        framework_version: version,
        level: Some(asked),
        until: None,
        outcome: None,
        reason: None,
        supersedes: None,
    };
    let (event, _) = prepare_on(frameworks, existing, proposed, on).ok()?;
    let recorded = event.level.clone()?;
    let fw = frameworks.get(version)?;
    Some(why(frameworks, fw, existing, &event, &recorded))
}

/// Why the rules record `recorded` rather than `asked`, as a sentence.
fn explain(
    frameworks: &impl Frameworks,
    existing: &[RoleEvent],
    event: &RoleEvent,
    asked: Option<&LevelId>,
    recorded: &LevelId,
) -> String {
    let Some(fw) = frameworks.get(event.framework_version) else {
        return format!("Recorded at {recorded}.");
    };
    let head = match asked {
        Some(asked) => format!(
            "Recorded at {}, not {}",
            describe(fw, recorded),
            describe(fw, asked)
        ),
        None => format!("Recorded at {}", describe(fw, recorded)),
    };
    format!(
        "{head}: {}.",
        why(frameworks, fw, existing, event, recorded)
    )
}

/// The reason the rules record `recorded` for `event` (of framework `fw`): the trial's
/// return, the return path of the level held, or the level held before management.
fn why(
    frameworks: &impl Frameworks,
    fw: &Framework,
    existing: &[RoleEvent],
    event: &RoleEvent,
    recorded: &LevelId,
) -> String {
    if event.kind == EventKind::TrialEnd && event.outcome == Some(TrialOutcome::Return) {
        return "a management trial that ends in a return lands at least on the level held \
                before the trial, or on the return path of the trial's level when that is higher"
            .to_string();
    }
    match held_before(frameworks, existing, event) {
        Some((held_fw, held)) => match fw.transitions.return_paths.get(&held) {
            Some(path) if path == recorded => format!(
                "the return path of {} guarantees {}",
                describe(held_fw, &held),
                describe(fw, recorded)
            ),
            _ => format!(
                "a move back from {} lands at least on the level held before entering \
                 management, or on its return path when that is higher",
                describe(held_fw, &held)
            ),
        },
        None => {
            "the guaranteed return path decides where a move back from management lands".to_string()
        }
    }
}

/// The level held just before `event` takes effect (the other events of its day count
/// first, as they are recorded earlier), with the framework it is read in.
fn held_before<'f, F: Frameworks>(
    frameworks: &'f F,
    existing: &[RoleEvent],
    event: &RoleEvent,
) -> Option<(&'f Framework, LevelId)> {
    let others: Vec<RoleEvent> = existing
        .iter()
        .filter(|e| Some(e.id) != event.supersedes)
        .cloned()
        .collect();
    let role = fold_on(frameworks, &others, event.effective).ok()?.role?;
    Some((frameworks.get(role.framework_version)?, role.level))
}
