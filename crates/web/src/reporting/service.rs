//! Changing a reporting line, as the page and the API share it: the input parsed once,
//! the access decided by the capabilities (admins record, managers propose for their
//! reports), the store's rules applied.

use pendulum_domain::{Email, Person, PersonId, Reason, ReportingChange, parse_date};
use pendulum_store::{NewReportingChange, ReportingProposal, Store};
use serde::Deserialize;

use crate::access::{Recording, Viewer};
use crate::error::WebError;

/// A change of manager, as a form or a JSON body sends it.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct ManagerInput {
    /// The new manager's email; leave it out (or empty) with `none` to clear the manager.
    #[serde(default)]
    pub manager_email: Option<String>,
    /// `true`: from `effective`, the person reports to nobody.
    #[serde(default)]
    pub none: bool,
    /// From when, `YYYY-MM-DD`, in the years 1900–2200. A date after today is scheduled:
    /// the current manager changes on that day.
    pub effective: String,
    /// Why: up to 2,000 characters.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Which field of a [`ManagerInput`] a refusal is about, for the form to mark.
pub fn field_of(code: &str) -> Option<&'static str> {
    match code {
        "invalid_manager" | "unknown_manager" | "rule" => Some("manager_email"),
        "invalid_effective" => Some("effective"),
        "invalid_reason" => Some("reason"),
        _ => None,
    }
}

/// What changing a manager did.
#[derive(Clone, Debug)]
pub enum Changed {
    /// Recorded (an admin), with the new manager (none when cleared).
    Recorded(ReportingChange, Option<Person>),
    /// Proposed for an admin to confirm (a manager, for a report).
    Proposed(ReportingProposal),
}

/// Records (admins) or proposes (managers, for their reports) a change of person `id`'s
/// manager: 404 for a person the viewer may not see, 403 when they may see but not change
/// them, 422 when a value is refused or the change would close a loop.
pub async fn change<S: Store>(
    viewer: &Viewer<S>,
    id: PersonId,
    input: &ManagerInput,
) -> Result<Changed, WebError> {
    let person = viewer.person(id).await?;
    let mode = person.recording().ok_or(WebError::Forbidden)?;
    let effective = parse_date(input.effective.trim())
        .map_err(|e| WebError::invalid("invalid_effective", e.0))?;
    let reason = Reason::optional(input.reason.as_deref().map(str::trim))
        .map_err(|e| WebError::invalid("invalid_reason", e.0))?
        .map(Reason::into_string);
    let email = input
        .manager_email
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let email = match (email, input.none) {
        (Some(_), true) => {
            return Err(WebError::invalid(
                "invalid_manager",
                "Give a new manager's email, or tick \"reports to nobody\", not both.",
            ));
        }
        (None, false) => {
            return Err(WebError::invalid(
                "invalid_manager",
                "Give the new manager's email, or tick \"reports to nobody\".",
            ));
        }
        (None, true) => None,
        (Some(email), false) => {
            Some(Email::new(email).map_err(|e| WebError::invalid("invalid_manager", e.0))?)
        }
    };
    Ok(match mode {
        Recording::Record => {
            let admin = viewer.admin()?;
            let manager = match &email {
                Some(email) => Some(admin.manager_by_email(email).await?),
                None => None,
            };
            let change = NewReportingChange {
                effective,
                manager: manager.as_ref().map(|m| m.id),
                reason,
            };
            Changed::Recorded(admin.change_manager(&person, change).await?, manager)
        }
        Recording::Propose => {
            let proposer = person.proposer()?;
            let manager = match &email {
                Some(email) => Some(proposer.manager_by_email(email).await?.id),
                None => None,
            };
            let change = NewReportingChange {
                effective,
                manager,
                reason,
            };
            Changed::Proposed(proposer.propose_manager(change).await?)
        }
    })
}
