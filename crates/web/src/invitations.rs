//! Invitations: an admin invites someone by email with a role (and pay, which only a pay
//! holder may grant), and the invitation link, public and good for a week, turns into an
//! account with the password its holder chooses.
//!
//! The invitation form has no session yet, so it is protected by a double-submit token
//! ([`crate::csrf`]).

use axum::Form;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::Response;
use pendulum_domain::Email;
use pendulum_store::{Role, Store, TokenHash};
use pendulum_views::admin::{AccountsView, InvitationView, InviteForm};
use pendulum_views::forms::FormErrors;
use pendulum_views::paths;
use serde::Deserialize;

use crate::access::{PayDesk, Viewer};
use crate::accounts::accounts_view;
use crate::auth;
use crate::cookies::set_cookie;
use crate::csrf::{double_submit_token, double_submitted, forbidden};
use crate::error::WebError;
use crate::layers::MAX_PUBLIC_FORM;
use crate::routes::Routes;
use crate::shell::{Htmx, html, org_name, render, render_with_status, stylesheet};
use crate::state::AppState;

/// How long an invitation link works.
const INVITATION_LIFETIME: time::Duration = time::Duration::days(7);
/// The double-submit cookie of the invitation form (it has no session yet).
const INVITATION_CSRF_COOKIE: &str = "pendulum_invitation_csrf";

pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .signed_in(Method::POST, paths::INVITATIONS, invite_at::<S>)
        .public(Method::GET, paths::INVITATION, invitation_form::<S>)
        .public(
            Method::POST,
            paths::INVITATION,
            accept_invitation::<S>.layer(DefaultBodyLimit::max(MAX_PUBLIC_FORM)),
        )
}

/// The invitation form of the accounts page.
#[derive(Deserialize)]
pub(crate) struct InviteFields {
    #[serde(default)]
    pub(crate) email: String,
    #[serde(default)]
    pub(crate) role: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub(crate) pay: Option<String>,
}

/// The longest `Host` header taken to make a link absolute.
const MAX_HOST: usize = 200;

/// `path` as an absolute address, to be sent outside the site: under the configured public
/// URL, or else under the request's `Host` (over HTTPS when cookies are marked secure, as
/// a site served over TLS sets them). A missing or odd `Host` leaves the path as it is.
fn absolute<S: Store>(state: &AppState<S>, headers: &HeaderMap, path: &str) -> String {
    if let Some(base) = state.public_url() {
        return format!("{base}{path}");
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= MAX_HOST
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b))
        });
    match host {
        Some(host) => {
            let scheme = if state.secure_cookies() {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{host}{path}")
        }
        None => path.to_string(),
    }
}

/// The older address of the invitation form, `/admin/invitations`, which still answers for
/// scripts; the form posts to the accounts page ([`crate::account_forms`]).
async fn invite_at<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
    htmx: Htmx,
    headers: HeaderMap,
    Form(form): Form<InviteFields>,
) -> Result<Response, WebError> {
    invite(state, viewer, htmx, &headers, form).await
}

/// Invites someone: the accounts page with the link, shown once, absolute, to be copied;
/// or the page again (422) with the form's summary, the faulty field marked and the
/// values kept.
pub(crate) async fn invite<S: Store>(
    state: AppState<S>,
    viewer: Viewer<S>,
    htmx: Htmx,
    headers: &HeaderMap,
    form: InviteFields,
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
    let refused = |message: String, field: &str, view: AccountsView| {
        let errors = FormErrors::new("invite", "").at(field, message);
        render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &view.with_invite(kept.clone()).with_errors(errors),
            htmx,
        )
    };
    let email = match Email::new(form.email.trim()) {
        Ok(email) => email,
        Err(e) => {
            return Ok(refused(
                e.to_string(),
                "email",
                accounts_view(&state, &viewer).await?,
            ));
        }
    };
    let role = match Role::parse(form.role.trim()) {
        Ok(role) => role,
        Err(e) => {
            return Ok(refused(
                e.to_string(),
                "role",
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
                .with_invitation_link(absolute(&state, headers, &paths::invitation(&secret)))
                .with_notice(format!("{} is invited as {role}.", email.as_str()));
            Ok(render(&view, htmx))
        }
        Err(pendulum_store::StoreError::Invalid(message)) => Ok(refused(
            message,
            "email",
            accounts_view(&state, &viewer).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

fn invitation_page(
    org: &str,
    action: &str,
    csrf: &str,
    email: &str,
    role: &str,
    error: Option<&str>,
    notice: Option<&str>,
) -> String {
    let css = stylesheet();
    InvitationView {
        organisation: org,
        action,
        csrf,
        css: &css,
        email,
        role,
        error,
        notice,
        sign_in: paths::LOGIN,
    }
    .render_page()
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
    let (csrf, fresh) = double_submit_token(&headers, INVITATION_CSRF_COOKIE)?;
    let action = paths::invitation(&token);
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
            set_cookie(INVITATION_CSRF_COOKIE, &csrf, state.secure_cookies(), None),
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
    let Some(expected) = double_submitted(&headers, INVITATION_CSRF_COOKIE, &form.csrf) else {
        return Ok(forbidden());
    };
    let doors = state.sealed().doors();
    let hash = TokenHash::of(&token);
    let invitation = doors.invitation(&hash).await?.ok_or(WebError::NotFound)?;
    let action = paths::invitation(&token);
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
