//! Pages around accounts and oversight: the audit log, one's own account and API tokens,
//! the organisation's accounts with invitations, password resets, disabling, token
//! revocation and the approval of a held own pay, accepting an invitation, and proposals.
//!
//! Granting pay is a pay holder's act: it takes both the [`Admin`] and the [`PayDesk`]
//! capability. An admin without pay
//! cannot invite with pay, reset the password of an account that sees pay, or approve an
//! account's own pay (403). What such an admin can still do, invite or reset an account
//! linked to a person, holds that account's own pay until a pay holder approves, since the
//! admin could sign in as it (`docs/operations.md`, "Accounts").

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use pendulum_domain::{AccountId, ApiTokenId, Email, PersonId, ProposalId};
use pendulum_store::{AuditAction, Role, Store, TokenHash};
use pendulum_views::admin::{
    AccountRow, AccountSummary, AccountView, AccountsView, AuditFilter, AuditRow, AuditView,
    InvitationRow, InvitationView, InviteForm, ManagedAccount, ManagedAccountView, ProposalRow,
    ProposalsView, TokenRow, paths,
};
use pendulum_views::framework::Link;
use serde::Deserialize;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::access::{PayDesk, Viewer};
use crate::auth;
use crate::error::WebError;
use crate::framework::{Htmx, app_links, render};
use crate::people::api::AuditQuery;
use crate::people::service;
use crate::routes::Routes;
use crate::sessions::{self, LOGIN_PATH};
use crate::state::AppState;
use crate::{FRAMEWORK_BASE, STATIC_BASE};

/// How long an invitation link works.
const INVITATION_LIFETIME: time::Duration = time::Duration::days(7);
/// Audit rows per page.
const AUDIT_PAGE: u32 = 100;
/// The double-submit cookie of the invitation form (it has no session yet).
const INVITATION_CSRF_COOKIE: &str = "pendulum_invitation_csrf";

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::GET, paths::AUDIT, audit::<S>)
        .signed_in(Method::GET, paths::ACCOUNT, account::<S>)
        .signed_in(Method::POST, paths::ACCOUNT_TOKENS, create_token::<S>)
        .signed_in(
            Method::POST,
            "/account/tokens/{id}/revoke",
            revoke_token::<S>,
        )
        .signed_in(Method::GET, paths::ACCOUNTS, accounts::<S>)
        .signed_in(Method::POST, paths::INVITATIONS, invite::<S>)
        .signed_in(
            Method::POST,
            "/admin/accounts/{id}/password",
            reset_password::<S>,
        )
        .signed_in(Method::GET, "/admin/accounts/{id}", managed_account::<S>)
        .signed_in(
            Method::POST,
            "/admin/accounts/{id}/disable",
            disable_account::<S>,
        )
        .signed_in(
            Method::POST,
            "/admin/accounts/{id}/enable",
            enable_account::<S>,
        )
        .signed_in(
            Method::POST,
            "/admin/accounts/{id}/own-pay/approve",
            approve_own_pay::<S>,
        )
        .signed_in(
            Method::POST,
            "/admin/accounts/{id}/tokens/{token_id}/revoke",
            revoke_account_token::<S>,
        )
        .signed_in(Method::GET, paths::PROPOSALS, proposals::<S>)
        .signed_in(Method::POST, "/proposals/{id}/confirm", confirm::<S>)
        .signed_in(Method::POST, "/proposals/{id}/decline", decline::<S>)
        .public(Method::GET, "/invitations/{token}", invitation_form::<S>)
        .public(
            Method::POST,
            "/invitations/{token}",
            accept_invitation::<S>.layer(axum::extract::DefaultBodyLimit::max(
                crate::layers::MAX_PUBLIC_FORM,
            )),
        )
}

/// A timestamp as pages show it: `2026-03-01 09:30 UTC`.
pub(crate) fn shown(t: OffsetDateTime) -> String {
    t.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_default()
}

fn org_name<S: Store>(state: &AppState<S>) -> &str {
    &state.organisation().name
}

fn with_status(status: StatusCode, res: Response) -> Response {
    (status, res).into_response()
}

// --- audit log ------------------------------------------------------------------------

async fn audit<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Query(query): Query<AuditQuery>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    let mut rows = crate::people::api::audit_rows(&viewer, &query, AUDIT_PAGE + 1).await?;
    let more = rows.len() > AUDIT_PAGE as usize;
    rows.truncate(AUDIT_PAGE as usize);
    // Actors are account ids; show emails where the account still exists.
    let accounts = admin.accounts().await?;
    let people = admin.everyone().await?;
    let actor = |a: &str| {
        a.strip_prefix("account/")
            .and_then(|id| id.parse::<AccountId>().ok())
            .and_then(|id| accounts.iter().find(|acc| acc.id == id))
            .map_or_else(|| a.to_string(), |acc| acc.email.as_str().to_string())
    };
    let person_link = |id: PersonId| {
        let name = people
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone());
        Link {
            label: name,
            href: format!("/people/{id}"),
        }
    };
    let rows = rows
        .iter()
        .map(|r| AuditRow {
            id: r.id.to_string(),
            at: shown(r.at),
            actor: actor(&r.actor),
            action: r.action.as_str().to_string(),
            subject: r.subject.clone(),
            person: r.person.map(person_link),
        })
        .collect();
    let actions: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    let filter = AuditFilter {
        action: query.action.clone().unwrap_or_default(),
        person: query.person.clone().unwrap_or_default(),
    };
    let paged = query.before.as_deref().is_some_and(|b| !b.is_empty());
    let view = AuditView::new(
        org_name(&state),
        &app_links(&viewer, FRAMEWORK_BASE),
        rows,
        &actions,
        filter,
        more,
        paged,
    );
    Ok(render(&view, htmx))
}

// --- own account and API tokens --------------------------------------------------------

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
            created: shown(t.created_at),
        })
        .collect();
    Ok(AccountView::new(
        org_name(state),
        &app_links(viewer, FRAMEWORK_BASE),
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

async fn account<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(&account_view(&state, &viewer).await?, htmx))
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates an API token and shows it, once.
async fn create_token<S: Store>(
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
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&view, htmx),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Revokes one of the viewer's own tokens; another account's token is not found.
async fn revoke_token<S: Store>(
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

// --- the organisation's accounts -------------------------------------------------------

async fn accounts_view<S: Store>(
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
            created: shown(a.created_at),
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
            expires: shown(i.expires_at),
        })
        .collect();
    Ok(AccountsView::new(
        org_name(state),
        &app_links(viewer, FRAMEWORK_BASE),
        viewer.csrf(),
        &accounts,
        invitations,
    )
    .granting_pay(viewer.grants().may_grant_pay()))
}

async fn accounts<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(&accounts_view(&state, &viewer).await?, htmx))
}

#[derive(Deserialize)]
struct InviteFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pay: Option<String>,
}

/// Invites someone: shows the link once.
async fn invite<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    Form(form): Form<InviteFields>,
) -> Result<Response, WebError> {
    let admin = viewer.admin()?;
    // Inviting someone to see pay grants pay: it takes the pay capability too.
    let with_pay: Option<PayDesk<'_, S>> = match form.pay {
        Some(_) => Some(viewer.pay()?),
        None => None,
    };
    let kept = InviteForm {
        email: form.email.clone(),
        role: form.role.clone(),
        pay: form.pay.is_some(),
    };
    let refused = |message: String, view: AccountsView| {
        with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&view.with_invite(kept.clone()).with_error(message), htmx),
        )
    };
    let email = match Email::new(form.email.trim()) {
        Ok(email) => email,
        Err(e) => {
            return Ok(refused(
                e.to_string(),
                accounts_view(&state, &viewer).await?,
            ));
        }
    };
    let role = match Role::parse(form.role.trim()) {
        Ok(role) => role,
        Err(e) => {
            return Ok(refused(
                e.to_string(),
                accounts_view(&state, &viewer).await?,
            ));
        }
    };
    let secret = auth::new_token().map_err(WebError::internal)?;
    match admin
        .invite(
            &email,
            role,
            with_pay.as_ref(),
            &TokenHash::of(&secret),
            pendulum_store::now() + INVITATION_LIFETIME,
        )
        .await
    {
        Ok(_) => {
            let view = accounts_view(&state, &viewer)
                .await?
                .with_invitation_link(format!("/invitations/{secret}"))
                .with_notice(format!("{} is invited as {role}.", email.as_str()));
            Ok(render(&view, htmx))
        }
        Err(pendulum_store::StoreError::Invalid(message)) => {
            Ok(refused(message, accounts_view(&state, &viewer).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct PasswordFields {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// Sets a new password for an account of the organisation (admins); its sessions end and
/// its API tokens are revoked. Only a pay holder resets an account that sees pay (whoever
/// sets the password can sign in as it); a reset by an admin without pay holds the
/// account's own pay until a pay holder approves.
async fn reset_password<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(form): Form<PasswordFields>,
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
        let view = accounts_view(&state, &viewer)
            .await?
            .with_password_form_open(&id.to_string())
            .with_error("The two passwords differ.");
        return Ok(with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&view, htmx),
        ));
    }
    let password = form.password;
    let hash = crate::passwords::pool().hash(password).await?;
    let hash = match hash {
        Ok(hash) => hash,
        Err(e) => {
            let view = accounts_view(&state, &viewer)
                .await?
                .with_password_form_open(&id.to_string())
                .with_error(e.to_string());
            return Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&view, htmx),
            ));
        }
    };
    let hold_own_pay = admin.set_password(&target, &hash, pay.as_ref()).await?;
    let held = if hold_own_pay && !target.own_pay_held {
        " Their own pay stays hidden until a pay administrator approves."
    } else {
        ""
    };
    let view = accounts_view(&state, &viewer).await?.with_notice(format!(
        "{} has a new password; their sessions have ended and their API tokens are revoked.{held}",
        target.email.as_str()
    ));
    Ok(render(&view, htmx))
}

// --- one account, as admins manage it ----------------------------------------------------

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
            created: shown(t.created_at),
        })
        .collect();
    Ok(ManagedAccountView::new(
        org_name(state),
        &app_links(viewer, FRAMEWORK_BASE),
        viewer.csrf(),
        ManagedAccount {
            id: account.id.to_string(),
            email: account.email.as_str().to_string(),
            role: account.role.as_str().to_string(),
            pay: account.pay,
            disabled: account.disabled_at.map(shown),
            own_pay_held: account.own_pay_held,
            created: shown(account.created_at),
            own: account.id == viewer.account().id,
        },
        &tokens,
        viewer.grants().may_grant_pay(),
    ))
}

fn account_id(id: &str) -> Result<AccountId, WebError> {
    id.parse().map_err(|_| WebError::NotFound)
}

async fn managed_account<S: Store>(
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
        Err(WebError::Invalid { message, .. }) => Ok(with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(
                &managed_view(state, viewer, id).await?.with_error(message),
                htmx,
            ),
        )),
        Err(e) => Err(e),
    }
}

/// Disables an account: its sessions end and its tokens are revoked. An admin cannot
/// disable their own account, so that an organisation is never locked out by a slip (and
/// another admin is there to do it if it must be done).
async fn disable_account<S: Store>(
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
async fn enable_account<S: Store>(
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
async fn approve_own_pay<S: Store>(
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
async fn revoke_account_token<S: Store>(
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

// --- accepting an invitation (public) --------------------------------------------------

fn invitation_page(
    org: &str,
    action: &str,
    csrf: &str,
    email: &str,
    role: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> String {
    let css = format!("{STATIC_BASE}{}", pendulum_views::assets::CSS.name);
    InvitationView {
        organisation: org,
        action,
        csrf,
        css: &css,
        email,
        role,
        error,
        notice,
        sign_in: LOGIN_PATH,
    }
    .render_page()
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The form that turns an invitation into an account; 404 for a link that is used,
/// expired, replaced or unknown.
async fn invitation_form<S: Store>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let invitation = state
        .sealed()
        .doors()
        .invitation(&TokenHash::of(&token))
        .await?
        .ok_or(WebError::NotFound)?;
    let (csrf, fresh) = match sessions::cookie(&headers, INVITATION_CSRF_COOKIE) {
        Some(t) if sessions::is_token(t) => (t.to_string(), false),
        _ => (auth::new_token().map_err(WebError::internal)?, true),
    };
    let action = format!("/invitations/{token}");
    let mut res = html(
        StatusCode::OK,
        invitation_page(
            org_name(&state),
            &action,
            &csrf,
            invitation.email.as_str(),
            invitation.role.as_str(),
            None,
            None,
        ),
    );
    if fresh {
        res.headers_mut().append(
            header::SET_COOKIE,
            sessions::set_cookie(INVITATION_CSRF_COOKIE, &csrf, state.secure_cookies(), None),
        );
    }
    Ok(res)
}

#[derive(Deserialize)]
struct AcceptFields {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    csrf: String,
}

async fn accept_invitation<S: Store>(
    State(state): State<AppState<S>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AcceptFields>,
) -> Result<Response, WebError> {
    let Some(expected) = sessions::cookie(&headers, INVITATION_CSRF_COOKIE) else {
        return Ok(sessions::forbidden());
    };
    if !auth::constant_time_eq(expected, &form.csrf) {
        return Ok(sessions::forbidden());
    }
    let doors = state.sealed().doors();
    let hash = TokenHash::of(&token);
    let invitation = doors.invitation(&hash).await?.ok_or(WebError::NotFound)?;
    let action = format!("/invitations/{token}");
    let page = |status, error: Option<&str>, notice: Option<&str>| {
        html(
            status,
            invitation_page(
                org_name(&state),
                &action,
                expected,
                invitation.email.as_str(),
                invitation.role.as_str(),
                error,
                notice,
            ),
        )
    };
    if form.password != form.confirm {
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("The two passwords differ."),
            None,
        ));
    }
    let password = form.password;
    let hashed = crate::passwords::pool().hash(password).await?;
    let hashed = match hashed {
        Ok(h) => h,
        Err(e) => {
            return Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&e.to_string()),
                None,
            ));
        }
    };
    let account = doors.accept_invitation(&invitation, &hash, &hashed).await?;
    Ok(page(
        StatusCode::OK,
        None,
        Some(&format!(
            "Your account {} is ready. Sign in with your new password.",
            account.email.as_str()
        )),
    ))
}

// --- proposals --------------------------------------------------------------------------

async fn proposals_view<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
) -> Result<ProposalsView, WebError> {
    let list = viewer.proposals().await?;
    // Names and emails of whoever proposals mention: everyone for an admin; for a
    // manager, the people they may see (their proposals are about their reports) and
    // their own account.
    let (people, accounts) = match viewer.admin() {
        Ok(admin) => (admin.everyone().await?, admin.accounts().await?),
        Err(_) => (
            viewer.visible_people().await?,
            vec![viewer.account().clone()],
        ),
    };
    let latest = state.latest_framework().await?;
    let unknown = if viewer.is_admin() {
        "a former account"
    } else {
        "an administrator"
    };
    let email_of = |id: AccountId| {
        accounts
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| unknown.to_string(), |a| a.email.as_str().to_string())
    };
    let mut rows = Vec::new();
    for p in &list {
        let name = people
            .iter()
            .find(|person| person.id == p.person)
            .map_or_else(
                || "someone no longer on record".to_string(),
                |x| x.name.clone(),
            );
        let level = p.event.level.as_ref().map(|level| {
            service::place(&latest.framework, level).map_or_else(
                || level.to_string(),
                |pl| format!("{} ({})", pl.level_title, level),
            )
        });
        let what = match level {
            Some(level) => format!(
                "{} to {level}",
                crate::people::pages::kind_label(p.event.kind)
            ),
            None => crate::people::pages::kind_label(p.event.kind).to_string(),
        };
        let decision = match &p.status {
            pendulum_store::ProposalStatus::Pending => None,
            pendulum_store::ProposalStatus::Confirmed { by, at, .. } => {
                Some(format!("Confirmed by {} on {}", email_of(*by), shown(*at)))
            }
            pendulum_store::ProposalStatus::Declined { by, at, reason } => Some(match reason {
                Some(r) => format!("Declined by {} on {}: {r}", email_of(*by), shown(*at)),
                None => format!("Declined by {} on {}", email_of(*by), shown(*at)),
            }),
        };
        rows.push(ProposalRow {
            id: p.id.to_string(),
            person: Link {
                label: name,
                href: format!("/people/{}", p.person),
            },
            what,
            effective: pendulum_transfer::write_date(p.event.effective),
            proposed_by: email_of(p.proposed_by),
            proposed_at: shown(p.proposed_at),
            status: p.status.as_str().to_string(),
            decision,
        });
    }
    Ok(ProposalsView::new(
        org_name(state),
        &app_links(viewer, FRAMEWORK_BASE),
        viewer.csrf(),
        rows,
        viewer.is_admin(),
    ))
}

async fn proposals<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    Ok(render(&proposals_view(&state, &viewer).await?, htmx))
}

/// Re-renders the proposals with the store's refusal, or passes other errors on.
async fn proposal_refused<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    htmx: Htmx,
    error: WebError,
) -> Result<Response, WebError> {
    match error {
        WebError::Invalid { message, .. } => {
            let view = proposals_view(state, viewer).await?.with_error(message);
            Ok(with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&view, htmx),
            ))
        }
        other => Err(other),
    }
}

async fn confirm<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
) -> Result<Response, WebError> {
    let id: ProposalId = id.parse().map_err(|_| WebError::NotFound)?;
    match service::confirm_proposal(&viewer, id).await {
        Ok(_) => Ok(Redirect::to(paths::PROPOSALS).into_response()),
        Err(e) => proposal_refused(&state, &viewer, htmx, e).await,
    }
}

#[derive(Deserialize)]
struct DeclineFields {
    #[serde(default)]
    reason: Option<String>,
}

async fn decline<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    Path(id): Path<String>,
    htmx: Htmx,
    Form(form): Form<DeclineFields>,
) -> Result<Response, WebError> {
    let id: ProposalId = id.parse().map_err(|_| WebError::NotFound)?;
    match service::decline_proposal(&viewer, id, form.reason).await {
        Ok(_) => Ok(Redirect::to(paths::PROPOSALS).into_response()),
        Err(e) => proposal_refused(&state, &viewer, htmx, e).await,
    }
}
