//! Conformance tests of transition plans: drafted, agreed by both parties, started (directly
//! or through an admin's confirmation, with the trial-start event and the interim team's
//! reporting lines in the same transaction), checkpointed with the person's chosen
//! evidence, extended within the framework's limit, and ended in a return that lands on
//! the promised level and gives the interim team back; kept private to the people it is
//! between; and erased with its person.

use std::sync::LazyLock;

use pendulum_domain::journal::{Energy, KindId, NewJournalEntry};
use pendulum_domain::plan::{
    Actor, CheckpointRecord, EndChoice, Ending, Party, PlanContent, PlanInput, PlanState, Proposed,
};
use pendulum_domain::{AccountId, EventKind, PersonId, TrialOutcome};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::{Framework, check_str};
use pendulum_store::prelude::*;
use pendulum_store::{OrgStore, PlanRecording, Role, StoreError};
use time::Date;

use crate::Backend;
use crate::fixtures::*;

static BUILTIN: LazyLock<Framework> = LazyLock::new(|| {
    check_str("engineering.yaml", ENGINEERING_YAML)
        .expect("the built-in framework checks")
        .framework
});

/// `address` hired at `level_id` on 2020-01-06, reporting to `manager`.
async fn hire_under<O: OrgStore>(
    org: &O,
    address: &str,
    level_id: &str,
    manager: Option<PersonId>,
) -> PersonId {
    let person = org
        .create_person(address, &email(address), manager)
        .await
        .unwrap();
    org.append_event(person.id, at(EventKind::Hire, date(2020, 1, 6), level_id))
        .await
        .unwrap();
    person.id
}

/// A plan towards Engineering Manager for someone at Senior Engineer.
fn towards_management(
    person: PersonId,
    trial: bool,
    mentor: Option<PersonId>,
    team: &[PersonId],
) -> PlanContent {
    PlanContent::draft(
        &BUILTIN,
        1,
        person,
        &level("ic-3"),
        &PlanInput {
            target_level: "em-1".into(),
            motivation: "I want to help the team grow".into(),
            criteria: vec!["people-management".into(), "communication".into()],
            mentor,
            conversations: "Fortnightly, in our one-to-one".into(),
            trial,
            interim_team: team.to_vec(),
            ..PlanInput::default()
        },
    )
    .unwrap()
}

fn ratings() -> Vec<(String, String)> {
    vec![
        ("communication".into(), "on-track".into()),
        ("people-management".into(), "mixed".into()),
    ]
}

/// The team: Mia manages Ada, Tom and Kim; Sam mentors.
struct Team {
    mia: PersonId,
    ada: PersonId,
    tom: PersonId,
    kim: PersonId,
    sam: PersonId,
    admin: AccountId,
}

async fn team<O: OrgStore>(org: &O) -> Team {
    let mia = hire_under(org, "mia@example.com", "em-2", None).await;
    let ada = hire_under(org, "ada@example.com", "ic-3", Some(mia)).await;
    let tom = hire_under(org, "tom@example.com", "ic-2", Some(mia)).await;
    let kim = hire_under(org, "kim@example.com", "ic-2", Some(mia)).await;
    let sam = hire_under(org, "sam@example.com", "em-3", None).await;
    let admin = account(org, "admin@example.com", Role::Admin).await;
    Team {
        mia,
        ada,
        tom,
        kim,
        sam,
        admin,
    }
}

async fn agreed<O: OrgStore>(
    org: &O,
    content: &PlanContent,
    person: PersonId,
) -> pendulum_store::Plan {
    let plan = org.create_plan(person, content).await.unwrap();
    org.agree_plan(plan.id, Party::Person).await.unwrap();
    org.agree_plan(plan.id, Party::Manager).await.unwrap()
}

pub async fn a_trial_starts_and_ends_in_a_return_on_the_promised_level<S: Backend>(store: S) {
    let org = new_org(&store, "plans").await;
    let t = team(&org).await;
    let content = towards_management(t.ada, true, Some(t.sam), &[t.tom, t.kim]);
    let draft = org.create_plan(t.ada, &content).await.unwrap();
    assert_eq!(draft.status.state, PlanState::Draft, "{}", S::NAME);
    assert_eq!(draft.content, content, "the content reads back as written");
    // Kept from the manager and the mentor until the person puts it forward.
    assert!(org.plans_of_reports(t.mia).await.unwrap().is_empty());
    assert!(org.plans_mentored_by(t.sam).await.unwrap().is_empty());
    let plan = org.agree_plan(draft.id, Party::Person).await.unwrap();
    assert_eq!(plan.status.state, PlanState::Draft);
    assert_eq!(org.plans_of_reports(t.mia).await.unwrap().len(), 1);
    assert_eq!(org.plans_mentored_by(t.sam).await.unwrap().len(), 1);
    assert!(org.plans_of_reports(t.sam).await.unwrap().is_empty());
    let plan = org.agree_plan(plan.id, Party::Manager).await.unwrap();
    assert_eq!(plan.status.state, PlanState::Agreed);

    let start = date(2026, 1, 5);
    let plan = org
        .start_plan(plan.id, start, PlanRecording::Record { by: t.admin })
        .await
        .unwrap();
    assert_eq!(plan.status.state, PlanState::Active);
    let window = plan.status.trial.expect("a trial window");
    assert_eq!(window.started, start);
    assert!(window.until.is_some(), "the framework's length");
    let events = org.events(t.ada).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.kind, EventKind::TrialStart);
    assert_eq!(plan.status.events, vec![last.id]);
    // The interim team reports to Ada from the trial's start.
    for member in [t.tom, t.kim] {
        let lines = org.reporting_history(member).await.unwrap();
        let newest = lines.last().unwrap();
        assert_eq!(
            (newest.manager, newest.effective),
            (Some(t.ada), Some(start))
        );
    }

    // The trials each person is part of: Ada's own, Mia's report's, Sam's as mentor.
    for (who, count) in [(t.ada, 1), (t.mia, 1), (t.sam, 1), (t.kim, 0)] {
        let active = org.active_plans_of(who).await.unwrap();
        assert_eq!(active.len(), count, "{}: {who}", S::NAME);
    }
    let record = CheckpointRecord::new(
        &plan.content,
        window,
        Party::Manager,
        "30",
        &ratings(),
        "Good start",
    )
    .unwrap();
    org.record_checkpoint(plan.id, Actor::Manager, &record, &[])
        .await
        .unwrap();
    let listed = org.checkpoints(plan.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].record, record);

    let back = date(2026, 4, 6);
    let plan = org
        .end_plan(
            plan.id,
            EndChoice::Return,
            None,
            back,
            PlanRecording::Record { by: t.admin },
        )
        .await
        .unwrap();
    assert_eq!(
        (plan.status.state, plan.status.ending),
        (PlanState::Ended, Some(Ending::Returned))
    );
    let events = org.events(t.ada).await.unwrap();
    let end = events.last().unwrap();
    assert_eq!(
        (end.kind, end.outcome),
        (EventKind::TrialEnd, Some(TrialOutcome::Return))
    );
    // The return path of Engineering Manager (Staff Engineer) is above Senior Engineer.
    let role = org.current_role(t.ada).await.unwrap().unwrap();
    assert_eq!(role.level, level("ic-4"));
    assert!(role.trial.is_none());
    // The return is found by its date, and only in its range.
    assert_eq!(
        org.returns_between(date(2026, 1, 1), date(2026, 12, 31))
            .await
            .unwrap(),
        vec![(t.ada, back)],
        "{}",
        S::NAME
    );
    assert!(
        org.returns_between(date(2026, 4, 7), date(2026, 12, 31))
            .await
            .unwrap()
            .is_empty()
    );
    // The interim team's lines are proposed back to Mia, for an admin to confirm.
    let proposals = org.reporting_proposals(true).await.unwrap();
    let mut back_to: Vec<(PersonId, Option<PersonId>)> = proposals
        .iter()
        .map(|p| (p.person, p.change.manager))
        .collect();
    back_to.sort();
    let mut expected = vec![(t.tom, Some(t.mia)), (t.kim, Some(t.mia))];
    expected.sort();
    assert_eq!(back_to, expected, "{}", S::NAME);
    // Nothing more happens to an ended plan.
    expect_invalid(
        org.end_plan(
            plan.id,
            EndChoice::Stay,
            None,
            back,
            PlanRecording::Record { by: t.admin },
        )
        .await,
        "only a trial under way",
    );
}

pub async fn a_managers_start_and_end_wait_for_an_admin<S: Backend>(store: S) {
    let org = new_org(&store, "plans-proposed").await;
    let t = team(&org).await;
    let manager = account(&org, "mia@example.com", Role::Manager).await;
    let plan = agreed(
        &org,
        &towards_management(t.ada, true, None, &[t.tom]),
        t.ada,
    )
    .await;
    let start = date(2026, 1, 5);
    let plan = org
        .start_plan(plan.id, start, PlanRecording::Propose { by: manager })
        .await
        .unwrap();
    let (proposal, what) = plan.pending.expect("a pending proposal");
    assert_eq!(what, Proposed::Start);
    assert_eq!(plan.status.state, PlanState::Agreed, "{}", S::NAME);
    assert_eq!(
        org.events(t.ada).await.unwrap().len(),
        1,
        "nothing appended yet"
    );
    expect_invalid(
        org.start_plan(plan.id, start, PlanRecording::Propose { by: manager })
            .await,
        "proposed already",
    );
    // The admin confirms: the event, the plan's step and the interim line together.
    let event = org.confirm_proposal(proposal, t.admin).await.unwrap();
    assert_eq!(event.kind, EventKind::TrialStart);
    let plan = org.plan(plan.id).await.unwrap();
    assert_eq!(plan.status.state, PlanState::Active);
    assert_eq!(plan.pending, None);
    assert_eq!(plan.status.events, vec![event.id]);
    let tom = org.reporting_history(t.tom).await.unwrap();
    assert_eq!(tom.last().unwrap().manager, Some(t.ada));

    // An extension, proposed and confirmed; a second one is past the framework's limit.
    let plan = org
        .end_plan(
            plan.id,
            EndChoice::Extend,
            Some("The team's reorganisation delayed the first quarter".into()),
            date(2026, 3, 2),
            PlanRecording::Propose { by: manager },
        )
        .await
        .unwrap();
    let (proposal, what) = plan.pending.unwrap();
    assert_eq!(what, Proposed::End(EndChoice::Extend));
    org.confirm_proposal(proposal, t.admin).await.unwrap();
    let plan = org.plan(plan.id).await.unwrap();
    assert_eq!(plan.status.extensions, 1);
    assert_eq!(plan.status.state, PlanState::Active);
    let refused = org
        .end_plan(
            plan.id,
            EndChoice::Extend,
            Some("More time".into()),
            date(2026, 5, 4),
            PlanRecording::Propose { by: manager },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::Rule(_)),
        "{}: {refused:?}",
        S::NAME
    );
    assert!(refused.to_string().contains("extended"), "{refused}");

    // A declined end leaves the trial under way, and the decision is shown.
    let plan = org
        .end_plan(
            plan.id,
            EndChoice::Stay,
            None,
            date(2026, 5, 4),
            PlanRecording::Propose { by: manager },
        )
        .await
        .unwrap();
    let (proposal, _) = plan.pending.unwrap();
    org.decline_proposal(proposal, t.admin, Some("Not yet".into()))
        .await
        .unwrap();
    let plan = org.plan(plan.id).await.unwrap();
    assert_eq!(plan.status.state, PlanState::Active);
    assert_eq!(
        (plan.pending, plan.declined.clone()),
        (None, vec![proposal])
    );
}

pub async fn a_direct_move_ends_its_plan<S: Backend>(store: S) {
    let org = new_org(&store, "plans-direct").await;
    let t = team(&org).await;
    let plan = agreed(&org, &towards_management(t.ada, false, None, &[]), t.ada).await;
    let plan = org
        .start_plan(
            plan.id,
            date(2026, 2, 2),
            PlanRecording::Record { by: t.admin },
        )
        .await
        .unwrap();
    assert_eq!(
        (plan.status.state, plan.status.ending),
        (PlanState::Ended, Some(Ending::Moved)),
        "{}",
        S::NAME
    );
    let role = org.current_role(t.ada).await.unwrap().unwrap();
    assert_eq!((role.level, role.trial), (level("em-1"), None));
    assert_eq!(
        org.events(t.ada).await.unwrap().last().unwrap().kind,
        EventKind::Move
    );
}

pub async fn plan_rules_are_kept_by_the_store<S: Backend>(store: S) {
    let org = new_org(&store, "plans-rules").await;
    let t = team(&org).await;
    let content = towards_management(t.ada, true, Some(t.sam), &[]);
    let plan = org.create_plan(t.ada, &content).await.unwrap();
    expect_invalid(
        org.start_plan(
            plan.id,
            date(2026, 1, 5),
            PlanRecording::Record { by: t.admin },
        )
        .await,
        "both agreed",
    );
    org.agree_plan(plan.id, Party::Person).await.unwrap();
    expect_invalid(
        org.agree_plan(plan.id, Party::Person).await,
        "agreed to this version already",
    );
    // A revision asks for agreement again; another person's plan is not found.
    let revised = towards_management(t.ada, true, None, &[]);
    expect_not_found(org.revise_plan(t.tom, plan.id, &revised).await);
    let plan = org.revise_plan(t.ada, plan.id, &revised).await.unwrap();
    assert_eq!(
        (
            plan.status.revision,
            plan.status.person_agreed,
            plan.content.mentor
        ),
        (2, false, None),
        "{}",
        S::NAME
    );
    assert!(org.plans_mentored_by(t.sam).await.unwrap().is_empty());
    expect_invalid(
        org.record_checkpoint(
            plan.id,
            Actor::Person,
            &CheckpointRecord {
                at: pendulum_domain::plan::CheckpointAt::Day(30),
                party: Party::Person,
                ratings: Vec::new(),
                note: String::new(),
            },
            &[],
        )
        .await,
        "while the trial is under way",
    );
    let plan = org
        .withdraw_plan(plan.id, Some("Not now".into()))
        .await
        .unwrap();
    assert_eq!(plan.status.ending, Some(Ending::Withdrawn));
    expect_invalid(org.agree_plan(plan.id, Party::Manager).await, "ended");
    expect_not_found(org.plan(pendulum_domain::PlanId::new()).await);
    // Someone named who is not of the organisation.
    let stranger = PlanContent {
        mentor: Some(PersonId::new()),
        ..content.clone()
    };
    expect_not_found(org.create_plan(t.ada, &stranger).await);
    let other = new_org(&store, "plans-other").await;
    expect_not_found(other.plan(plan.id).await);
    assert!(other.plans_of(t.ada).await.unwrap().is_empty());
}

fn entry(on: Date, note: &str) -> NewJournalEntry {
    NewJournalEntry::new(
        on,
        vec![KindId::new("one-to-ones").unwrap()],
        Energy::new(1).unwrap(),
        None,
        false,
        note,
        date(2030, 1, 1),
    )
    .unwrap()
}

pub async fn checkpoint_evidence_is_the_persons_own_and_follows_their_journal<S: Backend>(
    store: S,
) {
    let org = new_org(&store, "plans-evidence").await;
    let t = team(&org).await;
    let plan = agreed(&org, &towards_management(t.ada, true, None, &[]), t.ada).await;
    let plan = org
        .start_plan(
            plan.id,
            date(2026, 1, 5),
            PlanRecording::Record { by: t.admin },
        )
        .await
        .unwrap();
    let window = plan.status.trial.unwrap();
    let shown = org
        .add_journal_entry(
            t.ada,
            &entry(date(2026, 1, 20), "First one-to-ones went well"),
        )
        .await
        .unwrap();
    let kept = org
        .add_journal_entry(t.ada, &entry(date(2026, 1, 21), "Private: unsure"))
        .await
        .unwrap();
    let toms = org
        .add_journal_entry(t.tom, &entry(date(2026, 1, 21), "Tom's own"))
        .await
        .unwrap();
    let mine =
        CheckpointRecord::new(&plan.content, window, Party::Person, "30", &ratings(), "").unwrap();
    expect_invalid(
        org.record_checkpoint(plan.id, Actor::Person, &mine, &[toms.id])
            .await,
        "own journal entries",
    );
    let theirs =
        CheckpointRecord::new(&plan.content, window, Party::Manager, "30", &ratings(), "").unwrap();
    expect_invalid(
        org.record_checkpoint(plan.id, Actor::Manager, &theirs, &[shown.id])
            .await,
        "the person's to choose",
    );
    expect_invalid(
        org.record_checkpoint(plan.id, Actor::Manager, &mine, &[])
            .await,
        "their own view",
    );
    expect_invalid(
        org.record_checkpoint(plan.id, Actor::Mentor, &mine, &[])
            .await,
        "a mentor reads",
    );
    let recorded = org
        .record_checkpoint(plan.id, Actor::Person, &mine, &[shown.id])
        .await
        .unwrap();
    assert_eq!(recorded.evidence.len(), 1, "{}", S::NAME);
    assert_eq!(recorded.evidence[0].id, shown.id);
    let listed = org.checkpoints(plan.id).await.unwrap();
    let notes: Vec<&str> = listed[0].evidence.iter().map(|e| e.note.as_str()).collect();
    assert_eq!(
        notes,
        ["First one-to-ones went well"],
        "only the chosen entry"
    );
    assert!(!format!("{listed:?}").contains(&kept.note));
    // The author takes the entry back: it is no longer shown.
    org.delete_journal_entry(t.ada, shown.id).await.unwrap();
    let listed = org.checkpoints(plan.id).await.unwrap();
    assert!(listed[0].evidence.is_empty(), "{}", S::NAME);
}

pub async fn erasure_removes_plans<S: Backend>(store: S) {
    let org = new_org(&store, "plans-erase").await;
    let t = team(&org).await;
    let adas = agreed(
        &org,
        &towards_management(t.ada, true, Some(t.sam), &[t.tom]),
        t.ada,
    )
    .await;
    let toms = org
        .create_plan(
            t.tom,
            &PlanContent {
                from_level: level("ic-2"),
                ..towards_management(t.tom, true, Some(t.sam), &[t.kim])
            },
        )
        .await
        .unwrap();
    let started = org
        .start_plan(
            adas.id,
            date(2026, 1, 5),
            PlanRecording::Record { by: t.admin },
        )
        .await
        .unwrap();
    let window = started.status.trial.unwrap();
    let note = org
        .add_journal_entry(t.ada, &entry(date(2026, 1, 20), "evidence"))
        .await
        .unwrap();
    let mine = CheckpointRecord::new(
        &started.content,
        window,
        Party::Person,
        "30",
        &ratings(),
        "",
    )
    .unwrap();
    org.record_checkpoint(adas.id, Actor::Person, &mine, &[note.id])
        .await
        .unwrap();

    org.erase_person(&email("sam@example.com")).await.unwrap();
    assert_eq!(
        org.plan(adas.id).await.unwrap().content.mentor,
        None,
        "{}",
        S::NAME
    );
    assert_eq!(org.plan(toms.id).await.unwrap().content.mentor, None);
    org.erase_person(&email("kim@example.com")).await.unwrap();
    assert!(
        org.plan(toms.id)
            .await
            .unwrap()
            .content
            .interim_team
            .is_empty()
    );
    org.erase_person(&email("ada@example.com")).await.unwrap();
    expect_not_found(org.plan(adas.id).await);
    for table in [
        "plans",
        "plan_revisions",
        "plan_steps",
        "plan_checkpoints",
        "plan_evidence",
    ] {
        let left = store
            .count_raw(&format!(
                "SELECT count(*) FROM {table} WHERE person_id = '{}'",
                t.ada.as_uuid()
            ))
            .await;
        assert_eq!(left, 0, "{}: {table}", S::NAME);
    }
    assert_eq!(store.count_raw("SELECT count(*) FROM plans").await, 1);
    // Tom's team named only Kim; Ada's plan went with her.
    assert_eq!(
        store.count_raw("SELECT count(*) FROM plan_interim").await,
        0
    );
}

pub async fn a_trial_ended_outside_its_plan_ends_the_plan<S: Backend>(store: S) {
    let org = new_org(&store, "plans-outside").await;
    let t = team(&org).await;
    let manager = account(&org, "mia@example.com", Role::Manager).await;
    let plan = agreed(&org, &towards_management(t.ada, true, None, &[]), t.ada).await;
    org.start_plan(
        plan.id,
        date(2026, 1, 5),
        PlanRecording::Record { by: t.admin },
    )
    .await
    .unwrap();
    // An extension proposed on Ada's page and confirmed: the plan counts it.
    let proposal = org
        .propose_event(
            t.ada,
            event(EventKind::TrialExtend, date(2026, 3, 2))
                .until(date(2026, 10, 5))
                .reason("More time with the new team"),
            manager,
        )
        .await
        .unwrap();
    org.confirm_proposal(proposal.id, t.admin).await.unwrap();
    let followed = org.plan(plan.id).await.unwrap();
    assert_eq!(followed.status.extensions, 1, "{}", S::NAME);
    assert_eq!(
        followed.status.trial.unwrap().until,
        Some(date(2026, 10, 5))
    );
    // The end recorded directly on Ada's page: the plan ends with it, in words.
    let end = org
        .append_event(
            t.ada,
            event(EventKind::TrialEnd, date(2026, 6, 1)).outcome(TrialOutcome::Return),
        )
        .await
        .unwrap();
    let ended = org.plan(plan.id).await.unwrap();
    assert_eq!(
        (ended.status.state, ended.status.ending),
        (PlanState::Ended, Some(Ending::Returned)),
        "{}",
        S::NAME
    );
    assert_eq!(ended.status.events.last(), Some(&end.id));
    // Another event (leave) leaves a plan alone; an ended plan takes nothing more.
    org.append_event(t.ada, event(EventKind::Leave, date(2026, 7, 1)))
        .await
        .unwrap();
    assert_eq!(org.plan(plan.id).await.unwrap().steps, ended.steps);
}
