//! Tests of the JSON Schema (`pendulum framework schema`): editors validate framework files
//! with it, so it must accept every framework `check` accepts in this repository (the
//! built-in one and every import of the published fixtures, see `import.rs`) and reject
//! the shapes `check` refuses.

use std::sync::LazyLock;

use pendulum_framework::{builtin, schema};
use serde_json::Value;

static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(&schema::json_schema()).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
});

/// What the schema finds wrong with a framework file, one line each.
pub fn errors(yaml: &str) -> Vec<String> {
    let instance: Value = serde_saphyr::from_str(yaml).expect("the file is YAML");
    VALIDATOR
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Fails with the schema's findings unless `yaml` is a valid framework file.
pub fn assert_valid(yaml: &str, what: &str) {
    let errors = errors(yaml);
    assert!(
        errors.is_empty(),
        "the JSON Schema rejects {what}:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_built_in_framework_is_valid() {
    assert_valid(builtin::ENGINEERING_YAML, "the built-in framework");
    // It holds the policy sections, so they are validated too.
    let instance: Value = serde_saphyr::from_str(builtin::ENGINEERING_YAML).unwrap();
    for key in ["reflection", "journal"] {
        assert!(instance.get(key).is_some(), "{key}");
    }
    assert!(instance["transitions"].get("onboarding").is_some());
}

#[test]
fn the_schema_describes_the_policy_sections() {
    let schema: Value = serde_json::from_str(&schema::json_schema()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    assert!(props.contains_key("reflection") && props.contains_key("journal"));
    let transitions = schema["$defs"]["RawTransitions"]["properties"]
        .as_object()
        .unwrap();
    for key in [
        "trial_months",
        "allowed",
        "return_paths",
        "checkpoints",
        "extensions",
        "onboarding",
    ] {
        assert!(transitions.contains_key(key), "transitions.{key}");
    }
}

const BASE: &str = "name: x\ntracks:\n  - id: t\n    levels:\n      - { id: l, title: L }\n";

#[test]
fn a_framework_with_every_policy_section_is_valid() {
    assert_valid(
        &format!(
            "{BASE}transitions:\n  checkpoints: [14, 45]\n  extensions: {{ max: 0, reason_required: false }}\n  onboarding:\n    to-management: [{{ id: a, text: A }}]\n    to-ic: []\nreflection:\n  - {{ id: q, text: Q?, hint: H, direction: to-ic }}\n  - {{ id: r, text: R? }}\njournal:\n  kinds:\n    - {{ id: k, name: K, hands_on: true }}\n"
        ),
        "a framework with every policy section",
    );
}

#[test]
fn bad_policy_sections_are_rejected() {
    for (bad, why) in [
        (
            "reflection:\n  - { id: q, text: Q?, direction: upwards }\n",
            "an unknown direction",
        ),
        (
            "reflection:\n  - { id: q, text: Q?, hnit: H }\n",
            "an unknown key in a question",
        ),
        (
            "reflection:\n  - { text: Q? }\n",
            "a question without an id",
        ),
        ("reflection: { id: q }\n", "a reflection that is not a list"),
        (
            "transitions:\n  checkpoints: [30, -5]\n",
            "a negative checkpoint day",
        ),
        (
            "transitions:\n  checkpoints: 30\n",
            "checkpoints that are not a list",
        ),
        (
            "transitions:\n  extensions: { max: 13 }\n",
            "more than 12 extensions",
        ),
        (
            "transitions:\n  extensions: { reason_required: sometimes }\n",
            "a reason rule that is not true or false",
        ),
        (
            "transitions:\n  onboarding:\n    to-managers: []\n",
            "an onboarding direction that does not exist",
        ),
        (
            "journal:\n  kinds:\n    - { id: k, hands_on: often }\n",
            "hands_on that is not true or false",
        ),
        ("journal:\n  types: []\n", "an unknown key in the journal"),
    ] {
        let errors = errors(&format!("{BASE}{bad}"));
        assert!(!errors.is_empty(), "the schema accepts {why}:\n{bad}");
    }
}
