//! Who reaches a transition plan, and as whom: the plan capability [`OnPlan`], handed out
//! by [`Viewer::plan`] only to the plan's person, their manager on record now and the
//! plan's mentor (the last two once the person put the plan forward by agreeing to it),
//! and **404** to anyone else, admins included, exactly like a plan that does not exist.
//!
//! What each of them may do is the domain's rule ([`pendulum_domain::plan::check`]),
//! asked by the store inside each write; what each may read is decided here: the mentor
//! reads the plan and its checkpoints without the journal entries the person chose as
//! evidence, which only the person and their manager see.

use pendulum_domain::journal::JournalEntry;
use pendulum_domain::plan::{Actor, CheckpointRecord, EndChoice, Party, PlanContent};
use pendulum_domain::{JournalEntryId, Person, PersonId, PlanId};
use pendulum_store::prelude::*;
use pendulum_store::{Checkpoint, Plan, PlanRecording, Store, StoreError};
use time::Date;

use super::{Owner, Recording, Relation, Viewer};
use crate::error::WebError;

/// How the viewer stands to a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRole {
    /// The plan is about the viewer.
    Person,
    /// The viewer is the person's manager on record.
    Manager,
    /// The plan names the viewer as mentor.
    Mentor,
}

impl PlanRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Manager => "manager",
            Self::Mentor => "mentor",
        }
    }

    fn actor(self) -> Actor {
        match self {
            Self::Person => Actor::Person,
            Self::Manager => Actor::Manager,
            Self::Mentor => Actor::Mentor,
        }
    }
}

/// The plans a viewer sees, by how they stand to them.
#[derive(Debug, Default)]
pub struct PlanLists {
    pub own: Vec<Plan>,
    pub reports: Vec<Plan>,
    pub mentored: Vec<Plan>,
}

/// A plan the viewer may open, with how they stand to it.
pub struct OnPlan<'v, S: Store> {
    viewer: &'v Viewer<S>,
    plan: Plan,
    role: PlanRole,
    person: Person,
}

impl<S: Store> Viewer<S> {
    /// Plan `id` as the viewer may see it: **404** unless the viewer is its person, their
    /// manager now or its mentor (the last two once the person put it forward).
    pub async fn plan(&self, id: PlanId) -> Result<OnPlan<'_, S>, WebError> {
        let Some(me) = self.person_id() else {
            return Err(WebError::NotFound);
        };
        let plan = match self.org.plan(id).await {
            Ok(plan) => plan,
            Err(StoreError::NotFound { .. }) => return Err(WebError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let person = self.org.person(plan.person).await?;
        let role = if plan.person == me {
            PlanRole::Person
        } else if !plan.status.put_forward {
            return Err(WebError::NotFound);
        } else if person.manager == Some(me) {
            PlanRole::Manager
        } else if plan.content.mentor == Some(me) {
            PlanRole::Mentor
        } else {
            return Err(WebError::NotFound);
        };
        Ok(OnPlan {
            viewer: self,
            plan,
            role,
            person,
        })
    }

    /// The plans the viewer sees: their own, their reports', and those they mentor. An
    /// account linked to no person sees none.
    pub async fn plans(&self) -> Result<PlanLists, WebError> {
        let Some(me) = self.person_id() else {
            return Ok(PlanLists::default());
        };
        Ok(PlanLists {
            own: self.org.plans_of(me).await?,
            reports: self.org.plans_of_reports(me).await?,
            mentored: self.org.plans_mentored_by(me).await?,
        })
    }

    /// Every plan whose trial is under way that the viewer is a party to or mentors: what
    /// the home page reads for checkpoints due and trials ending.
    pub async fn active_plans(&self) -> Result<Vec<(Plan, PlanRole)>, WebError> {
        let Some(me) = self.person_id() else {
            return Ok(Vec::new());
        };
        // The store answers only plans the viewer is part of; which part, in the order
        // `Viewer::plan` decides it (the manager before the mentor).
        let mut out = Vec::new();
        for plan in self.org.active_plans_of(me).await? {
            let role = if plan.person == me {
                PlanRole::Person
            } else if plan.content.mentor == Some(me)
                && self.org.person(plan.person).await?.manager != Some(me)
            {
                PlanRole::Mentor
            } else {
                PlanRole::Manager
            };
            out.push((plan, role));
        }
        Ok(out)
    }
}

impl<S: Store> Owner<'_, S> {
    /// Writes a new plan for the owner, as a draft only they see.
    pub async fn create_plan(&self, content: &PlanContent) -> Result<Plan, WebError> {
        Ok(self
            .viewer()
            .org
            .create_plan(self.person().id, content)
            .await?)
    }
}

impl<'v, S: Store> OnPlan<'v, S> {
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn role(&self) -> PlanRole {
        self.role
    }

    /// The person the plan is about.
    pub fn person(&self) -> &Person {
        &self.person
    }

    /// The people a plan names (its person's manager, mentor and interim team), by id,
    /// as far as they are of the organisation: for showing names.
    pub async fn named(&self) -> Result<Vec<Person>, WebError> {
        let mut ids: Vec<PersonId> = Vec::new();
        ids.extend(self.person.manager);
        ids.extend(self.plan.content.mentor);
        ids.extend(self.plan.content.interim_team.iter().copied());
        let mut out = Vec::new();
        for id in ids {
            match self.viewer.org.person(id).await {
                Ok(p) => out.push(p),
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(out)
    }

    /// The plan's checkpoint records; the mentor's copy leaves out the journal entries the
    /// person chose as evidence.
    ///
    /// The person's copy leaves them out too while their private notes are locked (their
    /// account was handed to someone else): the entries are their journal's.
    pub async fn checkpoints(&self) -> Result<Vec<Checkpoint>, WebError> {
        let mut records = self.viewer.org.checkpoints(self.plan.id).await?;
        let hide = match self.role {
            PlanRole::Mentor => true,
            PlanRole::Person => !self.notes_open().await?,
            PlanRole::Manager => false,
        };
        if hide {
            for r in &mut records {
                r.evidence.clear();
            }
        }
        Ok(records)
    }

    /// Whether the viewer's own private notes are open (not locked), for the person's
    /// evidence; the lock's own check (`Owner::notes_open`).
    async fn notes_open(&self) -> Result<bool, WebError> {
        match self.viewer.owner()?.notes_open().await {
            Ok(()) => Ok(true),
            Err(WebError::PrivateNotesLocked(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The person revises their plan.
    pub async fn revise(&self, content: &PlanContent) -> Result<Plan, WebError> {
        self.only(PlanRole::Person)?;
        Ok(self
            .viewer
            .org
            .revise_plan(self.plan.person, self.plan.id, content)
            .await?)
    }

    /// The person or their manager agrees to the current revision.
    pub async fn agree(&self) -> Result<Plan, WebError> {
        let party = match self.role {
            PlanRole::Person => Party::Person,
            PlanRole::Manager => Party::Manager,
            PlanRole::Mentor => return Err(mentor_reads()),
        };
        Ok(self.viewer.org.agree_plan(self.plan.id, party).await?)
    }

    /// The person withdraws their plan.
    pub async fn withdraw(&self, reason: Option<String>) -> Result<Plan, WebError> {
        self.only(PlanRole::Person)?;
        Ok(self.viewer.org.withdraw_plan(self.plan.id, reason).await?)
    }

    /// How the viewer's start or end is recorded: appended by an admin, proposed by a
    /// manager; **403** for an account that may do neither.
    pub fn recording(&self) -> Result<PlanRecording, WebError> {
        let by = self.viewer.account.id;
        match self.viewer.grants.recording(Relation::Report) {
            Some(Recording::Record) => Ok(PlanRecording::Record { by }),
            Some(Recording::Propose) => Ok(PlanRecording::Propose { by }),
            None => Err(WebError::invalid(
                "cannot_record",
                "Your account may neither record nor propose changes to a role; ask an admin \
                 to record the start or the end of this plan.",
            )),
        }
    }

    /// The manager starts the plan on `effective`.
    pub async fn start(&self, effective: Date) -> Result<Plan, WebError> {
        self.only(PlanRole::Manager)?;
        let recording = self.recording()?;
        Ok(self
            .viewer
            .org
            .start_plan(self.plan.id, effective, recording)
            .await?)
    }

    /// The manager ends (or extends) the trial on `effective`.
    pub async fn end(
        &self,
        choice: EndChoice,
        reason: Option<String>,
        effective: Date,
    ) -> Result<Plan, WebError> {
        self.only(PlanRole::Manager)?;
        let recording = self.recording()?;
        Ok(self
            .viewer
            .org
            .end_plan(self.plan.id, choice, reason, effective, recording)
            .await?)
    }

    /// The person or their manager records their view of a checkpoint; only the person
    /// cites journal entries, and only their own.
    pub async fn record_checkpoint(
        &self,
        record: &CheckpointRecord,
        evidence: &[JournalEntryId],
    ) -> Result<Checkpoint, WebError> {
        if self.role == PlanRole::Mentor {
            return Err(mentor_reads());
        }
        if !evidence.is_empty() {
            // Citing journal entries reads them: not while they are locked (**423**).
            self.viewer.owner()?.notes_open().await?;
        }
        Ok(self
            .viewer
            .org
            .record_checkpoint(self.plan.id, self.role.actor(), record, evidence)
            .await?)
    }

    /// The person's role history, for saying before an end is recorded where a return
    /// lands: for the person and their manager, who read it anyway; a mentor sees nothing
    /// of the person's but the plan.
    pub async fn role_history(&self) -> Result<Vec<pendulum_domain::RoleEvent>, WebError> {
        if self.role == PlanRole::Mentor {
            return Err(mentor_reads());
        }
        Ok(self.viewer.org.events(self.plan.person).await?)
    }

    /// The person's own journal entries from `from` on, newest first, at most `limit`:
    /// what they may choose as evidence. Empty for anyone else, and while the person's
    /// notes are locked.
    pub async fn evidence_choices(
        &self,
        from: Date,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, WebError> {
        if self.role != PlanRole::Person || !self.notes_open().await? {
            return Ok(Vec::new());
        }
        Ok(self
            .viewer
            .org
            .journal_entries(self.plan.person, Some(from), None, limit)
            .await?)
    }

    fn only(&self, role: PlanRole) -> Result<(), WebError> {
        if self.role == role {
            Ok(())
        } else if self.role == PlanRole::Mentor {
            Err(mentor_reads())
        } else {
            Err(WebError::invalid(
                "not_yours",
                match role {
                    PlanRole::Person => {
                        "Only the person the plan is about changes or withdraws it."
                    }
                    _ => "The manager starts and ends the plan, with the person.",
                },
            ))
        }
    }
}

fn mentor_reads() -> WebError {
    WebError::invalid(
        "mentor_reads",
        "A mentor reads the plan and its checkpoints; the person and their manager act on it.",
    )
}

impl<S: Store> Owner<'_, S> {
    /// Someone of the organisation by email, to name in a plan (a mentor, an interim team
    /// member); **422** `unknown_person` when nobody has the email.
    pub async fn colleague_by_email(
        &self,
        email: &pendulum_domain::Email,
    ) -> Result<Person, WebError> {
        match self.viewer().org.person_by_email(email).await {
            Ok(person) => Ok(person),
            Err(StoreError::NotFound { .. }) => Err(WebError::invalid(
                "unknown_person",
                format!("Nobody in this organisation has the email {email}."),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The level the owner holds today, in the framework version it is read in.
    pub async fn held(&self) -> Result<Option<pendulum_domain::CurrentRole>, WebError> {
        Ok(self.viewer().org.current_role(self.person().id).await?)
    }
}

/// A return from a management trial whose pay is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtectedReturn {
    pub person: Person,
    pub returned_on: Date,
    /// The last day on which pay below the pay before the trial needs a reason.
    pub protected_until: Date,
}

impl<S: Store> Viewer<S> {
    /// The returns from a management trial whose pay protection is still open on `today`,
    /// the most recent first: what a pay administrator keeps an eye on. Holding the pay
    /// capability is the proof; no pay is read (nothing to audit).
    ///
    /// At most `limit` are read and returned; the flag says whether there were more.
    pub async fn protected_returns(
        &self,
        _pay: &super::PayDesk<'_, S>,
        today: Date,
        limit: usize,
    ) -> Result<(Vec<ProtectedReturn>, bool), WebError> {
        use pendulum_domain::pay::RETURN_PROTECTION_MONTHS;
        use pendulum_domain::timeline::{add_months, trial_returns};
        let from = today
            .replace_year(today.year() - 1)
            .unwrap_or(today)
            .previous_day()
            .unwrap_or(today);
        let mut out: Vec<ProtectedReturn> = Vec::new();
        let mut more = false;
        for (person, _) in self.org.returns_between(from, today).await? {
            if out.iter().any(|r| r.person.id == person) {
                continue;
            }
            if out.len() == limit {
                more = true;
                break;
            }
            let events = self.org.events(person).await?;
            let Some(back) = trial_returns(&events)
                .into_iter()
                .filter(|r| r.returned_on <= today)
                .max_by_key(|r| r.returned_on)
            else {
                continue;
            };
            let protected_until = add_months(back.returned_on, RETURN_PROTECTION_MONTHS)
                .previous_day()
                .unwrap_or(back.returned_on);
            if protected_until < today {
                continue;
            }
            out.push(ProtectedReturn {
                person: self.org.person(person).await?,
                returned_on: back.returned_on,
                protected_until,
            });
        }
        Ok((out, more))
    }
}
