//! Tests of `lint`: the built-in framework is clean, and each parity rule fires on the
//! breach it exists to catch, at the right place.

use pendulum_framework::diagnostic::Severity;
use pendulum_framework::ids::{LevelId, StepId};
use pendulum_framework::lint::{self, Finding, Options};
use pendulum_framework::model::{Framework, QuestionDirection, TrackKind};
use pendulum_framework::{Checked, builtin, check_str};

fn builtin_checked() -> Checked {
    check_str("framework.yaml", builtin::ENGINEERING_YAML).expect("built-in is valid")
}

fn findings(fw: &Framework) -> Vec<Finding> {
    lint::lint(fw, &Options::default())
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    let mut r: Vec<_> = findings.iter().map(|f| f.rule).collect();
    r.dedup();
    r
}

fn level_mut<'a>(fw: &'a mut Framework, id: &str) -> &'a mut pendulum_framework::model::Level {
    let id = LevelId::new(id).unwrap();
    fw.tracks
        .iter_mut()
        .flat_map(|t| t.levels.iter_mut())
        .find(|l| l.id == id)
        .expect("level exists")
}

#[test]
fn the_builtin_framework_has_zero_findings_and_no_allow_entries() {
    let checked = builtin_checked();
    let found = findings(&checked.framework);
    assert!(found.is_empty(), "{found:#?}");
    assert!(checked.framework.lint.allow.is_empty());
    // The clean result means something: the framework has what the rules look at.
    let fw = &checked.framework;
    assert!(fw.tracks.iter().any(|t| t.kind == TrackKind::Management));
    assert!(!fw.decision_rights.is_empty());
    assert!(!fw.transitions.return_paths.is_empty());
}

#[test]
fn pay_ceiling_fires_when_the_top_ic_band_ends_below_management() {
    let mut fw = builtin_checked().framework;
    let band = &mut level_mut(&mut fw, "ic-7").pay[0];
    band.max -= 20_000;
    band.mid = None;
    let found = findings(&fw);
    assert!(rules(&found).contains(&lint::PAY_CEILING), "{found:#?}");
    let f = found.iter().find(|f| f.rule == lint::PAY_CEILING).unwrap();
    assert_eq!(
        f.severity,
        Severity::Error,
        "parity rules are denied by default"
    );
    assert!(f.message.contains("management"), "{}", f.message);
    assert!(f.pos.line > 0, "the finding points into the file");
}

#[test]
fn grade_ceiling_fires_when_ic_stops_below_management() {
    let mut fw = builtin_checked().framework;
    let ic = fw
        .tracks
        .iter_mut()
        .find(|t| t.id.as_str() == "ic")
        .unwrap();
    ic.levels.pop();
    fw.transitions
        .return_paths
        .shift_remove(&LevelId::new("em-4").unwrap());
    let found = findings(&fw);
    assert!(rules(&found).contains(&lint::GRADE_CEILING), "{found:#?}");
}

#[test]
fn pay_parity_fires_on_disjoint_bands_and_on_ic_below_management() {
    let mut fw = builtin_checked().framework;
    // Lower one IC band so that it no longer overlaps its management peer.
    let band = &mut level_mut(&mut fw, "ic-5").pay[0];
    band.min -= 60_000;
    band.max = band.min + 1_000;
    band.mid = None;
    let found = findings(&fw);
    let parity: Vec<_> = found
        .iter()
        .filter(|f| f.rule == lint::PAY_PARITY)
        .collect();
    assert_eq!(parity.len(), 1, "{found:#?}");
    assert!(parity[0].message.contains("do not overlap"));

    let mut fw = builtin_checked().framework;
    let band = &mut level_mut(&mut fw, "ic-5").pay[0];
    band.mid = Some(band.min + 1);
    let found = findings(&fw);
    assert!(
        found
            .iter()
            .any(|f| f.rule == lint::PAY_PARITY && f.message.contains("sits below")),
        "{found:#?}"
    );
}

#[test]
fn decision_rights_parity_respects_the_tolerance_and_excludes_track_specific_rights() {
    let checked = builtin_checked();
    let mut fw = checked.framework.clone();
    // Strip an IC level of all authority: far beyond the tolerance.
    level_mut(&mut fw, "ic-6").authority.clear();
    let found = findings(&fw);
    assert!(
        rules(&found).contains(&lint::DECISION_RIGHTS_PARITY),
        "{found:#?}"
    );

    // A management-only right may differ freely.
    let mut fw = checked.framework.clone();
    let specific = fw
        .decision_rights
        .iter()
        .find(|r| r.track.is_some())
        .expect("the built-in has a management-specific right")
        .clone();
    let top = specific.scale.last().unwrap().id.clone();
    level_mut(&mut fw, "em-3")
        .authority
        .insert(specific.id.clone(), top);
    assert!(
        !rules(&findings(&fw)).contains(&lint::DECISION_RIGHTS_PARITY),
        "track-specific rights are left out of parity"
    );
}

#[test]
fn step_parity_fires_both_ways_at_the_top_grade() {
    let checked = builtin_checked();
    let shared = checked
        .framework
        .competencies
        .iter()
        .find(|c| c.tracks.is_empty() || c.tracks.len() > 1)
        .expect("a shared competency")
        .clone();
    for (lowered, other) in [("ic-7", "em-4"), ("em-4", "ic-7")] {
        let mut fw = checked.framework.clone();
        let e = level_mut(&mut fw, lowered)
            .expectations
            .iter_mut()
            .find(|e| e.competency == shared.id)
            .unwrap();
        e.step = Some(shared.scale[0].id.clone());
        let found = findings(&fw);
        let f = found
            .iter()
            .find(|f| f.rule == lint::STEP_PARITY)
            .unwrap_or_else(|| panic!("no step-parity finding: {found:#?}"));
        let lowered_title = &fw.level(&LevelId::new(lowered).unwrap()).unwrap().1.title;
        let other_title = &fw.level(&LevelId::new(other).unwrap()).unwrap().1.title;
        let (a, b) = (
            f.message.find(lowered_title.as_str()).unwrap(),
            f.message.find(other_title.as_str()).unwrap(),
        );
        assert!(a < b, "the lower level is named first: {}", f.message);
    }
}

#[test]
fn hygiene_rules_fire() {
    let checked = builtin_checked();
    let mut fw = checked.framework.clone();
    level_mut(&mut fw, "ic-2").expectations.pop();
    let e = &mut level_mut(&mut fw, "ic-6").expectations[0];
    let comp = e.competency.clone();
    let first_step: StepId = fw.competency(&comp).unwrap().scale[0].id.clone();
    level_mut(&mut fw, "ic-6").expectations[0].step = Some(first_step);
    level_mut(&mut fw, "ic-3").pay[0].max = 1_000_000;
    level_mut(&mut fw, "em-1").title = "Engineer I".into();
    fw.transitions.return_paths.clear();
    let found = findings(&fw);
    let r = rules(&found);
    for rule in [
        lint::COVERAGE,
        lint::STEP_ORDER,
        lint::BAND_ORDER,
        lint::DUPLICATE_TITLE,
        lint::RETURN_PATH,
    ] {
        assert!(r.contains(&rule), "{rule} missing from {r:?}");
    }
    // Hygiene rules warn by default; they do not fail the run on their own.
    assert!(
        found
            .iter()
            .filter(|f| lint::rule(f.rule).unwrap().level == lint::DefaultLevel::Warn)
            .all(|f| f.severity == Severity::Warning)
    );
    assert_eq!(
        found.iter().filter(|f| f.rule == lint::RETURN_PATH).count(),
        4,
        "one per management level"
    );
}

#[test]
fn allow_and_deny_in_the_file_change_what_is_reported_and_the_exit_status() {
    let text = builtin::ENGINEERING_YAML.replace(
        "grades:",
        "lint:\n  allow: [pay-ceiling]\n  deny: [coverage]\ngrades:",
    );
    let mut fw = check_str("framework.yaml", &text).unwrap().framework;
    let band = &mut level_mut(&mut fw, "ic-7").pay[0];
    band.max -= 20_000;
    band.mid = None;
    level_mut(&mut fw, "ic-2").expectations.pop();
    let found = findings(&fw);
    assert!(
        !rules(&found).contains(&lint::PAY_CEILING),
        "allowed rules are silent"
    );
    let coverage = found.iter().find(|f| f.rule == lint::COVERAGE).unwrap();
    assert_eq!(coverage.severity, Severity::Error, "denied in the file");
    assert!(lint::has_denied(&found));

    let strict = lint::lint(
        &check_str("f.yaml", builtin::ENGINEERING_YAML)
            .unwrap()
            .framework,
        &Options { strict: true },
    );
    assert!(
        !lint::has_denied(&strict),
        "strict on a clean framework stays clean"
    );
}

#[test]
fn json_report_has_the_documented_fields() {
    let checked = builtin_checked();
    let mut fw = checked.framework.clone();
    level_mut(&mut fw, "em-2").title = "Engineer I".into();
    let found = findings(&fw);
    let json = serde_json::to_value(lint::report(&found, &checked.sources)).unwrap();
    let first = &json["findings"][0];
    for key in [
        "rule", "severity", "message", "why", "file", "line", "column",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert_eq!(first["rule"], "duplicate-title");
    assert_eq!(first["file"], "framework.yaml");
    assert!(first["line"].as_u64().unwrap() > 1);
}

#[test]
fn coverage_counts_a_specialisation_for_its_generic_competency() {
    let text = "name: x
competencies:
  - { id: generic-impact, name: Impact }
  - { id: backend-impact, inherits: generic-impact }
tracks:
  - id: backend
    levels:
      - id: b1
        title: Backend 1
        expectations:
          - { competency: backend-impact, criteria: [Ships things] }
      - id: b2
        title: Backend 2
";
    let fw = check_str("cov.yaml", text).unwrap().framework;
    assert_eq!(
        fw.competency(&"backend-impact".to_string().try_into().unwrap())
            .unwrap()
            .name,
        "Impact"
    );
    let found = findings(&fw);
    let coverage: Vec<_> = found
        .iter()
        .filter(|f| f.rule == lint::COVERAGE)
        .map(|f| f.message.as_str())
        .collect();
    // b1 covers both through the specialisation; b2 covers neither.
    assert_eq!(coverage.len(), 2, "{coverage:#?}");
    assert!(coverage.iter().all(|m| m.contains("`b2`")));
}

#[test]
fn lint_report_on_the_guardian_pay_bands() {
    use pendulum_framework::import::{self, Source};
    let Some(fixtures) = crate::fixtures::dir() else {
        return;
    };
    let fw = import::import(
        Source::PayBands,
        &[fixtures.join("guardian/salary-bands.md")],
    )
    .expect("salary bands import");
    let checked = check_str("salary-bands.yaml", &fw.to_yaml()).expect("import passes check");
    let found = findings(&checked.framework);
    let ceilings: Vec<_> = found
        .iter()
        .filter(|f| f.rule == lint::PAY_CEILING)
        .collect();
    assert_eq!(ceilings.len(), 3, "each IC track tops out below management");
    assert!(ceilings.iter().all(|f| f.message.contains("GBP 140,000")));
    assert!(lint::has_denied(&found));
    // No grades in published pay bands, so no grade-based rule can fire.
    assert!(
        !found
            .iter()
            .any(|f| f.rule == lint::PAY_PARITY || f.rule == lint::GRADE_CEILING)
    );
    insta::assert_snapshot!(
        "guardian_lint_report",
        lint::render_human(&found, &checked.sources)
    );
}

#[test]
fn policy_rules_fire_on_a_direction_left_without_questions_or_support() {
    let checked = builtin_checked();
    let mut fw = checked.framework.clone();
    // Only questions for a move towards management, and in no direction.
    fw.reflection
        .as_mut()
        .unwrap()
        .retain(|q| q.direction == QuestionDirection::ToManagement);
    fw.transitions.onboarding.to_ic = Some(Vec::new());
    for kind in fw.journal.kinds.as_mut().unwrap() {
        kind.hands_on = false;
    }
    let found = findings(&fw);
    let messages: Vec<(&str, &str)> = found.iter().map(|f| (f.rule, f.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            (
                lint::REFLECTION_GAP,
                "no reflection question is asked before a move towards individual contribution"
            ),
            (
                lint::ONBOARDING_GAP,
                "the onboarding checklist for a move towards individual contribution is empty"
            ),
            (
                lint::HANDS_ON_KIND,
                "no kind of work in `journal.kinds` is marked `hands_on: true`"
            ),
        ]
    );
    assert!(found.iter().all(|f| f.severity == Severity::Warning));
    // The finding points at the first kind of work, where the fix goes.
    let hands_on = found
        .iter()
        .find(|f| f.rule == lint::HANDS_ON_KIND)
        .unwrap();
    let building = fw.journal_kinds()[0].origin.0;
    assert_eq!(
        (hands_on.pos.line, hands_on.pos.column),
        (building.line, building.column)
    );
    assert!(building.line > 1);
}

#[test]
fn policy_rules_are_quiet_on_the_built_in_defaults_and_on_a_single_track() {
    // A framework that leaves the policy to the defaults is as clean as the built-in one.
    let mut fw = builtin_checked().framework;
    fw.reflection = None;
    fw.journal.kinds = None;
    fw.transitions.onboarding = Default::default();
    assert!(findings(&fw).is_empty(), "{:#?}", findings(&fw));
    // With one track there is no move to reflect on or to onboard for.
    let single = check_str(
        "single.yaml",
        "name: x\ntracks:\n  - id: t\n    kind: individual-contributor\n    levels:\n      - { id: l, title: L }\nreflection: []\ntransitions:\n  onboarding: { to-ic: [], to-management: [] }\n",
    )
    .unwrap()
    .framework;
    assert!(rules(&findings(&single)).is_empty());
}
