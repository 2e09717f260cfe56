//! Role-history events. A person's role history is a sequence of these, appended and never
//! changed: a correction is a new event that supersedes an earlier one.

use pendulum_framework::ids::LevelId;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::ids::{EventId, PersonId};
use crate::person::InvalidValue;

/// How a management trial ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrialOutcome {
    /// The person stays in the role they trialled.
    Stay,
    /// The person returns, by the guaranteed return path.
    Return,
}

impl TrialOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stay => "stay",
            Self::Return => "return",
        }
    }

    /// `stay` or `return`, as every door reads it.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        match s.trim() {
            "stay" => Ok(Self::Stay),
            "return" => Ok(Self::Return),
            other => {
                let shown = if other.chars().count() <= 40 {
                    format!("{other:?}")
                } else {
                    "this value".to_string()
                };
                Err(InvalidValue(format!(
                    "{shown} is not a trial outcome: use stay or return"
                )))
            }
        }
    }
}

/// What happened. Every kind that places the person at a level carries it in
/// [`RoleEvent::level`]; the others leave it empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The starting point of someone imported without history (level required).
    Baseline,
    /// Joining the organisation (level required).
    Hire,
    /// A higher level on the same track (level required).
    Promotion,
    /// A move to another track: IC → management, management → IC, or lateral (level
    /// required). A move, whichever way it goes: the same word in both directions.
    Move,
    /// The start of a management trial at a level on a management track (level required).
    TrialStart,
    /// A trial extended (no level; the reason says why).
    TrialExtend,
    /// A trial ended: the outcome says whether the person stays or returns.
    TrialEnd,
    /// Leave (parental, medical, sabbatical…): the role is kept.
    Leave,
    /// A career break: time away, with a way back.
    CareerBreak,
    /// Back from leave or a career break (level optional: the level returned to, when it
    /// differs from the one held before).
    Return,
    /// Leaving the organisation.
    Exit,
}

impl EventKind {
    pub const ALL: [EventKind; 11] = [
        Self::Baseline,
        Self::Hire,
        Self::Promotion,
        Self::Move,
        Self::TrialStart,
        Self::TrialExtend,
        Self::TrialEnd,
        Self::Leave,
        Self::CareerBreak,
        Self::Return,
        Self::Exit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Hire => "hire",
            Self::Promotion => "promotion",
            Self::Move => "move",
            Self::TrialStart => "trial-start",
            Self::TrialExtend => "trial-extend",
            Self::TrialEnd => "trial-end",
            Self::Leave => "leave",
            Self::CareerBreak => "career-break",
            Self::Return => "return",
            Self::Exit => "exit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether an event of this kind must name a level.
    pub fn requires_level(self) -> bool {
        matches!(
            self,
            Self::Baseline | Self::Hire | Self::Promotion | Self::Move | Self::TrialStart
        )
    }

    /// A neutral label for people.
    /// The kind as a noun in a sentence: "the promotion of 2020-09-01", "the hire on …".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Hire => "hire",
            Self::Promotion => "promotion",
            Self::Move => "move between tracks",
            Self::TrialStart => "start of a management trial",
            Self::TrialExtend => "extension of a management trial",
            Self::TrialEnd => "end of a management trial",
            Self::Leave => "start of leave",
            Self::CareerBreak => "start of a career break",
            Self::Return => "return from leave or a career break",
            Self::Exit => "exit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Baseline => "baseline",
            Self::Hire => "joined",
            Self::Promotion => "promotion",
            Self::Move => "move between tracks",
            Self::TrialStart => "management trial started",
            Self::TrialExtend => "management trial extended",
            Self::TrialEnd => "management trial ended",
            Self::Leave => "leave",
            Self::CareerBreak => "career break",
            Self::Return => "returned",
            Self::Exit => "left",
        }
    }
}

/// One event of a person's role history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleEvent {
    pub id: EventId,
    pub person: PersonId,
    /// Per-person sequence number, from 1: unique, so that two writers appending at once
    /// cannot both succeed (optimistic concurrency without locks).
    pub seq: u32,
    pub kind: EventKind,
    /// When it took effect.
    pub effective: Date,
    /// When it was recorded (UTC).
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
    /// The framework version it was recorded under.
    pub framework_version: u32,
    /// The level it places the person at, by stable level id.
    pub level: Option<LevelId>,
    /// For `TrialStart`: the trial's planned end. For `TrialExtend`: the new end.
    pub until: Option<Date>,
    /// For `TrialEnd`.
    pub outcome: Option<TrialOutcome>,
    pub reason: Option<String>,
    /// The earlier event this one corrects; the corrected event no longer counts.
    pub supersedes: Option<EventId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_stay_or_return() {
        assert_eq!(TrialOutcome::parse(" stay"), Ok(TrialOutcome::Stay));
        assert_eq!(TrialOutcome::parse("return"), Ok(TrialOutcome::Return));
        assert_eq!(
            TrialOutcome::parse("leave").unwrap_err().0,
            "\"leave\" is not a trial outcome: use stay or return"
        );
        for o in [TrialOutcome::Stay, TrialOutcome::Return] {
            assert_eq!(TrialOutcome::parse(o.as_str()), Ok(o));
        }
    }
}
