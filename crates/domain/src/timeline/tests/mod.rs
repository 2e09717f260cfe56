//! Timeline tests on the built-in framework, and the helpers they share: events built by
//! kind, and a `History` that appends through `prepare` the way the store does.

mod away;
mod histories;
mod language;
mod periods;
mod preview;
mod properties;
mod rules;
mod scheduled;
mod trials;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use pendulum_framework::ids::{GradeId, LevelId, TrackId};
use pendulum_framework::model::Move;
use pendulum_framework::{Framework, builtin, check_str};
use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::error::noun;
use super::*;
use crate::event::TrialOutcome;
use crate::ids::PersonId;

static BUILTIN: LazyLock<Framework> = LazyLock::new(|| {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .expect("the built-in framework checks")
        .framework
});

const PERSON: PersonId =
    PersonId::from_uuid(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0001));

fn builtin_v1() -> (u32, &'static Framework) {
    (1, &*BUILTIN)
}

/// The built-in framework changed by `change`, for rules the built-in cannot show.
fn variant(change: impl FnOnce(&mut Framework)) -> Framework {
    let mut fw = BUILTIN.clone();
    change(&mut fw);
    fw
}

fn level(id: &str) -> LevelId {
    LevelId::new(id).unwrap()
}

fn event_id(n: u128) -> EventId {
    EventId::from_uuid(Uuid::from_u128(
        0x0195_0000_0000_7000_9000_0000_0000_0000 + n,
    ))
}

fn event(kind: EventKind, effective: Date, level_id: Option<&str>) -> RoleEvent {
    RoleEvent {
        id: EventId::new(),
        person: PERSON,
        seq: 0,
        kind,
        effective,
        recorded_at: OffsetDateTime::UNIX_EPOCH,
        framework_version: 1,
        level: level_id.map(level),
        until: None,
        outcome: None,
        reason: None,
        supersedes: None,
    }
}

fn hire(on: Date, at: &str) -> RoleEvent {
    event(EventKind::Hire, on, Some(at))
}
fn baseline(on: Date, at: &str) -> RoleEvent {
    event(EventKind::Baseline, on, Some(at))
}
fn promotion(on: Date, to: &str) -> RoleEvent {
    event(EventKind::Promotion, on, Some(to))
}
fn move_to(on: Date, to: Option<&str>) -> RoleEvent {
    event(EventKind::Move, on, to)
}
fn trial_start(on: Date, target: &str) -> RoleEvent {
    event(EventKind::TrialStart, on, Some(target))
}
/// An extension with a reason, which the built-in framework asks for.
fn trial_extend(on: Date, until: Option<Date>) -> RoleEvent {
    RoleEvent {
        until,
        reason: Some("More time to see the team through its first quarter".into()),
        ..event(EventKind::TrialExtend, on, None)
    }
}
fn trial_end(on: Date, outcome: Option<TrialOutcome>) -> RoleEvent {
    RoleEvent {
        outcome,
        ..event(EventKind::TrialEnd, on, None)
    }
}
fn leave(on: Date) -> RoleEvent {
    event(EventKind::Leave, on, None)
}
fn career_break(on: Date) -> RoleEvent {
    event(EventKind::CareerBreak, on, None)
}
fn back(on: Date) -> RoleEvent {
    event(EventKind::Return, on, None)
}
fn exit(on: Date) -> RoleEvent {
    event(EventKind::Exit, on, None)
}

/// A history built the way the store builds one: every append goes through `prepare`, is
/// stored under the next sequence number, and folding the stored events from scratch must
/// give the role `prepare` promised.
struct History<F: Frameworks> {
    frameworks: F,
    events: Vec<RoleEvent>,
}

impl History<(u32, &'static Framework)> {
    fn new() -> Self {
        Self::on(builtin_v1())
    }
}

impl<F: Frameworks> History<F> {
    fn on(frameworks: F) -> Self {
        Self {
            frameworks,
            events: Vec::new(),
        }
    }

    fn append(&mut self, proposed: RoleEvent) -> Result<CurrentRole, TimelineError> {
        let before = self.events.len();
        let (mut stored, role) = prepare(&self.frameworks, &self.events, proposed)?;
        stored.seq = role.last_event_seq;
        stored.id = event_id(u128::from(stored.seq));
        self.events.push(stored);
        assert_eq!(self.events.len(), before + 1);
        assert_eq!(fold(&self.frameworks, &self.events).as_ref(), Ok(&role));
        Ok(role)
    }

    #[track_caller]
    fn ok(&mut self, proposed: RoleEvent) -> CurrentRole {
        self.append(proposed)
            .unwrap_or_else(|e| panic!("refused: {e}"))
    }

    #[track_caller]
    fn refused(&mut self, proposed: RoleEvent) -> TimelineError {
        let before = self.events.clone();
        let error = self.append(proposed).expect_err("should be refused");
        assert_eq!(self.events, before, "a refused event is not stored");
        error
    }

    fn last(&self) -> &RoleEvent {
        self.events.last().unwrap()
    }

    fn id_of(&self, seq: u32) -> EventId {
        self.events.iter().find(|e| e.seq == seq).unwrap().id
    }
}

/// Someone hired as Engineer II (ic-2) on 2018-01-08 and promoted to Senior Engineer
/// (ic-3) on 2019-07-01.
fn senior_engineer() -> History<(u32, &'static Framework)> {
    let mut h = History::new();
    h.ok(hire(date!(2018 - 01 - 08), "ic-2"));
    h.ok(promotion(date!(2019 - 07 - 01), "ic-3"));
    h
}

/// Senior Engineer (ic-3) in a management trial at Engineering Manager (em-1) since
/// 2020-03-02.
fn on_trial() -> History<(u32, &'static Framework)> {
    let mut h = senior_engineer();
    h.ok(trial_start(date!(2020 - 03 - 02), "em-1"));
    h
}

/// Senior Engineer (ic-3) who moved to Engineering Manager (em-1) on 2020-03-02.
fn manager() -> History<(u32, &'static Framework)> {
    let mut h = senior_engineer();
    h.ok(move_to(date!(2020 - 03 - 02), Some("em-1")));
    h
}
