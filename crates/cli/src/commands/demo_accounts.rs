//! The demo's sign-in accounts: one per role, each bound to a fitting person of the
//! generated organisation, with well-known passwords. **Demo only**: anyone who reads the
//! start-up output, or this file, can sign in.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashSet};

use anyhow::Context;
use pendulum_domain::{Email, Person, PersonId, PersonStatus};
use pendulum_framework::model::TrackKind;
use pendulum_store::{OrgStore, Role};
use pendulum_web::auth;

/// One demo login.
pub struct DemoLogin {
    pub label: &'static str,
    pub email: Email,
    pub password: &'static str,
    /// What signing in as this account shows, in one line (on the sign-in page).
    pub sees: &'static str,
}

/// One demo account: its label, role, whether it sees pay, password and what it shows.
struct Account {
    label: &'static str,
    role: Role,
    pay: bool,
    password: &'static str,
    sees: &'static str,
}

/// What each demo account is for, in the order they are chosen and printed.
const ACCOUNTS: [Account; 5] = [
    Account {
        label: "member",
        role: Role::Member,
        pay: false,
        password: "demo-member-password",
        sees: "Their own career: a swing to management and back on the timeline, and the framework.",
    },
    Account {
        label: "manager",
        role: Role::Manager,
        pay: false,
        password: "demo-manager-password",
        sees: "The member's manager: their team's careers, and proposing changes for them.",
    },
    Account {
        label: "admin",
        role: Role::Admin,
        pay: false,
        password: "demo-admin-password",
        sees: "Everyone: records changes, decides proposals and publishes framework versions.",
    },
    Account {
        label: "analyst",
        role: Role::Analyst,
        pay: false,
        password: "demo-analyst-password",
        sees: "Their own record and the framework; the organisation-wide reports are to come.",
    },
    Account {
        label: "pay administrator",
        role: Role::Admin,
        pay: true,
        password: "demo-pay-admin-password",
        sees: "What the admin sees, and pay: amounts, bands and pay histories.",
    },
];

/// A real team: the demo's manager has at least this many active reports.
const TEAM: usize = 4;

/// Creates the demo accounts that do not exist yet and returns every demo login. The
/// member is someone who moved to management and back, when there is such a person; the
/// manager is the member's own manager, so that signing in as the manager shows the member
/// among a team (the member is chosen among those whose manager has a team of at least
/// [`TEAM`] and reports to someone: a line manager, not the top of the organisation); the
/// others are further active people.
pub async fn ensure<O: OrgStore>(org: &O) -> anyhow::Result<Vec<DemoLogin>> {
    let people: Vec<Person> = org
        .list_people()
        .await?
        .into_iter()
        .filter(|p| p.status != PersonStatus::Exited)
        .collect();
    let reports = team_sizes(&people);
    let line_manager = |p: &Person| {
        p.manager
            .and_then(|m| people.iter().find(|q| q.id == m))
            .filter(|m| m.manager.is_some() && reports.get(&m.id).copied().unwrap_or(0) >= TEAM)
    };
    let swingers = swung_back(org, &people).await?;
    let member = swingers
        .iter()
        .copied()
        .find(|p| line_manager(p).is_some())
        .or_else(|| swingers.first().copied());
    let manager = member
        .and_then(|m| m.manager)
        .and_then(|m| people.iter().find(|p| p.id == m))
        .or_else(|| most_reports(&people, &reports));
    let mut chosen: Vec<&Person> = Vec::new();
    let mut used: HashSet<PersonId> = HashSet::new();
    for preferred in [member, manager, None, None, None] {
        let person = preferred
            .filter(|p| !used.contains(&p.id))
            .or_else(|| people.iter().find(|p| !used.contains(&p.id)))
            .context("the demo organisation has too few people for its demo accounts")?;
        used.insert(person.id);
        chosen.push(person);
    }
    let mut logins = Vec::new();
    for (account, person) in ACCOUNTS.into_iter().zip(chosen) {
        if org.account_by_email(&person.email).await?.is_none() {
            let hash = auth::hash_password(account.password)?;
            org.create_account(&person.email, &hash, account.role, account.pay)
                .await?;
        }
        logins.push(DemoLogin {
            label: account.label,
            email: person.email.clone(),
            password: account.password,
            sees: account.sees,
        });
    }
    Ok(logins)
}

/// The people who moved from individual contribution to management and back, and are
/// individual contributors now, in the order of `people`.
async fn swung_back<'p, O: OrgStore>(
    org: &O,
    people: &'p [Person],
) -> anyhow::Result<Vec<&'p Person>> {
    let mut found = Vec::new();
    let mut frameworks = BTreeMap::new();
    for person in people {
        let mut events = org.events(person.id).await?;
        events.sort_by_key(|e| (e.effective, e.seq));
        let mut was_ic = false;
        let mut was_manager = false;
        let mut back_in_ic = false;
        for event in &events {
            let Some(level) = &event.level else { continue };
            let version = event.framework_version;
            let framework = match frameworks.entry(version) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => new.insert(org.framework(version).await?),
            };
            match framework.level(level).map(|(track, _)| track.kind) {
                Some(TrackKind::Management) => {
                    was_manager |= was_ic;
                    back_in_ic = false;
                }
                Some(TrackKind::IndividualContributor) => {
                    was_ic = true;
                    back_in_ic = was_manager;
                }
                _ => {}
            }
        }
        // Someone who swung to management and is back in individual contribution now.
        if back_in_ic {
            found.push(person);
        }
    }
    Ok(found)
}

/// How many of `people` report to each manager.
fn team_sizes(people: &[Person]) -> BTreeMap<PersonId, usize> {
    let mut reports: BTreeMap<PersonId, usize> = BTreeMap::new();
    for manager in people.iter().filter_map(|p| p.manager) {
        *reports.entry(manager).or_default() += 1;
    }
    reports
}

fn most_reports<'p>(
    people: &'p [Person],
    reports: &BTreeMap<PersonId, usize>,
) -> Option<&'p Person> {
    people
        .iter()
        .filter(|p| reports.contains_key(&p.id))
        .max_by_key(|p| (reports[&p.id], std::cmp::Reverse(p.email.as_str())))
}
