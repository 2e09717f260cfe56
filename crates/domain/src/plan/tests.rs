//! Plans on the built-in framework: what a draft accepts, the fold of steps, the actions'
//! rules, checkpoints; and a property test that runs random sequences of plan, trial and
//! pay actions through the real rules (`check`, `timeline::prepare`,
//! `pay::return_protection`) against a small reference model.

use std::sync::LazyLock;

use pendulum_framework::{Framework, builtin, check_str};
use proptest::prelude::*;
use time::macros::date;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::*;
use crate::event::{EventKind, RoleEvent, TrialOutcome};
use crate::ids::{EventId, PayEventId, PersonId};
use crate::pay::{Money, PayEvent, return_protection};
use crate::timeline::{CurrentRole, add_months, fold, prepare, trial_returns};

static BUILTIN: LazyLock<Framework> = LazyLock::new(|| {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .expect("the built-in framework checks")
        .framework
});

const PERSON: PersonId =
    PersonId::from_uuid(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0001));
const MENTOR: PersonId =
    PersonId::from_uuid(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0002));

fn level(id: &str) -> LevelId {
    LevelId::new(id).unwrap()
}

fn input(target: &str, criteria: &[&str]) -> PlanInput {
    PlanInput {
        target_level: target.to_string(),
        motivation: "I enjoy helping the team grow".to_string(),
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        conversations: "Every other Tuesday, in our one-to-one".to_string(),
        ..PlanInput::default()
    }
}

fn draft(held: &str, input: &PlanInput) -> Result<PlanContent, PlanRefused> {
    PlanContent::draft(&BUILTIN, 1, PERSON, &level(held), input)
}

fn trial_plan() -> PlanContent {
    let mut i = input("em-1", &["people-management", "communication"]);
    i.trial = true;
    i.mentor = Some(MENTOR);
    draft("ic-3", &i).unwrap()
}

#[test]
fn a_draft_keeps_the_expectations_words_and_the_frameworks_policy() {
    let plan = trial_plan();
    assert_eq!(plan.plan_move, PlanMove::ToManagement);
    assert_eq!(plan.target_title, "Engineering Manager");
    // In the framework's order, whatever order they were chosen in.
    let ids: Vec<&str> = plan
        .criteria
        .iter()
        .map(|c| c.competency.as_str())
        .collect();
    let mut chosen = vec!["communication", "people-management"];
    let (_, em1) = BUILTIN.level(&level("em-1")).unwrap();
    chosen.sort_by_key(|id| {
        em1.expectations
            .iter()
            .position(|e| e.competency.as_str() == *id)
    });
    assert_eq!(ids, chosen);
    let (_, em1) = BUILTIN.level(&level("em-1")).unwrap();
    let expected = em1
        .expectation(&CompetencyId::new("people-management").unwrap())
        .unwrap();
    let c = plan
        .criteria
        .iter()
        .find(|c| c.competency.as_str() == "people-management")
        .unwrap();
    assert_eq!(c.framework_version, 1);
    assert_eq!(c.level, level("em-1"));
    assert!(!c.text.is_empty());
    for line in &expected.criteria {
        assert!(c.text.contains(line.trim()), "{line} in {}", c.text);
    }
    assert_eq!(plan.checkpoint_days, [30, 60, 90]);
    assert_eq!(plan.trial_months, BUILTIN.transition_policy().trial_months);
    let onboarding = BUILTIN
        .transition_policy()
        .onboarding(Direction::ToManagement);
    assert_eq!(plan.onboarding.len(), onboarding.len());
    assert!(!plan.onboarding.is_empty());
}

#[test]
fn a_move_back_to_individual_contribution_may_propose_a_title() {
    let mut i = input("ic-4", &["technical-depth"]);
    i.proposed_title = Some("  Staff Engineer, Platform ".to_string());
    let plan = draft("em-1", &i).unwrap();
    assert_eq!(plan.plan_move, PlanMove::ToIc);
    assert_eq!(
        plan.proposed_title.as_deref(),
        Some("Staff Engineer, Platform")
    );
    assert!(plan.checkpoint_days.is_empty());
    // Towards management, a title is refused, and so is a trial towards IC.
    let mut i = input("em-1", &["people-management"]);
    i.proposed_title = Some("Boss".to_string());
    assert_eq!(
        draft("ic-3", &i).unwrap_err().field,
        PlanField::ProposedTitle
    );
    let mut i = input("ic-4", &["technical-depth"]);
    i.trial = true;
    let refused = draft("em-1", &i).unwrap_err();
    assert_eq!(refused.field, PlanField::Trial);
    assert!(refused.message.contains("into management"));
}

#[test]
fn a_draft_refuses_what_it_cannot_keep() {
    let cases: Vec<(PlanInput, PlanField, &str)> = vec![
        (
            input("vp-9", &[]),
            PlanField::TargetLevel,
            "\"vp-9\" is not one",
        ),
        (input("ic-3", &[]), PlanField::TargetLevel, "you hold"),
        (input("em-1", &[]), PlanField::Criteria, "at least one"),
        (
            input("em-1", &["budget-juggling"]),
            PlanField::Criteria,
            "is not an expectation of Engineering Manager",
        ),
        (
            input("em-1", &["communication", "communication"]),
            PlanField::Criteria,
            "twice",
        ),
        (
            PlanInput {
                motivation: "  ".into(),
                ..input("em-1", &["communication"])
            },
            PlanField::Motivation,
            "write your motivation",
        ),
        (
            PlanInput {
                motivation: "x".repeat(MAX_TEXT_CHARS + 1),
                ..input("em-1", &["communication"])
            },
            PlanField::Motivation,
            "at most",
        ),
        (
            PlanInput {
                mentor: Some(PERSON),
                ..input("em-1", &["communication"])
            },
            PlanField::Mentor,
            "someone else",
        ),
        (
            PlanInput {
                interim_team: vec![MENTOR],
                ..input("em-1", &["communication"])
            },
            PlanField::InterimTeam,
            "for a management trial",
        ),
        (
            PlanInput {
                trial: true,
                interim_team: vec![MENTOR, MENTOR],
                ..input("em-1", &["communication"])
            },
            PlanField::InterimTeam,
            "twice",
        ),
        (
            PlanInput {
                trial: true,
                interim_team: vec![PERSON],
                ..input("em-1", &["communication"])
            },
            PlanField::InterimTeam,
            "your own",
        ),
        (
            PlanInput {
                conversations: "ring\u{7}bell".into(),
                ..input("em-1", &["communication"])
            },
            PlanField::Conversations,
            "",
        ),
    ];
    for (i, field, words) in cases {
        let refused = draft("ic-3", &i).expect_err("refused");
        assert_eq!(refused.field, field, "{refused}");
        assert!(refused.message.contains(words), "{refused}");
    }
    let long = input(&"x".repeat(500), &[]);
    let refused = draft("ic-3", &long).unwrap_err();
    assert!(refused.message.len() < 200, "not echoed: {refused}");
}

fn step(seq: u32, kind: StepKind) -> Step {
    Step {
        seq,
        at: OffsetDateTime::UNIX_EPOCH,
        kind,
    }
}

#[test]
fn agreement_is_to_a_revision_and_a_revision_asks_for_it_again() {
    let mut steps = vec![step(
        1,
        StepKind::Agreed {
            party: Party::Person,
            revision: 1,
        },
    )];
    assert_eq!(Status::of(&steps).state, PlanState::Draft);
    steps.push(step(
        2,
        StepKind::Agreed {
            party: Party::Manager,
            revision: 1,
        },
    ));
    assert_eq!(Status::of(&steps).state, PlanState::Agreed);
    steps.push(step(3, StepKind::Revised { revision: 2 }));
    let s = Status::of(&steps);
    assert_eq!(
        (s.state, s.revision, s.person_agreed, s.manager_agreed),
        (PlanState::Draft, 2, false, false)
    );
    // An agreement to an older revision does not count.
    steps.push(step(
        4,
        StepKind::Agreed {
            party: Party::Manager,
            revision: 1,
        },
    ));
    assert!(!Status::of(&steps).manager_agreed);
}

#[test]
fn only_the_right_party_acts_and_only_in_the_right_state() {
    let plan = trial_plan();
    let draft = Status::of(&[]);
    assert!(check(&plan, &draft, Actor::Person, Action::Agree, false).is_ok());
    assert!(check(&plan, &draft, Actor::Manager, Action::Agree, false).is_ok());
    assert!(check(&plan, &draft, Actor::Mentor, Action::Agree, false).is_err());
    assert!(check(&plan, &draft, Actor::Manager, Action::Start, false).is_err());
    assert!(check(&plan, &draft, Actor::Manager, Action::Revise, false).is_err());
    let agreed = Status::of(&[
        step(
            1,
            StepKind::Agreed {
                party: Party::Person,
                revision: 1,
            },
        ),
        step(
            2,
            StepKind::Agreed {
                party: Party::Manager,
                revision: 1,
            },
        ),
    ]);
    assert!(check(&plan, &agreed, Actor::Person, Action::Start, false).is_err());
    assert!(check(&plan, &agreed, Actor::Manager, Action::Start, false).is_ok());
    let pending = check(&plan, &agreed, Actor::Manager, Action::Start, true).unwrap_err();
    assert!(pending.message.contains("proposed already"));
    assert!(check(&plan, &agreed, Actor::Manager, Action::Checkpoint, false).is_err());
}

#[test]
fn checkpoints_fall_on_the_frameworks_days_and_the_end() {
    let plan = trial_plan();
    let window = TrialWindow {
        started: date!(2026 - 01 - 05),
        until: Some(date!(2026 - 03 - 20)),
    };
    let due = checkpoints(&plan, window);
    let at: Vec<(String, Date)> = due.iter().map(|d| (d.at.as_string(), d.date)).collect();
    assert_eq!(
        at,
        [
            ("30".to_string(), date!(2026 - 02 - 04)),
            ("60".to_string(), date!(2026 - 03 - 06)),
            ("end".to_string(), date!(2026 - 03 - 20)),
        ],
        "day 90 falls after the end and is left out"
    );
    let ratings = vec![
        ("people-management".to_string(), "on-track".to_string()),
        ("communication".to_string(), "mixed".to_string()),
    ];
    let record =
        CheckpointRecord::new(&plan, window, Party::Person, "30", &ratings, "Going well").unwrap();
    // In the plan's order, whatever order they were sent in.
    let order: Vec<&str> = record.ratings.iter().map(|(c, _)| c.as_str()).collect();
    let criteria: Vec<&str> = plan
        .criteria
        .iter()
        .map(|c| c.competency.as_str())
        .collect();
    assert_eq!(order, criteria);
    let refused =
        CheckpointRecord::new(&plan, window, Party::Person, "90", &ratings, "").unwrap_err();
    assert!(refused.message.contains("30, 60, end"), "{refused}");
    let refused =
        CheckpointRecord::new(&plan, window, Party::Person, "30", &ratings[..1], "").unwrap_err();
    assert_eq!(refused.field, PlanField::Ratings);
    assert!(
        refused.message.contains("rate Communication too"),
        "{refused}"
    );
    let bad = vec![
        ("people-management".to_string(), "great".to_string()),
        ("communication".to_string(), "mixed".to_string()),
    ];
    let refused = CheckpointRecord::new(&plan, window, Party::Person, "30", &bad, "").unwrap_err();
    assert!(
        refused.message.contains("on-track, mixed or not-yet"),
        "{refused}"
    );
}

// ---------------------------------------------------------------------------------------
// Random sequences of actions against a reference model.

/// One thing that happens to a plan, its trial or the person's pay.
#[derive(Clone, Debug)]
enum Act {
    Revise,
    Agree(Actor),
    Start(Actor),
    End(Actor, EndChoice),
    Withdraw(Actor),
    Checkpoint(Actor),
    /// Pay recorded as the latest amount plus `delta` (in whole units), with or without a
    /// reason for paying less.
    Pay {
        delta: i64,
        reason: bool,
    },
    /// Time passes.
    Wait(u16),
}

/// Mostly the party an action is for, sometimes someone else: sequences reach a trial's
/// end often, and refusals are tried along the way.
fn actor(right: Actor) -> impl Strategy<Value = Actor> {
    prop_oneof![
        6 => Just(right),
        1 => Just(Actor::Person),
        1 => Just(Actor::Manager),
        1 => Just(Actor::Mentor),
    ]
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        1 => Just(Act::Revise),
        4 => prop_oneof![actor(Actor::Person), actor(Actor::Manager)].prop_map(Act::Agree),
        4 => actor(Actor::Manager).prop_map(Act::Start),
        5 => (
            actor(Actor::Manager),
            prop_oneof![Just(EndChoice::Stay), Just(EndChoice::Extend), Just(EndChoice::Return)]
        )
            .prop_map(|(a, c)| Act::End(a, c)),
        1 => prop_oneof![
            10 => Just(Act::Wait(1)),
            1 => actor(Actor::Person).prop_map(Act::Withdraw),
        ],
        2 => actor(Actor::Person).prop_map(Act::Checkpoint),
        4 => (-20_000i64..5_000, any::<bool>()).prop_map(|(delta, reason)| Act::Pay { delta, reason }),
        3 => (1u16..200).prop_map(Act::Wait),
    ]
}

/// The reference: what should happen, by simple bookkeeping.
#[derive(Debug)]
struct Model {
    state: PlanState,
    person_agreed: bool,
    manager_agreed: bool,
    extensions: u32,
    /// Pay before the trial started, once it did.
    pay_before_trial: Option<i64>,
    returned_on: Option<Date>,
    /// How many pay records there were at the return: those after it are protected.
    pay_at_return: usize,
}

impl Model {
    fn accepts(&self, act: &Act, today: Date, amount: i64, max_extensions: u32) -> bool {
        use PlanState::*;
        match *act {
            Act::Revise | Act::Withdraw(Actor::Person) => matches!(self.state, Draft | Agreed),
            Act::Withdraw(_) => false,
            Act::Agree(Actor::Person) => self.state == Draft && !self.person_agreed,
            Act::Agree(Actor::Manager) => self.state == Draft && !self.manager_agreed,
            Act::Agree(Actor::Mentor) => false,
            Act::Start(a) => a == Actor::Manager && self.state == Agreed,
            Act::End(a, choice) => {
                a == Actor::Manager
                    && self.state == Active
                    && (choice != EndChoice::Extend || self.extensions < max_extensions)
            }
            Act::Checkpoint(a) => a != Actor::Mentor && self.state == Active,
            Act::Pay { reason, .. } => {
                let protected = match (self.returned_on, self.pay_before_trial) {
                    (Some(back), Some(before)) => {
                        today < add_months(back, crate::pay::RETURN_PROTECTION_MONTHS)
                            && amount < before
                    }
                    _ => false,
                };
                !protected || reason
            }
            Act::Wait(_) => true,
        }
    }
}

/// The system: the real rules, applied the way the store applies them.
struct World {
    content: PlanContent,
    steps: Vec<Step>,
    events: Vec<RoleEvent>,
    pay: Vec<PayEvent>,
    today: Date,
}

fn money(units: i64) -> Money {
    Money::parse(&units.to_string(), "EUR").unwrap()
}

impl World {
    fn new() -> Self {
        let mut w = Self {
            content: trial_plan(),
            steps: Vec::new(),
            events: Vec::new(),
            pay: Vec::new(),
            today: date!(2024 - 01 - 08),
        };
        w.append(EventKind::Hire, Some("ic-3"), None, None).unwrap();
        w.record_pay(90_000, None);
        w.today += Duration::days(30);
        w
    }

    fn role(&self) -> CurrentRole {
        fold(&(1, &*BUILTIN), &self.events).expect("the history folds")
    }

    fn append(
        &mut self,
        kind: EventKind,
        level_id: Option<&str>,
        until: Option<Date>,
        outcome: Option<TrialOutcome>,
    ) -> Result<RoleEvent, String> {
        let proposed = RoleEvent {
            id: EventId::new(),
            person: PERSON,
            seq: 0,
            kind,
            effective: self.today,
            recorded_at: OffsetDateTime::UNIX_EPOCH,
            framework_version: 1,
            level: level_id.map(level),
            until,
            outcome,
            reason: Some("As agreed in the plan".to_string()),
            supersedes: None,
        };
        let (mut stored, role) =
            prepare(&(1, &*BUILTIN), &self.events, proposed).map_err(|e| e.to_string())?;
        stored.seq = role.last_event_seq;
        self.events.push(stored.clone());
        Ok(stored)
    }

    fn record_pay(&mut self, units: i64, reason: Option<&str>) {
        self.pay.push(PayEvent {
            id: PayEventId::new(),
            person: PERSON,
            seq: self.pay.len() as u32 + 1,
            amount: money(units),
            effective: self.today,
            recorded_at: OffsetDateTime::UNIX_EPOCH,
            reason: reason.map(str::to_string),
        });
    }

    fn latest_pay(&self) -> i64 {
        self.pay.last().unwrap().amount.minor / 100
    }

    fn push(&mut self, kind: StepKind) {
        let seq = self.steps.len() as u32 + 1;
        self.steps.push(step(seq, kind));
    }

    /// Applies `act`: `Ok` when accepted, the refusal's message otherwise.
    fn apply(&mut self, act: &Act, amount: i64) -> Result<(), String> {
        let status = Status::of(&self.steps);
        let checked = |actor, action| {
            check(&self.content, &status, actor, action, false).map_err(|r| r.message)
        };
        match *act {
            Act::Wait(days) => {
                self.today += Duration::days(i64::from(days));
                Ok(())
            }
            Act::Revise => {
                checked(Actor::Person, Action::Revise)?;
                self.push(StepKind::Revised {
                    revision: status.revision + 1,
                });
                Ok(())
            }
            Act::Agree(actor) => {
                checked(actor, Action::Agree)?;
                let party = if actor == Actor::Person {
                    Party::Person
                } else {
                    Party::Manager
                };
                self.push(StepKind::Agreed {
                    party,
                    revision: status.revision,
                });
                Ok(())
            }
            Act::Withdraw(actor) => {
                checked(actor, Action::Withdraw)?;
                self.push(StepKind::Withdrawn { reason: None });
                Ok(())
            }
            Act::Start(actor) => {
                checked(actor, Action::Start)?;
                let target = self.content.target_level.as_str().to_string();
                let event = self.append(EventKind::TrialStart, Some(&target), None, None)?;
                self.push(StepKind::Started {
                    event: event.id,
                    on: event.effective,
                    until: event.until,
                });
                Ok(())
            }
            Act::End(actor, choice) => {
                checked(actor, Action::End(choice))?;
                let event = match choice {
                    EndChoice::Extend => {
                        let until = add_months(
                            status.trial.unwrap().until.unwrap().max(self.today),
                            self.content.trial_months,
                        );
                        self.append(EventKind::TrialExtend, None, Some(until), None)?
                    }
                    EndChoice::Stay => {
                        self.append(EventKind::TrialEnd, None, None, Some(TrialOutcome::Stay))?
                    }
                    EndChoice::Return => {
                        self.append(EventKind::TrialEnd, None, None, Some(TrialOutcome::Return))?
                    }
                };
                self.push(match choice {
                    EndChoice::Extend => StepKind::Extended {
                        event: event.id,
                        until: event.until.unwrap(),
                    },
                    _ => StepKind::Ended {
                        event: event.id,
                        on: event.effective,
                        returned: choice == EndChoice::Return,
                    },
                });
                Ok(())
            }
            Act::Checkpoint(actor) => checked(actor, Action::Checkpoint),
            Act::Pay { reason, .. } => {
                let protection = return_protection(
                    &trial_returns(&self.events),
                    &self.pay,
                    &money(amount),
                    self.today,
                );
                match (protection, reason) {
                    (Some(p), false) => Err(format!(
                        "below the pay before the trial ({}) until {}",
                        p.before_trial.minor, p.protected_until
                    )),
                    _ => {
                        self.record_pay(amount, reason.then_some("Agreed with the person"));
                        Ok(())
                    }
                }
            }
        }
    }
}

fn rank(role_level: &LevelId) -> (String, usize) {
    let (track, _) = BUILTIN.level(role_level).unwrap();
    let at = track
        .levels
        .iter()
        .position(|l| &l.id == role_level)
        .unwrap();
    (track.id.as_str().to_string(), at)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Whatever happens, in whatever order: the plan and the model agree on what is
    /// accepted, a refusal says why, the history stays valid, the trial is extended at most
    /// as often as the framework allows, and nobody who returns lands below the level
    /// they held before the trial (or the return path) or is paid less than before it
    /// without a pay administrator's reason.
    #[test]
    fn plans_and_trials_follow_the_reference_model(acts in prop::collection::vec(act(), 1..60)) {
        let max_extensions = BUILTIN.transition_policy().max_extensions;
        let mut world = World::new();
        let mut model = Model {
            state: PlanState::Draft,
            person_agreed: false,
            manager_agreed: false,
            extensions: 0,
            pay_before_trial: None,
            returned_on: None,
            pay_at_return: 0,
        };
        for act in &acts {
            let amount = match act {
                Act::Pay { delta, .. } => (world.latest_pay() + delta).max(1),
                _ => 0,
            };
            let expected = model.accepts(act, world.today, amount, max_extensions);
            let got = world.apply(act, amount);
            prop_assert_eq!(got.is_ok(), expected, "{:?}: {:?} with {:?}", act, got, model);
            if let Err(message) = &got {
                prop_assert!(!message.trim().is_empty());
                prop_assert!(!message.to_lowercase().contains("demot"), "{}", message);
            }
            if got.is_err() {
                continue;
            }
            // The model follows.
            match *act {
                Act::Revise => {
                    model.state = PlanState::Draft;
                    model.person_agreed = false;
                    model.manager_agreed = false;
                }
                Act::Agree(a) => {
                    if a == Actor::Person { model.person_agreed = true } else { model.manager_agreed = true }
                    if model.person_agreed && model.manager_agreed {
                        model.state = PlanState::Agreed;
                    }
                }
                Act::Withdraw(_) => model.state = PlanState::Ended,
                Act::Start(_) => {
                    model.state = PlanState::Active;
                    // As the protection reads it: the latest pay dated before the trial.
                    model.pay_before_trial = world
                        .pay
                        .iter()
                        .filter(|p| p.effective < world.today)
                        .max_by_key(|p| (p.effective, p.seq))
                        .map(|p| p.amount.minor / 100);
                }
                Act::End(_, EndChoice::Extend) => model.extensions += 1,
                Act::End(_, EndChoice::Stay) => model.state = PlanState::Ended,
                Act::End(_, EndChoice::Return) => {
                    model.state = PlanState::Ended;
                    model.returned_on = Some(world.today);
                    model.pay_at_return = world.pay.len();
                }
                _ => {}
            }
            let status = Status::of(&world.steps);
            prop_assert_eq!(status.state, model.state);
            prop_assert!(status.extensions <= max_extensions);
            let role = world.role();
            if status.ending == Some(Ending::Returned) {
                let (from_track, from_at) = rank(&world.content.from_level);
                let promised = BUILTIN
                    .transitions
                    .return_paths
                    .get(&world.content.target_level)
                    .map(rank)
                    .unwrap();
                let (track, at) = rank(&role.level);
                prop_assert_eq!(&track, &from_track);
                prop_assert!(at >= from_at && at >= promised.1, "{:?}", role);
                prop_assert!(role.trial.is_none());
            }
            if let (Some(back), Some(before)) = (model.returned_on, model.pay_before_trial) {
                let window_end = add_months(back, crate::pay::RETURN_PROTECTION_MONTHS);
                for p in world.pay[model.pay_at_return..].iter().filter(|p| p.effective < window_end) {
                    prop_assert!(p.amount.minor / 100 >= before || p.reason.is_some(), "{:?}", p);
                }
            }
        }
    }
}

#[test]
fn a_steps_name_is_its_jsons_kind() {
    let event = EventId::new();
    let proposal = crate::ids::ProposalId::new();
    for kind in [
        StepKind::Revised { revision: 2 },
        StepKind::Agreed {
            party: Party::Manager,
            revision: 1,
        },
        StepKind::StartProposed { proposal },
        StepKind::Started {
            event,
            on: date!(2026 - 01 - 05),
            until: None,
        },
        StepKind::Moved {
            event,
            on: date!(2026 - 01 - 05),
        },
        StepKind::EndProposed {
            proposal,
            choice: EndChoice::Return,
        },
        StepKind::Extended {
            event,
            until: date!(2026 - 09 - 05),
        },
        StepKind::Ended {
            event,
            on: date!(2026 - 06 - 01),
            returned: true,
        },
        StepKind::Withdrawn { reason: None },
    ] {
        let json = serde_json::to_value(&kind).unwrap();
        assert_eq!(json["kind"], kind.as_str(), "{json}");
    }
}
