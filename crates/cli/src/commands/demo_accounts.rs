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
}

/// What each demo account is for, in the order they are chosen and printed.
const ACCOUNTS: [(&str, Role, bool, &str); 5] = [
    ("member", Role::Member, false, "demo-member-password"),
    ("manager", Role::Manager, false, "demo-manager-password"),
    ("admin", Role::Admin, false, "demo-admin-password"),
    ("analyst", Role::Analyst, false, "demo-analyst-password"),
    (
        "pay administrator",
        Role::Admin,
        true,
        "demo-pay-admin-password",
    ),
];

/// Creates the demo accounts that do not exist yet and returns every demo login. The
/// member is someone who moved to management and back, when there is such a person; the
/// manager is whoever has the most reports; the others are further active people.
pub async fn ensure<O: OrgStore>(org: &O) -> anyhow::Result<Vec<DemoLogin>> {
    let people: Vec<Person> = org
        .list_people()
        .await?
        .into_iter()
        .filter(|p| p.status != PersonStatus::Exited)
        .collect();
    let mut chosen: Vec<&Person> = Vec::new();
    let mut used: HashSet<PersonId> = HashSet::new();
    let swinger = swung_back(org, &people).await?;
    let manager = most_reports(&people);
    for preferred in [swinger, manager, None, None, None] {
        let person = preferred
            .filter(|p| !used.contains(&p.id))
            .or_else(|| people.iter().find(|p| !used.contains(&p.id)))
            .context("the demo organisation has too few people for its demo accounts")?;
        used.insert(person.id);
        chosen.push(person);
    }
    let mut logins = Vec::new();
    for ((label, role, pay, password), person) in ACCOUNTS.into_iter().zip(chosen) {
        if org.account_by_email(&person.email).await?.is_none() {
            let hash = auth::hash_password(password)?;
            org.create_account(&person.email, &hash, role, pay).await?;
        }
        logins.push(DemoLogin {
            label,
            email: person.email.clone(),
            password,
        });
    }
    Ok(logins)
}

/// The first person (by email) who moved from individual contribution to management and
/// back, and is an individual contributor now.
async fn swung_back<'p, O: OrgStore>(
    org: &O,
    people: &'p [Person],
) -> anyhow::Result<Option<&'p Person>> {
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
            return Ok(Some(person));
        }
    }
    Ok(None)
}

fn most_reports(people: &[Person]) -> Option<&Person> {
    let mut reports: BTreeMap<PersonId, usize> = BTreeMap::new();
    for manager in people.iter().filter_map(|p| p.manager) {
        *reports.entry(manager).or_default() += 1;
    }
    people
        .iter()
        .filter(|p| reports.contains_key(&p.id))
        .max_by_key(|p| (reports[&p.id], std::cmp::Reverse(p.email.as_str())))
}
