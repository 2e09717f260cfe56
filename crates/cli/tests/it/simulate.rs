//! `pendulum simulate peter`: the paper's figures as JSON and as a table, the same output
//! for the same seed on any number of threads, and clear refusals of bad values.

use std::process::{Command, Output};

use super::{pendulum, stderr, stdout};

fn simulate(args: &[&str], threads: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["simulate", "peter"];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(&all)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("pendulum runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn one_simulation_gives_the_papers_figures_with_standard_errors() {
    let args = [
        "--hypothesis",
        "peter",
        "--strategy",
        "best",
        "--runs",
        "6",
        "--steps",
        "80",
        "--seed",
        "3",
        "--format",
        "json",
    ];
    let out = simulate(&args, "2");
    assert_eq!(
        stderr(&out),
        "",
        "no progress when stderr is not a terminal"
    );
    let r = json(&out);
    assert_eq!(r["hypothesis"], "peter");
    assert_eq!(r["strategy"], "best");
    assert_eq!(r["runs"], 6);
    assert_eq!(r["final_window"], 32);
    for field in ["initial_efficiency", "final_efficiency", "gain"] {
        let se = r[field]["standard_error"].as_f64().unwrap();
        assert!(se > 0.0 && se < 5.0, "{field}: {se}");
    }
    let mean = |f: &str| r[f]["mean"].as_f64().unwrap();
    assert!((mean("gain") - (mean("final_efficiency") - mean("initial_efficiency"))).abs() < 1e-9);
    assert!((50.0..85.0).contains(&mean("initial_efficiency")));
    assert!(r.get("series").is_none(), "the series only with --series");

    let mut with_series = args.to_vec();
    with_series.push("--series");
    let r = json(&simulate(&with_series, "2"));
    assert_eq!(r["series"].as_array().unwrap().len(), 81);
}

#[test]
fn the_same_seed_gives_the_same_output_on_one_thread_or_two() {
    let args = [
        "--table", "--runs", "5", "--steps", "60", "--seed", "9", "--format", "json",
    ];
    let one = simulate(&args, "1");
    let two = simulate(&args, "2");
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(stdout(&one), stdout(&two));
    let mut other_seed = args.to_vec();
    other_seed[6] = "10";
    assert_ne!(stdout(&one), stdout(&simulate(&other_seed, "2")));

    let human = ["--table", "--runs", "5", "--steps", "60", "--seed", "9"];
    assert_eq!(
        stdout(&simulate(&human, "1")),
        stdout(&simulate(&human, "2"))
    );
}

#[test]
fn the_table_runs_all_eight_combinations_from_the_same_organisations() {
    let r = json(&simulate(
        &[
            "--table", "--runs", "4", "--steps", "40", "--p", "0.25", "--format", "json",
        ],
        "2",
    ));
    let reports = r["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 8);
    let combos: Vec<String> = reports
        .iter()
        .map(|x| {
            format!(
                "{}/{}",
                x["hypothesis"].as_str().unwrap(),
                x["strategy"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        combos,
        [
            "common-sense/best",
            "common-sense/worst",
            "common-sense/random",
            "common-sense/best-worst",
            "peter/best",
            "peter/worst",
            "peter/random",
            "peter/best-worst"
        ]
    );
    for x in reports {
        assert_eq!(x["initial_efficiency"], reports[0]["initial_efficiency"]);
    }
    assert_eq!(reports[3]["p"], 0.25);
    assert!(reports[0].get("p").is_none());

    let out = simulate(&["--table", "--runs", "4", "--steps", "40"], "2");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("4 runs of 40 years, seed 2010"), "{text}");
    assert!(text.contains("final = mean of the last 16 years"), "{text}");
    assert!(text.contains("gain (points)"), "{text}");
    // One in the header, three in each of the eight rows.
    assert_eq!(text.matches(" ± ").count(), 1 + 24, "{text}");
    assert!(text.contains("best-worst (p=0.5)"), "{text}");
}

#[test]
fn a_sweep_reports_each_value_of_p() {
    let r = json(&simulate(
        &[
            "--hypothesis",
            "common-sense",
            "--sweep-p",
            "0:1:0.5",
            "--runs",
            "3",
            "--steps",
            "30",
            "--format",
            "json",
        ],
        "2",
    ));
    let ps: Vec<f64> = r["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            assert_eq!(x["strategy"], "best-worst");
            x["p"].as_f64().unwrap()
        })
        .collect();
    assert_eq!(ps, [0.0, 0.5, 1.0]);
    let out = simulate(
        &[
            "--hypothesis",
            "peter",
            "--sweep-p",
            "0.2:0.4:0.1",
            "--runs",
            "3",
            "--steps",
            "20",
        ],
        "2",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for p in ["0.2000", "0.3000", "0.4000"] {
        assert!(text.contains(&format!("peter         {p}")), "{text}");
    }
}

/// Runs `args` and expects a refusal with `code` whose message contains `message`.
fn refused(args: &[&str], code: i32, message: &str) {
    let out = simulate(args, "2");
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    assert_eq!(stdout(&out), "", "{args:?}");
}

#[test]
fn bad_values_are_refused_with_their_bound() {
    let base = ["--hypothesis", "peter", "--strategy", "best-worst"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    refused(
        &with(&["--p", "1.5"]),
        2,
        "p must be a probability from 0 to 1; got 1.5",
    );
    refused(
        &with(&["--p", "-0.1"]),
        2,
        "p must be a probability from 0 to 1",
    );
    refused(
        &with(&["--p", "half"]),
        2,
        "not a number: use a probability from 0 to 1",
    );
    refused(&with(&["--runs", "0"]), 2, "runs must be from 2 to 1000");
    refused(
        &with(&["--runs", "1"]),
        2,
        "a standard error needs two runs",
    );
    refused(
        &with(&["--runs", "1001"]),
        2,
        "runs must be from 2 to 1000 (a standard error needs two runs); got 1001",
    );
    refused(
        &with(&["--runs", "99999999999999999999999"]),
        2,
        "runs must be from 2 to 1000 (a standard error needs two runs); got 99999999999999999999999",
    );
    refused(
        &with(&["--runs", "-3"]),
        2,
        "not a whole number: use 2 to 1000 runs",
    );
    refused(
        &with(&["--steps", "0"]),
        2,
        "steps must be from 1 to 10000 years; got 0",
    );
    refused(
        &with(&["--steps", "10001"]),
        2,
        "steps must be from 1 to 10000",
    );
    refused(
        &with(&["--steps", "x"]),
        2,
        "not a whole number: use 1 to 10000 years",
    );
    refused(
        &with(&["--runs", "1000", "--steps", "10000"]),
        1,
        "above the limit of 2500000; use fewer runs or steps",
    );
    refused(
        &["--table", "--runs", "1000", "--steps", "1000"],
        1,
        "runs × steps × 8 simulation(s) = 8000000 run-years",
    );
    refused(
        &["--hypothesis", "peter", "--sweep-p", "0:1"],
        2,
        "FROM:TO:STEP",
    );
    refused(
        &["--hypothesis", "peter", "--sweep-p", "-0.5:1:0.1"],
        2,
        "0 <= FROM <= TO <= 1",
    );
    refused(
        &["--hypothesis", "peter", "--sweep-p", "0:1:0"],
        2,
        "a STEP above 0",
    );
    refused(
        &["--hypothesis", "peter", "--sweep-p", "0:1:0.001"],
        2,
        "above the limit of 101",
    );
    refused(
        &[
            "--hypothesis",
            "peter",
            "--strategy",
            "best",
            "--sweep-p",
            "0:1:0.5",
        ],
        1,
        "--sweep-p runs the best-worst strategy",
    );
    refused(&["--strategy", "best"], 2, "--hypothesis");
    refused(&["--hypothesis", "peter"], 2, "--strategy");
    refused(
        &["--table", "--hypothesis", "peter"],
        2,
        "cannot be used with",
    );
    refused(
        &["--hypothesis", "peter", "--strategy", "all"],
        2,
        "invalid value 'all'",
    );
}

#[test]
fn help_names_the_table_and_the_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let out = pendulum(&["simulate", "peter", "--help"], dir.path());
    assert!(out.status.success());
    let help = stdout(&out);
    for flag in [
        "--table",
        "--sweep-p <FROM:TO:STEP>",
        "--hypothesis",
        "best-worst",
        "--seed",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
}
