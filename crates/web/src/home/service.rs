//! Which sections the home page shows, and what each holds, for the viewer's role: their
//! own role for anyone linked to a person (or the empty state for an account linked to
//! none), a manager's team and waiting proposals, an admin's proposals to decide, the way
//! to pay for a pay holder, and what the role is for an analyst.
//!
//! Every read goes through the viewer, so the page shows nothing the viewer may not see.

use pendulum_domain::{CurrentRole, Person, PersonId, Role};
use pendulum_framework::Framework;
use pendulum_framework::ids::LevelId;
use pendulum_store::Store;
use pendulum_views::dates;
use pendulum_views::framework::Link;
use pendulum_views::home::{
    HomeItem, HomeSection, PlansHome, RoleSection, TeamRow, WaitingProposal, time_between,
};
use pendulum_views::people::PersonLink;
use pendulum_views::simulate::Tool;
use pendulum_views::{Links, paths};
use time::Date;

use crate::access::{PlanRole, Viewer};
use crate::error::WebError;
use crate::people::pages::{kind_label, today};
use crate::people::service::place;
use crate::shell::app_links;
use crate::state::AppState;

/// The home page's sections for `viewer`, in the order shown.
pub(super) async fn sections<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
) -> Result<Vec<HomeSection>, WebError> {
    let latest = state.latest_framework().await?;
    let fw = &latest.framework;
    let links = app_links(viewer);
    let today = today(state);
    let mut sections = Vec::new();

    match viewer.person_id() {
        Some(me) => {
            let visible = viewer.person(me).await?;
            let role = visible.current_role().await?;
            let mut section = role_section(fw, &links, role.as_ref(), today);
            if let Some(next) = scheduled_words(fw, &visible.events().await?, today) {
                let line = format!("A change is {next}.");
                section.note = Some(match section.note {
                    Some(note) => format!("{note} {line}"),
                    None => line,
                });
            }
            sections.push(HomeSection::Role(section));
        }
        None => sections.push(HomeSection::Unlinked),
    }
    // What waits for the viewer in their plans and trials comes first: it has a date.
    let plans = plans_home(viewer, today).await?;
    if !plans.is_empty() {
        sections.push(HomeSection::Plans(plans));
    }
    if let Some(count) = viewer.pending_proposals() {
        sections.push(HomeSection::ToDecide {
            count,
            link: paths::PROPOSALS.to_string(),
        });
    }
    if viewer.role() == Role::Manager && viewer.person_id().is_some() {
        sections.push(HomeSection::Team(team(viewer, fw, today).await?));
        sections.push(HomeSection::MyProposals(waiting(viewer, fw).await?));
    }
    if viewer.grants().pay {
        sections.push(HomeSection::Pay {
            links: pay_links(viewer, &links),
        });
    }
    if viewer.role() == Role::Analyst {
        sections.push(HomeSection::Analyst {
            projection: Tool::Projection.href(),
            simulate: Tool::Peter.href(),
        });
    }
    if let Ok(pay) = viewer.pay() {
        let (returns, more) = viewer.protected_returns(&pay, today, RETURNS_SHOWN).await?;
        if !returns.is_empty() {
            let mut items: Vec<HomeItem> = returns
                .into_iter()
                .map(|r| HomeItem {
                    text: format!(
                        "{} returned from a management trial on {}; protected until {}",
                        r.person.name,
                        dates::date(r.returned_on),
                        dates::date(r.protected_until)
                    ),
                    href: paths::fill(paths::PERSON_PAY, &[&r.person.id.to_string()]),
                    overdue: false,
                })
                .collect();
            if more {
                items.push(HomeItem {
                    text: format!(
                        "More returns are within their protection; these are the {RETURNS_SHOWN} \
                         most recent. The directory leads to everyone's pay."
                    ),
                    href: paths::PEOPLE.to_string(),
                    overdue: false,
                });
            }
            sections.push(HomeSection::Returns(items));
        }
    }
    if viewer.person_id().is_some() {
        sections.push(HomeSection::Reflections {
            link: paths::REFLECTIONS.to_string(),
        });
    }
    if let Ok(owner) = viewer.owner() {
        match crate::journal::service::written_this_week(&owner, today).await {
            Ok(true) => {}
            Ok(false) => sections.push(HomeSection::JournalPrompt {
                link: paths::JOURNAL.to_string(),
            }),
            // Locked since the account was handed over: say so, and where to unlock.
            Err(WebError::PrivateNotesLocked(lock)) => sections.push(HomeSection::NotesLocked {
                message: lock.cause.message().to_string(),
                link: paths::PRIVATE_NOTES.to_string(),
            }),
            Err(e) => return Err(e),
        }
    }
    Ok(sections)
}

/// How many returns whose pay is protected the home page lists (the most recent).
const RETURNS_SHOWN: usize = 20;

/// How far ahead a checkpoint counts as due.
const CHECKPOINT_NOTICE_DAYS: i64 = 7;
/// How far ahead a trial's end is announced.
const ENDING_NOTICE_DAYS: i64 = 30;

/// What the viewer's plans ask of them now: checkpoints due within a week (or overdue)
/// that their party has not recorded, their own and their reports'; plans waiting for
/// their agreement; trials ending within 30 days. Only plans the viewer is a party to or
/// mentors, through the plan capability's lists.
async fn plans_home<S: Store>(viewer: &Viewer<S>, today: Date) -> Result<PlansHome, WebError> {
    use pendulum_domain::plan::{Party, PlanState, checkpoints};
    let mut home = PlansHome::default();
    let Some(me) = viewer.person_id() else {
        return Ok(home);
    };
    let whose = |plan: &pendulum_store::Plan, name: &str| {
        if plan.person == me {
            "Your".to_string()
        } else {
            format!("{name}'s")
        }
    };
    let href = |plan: &pendulum_store::Plan| paths::fill(paths::PLAN, &[&plan.id.to_string()]);
    for (plan, role) in viewer.active_plans().await? {
        let Some(window) = plan.status.trial else {
            continue;
        };
        // The name as the plan shows it to the viewer (a mentor may not open the person's
        // page, but the plan names them).
        let on = viewer.plan(plan.id).await?;
        let name = on.person().name.clone();
        let party = match role {
            PlanRole::Person => Some(Party::Person),
            PlanRole::Manager => Some(Party::Manager),
            PlanRole::Mentor => None,
        };
        if let Some(party) = party {
            let records = on.checkpoints().await?;
            for due in checkpoints(&plan.content, window) {
                let recorded = records
                    .iter()
                    .any(|r| r.record.at == due.at && r.record.party == party);
                if recorded || (due.date - today).whole_days() > CHECKPOINT_NOTICE_DAYS {
                    continue;
                }
                let at = match due.at {
                    pendulum_domain::plan::CheckpointAt::Day(d) => format!("day {d}"),
                    pendulum_domain::plan::CheckpointAt::End => "the end".to_string(),
                };
                home.checkpoints.push(HomeItem {
                    text: format!(
                        "{} trial as {}: the checkpoint at {at}, due {}",
                        whose(&plan, &name),
                        plan.content.target_title,
                        dates::date(due.date)
                    ),
                    href: href(&plan),
                    overdue: due.date < today,
                });
            }
        }
        if let Some(until) = window.until {
            let days = (until - today).whole_days();
            if (0..=ENDING_NOTICE_DAYS).contains(&days) {
                home.ending.push(HomeItem {
                    text: format!(
                        "{} trial as {} ends on {} ({})",
                        whose(&plan, &name),
                        plan.content.target_title,
                        dates::date(until),
                        match days {
                            0 => "today".to_string(),
                            1 => "tomorrow".to_string(),
                            n => format!("in {n} days"),
                        }
                    ),
                    href: href(&plan),
                    overdue: false,
                });
            }
        }
    }
    let lists = viewer.plans().await?;
    for plan in &lists.reports {
        if plan.status.state == PlanState::Draft
            && plan.status.person_agreed
            && !plan.status.manager_agreed
        {
            let name = viewer.plan(plan.id).await?.person().name.clone();
            home.waiting.push(HomeItem {
                text: format!(
                    "{name}'s plan towards {} waits for your agreement",
                    plan.content.target_title
                ),
                href: href(plan),
                overdue: false,
            });
        }
    }
    for plan in &lists.own {
        if plan.status.state == PlanState::Draft && !plan.status.person_agreed {
            home.waiting.push(HomeItem {
                text: format!(
                    "Your plan towards {} is a draft only you see: agree to it to put it to your manager",
                    plan.content.target_title
                ),
                href: href(plan),
                overdue: false,
            });
        }
    }
    Ok(home)
}

/// "Staff Engineer (ic-4)", or the bare id for a level the latest framework lacks.
fn level_label(fw: &Framework, level: &LevelId) -> String {
    place(fw, level).map_or_else(
        || level.to_string(),
        |p| format!("{} ({})", p.level_title, p.level),
    )
}

/// The levels a move across tracks from `level` leads to: on each other track, the level
/// of the same grade, or else the framework's return path from `level`, or else (a grade
/// the other track does not have) its first level, when the framework opens that move.
pub(crate) fn counterparts(fw: &Framework, level: &LevelId) -> Vec<LevelId> {
    let Some((track, held)) = fw.level(level) else {
        return Vec::new();
    };
    let return_path = fw.transitions.return_paths.get(level);
    fw.tracks
        .iter()
        .filter(|t| t.id != track.id)
        .filter_map(|other| {
            let same_grade = held
                .grade
                .as_ref()
                .and_then(|g| other.levels.iter().find(|l| l.grade.as_ref() == Some(g)));
            let opened = fw.transitions.allowed.is_empty()
                || fw
                    .transitions
                    .allowed
                    .iter()
                    .any(|m| m.from == track.id && m.to == other.id);
            same_grade
                .map(|l| l.id.clone())
                .or_else(|| {
                    return_path
                        .filter(|to| other.levels.iter().any(|l| &l.id == *to))
                        .cloned()
                })
                .or_else(|| {
                    opened
                        .then(|| other.levels.first().map(|l| l.id.clone()))
                        .flatten()
                })
        })
        .collect()
}

/// Links to what changes in a move from `level` to each of its [`counterparts`], for the
/// home page and the level pages.
pub(crate) fn across_links(fw: &Framework, level: &LevelId) -> Vec<Link> {
    counterparts(fw, level)
        .into_iter()
        .map(|to| Link {
            label: level_label(fw, &to),
            href: paths::explain(level.as_str(), to.as_str()),
        })
        .collect()
}

fn role_section(
    fw: &Framework,
    links: &Links,
    role: Option<&CurrentRole>,
    today: Date,
) -> RoleSection {
    let Some(role) = role else {
        return RoleSection {
            level: Link {
                label: "no current role".to_string(),
                href: links.index(),
            },
            track: Link {
                label: "no".to_string(),
                href: links.index(),
            },
            since: "today".to_string(),
            next: None,
            across: Vec::new(),
            note: Some(
                "Your record holds no role in effect today (not started yet, or left).".to_string(),
            ),
        };
    };
    let track_name = fw
        .track(&role.track)
        .map_or_else(|| role.track.to_string(), |t| t.name.clone());
    let next = fw.level(&role.level).and_then(|(track, _)| {
        let at = track.levels.iter().position(|l| l.id == role.level)?;
        let next = track.levels.get(at + 1)?;
        Some(Link {
            label: level_label(fw, &next.id),
            href: links.next_level(&role.level),
        })
    });
    let across = across_links(fw, &role.level);
    RoleSection {
        level: Link {
            label: level_label(fw, &role.level),
            href: links.level(&role.level),
        },
        track: Link {
            label: track_name,
            href: links.track(&role.track),
        },
        since: format!(
            "since {} ({})",
            dates::date(role.since),
            time_between(role.since, today)
        ),
        next,
        across,
        note: None,
    }
}

/// The manager's direct reports, by name, each with their role and time in it.
async fn team<S: Store>(
    viewer: &Viewer<S>,
    fw: &Framework,
    today: Date,
) -> Result<Vec<TeamRow>, WebError> {
    let Some(me) = viewer.person_id() else {
        return Ok(Vec::new());
    };
    let mut reports: Vec<Person> = viewer.person(me).await?.direct_reports().await?;
    reports.sort_by(|a, b| a.name.cmp(&b.name));
    let mut rows = Vec::with_capacity(reports.len());
    for person in reports {
        let visible = viewer.person(person.id).await?;
        let role = visible.current_role().await?;
        let scheduled = scheduled_words(fw, &visible.events().await?, today);
        rows.push(TeamRow {
            person: Link {
                label: person.name.clone(),
                href: paths::person(&person.id.to_string()),
            },
            role: {
                let held = role.as_ref().map_or_else(
                    || "no current role".to_string(),
                    |r| level_label(fw, &r.level),
                );
                match scheduled {
                    Some(next) => format!("{held}; {next}"),
                    None => held,
                }
            },
            time_in_role: role
                .as_ref()
                .map(|r| time_between(r.since, today))
                .unwrap_or_default(),
        });
    }
    Ok(rows)
}

/// The manager's own proposals that wait for a decision, of both kinds.
async fn waiting<S: Store>(
    viewer: &Viewer<S>,
    fw: &Framework,
) -> Result<Vec<WaitingProposal>, WebError> {
    let people = viewer.visible_people().await?;
    let name_of = |id| {
        people.iter().find(|p| p.id == id).map_or_else(
            // Someone outside the manager's line (a report who has left it since, a new
            // manager elsewhere, or someone erased): not the manager's to read.
            || "someone outside your reporting line".to_string(),
            |p: &Person| p.name.clone(),
        )
    };
    let mut out = Vec::new();
    for p in viewer.proposals().await? {
        if !p.status.is_pending() {
            continue;
        }
        let what = match &p.event.level {
            Some(level) => format!("{} to {}", kind_label(p.event.kind), level_label(fw, level)),
            None => kind_label(p.event.kind).to_string(),
        };
        out.push((p.proposed_at, p.person, what));
    }
    for p in viewer.reporting_proposals().await? {
        if !matches!(p.status, pendulum_store::ReportingProposalStatus::Pending) {
            continue;
        }
        let what = match p.change.manager {
            Some(m) => format!("New manager: {}", name_of(m)),
            None => "Reports to nobody".to_string(),
        };
        out.push((p.proposed_at, p.person, what));
    }
    out.sort_by_key(|(at, ..)| std::cmp::Reverse(*at));
    // A name links to the person's page only when the viewer may open it: someone who has
    // since left the manager's line is named, not linked to a page that answers 404.
    let named: Vec<PersonId> = out.iter().map(|(_, person, _)| *person).collect();
    let openable = viewer.openable(&named).await?;
    Ok(out
        .into_iter()
        .map(|(at, person, what)| WaitingProposal {
            person: PersonLink {
                name: name_of(person),
                href: openable
                    .contains(&person)
                    .then(|| paths::person(&person.to_string())),
            },
            what,
            proposed_on: dates::date(at.date()),
        })
        .collect())
}

/// Where a pay holder reads and records pay.
fn pay_links<S: Store>(viewer: &Viewer<S>, links: &Links) -> Vec<Link> {
    let mut out = Vec::new();
    if viewer.grants().may_browse_people() {
        out.push(Link {
            label: "People: each person's page leads to their pay".to_string(),
            href: paths::PEOPLE.to_string(),
        });
    }
    if let Some(me) = viewer.person_id() {
        out.push(Link {
            label: "Your own pay".to_string(),
            href: paths::fill(paths::PERSON_PAY, &[&me.to_string()]),
        });
    }
    out.push(Link {
        label: "Pay bands compared across the framework".to_string(),
        href: links.pay(),
    });
    out
}

/// The first change of `events` dated after `today`, in words: "scheduled from 2027-01-04:
/// promotion to Staff Engineer (ic-4)". Such a change is recorded but not in effect yet
/// ("Scheduled events" in `docs/architecture.md`).
pub(crate) fn scheduled_words(
    fw: &Framework,
    events: &[pendulum_domain::RoleEvent],
    today: Date,
) -> Option<String> {
    let next = pendulum_domain::timeline::events_that_count(events)
        .into_iter()
        .find(|e| e.effective > today)?;
    let level = next
        .level
        .as_ref()
        .map(|l| format!(" to {}", level_label(fw, l)))
        .unwrap_or_default();
    Some(format!(
        "scheduled from {}: {}{level}",
        next.effective,
        next.kind.noun()
    ))
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

    fn ids(fw: &Framework, level: &str) -> Vec<String> {
        counterparts(fw, &LevelId::new(level).unwrap())
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_level_leads_across_to_the_same_grade_or_else_the_start_of_the_other_track() {
        let fw = builtin();
        assert_eq!(ids(&fw, "ic-4"), ["em-1"], "same grade");
        assert_eq!(ids(&fw, "em-2"), ["ic-5"], "same grade");
        assert_eq!(
            ids(&fw, "ic-3"),
            ["em-1"],
            "no manager at g3: the track's first level"
        );
        assert!(ids(&fw, "nope-1").is_empty());
    }
}
