//! `check`: the conversion from the raw layer to the validated model.
//!
//! Shape errors stop at the first per file (a file that is not shaped like a framework has
//! no meaning to check); semantic errors are all collected and reported together, so an
//! author fixes a file in one pass.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use indexmap::IndexMap;

use crate::diagnostic::{Diagnostic, Sources};
use crate::ids::*;
use crate::lint;
use crate::load::{self, LoadError};
use crate::model::*;
use crate::raw::*;
use crate::span::{Pos, Sp};

/// A framework that passed `check`, with the sources it was read from.
#[derive(Debug, Clone)]
pub struct Checked {
    pub framework: Framework,
    pub sources: Sources,
}

/// Reads and checks a framework file or directory.
pub fn check_path(path: &Path) -> Result<Checked, LoadError> {
    let (sources, parts) = load::read_path(path)?;
    check_parts(sources, parts)
}

/// Checks a framework held in memory (`name` is used in diagnostics).
pub fn check_str(name: &str, text: &str) -> Result<Checked, LoadError> {
    let mut sources = Sources::default();
    sources.add(name.into(), text.to_string());
    let (sources, parts) = load::parse_sources(sources)?;
    check_parts(sources, parts)
}

fn check_parts(sources: Sources, parts: Vec<RawFramework>) -> Result<Checked, LoadError> {
    let raw = match load::merge(&sources, parts) {
        Ok(raw) => raw,
        Err(diagnostics) => {
            return Err(LoadError::Invalid {
                sources,
                diagnostics,
            });
        }
    };
    match check(raw) {
        Ok(framework) => Ok(Checked { framework, sources }),
        Err(diagnostics) => Err(LoadError::Invalid {
            sources,
            diagnostics,
        }),
    }
}

/// Validates a raw framework and builds the model, or returns every semantic error.
pub fn check(raw: RawFramework) -> Result<Framework, Vec<Diagnostic>> {
    let mut c = Checker::default();
    let framework = c.framework(raw);
    if c.diagnostics.is_empty() {
        Ok(framework)
    } else {
        c.diagnostics
            .sort_by_key(|d| (d.pos.file, d.pos.line, d.pos.column));
        Err(c.diagnostics)
    }
}

/// A competency's own name, description and parent, for resolving `inherits`.
type CompetencyTexts = HashMap<String, (Option<String>, Option<String>, Option<String>)>;

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
}

/// Names kept while checking, to resolve references.
#[derive(Default)]
struct Scope {
    grades: HashSet<String>,
    tracks: HashMap<String, TrackKind>,
    categories: HashSet<String>,
    archetypes: HashSet<String>,
    /// Competency id -> (tracks using it, its step ids).
    competencies: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Right id -> (its track, its step ids).
    rights: HashMap<String, (Option<String>, Vec<String>)>,
    /// Level id -> kind of its track.
    levels: HashMap<String, TrackKind>,
}

fn did_you_mean<'a>(wanted: &str, known: impl Iterator<Item = &'a String>) -> String {
    let mut known: Vec<&String> = known.collect();
    known.sort();
    let close = known
        .iter()
        .find(|k| k.contains(wanted) || wanted.contains(k.as_str()));
    match close {
        Some(k) => format!("did you mean `{k}`?"),
        None if known.is_empty() => "none are defined yet".to_string(),
        None if known.len() <= 12 => format!(
            "known: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("{} are defined; check the spelling", known.len()),
    }
}

impl Checker {
    fn error(&mut self, code: &'static str, pos: Pos, message: String, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(code, pos, message).hint(hint));
    }

    fn id<I>(&mut self, raw: &Sp<String>, what: &str) -> Option<I>
    where
        I: TryFrom<String, Error = IdError>,
    {
        match I::try_from(raw.value.clone()) {
            Ok(id) => Some(id),
            Err(e) => {
                self.error(
                    "invalid-id",
                    raw.pos,
                    format!("{what} id {:?} is not valid: {e}", raw.value),
                    format!("try `{}`", slugify(&raw.value)),
                );
                None
            }
        }
    }

    /// Records a definition; reports a duplicate.
    fn define(&mut self, seen: &mut HashMap<String, Pos>, raw: &Sp<String>, what: &str) {
        if let Some(first) = seen.get(&raw.value) {
            let first = *first;
            self.diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    raw.pos,
                    format!("{what} `{}` is defined twice", raw.value),
                )
                .label("second definition")
                .hint(format!(
                    "the first is at line {}:{}; ids must be unique",
                    first.line, first.column
                )),
            );
        } else {
            seen.insert(raw.value.clone(), raw.pos);
        }
    }

    fn text(s: Option<Sp<String>>) -> Option<String> {
        s.map(|s| s.value).filter(|s| !s.trim().is_empty())
    }

    fn framework(&mut self, raw: RawFramework) -> Framework {
        let mut scope = Scope::default();
        if let Some(format) = &raw.format
            && format.value != 1
        {
            self.error(
                "format",
                format.pos,
                format!("format {} is not supported", format.value),
                "this version of Pendulum reads format 1",
            );
        }
        let name = match raw.name {
            Some(n) if !n.value.trim().is_empty() => n.value,
            _ => {
                self.error(
                    "missing-name",
                    Pos {
                        line: 1,
                        column: 1,
                        ..Pos::default()
                    },
                    "the framework has no `name`".into(),
                    "add `name: <your framework's name>` at the top level",
                );
                String::new()
            }
        };

        // Definitions first, so references can be resolved in any order.
        let mut seen = HashMap::new();
        let mut grades = Vec::new();
        for g in &raw.grades {
            self.define(&mut seen, g, "grade");
            if let Some(id) = self.id::<GradeId>(g, "grade") {
                scope.grades.insert(id.to_string());
                grades.push(id);
            }
        }
        let mut seen = HashMap::new();
        for t in &raw.tracks {
            self.define(&mut seen, &t.id, "track");
            let kind = match &t.kind {
                None => TrackKind::Other,
                Some(k) => TrackKind::parse(&k.value).unwrap_or_else(|| {
                    self.error(
                        "track-kind",
                        k.pos,
                        format!("track kind {:?} is not known", k.value),
                        "use `individual-contributor`, `management` or `other`",
                    );
                    TrackKind::Other
                }),
            };
            scope.tracks.insert(t.id.value.clone(), kind);
        }
        let mut seen_levels = HashMap::new();
        for t in &raw.tracks {
            let kind = scope.tracks[&t.id.value];
            for l in &t.levels {
                self.define(&mut seen_levels, &l.id, "level");
                scope.levels.insert(l.id.value.clone(), kind);
            }
        }
        let rating_scale = self.named_list::<RatingId>(raw.rating_scale, "rating", None);
        let categories =
            self.named_list::<CategoryId>(raw.categories, "category", Some(&mut scope.categories));
        let archetypes = self.named_list::<ArchetypeId>(
            raw.archetypes,
            "archetype",
            Some(&mut scope.archetypes),
        );

        let mut seen = HashMap::new();
        for c in &raw.competencies {
            self.define(&mut seen, &c.id, "competency");
            scope.competencies.insert(
                c.id.value.clone(),
                (
                    c.tracks.iter().map(|t| t.value.clone()).collect(),
                    c.scale.iter().map(|s| s.id.value.clone()).collect(),
                ),
            );
        }
        let competency_texts: CompetencyTexts = raw
            .competencies
            .iter()
            .map(|c| {
                (
                    c.id.value.clone(),
                    (
                        c.name.as_ref().map(|n| n.value.clone()),
                        c.description.as_ref().map(|d| d.value.clone()),
                        c.inherits.as_ref().map(|i| i.value.clone()),
                    ),
                )
            })
            .collect();
        let competencies = raw
            .competencies
            .into_iter()
            .filter_map(|c| self.competency(c, &scope, &competency_texts))
            .collect();

        let mut seen = HashMap::new();
        for r in &raw.decision_rights {
            self.define(&mut seen, &r.id, "decision right");
            scope.rights.insert(
                r.id.value.clone(),
                (
                    r.track.as_ref().map(|t| t.value.clone()),
                    r.scale.iter().map(|s| s.id.value.clone()).collect(),
                ),
            );
        }
        let decision_rights = raw
            .decision_rights
            .into_iter()
            .filter_map(|r| self.decision_right(r, &scope))
            .collect();

        let points = raw.points.map(|p| self.points(p));
        let tracks = raw
            .tracks
            .into_iter()
            .filter_map(|t| self.track(t, &scope))
            .collect();
        let transitions = raw
            .transitions
            .map(|t| self.transitions(t.value, &scope))
            .unwrap_or_default();
        let reflection = raw.reflection.map(|r| self.reflection(r.value));
        let journal = Journal {
            kinds: raw
                .journal
                .and_then(|j| j.value.kinds)
                .map(|k| self.work_kinds(k.value)),
        };
        let lint = raw
            .lint
            .map(|l| self.lint_policy(l.value))
            .unwrap_or_default();

        Framework {
            format: 1,
            name,
            version: Self::text(raw.version),
            description: Self::text(raw.description),
            changelog: raw
                .changelog
                .into_iter()
                .map(|e| ChangelogEntry {
                    version: Self::text(e.version),
                    date: Self::text(e.date),
                    notes: Self::text(e.notes),
                    extra: e.extra,
                })
                .collect(),
            grades,
            rating_scale,
            categories,
            competencies,
            decision_rights,
            archetypes,
            points,
            tracks,
            transitions,
            reflection,
            journal,
            lint,
            extra: raw.extra,
            origin: Origin(Pos {
                line: 1,
                column: 1,
                ..Pos::default()
            }),
        }
    }

    fn named_list<I>(
        &mut self,
        raw: Vec<RawNamed>,
        what: &str,
        mut names: Option<&mut HashSet<String>>,
    ) -> Vec<Named<I>>
    where
        I: TryFrom<String, Error = IdError>,
    {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for n in raw {
            self.define(&mut seen, &n.id, what);
            if let Some(names) = names.as_deref_mut() {
                names.insert(n.id.value.clone());
            }
            let Some(id) = self.id::<I>(&n.id, what) else {
                continue;
            };
            out.push(Named {
                name: Self::text(n.name).unwrap_or_else(|| n.id.value.clone()),
                id,
                description: Self::text(n.description),
                extra: n.extra,
            });
        }
        out
    }

    fn scale(&mut self, raw: Vec<RawStep>, owner: &str) -> Vec<Step> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for s in raw {
            self.define(&mut seen, &s.id, &format!("step of {owner}"));
            let Some(id) = self.id::<StepId>(&s.id, "step") else {
                continue;
            };
            out.push(Step {
                name: Self::text(s.name).unwrap_or_else(|| s.id.value.clone()),
                id,
                description: Self::text(s.description),
                points: s.points.map(|p| p.value),
                extra: s.extra,
            });
        }
        out
    }

    fn track_ref(&mut self, raw: &Sp<String>, scope: &Scope, context: &str) -> Option<TrackId> {
        if !scope.tracks.contains_key(&raw.value) {
            self.error(
                "unknown-track",
                raw.pos,
                format!(
                    "{context} names track `{}`, which does not exist",
                    raw.value
                ),
                did_you_mean(&raw.value, scope.tracks.keys()),
            );
            return None;
        }
        self.id(raw, "track")
    }

    fn competency(
        &mut self,
        raw: RawCompetency,
        scope: &Scope,
        texts: &CompetencyTexts,
    ) -> Option<Competency> {
        let id = self.id::<CompetencyId>(&raw.id, "competency")?;
        let category = raw.category.as_ref().and_then(|c| {
            if scope.categories.contains(&c.value) {
                self.id(c, "category")
            } else {
                self.error(
                    "unknown-category",
                    c.pos,
                    format!(
                        "competency `{id}` names category `{}`, which does not exist",
                        c.value
                    ),
                    did_you_mean(&c.value, scope.categories.iter()),
                );
                None
            }
        });
        let tracks = raw
            .tracks
            .iter()
            .filter_map(|t| self.track_ref(t, scope, &format!("competency `{id}`")))
            .collect();
        let inherits = raw.inherits.as_ref().and_then(|parent| {
            if parent.value == raw.id.value {
                self.error(
                    "inherits",
                    parent.pos,
                    format!("competency `{id}` inherits from itself"),
                    "name a shared definition, or remove `inherits`",
                );
                return None;
            }
            if !texts.contains_key(&parent.value) {
                self.error(
                    "unknown-competency",
                    parent.pos,
                    format!(
                        "competency `{id}` inherits from `{}`, which does not exist",
                        parent.value
                    ),
                    did_you_mean(&parent.value, texts.keys()),
                );
                return None;
            }
            self.id(parent, "competency")
        });
        let parent = inherits
            .as_ref()
            .and_then(|p: &CompetencyId| texts.get(p.as_str()));
        let name = Self::text(raw.name)
            .or_else(|| parent.and_then(|p| p.0.clone()))
            .unwrap_or_else(|| raw.id.value.clone());
        let description = Self::text(raw.description).or_else(|| parent.and_then(|p| p.1.clone()));
        let scale = self.scale(raw.scale, &format!("competency `{id}`"));
        Some(Competency {
            id,
            name,
            category,
            tracks,
            description,
            inherits,
            scale,
            extra: raw.extra,
            origin: Origin(raw.id.pos),
        })
    }

    fn decision_right(&mut self, raw: RawDecisionRight, scope: &Scope) -> Option<DecisionRight> {
        let id = self.id::<RightId>(&raw.id, "decision right")?;
        let track = raw
            .track
            .as_ref()
            .and_then(|t| self.track_ref(t, scope, &format!("decision right `{id}`")));
        if raw.scale.is_empty() {
            self.error(
                "empty-scale",
                raw.id.pos,
                format!("decision right `{id}` has no scale"),
                "list its steps of authority, lowest first (e.g. none, informs, recommends, decides)",
            );
        }
        let scale = self.scale(raw.scale, &format!("decision right `{id}`"));
        Some(DecisionRight {
            name: Self::text(raw.name).unwrap_or_else(|| id.to_string()),
            id,
            description: Self::text(raw.description),
            weight: raw.weight.map_or(1, |w| w.value),
            track,
            scale,
            extra: raw.extra,
            origin: Origin(raw.id.pos),
        })
    }

    fn points(&mut self, raw: Sp<RawPoints>) -> PointsScoring {
        let mut last: Option<u32> = None;
        let mut thresholds = Vec::new();
        for t in raw.value.thresholds {
            if let Some(prev) = last
                && t.points.value <= prev
            {
                self.error(
                    "points-order",
                    t.points.pos,
                    format!(
                        "threshold {} does not ascend (the one before is {prev})",
                        t.points.value
                    ),
                    "list thresholds in ascending order of points",
                );
            }
            last = Some(t.points.value);
            thresholds.push(Threshold {
                points: t.points.value,
                label: t.label.value,
            });
        }
        PointsScoring { thresholds }
    }

    fn range(&mut self, raw: Option<Sp<RawRange>>, what: &str) -> Option<Range> {
        let raw = raw?;
        let min = raw.value.min.as_ref().map(|m| m.value);
        let max = raw.value.max.as_ref().map(|m| m.value);
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            self.error(
                "range",
                raw.pos,
                format!("{what}: min {lo} exceeds max {hi}"),
                "swap the two values",
            );
        }
        Some(Range { min, max })
    }

    fn track(&mut self, raw: RawTrack, scope: &Scope) -> Option<Track> {
        let id = self.id::<TrackId>(&raw.id, "track")?;
        let kind = scope.tracks[&raw.id.value];
        if raw.levels.is_empty() {
            self.error(
                "empty-track",
                raw.id.pos,
                format!("track `{id}` has no levels"),
                "add at least one level under `levels`, lowest first",
            );
        }
        let levels = raw
            .levels
            .into_iter()
            .filter_map(|l| self.level(l, &id, scope))
            .collect();
        Some(Track {
            name: Self::text(raw.name).unwrap_or_else(|| id.to_string()),
            id,
            kind,
            description: Self::text(raw.description),
            levels,
            extra: raw.extra,
            origin: Origin(raw.id.pos),
        })
    }

    fn level(&mut self, raw: RawLevel, track: &TrackId, scope: &Scope) -> Option<Level> {
        let id = self.id::<LevelId>(&raw.id, "level")?;
        let grade = raw.grade.as_ref().and_then(|g| {
            if scope.grades.contains(&g.value) {
                self.id(g, "grade")
            } else {
                self.error(
                    "unknown-grade",
                    g.pos,
                    format!(
                        "level `{id}` names grade `{}`, which is not in `grades`",
                        g.value
                    ),
                    did_you_mean(&g.value, scope.grades.iter()),
                );
                None
            }
        });
        let archetypes = raw
            .archetypes
            .iter()
            .filter_map(|a| {
                if scope.archetypes.contains(&a.value) {
                    self.id(a, "archetype")
                } else {
                    self.error(
                        "unknown-archetype",
                        a.pos,
                        format!(
                            "level `{id}` names archetype `{}`, which does not exist",
                            a.value
                        ),
                        did_you_mean(&a.value, scope.archetypes.iter()),
                    );
                    None
                }
            })
            .collect();
        let typical_months =
            self.range(raw.typical_months, &format!("level `{id}` typical_months"));
        let points = self.range(raw.points, &format!("level `{id}` points"));
        let mut currencies = HashSet::new();
        let pay = raw
            .pay
            .into_iter()
            .filter_map(|b| {
                if !currencies.insert(b.value.currency.value.clone()) {
                    self.error(
                        "duplicate-band",
                        b.value.currency.pos,
                        format!("level `{id}` has two {} bands", b.value.currency.value),
                        "keep one band per currency",
                    );
                }
                self.pay_band(b, &id)
            })
            .collect();
        let mut authority = IndexMap::new();
        for (right, step) in raw.authority {
            let Some((right_track, steps)) = scope.rights.get(&right) else {
                self.error(
                    "unknown-right",
                    step.pos,
                    format!(
                        "level `{id}` states authority for `{right}`, which is not a decision right"
                    ),
                    did_you_mean(&right, scope.rights.keys()),
                );
                continue;
            };
            if let Some(t) = right_track
                && t != track.as_str()
            {
                self.error(
                    "right-track",
                    step.pos,
                    format!("decision right `{right}` is specific to track `{t}`, but level `{id}` is on `{track}`"),
                    "remove it from this level, or drop `track` from the right",
                );
            }
            if !steps.contains(&step.value) {
                self.error(
                    "unknown-step",
                    step.pos,
                    format!("`{}` is not a step of decision right `{right}`", step.value),
                    did_you_mean(&step.value, steps.iter()),
                );
                continue;
            }
            if let (Ok(r), Some(s)) = (
                RightId::new(right.clone()),
                self.id::<StepId>(&step, "step"),
            ) {
                authority.insert(r, s);
            }
        }
        let mut seen = HashMap::new();
        let expectations = raw
            .expectations
            .into_iter()
            .filter_map(|e| {
                self.define(
                    &mut seen,
                    &e.competency,
                    &format!("expectation of level `{id}` for competency"),
                );
                self.expectation(e, &id, track, scope)
            })
            .collect();
        let mut renamed_from = Vec::new();
        for old in &raw.renamed_from {
            if scope.levels.contains_key(&old.value) {
                self.error(
                    "renamed-from",
                    old.pos,
                    format!(
                        "level `{id}` is renamed from `{}`, which still exists in this version",
                        old.value
                    ),
                    "`renamed_from` names ids of earlier versions only; remove it or the old level",
                );
            } else if let Some(old) = self.id::<LevelId>(old, "level") {
                renamed_from.push(old);
            }
        }
        let title = match Self::text(raw.title) {
            Some(t) => t,
            None => {
                self.error(
                    "missing-title",
                    raw.id.pos,
                    format!("level `{id}` has no title"),
                    "add `title:` with the job title people hold at this level",
                );
                String::new()
            }
        };
        Some(Level {
            title,
            aliases: raw.aliases.into_iter().map(|a| a.value).collect(),
            renamed_from,
            summary: Self::text(raw.summary),
            scope: Self::text(raw.scope),
            description: Self::text(raw.description),
            typical_months,
            grade,
            archetypes,
            points,
            pay,
            authority,
            expectations,
            extra: raw.extra,
            origin: Origin(raw.id.pos),
            id,
        })
    }

    fn pay_band(&mut self, raw: Sp<RawPayBand>, level: &LevelId) -> Option<PayBand> {
        let pos = raw.pos;
        let b = raw.value;
        let currency = match Currency::new(b.currency.value.clone()) {
            Ok(c) => c,
            Err(e) => {
                self.error(
                    "currency",
                    b.currency.pos,
                    e,
                    "use an ISO 4217 code such as GBP, EUR or USD",
                );
                return None;
            }
        };
        let (min, max) = (b.min.value, b.max.value);
        if min > max {
            self.diagnostics.push(
                Diagnostic::error(
                    "band-order",
                    b.min.pos,
                    format!(
                        "the {currency} band of level `{level}` has min {min} above its max {max}"
                    ),
                )
                .label("min is above max")
                .hint("a band runs from min up to max: swap the two figures"),
            );
        }
        if let Some(mid) = &b.mid
            && (mid.value < min || mid.value > max)
        {
            self.error(
                "band-mid",
                mid.pos,
                format!(
                    "the midpoint {} of level `{level}` lies outside its band {min}–{max}",
                    mid.value
                ),
                "the midpoint must lie between min and max",
            );
        }
        let mut zones = Vec::new();
        for z in b.zones {
            let zone = z.value;
            if zone.min.value > zone.max.value || zone.min.value < min || zone.max.value > max {
                self.error(
                    "band-zone",
                    z.pos,
                    format!(
                        "pay zone `{}` ({}–{}) of level `{level}` is inverted or lies outside its band {min}–{max}",
                        zone.name.value, zone.min.value, zone.max.value
                    ),
                    "zones divide the band: keep each within min and max",
                );
            }
            zones.push(PayZone {
                name: zone.name.value,
                min: zone.min.value,
                max: zone.max.value,
            });
        }
        Some(PayBand {
            currency,
            min,
            mid: b.mid.map(|m| m.value),
            max,
            example: b.example,
            description: Self::text(b.description),
            zones,
            extra: b.extra,
            origin: Origin(pos),
        })
    }

    fn expectation(
        &mut self,
        raw: RawExpectation,
        level: &LevelId,
        track: &TrackId,
        scope: &Scope,
    ) -> Option<Expectation> {
        let Some((tracks, steps)) = scope.competencies.get(&raw.competency.value) else {
            self.error(
                "unknown-competency",
                raw.competency.pos,
                format!(
                    "level `{level}` has an expectation for competency `{}`, which does not exist",
                    raw.competency.value
                ),
                did_you_mean(&raw.competency.value, scope.competencies.keys()),
            );
            return None;
        };
        if !tracks.is_empty() && !tracks.iter().any(|t| t == track.as_str()) {
            self.error(
                "competency-track",
                raw.competency.pos,
                format!(
                    "competency `{}` is not used by track `{track}`, but level `{level}` has an expectation for it",
                    raw.competency.value
                ),
                format!("add `{track}` to the competency's `tracks`, or remove this expectation"),
            );
        }
        let step = match &raw.step {
            None => None,
            Some(s) if steps.contains(&s.value) => self.id(s, "step"),
            Some(s) => {
                let hint = if steps.is_empty() {
                    format!("competency `{}` defines no `scale`", raw.competency.value)
                } else {
                    format!("its scale is: {}", steps.join(" → "))
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        "unknown-step",
                        s.pos,
                        format!(
                            "`{}` is not a step of competency `{}`",
                            s.value, raw.competency.value
                        ),
                    )
                    .label("not in the scale")
                    .hint(hint),
                );
                None
            }
        };
        let competency = self.id(&raw.competency, "competency")?;
        Some(Expectation {
            competency,
            step,
            description: Self::text(raw.description),
            criteria: raw.criteria.into_iter().map(|c| c.value).collect(),
            examples: raw.examples.into_iter().map(|c| c.value).collect(),
            extra: raw.extra,
            origin: Origin(raw.competency.pos),
        })
    }

    fn transitions(&mut self, raw: RawTransitions, scope: &Scope) -> Transitions {
        if let Some(months) = &raw.trial_months
            && months.value == 0
        {
            self.error(
                "trial-months",
                months.pos,
                "a management trial of 0 months is no trial".into(),
                "set a length in months, e.g. 6",
            );
        }
        let allowed = raw
            .allowed
            .iter()
            .filter_map(|m| {
                let from = self.track_ref(&m.value.from, scope, "an allowed move");
                let to = self.track_ref(&m.value.to, scope, "an allowed move");
                Some(Move {
                    from: from?,
                    to: to?,
                })
            })
            .collect();
        let mut return_paths = IndexMap::new();
        for (from, to) in raw.return_paths {
            match scope.levels.get(&from) {
                None => {
                    self.error(
                        "unknown-level",
                        to.pos,
                        format!("a return path starts at level `{from}`, which does not exist"),
                        did_you_mean(&from, scope.levels.keys()),
                    );
                    continue;
                }
                Some(TrackKind::Management) => {}
                Some(_) => {
                    self.error(
                        "return-path",
                        to.pos,
                        format!("return paths start at management levels; `{from}` is not one"),
                        "list only management levels under `return_paths`",
                    );
                    continue;
                }
            }
            match scope.levels.get(&to.value) {
                None => {
                    self.error(
                        "unknown-level",
                        to.pos,
                        format!(
                            "the return path of `{from}` leads to level `{}`, which does not exist",
                            to.value
                        ),
                        did_you_mean(&to.value, scope.levels.keys()),
                    );
                    continue;
                }
                Some(TrackKind::IndividualContributor) => {}
                Some(_) => {
                    self.error(
                        "return-path",
                        to.pos,
                        format!("the return path of `{from}` must lead to an individual-contributor level; `{}` is not one", to.value),
                        "name the IC level a manager returns to",
                    );
                    continue;
                }
            }
            if let (Ok(f), Ok(t)) = (LevelId::new(from), LevelId::new(to.value)) {
                return_paths.insert(f, t);
            }
        }
        let trial_months = raw
            .trial_months
            .as_ref()
            .map_or(DEFAULT_TRIAL_MONTHS, |m| m.value);
        let checkpoints = raw
            .checkpoints
            .map(|c| self.checkpoints(c.value, trial_months));
        let extensions = raw
            .extensions
            .map(|e| self.extensions(e.value))
            .unwrap_or_default();
        let onboarding = raw
            .onboarding
            .map(|o| Onboarding {
                to_management: o
                    .value
                    .to_management
                    .map(|c| self.checklist(c.value, Direction::ToManagement)),
                to_ic: o
                    .value
                    .to_ic
                    .map(|c| self.checklist(c.value, Direction::ToIc)),
            })
            .unwrap_or_default();
        Transitions {
            trial_months: raw.trial_months.map(|m| m.value),
            allowed,
            return_paths,
            checkpoints,
            extensions,
            onboarding,
        }
    }

    fn checkpoints(&mut self, raw: Vec<Sp<u32>>, trial_months: u32) -> Vec<u32> {
        let last_day = trial_months.saturating_mul(DAYS_PER_TRIAL_MONTH);
        let mut previous: Option<u32> = None;
        for day in &raw {
            if day.value == 0 {
                self.error(
                    "checkpoints",
                    day.pos,
                    "checkpoint day 0 is the start of the trial, not a checkpoint".into(),
                    "checkpoints are days into the trial, from 1",
                );
            } else if let Some(before) = previous
                && day.value <= before
            {
                self.error(
                    "checkpoints",
                    day.pos,
                    format!(
                        "checkpoint day {} does not come after day {before}",
                        day.value
                    ),
                    "list checkpoint days in increasing order, each once",
                );
            } else if day.value > last_day {
                self.error(
                    "checkpoints",
                    day.pos,
                    format!(
                        "checkpoint day {} lies after the end of a {trial_months}-month trial (day {last_day})",
                        day.value
                    ),
                    "the end of the trial is always a checkpoint; list only days before it, or lengthen `trial_months`",
                );
            }
            previous = Some(previous.map_or(day.value, |p| p.max(day.value)));
        }
        raw.into_iter().map(|d| d.value).collect()
    }

    fn extensions(&mut self, raw: RawExtensions) -> Extensions {
        if let Some(max) = &raw.max
            && max.value > MAX_EXTENSIONS_LIMIT
        {
            self.error(
                "extensions",
                max.pos,
                format!(
                    "a trial may be extended at most {MAX_EXTENSIONS_LIMIT} times; {} is too many",
                    max.value
                ),
                format!("set `max` between 0 and {MAX_EXTENSIONS_LIMIT}"),
            );
        }
        Extensions {
            max: raw.max.map(|m| m.value),
            reason_required: raw.reason_required.map(|r| r.value),
        }
    }

    fn checklist(
        &mut self,
        raw: Vec<RawChecklistItem>,
        direction: Direction,
    ) -> Vec<ChecklistItem> {
        let what = format!("onboarding item ({})", direction.as_str());
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for item in raw {
            self.define(&mut seen, &item.id, &what);
            let Some(id) = self.id::<ChecklistItemId>(&item.id, "onboarding item") else {
                continue;
            };
            let text = self.required_text(item.text, &item.id, &format!("{what} `{id}`"));
            out.push(ChecklistItem {
                id,
                text,
                extra: item.extra,
                origin: Origin(item.id.pos),
            });
        }
        out
    }

    /// The text of an entity that must have one; reports it missing at the entity's id.
    fn required_text(&mut self, text: Option<Sp<String>>, id: &Sp<String>, what: &str) -> String {
        match Self::text(text) {
            Some(t) => t,
            None => {
                self.error(
                    "missing-text",
                    id.pos,
                    format!("{what} has no text"),
                    "add `text:` with the words people read",
                );
                String::new()
            }
        }
    }

    fn reflection(&mut self, raw: Vec<RawQuestion>) -> Vec<ReflectionQuestion> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for q in raw {
            self.define(&mut seen, &q.id, "reflection question");
            let direction = match &q.direction {
                None => QuestionDirection::Any,
                Some(d) => QuestionDirection::parse(&d.value).unwrap_or_else(|| {
                    self.error(
                        "direction",
                        d.pos,
                        format!("direction {:?} is not known", d.value),
                        "use `to-management`, `to-ic` or `any`",
                    );
                    QuestionDirection::Any
                }),
            };
            let Some(id) = self.id::<QuestionId>(&q.id, "reflection question") else {
                continue;
            };
            let text = self.required_text(q.text, &q.id, &format!("reflection question `{id}`"));
            out.push(ReflectionQuestion {
                id,
                text,
                hint: Self::text(q.hint),
                direction,
                extra: q.extra,
                origin: Origin(q.id.pos),
            });
        }
        out
    }

    fn work_kinds(&mut self, raw: Vec<RawWorkKind>) -> Vec<WorkKind> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for k in raw {
            self.define(&mut seen, &k.id, "kind of work");
            let Some(id) = self.id::<WorkKindId>(&k.id, "kind of work") else {
                continue;
            };
            out.push(WorkKind {
                name: Self::text(k.name).unwrap_or_else(|| k.id.value.clone()),
                id,
                hands_on: k.hands_on.is_some_and(|h| h.value),
                extra: k.extra,
                origin: Origin(k.id.pos),
            });
        }
        out
    }

    fn lint_policy(&mut self, raw: RawLintPolicy) -> LintPolicy {
        let known = |rule: &Sp<String>, this: &mut Self| {
            if lint::rule(&rule.value).is_none() {
                this.error(
                    "unknown-rule",
                    rule.pos,
                    format!("`{}` is not a lint rule", rule.value),
                    format!(
                        "known rules: {}",
                        lint::RULES
                            .iter()
                            .map(|r| r.id)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                false
            } else {
                true
            }
        };
        let allow = raw
            .allow
            .iter()
            .filter(|r| known(r, self))
            .map(|r| r.value.clone())
            .collect();
        let deny = raw
            .deny
            .iter()
            .filter(|r| known(r, self))
            .map(|r| r.value.clone())
            .collect();
        LintPolicy { allow, deny }
    }
}
