//! Benchmarks of check, lint and render on a large generated framework:
//! 10 tracks × 12 levels × 80 competencies (see docs/benchmarks.md).

use criterion::{Criterion, criterion_group, criterion_main};
use pendulum_framework::ids::*;
use pendulum_framework::model::*;
use pendulum_framework::{check_str, lint, render};

/// A framework of `tracks` tracks (alternating IC and management) with `levels` levels
/// each, `competencies` competencies of five steps used by every track, decision rights,
/// pay bands and return paths; every level states every expectation with three criteria.
fn generate(tracks: usize, levels: usize, competencies: usize) -> Framework {
    let mut fw = Framework::new("Large generated framework");
    fw.grades = (0..levels)
        .map(|g| GradeId::new(format!("g{g}")).unwrap())
        .collect();
    fw.categories = (0..8)
        .map(|c| Named {
            id: CategoryId::new(format!("cat-{c}")).unwrap(),
            name: format!("Category {c}"),
            description: Some("A group of related competencies.".into()),
            extra: Extra::new(),
        })
        .collect();
    let scale = |prefix: &str| -> Vec<Step> {
        ["adopts", "specialises", "evangelises", "masters", "creates"]
            .iter()
            .map(|s| Step {
                id: StepId::new(format!("{prefix}{s}")).unwrap(),
                name: s.to_string(),
                description: Some(format!("The {s} step, described in a sentence.")),
                points: None,
                extra: Extra::new(),
            })
            .collect()
    };
    fw.competencies = (0..competencies)
        .map(|c| Competency {
            id: CompetencyId::new(format!("comp-{c}")).unwrap(),
            name: format!("Competency {c}"),
            category: Some(fw.categories[c % 8].id.clone()),
            tracks: vec![],
            description: Some("What this competency is about, in a sentence or two.".into()),
            inherits: None,
            scale: scale(""),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect();
    fw.decision_rights = (0..5)
        .map(|r| DecisionRight {
            id: RightId::new(format!("right-{r}")).unwrap(),
            name: format!("Right {r}"),
            description: None,
            weight: 1 + r as u32 % 3,
            track: None,
            scale: scale("a-"),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect();
    fw.tracks = (0..tracks)
        .map(|t| Track {
            id: TrackId::new(format!("track-{t}")).unwrap(),
            name: format!("Track {t}"),
            kind: if t % 2 == 0 {
                TrackKind::IndividualContributor
            } else {
                TrackKind::Management
            },
            description: None,
            levels: (0..levels)
                .map(|l| Level {
                    id: LevelId::new(format!("t{t}-l{l}")).unwrap(),
                    title: format!("Track {t} level {l}"),
                    aliases: vec![],
                    renamed_from: Vec::new(),
                    summary: Some("What people at this level do.".into()),
                    scope: Some("Their team.".into()),
                    description: None,
                    typical_months: Some(Range { min: Some(12), max: Some(24) }),
                    grade: Some(fw.grades[l].clone()),
                    archetypes: vec![],
                    points: None,
                    pay: vec![PayBand {
                        description: None,
                        currency: Currency::new("EUR").unwrap(),
                        min: 40_000 + 10_000 * l as u64,
                        mid: None,
                        max: 50_000 + 10_000 * l as u64,
                        example: true,
                        zones: vec![],
                        extra: Extra::new(),
                        origin: Origin::default(),
                    }],
                    authority: fw
                        .decision_rights
                        .iter()
                        .map(|r| (r.id.clone(), r.scale[(l * 5) / levels].id.clone()))
                        .collect(),
                    expectations: fw
                        .competencies
                        .iter()
                        .map(|c| Expectation {
                            description: None,
                            competency: c.id.clone(),
                            step: Some(c.scale[(l * 5) / levels].id.clone()),
                            criteria: (0..3)
                                .map(|k| format!("Criterion {k} of {} at level {l}: a sentence of realistic length.", c.name))
                                .collect(),
                            examples: vec![format!("An example for {} at level {l}.", c.name)],
                            extra: Extra::new(),
                            origin: Origin::default(),
                        })
                        .collect(),
                    extra: Extra::new(),
                    origin: Origin::default(),
                })
                .collect(),
            extra: Extra::new(),
            origin: Origin::default(),
        })
        .collect();
    fw
}

fn benches(c: &mut Criterion) {
    let fw = generate(10, 12, 80);
    let yaml = fw.to_yaml();
    let checked = check_str("large.yaml", &yaml).expect("generated framework is valid");
    let mut group = c.benchmark_group("large framework (10 tracks x 12 levels x 80 competencies)");
    group.sample_size(20);
    group.bench_function("check (parse + validate)", |b| {
        b.iter(|| check_str("large.yaml", &yaml).unwrap())
    });
    group.bench_function("lint", |b| {
        b.iter(|| lint::lint(&checked.framework, &lint::Options::default()))
    });
    group.bench_function("check + lint", |b| {
        b.iter(|| {
            let c = check_str("large.yaml", &yaml).unwrap();
            lint::lint(&c.framework, &lint::Options::default())
        })
    });
    group.bench_function("render markdown", |b| {
        b.iter(|| render::render_markdown(&checked.framework))
    });
    group.finish();
    eprintln!(
        "input: {} bytes of YAML, {} levels, {} expectations",
        yaml.len(),
        checked.framework.levels().count(),
        checked
            .framework
            .levels()
            .map(|(_, l)| l.expectations.len())
            .sum::<usize>()
    );
}

criterion_group!(framework, benches);
criterion_main!(framework);
