//! What the reflection's pages and API share: a reflection's input parsed once against the
//! framework's questions, the journal's evidence for the summary, and the author's manager
//! as the sharing sentence names them.

use std::collections::BTreeMap;

use pendulum_domain::ReflectionId;
use pendulum_domain::reflection::{
    NewReflection, Reflection, ReflectionRefused, parse_direction, questions,
    questions_for_revision,
};
use pendulum_domain::{Person, PersonId};
use pendulum_framework::Framework;
use pendulum_store::Store;
use pendulum_views::framework::Link;
use pendulum_views::reflection::Evidence;
use serde::Deserialize;
use time::Date;
use utoipa::ToSchema;

use crate::access::{Owner, Viewer};
use crate::error::WebError;
use crate::shell::sentence;

/// A new reflection, as the API takes it.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ReflectionInput {
    /// The move considered: `to-management` or `to-ic`.
    pub direction: String,
    /// The answers, keyed by question id (the framework's `reflection` questions for the
    /// direction). An empty answer leaves its question unanswered; at least one is needed.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// A new version of a reflection, as the API takes it: every answer of the version (an
/// answer left out is not carried over from the earlier version).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RevisionInput {
    /// The answers, keyed by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// `answers` as the domain checks them: (question id, text) pairs.
pub fn pairs(answers: &BTreeMap<String, String>) -> Vec<(String, String)> {
    answers
        .iter()
        .map(|(q, a)| (q.clone(), a.clone()))
        .collect()
}

/// A new reflection towards `direction`, checked against the framework's questions.
pub fn parse_new(
    fw: &Framework,
    direction: &str,
    answers: &[(String, String)],
) -> Result<NewReflection, ReflectionRefused> {
    let direction = parse_direction(direction)?;
    NewReflection::new(direction, &questions(fw, direction), answers)
}

/// A new version of `previous`: the framework's questions for its direction, and those
/// `previous` answered that the framework no longer asks.
pub fn parse_revision(
    fw: &Framework,
    previous: &Reflection,
    answers: &[(String, String)],
) -> Result<NewReflection, ReflectionRefused> {
    NewReflection::new(
        previous.direction,
        &questions_for_revision(fw, previous),
        answers,
    )
}

/// A refusal as the API says it (422, code `invalid_reflection`).
pub fn api_refusal(refused: ReflectionRefused) -> WebError {
    WebError::invalid("invalid_reflection", sentence(&refused.error.0))
}

/// A reflection id from a path: anything else is a reflection that does not exist.
pub fn reflection_id(id: &str) -> Result<ReflectionId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

/// A person id from a path.
pub fn person_id(id: &str) -> Result<PersonId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

/// What the owner's journal shows on `today`, for a summary.
pub async fn evidence<S: Store>(
    owner: &Owner<'_, S>,
    fw: &Framework,
    today: Date,
) -> Result<Evidence, WebError> {
    let insights = crate::journal::service::insights(owner, fw, today).await?;
    let any_entry = insights.entries > 0 || !owner.journal(None, None, 1).await?.is_empty();
    Ok(Evidence::new(&insights, any_entry, journal_page()))
}

/// The page where a person writes journal entries, for the summary's "no entries yet".
fn journal_page() -> Option<Link> {
    Some(Link {
        label: "Write in your journal".to_string(),
        href: pendulum_views::paths::JOURNAL.to_string(),
    })
}

/// The viewer's manager on record, by name: the last of their reporting line.
pub async fn manager<S: Store>(
    viewer: &Viewer<S>,
    me: PersonId,
) -> Result<Option<Person>, WebError> {
    Ok(viewer.person(me).await?.reporting_line().await?.pop())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Framework {
        pendulum_framework::check_str(
            "engineering.yaml",
            pendulum_framework::builtin::ENGINEERING_YAML,
        )
        .unwrap()
        .framework
    }

    #[test]
    fn a_question_of_the_other_direction_is_refused() {
        let fw = builtin();
        let ok = parse_new(
            &fw,
            "to-ic",
            &[("why-now".to_string(), "Time to build.".to_string())],
        )
        .unwrap();
        assert_eq!(
            ok.answers[0].asked,
            "Why does a return to individual contribution feel right now?"
        );
        let err = parse_new(
            &fw,
            "to-ic",
            &[("mentoring".to_string(), "Yes.".to_string())],
        )
        .unwrap_err();
        let message = api_refusal(err).to_string();
        assert!(
            message.starts_with("\"mentoring\" is not a question"),
            "{message}"
        );
        assert!(message.ends_with('.'), "{message}");
        assert!(parse_new(&fw, "sideways", &[]).is_err());
    }
}
