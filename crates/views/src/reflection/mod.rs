//! The reflection before a move: the author's list of reflections with the start of a new
//! one ([`ReflectionsView`]), the questions as one long form ([`ReflectionFormView`]), the
//! summary that puts the answers beside the journal's evidence ([`SummaryView`]), the
//! confirmation before deleting ([`DeleteView`]), and what a manager reads of a report's
//! shared reflection ([`SharedView`]).
//!
//! Every page is its author's but the last, which holds no control. The words describe:
//! no score, no verdict, no recommendation, and a move in either direction is a move.

mod evidence;

use askama::Template;
use pendulum_domain::reflection::{Answer, Direction, Reflection, ReflectionVersion};

pub use evidence::{EnergyLine, Evidence, LearningWeek, signed};

use crate::dates;
use crate::forms::FormErrors;
use crate::framework::Link;
use crate::notes_lock::RecoveryCodeNotice;
use crate::paths;
use crate::people::PersonLink;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// The id prefix of the reflection form's inputs (`reflection-direction`,
/// `reflection-answer-{question}`).
pub const FORM: &str = "reflection";

/// A reflection's summary page.
pub fn href(reflection: &Reflection) -> String {
    paths::fill(paths::REFLECTION, &[&reflection.id.to_string()])
}

/// "Towards management", for headings and lists.
pub fn direction_title(direction: Direction) -> String {
    let label = direction.label();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The form field of the answer to `question` (`answer_what-draws-you`).
pub fn answer_field(question: &str) -> String {
    format!("answer_{question}")
}

fn version_words(version: u32, written: time::OffsetDateTime) -> String {
    format!("Version {version}, written {}", dates::timestamp(written))
}

/// One answer as pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerView {
    pub question: String,
    pub text: String,
}

fn answers(answers: &[Answer]) -> Vec<AnswerView> {
    answers
        .iter()
        .map(|a| AnswerView {
            question: a.asked.clone(),
            text: a.text.clone(),
        })
        .collect()
}

/// A reflection in the author's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItem {
    pub title: String,
    pub href: String,
    /// "Version 2, written 2026-12-04 10:00 UTC".
    pub written: String,
    /// "Shared with your manager" or "Private".
    pub sharing: String,
    pub shared: bool,
}

/// One of the two directions, as a choice of the start form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectionChoice {
    pub value: &'static str,
    pub title: String,
    pub hint: &'static str,
    pub checked: bool,
}

/// The two directions to choose from, `chosen` checked.
pub fn direction_choices(chosen: Option<Direction>) -> Vec<DirectionChoice> {
    Direction::ALL
        .into_iter()
        .map(|d| DirectionChoice {
            value: d.as_str(),
            title: direction_title(d),
            hint: match d {
                Direction::ToManagement => {
                    "Leading a team: coaching, hiring, prioritising, and impact through others."
                }
                Direction::ToIc => {
                    "Hands-on technical work again, with what you learned about people and \
                     organisations."
                }
            },
            checked: chosen == Some(d),
        })
        .collect()
}

/// `/reflections`: the author's reflections and the start of a new one.
#[derive(Template)]
#[template(path = "reflection/list.html", blocks = ["content"])]
pub struct ReflectionsView {
    pub chrome: Chrome,
    pub items: Vec<ListItem>,
    pub notice: Option<String>,
    /// A first recovery code, shown this once (`crate::notes_lock`).
    pub recovery_code: Option<RecoveryCodeNotice>,
    /// The lock's page, where a new recovery code is made.
    pub private_notes: &'static str,
    /// Where the start form goes (it asks with GET: choosing changes nothing).
    pub start: String,
    pub choices: Vec<DirectionChoice>,
}

crate::view!(ReflectionsView);

impl ReflectionsView {
    pub fn new(
        organisation: &str,
        links: &Links,
        reflections: &[Reflection],
        notice: Option<String>,
    ) -> Self {
        Self {
            chrome: Chrome::app(organisation, "Reflections", links),
            items: reflections
                .iter()
                .map(|r| ListItem {
                    title: direction_title(r.direction),
                    href: href(r),
                    written: version_words(r.version, r.updated_at),
                    sharing: if r.is_shared() {
                        "Shared with your manager".to_string()
                    } else {
                        "Private".to_string()
                    },
                    shared: r.is_shared(),
                })
                .collect(),
            notice,
            recovery_code: None,
            private_notes: paths::PRIVATE_NOTES,
            start: paths::REFLECTION_NEW.to_string(),
            choices: direction_choices(None),
        }
    }

    /// The same view showing a first recovery code, this once.
    #[must_use]
    pub fn with_recovery_code(mut self, code: Option<RecoveryCodeNotice>) -> Self {
        self.recovery_code = code;
        self
    }
}

/// A question of the form, with what was written in its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionField {
    /// The form field's name (`answer_what-draws-you`).
    pub field: String,
    /// The textarea's id (`reflection-answer-what-draws-you`).
    pub input: String,
    pub text: String,
    pub hint: Option<String>,
    pub value: String,
    /// A question the framework no longer asks, kept because an earlier version answered it.
    pub dropped: bool,
}

impl QuestionField {
    pub fn new(question: &str, text: &str, hint: Option<&str>, value: &str, dropped: bool) -> Self {
        let field = answer_field(question);
        Self {
            input: FormErrors::new(FORM, "").input_id(&field),
            field,
            text: text.to_string(),
            hint: hint.map(str::to_string),
            value: value.to_string(),
            dropped,
        }
    }
}

/// The questions of a reflection as one long form, or, before a direction is chosen, the
/// choice of direction. Posts to its own address; a refusal comes back with the summary,
/// the faulty fields marked and every value kept.
#[derive(Template)]
#[template(path = "reflection/form.html", blocks = ["content"])]
pub struct ReflectionFormView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    /// The page's own address, where the form posts.
    pub action: String,
    pub csrf: String,
    /// The direction chosen (`to-management`), empty while choosing.
    pub direction: String,
    pub choices: Vec<DirectionChoice>,
    pub questions: Vec<QuestionField>,
    pub errors: Option<FormErrors>,
    pub submit: String,
    /// Where "Cancel" leads.
    pub cancel: String,
    /// For a revision: what happens to the earlier version and to sharing.
    pub note: Option<String>,
    /// The most characters an answer takes.
    pub max_chars: usize,
}

crate::view!(ReflectionFormView);

impl ReflectionFormView {
    /// The form of a new reflection: the questions of `direction` once chosen, or the choice
    /// of direction. `action` is the page's own address, query included, where the form
    /// posts (so that a refusal keeps the address).
    pub fn new_reflection(
        organisation: &str,
        links: &Links,
        csrf: &str,
        action: &str,
        direction: Option<Direction>,
        questions: Vec<QuestionField>,
    ) -> Self {
        let heading = match direction {
            Some(d) => format!("A reflection {}", d.label()),
            None => "Start a reflection".to_string(),
        };
        let action = action.to_string();
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail: vec![Link {
                label: "Reflections".to_string(),
                href: paths::REFLECTIONS.to_string(),
            }],
            heading,
            action,
            csrf: csrf.to_string(),
            direction: direction
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            choices: direction_choices(direction),
            questions,
            errors: None,
            submit: "Save the reflection".to_string(),
            cancel: paths::REFLECTIONS.to_string(),
            note: None,
            max_chars: pendulum_domain::reflection::MAX_ANSWER_CHARS,
        }
    }

    /// The form of a new version of `reflection`, filled in with `questions`.
    pub fn revision(
        organisation: &str,
        links: &Links,
        csrf: &str,
        reflection: &Reflection,
        questions: Vec<QuestionField>,
    ) -> Self {
        let heading = format!(
            "A new version of your reflection {}",
            reflection.direction.label()
        );
        let summary = href(reflection);
        let mut note = format!(
            "Saving writes version {}; version {} and the earlier ones stay, readable by you.",
            reflection.version + 1,
            reflection.version
        );
        if reflection.is_shared() {
            note.push_str(" This reflection is shared: your manager will read the new version.");
        }
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail: vec![
                Link {
                    label: "Reflections".to_string(),
                    href: paths::REFLECTIONS.to_string(),
                },
                Link {
                    label: direction_title(reflection.direction),
                    href: summary.clone(),
                },
            ],
            heading,
            action: paths::fill(paths::REFLECTION_EDIT, &[&reflection.id.to_string()]),
            csrf: csrf.to_string(),
            direction: reflection.direction.as_str().to_string(),
            choices: Vec::new(),
            questions,
            errors: None,
            submit: format!("Save as version {}", reflection.version + 1),
            cancel: summary,
            note: Some(note),
            max_chars: pendulum_domain::reflection::MAX_ANSWER_CHARS,
        }
    }

    /// The form after a refused submission.
    #[must_use]
    pub fn with_errors(mut self, errors: FormErrors) -> Self {
        self.errors = Some(errors);
        self
    }
}

/// Who can read a reflection, and the button that changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sharing {
    /// Who reads it, in a plain sentence.
    pub sentence: String,
    /// The share (or re-share) button: its address and words; `None` without a manager.
    pub share: Option<(String, String)>,
    /// The unshare button's address, while it is shared.
    pub unshare: Option<String>,
    pub errors: Option<FormErrors>,
}

impl Sharing {
    /// The sharing of `reflection`, whose author's manager on record is `manager` (their
    /// name), if any; `shared_with_current` when it is shared with that manager.
    pub fn new(reflection: &Reflection, manager: Option<&str>, shared_with_current: bool) -> Self {
        let id = reflection.id.to_string();
        let share = paths::fill(paths::REFLECTION_SHARE, &[&id]);
        let unshare = paths::fill(paths::REFLECTION_UNSHARE, &[&id]);
        let never = "Admins and everyone else cannot read it, shared or not.";
        match (reflection.is_shared(), manager) {
            (true, Some(name)) if shared_with_current => Self {
                sentence: format!(
                    "Shared with your manager, {name}, who can read its latest version \
                     (not your journal, not the earlier versions) until you stop sharing it. \
                     {never}"
                ),
                share: None,
                unshare: Some(unshare),
                errors: None,
            },
            (true, _) => Self {
                sentence: format!(
                    "Shared with a former manager, who can no longer read it: your reporting \
                     line has changed. {never}"
                ),
                share: manager.map(|name| (share, format!("Share with {name} instead"))),
                unshare: Some(unshare),
                errors: None,
            },
            (false, Some(name)) => Self {
                sentence: format!(
                    "Only you can read this reflection. If you share it, your manager, {name}, \
                     can read its latest version (not your journal, not the earlier versions) \
                     until you stop sharing it. {never}"
                ),
                share: Some((share, format!("Share with {name}"))),
                unshare: None,
                errors: None,
            },
            (false, None) => Self {
                sentence: "Only you can read this reflection. There is no manager on your \
                           record to share it with."
                    .to_string(),
                share: None,
                unshare: None,
                errors: None,
            },
        }
    }
}

/// An entry of a reflection's list of versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

/// A reflection's summary for its author: the answers of the version shown beside what
/// their journal shows, who can read it, and the ways to revise, share and delete it.
#[derive(Template)]
#[template(path = "reflection/summary.html", blocks = ["content"])]
pub struct SummaryView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub written: String,
    /// Set when an earlier version is shown: says so and links to the latest.
    pub earlier: Option<(String, String)>,
    pub answers: Vec<AnswerView>,
    pub evidence: Evidence,
    pub sharing: Sharing,
    pub csrf: String,
    pub edit: String,
    pub delete: String,
    pub versions: Vec<VersionLink>,
    pub notice: Option<String>,
    /// A first recovery code, shown this once (`crate::notes_lock`).
    pub recovery_code: Option<RecoveryCodeNotice>,
}

crate::view!(SummaryView);

impl SummaryView {
    /// The summary of `reflection` showing `shown` (one of `versions`, newest first).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        organisation: &str,
        links: &Links,
        csrf: &str,
        reflection: &Reflection,
        versions: &[ReflectionVersion],
        shown: &ReflectionVersion,
        evidence: Evidence,
        sharing: Sharing,
    ) -> Self {
        let heading = format!("Your reflection {}", reflection.direction.label());
        let id = reflection.id.to_string();
        let summary = href(reflection);
        let earlier = (shown.version != reflection.version).then(|| {
            (
                format!(
                    "This is version {} of {}, as you wrote it then.",
                    shown.version, reflection.version
                ),
                summary.clone(),
            )
        });
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail: vec![Link {
                label: "Reflections".to_string(),
                href: paths::REFLECTIONS.to_string(),
            }],
            heading,
            written: version_words(shown.version, shown.written_at),
            earlier,
            answers: answers(&shown.answers),
            evidence,
            sharing,
            csrf: csrf.to_string(),
            edit: paths::fill(paths::REFLECTION_EDIT, &[&id]),
            delete: paths::fill(paths::REFLECTION_DELETE, &[&id]),
            versions: versions
                .iter()
                .map(|v| VersionLink {
                    label: version_words(v.version, v.written_at),
                    href: if v.version == reflection.version {
                        summary.clone()
                    } else {
                        format!("{summary}?version={}", v.version)
                    },
                    current: v.version == shown.version,
                })
                .collect(),
            notice: None,
            recovery_code: None,
        }
    }

    #[must_use]
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    /// The same view showing a first recovery code, this once.
    #[must_use]
    pub fn with_recovery_code(mut self, code: Option<RecoveryCodeNotice>) -> Self {
        self.recovery_code = code;
        self
    }

    /// The summary after a refused share.
    #[must_use]
    pub fn with_sharing_errors(mut self, errors: FormErrors) -> Self {
        self.sharing.errors = Some(errors);
        self
    }
}

/// The confirmation before deleting a reflection.
#[derive(Template)]
#[template(path = "reflection/delete.html", blocks = ["content"])]
pub struct DeleteView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub what: String,
    pub action: String,
    pub csrf: String,
    pub cancel: String,
}

crate::view!(DeleteView);

impl DeleteView {
    pub fn new(organisation: &str, links: &Links, csrf: &str, reflection: &Reflection) -> Self {
        let heading = "Delete this reflection?".to_string();
        let versions = if reflection.version == 1 {
            "its one version".to_string()
        } else {
            format!("all {} of its versions", reflection.version)
        };
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            trail: vec![
                Link {
                    label: "Reflections".to_string(),
                    href: paths::REFLECTIONS.to_string(),
                },
                Link {
                    label: direction_title(reflection.direction),
                    href: href(reflection),
                },
            ],
            heading,
            what: format!(
                "Your reflection {} goes for good, with {versions}{}. This cannot be undone.",
                reflection.direction.label(),
                if reflection.is_shared() {
                    ", and your manager can no longer read it"
                } else {
                    ""
                }
            ),
            action: paths::fill(paths::REFLECTION_DELETE, &[&reflection.id.to_string()]),
            csrf: csrf.to_string(),
            cancel: href(reflection),
        }
    }
}

/// A reflection a report shared with their manager, as the manager reads it: the answers
/// of its latest version, and nothing to change.
#[derive(Template)]
#[template(path = "reflection/shared.html", blocks = ["content"])]
pub struct SharedView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub written: String,
    pub about: String,
    pub answers: Vec<AnswerView>,
}

crate::view!(SharedView);

impl SharedView {
    /// `author`'s `reflection`; `trail_root` is where a people page's breadcrumbs start.
    pub fn new(
        organisation: &str,
        links: &Links,
        trail_root: Link,
        author: PersonLink,
        reflection: &Reflection,
    ) -> Self {
        let heading = format!(
            "{}’s reflection {}",
            author.name,
            reflection.direction.label()
        );
        let mut trail = vec![trail_root];
        if let Some(href) = &author.href {
            trail.push(Link {
                label: author.name.clone(),
                href: href.clone(),
            });
        }
        Self {
            chrome: Chrome::app(organisation, &heading, links),
            about: format!(
                "{} shared this with you, their manager. It is theirs: read-only here, and \
                 only its latest version. They may stop sharing it at any time.",
                author.name
            ),
            trail,
            heading,
            written: version_words(reflection.version, reflection.updated_at),
            answers: answers(&reflection.answers),
        }
    }
}

/// The links to a report's shared reflections, for their page: "Towards management
/// (version 2)".
pub fn shared_links(person: &str, reflections: &[Reflection]) -> Vec<Link> {
    reflections
        .iter()
        .map(|r| Link {
            label: format!("{} (version {})", direction_title(r.direction), r.version),
            href: paths::fill(paths::PERSON_REFLECTION, &[person, &r.id.to_string()]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use pendulum_domain::reflection::{Asked, NewReflection, QuestionId};
    use pendulum_domain::{PersonId, ReflectionId};
    use time::macros::datetime;

    use super::*;
    use crate::View;

    fn reflection(shared: bool, version: u32) -> Reflection {
        let asked = vec![Asked {
            id: QuestionId::new("what-draws-you").unwrap(),
            text: "What draws you to management?".to_string(),
        }];
        let new = NewReflection::new(
            Direction::ToManagement,
            &asked,
            &[(
                "what-draws-you".to_string(),
                "<script>alert(1)</script>\nThe people.".to_string(),
            )],
        )
        .unwrap();
        Reflection {
            id: ReflectionId::new(),
            person: PersonId::new(),
            direction: Direction::ToManagement,
            version,
            shared_with: shared.then(PersonId::new),
            created_at: datetime!(2026-12-01 10:00 UTC),
            updated_at: datetime!(2026-12-04 10:00 UTC),
            answers: new.answers,
        }
    }

    fn links() -> Links {
        Links::web("/framework/", "/static/")
    }

    #[test]
    fn the_sentence_says_who_reads_it() {
        let private = reflection(false, 1);
        let s = Sharing::new(&private, Some("Mia"), false);
        assert!(
            s.sentence.starts_with("Only you can read"),
            "{}",
            s.sentence
        );
        assert!(s.sentence.contains("Mia"), "{}", s.sentence);
        assert_eq!(s.share.as_ref().unwrap().1, "Share with Mia");
        assert!(s.unshare.is_none());
        let alone = Sharing::new(&private, None, false);
        assert!(alone.share.is_none() && alone.unshare.is_none());
        assert!(alone.sentence.contains("no manager"), "{}", alone.sentence);
        let shared = reflection(true, 1);
        let s = Sharing::new(&shared, Some("Mia"), true);
        assert!(s.sentence.starts_with("Shared with your manager, Mia"));
        assert!(s.share.is_none() && s.unshare.is_some());
        let moved = Sharing::new(&shared, Some("Zed"), false);
        assert!(
            moved.sentence.contains("former manager"),
            "{}",
            moved.sentence
        );
        assert_eq!(moved.share.unwrap().1, "Share with Zed instead");
    }

    #[test]
    fn the_summary_puts_the_answers_beside_the_evidence_and_escapes_them() {
        let r = reflection(false, 2);
        let versions = vec![
            ReflectionVersion {
                version: 2,
                written_at: r.updated_at,
                answers: r.answers.clone(),
            },
            ReflectionVersion {
                version: 1,
                written_at: r.created_at,
                answers: r.answers.clone(),
            },
        ];
        let insights =
            pendulum_domain::journal::insights(&[], None, &[], time::macros::date!(2026 - 12 - 06));
        let view = |shown: usize| {
            SummaryView::new(
                "Acme",
                &links(),
                "tok",
                &r,
                &versions,
                &versions[shown],
                Evidence::new(&insights, false, None),
                Sharing::new(&r, Some("Mia"), false),
            )
            .render_partial()
        };
        let latest = view(0);
        assert!(latest.contains("?version=1"), "{latest}");
        assert!(!latest.contains("This is version"), "{latest}");
        let html = view(1);
        assert!(
            html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("What draws you to management?"));
        assert!(html.contains("No journal entries yet."));
        assert!(html.contains("This is version 1 of 2"), "{html}");
        assert!(
            !html.contains("?version=1"),
            "the version shown is not a link: {html}"
        );
        assert!(html.contains("name=\"csrf\" value=\"tok\""), "{html}");
        for word in ["score", "verdict", "recommend", "demotion"] {
            assert!(!html.to_lowercase().contains(word), "{word}");
        }
    }

    #[test]
    fn a_refused_form_marks_the_answer_and_keeps_the_values() {
        let q = QuestionField::new(
            "what-draws-you",
            "What draws you to management?",
            Some("Be honest."),
            "kept text",
            false,
        );
        assert_eq!(q.input, "reflection-answer-what-draws-you");
        let view = ReflectionFormView::new_reflection(
            "Acme",
            &links(),
            "tok",
            "/reflections/new?direction=to-management",
            Some(Direction::ToManagement),
            vec![q],
        )
        .with_errors(
            FormErrors::new(FORM, "Nothing was saved.")
                .at("answer_what-draws-you", "Answer at least one question."),
        );
        let html = view.render_partial();
        assert!(html.contains("id=\"reflection-errors\""), "{html}");
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains(">\nkept text</textarea>"), "{html}");
        assert!(
            html.contains("action=\"/reflections/new?direction=to-management\""),
            "{html}"
        );
    }

    #[test]
    fn the_manager_reads_answers_without_controls() {
        let r = reflection(true, 3);
        let view = SharedView::new(
            "Acme",
            &links(),
            Link {
                label: "People".to_string(),
                href: "/people/".to_string(),
            },
            PersonLink {
                name: "Ada".to_string(),
                href: Some("/people/a".to_string()),
            },
            &r,
        );
        let html = view.render_partial();
        assert!(
            html.contains("Ada’s reflection towards management"),
            "{html}"
        );
        assert!(html.contains("Version 3"), "{html}");
        assert!(!html.contains("<form"), "{html}");
        assert!(!html.contains("<textarea"), "{html}");
    }
}
