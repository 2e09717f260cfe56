//! What an estimate shows: its counts and rates, and its projections, by the groups of
//! `counts` (no state resting on fewer than [`MIN_PEOPLE`] people on its own). Every
//! merge is listed, so a reader knows what each row holds.

use serde::Serialize;

use super::counts::{Group, MIN_PEOPLE, StateCounts};
use super::estimate::Estimate;
use super::model::ByState;
use super::project::{Projection, SteadyState, closed_message};

/// 1.96: the normal quantile of a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// An estimate as shown: the counts and probabilities by group, with their intervals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The yearly dates the states were read on, oldest first; the last is today.
    pub dates: Vec<String>,
    pub window_years: u32,
    pub framework_version: u32,
    /// The fewest people a row rests on.
    pub min_people: u32,
    pub groups: Vec<GroupReport>,
    /// The states not shown on their own, and where they are counted.
    pub merged: Vec<Merged>,
    pub transitions: Vec<Row>,
    pub recruitment: RecruitmentReport,
    pub notes: Vec<String>,
}

/// A row of the report: one state, or states merged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupReport {
    pub name: String,
    pub track: String,
    /// The levels it holds, with their titles and grades.
    pub levels: Vec<LevelReport>,
    /// The people it rests on: counted in it on any of the dates. `None` when withheld.
    pub people: Option<u32>,
    /// Counted today. `None` when withheld.
    pub stock: Option<u32>,
    /// Resting on fewer than [`MIN_PEOPLE`] people even merged: its figures are left out.
    pub withheld: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelReport {
    pub level: String,
    pub title: Option<String>,
    pub grade: Option<String>,
}

/// A state not shown on its own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Merged {
    pub state: String,
    /// The group it is counted in.
    pub group: String,
}

/// Where a year in a group led: to each group, and out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub from: String,
    /// Person-years that start in the group: what the rates rest on.
    pub observed: u32,
    /// To each group some went to (withheld groups left out), the group itself included.
    pub to: Vec<Rate>,
    pub exit: Rate,
}

/// A count over the number it rests on, with a 95 % Wilson score interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub to: String,
    pub count: u32,
    pub out_of: u32,
    pub probability: f64,
    pub low: f64,
    pub high: f64,
}

impl Rate {
    fn new(to: impl Into<String>, count: u32, out_of: u32) -> Self {
        let (low, high) = wilson(count, out_of);
        Self {
            to: to.into(),
            count,
            out_of,
            probability: if out_of == 0 {
                0.0
            } else {
                f64::from(count) / f64::from(out_of)
            },
            low,
            high,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecruitmentReport {
    /// Recruits in each year of the window, oldest first.
    pub by_year: Vec<u32>,
    pub per_year: f64,
    /// Where recruits were first counted (withheld groups left out).
    pub shares: Vec<Rate>,
}

/// The 95 % Wilson score interval of `k` successes in `n` trials; `(0, 1)` for none.
pub fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = f64::from(n);
    let p = f64::from(k) / n;
    let z2 = Z95 * Z95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z95 / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

impl Estimate {
    /// The estimate as shown: counts, probabilities and intervals by group.
    pub fn report(&self) -> Report {
        let groups = &self.groups;
        let states = &self.states;
        let group_of = |state: usize| groups.iter().position(|g| g.states.contains(&state));
        let mut notes = self.notes.clone();
        notes.extend(withheld_note(groups));

        let transitions = groups
            .iter()
            .filter(|g| !g.withheld)
            .map(|g| {
                let observed: u32 = g.states.iter().map(|&i| states[i].observed()).sum();
                let exits: u32 = g.states.iter().map(|&i| states[i].exits).sum();
                let mut counts = vec![0_u32; groups.len()];
                for &i in &g.states {
                    for (j, k) in states[i].moves.iter().enumerate() {
                        if let Some(to) = group_of(j) {
                            counts[to] += k;
                        }
                    }
                }
                Row {
                    from: g.name.clone(),
                    observed,
                    to: groups
                        .iter()
                        .zip(&counts)
                        .filter(|(to, k)| **k > 0 && !to.withheld)
                        .map(|(to, k)| Rate::new(&to.name, *k, observed))
                        .collect(),
                    exit: Rate::new("exit", exits, observed),
                }
            })
            .collect();

        let hires: u32 = states.iter().map(|s| s.hires).sum();
        let shares = groups
            .iter()
            .filter(|g| !g.withheld)
            .filter_map(|g| {
                let k: u32 = g.states.iter().map(|&i| states[i].hires).sum();
                (k > 0).then(|| Rate::new(&g.name, k, hires))
            })
            .collect();

        Report {
            dates: self.dates.iter().map(ToString::to_string).collect(),
            window_years: self.options.window_years,
            framework_version: self.options.framework_version,
            min_people: MIN_PEOPLE,
            merged: merged(groups, states),
            groups: groups
                .iter()
                .map(|g| GroupReport {
                    name: g.name.clone(),
                    track: g.track.clone(),
                    levels: g
                        .states
                        .iter()
                        .map(|&i| LevelReport {
                            level: states[i].level.clone(),
                            title: states[i].title.clone(),
                            grade: states[i].grade.clone(),
                        })
                        .collect(),
                    people: (!g.withheld).then_some(g.people),
                    stock: (!g.withheld).then(|| g.states.iter().map(|&i| states[i].stock).sum()),
                    withheld: g.withheld,
                })
                .collect(),
            transitions,
            recruitment: RecruitmentReport {
                by_year: self.hires_by_year.clone(),
                per_year: self.hires_per_year(),
                shares,
            },
            notes,
        }
    }

    /// A projection of this estimate's model (whatever its policy) as shown: head counts,
    /// shares and years by group, withheld groups left out, and notes saying so. The
    /// totals, exits and recruits stay the organisation's.
    pub fn disclose(&self, projection: &Projection) -> Projection {
        let groups: Vec<&Group> = self.groups.iter().filter(|g| !g.withheld).collect();
        let names: Vec<&str> = self.states.iter().map(|s| s.name.as_str()).collect();
        let sum = |values: &ByState<f64>| -> ByState<f64> {
            ByState(
                groups
                    .iter()
                    .map(|g| {
                        let total = g.states.iter().filter_map(|&i| values.get(names[i])).sum();
                        (g.name.clone(), total)
                    })
                    .collect(),
            )
        };
        let mut shown = projection.clone();
        shown.start.stocks = sum(&projection.start.stocks);
        for year in &mut shown.years {
            year.stocks = sum(&year.stocks);
        }
        shown.steady_state = projection.steady_state.as_ref().map(|s| SteadyState {
            shares: sum(&s.shares),
            stocks: s.stocks.as_ref().map(sum),
            total: s.total,
        });
        // A group's expected years: its states' weighted by today's head counts.
        shown.expected_years_in_system = ByState(
            groups
                .iter()
                .map(|g| {
                    let stock: u32 = g.states.iter().map(|&i| self.states[i].stock).sum();
                    let years = g
                        .states
                        .iter()
                        .map(|&i| {
                            projection
                                .expected_years_in_system
                                .get(names[i])
                                .copied()
                                .flatten()
                                .map(|y| y * f64::from(self.states[i].stock))
                        })
                        .sum::<Option<f64>>()
                        .filter(|_| stock > 0)
                        .map(|y| y / f64::from(stock));
                    (g.name.clone(), years)
                })
                .collect(),
        );
        // The time to reach a group of several states is not a sum of its states': shown
        // for groups of one state only.
        shown.from_entry.reach = projection.from_entry.reach.as_ref().map(|reach| {
            ByState(
                groups
                    .iter()
                    .filter_map(|g| match g.states.as_slice() {
                        [i] => Some((g.name.clone(), reach.get(names[*i])?.clone())),
                        _ => None,
                    })
                    .collect(),
            )
        });
        // The states nobody leaves, by the groups they are shown in.
        let mut never_leave: Vec<String> = Vec::new();
        for name in &projection.never_leave {
            let group = names
                .iter()
                .position(|n| n == name)
                .and_then(|i| self.groups.iter().find(|g| g.states.contains(&i)));
            if let Some(group) = group
                && !never_leave.contains(&group.name)
            {
                never_leave.push(group.name.clone());
            }
        }
        if projection.no_steady_state.is_some()
            && !never_leave.is_empty()
            && projection.recruitment.growth <= 0.0
        {
            shown.no_steady_state = Some(closed_message(&never_leave, projection.recruitment.mode));
        }
        shown.never_leave = never_leave;
        let all = &self.groups;
        shown.notes.extend(merged_note(&merged(all, &self.states)));
        shown.notes.extend(withheld_note(all));
        shown.notes.extend(self.notes.iter().cloned());
        shown
    }
}

/// The note a disclosed projection carries when some states are shown only merged
/// ([`Report::merged`] lists the same states, for a reader that shows them as a list).
pub fn merged_note(merged: &[Merged]) -> Option<String> {
    (!merged.is_empty()).then(|| {
        let list = merged
            .iter()
            .map(|m| format!("`{}` in `{}`", m.state, m.group))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "Every row rests on at least {MIN_PEOPLE} people, so some states are shown only merged: {list}."
        )
    })
}

fn merged(groups: &[Group], states: &[StateCounts]) -> Vec<Merged> {
    groups
        .iter()
        .filter(|g| g.states.len() > 1 || g.withheld)
        .flat_map(|g| {
            g.states.iter().map(|&i| Merged {
                state: states[i].name.clone(),
                group: g.name.clone(),
            })
        })
        .collect()
}

fn withheld_note(groups: &[Group]) -> Option<String> {
    let withheld: Vec<String> = groups
        .iter()
        .filter(|g| g.withheld)
        .map(|g| format!("`{}`", g.track))
        .collect();
    (!withheld.is_empty()).then(|| {
        format!(
            "Fewer than {MIN_PEOPLE} people were ever in track {}: its figures are left out (the totals count them), and so are moves and recruits into it.",
            withheld.join(", ")
        )
    })
}
