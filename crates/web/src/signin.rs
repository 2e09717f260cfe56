//! Signing in and out: the sign-in form, checking a password, opening a session and
//! closing it.
//!
//! The sign-in form has no session yet, so it is protected by a double-submit token
//! ([`crate::csrf`]). Unknown emails and wrong passwords get the same answer after the
//! same work (a verification against a dummy hash), and failed attempts are throttled per
//! email and client address (the `throttle` module).

use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use pendulum_domain::Email;
use pendulum_store::{Store, TokenHash};
use pendulum_views::login::LoginView;
use pendulum_views::paths;
use serde::Deserialize;

use crate::access::Signed;
use crate::auth;
use crate::client::ClientIp;
use crate::cookies::set_cookie;
use crate::csrf::{double_submit_token, double_submitted, forbidden};
use crate::error::WebError;
use crate::layers::MAX_PUBLIC_FORM;
use crate::routes::Routes;
use crate::sessions::{SESSION_COOKIE, SESSION_LIFETIME};
use crate::shell::{html, org_name, stylesheet};
use crate::state::AppState;
use crate::throttle::Blocked;

/// The sign-in form's double-submit token.
pub const LOGIN_CSRF_COOKIE: &str = "pendulum_login_csrf";

const WRONG_CREDENTIALS: &str = "That email and password do not match an account.";
const TOO_MANY_ATTEMPTS: &str =
    "Too many failed attempts to sign in with this email. Wait 15 minutes and try again.";
const TOO_MANY_FROM_ADDRESS: &str =
    "Too many failed attempts to sign in from your network. Wait 15 minutes and try again.";

/// Signing in and out.
pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .public(Method::GET, paths::LOGIN, login_form::<S>)
        .public(
            Method::POST,
            paths::LOGIN,
            login::<S>.layer(DefaultBodyLimit::max(MAX_PUBLIC_FORM)),
        )
        .signed_in(Method::POST, paths::LOGOUT, logout::<S>)
}

fn login_page<S: Store>(
    state: &AppState<S>,
    status: StatusCode,
    csrf: &str,
    email: &str,
    message: Option<&str>,
) -> Response {
    let css = stylesheet();
    let page = LoginView {
        organisation: org_name(state),
        action: paths::LOGIN,
        csrf,
        css: &css,
        email,
        message,
        field: (message == Some(WRONG_CREDENTIALS)).then_some("password"),
        demo_logins: state.demo_logins(),
    }
    .render_page();
    html(status, page)
}

/// The sign-in form, with a double-submit token: the one the browser holds, or a new one.
async fn login_form<S: Store>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (csrf, fresh) = double_submit_token(&headers, LOGIN_CSRF_COOKIE)?;
    let mut res = login_page(&state, StatusCode::OK, &csrf, "", None);
    if fresh {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(LOGIN_CSRF_COOKIE, &csrf, state.secure_cookies(), None),
        );
    }
    Ok(res)
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login<S: Store>(
    State(state): State<AppState<S>>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let Some(expected) = double_submitted(&headers, LOGIN_CSRF_COOKIE, &form.csrf) else {
        return Ok(forbidden());
    };
    let typed = form.email.trim();
    let throttle = state.login_throttle();
    // Counted before the password is checked, so parallel attempts cannot slip past the
    // limit while the first ones are being checked.
    let attempt = match throttle.begin(typed, ip) {
        Ok(attempt) => attempt,
        Err(blocked) => {
            return Ok(login_page(
                &state,
                StatusCode::TOO_MANY_REQUESTS,
                expected,
                typed,
                Some(match blocked {
                    Blocked::Email => TOO_MANY_ATTEMPTS,
                    Blocked::Address => TOO_MANY_FROM_ADDRESS,
                }),
            ));
        }
    };
    let doors = state.sealed().doors();
    let account = match Email::new(typed) {
        Ok(email) => doors.account_signing_in(&email).await?,
        Err(_) => None,
    };
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU and 19 MiB: on the password workers, a few
    // at a time (a busy server answers 503 with Retry-After).
    let verified = match crate::passwords::pool().verify(form.password, hash).await {
        Ok(verified) => verified,
        Err(busy) => {
            throttle.cancel(attempt);
            return Err(busy.into());
        }
    };
    let Some(account) = account.filter(|_| verified) else {
        return Ok(login_page(
            &state,
            StatusCode::UNAUTHORIZED,
            expected,
            typed,
            Some(WRONG_CREDENTIALS),
        ));
    };
    throttle.succeeded(attempt);
    let token = auth::new_token().map_err(WebError::internal)?;
    let csrf = auth::new_token().map_err(WebError::internal)?;
    let expires = pendulum_store::now() + SESSION_LIFETIME;
    doors
        .open_session(&account, &TokenHash::of(&token), &csrf, expires)
        .await?;
    let secure = state.secure_cookies();
    let mut res = Redirect::to(paths::HOME).into_response();
    let headers = res.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &token,
            secure,
            Some(SESSION_LIFETIME.whole_seconds()),
        ),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, "", secure, Some(0)),
    );
    Ok(res)
}

/// Ends the session and clears its cookie. The CSRF token was checked on the way in.
async fn logout<S: Store>(
    State(state): State<AppState<S>>,
    Extension(signed): Extension<Signed>,
) -> Result<Response, WebError> {
    state.sealed().doors().close_session(&signed).await?;
    let mut res = Redirect::to(paths::LOGIN).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", state.secure_cookies(), Some(0)),
    );
    Ok(res)
}
