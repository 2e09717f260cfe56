//! `render`: the framework as readable Markdown pages, one per track and per level plus an
//! index, linked with relative links so the folder reads well on GitHub or any forge.
//!
//! Layout is in askama templates (`templates/markdown/`), so the HTML site can share the
//! approach; this module turns the model into view structs whose strings are already
//! Markdown. User text is escaped as it enters a view ([`format::md_inline`]): names,
//! titles, criteria, examples, summaries and step wording are plain text. Fields called
//! `description` are Markdown by the file format and stay Markdown, with raw HTML, unsafe
//! links and images neutralised ([`format::md_block`]): a framework is data, and a hostile
//! one must not put markup into a site built from the pages.
//!
//! Pages describe levels and moves neutrally: a return path is where a manager goes when
//! they move back to individual contribution, never a step down.

use std::path::PathBuf;

use askama::Template;

use crate::explain::{self, Explanation, StepChange, UsedBy};
use crate::format::{self, categories_in_order, kind_sentence, md_block, md_inline};
use crate::ids::{LevelId, TrackId};
use crate::model::{Direction, Framework, QuestionDirection, Track, TrackKind};

/// One Markdown file of the rendered framework.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// Relative to the output directory, `/`-separated: `index.md`, `ic/index.md`,
    /// `ic/ic-4.md`.
    pub path: PathBuf,
    pub content: String,
}

/// Renders the index, then for each track its page and its level pages, in the
/// framework's order.
pub fn render_markdown(fw: &Framework) -> Vec<Page> {
    let mut pages = vec![Page {
        path: PathBuf::from("index.md"),
        content: tidy(&index_page(fw).render().expect("index template renders")),
    }];
    for track in &fw.tracks {
        pages.push(Page {
            path: PathBuf::from(track.id.as_str()).join("index.md"),
            content: tidy(
                &track_page(fw, track)
                    .render()
                    .expect("track template renders"),
            ),
        });
        for (i, level) in track.levels.iter().enumerate() {
            pages.push(Page {
                path: PathBuf::from(track.id.as_str()).join(level_file(&level.id)),
                content: tidy(
                    &level_page(fw, track, i)
                        .render()
                        .expect("level template renders"),
                ),
            });
        }
    }
    pages
}

/// A level's file name inside its track's folder; a level called `index` must not take
/// the track page's name.
pub fn level_file(id: &LevelId) -> String {
    if id.as_str() == "index" {
        "level-index.md".to_string()
    } else {
        format!("{id}.md")
    }
}

/// Path of a level page relative to the output directory.
pub fn level_path(track: &TrackId, level: &LevelId) -> String {
    format!("{track}/{}", level_file(level))
}

/// One blank line between blocks, no trailing spaces, one final newline: templates stay
/// readable without fighting over every line break.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn link(label: &str, href: &str) -> String {
    format!("[{}]({href})", md_inline(label))
}

/// A Markdown block (a `description`), trimmed and made safe ([`format::md_block`]);
/// `None` when empty.
fn block(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(md_block)
}

fn inline(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(md_inline)
}

/// Sentences about moves between tracks, shared by the index and the track pages.
fn moves(fw: &Framework, only: Option<&TrackId>, prefix: &str) -> Vec<String> {
    let t = &fw.transitions;
    let track_link = |id: &TrackId| match fw.track(id) {
        Some(track) => link(&track.name, &format!("{prefix}{id}/index.md")),
        None => format!("`{id}`"),
    };
    let level_link = |id: &LevelId| match fw.level(id) {
        Some((track, level)) => link(
            &level.title,
            &format!("{prefix}{}", level_path(&track.id, &level.id)),
        ),
        None => format!("`{id}`"),
    };
    let mut out = Vec::new();
    for m in &t.allowed {
        if only.is_none_or(|id| *id == m.from || *id == m.to) {
            out.push(format!(
                "Moves from {} to {} are open.",
                track_link(&m.from),
                track_link(&m.to)
            ));
        }
    }
    if let Some(months) = t.trial_months {
        let touches_management = only.is_none_or(|id| {
            fw.track(id)
                .is_some_and(|t| t.kind == TrackKind::Management)
        });
        if touches_management {
            out.push(format!(
                "A move into management can start with a trial of {months} months."
            ));
        }
    }
    for (from, to) in &t.return_paths {
        let on_track = |id: &LevelId| fw.level(id).map(|(t, _)| &t.id);
        if only.is_none_or(|id| on_track(from) == Some(id) || on_track(to) == Some(id)) {
            out.push(format!(
                "{} returns to {} on the individual-contributor track.",
                level_link(from),
                level_link(to)
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Index

struct TrackColumn {
    link: String,
    kind: &'static str,
    levels: usize,
    summary: Option<String>,
}

struct GradeRow {
    grade: String,
    cells: Vec<String>,
}

struct CategoryView {
    name: String,
    description: Option<String>,
    competencies: Vec<CompetencyItem>,
}

struct CompetencyItem {
    name: String,
    tracks: String,
    description: Option<String>,
}

struct RightRow {
    name: String,
    weight: u32,
    steps: String,
}

#[derive(Template)]
#[template(path = "markdown/index.md")]
struct IndexPage {
    title: String,
    version: Option<String>,
    description: Option<String>,
    tracks: Vec<TrackColumn>,
    rows: Vec<GradeRow>,
    ungraded: Vec<String>,
    categories: Vec<CategoryView>,
    rights: Vec<RightRow>,
    moves: Vec<String>,
    policy: Option<PolicyView>,
    journal_hands_on: String,
    journal_other: String,
}

/// A titled list of lines, already Markdown.
struct Group {
    title: &'static str,
    items: Vec<String>,
}

/// How a move between tracks is tried and supported, and the questions asked before it.
struct PolicyView {
    checkpoints: String,
    extensions: String,
    onboarding: Vec<Group>,
    reflection: Vec<Group>,
}

fn policy_view(fw: &Framework) -> Option<PolicyView> {
    let has = |kind| fw.tracks.iter().any(|t| t.kind == kind);
    if !(has(TrackKind::IndividualContributor) && has(TrackKind::Management)) {
        return None;
    }
    let policy = fw.transition_policy();
    let mut days: Vec<String> = policy
        .checkpoints
        .iter()
        .map(|d| format!("day {d}"))
        .collect();
    days.push("the end of the trial".to_string());
    let checkpoints = match days.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => days.join(""),
    };
    let times = match policy.max_extensions {
        0 => None,
        1 => Some("once".to_string()),
        n => Some(format!("up to {n} times")),
    };
    let extensions = match times {
        None => "A trial is not extended: it ends with a decision.".to_string(),
        Some(times) if policy.extension_reason_required => {
            format!("A trial may be extended {times}, with a reason both can read later.")
        }
        Some(times) => format!("A trial may be extended {times}."),
    };
    let onboarding = Direction::ALL
        .into_iter()
        .map(|d| Group {
            title: match d {
                Direction::ToManagement => "Support for a move towards management",
                Direction::ToIc => "Support for a move towards individual contribution",
            },
            items: policy
                .onboarding(d)
                .iter()
                .map(|i| md_inline(&i.text))
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let reflection = [
        (QuestionDirection::ToManagement, "Towards management"),
        (QuestionDirection::ToIc, "Towards individual contribution"),
        (QuestionDirection::Any, "In either direction"),
    ]
    .into_iter()
    .map(|(direction, title)| Group {
        title,
        items: fw
            .reflection()
            .iter()
            .filter(|q| q.direction == direction)
            .map(|q| match &q.hint {
                Some(hint) => format!("**{}** {}", md_inline(&q.text), md_inline(hint)),
                None => format!("**{}**", md_inline(&q.text)),
            })
            .collect(),
    })
    .filter(|g| !g.items.is_empty())
    .collect();
    Some(PolicyView {
        checkpoints: format!("Checkpoints during a trial: {checkpoints}."),
        extensions,
        onboarding,
        reflection,
    })
}

/// The names of the kinds of work that are hands-on (`true`) or not, joined.
fn journal_kinds(fw: &Framework, hands_on: bool) -> String {
    fw.journal_kinds()
        .iter()
        .filter(|k| k.hands_on == hands_on)
        .map(|k| md_inline(&k.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first sentence of a Markdown description, as inline text for a list item.
fn first_sentence(text: &Option<String>) -> Option<String> {
    let text = text
        .as_deref()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    Some(md_inline(&text[..end]))
}

fn index_page(fw: &Framework) -> IndexPage {
    let tracks = fw
        .tracks
        .iter()
        .map(|t| TrackColumn {
            link: link(&t.name, &format!("{}/index.md", t.id)),
            kind: t.kind.label(),
            levels: t.levels.len(),
            summary: first_sentence(&t.description),
        })
        .collect();
    let rows = fw
        .grades
        .iter()
        .map(|g| GradeRow {
            grade: md_inline(g.as_str()),
            cells: fw
                .tracks
                .iter()
                .map(|t| {
                    let cell: Vec<String> = t
                        .levels
                        .iter()
                        .filter(|l| l.grade.as_ref() == Some(g))
                        .map(|l| link(&l.title, &level_path(&t.id, &l.id)))
                        .collect();
                    if cell.is_empty() {
                        "—".to_string()
                    } else {
                        cell.join("<br>")
                    }
                })
                .collect(),
        })
        .collect();
    let ungraded = fw
        .levels()
        .filter(|(_, l)| l.grade.is_none())
        .map(|(t, l)| link(&l.title, &level_path(&t.id, &l.id)))
        .collect();
    let categories = categories_in_order(fw)
        .into_iter()
        .map(|(id, name, description)| CategoryView {
            name: md_inline(&name),
            description: block(&description),
            competencies: fw
                .competencies
                .iter()
                .filter(|c| c.category == id)
                .map(|c| CompetencyItem {
                    name: md_inline(&c.name),
                    tracks: if c.tracks.is_empty() {
                        "every track".to_string()
                    } else {
                        c.tracks
                            .iter()
                            .map(|t| fw.track(t).map_or(t.to_string(), |t| t.name.clone()))
                            .map(|n| md_inline(&n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    description: first_sentence(&c.description),
                })
                .collect(),
        })
        .filter(|c| !c.competencies.is_empty())
        .collect();
    let rights = fw
        .decision_rights
        .iter()
        .map(|r| RightRow {
            name: match &r.track {
                Some(t) => format!("{} ({} only)", md_inline(&r.name), md_inline(t.as_str())),
                None => md_inline(&r.name),
            },
            weight: r.weight,
            steps: r
                .scale
                .iter()
                .map(|s| md_inline(&s.name))
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    IndexPage {
        title: md_inline(&fw.name),
        version: fw.version.as_deref().map(md_inline),
        description: block(&fw.description),
        tracks,
        rows,
        ungraded,
        categories,
        rights,
        moves: moves(fw, None, ""),
        policy: policy_view(fw),
        journal_hands_on: journal_kinds(fw, true),
        journal_other: journal_kinds(fw, false),
    }
}

// ---------------------------------------------------------------------------------------
// Track

struct LevelRow {
    link: String,
    short_link: String,
    id: String,
    grade: String,
    typical: String,
}

struct MatrixRow {
    name: String,
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "markdown/track.md")]
struct TrackPage {
    framework: String,
    name: String,
    kind: String,
    description: Option<String>,
    levels: Vec<LevelRow>,
    matrix: Vec<MatrixRow>,
    moves: Vec<String>,
}

fn track_page(fw: &Framework, track: &Track) -> TrackPage {
    let levels = track
        .levels
        .iter()
        .map(|l| LevelRow {
            link: link(&l.title, &level_file(&l.id)),
            short_link: format!("[{}]({})", l.id, level_file(&l.id)),
            id: l.id.to_string(),
            grade: l
                .grade
                .as_ref()
                .map_or("—".to_string(), |g| md_inline(g.as_str())),
            typical: l
                .typical_months
                .as_ref()
                .map_or("—".to_string(), format::months),
        })
        .collect();
    let matrix = fw
        .competencies
        .iter()
        .filter(|c| c.used_by(&track.id))
        .map(|c| MatrixRow {
            name: md_inline(&c.name),
            cells: track
                .levels
                .iter()
                .map(|l| {
                    l.expectation(&c.id)
                        .and_then(|e| e.step.as_ref())
                        .and_then(|s| c.scale.iter().find(|x| &x.id == s))
                        .map_or("—".to_string(), |s| md_inline(&s.name))
                })
                .collect(),
        })
        .collect();
    TrackPage {
        framework: md_inline(&fw.name),
        name: md_inline(&track.name),
        kind: kind_sentence(track),
        description: block(&track.description),
        levels,
        matrix,
        moves: moves(fw, Some(&track.id), "../"),
    }
}

// ---------------------------------------------------------------------------------------
// Level

struct PayRow {
    currency: String,
    min: String,
    mid: String,
    max: String,
    zones: Vec<String>,
}

struct AuthorityRow {
    name: String,
    step: String,
    meaning: String,
}

struct CompetencyView {
    name: String,
    step: Option<String>,
    step_description: Option<String>,
    criteria: Vec<String>,
    examples: Vec<String>,
}

struct CategorySection {
    name: String,
    competencies: Vec<CompetencyView>,
}

struct NextLevel {
    link: String,
    changes: Vec<String>,
}

#[derive(Template)]
#[template(path = "markdown/level.md")]
struct LevelPage {
    framework: String,
    track: String,
    title: String,
    facts: Vec<(String, String)>,
    summary: Option<String>,
    scope: Option<String>,
    description: Option<String>,
    pay: Vec<PayRow>,
    pay_example: bool,
    rights: Vec<AuthorityRow>,
    authority_total: u64,
    archetypes: Vec<(String, Option<String>)>,
    return_path: Option<String>,
    returns_here: Vec<String>,
    same_grade: Vec<String>,
    categories: Vec<CategorySection>,
    next: Option<NextLevel>,
    previous: Option<String>,
}

/// A link from a level page (inside its track's folder) to any level.
fn level_link_from_level(fw: &Framework, from_track: &TrackId, id: &LevelId) -> String {
    match fw.level(id) {
        Some((t, l)) if &t.id == from_track => link(&l.title, &level_file(&l.id)),
        Some((t, l)) => link(&l.title, &format!("../{}", level_path(&t.id, &l.id))),
        None => format!("`{id}`"),
    }
}

fn level_page(fw: &Framework, track: &Track, index: usize) -> LevelPage {
    let level = &track.levels[index];
    let mut facts = vec![
        ("Track".to_string(), link(&track.name, "index.md")),
        ("Level id".to_string(), format!("`{}`", level.id)),
    ];
    if let Some(grade) = &level.grade {
        facts.push(("Grade".to_string(), md_inline(grade.as_str())));
    }
    if !level.aliases.is_empty() {
        let aliases: Vec<String> = level.aliases.iter().map(|a| md_inline(a)).collect();
        facts.push(("Also called".to_string(), aliases.join(", ")));
    }
    if let Some(range) = &level.typical_months {
        facts.push((
            "Typical time at this level".to_string(),
            format::months(range),
        ));
    }
    if let Some(range) = &level.points {
        facts.push(("Points".to_string(), format::points(range)));
    }

    let pay = level
        .pay
        .iter()
        .map(|b| PayRow {
            currency: b.currency.to_string(),
            min: format::amount(b.min),
            mid: b.mid.map_or("—".to_string(), format::amount),
            max: format::amount(b.max),
            zones: b
                .zones
                .iter()
                .map(|z| {
                    format!(
                        "{} {}–{}",
                        md_inline(&z.name),
                        format::amount(z.min),
                        format::amount(z.max)
                    )
                })
                .collect(),
        })
        .collect();
    let rights = fw
        .decision_rights
        .iter()
        .filter_map(|r| {
            let step_id = level.authority.get(&r.id)?;
            let step = r.scale.iter().find(|s| &s.id == step_id)?;
            Some(AuthorityRow {
                name: match &r.track {
                    Some(t) => format!(
                        "{} ({} only, outside parity)",
                        md_inline(&r.name),
                        md_inline(t.as_str())
                    ),
                    None => md_inline(&r.name),
                },
                step: md_inline(&step.name),
                meaning: step.description.as_deref().map_or(String::new(), md_inline),
            })
        })
        .collect();
    let archetypes = level
        .archetypes
        .iter()
        .filter_map(|id| fw.archetypes.iter().find(|a| &a.id == id))
        .map(|a| (md_inline(&a.name), first_sentence(&a.description)))
        .collect();

    let return_path = fw.transitions.return_paths.get(&level.id).map(|to| {
        let same_grade = fw
            .level(to)
            .is_some_and(|(_, l)| l.grade.is_some() && l.grade == level.grade);
        let target = level_link_from_level(fw, &track.id, to);
        if same_grade {
            format!(
                "**Return path:** this level returns to {target} on the individual-contributor track, at the same grade. The move brings a manager's view of people and organisations back to hands-on technical work."
            )
        } else {
            format!(
                "**Return path:** this level returns to {target} on the individual-contributor track. The move brings a manager's view of people and organisations back to hands-on technical work."
            )
        }
    });
    let returns_here = fw
        .transitions
        .return_paths
        .iter()
        .filter(|(_, to)| **to == level.id)
        .map(|(from, _)| level_link_from_level(fw, &track.id, from))
        .collect();
    let same_grade = match &level.grade {
        Some(grade) => fw
            .levels()
            .filter(|(t, l)| t.id != track.id && l.grade.as_ref() == Some(grade))
            .map(|(_, l)| level_link_from_level(fw, &track.id, &l.id))
            .collect(),
        None => Vec::new(),
    };

    let categories = categories_in_order(fw)
        .into_iter()
        .map(|(id, name, _)| CategorySection {
            name: md_inline(&name),
            competencies: fw
                .competencies
                .iter()
                .filter(|c| c.category == id && c.used_by(&track.id))
                .map(|c| {
                    let expectation = level.expectation(&c.id);
                    let step = expectation
                        .and_then(|e| e.step.as_ref())
                        .and_then(|s| c.scale.iter().find(|x| &x.id == s));
                    CompetencyView {
                        name: md_inline(&c.name),
                        step: step.map(|s| md_inline(&s.name)),
                        step_description: step.and_then(|s| inline(&s.description)),
                        criteria: expectation
                            .map(|e| e.criteria.iter().map(|c| md_inline(c)).collect())
                            .unwrap_or_default(),
                        examples: expectation
                            .map(|e| e.examples.iter().map(|c| md_inline(c)).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .filter(|c| !c.competencies.is_empty())
        .collect();

    let next = track.levels.get(index + 1).map(|next| {
        let explanation = explain::explain(fw, &track.id, &level.id, &next.id)
            .expect("consecutive levels of one track can always be explained");
        NextLevel {
            link: link(&next.title, &level_file(&next.id)),
            changes: next_level_changes(&explanation),
        }
    });
    let previous = index
        .checked_sub(1)
        .map(|i| &track.levels[i])
        .map(|p| link(&p.title, &level_file(&p.id)));

    LevelPage {
        framework: md_inline(&fw.name),
        track: md_inline(&track.name),
        title: md_inline(&level.title),
        facts,
        summary: inline(&level.summary),
        scope: inline(&level.scope),
        description: block(&level.description),
        pay,
        pay_example: level.pay.iter().any(|b| b.example),
        rights,
        authority_total: fw.authority_total(level),
        archetypes,
        return_path,
        returns_here,
        same_grade,
        categories,
        next,
        previous,
    }
}

/// The "what changes at the next level" list of a level page: one line per thing that
/// differs, competencies last.
fn next_level_changes(e: &Explanation) -> Vec<String> {
    let mut out = Vec::new();
    let (from, to) = (&e.from, &e.to);
    if from.grade != to.grade {
        let grade = |g: &Option<crate::ids::GradeId>| {
            g.as_ref()
                .map_or("no grade".to_string(), |g| md_inline(g.as_str()))
        };
        out.push(format!(
            "**Grade:** {} → {}",
            grade(&from.grade),
            grade(&to.grade)
        ));
    }
    if from.scope != to.scope
        && let Some(scope) = inline(&to.scope)
    {
        out.push(format!("**Scope:** {scope}"));
    }
    if from.typical_months != to.typical_months
        && let Some(range) = &to.typical_months
    {
        out.push(format!("**Typical time:** {}", format::months(range)));
    }
    for p in e.pay.iter().filter(|p| p.changed()) {
        let band =
            |b: &Option<crate::model::PayBand>| b.as_ref().map_or("none".to_string(), format::band);
        let note = if p.example() {
            " (example figures)"
        } else {
            ""
        };
        out.push(format!(
            "**Pay{note}:** {} → {}",
            band(&p.from),
            band(&p.to)
        ));
    }
    for a in e.authority.iter().filter(|a| a.changed()) {
        let step = |s: &Option<explain::StepRef>| {
            s.as_ref()
                .map_or("none".to_string(), |s| md_inline(&s.name))
        };
        out.push(format!(
            "**{}:** {} → {}",
            md_inline(&a.name),
            step(&a.from),
            step(&a.to)
        ));
    }
    for c in e.changed_competencies() {
        let step = |s: &Option<explain::StepRef>| s.as_ref().map(|s| md_inline(&s.name));
        let movement = match (c.change, step(&c.from), step(&c.to)) {
            (StepChange::Same, _, Some(to)) => format!("stays at {to}"),
            (StepChange::Higher | StepChange::Lower, Some(from), Some(to)) => {
                format!("{from} → {to}")
            }
            (StepChange::Begins, _, Some(to)) => format!("{to} (newly expected)"),
            (StepChange::Ends, Some(from), _) => format!("{from} (no longer expected)"),
            _ => "no step stated".to_string(),
        };
        let side = match c.used_by {
            UsedBy::Both => "",
            UsedBy::FromTrack | UsedBy::ToTrack => " (this track only)",
        };
        let new = match c.new_criteria.len() {
            0 => String::new(),
            1 => ", 1 new criterion".to_string(),
            n => format!(", {n} new criteria"),
        };
        out.push(format!("**{}**{side}: {movement}{new}", md_inline(&c.name)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_one_blank_line_between_blocks() {
        assert_eq!(
            tidy("\n\n# A  \n\n\n\ntext\n| a |\n| b |\n\n"),
            "# A\n\ntext\n| a |\n| b |\n"
        );
    }

    #[test]
    fn a_level_called_index_gets_another_file_name() {
        assert_eq!(level_file(&LevelId::new("ic-4").unwrap()), "ic-4.md");
        assert_eq!(
            level_file(&LevelId::new("index").unwrap()),
            "level-index.md"
        );
    }

    #[test]
    fn first_sentence_stops_at_the_first_full_stop() {
        let text = Some("Leads *people*. Then more.\nAnd more.".to_string());
        assert_eq!(
            first_sentence(&text).as_deref(),
            Some("Leads \\*people\\*.")
        );
        assert_eq!(first_sentence(&None), None);
    }
}
