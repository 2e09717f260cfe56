//! Transition plans (see `pendulum_store::plan`): revisions, steps and checkpoints, and
//! the role-history events and proposals a plan's start and end write in the same
//! transaction as its step.

use pendulum_domain::plan::{
    Action, Actor, CheckpointAt, CheckpointRecord, EndChoice, Party, PlanContent, StepKind, check,
};
use pendulum_domain::timeline::add_months;
use pendulum_domain::{
    AccountId, CheckpointId, EventKind, JournalEntryId, PersonId, PlanId, TrialOutcome,
};
use pendulum_store::plan::{
    MAX_CHECKPOINT_RECORDS, MAX_PLAN_REVISIONS, body_column, event_reason, not_their_entry,
    parse_ratings, ratings_column, refused, too_many_checkpoints, too_many_plans,
    too_many_revisions,
};
use pendulum_store::prelude::*;
use pendulum_store::sql::db;
use pendulum_store::{
    Checkpoint, MAX_PLANS, NewRoleEvent, Plan, PlanRecording, Result, StoreError, now,
};
use sqlx::sqlite::{SqliteConnection as DbConn, SqliteRow as DbRow};
use time::{Date, OffsetDateTime};

use crate::plan_steps::{finish, insert_step, load};
use crate::rows::{self, key};
use crate::{SqliteOrg as Org, history, journal, proposals, require_person};

/// A person named in a plan (mentor, interim member) must be of the organisation.
async fn require_named(conn: &mut DbConn, org: &Org, content: &PlanContent) -> Result<()> {
    if let Some(mentor) = content.mentor {
        require_person(conn, org, mentor)
            .await
            .map_err(|_| StoreError::not_found("mentor", mentor))?;
    }
    for &member in &content.interim_team {
        require_person(conn, org, member)
            .await
            .map_err(|_| StoreError::not_found("interim team member", member))?;
    }
    Ok(())
}

async fn insert_revision(
    conn: &mut DbConn,
    org: &Org,
    id: PlanId,
    person: PersonId,
    revision: u32,
    content: &PlanContent,
    at: OffsetDateTime,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO plan_revisions (org_id, plan_id, revision, person_id, mentor_id, body,
             written_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .bind(i64::from(revision))
    .bind(key(person.as_uuid()))
    .bind(content.mentor.map(|m| key(m.as_uuid())))
    .bind(body_column(content))
    .bind(rows::timestamp(at))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    for (position, member) in content.interim_team.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_interim (org_id, plan_id, revision, member_id, position)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(org.org_key())
        .bind(key(id.as_uuid()))
        .bind(i64::from(revision))
        .bind(key(member.as_uuid()))
        .bind(position as i64)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// The plans whose ids `query` selects (bound to the organisation as `$1` and `bind` as
/// `$2`), in its order.
async fn load_where(
    conn: &mut DbConn,
    org: &Org,
    query: &'static str,
    bind: Option<PersonId>,
) -> Result<Vec<Plan>> {
    let mut q = sqlx::query(query).bind(org.org_key());
    if let Some(p) = bind {
        q = q.bind(key(p.as_uuid()));
    }
    let ids: Vec<PlanId> = q
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(|r| rows::uuid(r, "id").map(PlanId::from_uuid))
        .collect::<Result<_>>()?;
    let mut plans = Vec::with_capacity(ids.len());
    for id in ids {
        plans.push(load(conn, org, id).await?);
    }
    Ok(plans)
}

/// The plan `id`, for a write, with the rules' answer to `actor` taking `action`.
async fn checked(
    conn: &mut DbConn,
    org: &Org,
    id: PlanId,
    actor: Actor,
    action: Action,
) -> Result<Plan> {
    let plan = load(conn, org, id).await?;
    check(
        &plan.content,
        &plan.status,
        actor,
        action,
        plan.pending.is_some(),
    )
    .map_err(refused)?;
    Ok(plan)
}

/// Appends `event` to the plan's person's history and takes the step it completes, with
/// what the step brings: a trial's interim team reporting to the person; a return's
/// reporting lines given back, as proposals.
async fn record_event(
    conn: &mut DbConn,
    org: &Org,
    plan: &Plan,
    event: NewRoleEvent,
    by: AccountId,
) -> Result<Plan> {
    let (event, standing) = history::prepare(conn, org, plan.person, event).await?;
    history::write(conn, org, &event, &standing).await?;
    finish(conn, org, plan, &event, Some(by)).await
}

/// The event that starts `plan` on `effective`: the trial's start, or the move.
async fn start_event(
    conn: &mut DbConn,
    org: &Org,
    plan: &Plan,
    effective: Date,
) -> Result<NewRoleEvent> {
    let version = plan.content.framework_version;
    let reason = event_reason(&plan.content, None);
    if plan.content.trial {
        return Ok(NewRoleEvent::new(EventKind::TrialStart, effective, version)
            .level(plan.content.target_level.clone())
            .reason(reason));
    }
    let held = history::load_events(conn, org, plan.person).await?;
    let frameworks = crate::frameworks::load_all(conn, org).await?;
    let same_track = pendulum_domain::timeline::fold(&frameworks, &held)
        .ok()
        .and_then(|role| {
            let fw =
                pendulum_domain::timeline::Frameworks::get(&frameworks, role.framework_version)?;
            let (track, _) = fw.level(&plan.content.target_level)?;
            Some(track.id == role.track)
        })
        .unwrap_or(false);
    let kind = if same_track {
        EventKind::Promotion
    } else {
        EventKind::Move
    };
    Ok(NewRoleEvent::new(kind, effective, version)
        .level(plan.content.target_level.clone())
        .reason(reason))
}

async fn evidence(
    conn: &mut DbConn,
    org: &Org,
    checkpoint: CheckpointId,
) -> Result<Vec<pendulum_domain::journal::JournalEntry>> {
    sqlx::query(
        "SELECT e.id, e.person_id, e.entry_date, e.kinds, e.energy, e.learned, e.hands_on,
                e.note, e.written_at
         FROM plan_evidence v
         JOIN journal_entries e ON e.org_id = v.org_id AND e.id = v.entry_id
         WHERE v.org_id = $1 AND v.checkpoint_id = $2
         ORDER BY e.entry_date, e.id",
    )
    .bind(org.org_key())
    .bind(key(checkpoint.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(journal::entry)
    .collect()
}

fn checkpoint_row(row: &DbRow) -> Result<(CheckpointId, PlanId, CheckpointRecord, OffsetDateTime)> {
    let at_label = rows::string(row, "at_label")?;
    let party = rows::string(row, "party")?;
    Ok((
        CheckpointId::from_uuid(rows::uuid(row, "id")?),
        PlanId::from_uuid(rows::uuid(row, "plan_id")?),
        CheckpointRecord {
            at: CheckpointAt::parse(&at_label)
                .ok_or_else(|| StoreError::corrupt(format!("checkpoint {at_label:?}")))?,
            party: Party::parse(&party)
                .ok_or_else(|| StoreError::corrupt(format!("checkpoint party {party:?}")))?,
            ratings: parse_ratings(&rows::string(row, "ratings")?)?,
            note: rows::string(row, "note")?,
        },
        rows::time(row, "recorded_at")?,
    ))
}

impl Plans for Org {
    async fn create_plan(&self, person: PersonId, content: &PlanContent) -> Result<Plan> {
        let mut tx = self.store.begin_write().await?;
        require_person(&mut tx, self, person).await?;
        require_named(&mut tx, self, content).await?;
        let held: i64 =
            sqlx::query_scalar("SELECT count(*) FROM plans WHERE org_id = $1 AND person_id = $2")
                .bind(self.org_key())
                .bind(key(person.as_uuid()))
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
        if held >= i64::from(MAX_PLANS) {
            return Err(too_many_plans());
        }
        let id = PlanId::new();
        let at = now();
        sqlx::query(
            "INSERT INTO plans (org_id, id, person_id, plan_move, trial, revision, state,
                 mentor_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 1, 'draft', $6, $7, $7)",
        )
        .bind(self.org_key())
        .bind(key(id.as_uuid()))
        .bind(key(person.as_uuid()))
        .bind(content.plan_move.as_str())
        .bind(i64::from(content.trial))
        .bind(content.mentor.map(|m| key(m.as_uuid())))
        .bind(rows::timestamp(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_revision(&mut tx, self, id, person, 1, content, at).await?;
        let plan = load(&mut tx, self, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn revise_plan(
        &self,
        person: PersonId,
        id: PlanId,
        content: &PlanContent,
    ) -> Result<Plan> {
        let mut tx = self.store.begin_write().await?;
        let plan = load(&mut tx, self, id).await?;
        if plan.person != person {
            return Err(StoreError::not_found("plan", id));
        }
        check(
            &plan.content,
            &plan.status,
            Actor::Person,
            Action::Revise,
            plan.pending.is_some(),
        )
        .map_err(refused)?;
        if plan.status.revision >= MAX_PLAN_REVISIONS {
            return Err(too_many_revisions());
        }
        require_named(&mut tx, self, content).await?;
        let revision = plan.status.revision + 1;
        insert_revision(&mut tx, self, id, person, revision, content, now()).await?;
        let mut revised = plan.clone();
        revised.content = content.clone();
        let plan = insert_step(
            &mut tx,
            self,
            &revised,
            StepKind::Revised { revision },
            None,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn plan(&self, id: PlanId) -> Result<Plan> {
        let mut conn = self.store.acquire().await?;
        load(&mut conn, self, id).await
    }

    async fn plans_of(&self, person: PersonId) -> Result<Vec<Plan>> {
        let mut conn = self.store.acquire().await?;
        load_where(
            &mut conn,
            self,
            "SELECT id FROM plans WHERE org_id = $1 AND person_id = $2
             ORDER BY updated_at DESC, id",
            Some(person),
        )
        .await
    }

    async fn plans_of_reports(&self, manager: PersonId) -> Result<Vec<Plan>> {
        let mut conn = self.store.acquire().await?;
        let plans = load_where(
            &mut conn,
            self,
            "SELECT p.id FROM plans p
             JOIN people r ON r.org_id = p.org_id AND r.id = p.person_id
             WHERE p.org_id = $1 AND r.manager_id = $2
             ORDER BY p.updated_at DESC, p.id",
            Some(manager),
        )
        .await?;
        Ok(plans.into_iter().filter(|p| p.status.put_forward).collect())
    }

    async fn plans_mentored_by(&self, mentor: PersonId) -> Result<Vec<Plan>> {
        let mut conn = self.store.acquire().await?;
        let plans = load_where(
            &mut conn,
            self,
            "SELECT id FROM plans WHERE org_id = $1 AND mentor_id = $2
             ORDER BY updated_at DESC, id",
            Some(mentor),
        )
        .await?;
        Ok(plans.into_iter().filter(|p| p.status.put_forward).collect())
    }

    async fn agree_plan(&self, id: PlanId, party: Party) -> Result<Plan> {
        let actor = match party {
            Party::Person => Actor::Person,
            Party::Manager => Actor::Manager,
        };
        let mut tx = self.store.begin_write().await?;
        let plan = checked(&mut tx, self, id, actor, Action::Agree).await?;
        let revision = plan.status.revision;
        let plan = insert_step(
            &mut tx,
            self,
            &plan,
            StepKind::Agreed { party, revision },
            None,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn withdraw_plan(&self, id: PlanId, reason: Option<String>) -> Result<Plan> {
        let mut tx = self.store.begin_write().await?;
        let plan = checked(&mut tx, self, id, Actor::Person, Action::Withdraw).await?;
        let plan = insert_step(&mut tx, self, &plan, StepKind::Withdrawn { reason }, None).await?;
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn start_plan(
        &self,
        id: PlanId,
        effective: Date,
        recording: PlanRecording,
    ) -> Result<Plan> {
        let mut tx = self.store.begin_write().await?;
        let plan = checked(&mut tx, self, id, Actor::Manager, Action::Start).await?;
        let event = start_event(&mut tx, self, &plan, effective).await?;
        let plan = match recording {
            PlanRecording::Record { by } => record_event(&mut tx, self, &plan, event, by).await?,
            PlanRecording::Propose { by } => {
                history::prepare(&mut tx, self, plan.person, event.clone()).await?;
                let proposal = proposals::insert(&mut tx, self, plan.person, event, by).await?;
                insert_step(
                    &mut tx,
                    self,
                    &plan,
                    StepKind::StartProposed {
                        proposal: proposal.id,
                    },
                    Some(by),
                )
                .await?
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn end_plan(
        &self,
        id: PlanId,
        choice: EndChoice,
        reason: Option<String>,
        effective: Date,
        recording: PlanRecording,
    ) -> Result<Plan> {
        let mut tx = self.store.begin_write().await?;
        let plan = checked(&mut tx, self, id, Actor::Manager, Action::End(choice)).await?;
        let version = plan.content.framework_version;
        let event = match choice {
            EndChoice::Extend => {
                let until = plan
                    .status
                    .trial
                    .and_then(|t| t.until)
                    .unwrap_or(effective)
                    .max(effective);
                let mut event = NewRoleEvent::new(EventKind::TrialExtend, effective, version)
                    .until(add_months(until, plan.content.trial_months));
                event.reason = reason;
                event
            }
            EndChoice::Stay | EndChoice::Return => {
                let outcome = if choice == EndChoice::Stay {
                    TrialOutcome::Stay
                } else {
                    TrialOutcome::Return
                };
                NewRoleEvent::new(EventKind::TrialEnd, effective, version)
                    .outcome(outcome)
                    .reason(reason.unwrap_or_else(|| event_reason(&plan.content, Some(choice))))
            }
        };
        let plan = match recording {
            PlanRecording::Record { by } => record_event(&mut tx, self, &plan, event, by).await?,
            PlanRecording::Propose { by } => {
                history::prepare(&mut tx, self, plan.person, event.clone()).await?;
                let proposal = proposals::insert(&mut tx, self, plan.person, event, by).await?;
                insert_step(
                    &mut tx,
                    self,
                    &plan,
                    StepKind::EndProposed {
                        proposal: proposal.id,
                        choice,
                    },
                    Some(by),
                )
                .await?
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(plan)
    }

    async fn record_checkpoint(
        &self,
        id: PlanId,
        actor: Actor,
        record: &CheckpointRecord,
        evidence_ids: &[JournalEntryId],
    ) -> Result<Checkpoint> {
        let mut tx = self.store.begin_write().await?;
        let plan = checked(&mut tx, self, id, actor, Action::Checkpoint).await?;
        let party_ok = matches!(
            (actor, record.party),
            (Actor::Person, Party::Person) | (Actor::Manager, Party::Manager)
        );
        if !party_ok {
            return Err(StoreError::Invalid(
                "each party records their own view of a checkpoint".into(),
            ));
        }
        if !evidence_ids.is_empty() && record.party != Party::Person {
            return Err(StoreError::Invalid(
                "evidence from the journal is the person's to choose".into(),
            ));
        }
        if evidence_ids.len() > pendulum_domain::plan::MAX_EVIDENCE {
            return Err(StoreError::Invalid(format!(
                "a checkpoint cites at most {} journal entries",
                pendulum_domain::plan::MAX_EVIDENCE
            )));
        }
        let held: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM plan_checkpoints WHERE org_id = $1 AND plan_id = $2",
        )
        .bind(self.org_key())
        .bind(key(id.as_uuid()))
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if held >= i64::from(MAX_CHECKPOINT_RECORDS) {
            return Err(too_many_checkpoints());
        }
        for entry in evidence_ids {
            let theirs: Option<DbRow> = sqlx::query(
                "SELECT 1 AS one FROM journal_entries
                 WHERE org_id = $1 AND person_id = $2 AND id = $3",
            )
            .bind(self.org_key())
            .bind(key(plan.person.as_uuid()))
            .bind(key(entry.as_uuid()))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            if theirs.is_none() {
                return Err(not_their_entry());
            }
        }
        let checkpoint = CheckpointId::new();
        let at = now();
        sqlx::query(
            "INSERT INTO plan_checkpoints (org_id, id, plan_id, person_id, at_label, party,
                 ratings, note, account_id, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)",
        )
        .bind(self.org_key())
        .bind(key(checkpoint.as_uuid()))
        .bind(key(id.as_uuid()))
        .bind(key(plan.person.as_uuid()))
        .bind(record.at.as_string())
        .bind(record.party.as_str())
        .bind(ratings_column(record))
        .bind(&record.note)
        .bind(rows::timestamp(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let mut seen: Vec<JournalEntryId> = Vec::new();
        for entry in evidence_ids {
            if seen.contains(entry) {
                continue;
            }
            seen.push(*entry);
            sqlx::query(
                "INSERT INTO plan_evidence (org_id, checkpoint_id, entry_id, person_id)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(self.org_key())
            .bind(key(checkpoint.as_uuid()))
            .bind(key(entry.as_uuid()))
            .bind(key(plan.person.as_uuid()))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        let shown = evidence(&mut tx, self, checkpoint).await?;
        tx.commit().await.map_err(db)?;
        Ok(Checkpoint {
            id: checkpoint,
            plan: id,
            record: record.clone(),
            evidence: shown,
            recorded_at: at,
        })
    }

    async fn checkpoints(&self, id: PlanId) -> Result<Vec<Checkpoint>> {
        let mut conn = self.store.acquire().await?;
        let rows = sqlx::query(
            "SELECT id, plan_id, at_label, party, ratings, note, recorded_at
             FROM plan_checkpoints WHERE org_id = $1 AND plan_id = $2
             ORDER BY recorded_at, id",
        )
        .bind(self.org_key())
        .bind(key(id.as_uuid()))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let (cid, plan, record, recorded_at) = checkpoint_row(row)?;
            let evidence = evidence(&mut conn, self, cid).await?;
            out.push(Checkpoint {
                id: cid,
                plan,
                record,
                evidence,
                recorded_at,
            });
        }
        Ok(out)
    }

    async fn active_plans_of(&self, person: PersonId) -> Result<Vec<Plan>> {
        let mut conn = self.store.acquire().await?;
        load_where(
            &mut conn,
            self,
            "SELECT p.id FROM plans p
             JOIN people r ON r.org_id = p.org_id AND r.id = p.person_id
             WHERE p.org_id = $1 AND p.state = 'active'
               AND (p.person_id = $2 OR p.mentor_id = $2 OR r.manager_id = $2)
             ORDER BY p.updated_at DESC, p.id",
            Some(person),
        )
        .await
    }
}
