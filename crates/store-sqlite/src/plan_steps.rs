//! Plans' rows: a plan read with its revision, steps and decisions, and a step taken with
//! what it brings (a trial's interim team reporting to the person, a return's reporting
//! lines proposed back). Shared by the plans' store (`plan`) and by the confirmation of a
//! proposal a plan made (`proposals`), which finishes the plan's step in its own
//! transaction.

use pendulum_domain::plan::{Step, StepKind};
use pendulum_domain::reporting::manager_on;
use pendulum_domain::{AccountId, PersonId, PlanId, ProposalId, RoleEvent};
use pendulum_store::plan::{assemble, parse_body, parse_step, step_column, step_for_event};
use pendulum_store::rows::to_u32;
use pendulum_store::sql::db;
use pendulum_store::{NewReportingChange, Plan, Result, StoreError, now};
use sqlx::sqlite::SqliteConnection as DbConn;
use time::Date;

use crate::rows::{self, key};
use crate::{SqliteOrg as Org, reporting};

/// One plan with everything it holds.
pub(crate) async fn load(conn: &mut DbConn, org: &Org, id: PlanId) -> Result<Plan> {
    let row = sqlx::query(
        "SELECT p.person_id, p.revision, p.created_at, p.updated_at, r.mentor_id, r.body
         FROM plans p
         JOIN plan_revisions r
           ON r.org_id = p.org_id AND r.plan_id = p.id AND r.revision = p.revision
         WHERE p.org_id = $1 AND p.id = $2",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?
    .ok_or_else(|| StoreError::not_found("plan", id))?;
    let person = PersonId::from_uuid(rows::uuid(&row, "person_id")?);
    let revision = rows::int(&row, "revision")?;
    let team: Vec<PersonId> = sqlx::query(
        "SELECT member_id FROM plan_interim
         WHERE org_id = $1 AND plan_id = $2 AND revision = $3 ORDER BY position",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .bind(revision)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|r| rows::uuid(r, "member_id").map(PersonId::from_uuid))
    .collect::<Result<_>>()?;
    let content = parse_body(
        &rows::string(&row, "body")?,
        rows::opt_uuid(&row, "mentor_id")?.map(PersonId::from_uuid),
        team,
    )?;
    let steps: Vec<Step> = sqlx::query(
        "SELECT seq, detail, taken_at FROM plan_steps
         WHERE org_id = $1 AND plan_id = $2 ORDER BY seq",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|r| {
        Ok(Step {
            seq: to_u32(rows::int(r, "seq")?, "plan step")?,
            at: rows::time(r, "taken_at")?,
            kind: parse_step(&rows::string(r, "detail")?)?,
        })
    })
    .collect::<Result<_>>()?;
    let decided: Vec<(ProposalId, bool)> = sqlx::query(
        "SELECT d.proposal_id, d.decision FROM plan_steps s
         JOIN proposal_decisions d ON d.org_id = s.org_id AND d.proposal_id = s.proposal_id
         WHERE s.org_id = $1 AND s.plan_id = $2",
    )
    .bind(org.org_key())
    .bind(key(id.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|r| {
        Ok((
            ProposalId::from_uuid(rows::uuid(r, "proposal_id")?),
            rows::string(r, "decision")? == "confirmed",
        ))
    })
    .collect::<Result<_>>()?;
    Ok(assemble(
        id,
        person,
        content,
        steps,
        &decided,
        rows::time(&row, "created_at")?,
        rows::time(&row, "updated_at")?,
    ))
}

/// Appends a step, and brings the plan's row up to date with it.
pub(crate) async fn insert_step(
    conn: &mut DbConn,
    org: &Org,
    plan: &Plan,
    kind: StepKind,
    by: Option<AccountId>,
) -> Result<Plan> {
    let seq = plan.steps.len() as u32 + 1;
    let at = now();
    let (event, proposal) = match &kind {
        StepKind::Started { event, .. }
        | StepKind::Moved { event, .. }
        | StepKind::Extended { event, .. }
        | StepKind::Ended { event, .. } => (Some(*event), None),
        StepKind::StartProposed { proposal } | StepKind::EndProposed { proposal, .. } => {
            (None, Some(*proposal))
        }
        _ => (None, None),
    };
    let detail = step_column(&kind);
    sqlx::query(
        "INSERT INTO plan_steps (org_id, plan_id, seq, person_id, kind, detail, event_id,
             proposal_id, account_id, taken_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(org.org_key())
    .bind(key(plan.id.as_uuid()))
    .bind(i64::from(seq))
    .bind(key(plan.person.as_uuid()))
    .bind(kind.as_str())
    .bind(detail)
    .bind(event.map(|e| key(e.as_uuid())))
    .bind(proposal.map(|p| key(p.as_uuid())))
    .bind(by.map(|a| key(a.as_uuid())))
    .bind(rows::timestamp(at))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    let mut steps = plan.steps.clone();
    steps.push(Step { seq, at, kind });
    let status = pendulum_domain::plan::Status::of(&steps);
    sqlx::query(
        "UPDATE plans SET state = $3, updated_at = $4, revision = $5, mentor_id = $6
         WHERE org_id = $1 AND id = $2",
    )
    .bind(org.org_key())
    .bind(key(plan.id.as_uuid()))
    .bind(status.state.as_str())
    .bind(rows::timestamp(at))
    .bind(i64::from(status.revision))
    .bind(plan.content.mentor.map(|m| key(m.as_uuid())))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    load(conn, org, plan.id).await
}

/// The step `event` completes, and its effects.
pub(crate) async fn finish(
    conn: &mut DbConn,
    org: &Org,
    plan: &Plan,
    event: &RoleEvent,
    by: Option<AccountId>,
) -> Result<Plan> {
    let Some(step) = step_for_event(event) else {
        return Err(StoreError::Invalid(format!(
            "a {} does not belong to a transition plan",
            event.kind.noun()
        )));
    };
    match &step {
        StepKind::Started { on, .. } => {
            for &member in &plan.content.interim_team {
                reporting::record(
                    &mut *conn,
                    org,
                    member,
                    NewReportingChange {
                        effective: *on,
                        manager: Some(plan.person),
                        reason: Some("Interim team during a management trial".to_string()),
                    },
                )
                .await?;
            }
        }
        StepKind::Ended {
            returned: true, on, ..
        } => {
            // Proposals need an account to be made by; a return recorded by the system
            // (the command line) leaves the interim team's lines for an admin to change.
            if let Some(by) = by {
                give_back(conn, org, plan, *on, by).await?;
            }
        }
        _ => {}
    }
    insert_step(conn, org, plan, step, by).await
}

/// Proposes the interim team's reporting lines back to the managers they had the day
/// before the trial, for those who still report to the person.
pub(crate) async fn give_back(
    conn: &mut DbConn,
    org: &Org,
    plan: &Plan,
    on: Date,
    by: AccountId,
) -> Result<()> {
    let Some(trial) = plan.status.trial else {
        return Ok(());
    };
    let changes = reporting::all_changes(&mut *conn, org).await?;
    let before = trial.started.previous_day().unwrap_or(trial.started);
    for &member in &plan.content.interim_team {
        if manager_on(&changes, member, on) != Some(plan.person) {
            continue;
        }
        let back_to = manager_on(&changes, member, before);
        if back_to == Some(plan.person) {
            continue;
        }
        reporting::propose_in(
            &mut *conn,
            org,
            member,
            NewReportingChange {
                effective: on,
                manager: back_to,
                reason: Some(
                    "Back to the manager before the management trial, which ended in a return"
                        .to_string(),
                ),
            },
            by,
        )
        .await?;
    }
    Ok(())
}

/// Finishes the step of the plan whose proposal `proposal` was confirmed as `event`,
/// inside the confirming transaction; nothing when no plan made it.
pub(crate) async fn confirmed(
    conn: &mut DbConn,
    org: &Org,
    proposal: ProposalId,
    event: &RoleEvent,
    by: AccountId,
) -> Result<()> {
    let plan_id =
        sqlx::query("SELECT plan_id FROM plan_steps WHERE org_id = $1 AND proposal_id = $2")
            .bind(org.org_key())
            .bind(key(proposal.as_uuid()))
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
    let Some(row) = plan_id else {
        // A change proposed on the person's page, not through a plan: a plan whose trial
        // it ends or extends follows it.
        return follow(conn, org, event, Some(by)).await;
    };
    let plan = load(conn, org, PlanId::from_uuid(rows::uuid(&row, "plan_id")?)).await?;
    finish(conn, org, &plan, event, Some(by)).await?;
    Ok(())
}

/// Brings the person's plan whose trial is under way up to date with `event`, a trial's
/// end or extension recorded outside the plan (on the person's page, by the command line,
/// by a proposal made there): the plan takes the step the event completes, in the event's
/// transaction, so that it never waits for a decision the role history has already
/// taken. Nothing for any other event, or when no plan's trial is under way.
pub(crate) async fn follow(
    conn: &mut DbConn,
    org: &Org,
    event: &RoleEvent,
    by: Option<AccountId>,
) -> Result<()> {
    use pendulum_domain::EventKind;
    if !matches!(event.kind, EventKind::TrialEnd | EventKind::TrialExtend)
        || event.supersedes.is_some()
    {
        return Ok(());
    }
    let active = sqlx::query(
        "SELECT id FROM plans WHERE org_id = $1 AND person_id = $2 AND state = 'active'",
    )
    .bind(org.org_key())
    .bind(key(event.person.as_uuid()))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    for row in &active {
        let plan = load(conn, org, PlanId::from_uuid(rows::uuid(row, "id")?)).await?;
        let started = plan.status.trial.map(|t| t.started);
        if plan.content.trial && started.is_some_and(|s| s <= event.effective) {
            finish(conn, org, &plan, event, by).await?;
        }
    }
    Ok(())
}
