//! The demo's second framework version: the built-in framework as an editor would revise
//! it a few months in (a criterion reworded, a behaviour added, the changelog updated), so
//! that the versions page and the diff have something real to show.

use pendulum_framework::builtin::ENGINEERING_YAML;
use time::Date;

/// The changelog entry of version 2; `{date}` is the day it was adopted.
const CHANGELOG: &str = "changelog:
  - version: \"1.1.0\"
    date: \"{date}\"
    notes: >-
      Engineer I: leaving code easier to change, and following a change into production.
      Staff Engineer: recording decisions where the teams they affect can find them.
";

/// Each edit: the text of the built-in framework and what version 2 says instead.
const EDITS: [(&str, &str); 3] = [
    (r#"version: "1.0.0""#, r#"version: "1.1.0""#),
    (
        "              - Writes clear, tested code in the team's main language and follows its conventions.\n",
        "              - Writes clear, tested code in the team's main language, follows its conventions and leaves the code easier to change than they found it.\n              - Watches their changes reach production and follows up on errors or alerts they cause.\n",
    ),
    (
        "              - Identifies the few decisions that matter most and spends their attention there.\n",
        "              - Identifies the few decisions that matter most, spends their attention there and records each one where the teams it affects can find it.\n",
    ),
];

/// The revised framework's YAML text, adopted on `adopted`.
pub fn revised_yaml(adopted: Date) -> String {
    let changelog = CHANGELOG.replace("{date}", &adopted.to_string());
    let changelog = [("changelog:\n", changelog.as_str())];
    EDITS
        .iter()
        .chain(&changelog)
        .fold(ENGINEERING_YAML.to_string(), |text, (from, to)| {
            debug_assert!(text.contains(from), "the built-in framework holds {from:?}");
            text.replacen(from, to, 1)
        })
}

#[cfg(test)]
mod tests {
    use pendulum_framework::lint::{Options, lint};
    use pendulum_framework::{builtin, check_str};
    use time::macros::date;

    use super::*;

    #[test]
    fn the_revision_changes_the_built_in_framework_and_stays_clean() {
        let text = revised_yaml(date!(2026 - 06 - 01));
        assert!(text.contains("date: \"2026-06-01\""), "{text}");
        for (from, to) in EDITS {
            assert!(builtin::ENGINEERING_YAML.contains(from), "{from:?}");
            assert!(text.contains(to), "{to:?}");
        }
        let checked = check_str("framework.yaml", &text).expect("version 2 checks");
        let findings = lint(&checked.framework, &Options { strict: true });
        assert!(findings.is_empty(), "{findings:?}");
    }
}
