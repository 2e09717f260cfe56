//! A plan's page and form on the built-in framework, whole: well-formed, escaped, and as a
//! snapshot of the manager's page of a trial under way (its checkpoints with both records
//! and the person's evidence, the checkpoint and end forms).

use pendulum_domain::journal::{Energy, JournalEntry, KindId, kinds_of};
use pendulum_domain::plan::{
    CheckpointRecord, Due, Party, PlanContent, PlanInput, Status, Step, StepKind, TrialWindow,
    checkpoints,
};
use pendulum_domain::{EventId, JournalEntryId, PersonId, PlanId};
use pendulum_framework::ids::LevelId;
use pendulum_views::people::PersonLink;
use pendulum_views::plan::{
    CheckpointForm, CheckpointValues, EndForm, EndValues, FormFor, PlanFacts, PlanFormView,
    PlanPart, PlanValues, PlanView, Recording,
};
use pendulum_views::{Links, View};
use time::macros::{date, datetime};

use crate::admin::balanced;
use crate::builtin_fw;

const HOSTILE: &str = "<script>alert(1)</script>";

/// A fixed id, so that the snapshot holds the same links on every run.
fn id<T: std::str::FromStr>(n: u8) -> T
where
    T::Err: std::fmt::Debug,
{
    format!("01950000-0000-7000-8000-0000000000{n:02}")
        .parse()
        .unwrap()
}

fn links() -> Links {
    Links::web("/framework/", "/static/")
}

fn plan() -> PlanContent {
    PlanContent::draft(
        &builtin_fw(),
        1,
        id::<PersonId>(1),
        &LevelId::new("ic-3").unwrap(),
        &PlanInput {
            target_level: "em-1".into(),
            motivation: format!("I enjoy growing people {HOSTILE}"),
            criteria: vec!["communication".into(), "people-management".into()],
            conversations: "Fortnightly, in our one-to-one".into(),
            trial: true,
            ..PlanInput::default()
        },
    )
    .unwrap()
}

fn steps() -> Vec<Step> {
    let at = datetime!(2026-09-01 09:00 UTC);
    [
        StepKind::Agreed {
            party: Party::Person,
            revision: 1,
        },
        StepKind::Agreed {
            party: Party::Manager,
            revision: 1,
        },
        StepKind::Started {
            event: id::<EventId>(7),
            on: date!(2026 - 09 - 01),
            until: Some(date!(2027 - 03 - 01)),
        },
    ]
    .into_iter()
    .enumerate()
    .map(|(i, kind)| Step {
        seq: i as u32 + 1,
        at,
        kind,
    })
    .collect()
}

fn record(content: &PlanContent, party: Party, ratings: [&str; 2], note: &str) -> CheckpointRecord {
    CheckpointRecord::new(
        content,
        TrialWindow {
            started: date!(2026 - 09 - 01),
            until: Some(date!(2027 - 03 - 01)),
        },
        party,
        "30",
        &[
            ("communication".into(), ratings[0].into()),
            ("people-management".into(), ratings[1].into()),
        ],
        note,
    )
    .unwrap()
}

fn entry() -> JournalEntry {
    JournalEntry {
        id: id::<JournalEntryId>(9),
        person: id::<PersonId>(1),
        date: date!(2026 - 09 - 20),
        kinds: vec![KindId::new("one-to-ones").unwrap()],
        energy: Energy::new(2).unwrap(),
        learned: None,
        hands_on: false,
        note: format!("First one-to-ones {HOSTILE}"),
        written_at: datetime!(2026-09-20 18:00 UTC),
    }
}

fn person(name: &str, href: Option<&str>) -> PersonLink {
    PersonLink {
        name: name.to_string(),
        href: href.map(str::to_string),
    }
}

#[test]
fn the_managers_page_of_a_trial_under_way() {
    let fw = builtin_fw();
    let content = plan();
    let steps = steps();
    let status = Status::of(&steps);
    let records = vec![
        (
            record(&content, Party::Person, ["on-track", "mixed"], "Going well"),
            vec![entry()],
            datetime!(2026-10-01 10:00 UTC),
        ),
        (
            record(
                &content,
                Party::Manager,
                ["mixed", "not-yet"],
                "A fair start",
            ),
            Vec::new(),
            datetime!(2026-10-02 10:00 UTC),
        ),
    ];
    let due: Vec<(Due, bool, bool)> = checkpoints(&content, status.trial.unwrap())
        .into_iter()
        .map(|d| {
            (
                d,
                d.date == date!(2026 - 10 - 01),
                d.date == date!(2026 - 10 - 01),
            )
        })
        .collect();
    let id = id::<PlanId>(3);
    let kinds = kinds_of(&fw);
    let view = PlanView::new(
        "Acme",
        &links(),
        "csrf-1",
        PlanFacts {
            id: &id,
            content: &content,
            status: &status,
            pending: None,
            declined: false,
            part: PlanPart::Manager,
            person: person("Rob", Some("/people/rob")),
            manager: Some(person("Mia", Some("/people/mia"))),
            mentor: Some(person("Mo", None)),
            interim: vec![person("Ann", Some("/people/ann"))],
            from: "Senior Engineer (ic-3)".into(),
            reflection: None,
            steps: steps
                .iter()
                .map(|s| (format!("Step {}", s.seq), s.at))
                .collect(),
            due: due.clone(),
            records,
            kinds: &kinds,
            max_extensions: 1,
            today: date!(2026 - 11 - 15),
        },
    )
    .with_checkpoint(CheckpointForm::new(
        &id,
        &content,
        &due,
        Party::Manager,
        &CheckpointValues::default(),
        None,
        &kinds,
    ))
    .with_end(EndForm::new(
        &id,
        &content,
        &status,
        Some("Staff Engineer (ic-4)"),
        1,
        true,
        Recording::Proposed,
        &EndValues {
            effective: "2026-11-15".into(),
            ..EndValues::default()
        },
    ));
    let html = view.render_page();
    balanced(&html);
    assert!(!html.contains(HOSTILE), "escaped");
    assert!(!html.to_lowercase().contains("demot"));
    // The ids the summaries link to are each on the page once.
    for id in [
        "checkpoint-at",
        "checkpoint-ratings",
        "end-outcome",
        "end-reason",
    ] {
        assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
    insta::assert_snapshot!("plan_manager_partial", view.render_partial());
}

#[test]
fn the_form_is_well_formed_in_both_steps() {
    let fw = builtin_fw();
    let held = LevelId::new("ic-3").unwrap();
    for (values, choosing) in [
        (PlanValues::default(), false),
        (
            PlanValues {
                target: "em-1".into(),
                motivation: HOSTILE.into(),
                trial: true,
                ..PlanValues::default()
            },
            false,
        ),
        (
            PlanValues {
                target: "em-1".into(),
                ..PlanValues::default()
            },
            true,
        ),
    ] {
        let view = PlanFormView::new(
            "Acme",
            &links(),
            "csrf-1",
            "/plans/new",
            FormFor::New,
            &fw,
            1,
            Some(&held),
            values,
            Vec::new(),
            choosing,
        );
        let html = view.render_page();
        balanced(&html);
        assert!(!html.contains(HOSTILE), "escaped");
    }
}
