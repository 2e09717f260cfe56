//! The changes between two versions of a framework, from `diff::diff`: one section per
//! area, each change marked added, removed or changed in words (not by colour alone), and
//! the removed levels whose records need a new home called out first.
//!
//! Like the diff itself, the page never ranks a move between tracks: a level that moves
//! to another track is a change, nothing more.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::diff::{
    Change, CompetencyDiff, Diff, ExtraDiff, LevelDiff, NamedListDiff, RightDiff, ScaleDiff,
    Status, TrackDiff, Version,
};
use pendulum_framework::format;
use pendulum_framework::model::{PayBand, Range};
use pendulum_framework::words::{WordDiff, word_diff};

use super::Link;
use crate::shell::layout::{Chrome, Section as NavSection};
use crate::shell::links::Links;

/// One added, removed or changed entity, with what changed about it.
pub struct Entry {
    /// `added`, `removed` or `changed`: shown as a word and used as a class.
    pub status: &'static str,
    pub label: String,
    /// A link to the entity in the newer version, where it has a page there.
    pub href: Option<String>,
    pub details: Vec<Detail>,
}

/// One thing that changed about an entity: a line of words and, for a reworded text,
/// both versions side by side with the changed words marked.
pub struct Detail {
    pub text: String,
    pub words: Option<WordDiff>,
}

impl Detail {
    fn line(text: String) -> Self {
        Self { text, words: None }
    }
}

pub struct Area {
    pub title: String,
    pub id: String,
    pub notes: Vec<Detail>,
    pub entries: Vec<Entry>,
}

/// A level of the older version that the newer one no longer has.
pub struct RemovedLevel {
    pub id: String,
    pub title: String,
    pub track: String,
    /// Where records at it go, or a hint when nothing says so.
    pub fate: String,
    pub mapped: bool,
}

#[derive(Template)]
#[template(path = "framework/diff.html", blocks = ["content"])]
pub struct DiffView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub heading: String,
    pub from: String,
    pub to: String,
    pub empty: bool,
    pub removed_levels: Vec<RemovedLevel>,
    pub unmapped: usize,
    pub areas: Vec<Area>,
}

crate::view!(DiffView);

fn status(s: Status) -> &'static str {
    match s {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

fn label(v: &Version) -> String {
    match &v.version {
        Some(version) => format!("{} {version}", v.name),
        None => v.name.clone(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "none".to_string(), ToString::to_string)
}

fn list<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn band(b: &Option<PayBand>) -> String {
    match b {
        Some(b) if b.example => format!("{} (example figures)", format::band(b)),
        Some(b) => format::band(b),
        None => "none".to_string(),
    }
}

fn range(r: &Option<Range>, f: fn(&Range) -> String) -> String {
    r.as_ref().map_or_else(|| "none".to_string(), f)
}

/// Collects the details of one entity.
#[derive(Default)]
struct Details(Vec<Detail>);

impl Details {
    fn push(&mut self, text: String) {
        self.0.push(Detail::line(text));
    }

    fn change<T>(&mut self, what: &str, c: &Option<Change<T>>, f: impl Fn(&T) -> String) {
        if let Some(c) = c {
            self.push(format!("{what}: {} → {}", f(&c.old), f(&c.new)));
        }
    }

    /// A text added or removed says so; a reworded one is shown before and after, side
    /// by side, its changed words marked.
    fn text(&mut self, what: &str, c: &Option<Change<Option<String>>>) {
        if let Some(c) = c {
            self.0.push(match (&c.old, &c.new) {
                (None, Some(_)) => Detail::line(format!("{what} added")),
                (Some(_), None) => Detail::line(format!("{what} removed")),
                (old, new) => Detail {
                    text: format!("{what} reworded"),
                    words: Some(word_diff(
                        old.as_deref().unwrap_or_default(),
                        new.as_deref().unwrap_or_default(),
                    )),
                },
            });
        }
    }

    fn extra(&mut self, extra: &Option<ExtraDiff>) {
        if let Some(e) = extra {
            let mut parts = Vec::new();
            parts.extend(e.added.iter().map(|k| format!("{k} added")));
            parts.extend(e.removed.iter().map(|k| format!("{k} removed")));
            parts.extend(e.changed.iter().map(|k| format!("{k} changed")));
            self.push(format!("extra data: {}", parts.join(", ")));
        }
    }

    fn scale(&mut self, s: &ScaleDiff) {
        self.change("step order", &s.reordered, |v| list(v));
        for step in &s.steps {
            let mut line = format!("step “{}” {}", step.name, status(step.status));
            let mut inner = Details::default();
            inner.change("name", &step.renamed, Clone::clone);
            inner.text("description", &step.description);
            inner.change("points", &step.points, opt);
            inner.extra(&step.extra);
            if !inner.0.is_empty() {
                let texts: Vec<&str> = inner.0.iter().map(|d| d.text.as_str()).collect();
                line.push_str(&format!(" ({})", texts.join("; ")));
            }
            self.push(line);
        }
    }
}

impl DiffView {
    /// The changes from `d.from` to `d.to`; `newer` is the newer version, whose pages the
    /// entries link to.
    pub fn new(newer: &Framework, d: &Diff, links: &Links) -> Self {
        let heading = if d.from.name == d.to.name {
            let version = |v: &Version| v.version.clone().unwrap_or_else(|| "no version".into());
            format!(
                "{}: changes from {} to {}",
                d.to.name,
                version(&d.from),
                version(&d.to)
            )
        } else {
            format!("Changes from {} to {}", label(&d.from), label(&d.to))
        };
        let mut areas = Vec::new();
        areas.extend(metadata(d));
        areas.extend(grades(d));
        areas.extend(named("Rating scale", "rating-scale", &d.rating_scale));
        areas.extend(named("Categories", "categories", &d.categories));
        areas.extend(named("Archetypes", "archetypes", &d.archetypes));
        if !d.competencies.is_empty() || d.competencies_reordered.is_some() {
            let mut notes = Details::default();
            notes.change("order", &d.competencies_reordered, |v| list(v));
            areas.push(Area {
                title: "Competencies".to_string(),
                id: "competencies".to_string(),
                notes: notes.0,
                entries: d.competencies.iter().map(competency).collect(),
            });
        }
        if !d.decision_rights.is_empty() || d.decision_rights_reordered.is_some() {
            let mut notes = Details::default();
            notes.change("order", &d.decision_rights_reordered, |v| list(v));
            areas.push(Area {
                title: "Decision rights".to_string(),
                id: "decision-rights".to_string(),
                notes: notes.0,
                entries: d.decision_rights.iter().map(right).collect(),
            });
        }
        if let Some(c) = &d.tracks_reordered {
            areas.push(Area {
                title: "Tracks".to_string(),
                id: "tracks".to_string(),
                notes: vec![Detail::line(format!(
                    "order: {} → {}",
                    list(&c.old),
                    list(&c.new)
                ))],
                entries: Vec::new(),
            });
        }
        for t in &d.tracks {
            areas.push(track(newer, t, links));
        }
        areas.extend(transitions(d));

        let removed_levels: Vec<RemovedLevel> = d
            .removed_levels
            .iter()
            .map(|l| RemovedLevel {
                id: l.id.to_string(),
                title: l.title.clone(),
                track: l.track.to_string(),
                mapped: l.mapped_to.is_some(),
                fate: match (&l.mapped_to, &l.likely_successor) {
                    (Some(to), _) => format!("records at it move to {to}"),
                    (None, Some(s)) => format!(
                        "nothing maps it; perhaps {s}? Add renamed_from: [{}] to that level",
                        l.id
                    ),
                    (None, None) => "nothing maps it: records at it need a new level".to_string(),
                },
            })
            .collect();
        Self {
            chrome: Chrome::framework(newer, &heading, links, NavSection::Other),
            trail: vec![Link {
                label: newer.name.clone(),
                href: links.index(),
            }],
            from: label(&d.from),
            to: label(&d.to),
            heading,
            empty: d.is_empty(),
            unmapped: removed_levels.iter().filter(|l| !l.mapped).count(),
            removed_levels,
            areas,
        }
    }
}

fn metadata(d: &Diff) -> Option<Area> {
    let m = &d.metadata;
    let mut details = Details::default();
    details.change("format", &m.format, ToString::to_string);
    details.change("name", &m.name, Clone::clone);
    details.change("version", &m.version, opt);
    details.text("description", &m.description);
    for e in &m.changelog_added {
        details.push(format!("changelog entry added: {}", opt(&e.version)));
    }
    for e in &m.changelog_removed {
        details.push(format!("changelog entry removed: {}", opt(&e.version)));
    }
    if m.changelog_reordered {
        details.push("changelog entries reordered".to_string());
    }
    if m.points.is_some() {
        details.push("points scoring changed".to_string());
    }
    details.change("lint policy", &m.lint, |p| {
        format!(
            "allow [{}], deny [{}]",
            p.allow.join(", "),
            p.deny.join(", ")
        )
    });
    details.extra(&m.extra);
    (!details.0.is_empty()).then(|| Area {
        title: "Framework".to_string(),
        id: "framework".to_string(),
        notes: details.0,
        entries: Vec::new(),
    })
}

fn grades(d: &Diff) -> Option<Area> {
    let g = &d.grades;
    let mut entries: Vec<Entry> = g
        .added
        .iter()
        .map(|id| Entry {
            status: "added",
            label: id.to_string(),
            href: None,
            details: Vec::new(),
        })
        .collect();
    entries.extend(g.removed.iter().map(|id| Entry {
        status: "removed",
        label: id.to_string(),
        href: None,
        details: Vec::new(),
    }));
    let mut notes = Details::default();
    notes.change("order", &g.reordered, |v| list(v));
    (!entries.is_empty() || !notes.0.is_empty()).then(|| Area {
        title: "Grades".to_string(),
        id: "grades".to_string(),
        notes: notes.0,
        entries,
    })
}

fn named<I: std::fmt::Display>(title: &str, id: &str, n: &NamedListDiff<I>) -> Option<Area> {
    if n.entries.is_empty() && n.reordered.is_none() {
        return None;
    }
    let mut notes = Details::default();
    notes.change("order", &n.reordered, |v| list(v));
    Some(Area {
        title: title.to_string(),
        id: id.to_string(),
        notes: notes.0,
        entries: n
            .entries
            .iter()
            .map(|e| {
                let mut details = Details::default();
                details.change("name", &e.renamed, Clone::clone);
                details.text("description", &e.description);
                details.extra(&e.extra);
                Entry {
                    status: status(e.status),
                    label: format!("{} ({})", e.name, e.id),
                    href: None,
                    details: details.0,
                }
            })
            .collect(),
    })
}

fn competency(c: &CompetencyDiff) -> Entry {
    let mut details = Details::default();
    details.change("name", &c.renamed, Clone::clone);
    details.change("category", &c.category, opt);
    details.change("tracks", &c.tracks, |t| {
        if t.is_empty() {
            "every track".to_string()
        } else {
            list(t)
        }
    });
    details.text("description", &c.description);
    details.change("inherits", &c.inherits, opt);
    details.scale(&c.scale);
    details.extra(&c.extra);
    Entry {
        status: status(c.status),
        label: format!("{} ({})", c.name, c.id),
        href: None,
        details: details.0,
    }
}

fn right(r: &RightDiff) -> Entry {
    let mut details = Details::default();
    details.change("name", &r.renamed, Clone::clone);
    details.text("description", &r.description);
    details.change("weight", &r.weight, ToString::to_string);
    details.change("specific to track", &r.track, opt);
    details.scale(&r.scale);
    details.extra(&r.extra);
    Entry {
        status: status(r.status),
        label: format!("{} ({})", r.name, r.id),
        href: None,
        details: details.0,
    }
}

fn track(newer: &Framework, t: &TrackDiff, links: &Links) -> Area {
    let mut notes = Details::default();
    notes.change("name", &t.renamed, Clone::clone);
    notes.change("kind", &t.kind, |k| k.label().to_string());
    notes.text("description", &t.description);
    notes.change("level order", &t.reordered, |v| list(v));
    notes.extra(&t.extra);
    Area {
        title: format!("Track {} ({})", t.name, status(t.status)),
        id: format!("track-{}", t.id),
        notes: notes.0,
        entries: t.levels.iter().map(|l| level(newer, l, links)).collect(),
    }
}

fn level(newer: &Framework, l: &LevelDiff, links: &Links) -> Entry {
    let mut details = Details::default();
    if let Some(m) = &l.moved {
        details.push(format!("track: {} → {}", m.old, m.new));
    }
    details.change("title", &l.retitled, Clone::clone);
    details.change("grade", &l.regraded, opt);
    details.change("aliases", &l.aliases, |v| list(v));
    details.change("takes over the records of", &l.renamed_from, |v| list(v));
    details.text("summary", &l.summary);
    details.text("scope", &l.scope);
    details.text("description", &l.description);
    details.change("typical time", &l.typical_months, |r| {
        range(r, format::months)
    });
    details.change("archetypes", &l.archetypes, |v| list(v));
    details.change("points", &l.points, |r| range(r, format::points));
    for p in &l.pay {
        details.push(format!("pay: {} → {}", band(&p.old), band(&p.new)));
    }
    for a in &l.authority {
        let name = newer
            .right(&a.right)
            .map_or_else(|| a.right.to_string(), |r| r.name.clone());
        details.push(format!("{name}: {} → {}", opt(&a.old), opt(&a.new)));
    }
    for e in &l.expectations {
        let name = newer
            .competency(&e.competency)
            .map_or_else(|| e.competency.to_string(), |c| c.name.clone());
        let mut line = format!("expectation for {name} {}", status(e.status));
        if let (Status::Changed, Some(c)) = (e.status, &e.step) {
            line.push_str(&format!(": step {} → {}", opt(&c.old), opt(&c.new)));
        }
        // A removed criterion that shares most of its words with an added one was
        // reworded: the pair is shown side by side, not counted.
        let reworded = reworded_pairs(&e.criteria_removed, &e.criteria_added);
        let added = e.criteria_added.len() - reworded.len();
        let removed = e.criteria_removed.len() - reworded.len();
        let counts = [
            (added, "criterion added", "criteria added"),
            (removed, "criterion removed", "criteria removed"),
            (e.examples_added.len(), "example added", "examples added"),
            (
                e.examples_removed.len(),
                "example removed",
                "examples removed",
            ),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        if !parts.is_empty() {
            line.push_str(&format!(" ({})", parts.join(", ")));
        }
        if e.reordered {
            line.push_str(" (reordered)");
        }
        details.push(line);
        details.text(
            &format!("expectation for {name}: description"),
            &e.description,
        );
        for words in reworded {
            details.0.push(Detail {
                text: format!("expectation for {name}: a criterion reworded"),
                words: Some(words),
            });
        }
    }
    if l.expectations_reordered {
        details.push("expectations reordered".to_string());
    }
    details.extra(&l.extra);
    let grade = l
        .grade
        .as_ref()
        .map(|g| format!(", grade {g}"))
        .unwrap_or_default();
    Entry {
        status: status(l.status),
        label: format!("{} ({}{grade})", l.title, l.id),
        href: (l.status != Status::Removed && newer.level(&l.id).is_some())
            .then(|| links.level(&l.id)),
        details: details.0,
    }
}

/// Pairs of a removed and an added criterion that keep at least half of the removed one's
/// words (each criterion in one pair at most, the best match first), with their word diff.
fn reworded_pairs(removed: &[String], added: &[String]) -> Vec<WordDiff> {
    let words = |t: &str| t.split_whitespace().count();
    let mut taken = vec![false; added.len()];
    let mut pairs = Vec::new();
    for old in removed {
        let best = added
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .map(|(i, new)| {
                let d = word_diff(old, new);
                let kept: usize = d
                    .old
                    .iter()
                    .filter(|s| !s.changed)
                    .map(|s| words(&s.text))
                    .sum();
                (i, kept, d)
            })
            .max_by_key(|(_, kept, _)| *kept);
        if let Some((i, kept, d)) = best
            && kept * 2 >= words(old)
            && kept > 0
        {
            taken[i] = true;
            pairs.push(d);
        }
    }
    pairs
}

fn transitions(d: &Diff) -> Option<Area> {
    let t = &d.transitions;
    let mut notes = Details::default();
    notes.change("trial length", &t.trial_months, |m| match m {
        Some(m) => format!("{m} months"),
        None => "none".to_string(),
    });
    let mut entries = Vec::new();
    for (moves, what) in [(&t.allowed_added, "added"), (&t.allowed_removed, "removed")] {
        entries.extend(moves.iter().map(|m| Entry {
            status: what,
            label: format!("open move from {} to {}", m.from, m.to),
            href: None,
            details: Vec::new(),
        }));
    }
    if t.allowed_reordered {
        notes.push("open moves reordered".to_string());
    }
    for r in &t.return_paths {
        let (what, text) = match (&r.old, &r.new) {
            (None, Some(n)) => ("added", format!("return path: {} returns to {n}", r.level)),
            (Some(o), None) => (
                "removed",
                format!("return path of {}, which returned to {o}", r.level),
            ),
            (o, n) => (
                "changed",
                format!("return path of {}: {} → {}", r.level, opt(o), opt(n)),
            ),
        };
        entries.push(Entry {
            status: what,
            label: text,
            href: None,
            details: Vec::new(),
        });
    }
    (!entries.is_empty() || !notes.0.is_empty()).then(|| Area {
        title: "Moves between tracks".to_string(),
        id: "transitions".to_string(),
        notes: notes.0,
        entries,
    })
}
