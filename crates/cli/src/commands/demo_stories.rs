//! The demo's stories of two-way careers, written once into a new demo database after its
//! accounts exist: the member's months of journal (meetings draining, hands-on work giving
//! energy) and a reflection shared with their manager; someone of the manager's team in a
//! management trial whose first checkpoint falls due this week; someone else who returned
//! from a trial within the last year, with their checkpoints. Also [`seed_notes`], which
//! `pendulum generate --notes` uses for any generated organisation.
//!
//! Everything goes through the store's own writes, so the rules hold as for a person.

use anyhow::Context;
use pendulum_domain::generate_notes::{Drift, journal};
use pendulum_domain::plan::{
    Actor, CheckpointRecord, EndChoice, Party, PlanContent, PlanInput, PlanState,
};
use pendulum_domain::reflection::{Direction, NewReflection, questions};
use pendulum_domain::{AccountId, CurrentRole, Person, PersonId, PersonStatus};
use pendulum_framework::Framework;
use pendulum_framework::model::TrackKind;
use pendulum_store::{OrgStore, PlanRecording};
use time::{Date, Duration};

use super::demo_accounts::DemoLogin;

/// The target of the demo's trials.
const TARGET: &str = "em-1";

/// Writes the demo's stories. `logins` are the demo's, member first, then manager and admin.
pub async fn seed<O: OrgStore>(org: &O, logins: &[DemoLogin], today: Date) -> anyhow::Result<()> {
    let person_of = async |email: &pendulum_domain::Email| -> anyhow::Result<Person> {
        Ok(org.person_by_email(email).await?)
    };
    let member = person_of(&logins[0].email).await?;
    let manager = person_of(&logins[1].email).await?;
    let admin_person = person_of(&logins[2].email).await?;
    let admin = org
        .account_by_email(&logins[2].email)
        .await?
        .context("the demo admin's account")?
        .id;
    let version = latest(org).await?;
    let fw = org.framework(version).await?;

    // The member: five months of journal, and a reflection shared with their manager.
    for entry in journal(
        1,
        today - Duration::days(150),
        today,
        today,
        Drift::MeetingsDrain,
    ) {
        org.add_journal_entry(member.id, &entry).await?;
    }
    let answers = [
        (
            "why-now",
            "I miss building things with my own hands, and I want to be great at it again.",
        ),
        (
            "what-you-bring",
            "Two years of running a team: I know how priorities are set and how people grow.",
        ),
        (
            "title",
            "Staff Engineer, with the platform's architecture as my area.",
        ),
        (
            "energy",
            "Designing and pairing leave me wanting more; long planning meetings drain me.",
        ),
        (
            "would-miss",
            "Watching someone I coached lead their first project.",
        ),
    ];
    let asked = questions(&fw, Direction::ToIc);
    let given: Vec<(String, String)> = answers
        .iter()
        .filter(|(q, _)| asked.iter().any(|a| a.id.as_str() == *q))
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect();
    if let Ok(reflection) = NewReflection::new(Direction::ToIc, &asked, &given) {
        let written = org.add_reflection(member.id, &reflection).await?;
        if member.manager.is_some() {
            org.share_reflection(member.id, written.id).await?;
        }
    }

    let roles: Vec<(PersonId, CurrentRole)> = org.current_roles().await?;
    let people = org.list_people().await?;
    let ic_at = |p: &Person| -> Option<&CurrentRole> {
        let (_, role) = roles.iter().find(|(id, _)| *id == p.id)?;
        let (track, _) = fw.level(&role.level)?;
        (track.kind == TrackKind::IndividualContributor
            && role.trial.is_none()
            && p.status == PersonStatus::Active)
            .then_some(role)
    };
    let taken = [member.id, manager.id, admin_person.id];

    // Someone of the manager's team in a trial whose first checkpoint is due this week.
    let trialist = people
        .iter()
        .filter(|p| p.manager == Some(manager.id) && !taken.contains(&p.id))
        .find(|p| ic_at(p).is_some_and(|r| r.since < today - Duration::days(60)));
    if let Some(p) = trialist {
        let started = today - Duration::days(27);
        let plan = agreed_plan(
            org,
            &fw,
            version,
            p,
            ic_at(p).unwrap(),
            Some(admin_person.id),
        )
        .await?;
        for entry in journal(
            2,
            today - Duration::days(80),
            today,
            today,
            Drift::PeopleEnergise,
        ) {
            org.add_journal_entry(p.id, &entry).await?;
        }
        org.start_plan(plan, started, PlanRecording::Record { by: admin })
            .await?;
    }

    // Someone who returned from a trial within the last year, their pay protected still.
    let returned = people
        .iter()
        .filter(|p| !taken.contains(&p.id) && Some(p.id) != trialist.map(|t| t.id))
        .find(|p| {
            p.manager.is_some() && ic_at(p).is_some_and(|r| r.since < today - Duration::days(500))
        });
    if let Some(p) = returned {
        let started = today - Duration::days(450);
        let plan = agreed_plan(org, &fw, version, p, ic_at(p).unwrap(), None).await?;
        let active = org
            .start_plan(plan, started, PlanRecording::Record { by: admin })
            .await?;
        if let Some(window) = active.status.trial {
            for (at, person_note, manager_note) in [
                (
                    "30",
                    "Learning a lot; the one-to-ones take more preparation than I thought.",
                    "A good start; the team trusts them.",
                ),
                (
                    "60",
                    "I miss the technical work more each week.",
                    "Delivery is fine; energy is dropping.",
                ),
                (
                    "90",
                    "I would rather lead through the work than through the org chart.",
                    "We agreed to talk about a return at the end.",
                ),
            ] {
                for (actor, party, note) in [
                    (Actor::Person, Party::Person, person_note),
                    (Actor::Manager, Party::Manager, manager_note),
                ] {
                    let ratings: Vec<(String, String)> = active
                        .content
                        .criteria
                        .iter()
                        .map(|c| (c.competency.to_string(), "mixed".to_string()))
                        .collect();
                    let record =
                        CheckpointRecord::new(&active.content, window, party, at, &ratings, note)
                            .map_err(|e| anyhow::anyhow!("{e}"))?;
                    org.record_checkpoint(plan, actor, &record, &[]).await?;
                }
            }
        }
        org.end_plan(
            plan,
            EndChoice::Return,
            Some("Both agreed the craft is where they do their best work.".into()),
            today - Duration::days(270),
            PlanRecording::Record { by: admin },
        )
        .await?;
    }
    Ok(())
}

async fn latest<O: OrgStore>(org: &O) -> anyhow::Result<u32> {
    org.framework_versions()
        .await?
        .last()
        .map(|v| v.version)
        .context("the organisation has no framework version")
}

/// A plan of `person`'s towards Engineering Manager with a trial, its first criteria and
/// `mentor`, agreed by them and their manager.
async fn agreed_plan<O: OrgStore>(
    org: &O,
    fw: &Framework,
    version: u32,
    person: &Person,
    role: &CurrentRole,
    mentor: Option<PersonId>,
) -> anyhow::Result<pendulum_domain::PlanId> {
    let criteria: Vec<String> = fw
        .level(&pendulum_framework::ids::LevelId::new(TARGET).expect("a level id"))
        .map(|(_, l)| {
            l.expectations
                .iter()
                .take(3)
                .map(|e| e.competency.to_string())
                .collect()
        })
        .unwrap_or_default();
    let content = PlanContent::draft(
        fw,
        version,
        person.id,
        &role.level,
        &PlanInput {
            target_level: TARGET.to_string(),
            motivation: "I have enjoyed mentoring and running our planning; I want to find out \
                         whether leading the team is work I love."
                .to_string(),
            criteria,
            mentor: mentor.filter(|m| *m != person.id),
            conversations: "Every other Tuesday in our one-to-one, and at each checkpoint."
                .to_string(),
            trial: true,
            ..PlanInput::default()
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let plan = org.create_plan(person.id, &content).await?;
    org.agree_plan(plan.id, Party::Person).await?;
    let agreed = org.agree_plan(plan.id, Party::Manager).await?;
    debug_assert_eq!(agreed.status.state, PlanState::Agreed);
    Ok(plan.id)
}

/// What [`seed_notes`] wrote.
#[derive(Debug, Default)]
pub struct Seeded {
    pub journals: usize,
    pub entries: usize,
    pub plans: usize,
}

/// For a generated organisation: a journal of the last five months for up to `people`
/// active people (every `step`-th, so spread across the organisation), and an agreed plan
/// towards Engineering Manager for one in ten of those at an individual-contributor level
/// who have a manager. Trials start only through an account (`by`); without one, plans
/// stay agreed.
pub async fn seed_notes<O: OrgStore>(
    org: &O,
    people: usize,
    seed: u64,
    today: Date,
    by: Option<AccountId>,
) -> anyhow::Result<Seeded> {
    let version = latest(org).await?;
    let fw = org.framework(version).await?;
    let roles: Vec<(PersonId, CurrentRole)> = org.current_roles().await?;
    let active: Vec<Person> = org
        .list_people()
        .await?
        .into_iter()
        .filter(|p| p.status == PersonStatus::Active)
        .collect();
    let step = (active.len() / people.max(1)).max(1);
    let mut seeded = Seeded::default();
    for (n, person) in active.iter().step_by(step).take(people).enumerate() {
        let drift = match n % 3 {
            0 => Drift::MeetingsDrain,
            1 => Drift::Steady,
            _ => Drift::PeopleEnergise,
        };
        let entries = journal(
            seed.wrapping_add(n as u64),
            today - Duration::days(150),
            today,
            today,
            drift,
        );
        seeded.entries += entries.len();
        for entry in &entries {
            org.add_journal_entry(person.id, entry).await?;
        }
        seeded.journals += 1;
        let Some((_, role)) = roles.iter().find(|(id, _)| *id == person.id) else {
            continue;
        };
        let ic = fw
            .level(&role.level)
            .is_some_and(|(t, _)| t.kind == TrackKind::IndividualContributor);
        if n % 10 == 2 && ic && person.manager.is_some() && role.trial.is_none() {
            let plan = agreed_plan(org, &fw, version, person, role, None).await?;
            seeded.plans += 1;
            if let Some(by) = by {
                let started = today - Duration::days(20 + (n as i64 % 60));
                org.start_plan(plan, started, PlanRecording::Record { by })
                    .await?;
            }
        }
    }
    Ok(seeded)
}
