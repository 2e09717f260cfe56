//! Reading a projection file: each rule refused with a message naming its field or state.

use super::super::*;

const GOOD: &str = r#"{
  "states": ["A", "B"],
  "stocks": [100, 50],
  "transitions": {"A": {"A": 0.6, "B": 0.3}, "B": {"B": 0.8}},
  "recruitment": {"mode": "fixed", "total": 20, "distribution": {"A": 1}}
}"#;

/// `GOOD` with `from` replaced by `to` (which must occur).
fn with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replacen(from, to, 1)
}

fn refused(text: &str) -> ModelError {
    Model::from_json(text).expect_err("refused")
}

#[test]
fn a_good_file_reads_as_written() {
    let model = Model::from_json(GOOD).unwrap();
    assert_eq!(model.states(), ["A", "B"]);
    assert_eq!(model.stocks(), [100.0, 50.0]);
    assert_eq!(model.transition(0, 1), 0.3);
    assert_eq!(model.transition(1, 0), 0.0);
    super::close(model.exit_probability(0), 0.1);
    super::close(model.exit_probability(1), 0.2);
    let r = model.recruitment();
    assert_eq!(
        (r.mode, r.total, r.growth, r.distribution.clone()),
        (Mode::Fixed, Some(20.0), 0.0, vec![1.0, 0.0])
    );
}

#[test]
fn a_model_goes_round_through_its_json() {
    let model = Model::from_json(GOOD).unwrap();
    let text = serde_json::to_string(&model).unwrap();
    assert_eq!(Model::from_json(&text).unwrap(), model);
    let spec: ModelSpec = serde_json::from_str(GOOD).unwrap();
    assert_eq!(model.to_spec(), spec);
}

#[test]
fn malformed_json_gives_its_line_and_column() {
    let text = "{\n  \"states\": [\"A\",\n  ]\n}";
    match refused(text) {
        ModelError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 3)),
        other => panic!("{other:?}"),
    }
    let wrong_type = with("[100, 50]", "[100, \"fifty\"]");
    match refused(&wrong_type) {
        ModelError::Syntax {
            line,
            column,
            message,
        } => {
            assert_eq!(line, 3);
            assert!(column > 15, "{column}");
            assert!(
                message.contains("invalid type: string \"fifty\""),
                "{message}"
            );
            assert!(
                !message.contains(" at line "),
                "the position is not repeated: {message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_and_missing_fields_are_named() {
    let e = refused(&with("\"stocks\"", "\"stock\"")).to_string();
    assert!(e.contains("unknown field `stock`"), "{e}");
    let e = refused(&with("\"mode\": \"fixed\"", "\"mode\": \"steady\"")).to_string();
    assert!(
        e.contains("unknown variant `steady`, expected `fixed` or `fixed-size`"),
        "{e}"
    );
    let e = refused(&with("\"total\": 20, ", "")).to_string();
    assert_eq!(e, ModelError::MissingTotal.to_string());
}

#[test]
fn states_must_be_named_once_each_and_bounded() {
    assert_eq!(refused(&with(r#"["A", "B"]"#, "[]")), ModelError::NoStates);
    assert_eq!(
        refused(&with(r#"["A", "B"]"#, r#"["A", "A"]"#)),
        ModelError::DuplicateState("A".into())
    );
    match refused(&with(r#"["A", "B"]"#, r#"["A", " "]"#)) {
        ModelError::StateName { index, reason } => {
            assert_eq!(index, 2);
            assert!(reason.contains("blank"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    let long = "x".repeat(MAX_STATE_NAME_CHARS + 1);
    assert!(matches!(
        refused(&with(r#"["A", "B"]"#, &format!(r#"["A", "{long}"]"#))),
        ModelError::StateName { index: 2, .. }
    ));
    assert!(matches!(
        refused(&with(r#"["A", "B"]"#, r#"["A\u0007", "B"]"#)),
        ModelError::StateName { index: 1, .. }
    ));
    let many: Vec<String> = (0..=MAX_STATES).map(|i| format!("\"s{i}\"")).collect();
    let e = refused(&with(r#"["A", "B"]"#, &format!("[{}]", many.join(","))));
    assert_eq!(
        e,
        ModelError::TooManyStates {
            count: MAX_STATES + 1
        }
    );
    assert!(e.to_string().contains("at most 200"), "{e}");
}

#[test]
fn one_stock_per_state_and_no_negative_head_count() {
    assert_eq!(
        refused(&with("[100, 50]", "[100]")),
        ModelError::StocksLength {
            stocks: 1,
            states: 2
        }
    );
    let e = refused(&with("[100, 50]", "[100, -3]")).to_string();
    assert_eq!(
        e,
        "stocks: the stock of `B`: -3 is out of range; a head count is from 0 to 10000000"
    );
    let e = refused(&with("[100, 50]", "[100, 1e8]")).to_string();
    assert!(e.contains("the stock of `B`"), "{e}");
}

#[test]
fn rows_name_known_states_once_with_probabilities_summing_to_one_at_most() {
    assert_eq!(
        refused(&with(r#""B": {"B": 0.8}"#, r#""C": {"B": 0.8}"#)),
        ModelError::UnknownState {
            field: "transitions".into(),
            name: "C".into()
        }
    );
    let e = refused(&with(r#""B": {"B": 0.8}"#, r#""B": {"Z": 0.8}"#));
    assert_eq!(e.to_string(), "transitions.B: `Z` is not one of `states`");
    assert_eq!(
        refused(&with(r#""B": {"B": 0.8}"#, r#""B": {"B": 0.8}, "A": {}"#)),
        ModelError::DuplicateKey {
            field: "transitions".into(),
            name: "A".into()
        }
    );
    assert_eq!(
        refused(&with(r#""B": {"B": 0.8}"#, r#""B": {"B": 0.4, "B": 0.4}"#)),
        ModelError::DuplicateKey {
            field: "transitions.B".into(),
            name: "B".into()
        }
    );
    assert_eq!(
        refused(&with(r#", "B": {"B": 0.8}"#, "")),
        ModelError::MissingRow("B".into())
    );
    let e = refused(&with("\"B\": 0.3", "\"B\": 0.5"));
    assert!(
        matches!(&e, ModelError::RowAboveOne { state, sum } if state == "A" && (sum - 1.1).abs() < 1e-12),
        "{e:?}"
    );
    let e = e.to_string();
    assert!(
        e.starts_with("transitions.A: the probabilities sum to 1.1"),
        "{e}"
    );
    assert!(e.contains("above 1"), "{e}");
    let e = refused(&with("\"B\": 0.8", "\"B\": -0.1")).to_string();
    assert!(
        e.starts_with("transitions.B.B: -0.1 is out of range"),
        "{e}"
    );
    let e = refused(&with("\"B\": 0.8", "\"B\": 1.5")).to_string();
    assert!(e.contains("a probability is from 0 to 1"), "{e}");
}

#[test]
fn a_row_a_hair_above_one_is_read_as_one() {
    let model = Model::from_json(&with("\"B\": 0.3", "\"B\": 0.4000005")).unwrap();
    super::close(model.transitions()[0].iter().sum(), 1.0);
    super::close(model.exit_probability(0), 0.0);
}

#[test]
fn recruitment_shares_name_known_states_and_sum_to_one() {
    assert_eq!(
        refused(&with(r#"{"A": 1}"#, r#"{"Q": 1}"#)),
        ModelError::UnknownState {
            field: "recruitment.distribution".into(),
            name: "Q".into()
        }
    );
    assert_eq!(
        refused(&with(r#"{"A": 1}"#, r#"{"A": 0.5, "A": 0.5}"#)),
        ModelError::DuplicateKey {
            field: "recruitment.distribution".into(),
            name: "A".into()
        }
    );
    let e = refused(&with(r#"{"A": 1}"#, r#"{"A": 0.5, "B": 0.4}"#));
    assert!(matches!(e, ModelError::DistributionSum { sum } if (sum - 0.9).abs() < 1e-12));
    assert!(e.to_string().contains("they must sum to 1"), "{e}");
    let thirds = with(r#"{"A": 1}"#, r#"{"A": 0.3333333, "B": 0.6666667}"#);
    assert!(Model::from_json(&thirds).is_ok());
}

#[test]
fn recruitment_numbers_are_bounded() {
    let e = refused(&with("\"total\": 20", "\"total\": -1")).to_string();
    assert!(
        e.starts_with("recruitment.total: -1 is out of range"),
        "{e}"
    );
    let e = refused(&with("\"total\": 20", "\"total\": 20, \"growth\": 2")).to_string();
    assert!(
        e.starts_with("recruitment.growth: 2 is out of range"),
        "{e}"
    );
    assert!(e.contains("from -0.5 to 1"), "{e}");
    // Fixed size takes no total: the head count today is kept.
    let model = Model::from_json(&with(
        "\"mode\": \"fixed\", \"total\": 20",
        "\"mode\": \"fixed-size\"",
    ))
    .unwrap();
    assert_eq!(model.recruitment().total, None);
}

#[test]
fn numbers_json_cannot_spell_are_refused_too() {
    let mut spec: ModelSpec = serde_json::from_str(GOOD).unwrap();
    spec.stocks[0] = f64::NAN;
    assert!(matches!(
        Model::try_from(spec.clone()),
        Err(ModelError::Number { ref field, .. }) if field == "stocks: the stock of `A`"
    ));
    spec.stocks[0] = 1.0;
    spec.transitions.0[0].1.0[0].1 = f64::INFINITY;
    assert!(matches!(
        Model::try_from(spec),
        Err(ModelError::Number { ref field, .. }) if field == "transitions.A.A"
    ));
    let model = Model::from_json(GOOD).unwrap();
    assert!(model.with_policy(Mode::Fixed, Some(f64::NAN), 0.0).is_err());
    assert!(model.with_policy(Mode::Fixed, None, 0.0).is_err());
    assert!(model.with_policy(Mode::FixedSize, None, -0.6).is_err());
    let changed = model.with_policy(Mode::FixedSize, None, 0.1).unwrap();
    assert_eq!(
        changed.recruitment().distribution,
        model.recruitment().distribution
    );
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let text = format!("{GOOD}{}", " ".repeat(MAX_FILE_BYTES));
    assert_eq!(refused(&text), ModelError::TooLarge { bytes: text.len() });
}

#[test]
fn the_number_of_years_is_bounded() {
    let model = Model::from_json(GOOD).unwrap();
    assert_eq!(
        project(&model, 0).unwrap_err(),
        ModelError::Years { years: 0 }
    );
    assert_eq!(
        project(&model, MAX_YEARS + 1).unwrap_err(),
        ModelError::Years {
            years: MAX_YEARS + 1
        }
    );
    assert_eq!(project(&model, MAX_YEARS).unwrap().years.len(), 100);
}
