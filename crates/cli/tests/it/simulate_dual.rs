//! `pendulum simulate dual-track`: the policies side by side as a table and as JSON with
//! standard errors, the same output for the same seed on any number of threads, a
//! framework file's ladders, and clear refusals of bad values.

use std::path::Path;
use std::process::{Command, Output};

use super::{pendulum, stderr, stdout};

fn simulate_in(dir: &Path, args: &[&str], threads: &str) -> Output {
    let mut all = vec!["simulate", "dual-track"];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(&all)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("pendulum runs")
}

fn simulate(args: &[&str], threads: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    simulate_in(dir.path(), args, threads)
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

const SMALL: [&str; 6] = ["--runs", "4", "--steps", "60", "--headcount", "300"];

/// The small protocol with `extra`, whose options take the place of the small ones.
fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = SMALL
        .chunks(2)
        .filter(|pair| !extra.contains(&pair[0]))
        .flatten()
        .copied()
        .collect();
    args.extend_from_slice(extra);
    args
}

#[test]
fn one_policy_gives_each_ladders_figures_with_standard_errors() {
    let args = with(&[
        "--policy",
        "dual-track-with-trials",
        "--seed",
        "3",
        "--format",
        "json",
    ]);
    let out = simulate(&args, "2");
    assert_eq!(
        stderr(&out),
        "",
        "no progress when stderr is not a terminal"
    );
    let r = json(&out);
    assert_eq!(r["policy"], "dual-track-with-trials");
    assert_eq!(r["hypothesis"], "common-sense");
    assert_eq!(r["strategy"], "best");
    assert_eq!(r["runs"], 4);
    assert_eq!(r["final_window"], 24);
    assert_eq!(r["trial_years"], 1);
    assert_eq!(r["trial_threshold"], 6.0);
    let positions: u64 = ["individual_contribution", "management"]
        .iter()
        .flat_map(|l| r["ladders"][l]["rungs"].as_array().unwrap())
        .map(|rung| rung["positions"].as_u64().unwrap())
        .sum();
    assert_eq!(positions, 300);
    for track in ["overall", "individual_contribution", "management"] {
        let m = &r["efficiency"][track];
        for at in ["initial", "final_mean"] {
            let mean = m[at]["mean"].as_f64().unwrap();
            let se = m[at]["standard_error"].as_f64().unwrap();
            assert!((40.0..100.0).contains(&mean), "{track} {at}: {mean}");
            assert!(se > 0.0 && se < 5.0, "{track} {at}: {se}");
        }
        assert!(m.get("series").is_none(), "the series only with --series");
    }
    assert!(r["managers_below_threshold"]["final_mean"]["mean"].is_number());
    for flow in [
        "moves_to_management",
        "returns",
        "promotions",
        "hires",
        "exits",
        "retirements",
        "dismissals_individual_contribution",
        "dismissals_management",
    ] {
        assert!(
            r["per_year"][flow]["mean"].as_f64().unwrap() >= 0.0,
            "{flow}"
        );
    }
    let per_year = |f: &str| r["per_year"][f]["mean"].as_f64().unwrap();
    assert!(per_year("moves_to_management") > 0.0);
    assert!(per_year("hires") > 0.0);
    assert!(
        (per_year("exits")
            - per_year("retirements")
            - per_year("dismissals_individual_contribution")
            - per_year("dismissals_management"))
        .abs()
            < 1e-9
    );

    let mut with_series = args.clone();
    with_series.push("--series");
    let r = json(&simulate(&with_series, "2"));
    for track in ["overall", "individual_contribution", "management"] {
        assert_eq!(
            r["efficiency"][track]["series"].as_array().unwrap().len(),
            61
        );
    }
    assert_eq!(
        r["managers_below_threshold"]["series"]
            .as_array()
            .unwrap()
            .len(),
        61
    );
}

#[test]
fn the_three_policies_come_side_by_side_unless_some_are_chosen() {
    let out = simulate(&with(&["--seed", "5"]), "2");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text
        .lines()
        .find(|l| l.contains("single-ladder") && l.contains("dual-track-with-trials"))
        .expect("a header with the three policies");
    assert!(header.trim_start().starts_with("single-ladder"));
    for row in [
        "efficiency, final",
        "  management, final",
        "managers below the dismissal threshold, %",
        "moves into management per year",
        "returns to individual contribution per year",
        "exits per year",
    ] {
        let line = text.lines().find(|l| l.starts_with(row)).expect(row);
        assert_eq!(line.matches('±').count(), 3, "{line}");
    }
    assert!(
        text.contains("single-ladder: individual contribution ic-1"),
        "{text}"
    );
    assert!(!text.to_lowercase().contains("demotion"));

    let r = json(&simulate(
        &with(&["--policy", "single-ladder,dual-track", "--format", "json"]),
        "2",
    ));
    let reports = r["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["policy"], "single-ladder");
    assert_eq!(reports[1]["policy"], "dual-track");
    // The single ladder stops individual contribution at the level that feeds management.
    let last_ic = |r: &serde_json::Value| {
        r["ladders"]["individual_contribution"]["rungs"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()["level"]
            .clone()
    };
    assert_eq!(last_ic(&reports[0]), "ic-3");
    assert_eq!(last_ic(&reports[1]), "ic-7");
    assert!(reports[0].get("trial_years").is_none());
}

#[test]
fn the_same_seed_gives_the_same_output_on_one_thread_or_two() {
    for format in ["json", "human"] {
        let args = with(&["--seed", "9", "--format", format, "--assessment-noise", "3"]);
        let one = simulate(&args, "1");
        let two = simulate(&args, "2");
        assert!(one.status.success(), "{}", stderr(&one));
        assert_eq!(stdout(&one), stdout(&two), "{format}");
        let other_seed = with(&[
            "--seed",
            "10",
            "--format",
            format,
            "--assessment-noise",
            "3",
        ]);
        assert_ne!(
            stdout(&one),
            stdout(&simulate(&other_seed, "2")),
            "{format}"
        );
    }
}

#[test]
fn a_framework_files_tracks_give_the_ladders() {
    let dir = tempfile::tempdir().unwrap();
    let out = pendulum(&["framework", "init"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let builtin = json(&simulate_in(dir.path(), &with(&["--format", "json"]), "2"));
    let file = json(&simulate_in(
        dir.path(),
        &with(&["--framework", "framework.yaml", "--format", "json"]),
        "2",
    ));
    assert_eq!(builtin, file);

    // A flatter pyramid and a wider span change the shape, not the levels.
    let r = json(&simulate_in(
        dir.path(),
        &with(&[
            "--policy",
            "dual-track",
            "--pyramid-ratio",
            "0.9",
            "--span-of-control",
            "10",
            "--format",
            "json",
        ]),
        "2",
    ));
    let rungs = r["ladders"]["individual_contribution"]["rungs"]
        .as_array()
        .unwrap();
    let first = rungs[0]["positions"].as_u64().unwrap();
    let last = rungs[6]["positions"].as_u64().unwrap();
    assert!(first < 2 * last, "{first} {last}");

    // A framework with errors is refused with its diagnostics.
    std::fs::write(
        dir.path().join("broken.yaml"),
        "format: 1\nname: x\ntracks: 3\n",
    )
    .unwrap();
    let out = simulate_in(dir.path(), &with(&["--framework", "broken.yaml"]), "2");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("broken.yaml"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn bad_values_are_refused_with_their_bounds() {
    let refused = |extra: &[&str], says: &str| {
        let out = simulate(&with(extra), "2");
        assert!(!out.status.success(), "{extra:?}");
        let err = stderr(&out);
        assert!(err.contains(says), "{extra:?}: {err}");
        assert_eq!(stdout(&out), "");
    };
    refused(
        &["--correlation", "1.5"],
        "correlation must be from -1 to 1; got 1.5",
    );
    refused(
        &["--assessment-noise", "-1"],
        "assessment noise must be from 0 to 10",
    );
    refused(
        &["--trial-years", "0"],
        "trial years must be from 1 to 10; got 0",
    );
    refused(
        &["--trial-threshold", "12"],
        "trial threshold must be from 0 to 10",
    );
    refused(
        &["--dismissal-threshold", "-2"],
        "dismissal threshold must be from 0 to 10",
    );
    refused(&["--p", "1.5"], "p must be a probability from 0 to 1");
    refused(&["--runs", "1"], "runs must be from 2 to 1000");
    refused(&["--steps", "0"], "steps must be from 1 to 10000");
    refused(&["--pyramid-ratio", "0"], "pyramid ratio 0 is out of range");
    refused(
        &["--span-of-control", "1"],
        "span of control 1 is out of range: 2 to 50",
    );
    refused(&["--headcount", "5"], "5 is not in 20..=2000000");
    refused(
        &["--policy", "ladder"],
        "invalid value 'ladder' for '--policy",
    );
    refused(
        &["--hypothesis", "x"],
        "[possible values: common-sense, peter]",
    );
    refused(
        &[
            "--headcount",
            "2000000",
            "--runs",
            "1000",
            "--steps",
            "10000",
        ],
        "above the limit of 100000000000",
    );
    // A negative correlation is a number, not an option.
    let out = simulate(
        &with(&["--correlation", "-0.5", "--policy", "dual-track"]),
        "2",
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
