//! `lint`: parity and hygiene rules over a validated framework.
//!
//! Each rule has a stable id, a default level and a sentence on why it matters. A framework
//! may `allow` a rule (its findings are not reported) or `deny` it (its findings fail the
//! run). Parity rules are denied by default: parallel ladders whose rungs are not equal are
//! the failure this product exists to catch.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::diagnostic::{Severity, Sources};
use crate::ids::{CompetencyId, Currency, GradeId};
use crate::model::{Direction, Framework, Level, Track, TrackKind};
use crate::span::Pos;

/// How a rule's findings count when the framework says nothing about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefaultLevel {
    /// Reported; fails the run.
    Deny,
    /// Reported; does not fail the run.
    Warn,
}

/// A lint rule.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub level: DefaultLevel,
    /// Why the rule matters, in one sentence.
    pub why: &'static str,
}

pub const PAY_CEILING: &str = "pay-ceiling";
pub const GRADE_CEILING: &str = "grade-ceiling";
pub const PAY_PARITY: &str = "pay-parity";
pub const DECISION_RIGHTS_PARITY: &str = "decision-rights-parity";
pub const STEP_PARITY: &str = "step-parity";
pub const COVERAGE: &str = "coverage";
pub const STEP_ORDER: &str = "step-order";
pub const BAND_ORDER: &str = "band-order";
pub const GRADE_ORDER: &str = "grade-order";
pub const DUPLICATE_TITLE: &str = "duplicate-title";
pub const RETURN_PATH: &str = "return-path";
pub const REFLECTION_GAP: &str = "reflection-gap";
pub const ONBOARDING_GAP: &str = "onboarding-gap";
pub const HANDS_ON_KIND: &str = "hands-on-kind";

/// Every rule, in the order they are reported.
pub const RULES: &[Rule] = &[
    Rule {
        id: PAY_CEILING,
        level: DefaultLevel::Deny,
        why: "When the best-paid technical role earns less than the best-paid management role, the way to grow pay is to stop doing technical work.",
    },
    Rule {
        id: GRADE_CEILING,
        level: DefaultLevel::Deny,
        why: "An individual-contributor track that stops below management's top grade tells engineers that seniority beyond it means managing people.",
    },
    Rule {
        id: PAY_PARITY,
        level: DefaultLevel::Deny,
        why: "Equal grades are a promise of equal standing; bands that do not overlap, or that put the IC below the manager, break it in the currency people notice first.",
    },
    Rule {
        id: DECISION_RIGHTS_PARITY,
        level: DefaultLevel::Deny,
        why: "Parallel ladders fail when budget, headcount and strategy stay with management: rungs at the same grade must carry comparable authority.",
    },
    Rule {
        id: STEP_PARITY,
        level: DefaultLevel::Deny,
        why: "At the top grade both tracks should demand the same mastery of what they share; a gap says one track is the junior partner.",
    },
    Rule {
        id: COVERAGE,
        level: DefaultLevel::Warn,
        why: "A level with no expectation for a competency its track uses leaves people guessing what is asked of them.",
    },
    Rule {
        id: STEP_ORDER,
        level: DefaultLevel::Warn,
        why: "A higher level that requires a lower step than the level below reads as a contradiction and invites unfair assessments.",
    },
    Rule {
        id: BAND_ORDER,
        level: DefaultLevel::Warn,
        why: "A pay band that does not rise with level makes progression cost money.",
    },
    Rule {
        id: GRADE_ORDER,
        level: DefaultLevel::Warn,
        why: "Grades that fall as levels rise make equivalence across tracks meaningless.",
    },
    Rule {
        id: DUPLICATE_TITLE,
        level: DefaultLevel::Warn,
        why: "The same title on two tracks makes records, offers and conversations ambiguous.",
    },
    Rule {
        id: RETURN_PATH,
        level: DefaultLevel::Warn,
        why: "A management level without a return path makes trying management a one-way door; a guaranteed way back is what makes the move safe.",
    },
    Rule {
        id: REFLECTION_GAP,
        level: DefaultLevel::Warn,
        why: "A move with no questions to reflect on is decided without looking at why; each direction deserves its own honest look.",
    },
    Rule {
        id: ONBOARDING_GAP,
        level: DefaultLevel::Warn,
        why: "A move without training, a mentor and clear expectations leaves a person to sink or swim, in either direction.",
    },
    Rule {
        id: HANDS_ON_KIND,
        level: DefaultLevel::Warn,
        why: "Without a hands-on kind of work the journal cannot show how long it has been since someone last built something themselves.",
    },
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Authority totals at equal grades may differ by this fraction of the larger one.
pub const AUTHORITY_TOLERANCE: f64 = 0.10;

/// One finding of one rule.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub why: &'static str,
    #[serde(skip)]
    pub pos: Pos,
}

/// A finding as written in the JSON report.
#[derive(Clone, Debug, Serialize)]
pub struct FindingReport<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub why: &'a str,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report<'a> {
    pub findings: Vec<FindingReport<'a>>,
}

/// Options from the command line, on top of the framework's own `lint` section.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Treat every reported finding as denied.
    pub strict: bool,
}

/// Runs every rule not allowed by the framework. Findings of denied rules have severity
/// `error`; others `warning`.
pub fn lint(framework: &Framework, options: &Options) -> Vec<Finding> {
    let mut out = Lints {
        framework,
        findings: Vec::new(),
    };
    out.pay_ceiling();
    out.grade_ceiling();
    out.pay_parity();
    out.decision_rights_parity();
    out.step_parity();
    out.coverage();
    out.step_order();
    out.band_order();
    out.grade_order();
    out.duplicate_titles();
    out.return_paths();
    out.reflection_gaps();
    out.onboarding_gaps();
    out.hands_on_kind();
    let policy = &framework.lint;
    let mut findings: Vec<Finding> = out
        .findings
        .into_iter()
        .filter(|f| !policy.allow.iter().any(|a| a == f.rule))
        .map(|mut f| {
            let denied = options.strict
                || policy.deny.iter().any(|d| d == f.rule)
                || rule(f.rule).is_some_and(|r| r.level == DefaultLevel::Deny);
            f.severity = if denied {
                Severity::Error
            } else {
                Severity::Warning
            };
            f
        })
        .collect();
    findings.sort_by_key(|f| RULES.iter().position(|r| r.id == f.rule));
    findings
}

/// True when any finding fails the run.
pub fn has_denied(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The JSON report: `{"findings": [{rule, severity, message, why, file, line, column}]}`.
pub fn report<'a>(findings: &'a [Finding], sources: &Sources) -> Report<'a> {
    Report {
        findings: findings
            .iter()
            .map(|f| FindingReport {
                rule: f.rule,
                severity: f.severity,
                message: &f.message,
                why: f.why,
                file: sources.path(f.pos.file).display().to_string(),
                line: f.pos.line,
                column: f.pos.column,
            })
            .collect(),
    }
}

/// Human-readable report, one finding per paragraph.
pub fn render_human(findings: &[Finding], sources: &Sources) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}\n  why: {}\n",
            sources.path(f.pos.file).display(),
            f.pos.line,
            f.pos.column,
            f.severity.label(),
            f.rule,
            f.message,
            f.why
        );
    }
    let denied = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "{} finding(s): {} denied, {} warning(s)",
        findings.len(),
        denied,
        findings.len() - denied
    );
    out
}

struct Lints<'a> {
    framework: &'a Framework,
    findings: Vec<Finding>,
}

fn money(currency: &Currency, amount: u64) -> String {
    let mut digits = amount.to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    format!("{currency} {digits}")
}

impl<'a> Lints<'a> {
    fn push(&mut self, rule: &'static str, pos: Pos, message: String) {
        let why = self::rule(rule).map_or("", |r| r.why);
        self.findings.push(Finding {
            rule,
            severity: Severity::Warning,
            message,
            why,
            pos,
        });
    }

    fn tracks(&self, kind: TrackKind) -> impl Iterator<Item = &'a Track> + use<'a> {
        self.framework.tracks.iter().filter(move |t| t.kind == kind)
    }

    fn rank(&self, level: &Level) -> Option<usize> {
        level
            .grade
            .as_ref()
            .and_then(|g| self.framework.grade_rank(g))
    }

    /// Levels of a kind of track grouped by grade rank.
    fn by_grade(&self, kind: TrackKind) -> BTreeMap<usize, Vec<(&'a Track, &'a Level)>> {
        let mut map: BTreeMap<usize, Vec<_>> = BTreeMap::new();
        for t in self.tracks(kind) {
            for l in &t.levels {
                if let Some(r) = self.rank(l) {
                    map.entry(r).or_default().push((t, l));
                }
            }
        }
        map
    }

    fn grade_name(&self, rank: usize) -> &'a GradeId {
        &self.framework.grades[rank]
    }

    fn pay_ceiling(&mut self) {
        // The highest band of each track per currency: its top level that has one.
        let top_band = |t: &'a Track| {
            let mut tops: BTreeMap<&'a Currency, (&'a Level, &'a crate::model::PayBand)> =
                BTreeMap::new();
            for l in &t.levels {
                for b in &l.pay {
                    tops.insert(&b.currency, (l, b));
                }
            }
            tops
        };
        let mut mgmt_top: BTreeMap<&Currency, (&Track, &Level, &crate::model::PayBand)> =
            BTreeMap::new();
        for t in self.tracks(TrackKind::Management) {
            for (c, (l, b)) in top_band(t) {
                if mgmt_top.get(c).is_none_or(|(_, _, best)| b.max > best.max) {
                    mgmt_top.insert(c, (t, l, b));
                }
            }
        }
        let ic: Vec<&Track> = self.tracks(TrackKind::IndividualContributor).collect();
        for t in ic {
            for (c, (l, b)) in top_band(t) {
                let Some((mt, ml, mb)) = mgmt_top.get(c) else {
                    continue;
                };
                if b.max < mb.max {
                    self.push(
                        PAY_CEILING,
                        b.origin.0,
                        format!(
                            "the top {} band of track `{}` ({}: {} – {}) ends below the top band of management track `{}` ({}: {} – {})",
                            c, t.id, l.title, money(c, b.min), money(c, b.max),
                            mt.id, ml.title, money(c, mb.min), money(c, mb.max)
                        ),
                    );
                }
            }
        }
    }

    fn grade_ceiling(&mut self) {
        let fw = self.framework;
        let top = |t: &Track| {
            t.levels
                .iter()
                .filter_map(|l| l.grade.as_ref().and_then(|g| fw.grade_rank(g)))
                .max()
        };
        let Some((mt, m_top)) = self
            .tracks(TrackKind::Management)
            .filter_map(|t| top(t).map(|r| (t, r)))
            .max_by_key(|(_, r)| *r)
        else {
            return;
        };
        let ic: Vec<&Track> = self.tracks(TrackKind::IndividualContributor).collect();
        for t in ic {
            let Some(ic_top) = top(t) else { continue };
            if ic_top < m_top {
                self.push(
                    GRADE_CEILING,
                    t.origin.0,
                    format!(
                        "track `{}` stops at grade `{}`, below grade `{}` reached by management track `{}`",
                        t.id,
                        self.grade_name(ic_top),
                        self.grade_name(m_top),
                        mt.id
                    ),
                );
            }
        }
    }

    fn pay_parity(&mut self) {
        let ic = self.by_grade(TrackKind::IndividualContributor);
        let mgmt = self.by_grade(TrackKind::Management);
        for (rank, ic_levels) in &ic {
            let Some(m_levels) = mgmt.get(rank) else {
                continue;
            };
            for (it, il) in ic_levels {
                for (mt, ml) in m_levels {
                    for ib in &il.pay {
                        let Some(mb) = ml.band(&ib.currency) else {
                            continue;
                        };
                        let c = &ib.currency;
                        let describe = || {
                            format!(
                                "`{}` ({}, {} – {}) and `{}` ({}, {} – {}) at grade `{}`",
                                il.title,
                                it.id,
                                money(c, ib.min),
                                money(c, ib.max),
                                ml.title,
                                mt.id,
                                money(c, mb.min),
                                money(c, mb.max),
                                self.grade_name(*rank)
                            )
                        };
                        if ib.max < mb.min || mb.max < ib.min {
                            let msg = format!("bands do not overlap: {}", describe());
                            self.push(PAY_PARITY, ib.origin.0, msg);
                        } else if ib.midpoint() < mb.midpoint() {
                            let msg = format!(
                                "the IC band sits below the management band: {} (midpoints {} and {})",
                                describe(),
                                money(c, ib.midpoint()),
                                money(c, mb.midpoint())
                            );
                            self.push(PAY_PARITY, ib.origin.0, msg);
                        }
                    }
                }
            }
        }
    }

    fn decision_rights_parity(&mut self) {
        if !self
            .framework
            .decision_rights
            .iter()
            .any(|r| r.track.is_none())
        {
            return;
        }
        let ic = self.by_grade(TrackKind::IndividualContributor);
        let mgmt = self.by_grade(TrackKind::Management);
        for (rank, ic_levels) in &ic {
            let Some(m_levels) = mgmt.get(rank) else {
                continue;
            };
            for (_, il) in ic_levels {
                for (_, ml) in m_levels {
                    let a = self.framework.authority_total(il);
                    let b = self.framework.authority_total(ml);
                    let larger = a.max(b) as f64;
                    if (a as f64 - b as f64).abs() > larger * AUTHORITY_TOLERANCE {
                        self.push(
                            DECISION_RIGHTS_PARITY,
                            il.origin.0,
                            format!(
                                "at grade `{}`, `{}` carries authority {a} and `{}` carries {b} (weighted totals; tolerance {}%)",
                                self.grade_name(*rank),
                                il.title,
                                ml.title,
                                (AUTHORITY_TOLERANCE * 100.0) as u32
                            ),
                        );
                    }
                }
            }
        }
    }

    fn step_parity(&mut self) {
        let ic = self.by_grade(TrackKind::IndividualContributor);
        let mgmt = self.by_grade(TrackKind::Management);
        // The top grade both kinds of track reach.
        let Some(rank) = ic.keys().rev().find(|r| mgmt.contains_key(r)).copied() else {
            return;
        };
        for (it, il) in &ic[&rank] {
            for (mt, ml) in &mgmt[&rank] {
                for ie in &il.expectations {
                    let Some(me) = ml.expectation(&ie.competency) else {
                        continue;
                    };
                    let Some(comp) = self.framework.competency(&ie.competency) else {
                        continue;
                    };
                    let (Some(is), Some(ms)) = (&ie.step, &me.step) else {
                        continue;
                    };
                    let (Some(ir), Some(mr)) = (comp.step_rank(is), comp.step_rank(ms)) else {
                        continue;
                    };
                    let grade = self.grade_name(rank);
                    let step_name = |r: usize| comp.scale[r].name.clone();
                    if ir < mr {
                        self.push(
                            STEP_PARITY,
                            ie.origin.0,
                            format!(
                                "at the top grade `{grade}`, `{}` ({}) requires {} on {}, below `{}` ({}), which requires {}",
                                il.title, it.id, step_name(ir), comp.name, ml.title, mt.id, step_name(mr)
                            ),
                        );
                    } else if mr < ir {
                        self.push(
                            STEP_PARITY,
                            me.origin.0,
                            format!(
                                "at the top grade `{grade}`, `{}` ({}) requires {} on {}, below `{}` ({}), which requires {}",
                                ml.title, mt.id, step_name(mr), comp.name, il.title, it.id, step_name(ir)
                            ),
                        );
                    }
                }
            }
        }
    }

    /// A level covers a competency with an expectation for it or for a competency that
    /// inherits from it (a generic definition is covered by its specialisations). Levels
    /// scored by points (`points: {min, max}`) state a points range instead of expectations.
    fn coverage(&mut self) {
        let fw = self.framework;
        let parent: HashMap<&CompetencyId, &CompetencyId> = fw
            .competencies
            .iter()
            .filter_map(|c| Some((&c.id, c.inherits.as_ref()?)))
            .collect();
        for t in &fw.tracks {
            for l in t.levels.iter().filter(|l| l.points.is_none()) {
                let covered: HashSet<&CompetencyId> = l
                    .expectations
                    .iter()
                    .flat_map(|e| {
                        std::iter::once(&e.competency).chain(parent.get(&e.competency).copied())
                    })
                    .collect();
                for c in fw.competencies.iter().filter(|c| c.used_by(&t.id)) {
                    let covered = covered.contains(&c.id);
                    if !covered {
                        self.push(
                            COVERAGE,
                            l.origin.0,
                            format!(
                                "level `{}` ({}) states no expectation for competency `{}`, which track `{}` uses",
                                l.id, l.title, c.id, t.id
                            ),
                        );
                    }
                }
            }
        }
    }

    fn step_order(&mut self) {
        let fw = self.framework;
        for t in &fw.tracks {
            for c in &fw.competencies {
                let mut previous: Option<(usize, &Level)> = None;
                for l in &t.levels {
                    let Some(e) = l.expectation(&c.id) else {
                        continue;
                    };
                    let Some(rank) = e.step.as_ref().and_then(|s| c.step_rank(s)) else {
                        continue;
                    };
                    if let Some((prev, pl)) = previous
                        && rank < prev
                    {
                        self.push(
                            STEP_ORDER,
                            e.origin.0,
                            format!(
                                "on {}, `{}` requires {}, below {} required by `{}` beneath it",
                                c.name, l.title, c.scale[rank].name, c.scale[prev].name, pl.title
                            ),
                        );
                    }
                    previous = Some((rank, l));
                }
            }
        }
    }

    fn band_order(&mut self) {
        let fw = self.framework;
        for t in &fw.tracks {
            let mut previous: BTreeMap<&Currency, (&Level, &crate::model::PayBand)> =
                BTreeMap::new();
            for l in &t.levels {
                for b in &l.pay {
                    if let Some((pl, pb)) = previous.get(&b.currency)
                        && (b.min < pb.min || b.max < pb.max)
                    {
                        let c = &b.currency;
                        let msg = format!(
                            "the band of `{}` ({} – {}) does not rise above `{}` beneath it ({} – {})",
                            l.title,
                            money(c, b.min),
                            money(c, b.max),
                            pl.title,
                            money(c, pb.min),
                            money(c, pb.max)
                        );
                        self.push(BAND_ORDER, b.origin.0, msg);
                    }
                    previous.insert(&b.currency, (l, b));
                }
            }
        }
    }

    fn grade_order(&mut self) {
        for t in &self.framework.tracks {
            let mut previous: Option<(usize, &Level)> = None;
            for l in &t.levels {
                let Some(rank) = self.rank(l) else { continue };
                if let Some((prev, pl)) = previous
                    && rank < prev
                {
                    self.push(
                        GRADE_ORDER,
                        l.origin.0,
                        format!(
                            "`{}` is at grade `{}`, below grade `{}` of `{}` beneath it",
                            l.title,
                            self.grade_name(rank),
                            self.grade_name(prev),
                            pl.title
                        ),
                    );
                }
                previous = Some((rank, l));
            }
        }
    }

    fn duplicate_titles(&mut self) {
        let fw = self.framework;
        let mut seen: BTreeMap<String, (&Track, &Level)> = BTreeMap::new();
        for t in &fw.tracks {
            for l in &t.levels {
                for title in std::iter::once(&l.title).chain(&l.aliases) {
                    let key = title.trim().to_lowercase();
                    if key.is_empty() {
                        continue;
                    }
                    match seen.get(&key) {
                        Some((ft, fl)) if ft.id != t.id => {
                            let msg = format!(
                                "title \"{title}\" is used by `{}` on track `{}` and by `{}` on track `{}`",
                                fl.id, ft.id, l.id, t.id
                            );
                            self.push(DUPLICATE_TITLE, l.origin.0, msg);
                        }
                        Some(_) => {}
                        None => {
                            seen.insert(key, (t, l));
                        }
                    }
                }
            }
        }
    }

    fn return_paths(&mut self) {
        let fw = self.framework;
        for t in fw.tracks.iter().filter(|t| t.kind == TrackKind::Management) {
            for l in &t.levels {
                if !fw.transitions.return_paths.contains_key(&l.id) {
                    self.push(
                        RETURN_PATH,
                        l.origin.0,
                        format!(
                            "management level `{}` ({}) has no return path to an individual-contributor level",
                            l.id, l.title
                        ),
                    );
                }
            }
        }
    }

    /// True when people can move between an IC track and a management track, so both
    /// directions of a move exist.
    fn has_both_directions(&self) -> bool {
        self.tracks(TrackKind::IndividualContributor)
            .next()
            .is_some()
            && self.tracks(TrackKind::Management).next().is_some()
    }

    fn reflection_gaps(&mut self) {
        if !self.has_both_directions() {
            return;
        }
        let fw = self.framework;
        for direction in Direction::ALL {
            if fw.reflection_questions(direction).is_empty() {
                let pos = fw.reflection().first().map_or(fw.origin.0, |q| q.origin.0);
                self.push(
                    REFLECTION_GAP,
                    pos,
                    format!(
                        "no reflection question is asked before a move {}",
                        direction.label()
                    ),
                );
            }
        }
    }

    fn onboarding_gaps(&mut self) {
        if !self.has_both_directions() {
            return;
        }
        let fw = self.framework;
        let policy = fw.transition_policy();
        for direction in Direction::ALL {
            if policy.onboarding(direction).is_empty() {
                self.push(
                    ONBOARDING_GAP,
                    fw.origin.0,
                    format!(
                        "the onboarding checklist for a move {} is empty",
                        direction.label()
                    ),
                );
            }
        }
    }

    fn hands_on_kind(&mut self) {
        let fw = self.framework;
        let kinds = fw.journal_kinds();
        if !kinds.iter().any(|k| k.hands_on) {
            let pos = kinds.first().map_or(fw.origin.0, |k| k.origin.0);
            self.push(
                HANDS_ON_KIND,
                pos,
                "no kind of work in `journal.kinds` is marked `hands_on: true`".into(),
            );
        }
    }
}
