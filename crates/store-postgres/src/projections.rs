//! Reading the current-role projections in bulk.

use pendulum_domain::{CurrentRole, PersonId};
use pendulum_store::Result;

use crate::error::db;
use crate::{PgOrg, rows};

/// Every projection of the organisation, by person id.
pub(crate) async fn all(org: &PgOrg) -> Result<Vec<(PersonId, CurrentRole)>> {
    sqlx::query(
        "SELECT person_id, status, level_id, track_id, framework_version, since, hired,
             trial_from_level, trial_target, trial_started, trial_until, last_event_seq
         FROM current_roles WHERE org_id = $1 ORDER BY person_id",
    )
    .bind(org.org_key())
    .fetch_all(&org.store.pool)
    .await
    .map_err(db)?
    .iter()
    .map(|row| {
        let row = rows::current_role(row)?;
        let person = PersonId::from_uuid(row.person_id);
        Ok((person, row.into_role()?))
    })
    .collect()
}
