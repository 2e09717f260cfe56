//! The reflection before a move: a person's private answers to the framework's questions
//! for a move in one direction (towards management, or towards individual contribution),
//! kept as versions.
//!
//! A reflection is its author's. These types say what one holds, the bounds every door
//! enforces ([`NewReflection::new`]), and the one rule by which anyone else reads it
//! ([`may_read_shared`]): the author's current manager, once the author has shared it with
//! them. Nothing here scores, ranks or recommends: the answers are the author's words, kept
//! as written.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use pendulum_framework::ids::QuestionId;
/// The direction of the move a reflection is about: the framework's own.
pub use pendulum_framework::model::Direction;
use pendulum_framework::model::Framework;

use crate::ids::{PersonId, ReflectionId};
use crate::journal::prose;
use crate::person::{InvalidValue, Person};

/// The longest answer, in characters: a few pages of thought.
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// The most answers one reflection (one version) holds. A framework asks a handful of
/// questions; the bound is for what a client sends.
pub const MAX_ANSWERS: usize = 50;
/// The most characters of all the answers of one version together.
pub const MAX_TOTAL_CHARS: usize = 50_000;

/// A question as it was asked: its id and its words at the time. A reflection keeps the
/// words with each answer, so it reads the same after the framework rewords or drops a
/// question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub id: QuestionId,
    pub text: String,
}

/// The questions the framework asks before a move in `direction`, in its order.
pub fn questions(fw: &Framework, direction: Direction) -> Vec<Asked> {
    fw.reflection_questions(direction)
        .into_iter()
        .map(|q| Asked {
            id: q.id.clone(),
            text: q.text.clone(),
        })
        .collect()
}

/// The questions a new version of `previous` may answer: those the framework asks now,
/// then those `previous` answered that the framework no longer asks (so that an answer is
/// never lost because the framework changed), with the words they were asked in.
pub fn questions_for_revision(fw: &Framework, previous: &Reflection) -> Vec<Asked> {
    let mut asked = questions(fw, previous.direction);
    for answer in &previous.answers {
        if !asked.iter().any(|q| q.id == answer.question) {
            asked.push(Asked {
                id: answer.question.clone(),
                text: answer.asked.clone(),
            });
        }
    }
    asked
}

/// One answer: the question's id, its words when answered, and the author's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: QuestionId,
    pub asked: String,
    pub text: String,
}

/// What a refusal is about: the direction, the answers as a whole, or one answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefusedAt {
    Direction,
    Answers,
    Answer(QuestionId),
}

/// A refused reflection: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReflectionRefused {
    pub at: RefusedAt,
    pub error: InvalidValue,
}

impl ReflectionRefused {
    fn at(at: RefusedAt, message: String) -> Self {
        Self {
            at,
            error: InvalidValue(message),
        }
    }
}

/// Parses the direction as a form or the API writes it (`to-management`, `to-ic`).
pub fn parse_direction(s: &str) -> Result<Direction, ReflectionRefused> {
    let s = s.trim();
    Direction::parse(s).ok_or_else(|| {
        let shown = if s.is_empty() {
            "an empty value".to_string()
        } else if s.chars().count() <= 40 {
            format!("{s:?}")
        } else {
            "this value".to_string()
        };
        ReflectionRefused::at(
            RefusedAt::Direction,
            format!(
                "choose the move you are considering: towards management (to-management) or \
                 towards individual contribution (to-ic); {shown} is neither"
            ),
        )
    })
}

/// What an author writes: the direction and their answers, each checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReflection {
    pub direction: Direction,
    /// In the order of the questions asked; only questions answered.
    pub answers: Vec<Answer>,
}

impl NewReflection {
    /// Checks `answers` (question id, text) against `asked`, the questions that may be
    /// answered ([`questions`], or [`questions_for_revision`] for a new version):
    ///
    /// - at most [`MAX_ANSWERS`] answers, each to a question asked, none twice;
    /// - each at most [`MAX_ANSWER_CHARS`] characters, and [`MAX_TOTAL_CHARS`] in all, line
    ///   breaks allowed, control and invisible formatting characters refused (`\r\n` is
    ///   kept as `\n`);
    /// - an empty answer leaves its question unanswered; at least one must be answered.
    ///
    /// The answers come out in the order of `asked`, each with the question's words.
    pub fn new(
        direction: Direction,
        asked: &[Asked],
        answers: &[(String, String)],
    ) -> Result<Self, ReflectionRefused> {
        if answers.len() > MAX_ANSWERS {
            return Err(ReflectionRefused::at(
                RefusedAt::Answers,
                format!(
                    "a reflection holds at most {MAX_ANSWERS} answers; this one has {}",
                    answers.len()
                ),
            ));
        }
        let mut given: Vec<(usize, String)> = Vec::with_capacity(answers.len());
        for (id, text) in answers {
            let id = id.trim();
            let Some(at) = asked.iter().position(|q| q.id.as_str() == id) else {
                let shown = if id.chars().count() <= 60 {
                    format!("{id:?}")
                } else {
                    "this id".to_string()
                };
                let ids: Vec<&str> = asked.iter().map(|q| q.id.as_str()).collect();
                return Err(ReflectionRefused::at(
                    RefusedAt::Answers,
                    format!(
                        "{shown} is not a question of the reflection {}; its questions are {}",
                        direction.label(),
                        ids.join(", ")
                    ),
                ));
            };
            let question = &asked[at].id;
            if given.iter().any(|(i, _)| *i == at) {
                return Err(ReflectionRefused::at(
                    RefusedAt::Answer(question.clone()),
                    format!("the question {question} is answered twice; send one answer"),
                ));
            }
            let text =
                prose(text, "an answer", MAX_ANSWER_CHARS).map_err(|error| ReflectionRefused {
                    at: RefusedAt::Answer(question.clone()),
                    error,
                })?;
            if !text.trim().is_empty() {
                given.push((at, text));
            }
        }
        let total: usize = given.iter().map(|(_, text)| text.chars().count()).sum();
        if total > MAX_TOTAL_CHARS {
            return Err(ReflectionRefused::at(
                RefusedAt::Answers,
                format!(
                    "a reflection holds at most {MAX_TOTAL_CHARS} characters in all its answers; \
                     this one has {total}"
                ),
            ));
        }
        if given.is_empty() {
            return Err(ReflectionRefused::at(
                RefusedAt::Answers,
                "answer at least one question; you may leave the others empty".to_string(),
            ));
        }
        given.sort_by_key(|(at, _)| *at);
        Ok(Self {
            direction,
            answers: given
                .into_iter()
                .map(|(at, text)| Answer {
                    question: asked[at].id.clone(),
                    asked: asked[at].text.clone(),
                    text,
                })
                .collect(),
        })
    }
}

/// A stored reflection, with the answers of its current version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub id: ReflectionId,
    /// The author.
    pub person: PersonId,
    pub direction: Direction,
    /// The current version's number: 1 for a new reflection, one more for each edit.
    pub version: u32,
    /// The manager it is shared with (the author's manager when they shared it), or
    /// `None` while it is private.
    pub shared_with: Option<PersonId>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the current version was written.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub answers: Vec<Answer>,
}

impl Reflection {
    pub fn is_shared(&self) -> bool {
        self.shared_with.is_some()
    }
}

/// One version of a reflection, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionVersion {
    pub version: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub written_at: OffsetDateTime,
    pub answers: Vec<Answer>,
}

/// Whether `reader` may read `reflection` of `author`: only when the author shared it
/// with `reader` and `reader` is still the author's manager. Nobody else, whatever their
/// role: an admin who is not the manager it was shared with does not read it, a former
/// manager stops reading it the moment the reporting line changes, and a new manager does
/// not inherit what was shared with the one before.
pub fn may_read_shared(author: &Person, reader: PersonId, reflection: &Reflection) -> bool {
    reflection.person == author.id
        && author.manager == Some(reader)
        && reflection.shared_with == Some(reader)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::ids::OrgId;
    use crate::person::{Email, PersonStatus};

    fn asked() -> Vec<Asked> {
        [
            ("what-draws-you", "What draws you to management?"),
            ("mentoring", "Do you seek out chances to mentor others?"),
            ("energy", "Which work leaves you depleted?"),
        ]
        .into_iter()
        .map(|(id, text)| Asked {
            id: QuestionId::new(id).unwrap(),
            text: text.to_string(),
        })
        .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn refused(answers: &[(&str, &str)]) -> ReflectionRefused {
        NewReflection::new(Direction::ToManagement, &asked(), &pairs(answers)).unwrap_err()
    }

    #[test]
    fn answers_come_in_the_order_asked_with_the_words_of_the_question() {
        let new = NewReflection::new(
            Direction::ToManagement,
            &asked(),
            &pairs(&[
                ("energy", "Debugging, mostly.\r\nAnd pairing."),
                ("mentoring", "   "),
                (" what-draws-you ", "The people."),
            ]),
        )
        .unwrap();
        let ids: Vec<&str> = new.answers.iter().map(|a| a.question.as_str()).collect();
        assert_eq!(
            ids,
            ["what-draws-you", "energy"],
            "empty answers are left out"
        );
        assert_eq!(new.answers[0].asked, "What draws you to management?");
        assert_eq!(new.answers[1].text, "Debugging, mostly.\nAnd pairing.");
    }

    #[test]
    fn unknown_repeated_empty_and_oversized_answers_are_refused_where_they_are() {
        let e = refused(&[("title", "Staff")]);
        assert_eq!(e.at, RefusedAt::Answers);
        assert!(
            e.error.0.contains("\"title\" is not a question"),
            "{}",
            e.error.0
        );
        assert!(e.error.0.contains("towards management"), "{}", e.error.0);

        let e = refused(&[("energy", "a"), ("energy", "b")]);
        assert_eq!(e.at, RefusedAt::Answer(QuestionId::new("energy").unwrap()));

        let e = refused(&[("energy", " "), ("mentoring", "")]);
        assert_eq!(e.at, RefusedAt::Answers);
        assert!(e.error.0.contains("at least one"), "{}", e.error.0);
        assert_eq!(refused(&[]).at, RefusedAt::Answers);

        let long = "x".repeat(MAX_ANSWER_CHARS + 1);
        let e = refused(&[("mentoring", &long)]);
        assert_eq!(
            e.at,
            RefusedAt::Answer(QuestionId::new("mentoring").unwrap())
        );
        assert!(e.error.0.contains("at most 10000"), "{}", e.error.0);
        let e = refused(&[("mentoring", "a\u{202E}b")]);
        assert_eq!(
            e.at,
            RefusedAt::Answer(QuestionId::new("mentoring").unwrap())
        );

        let many: Vec<(String, String)> = (0..=MAX_ANSWERS)
            .map(|i| (format!("q{i}"), "x".to_string()))
            .collect();
        let e = NewReflection::new(Direction::ToIc, &asked(), &many).unwrap_err();
        assert_eq!(e.at, RefusedAt::Answers);
        assert!(e.error.0.contains("at most 50 answers"), "{}", e.error.0);
        let five: Vec<Asked> = (0..6)
            .map(|i| Asked {
                id: QuestionId::new(format!("q{i}")).unwrap(),
                text: format!("Q{i}?"),
            })
            .collect();
        let full: Vec<(String, String)> = (0..6)
            .map(|i| (format!("q{i}"), "x".repeat(MAX_ANSWER_CHARS)))
            .collect();
        let e = NewReflection::new(Direction::ToIc, &five, &full).unwrap_err();
        assert_eq!(e.at, RefusedAt::Answers);
        assert!(
            e.error.0.contains("at most 50000 characters in all"),
            "{}",
            e.error.0
        );
        assert!(NewReflection::new(Direction::ToIc, &five, &full[..5]).is_ok());
        let just = "x".repeat(MAX_ANSWER_CHARS);
        assert!(
            NewReflection::new(Direction::ToIc, &asked(), &pairs(&[("energy", &just)])).is_ok()
        );
    }

    #[test]
    fn directions_parse_from_their_ids_only() {
        assert_eq!(
            parse_direction(" to-ic ").unwrap(),
            Direction::ToIc,
            "spaces around are ignored"
        );
        assert_eq!(
            parse_direction("to-management").unwrap(),
            Direction::ToManagement
        );
        for bad in ["", "up", "To-IC", &"x".repeat(100)] {
            let e = parse_direction(bad).unwrap_err();
            assert_eq!(e.at, RefusedAt::Direction, "{bad}");
        }
        assert!(
            parse_direction("")
                .unwrap_err()
                .error
                .0
                .contains("an empty value")
        );
    }

    fn framework() -> Framework {
        pendulum_framework::check_str(
            "engineering.yaml",
            pendulum_framework::builtin::ENGINEERING_YAML,
        )
        .unwrap()
        .framework
    }

    fn reflection(author: PersonId, shared_with: Option<PersonId>) -> Reflection {
        Reflection {
            id: ReflectionId::new(),
            person: author,
            direction: Direction::ToIc,
            version: 1,
            shared_with,
            created_at: datetime!(2026-12-01 10:00 UTC),
            updated_at: datetime!(2026-12-01 10:00 UTC),
            answers: vec![Answer {
                question: QuestionId::new("dropped").unwrap(),
                asked: "A question the framework no longer asks?".to_string(),
                text: "Still mine.".to_string(),
            }],
        }
    }

    #[test]
    fn a_new_version_may_keep_answers_to_questions_the_framework_dropped() {
        let fw = framework();
        let now = questions(&fw, Direction::ToIc);
        assert!(now.iter().any(|q| q.id.as_str() == "why-now"));
        assert!(!now.iter().any(|q| q.id.as_str() == "mentoring"));
        let before = reflection(PersonId::new(), None);
        let asked = questions_for_revision(&fw, &before);
        assert_eq!(asked.len(), now.len() + 1);
        let kept = NewReflection::new(
            Direction::ToIc,
            &asked,
            &pairs(&[("dropped", "Still mine."), ("why-now", "Time to build.")]),
        )
        .unwrap();
        assert_eq!(kept.answers[0].question.as_str(), "why-now");
        assert_eq!(
            kept.answers[1].asked,
            "A question the framework no longer asks?"
        );
    }

    fn person(manager: Option<PersonId>) -> Person {
        Person {
            id: PersonId::new(),
            org: OrgId::new(),
            name: "Ada".to_string(),
            email: Email::new("ada@example.com").unwrap(),
            manager,
            status: PersonStatus::Active,
        }
    }

    #[test]
    fn only_the_current_manager_it_was_shared_with_reads_a_shared_reflection() {
        let manager = PersonId::new();
        let other = PersonId::new();
        let author = person(Some(manager));
        let shared = reflection(author.id, Some(manager));
        assert!(may_read_shared(&author, manager, &shared));
        assert!(!may_read_shared(&author, other, &shared), "someone else");
        assert!(
            !may_read_shared(&author, author.id, &shared),
            "not a door for the author"
        );
        let private = reflection(author.id, None);
        assert!(!may_read_shared(&author, manager, &private), "not shared");
        // The reporting line changed: the former manager reads it no more, and the new one
        // does not inherit it.
        let moved = person(Some(other));
        let moved_shared = reflection(moved.id, Some(manager));
        assert!(!may_read_shared(&moved, manager, &moved_shared));
        assert!(!may_read_shared(&moved, other, &moved_shared));
        // Another person's reflection is not read through this author.
        let someone = reflection(PersonId::new(), Some(manager));
        assert!(!may_read_shared(&author, manager, &someone));
    }
}
