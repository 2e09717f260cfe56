//! The protocol: the same seed gives the same bits whatever the number of threads, run
//! `i` starts from the same organisation under every combination, and the report's
//! figures are what its runs say.

use std::sync::atomic::{AtomicUsize, Ordering};

use pendulum_sim::peter::engine::{Hypothesis, Model, Strategy};
use pendulum_sim::peter::protocol::{initial_organisation, run_once};
use pendulum_sim::peter::{
    PRange, ParamError, Params, SweepParams, TableParams, final_window, simulate,
    simulate_with_progress, sweep, table,
};
use pendulum_sim::stats::Estimate;

fn small_table(seed: u64) -> TableParams {
    TableParams {
        p: 0.3,
        runs: 7,
        steps: 150,
        seed,
    }
}

fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn the_same_seed_gives_the_same_bits_on_one_thread_or_several() {
    let params = small_table(11);
    let one = on_threads(1, || table(&params).unwrap());
    let two = on_threads(2, || table(&params).unwrap());
    let five = on_threads(5, || table(&params).unwrap());
    assert_eq!(one, two);
    assert_eq!(one, five);
    // Compared as JSON too, which is what a caller keeps.
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&five).unwrap()
    );

    let sweep_params = SweepParams {
        hypothesis: Hypothesis::Peter,
        p: "0:1:0.25".parse().unwrap(),
        runs: 5,
        steps: 100,
        seed: 4,
    };
    let a = on_threads(1, || sweep(&sweep_params).unwrap());
    let b = on_threads(3, || sweep(&sweep_params).unwrap());
    assert_eq!(a, b);

    let other = table(&small_table(12)).unwrap();
    assert_ne!(one[0].initial_efficiency, other[0].initial_efficiency);
}

#[test]
fn run_i_starts_from_the_same_organisation_under_every_combination() {
    let model = Model::paper();
    let reports = table(&small_table(21)).unwrap();
    assert_eq!(reports.len(), 8);
    for r in &reports {
        assert_eq!(r.initial_efficiency, reports[0].initial_efficiency);
        assert_eq!(r.series[0], reports[0].series[0]);
    }
    for run in [0, 1, 6] {
        let first = initial_organisation(&model, 21, run);
        for hypothesis in Hypothesis::ALL {
            for strategy in Strategy::ALL {
                let params = Params {
                    hypothesis,
                    strategy,
                    p: 0.3,
                    runs: 7,
                    steps: 3,
                    seed: 21,
                };
                let r = run_once(&model, &params, run);
                assert_eq!(r.initial, first.efficiency());
            }
        }
        assert_ne!(
            first.levels(),
            initial_organisation(&model, 21, run + 1).levels(),
            "runs differ"
        );
    }
    // The strategies then differ.
    assert_ne!(reports[0].series, reports[1].series);
}

#[test]
fn a_report_is_what_its_runs_say() {
    let model = Model::paper();
    let params = Params {
        hypothesis: Hypothesis::CommonSense,
        strategy: Strategy::Random,
        p: 0.5,
        runs: 6,
        steps: 120,
        seed: 8,
    };
    let report = simulate(&params).unwrap();
    let runs: Vec<_> = (0..6).map(|i| run_once(&model, &params, i)).collect();
    let window = final_window(120);
    assert_eq!(report.final_window, window);
    assert_eq!(report.series.len(), 121);

    let initial: Vec<f64> = runs.iter().map(|r| r.initial).collect();
    let finals: Vec<f64> = runs
        .iter()
        .map(|r| r.series[121 - window..].iter().sum::<f64>() / window as f64)
        .collect();
    let gains: Vec<f64> = finals.iter().zip(&initial).map(|(f, i)| f - i).collect();
    let close = |a: Estimate, b: Estimate| {
        assert!((a.mean - b.mean).abs() < 1e-9, "{a:?} {b:?}");
        assert!(
            (a.standard_error - b.standard_error).abs() < 1e-9,
            "{a:?} {b:?}"
        );
    };
    close(
        report.initial_efficiency,
        Estimate::from_samples(&initial).unwrap(),
    );
    close(
        report.final_efficiency,
        Estimate::from_samples(&finals).unwrap(),
    );
    close(report.gain, Estimate::from_samples(&gains).unwrap());
    for year in [0, 1, 60, 120] {
        let mean = runs.iter().map(|r| r.series[year]).sum::<f64>() / 6.0;
        assert!((report.series[year] - mean).abs() < 1e-9, "year {year}");
    }
    assert_eq!(report.p, None);
    let promotions: u64 = runs
        .iter()
        .map(|r| {
            r.organisation
                .counters()
                .promotions_into
                .iter()
                .sum::<u64>()
        })
        .sum();
    assert!((report.promotions_per_year - promotions as f64 / 720.0).abs() < 1e-12);

    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["hypothesis"], "common-sense");
    assert_eq!(json["strategy"], "random");
    assert!(json.get("p").is_none());
    assert!(json["gain"]["standard_error"].as_f64().unwrap() > 0.0);
    let best_worst = simulate(&Params {
        strategy: Strategy::BestWorst,
        p: 0.25,
        ..params
    })
    .unwrap();
    assert_eq!(
        serde_json::to_value(&best_worst).unwrap()["strategy"],
        "best-worst"
    );
    assert_eq!(best_worst.p, Some(0.25));
}

#[test]
fn progress_counts_every_run_and_bad_requests_run_nothing() {
    let done = AtomicUsize::new(0);
    let params = Params {
        runs: 9,
        steps: 20,
        ..Params::paper(Hypothesis::Peter, Strategy::Worst)
    };
    simulate_with_progress(&params, &|n| {
        done.fetch_add(n, Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(done.load(Ordering::Relaxed), 9);

    assert_eq!(
        simulate_with_progress(&Params { p: 2.0, ..params }, &|_| panic!("ran")),
        Err(ParamError::P(2.0))
    );
    assert_eq!(
        table(&TableParams {
            runs: 0,
            ..TableParams::paper()
        }),
        Err(ParamError::Runs(0))
    );
    assert_eq!(
        sweep(&SweepParams {
            hypothesis: Hypothesis::Peter,
            p: PRange {
                from: 0.5,
                to: 0.2,
                step: 0.1
            },
            runs: 5,
            steps: 10,
            seed: 1
        }),
        Err(ParamError::SweepRange {
            from: 0.5,
            to: 0.2,
            step: 0.1
        })
    );
}
