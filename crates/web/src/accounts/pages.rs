//! Accounts as pages: one's own account and API tokens, and, for admins, the
//! organisation's accounts (with the invitation form, [`crate::invitations`]) and each
//! account's page: password resets, disabling and enabling, token revocation and the
//! approval of a held own pay.
//!
//! Granting pay is a pay holder's act: it takes both the [`Admin`](crate::access::Admin)
//! and the [`PayDesk`](crate::access::PayDesk) capability. An admin without pay cannot
//! reset the password of an account that sees pay, or approve an account's own pay (403).
//! What such an admin can still do, reset an account linked to a person, holds that
//! account's own pay until a pay holder approves, since the admin could sign in as it
//! (`docs/operations.md`, "Accounts").

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use pendulum_domain::{AccountId, ApiTokenId};
use pendulum_store::{Role, Store, TokenHash};
use pendulum_views::admin::{
    AccountRow, AccountSummary, AccountView, AccountsView, InvitationRow, ManagedAccount,
    ManagedAccountView, TokenRow,
};
use pendulum_views::dates;
use pendulum_views::forms::FormErrors;
use serde::Deserialize;

use crate::access::Viewer;
use crate::auth;
use crate::error::WebError;
use crate::shell::{Htmx, app_links, org_name, render, render_with_status, sentence};
use crate::state::AppState;

async fn account_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
) -> Result<AccountView, WebError> {
    let tokens: Vec<TokenRow> = viewer
        .own_account()
        .tokens()
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: dates::timestamp(t.created_at),
        })
        .collect();
    Ok(AccountView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        AccountSummary {
            email: viewer.account().email.as_str().to_string(),
            role: viewer.role().as_str().to_string(),
            pay: viewer.account().pay,
            own_pay_held: viewer.account().own_pay_held,
        },
        &tokens,
    ))
}

pub(super) async fn account<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(&account_view(&state, &viewer).await?, htmx))
}

#[derive(Deserialize)]
pub(super) struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates an API token and shows it, once.
pub(super) async fn create_token<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    let secret = auth::new_token().map_err(WebError::internal)?;
    match viewer
        .own_account()
        .create_token(&TokenHash::of(&secret), &form.name)
        .await
    {
        Ok(_) => {
            let view = account_view(&state, &viewer)
                .await?
                .with_new_token(secret)
                .with_notice("The token was created.");
            Ok(render(&view, htmx))
        }
        Err(pendulum_store::StoreError::Invalid(message)) => {
            let view = account_view(&state, &viewer)
                .await?
                .with_name(form.name)
                .with_error(message);
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view,
                htmx,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Revokes one of the viewer's own tokens; another account's token is not found.
pub(super) async fn revoke_token<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id: ApiTokenId = id.parse().map_err(|_| WebError::NotFound)?;
    viewer.own_account().revoke_token(id).await?;
    let view = account_view(&state, &viewer)
        .await?
        .with_notice("The token was revoked: it no longer works.");
    Ok(render(&view, htmx))
}

pub(crate) async fn accounts_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
) -> Result<AccountsView, WebError> {
    let admin = viewer.admin()?;
    let accounts: Vec<AccountRow> = admin
        .accounts()
        .await?
        .into_iter()
        .map(|a| AccountRow {
            id: a.id.to_string(),
            email: a.email.as_str().to_string(),
            role: a.role.as_str().to_string(),
            pay: a.pay,
            disabled: a.is_disabled(),
            own_pay_held: a.own_pay_held,
            created: dates::timestamp(a.created_at),
        })
        .collect();
    let now = pendulum_store::now();
    let invitations = admin
        .invitations()
        .await?
        .into_iter()
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now)
        .map(|i| InvitationRow {
            email: i.email.as_str().to_string(),
            role: i.role.as_str().to_string(),
            pay: i.pay,
            expires: dates::timestamp(i.expires_at),
        })
        .collect();
    Ok(AccountsView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        &accounts,
        invitations,
    )
    .granting_pay(viewer.grants().may_grant_pay()))
}

pub(super) async fn accounts<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(&accounts_view(&state, &viewer).await?, htmx))
}

/// The password form of an account's row on the accounts page.
#[derive(Deserialize)]
pub(crate) struct PasswordFields {
    #[serde(default)]
    pub(crate) password: String,
    #[serde(default)]
    pub(crate) confirm: String,
}

/// The older address of the password form, `/admin/accounts/{id}/password`, which still
/// answers for scripts; the form posts to the accounts page ([`crate::account_forms`]).
pub(super) async fn reset_password_at<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(form): Form<PasswordFields>,
) -> Result<Response, WebError> {
    reset_password(state, viewer, &id, htmx, form).await
}

/// Sets a new password for an account of the organisation (admins); its sessions end and
/// its API tokens are revoked. Only a pay holder resets an account that sees pay (whoever
/// sets the password can sign in as it); a reset by an admin without pay holds the
/// account's own pay until a pay holder approves. A refusal answers 422 with the accounts
/// page, the account's form open with its summary.
pub(crate) async fn reset_password<S: Store>(
    state: AppState<S>,
    viewer: Viewer<S>,
    id: &str,
    htmx: Htmx,
    form: PasswordFields,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let id: AccountId = id.parse().map_err(|_| WebError::NotFound)?;
    let target = admin.account(id).await?;
    // Whoever sets the password can sign in as the account: the pay capability, if held,
    // comes along as the proof that may reset an account with pay.
    let pay = viewer.pay().ok();
    if target.pay && pay.is_none() {
        return Err(WebError::Forbidden);
    }
    if form.password != form.confirm {
        let form = AccountsView::reset_form(&id.to_string());
        let view = accounts_view(&state, &viewer)
            .await?
            .with_password_form_open(&id.to_string())
            .with_errors(FormErrors::new(&form, "").at("confirm", "The two passwords differ."));
        return Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &view,
            htmx,
        ));
    }
    let password = form.password;
    let hash = crate::passwords::pool().hash(password).await?;
    let hash = match hash {
        Ok(hash) => hash,
        Err(e) => {
            let form = AccountsView::reset_form(&id.to_string());
            let view = accounts_view(&state, &viewer)
                .await?
                .with_password_form_open(&id.to_string())
                .with_errors(FormErrors::new(&form, "").at("password", sentence(&e.to_string())));
            return Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view,
                htmx,
            ));
        }
    };
    let hold_own_pay = admin.set_password(&target, &hash, pay.as_ref()).await?;
    let held = if hold_own_pay && !target.own_pay_held {
        " Their own pay stays hidden until a pay administrator approves."
    } else {
        ""
    };
    // The store locked the person's journal and reflections, if they keep any: the notice
    // says so for every reset of someone else, so that it tells nothing of their notes.
    let locked = if target.id == viewer.account().id {
        ""
    } else {
        " If they keep a journal or reflections, those stay locked until they enter their \
         recovery code."
    };
    let view = accounts_view(&state, &viewer).await?.with_notice(format!(
        "{} has a new password; their sessions have ended and their API tokens are revoked.{held}{locked}",
        target.email.as_str()
    ));
    Ok(render(&view, htmx))
}

/// The page of account `id` of the organisation (404 for any other id).
async fn managed_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: AccountId,
) -> Result<ManagedAccountView, WebError> {
    let admin = viewer.admin()?;
    let account = admin.account(id).await?;
    let tokens: Vec<TokenRow> = admin
        .tokens_of(id)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: dates::timestamp(t.created_at),
        })
        .collect();
    Ok(ManagedAccountView::new(
        org_name(state),
        &app_links(viewer),
        viewer.csrf(),
        ManagedAccount {
            id: account.id.to_string(),
            email: account.email.as_str().to_string(),
            role: account.role.as_str().to_string(),
            pay: account.pay,
            disabled: account.disabled_at.map(dates::timestamp),
            own_pay_held: account.own_pay_held,
            created: dates::timestamp(account.created_at),
            own: account.id == viewer.account().id,
        },
        &tokens,
        viewer.grants().may_grant_pay(),
    ))
}

fn account_id(id: &str) -> Result<AccountId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

pub(super) async fn managed_account<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(
        &managed_view(&state, &viewer, account_id(&id)?).await?,
        htmx,
    ))
}

/// The account's page after an action: with `notice` when the store did it, with the
/// store's refusal (422) when it refused, or the error.
async fn managed_outcome<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: AccountId,
    htmx: Htmx,
    outcome: Result<String, WebError>,
) -> Result<Response, WebError> {
    match outcome {
        Ok(notice) => Ok(render(
            &managed_view(state, viewer, id).await?.with_notice(notice),
            htmx,
        )),
        Err(WebError::Invalid { message, .. }) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &managed_view(state, viewer, id).await?.with_error(message),
            htmx,
        )),
        Err(e) => Err(e),
    }
}

/// What the role and access forms of an account's page send: `form` says which.
#[derive(Deserialize)]
pub(super) struct ManagedFields {
    #[serde(default)]
    form: String,
    #[serde(default)]
    role: String,
    /// The access form's `disable` or `enable`.
    #[serde(default)]
    access: String,
}

/// The forms of an account's page, posted to the page's own address: a change of role
/// (`form=role`), or disabling or enabling the account (`form=access`). A refusal answers
/// 422 with the page, the refused form's summary at its top and the role as chosen.
pub(super) async fn submit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(form): Form<ManagedFields>,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let target = admin.account(id).await?;
    let email = target.email.as_str();
    let (name, outcome) = match (form.form.as_str(), form.access.as_str()) {
        ("role", _) => {
            let outcome = match Role::parse(form.role.trim()) {
                Ok(role) => admin
                    .set_role(id, role)
                    .await
                    .map(|()| format!("{email} is now {role}: the role holds from its next page.")),
                Err(e) => Err(WebError::invalid("invalid", e.to_string())),
            };
            ("role", outcome.map_err(|e| e.at_field("role")))
        }
        ("access", "disable") => (
            "access",
            admin.disable(id).await.map(|()| {
                format!(
                    "{email} is disabled: its sessions have ended and its API tokens are revoked."
                )
            }),
        ),
        ("access", "enable") => (
            "access",
            admin
                .enable(id)
                .await
                .map(|()| format!("{email} is enabled: it can sign in again with its password.")),
        ),
        _ => return Err(WebError::invalid("invalid", "Unknown form.")),
    };
    match outcome {
        Ok(notice) => Ok(render(
            &managed_view(&state, &viewer, id).await?.with_notice(notice),
            htmx,
        )),
        Err(WebError::Invalid { message, field, .. }) => {
            let errors =
                FormErrors::refusal(name, Some(&sentence(&message)), field).expect("a message");
            let kept = (name == "role").then(|| form.role.clone());
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &managed_view(&state, &viewer, id)
                    .await?
                    .with_refusal(errors, kept),
                htmx,
            ))
        }
        Err(e) => Err(e),
    }
}

/// Disables an account: its sessions end and its tokens are revoked. An admin cannot
/// disable their own account, so that an organisation is never locked out by a slip (and
/// another admin is there to do it if it must be done).
pub(super) async fn disable_account<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let target = admin.account(id).await?;
    let outcome = admin.disable(id).await.map(|()| {
        format!(
            "{} is disabled: its sessions have ended and its API tokens are revoked.",
            target.email.as_str()
        )
    });
    managed_outcome(&state, &viewer, id, htmx, outcome).await
}

/// Enables a disabled account: it may sign in again with its password.
pub(super) async fn enable_account<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let target = admin.account(id).await?;
    let outcome = admin.enable(id).await.map(|()| {
        format!(
            "{} is enabled: it can sign in again with its password.",
            target.email.as_str()
        )
    });
    managed_outcome(&state, &viewer, id, htmx, outcome).await
}

/// Lets an account whose own pay is held see it (pay holders only).
pub(super) async fn approve_own_pay<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let pay = viewer.pay()?;
    let id = account_id(&id)?;
    let target = admin.account(id).await?;
    let outcome = admin
        .approve_own_pay(id, &pay)
        .await
        .map(|()| format!("{} now sees their own pay.", target.email.as_str()));
    managed_outcome(&state, &viewer, id, htmx, outcome).await
}

/// Revokes an API token of any account of the organisation (admins).
pub(super) async fn revoke_account_token<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path((id, token)): Path<(String, String)>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let id = account_id(&id)?;
    let token: ApiTokenId = token.parse().map_err(|_| WebError::NotFound)?;
    admin.revoke_token(id, token).await?;
    managed_outcome(
        &state,
        &viewer,
        id,
        htmx,
        Ok("The token was revoked: it no longer works.".to_string()),
    )
    .await
}
