//! Benchmarks of the Peter-principle model (see docs/benchmarks.md): the paper's whole
//! protocol (eight combinations × 50 runs × 1000 years) on rayon's threads, one run of
//! 1000 years on one thread, and the pieces of a year.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pendulum_sim::peter::engine::{Hypothesis, Model, Strategy, choose};
use pendulum_sim::peter::protocol::{initial_organisation, run_once, run_rngs};
use pendulum_sim::peter::{Params, TableParams, table};

fn protocol(c: &mut Criterion) {
    let mut group = c.benchmark_group("peter");
    group.sample_size(20);
    group.bench_function("table: 8 combinations x 50 runs x 1000 years", |b| {
        b.iter(|| table(black_box(&TableParams::paper())).unwrap())
    });
    let model = Model::paper();
    for (hypothesis, strategy) in [
        (Hypothesis::Peter, Strategy::Best),
        (Hypothesis::CommonSense, Strategy::Worst),
        (Hypothesis::Peter, Strategy::Random),
    ] {
        let params = Params::paper(hypothesis, strategy);
        group.bench_function(
            format!(
                "one run of 1000 years, {}/{}",
                hypothesis.as_str(),
                strategy.as_str()
            ),
            |b| b.iter(|| run_once(&model, black_box(&params), 7)),
        );
    }
    group.finish();
}

fn pieces(c: &mut Criterion) {
    let model = Model::paper();
    let org = initial_organisation(&model, 1, 0);
    let (_, mut rng) = run_rngs(1, 0);
    c.bench_function("efficiency of 160 positions", |b| {
        b.iter(|| black_box(&org).efficiency())
    });
    let bottom = &org.levels()[5];
    c.bench_function("choose the best of 81", |b| {
        b.iter(|| choose(black_box(bottom), Strategy::Best, 0.5, &mut rng))
    });
    c.bench_function("recruit one agent", |b| b.iter(|| model.recruit(&mut rng)));
}

criterion_group!(benches, protocol, pieces);
criterion_main!(benches);
