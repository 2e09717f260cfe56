//! Property tests: any valid model survives model → YAML → model unchanged, and no input
//! makes the loader panic.

use indexmap::IndexMap;
use pendulum_framework::check_str;
use pendulum_framework::ids::*;
use pendulum_framework::model::*;
use proptest::prelude::*;

/// Text as people write it: quotes, colons, hashes, leading dashes, Unicode, newlines.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9 ,.'()-]{0,30}",
        "[a-z]{1,8}: [a-z#&*!|>%@`\"{}\\[\\]]{0,10}",
        "- [a-z]{1,10}\n[a-z ]{0,10}",
        "(yes|no|null|true|~|1e3|0x1F|12:30|2026-01-01)",
        "[A-Za-zéü€£ 🛠️]{1,12}",
    ]
    .prop_filter("visible", |s| !s.trim().is_empty())
}

fn extra() -> impl Strategy<Value = Extra> {
    prop::collection::vec(
        (
            "[a-z_]{1,8}",
            prop_oneof![
                text().prop_map(serde_json::Value::from),
                any::<i32>().prop_map(serde_json::Value::from),
                any::<bool>().prop_map(serde_json::Value::from),
                prop::collection::vec(text(), 0..3).prop_map(serde_json::Value::from),
            ],
        ),
        0..2,
    )
    .prop_map(|v| v.into_iter().collect::<IndexMap<_, _>>())
}

fn steps(prefix: &'static str, n: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (text(), prop::option::of(text()), prop::option::of(0u32..50)),
        n,
    )
    .prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (name, description, points))| Step {
                id: StepId::new(format!("{prefix}{i}")).unwrap(),
                name,
                description,
                points,
                extra: Extra::new(),
            })
            .collect()
    })
}

prop_compose! {
    fn band()(min in 0u64..1_000_000, width in 0u64..100_000, mid_frac in prop::option::of(0u64..=100),
              example in any::<bool>(), currency in "(GBP|EUR|USD)", description in prop::option::of(text())) -> PayBand {
        let max = min + width;
        PayBand {
            description,
            currency: Currency::new(currency).unwrap(),
            min,
            mid: mid_frac.map(|f| min + width * f / 100),
            max,
            example,
            zones: if width > 2 { vec![PayZone { name: "low".into(), min, max: min + width / 2 }] } else { vec![] },
            extra: Extra::new(),
            origin: Origin::default(),
        }
    }
}

/// A framework whose every reference resolves.
fn framework() -> impl Strategy<Value = Framework> {
    (
        text(),
        prop::option::of(text()),
        1usize..5, // grades
        1usize..4, // tracks
        1usize..4, // competencies
        1usize..3, // decision rights
        extra(),
        any::<u64>(), // seed for choices
    )
        .prop_flat_map(
            |(name, description, n_grades, n_tracks, n_comp, n_rights, fw_extra, seed)| {
                let comps = prop::collection::vec(
                    (text(), steps("s", 3), prop::option::of(text())),
                    n_comp,
                );
                let rights = prop::collection::vec((text(), 1u32..5, steps("a", 3)), n_rights);
                let levels = prop::collection::vec(
                    prop::collection::vec(
                        (
                            text(),
                            prop::collection::vec(text(), 0..3),
                            prop::option::of(band()),
                            extra(),
                        ),
                        1..4,
                    ),
                    n_tracks,
                );
                (
                    Just((name, description, n_grades, fw_extra, seed)),
                    comps,
                    rights,
                    levels,
                )
            },
        )
        .prop_map(
            |((name, description, n_grades, fw_extra, seed), comps, rights, levels)| {
                let mut fw = Framework::new(name);
                fw.description = description;
                fw.extra = fw_extra;
                fw.grades = (0..n_grades)
                    .map(|i| GradeId::new(format!("g{i}")).unwrap())
                    .collect();
                fw.categories = vec![Named {
                    id: CategoryId::new("core").unwrap(),
                    name: "Core".into(),
                    description: None,
                    extra: Extra::new(),
                }];
                let track_ids: Vec<TrackId> = (0..levels.len())
                    .map(|i| TrackId::new(format!("t{i}")).unwrap())
                    .collect();
                fw.competencies = comps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, scale, description))| Competency {
                        id: CompetencyId::new(format!("c{i}")).unwrap(),
                        name,
                        category: (i % 2 == 0).then(|| CategoryId::new("core").unwrap()),
                        tracks: if i % 2 == 0 {
                            vec![]
                        } else {
                            vec![track_ids[0].clone()]
                        },
                        description,
                        inherits: (i > 0 && seed % 3 == 0)
                            .then(|| CompetencyId::new("c0").unwrap()),
                        scale,
                        extra: Extra::new(),
                        origin: Origin::default(),
                    })
                    .collect();
                // The model holds inherited text resolved, as `check` builds it.
                let parent_description = fw.competencies[0].description.clone();
                for c in fw.competencies.iter_mut().filter(|c| c.inherits.is_some()) {
                    if c.description.is_none() {
                        c.description = parent_description.clone();
                    }
                }
                fw.decision_rights = rights
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, weight, scale))| DecisionRight {
                        id: RightId::new(format!("r{i}")).unwrap(),
                        name,
                        description: None,
                        weight,
                        track: (i == 1).then(|| track_ids[0].clone()),
                        scale,
                        extra: Extra::new(),
                        origin: Origin::default(),
                    })
                    .collect();
                let kinds = [
                    TrackKind::IndividualContributor,
                    TrackKind::Management,
                    TrackKind::Other,
                ];
                fw.tracks = levels
                    .into_iter()
                    .enumerate()
                    .map(|(t, lv)| Track {
                        id: track_ids[t].clone(),
                        name: format!("Track {t}"),
                        kind: kinds[(t + seed as usize) % 3],
                        description: None,
                        levels: lv
                            .into_iter()
                            .enumerate()
                            .map(|(l, (title, criteria, band, extra))| Level {
                                id: LevelId::new(format!("t{t}-l{l}")).unwrap(),
                                title,
                                aliases: vec![],
                                renamed_from: Vec::new(),
                                summary: None,
                                scope: None,
                                description: None,
                                typical_months: (l == 0).then_some(Range {
                                    min: Some(6),
                                    max: None,
                                }),
                                grade: fw.grades.get((l + t) % (n_grades + 1)).cloned(),
                                archetypes: vec![],
                                points: None,
                                pay: band.into_iter().collect(),
                                authority: fw
                                    .decision_rights
                                    .iter()
                                    .filter(|r| {
                                        r.track.as_ref().is_none_or(|rt| rt == &track_ids[t])
                                    })
                                    .map(|r| (r.id.clone(), r.scale[l % r.scale.len()].id.clone()))
                                    .collect(),
                                expectations: fw
                                    .competencies
                                    .iter()
                                    .filter(|c| c.used_by(&track_ids[t]))
                                    .map(|c| Expectation {
                                        description: criteria.first().cloned(),
                                        competency: c.id.clone(),
                                        step: Some(c.scale[l % c.scale.len()].id.clone()),
                                        criteria: criteria.clone(),
                                        examples: vec![],
                                        extra: Extra::new(),
                                        origin: Origin::default(),
                                    })
                                    .collect(),
                                extra,
                                origin: Origin::default(),
                            })
                            .collect(),
                        extra: Extra::new(),
                        origin: Origin::default(),
                    })
                    .collect();
                fw.transitions.trial_months = Some(6);
                // Half the frameworks write the policy out, with arbitrary text; the other
                // half leave it to the built-in defaults.
                if seed % 2 == 0 {
                    let text = fw.name.clone();
                    let directions = [
                        QuestionDirection::ToManagement,
                        QuestionDirection::ToIc,
                        QuestionDirection::Any,
                    ];
                    fw.reflection = Some(
                        (0..(seed % 4) as usize)
                            .map(|i| ReflectionQuestion {
                                id: QuestionId::new(format!("q{i}")).unwrap(),
                                text: format!("{text} {i}?"),
                                hint: (i % 2 == 0).then(|| text.clone()),
                                direction: directions[i % 3],
                                extra: Extra::new(),
                                origin: Origin::default(),
                            })
                            .collect(),
                    );
                    fw.transitions.checkpoints = Some(vec![1, 30 + (seed % 100) as u32, 186]);
                    fw.transitions.extensions.max = Some((seed % 13) as u32);
                    fw.transitions.extensions.reason_required = Some(seed % 3 == 0);
                    fw.transitions.onboarding.to_ic = Some(vec![ChecklistItem {
                        id: ChecklistItemId::new("first").unwrap(),
                        text: text.clone(),
                        extra: Extra::new(),
                        origin: Origin::default(),
                    }]);
                    fw.journal.kinds = Some(vec![WorkKind {
                        id: WorkKindId::new("k").unwrap(),
                        name: text,
                        hands_on: seed % 5 == 0,
                        extra: Extra::new(),
                        origin: Origin::default(),
                    }]);
                }
                fw
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn model_yaml_model_round_trips(fw in framework()) {
        let yaml = fw.to_yaml();
        let back = match check_str("roundtrip.yaml", &yaml) {
            Ok(c) => c.framework,
            Err(e) => panic!("generated framework failed check: {e:?}\n{yaml}"),
        };
        prop_assert_eq!(&back, &fw, "YAML was:\n{}", yaml);
        // And the text is stable: serialising again gives the same bytes.
        prop_assert_eq!(back.to_yaml(), yaml);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = check_str("fuzz.yaml", &text);
    }

    #[test]
    fn yaml_shaped_noise_never_panics_the_loader(
        text in "(name: |tracks:|  - id: |levels:|grade: |pay:|\\{|\\}|\\[|\\]|min: |-1|99999999999999999999|&a |\\*a |<<: |\n|  |: |'|\"|[a-z0-9]{1,4})*"
    ) {
        let _ = check_str("noise.yaml", &text);
    }
}

#[test]
fn builtin_round_trips_through_the_model() {
    let fw = check_str("f.yaml", pendulum_framework::builtin::ENGINEERING_YAML)
        .unwrap()
        .framework;
    let again = check_str("again.yaml", &fw.to_yaml()).unwrap().framework;
    assert_eq!(again, fw);
    assert_eq!(
        again.tracks[0].levels[0].expectations,
        fw.tracks[0].levels[0].expectations
    );
}

proptest! {
    /// Whatever a description holds, its rendering carries no raw HTML, image or unsafe link.
    #[test]
    fn a_rendered_description_never_carries_markup(
        text in "([a-z ]{1,3}|<|>|\\[|\\]|\\(|\\)|!|`|``|:|/|\\\\|&|\\*|-|\n|\n\n|    |> |script|!--|a href|javascript:|mailto:x|https://x|\\[r\\]: ){0,40}"
    ) {
        let safe = pendulum_framework::format::md_block(&text);
        prop_assert_eq!(crate::render::hazards(&safe), Vec::<String>::new(), "{:?} → {:?}", text, safe);
    }
}
