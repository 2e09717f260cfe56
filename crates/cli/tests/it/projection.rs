//! `pendulum project`: the example file of docs/data.md projected (its first year checked
//! against the formula worked from the file itself), a malformed file refused with its
//! line and column, and a model estimated from a generated organisation, shown without a
//! state resting on fewer than five people.

use std::path::PathBuf;

use serde_json::Value;

use super::{on_db, pendulum, stderr, stdout};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/examples/projection.json")
        .canonicalize()
        .expect("docs/examples/projection.json exists")
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[test]
fn the_example_file_projects_as_the_formula_says() {
    let dir = tempfile::tempdir().unwrap();
    let file = example();
    let out = pendulum(
        &[
            "project",
            "--matrix",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let model: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();

    // n(1) = n(0)·P + R·r, R bringing 122 people to 122 · 1.05.
    let states: Vec<&str> = model["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let stocks: Vec<f64> = model["stocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(number)
        .collect();
    let start: f64 = stocks.iter().sum();
    let moved = |to: &str| -> f64 {
        states
            .iter()
            .zip(&stocks)
            .map(|(from, n)| n * model["transitions"][from][to].as_f64().unwrap_or(0.0))
            .sum()
    };
    let stayed: f64 = states.iter().map(|s| moved(s)).sum();
    let recruits = start * 1.05 - stayed;
    let year1 = &json["years"][0];
    assert_eq!(year1["year"], 1);
    assert!((number(&year1["recruits"]) - recruits).abs() < 1e-9);
    assert!((number(&year1["exits"]) - (start - stayed)).abs() < 1e-9);
    assert!((number(&year1["total"]) - start * 1.05).abs() < 1e-9);
    for state in &states {
        let share = model["recruitment"]["distribution"][state]
            .as_f64()
            .unwrap_or(0.0);
        let want = moved(state) + recruits * share;
        let got = number(&year1["stocks"][state]);
        assert!((got - want).abs() < 1e-9, "{state}: {got} vs {want}");
    }
    assert_eq!(json["years"].as_array().unwrap().len(), 10);
    assert_eq!(json["recruitment"]["mode"], "fixed-size");

    // With growth the shares settle, not the numbers.
    let steady = &json["steady_state"];
    assert!(steady["stocks"].is_null());
    let shares: f64 = steady["shares"]
        .as_object()
        .unwrap()
        .values()
        .map(number)
        .sum();
    assert!((shares - 1.0).abs() < 1e-9, "{shares}");
    for state in &states {
        assert!(number(&json["expected_years_in_system"][state]) >= 1.0);
    }
    assert!((number(&json["from_entry"]["reach"]["ic-1"]["probability"]) - 0.5).abs() < 1e-9);
}

#[test]
fn the_example_file_reads_as_tables_and_options_override_its_policy() {
    let dir = tempfile::tempdir().unwrap();
    let file = example();
    let out = pendulum(
        &[
            "project",
            "--matrix",
            file.to_str().unwrap(),
            "--years",
            "3",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "Workforce projection over 3 year(s): fixed size, 122 people kept, growth +5.0% a year."
        ),
        "{text}"
    );
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("state") && l.contains("now"))
        .unwrap();
    assert!(header.trim_end().ends_with("year 3"), "{header}");
    let total = text
        .lines()
        .find(|l| l.trim_start().starts_with("total"))
        .unwrap();
    assert!(total.contains("122") && total.contains("128.1"), "{total}");
    assert!(text.contains("Long run"), "{text}");
    assert!(
        text.contains("(With growth the head counts keep changing"),
        "{text}"
    );

    // Fixed recruitment of 10 a year, no growth: the numbers settle too.
    let out = pendulum(
        &[
            "project",
            "--matrix",
            file.to_str().unwrap(),
            "--recruitment",
            "fixed",
            "--total",
            "10",
            "--growth",
            "0",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["recruitment"]["mode"], "fixed");
    assert_eq!(number(&json["years"][4]["recruits"]), 10.0);
    assert!(number(&json["steady_state"]["total"]) > 0.0);
}

#[test]
fn a_malformed_file_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.json"),
        "{\n  \"states\": [\"A\"],\n  \"stocks\": [1,, 2]\n}\n",
    )
    .unwrap();
    let out = pendulum(&["project", "--matrix", "broken.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("broken.json:3:16: expected value"), "{err}");
    assert!(stdout(&out).is_empty());

    std::fs::write(
        dir.path().join("above.json"),
        r#"{"states": ["A", "B"], "stocks": [1, 2],
            "transitions": {"A": {"A": 0.7, "B": 0.5}, "B": {}},
            "recruitment": {"mode": "fixed", "total": 1, "distribution": {"A": 1}}}"#,
    )
    .unwrap();
    let out = pendulum(&["project", "--matrix", "above.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("above.json: transitions.A: the probabilities sum to 1.2"),
        "{err}"
    );

    let out = pendulum(&["project", "--matrix", "missing.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read missing.json"),
        "{}",
        stderr(&out)
    );

    let file = example();
    let out = pendulum(
        &[
            "project",
            "--matrix",
            file.to_str().unwrap(),
            "--growth",
            "2",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--growth: 2 is out of range"),
        "{}",
        stderr(&out)
    );
    let out = pendulum(
        &[
            "project",
            "--matrix",
            file.to_str().unwrap(),
            "--years",
            "101",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "clap refuses it");
}

#[test]
fn a_generated_organisation_is_estimated_and_shown_by_groups_of_five_or_more() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let out = on_db(
        dir,
        &[
            "generate",
            "--people",
            "150",
            "--years",
            "6",
            "--as-of",
            "2026-06-30",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = on_db(
        dir,
        &[
            "project",
            "--as-of",
            "2026-06-30",
            "--years",
            "5",
            "--format",
            "json",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let estimate = &json["estimate"];
    assert_eq!(estimate["window_years"], 5);
    assert_eq!(estimate["dates"][0], "2021-06-30");
    assert_eq!(estimate["dates"][5], "2026-06-30");

    // Every group shown rests on five people or more; the others are withheld.
    let groups = estimate["groups"].as_array().unwrap();
    let shown: Vec<&str> = groups
        .iter()
        .filter(|g| g["withheld"] == false)
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    for g in groups {
        if g["withheld"] == false {
            assert!(g["people"].as_u64().unwrap() >= 5, "{g}");
        } else {
            assert!(g["people"].is_null(), "{g}");
        }
    }
    // What is projected is shown by the same groups, and no merged state on its own.
    let merged: Vec<&str> = estimate["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap())
        .collect();
    let mut keys: Vec<&str> = json["start"]["stocks"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut shown = shown;
    shown.sort_unstable();
    assert_eq!(keys, shown);
    for state in &merged {
        assert!(!keys.contains(state), "{state} is shown on its own");
    }
    // Each row's rates, exit included, are counts over the person-years it rests on.
    for row in estimate["transitions"].as_array().unwrap() {
        let observed = row["observed"].as_u64().unwrap();
        let counted: u64 = row["to"]
            .as_array()
            .unwrap()
            .iter()
            .chain(std::iter::once(&row["exit"]))
            .map(|r| {
                assert_eq!(r["out_of"].as_u64().unwrap(), observed);
                let (low, p, high) = (
                    number(&r["low"]),
                    number(&r["probability"]),
                    number(&r["high"]),
                );
                assert!(low <= p && p <= high, "{r}");
                r["count"].as_u64().unwrap()
            })
            .sum();
        assert!(counted <= observed, "{row}");
    }
    // A fixed size: each year's recruits replace its leavers.
    let start = number(&json["start"]["total"]);
    for year in json["years"].as_array().unwrap() {
        assert!((number(&year["total"]) - start).abs() < 1e-6, "{year}");
        assert!((number(&year["recruits"]) - number(&year["exits"])).abs() < 1e-6);
    }

    let out = on_db(dir, &["project", "--as-of", "2026-06-30"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Estimated from 5 year(s) of history, each person's level read on each 30 June anniversary from 2021-06-30 to 2026-06-30"),
        "{text}"
    );
    assert!(text.contains("95% interval"), "{text}");
    assert!(
        text.contains("Workforce projection over 10 year(s): fixed size"),
        "{text}"
    );

    let out = on_db(
        dir,
        &["project", "--as-of", "2026-06-30", "--window", "31"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_output_shown_in_the_documentation_is_the_output() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("docs/data.md")).unwrap();
    let command = "pendulum project --matrix docs/examples/projection.json --years 5";
    let after = &doc[doc
        .find(&format!("`{command}` prints:"))
        .expect("docs/data.md shows the example's output")..];
    let start = after.find("```text\n").unwrap() + "```text\n".len();
    let shown = &after[start..start + after[start..].find("```").unwrap()];
    let out = pendulum(
        &[
            "project",
            "--matrix",
            "docs/examples/projection.json",
            "--years",
            "5",
        ],
        &root,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), shown);
}
