//! The accounts page's own address (`POST /admin/accounts`) takes two forms: an
//! invitation (the invitations feature) and an account's new password (the accounts
//! feature). This module only says which; it sits above both, since invitations already
//! reads the accounts page and accounts must not import it back ("Forms" in
//! `docs/architecture.md`).

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use pendulum_store::Store;
use pendulum_views::paths;
use serde::Deserialize;

use crate::access::Viewer;
use crate::accounts::{PasswordFields, reset_password};
use crate::error::WebError;
use crate::invitations::{InviteFields, invite};
use crate::routes::Routes;
use crate::shell::Htmx;
use crate::state::AppState;

/// What the accounts page's forms send: the hidden `form` field says which (`invite`, or
/// `reset` with the hidden `account` id), and the other fields are that form's.
#[derive(Debug, Default, Deserialize)]
pub struct AccountsFormFields {
    #[serde(default)]
    form: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    pay: Option<String>,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// A form of the accounts page, posted to the page's own address so that the address
/// stays the page's whatever the answer (a refusal answers 422 with the same page, the
/// refused form's summary and its values kept).
pub async fn submit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    headers: HeaderMap,
    Form(fields): Form<AccountsFormFields>,
) -> Result<Response, WebError> {
    match fields.form.as_str() {
        "invite" => {
            let form = InviteFields {
                email: fields.email,
                role: fields.role,
                pay: fields.pay,
            };
            invite(state, viewer, htmx, &headers, form).await
        }
        "reset" => {
            let form = PasswordFields {
                password: fields.password,
                confirm: fields.confirm,
            };
            reset_password(state, viewer, &fields.account, htmx, form).await
        }
        _ => {
            viewer.admin()?;
            Err(WebError::invalid("invalid", "Unknown form."))
        }
    }
}

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new().signed_in(Method::POST, paths::ACCOUNTS, submit::<S>)
}
