//! Where each of a person's pay amounts sits in the pay band of the level they held when it
//! took effect (`pendulum_domain::band_position`), for the pay page and the pay API. Only
//! those who read the pay (the person, or a pay administrator) reach this: it is computed
//! from pay already read through the viewer's capabilities.
//!
//! Each amount is set against the band of its level as that level was recorded (the
//! framework version the person took the level up under); the current pay, the latest,
//! against the latest version's band, which is the band in use today.

use std::collections::HashMap;

use pendulum_domain::Frameworks as _;
use pendulum_domain::{BandPosition, PayEvent, PayEventId, RoleEvent, Terms, role_on};
use pendulum_framework::model::PayBand;
use pendulum_store::Store;

use crate::error::WebError;
use crate::state::AppState;

/// An amount against its level's band.
#[derive(Clone, Debug)]
pub struct Banded {
    /// "Senior Engineer (ic-3)".
    pub level: String,
    /// "ic-3".
    pub level_id: String,
    pub band: PayBand,
    pub position: BandPosition,
}

/// The band position of each of `pay` (one person's pay history), given their role
/// history `events`. An amount whose level has no band in its currency is left out.
pub async fn pay_bands<S: Store>(
    state: &AppState<S>,
    events: &[RoleEvent],
    pay: &[PayEvent],
) -> Result<HashMap<PayEventId, Banded>, WebError> {
    if pay.is_empty() || events.is_empty() {
        return Ok(HashMap::new());
    }
    let frameworks = state.all_frameworks().await?;
    let latest = state.latest_framework().await?.version;
    let current = pay
        .iter()
        .max_by_key(|p| (p.effective, p.seq))
        .map(|p| p.id);
    let mut out = HashMap::new();
    for p in pay {
        let terms = if Some(p.id) == current {
            Terms::Version(latest)
        } else {
            Terms::AsRecorded
        };
        let Some(role) = role_on(&frameworks, events, p.effective, terms) else {
            continue;
        };
        let Some(fw) = frameworks.get(role.framework_version) else {
            continue;
        };
        let Some((_, level)) = fw.level(&role.level) else {
            continue;
        };
        let Some(band) = level.band(&p.amount.currency) else {
            continue;
        };
        if let Some(position) = pendulum_domain::band_position(&p.amount, band) {
            out.insert(
                p.id,
                Banded {
                    level: format!("{} ({})", level.title, level.id),
                    level_id: level.id.to_string(),
                    band: band.clone(),
                    position,
                },
            );
        }
    }
    Ok(out)
}
