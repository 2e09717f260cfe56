//! Benchmarks of the dual-track model (see docs/benchmarks.md): an organisation of a
//! million people under each policy, and the default protocol on the built-in
//! framework's ladders of a thousand.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use pendulum_sim::dual::params::MAX_AGENT_STEPS_CLI;
use pendulum_sim::dual::{DualParams, Policy, Shape, builtin_ladders, simulate, simulate_within};

fn million(c: &mut Criterion) {
    let ladders = builtin_ladders(1_000_000, &Shape::default()).unwrap();
    let mut group = c.benchmark_group("dual");
    group.sample_size(10);
    for policy in Policy::ALL {
        // Two runs (one task of the protocol, so one core); a hundred years, as the
        // first thirty, before the first recruits retire, are quieter than the rest.
        let params = DualParams {
            policy,
            runs: 2,
            steps: 100,
            ..DualParams::new(ladders.clone())
        };
        group.bench_function(
            format!(
                "{}: 1,000,000 positions, 2 runs x 100 years",
                policy.as_str()
            ),
            |b| {
                b.iter(|| {
                    simulate_within(black_box(&params), MAX_AGENT_STEPS_CLI, &|_| {}).unwrap()
                })
            },
        );
    }
    let params = DualParams::builtin();
    group.bench_function("dual-track: 1,000 positions, 50 runs x 1000 years", |b| {
        b.iter(|| simulate(black_box(&params)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, million);
criterion_main!(benches);
