//! Tests of `explain`: the step between two levels, competency by competency, checked
//! against what the built-in YAML says, and errors that point at the likely intent.

use pendulum_framework::explain::{ExplainError, Movement, StepChange, UsedBy, explain};
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::model::Framework;
use pendulum_framework::{builtin, check_str};

fn builtin_fw() -> Framework {
    check_str("engineering.yaml", builtin::ENGINEERING_YAML)
        .expect("built-in is valid")
        .framework
}

fn track(id: &str) -> TrackId {
    TrackId::new(id).unwrap()
}

fn level(id: &str) -> LevelId {
    LevelId::new(id).unwrap()
}

#[test]
fn ic3_to_ic4_lists_every_ic_competency_with_the_steps_of_the_yaml() {
    let fw = builtin_fw();
    let e = explain(&fw, &track("ic"), &level("ic-3"), &level("ic-4")).unwrap();
    assert_eq!(e.movement, Movement::NextLevel);
    assert_eq!(
        (e.from.title.as_str(), e.to.title.as_str()),
        ("Senior Engineer", "Staff Engineer")
    );
    assert_eq!(
        (
            e.from.grade.as_ref().unwrap().as_str(),
            e.to.grade.as_ref().unwrap().as_str()
        ),
        ("g3", "g4")
    );

    let ic_competencies: Vec<&str> = fw
        .competencies
        .iter()
        .filter(|c| c.used_by(&track("ic")))
        .map(|c| c.id.as_str())
        .collect();
    let listed: Vec<&str> = e.competencies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, ic_competencies);
    assert_eq!(listed.len(), 7);

    // Written out from crates/framework/builtin/engineering.yaml, ic-3 and ic-4.
    let steps: Vec<(&str, &str, &str, StepChange)> = e
        .competencies
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.from.as_ref().unwrap().id.as_str(),
                c.to.as_ref().unwrap().id.as_str(),
                c.change,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                "technical-depth",
                "evangelises",
                "masters",
                StepChange::Higher
            ),
            (
                "technical-judgement",
                "shapes",
                "steers",
                StepChange::Higher
            ),
            (
                "delivery-impact",
                "leads",
                "orchestrates",
                StepChange::Higher
            ),
            ("strategy", "contributes", "plans", StepChange::Higher),
            ("communication", "persuades", "persuades", StepChange::Same),
            (
                "collaboration-influence",
                "connects",
                "influences",
                StepChange::Higher
            ),
            ("mentoring", "mentors", "sponsors", StepChange::Higher),
        ]
    );
    assert!(e.competencies.iter().all(|c| c.used_by == UsedBy::Both));

    // Every criterion of ic-4 is new (the two levels share none) and is listed.
    let ic4 = fw.level(&level("ic-4")).unwrap().1;
    for c in &e.competencies {
        let expected = &ic4.expectation(&c.id).unwrap().criteria;
        assert_eq!(&c.new_criteria, expected, "{}", c.id);
    }
    let step = e.competencies[0].to.as_ref().unwrap();
    assert_eq!(step.name, "Masters");
    assert_eq!(
        step.description.as_deref(),
        Some(
            "Has deep, recognised expertise across several areas and sets practice for a group of teams."
        )
    );

    // Around the competencies: pay and decision rights.
    assert_eq!(e.pay.len(), 1);
    assert_eq!(e.pay[0].from.as_ref().unwrap().min, 72000);
    assert_eq!(e.pay[0].to.as_ref().unwrap().min, 90000);
    assert!(e.pay[0].example());
    assert_eq!((e.from.authority_total, e.to.authority_total), (14, 22));
    let budget = e
        .authority
        .iter()
        .find(|a| a.right.as_str() == "budget")
        .unwrap();
    assert_eq!(
        (
            budget.from.as_ref().unwrap().id.as_str(),
            budget.to.as_ref().unwrap().id.as_str()
        ),
        ("informs", "recommends")
    );

    insta::assert_snapshot!("ic3_to_ic4_human", e.render_human());
}

#[test]
fn criteria_shared_by_both_levels_are_not_new() {
    // ic-3's first technical-depth criterion, repeated at ic-4 in place of ic-4's first.
    let shared = "Has deep expertise in one or more areas the team relies on and is the go-to person for them.";
    let ic4_first = "              - Has deep, recognised expertise across several areas and applies it to the hardest problems in their group.\n";
    assert_eq!(builtin::ENGINEERING_YAML.matches(ic4_first).count(), 1);
    let y = builtin::ENGINEERING_YAML.replace(ic4_first, &format!("              - {shared}\n"));
    let fw = check_str("shared.yaml", &y).unwrap().framework;
    let e = explain(&fw, &track("ic"), &level("ic-3"), &level("ic-4")).unwrap();
    let depth = &e.competencies[0];
    assert_eq!(depth.id.as_str(), "technical-depth");
    assert_eq!(depth.new_criteria.len(), 2);
    assert!(!depth.new_criteria.iter().any(|c| c == shared));
}

#[test]
fn a_move_between_tracks_lists_competencies_of_either_side() {
    let fw = builtin_fw();
    let e = explain(&fw, &track("ic"), &level("ic-4"), &level("em-1")).unwrap();
    assert_eq!(e.movement, Movement::BetweenTracks);
    assert_eq!(e.move_allowed, Some(true));
    assert!(!e.is_return_path);
    let sides: Vec<(&str, UsedBy, StepChange)> = e
        .competencies
        .iter()
        .map(|c| (c.id.as_str(), c.used_by, c.change))
        .collect();
    assert_eq!(
        sides,
        [
            ("technical-depth", UsedBy::FromTrack, StepChange::Ends),
            ("technical-judgement", UsedBy::Both, StepChange::Same),
            ("delivery-impact", UsedBy::Both, StepChange::Same),
            ("strategy", UsedBy::Both, StepChange::Same),
            ("communication", UsedBy::Both, StepChange::Same),
            ("collaboration-influence", UsedBy::Both, StepChange::Same),
            ("mentoring", UsedBy::FromTrack, StepChange::Ends),
            ("people-management", UsedBy::ToTrack, StepChange::Begins),
        ]
    );
    // Parity at g4: the same band and the same authority total.
    assert!(!e.pay[0].changed());
    assert_eq!(e.from.authority_total, e.to.authority_total);
    let line_management = e
        .authority
        .iter()
        .find(|a| a.right.as_str() == "line-management")
        .unwrap();
    assert!(line_management.from.is_none());
    assert_eq!(line_management.to.as_ref().unwrap().id.as_str(), "conducts");
    insta::assert_snapshot!("ic4_to_em1_human", e.render_human());
}

#[test]
fn a_return_to_individual_contribution_is_described_as_a_move() {
    let fw = builtin_fw();
    let e = explain(&fw, &track("management"), &level("em-1"), &level("ic-4")).unwrap();
    assert_eq!(e.movement, Movement::BetweenTracks);
    assert!(e.is_return_path);
    let text = e.render_human();
    assert!(text.starts_with(
        "em-1 Engineering Manager → ic-4 Staff Engineer: a move from the Management track to the Individual contributor track\n"
    ));
    assert!(text.contains("ic-4 is the return path the framework sets for em-1."));
    let lower = text.to_lowercase();
    for word in ["demot", "step down", "backward"] {
        assert!(!lower.contains(word), "{word:?} in {text}");
    }
    insta::assert_json_snapshot!("em1_to_ic4_json", e);
}

#[test]
fn an_earlier_level_on_the_same_track_is_named_as_such() {
    let fw = builtin_fw();
    let e = explain(&fw, &track("ic"), &level("ic-5"), &level("ic-3")).unwrap();
    assert_eq!(e.movement, Movement::EarlierLevel);
    let later = explain(&fw, &track("ic"), &level("ic-1"), &level("ic-3")).unwrap();
    assert_eq!(later.movement, Movement::LaterLevel);
    assert!(
        later
            .render_human()
            .contains("a later level on the Individual contributor track")
    );
}

#[test]
fn unknown_levels_and_tracks_error_with_a_suggestion() {
    let fw = builtin_fw();
    let err = explain(&fw, &track("ic"), &level("ic-3"), &level("staff")).unwrap_err();
    assert_eq!(
        err,
        ExplainError::UnknownLevel {
            level: level("staff"),
            hint: "did you mean `ic-4` (Staff Engineer)?".to_string()
        }
    );
    assert_eq!(
        err.to_string(),
        "there is no level `staff`; did you mean `ic-4` (Staff Engineer)?"
    );

    let err = explain(&fw, &track("ic"), &level("ic4"), &level("ic-5")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no level `ic4`; did you mean `ic-4` (Staff Engineer)?"
    );

    let err = explain(&fw, &track("managment"), &level("em-1"), &level("em-2")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no track `managment`; did you mean `management` (Management)?"
    );

    let err = explain(&fw, &track("ic"), &level("zzz"), &level("ic-2")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "there is no level `zzz`; known: `ic-1`, `ic-2`, `ic-3`, `ic-4`, `ic-5`, `ic-6`, `ic-7`"
    );
}

#[test]
fn a_level_of_another_track_or_the_same_level_is_refused() {
    let fw = builtin_fw();
    assert_eq!(
        explain(&fw, &track("ic"), &level("em-1"), &level("em-2")).unwrap_err(),
        ExplainError::LevelNotOnTrack {
            level: level("em-1"),
            track: track("ic"),
            actual: track("management"),
        }
    );
    assert_eq!(
        explain(&fw, &track("ic"), &level("ic-2"), &level("ic-2")).unwrap_err(),
        ExplainError::SameLevel {
            level: level("ic-2")
        }
    );
}
