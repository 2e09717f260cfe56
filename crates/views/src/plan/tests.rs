//! The plan's views on the built-in framework: what waits, the form in its two steps, a
//! refused form, and a plan's page as each party sees it.

use pendulum_domain::PersonId;
use pendulum_domain::plan::{
    CheckpointRecord, Due, PlanContent, PlanInput, Rating, Status, Step, StepKind, TrialWindow,
    checkpoints,
};
use pendulum_framework::ids::LevelId;
use pendulum_framework::{Framework, builtin, check_str};
use time::macros::{date, datetime};

use super::*;
use crate::View;
use crate::forms::FormErrors;
use crate::people::PersonLink;

fn fw() -> Framework {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .unwrap()
        .framework
}

fn links() -> Links {
    Links::web("/framework/", "/static/")
}

fn trial_plan(fw: &Framework) -> PlanContent {
    PlanContent::draft(
        fw,
        1,
        PersonId::new(),
        &LevelId::new("ic-3").unwrap(),
        &PlanInput {
            target_level: "em-1".into(),
            motivation: "<b>I enjoy</b> growing people".into(),
            criteria: vec!["communication".into(), "people-management".into()],
            conversations: "Fortnightly, in our one-to-one".into(),
            trial: true,
            ..PlanInput::default()
        },
    )
    .unwrap()
}

fn step(seq: u32, kind: StepKind) -> Step {
    Step {
        seq,
        at: datetime!(2026-01-02 10:00 UTC),
        kind,
    }
}

fn active_steps() -> Vec<Step> {
    vec![
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
        step(
            3,
            StepKind::Started {
                event: pendulum_domain::EventId::new(),
                on: date!(2026 - 01 - 05),
                until: Some(date!(2026 - 07 - 05)),
            },
        ),
    ]
}

fn person(name: &str, href: Option<&str>) -> PersonLink {
    PersonLink {
        name: name.to_string(),
        href: href.map(str::to_string),
    }
}

fn page(part: PlanPart, records: Vec<(CheckpointRecord, Vec<JournalEntry>)>) -> PlanView {
    let fw = fw();
    let content = trial_plan(&fw);
    let steps = active_steps();
    let status = Status::of(&steps);
    let window = status.trial.unwrap();
    let due: Vec<(Due, bool, bool)> = checkpoints(&content, window)
        .into_iter()
        .map(|d| {
            let by = |p| records.iter().any(|(r, _)| r.at == d.at && r.party == p);
            (d, by(Party::Person), by(Party::Manager))
        })
        .collect();
    let id = PlanId::new();
    let kinds = pendulum_domain::journal::kinds_of(&fw);
    PlanView::new(
        "Acme",
        &links(),
        "tok",
        PlanFacts {
            id: &id,
            content: &content,
            status: &status,
            pending: None,
            declined: false,
            part,
            person: person("Rob", None),
            manager: Some(person("Mia", Some("/people/mia"))),
            mentor: Some(person("Mo", None)),
            interim: Vec::new(),
            from: "Senior Engineer (ic-3)".into(),
            reflection: None,
            steps: steps
                .iter()
                .map(|s| (format!("step {}", s.seq), s.at))
                .collect(),
            due,
            records: records
                .into_iter()
                .map(|(r, e)| (r, e, datetime!(2026-02-05 09:00 UTC)))
                .collect(),
            kinds: &kinds,
            max_extensions: 1,
            today: date!(2026 - 02 - 10),
        },
    )
}

use pendulum_domain::journal::JournalEntry;
use pendulum_domain::plan::Party;

fn record(content: &PlanContent, party: Party, note: &str) -> CheckpointRecord {
    let window = TrialWindow {
        started: date!(2026 - 01 - 05),
        until: Some(date!(2026 - 07 - 05)),
    };
    CheckpointRecord::new(
        content,
        window,
        party,
        "30",
        &[
            ("communication".into(), "on-track".into()),
            ("people-management".into(), "not-yet".into()),
        ],
        note,
    )
    .unwrap()
}

fn entry(note: &str) -> JournalEntry {
    JournalEntry {
        id: pendulum_domain::JournalEntryId::new(),
        person: PersonId::new(),
        date: date!(2026 - 01 - 20),
        kinds: vec![pendulum_domain::journal::KindId::new("one-to-ones").unwrap()],
        energy: pendulum_domain::journal::Energy::new(2).unwrap(),
        learned: None,
        hands_on: false,
        note: note.to_string(),
        written_at: datetime!(2026-01-20 18:00 UTC),
    }
}

#[test]
fn what_waits_is_said_to_each_party() {
    let fw = fw();
    let content = trial_plan(&fw);
    let today = date!(2026 - 02 - 10);
    let draft = Status::of(&[]);
    assert_eq!(
        waits(PlanPart::Person, &draft, None, &[], "Rob", today).unwrap(),
        "A private draft: waiting for your agreement"
    );
    let put = Status::of(&active_steps()[..1]);
    assert_eq!(
        waits(PlanPart::Manager, &put, None, &[], "Rob", today).unwrap(),
        "Waiting for your agreement"
    );
    assert_eq!(
        waits(PlanPart::Person, &put, None, &[], "Rob", today).unwrap(),
        "Waiting for your manager’s agreement"
    );
    let agreed = Status::of(&active_steps()[..2]);
    assert_eq!(
        waits(
            PlanPart::Manager,
            &agreed,
            Some(Proposed::Start),
            &[],
            "Rob",
            today
        )
        .unwrap(),
        "Waiting for an admin to confirm the start"
    );
    let active = Status::of(&active_steps());
    let due: Vec<_> = checkpoints(&content, active.trial.unwrap())
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d, i == 0, false))
        .collect();
    assert_eq!(
        waits(PlanPart::Person, &active, None, &due, "Rob", today).unwrap(),
        "Checkpoint day 60 due on 2026-03-06"
    );
    assert_eq!(
        waits(PlanPart::Manager, &active, None, &due, "Rob", today).unwrap(),
        "Checkpoint day 30 was due on 2026-02-04"
    );
}

#[test]
fn the_form_first_asks_for_the_target_then_offers_its_expectations() {
    let fw = fw();
    let held = LevelId::new("ic-3").unwrap();
    let choose = PlanFormView::new(
        "Acme",
        &links(),
        "tok",
        "/plans/new",
        FormFor::New,
        &fw,
        1,
        Some(&held),
        PlanValues::default(),
        Vec::new(),
        false,
    );
    let html = choose.render_partial();
    assert!(html.contains("method=\"get\""), "{html}");
    assert!(html.contains("<optgroup label="), "{html}");
    assert!(html.contains("value=\"em-1\""), "{html}");
    assert!(
        !html.contains("value=\"ic-3\""),
        "the level held is no target: {html}"
    );
    assert!(html.contains("You hold Senior Engineer (ic-3)."), "{html}");

    let form = PlanFormView::new(
        "Acme",
        &links(),
        "tok",
        "/plans/new?target=em-1",
        FormFor::New,
        &fw,
        1,
        Some(&held),
        PlanValues {
            target: "em-1".into(),
            ..PlanValues::default()
        },
        Vec::new(),
        false,
    );
    let html = form.render_partial();
    assert!(html.contains("action=\"/plans/new?target=em-1\""), "{html}");
    assert!(html.contains("name=\"criteria\" value=\"people-management\""));
    assert!(html.contains("id=\"plan-criteria\""), "{html}");
    // Into management: a trial, with the framework's terms; no title.
    assert!(html.contains("name=\"trial\""), "{html}");
    assert!(html.contains("runs 6 months"), "{html}");
    assert!(html.contains("days 30, 60 and 90"), "{html}");
    assert!(!html.contains("name=\"proposed_title\""), "{html}");
    assert!(html.contains("only you can see it until you agree to it"));
    // The expectation's words are shown beside each box.
    let (_, em1) = fw.level(&LevelId::new("em-1").unwrap()).unwrap();
    for line in &em1.expectations[0].criteria {
        assert!(
            html.contains(&crate::markup::escape(line.trim())),
            "{line}: {html}"
        );
    }

    // Back towards individual contribution: a title, no trial.
    let back = PlanFormView::new(
        "Acme",
        &links(),
        "tok",
        "/plans/new?target=ic-4",
        FormFor::New,
        &fw,
        1,
        Some(&LevelId::new("em-1").unwrap()),
        PlanValues {
            target: "ic-4".into(),
            ..PlanValues::default()
        },
        Vec::new(),
        false,
    );
    let html = back.render_partial();
    assert!(html.contains("name=\"proposed_title\""), "{html}");
    assert!(!html.contains("name=\"trial\""), "{html}");
    assert!(!html.to_lowercase().contains("demot"), "{html}");
}

#[test]
fn a_refused_form_marks_the_field_and_keeps_every_value() {
    let fw = fw();
    let view = PlanFormView::new(
        "Acme",
        &links(),
        "tok",
        "/plans/new?target=em-1",
        FormFor::New,
        &fw,
        1,
        Some(&LevelId::new("ic-3").unwrap()),
        PlanValues {
            target: "em-1".into(),
            motivation: "kept motivation".into(),
            criteria: vec!["communication".into()],
            mentor: "nobody@acme.test".into(),
            conversations: "kept talk".into(),
            trial: true,
            interim_team: "a@acme.test\nb@acme.test".into(),
            ..PlanValues::default()
        },
        Vec::new(),
        false,
    )
    .with_errors(
        FormErrors::new(FORM, "Nobody has that email.")
            .at("mentor", "Nobody in this organisation has the email."),
    );
    let html = view.render_partial();
    assert!(html.contains("id=\"plan-errors\""), "{html}");
    assert!(html.contains("href=\"#plan-mentor\""), "{html}");
    assert!(
        html.contains("id=\"plan-mentor\" name=\"mentor\" value=\"nobody@acme.test\" maxlength=\"254\" autocomplete=\"off\" aria-invalid=\"true\""),
        "{html}"
    );
    assert!(html.contains(">\nkept motivation</textarea>"), "{html}");
    assert!(html.contains(">\nkept talk</textarea>"), "{html}");
    assert!(
        html.contains(">\na@acme.test\nb@acme.test</textarea>"),
        "{html}"
    );
    assert!(
        html.contains("value=\"communication\" checked"),
        "the criterion stays ticked: {html}"
    );
    assert!(
        html.contains("name=\"trial\" value=\"yes\" checked"),
        "{html}"
    );
}

#[test]
fn a_revision_says_agreement_is_asked_for_again() {
    let fw = fw();
    let view = PlanFormView::new(
        "Acme",
        &links(),
        "tok",
        "/plans/abc/edit",
        FormFor::Revision {
            id: "abc".into(),
            revision: 2,
            agreed: true,
            put_forward: true,
        },
        &fw,
        1,
        Some(&LevelId::new("ic-3").unwrap()),
        PlanValues {
            target: "em-1".into(),
            ..PlanValues::default()
        },
        Vec::new(),
        false,
    );
    let html = view.render_partial();
    assert!(html.contains("Save as revision 3"), "{html}");
    assert!(html.contains("agreement is asked for again"), "{html}");
    assert!(html.contains("href=\"/plans/abc/edit?choose=1\""), "{html}");
}

#[test]
fn the_mentor_reads_the_checkpoints_without_forms_or_evidence() {
    let fw = fw();
    let content = trial_plan(&fw);
    let mut with_evidence = vec![
        (
            record(&content, Party::Person, "Going well"),
            vec![entry("EVIDENCE shown")],
        ),
        (record(&content, Party::Manager, "A fair start"), Vec::new()),
    ];
    let manager = page(PlanPart::Manager, with_evidence.clone()).render_partial();
    assert!(manager.contains("EVIDENCE shown"), "{manager}");
    assert!(manager.contains("Recorded by both"), "{manager}");
    assert!(manager.contains("Not yet"), "{manager}");
    assert!(manager.contains("Framework version 1, Engineering Manager (em-1)"));
    // The mentor's copy comes without evidence (the capability strips it); the page says
    // it is read-only and draws no form.
    for (_, evidence) in &mut with_evidence {
        evidence.clear();
    }
    let view = page(PlanPart::Mentor, with_evidence);
    assert!(!view.has_actions());
    let html = view.render_partial();
    assert!(!html.contains("<form"), "{html}");
    assert!(!html.contains("EVIDENCE"), "{html}");
    assert!(html.contains("read-only"), "{html}");
    assert!(html.contains("Going well"), "{html}");
    // Names link only where the viewer may open the page.
    assert!(html.contains("<a href=\"/people/mia\">Mia</a>"), "{html}");
    assert!(!html.contains("href=\"/people/rob"), "{html}");
    // Escaped, and never a demotion.
    assert!(
        html.contains("&#60;b&#62;") || html.contains("&lt;b&gt;"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("demot"), "{html}");
}

#[test]
fn the_end_form_says_what_each_choice_does() {
    let fw = fw();
    let content = trial_plan(&fw);
    let status = Status::of(&active_steps());
    let id = PlanId::new();
    let form = EndForm::new(
        &id,
        &content,
        &status,
        Some("Staff Engineer (ic-4)"),
        1,
        true,
        Recording::Proposed,
        &EndValues::default(),
    );
    let view = page(PlanPart::Manager, Vec::new()).with_end(form);
    let html = view.render_partial();
    assert!(
        html.contains("return to individual contribution, on Staff Engineer (ic-4)"),
        "{html}"
    );
    assert!(html.contains("protected for 12 months"), "{html}");
    assert!(
        html.contains("1 extension of the framework’s limit remains"),
        "{html}"
    );
    assert!(html.contains("Propose the decision"), "{html}");
    assert!(!html.to_lowercase().contains("demot"), "{html}");
    // At the limit the extension is offered no more, and says why.
    let spent = EndForm::new(
        &id,
        &content,
        &status,
        None,
        0,
        true,
        Recording::AtOnce,
        &EndValues::default(),
    );
    let extend = spent.options.iter().find(|o| o.value == "extend").unwrap();
    assert!(extend.disabled);
    assert!(
        extend.explanation.contains("limit"),
        "{}",
        extend.explanation
    );
}

#[test]
fn the_checkpoint_form_rates_each_criterion_and_offers_the_persons_entries() {
    let fw = fw();
    let content = trial_plan(&fw);
    let status = Status::of(&active_steps());
    let due: Vec<_> = checkpoints(&content, status.trial.unwrap())
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d, i == 0, false))
        .collect();
    let kinds = pendulum_domain::journal::kinds_of(&fw);
    let entries = vec![entry("first one-to-ones")];
    let id = PlanId::new();
    let form = CheckpointForm::new(
        &id,
        &content,
        &due,
        Party::Person,
        &CheckpointValues::default(),
        Some(&entries),
        &kinds,
    );
    // The first checkpoint the person has not recorded is chosen.
    assert_eq!(
        form.at.iter().find(|(_, _, s)| *s).unwrap().0,
        "60",
        "{:?}",
        form.at
    );
    assert_eq!(form.ratings.len(), 2);
    assert_eq!(form.ratings[0].choices.len(), Rating::ALL.len());
    let html = page(PlanPart::Person, Vec::new())
        .with_checkpoint(form)
        .render_partial();
    assert!(html.contains("name=\"rating_communication\" value=\"on-track\""));
    assert!(html.contains("name=\"evidence\""), "{html}");
    assert!(html.contains("One-to-ones"), "{html}");
    // The manager's form has no evidence to choose.
    let form = CheckpointForm::new(
        &id,
        &content,
        &due,
        Party::Manager,
        &CheckpointValues::default(),
        None,
        &kinds,
    );
    assert!(form.evidence.is_none());
    assert_eq!(form.at.iter().find(|(_, _, s)| *s).unwrap().0, "30");
}
