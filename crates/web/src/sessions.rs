//! Signing in and out, and who is asking: the session cookie, API bearer tokens and the
//! anti-forgery (CSRF) checks.
//!
//! A session token is 32 random bytes in the `pendulum_session` cookie (HttpOnly,
//! SameSite=Lax, `Secure` when the configuration says the site is served over TLS); the
//! store keeps only its SHA-256. Every state-changing request of a session must carry the
//! session's CSRF token, in the `csrf` form field or the `X-CSRF-Token` header, or it is
//! refused with 403. The sign-in form has no session yet, so it is protected by a
//! double-submit token: a random cookie that the form must repeat. Requests with a bearer
//! token need no CSRF token: a browser never adds that header on its own.
//!
//! Unknown emails and wrong passwords get the same answer after the same work (a
//! verification against a dummy hash), and failed attempts are throttled per email and
//! client address (the `throttle` module).

use axum::body::{Body, Bytes};
use axum::extract::DefaultBodyLimit;
use axum::extract::{FromRequest, Request, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use pendulum_domain::Email;
use pendulum_store::{Account, Session, Store, TokenHash};
use pendulum_views::login::LoginView;
use serde::Deserialize;

use crate::auth;
use crate::client::ClientIp;
use crate::error::WebError;
use crate::routes::Routes;
use crate::state::AppState;
use crate::throttle::Blocked;
use crate::{FRAMEWORK_BASE, STATIC_BASE};

pub const SESSION_COOKIE: &str = "pendulum_session";
/// The sign-in form's double-submit token.
pub const LOGIN_CSRF_COOKIE: &str = "pendulum_login_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const LOGIN_PATH: &str = "/login";
/// How long a session lasts after signing in.
const SESSION_LIFETIME: time::Duration = time::Duration::hours(12);

const WRONG_CREDENTIALS: &str = "That email and password do not match an account.";
const TOO_MANY_ATTEMPTS: &str =
    "Too many failed attempts to sign in with this email. Wait 15 minutes and try again.";
const TOO_MANY_FROM_ADDRESS: &str =
    "Too many failed attempts to sign in from your network. Wait 15 minutes and try again.";

/// Who is asking, put in the request's extensions by [`require_sign_in`].
#[derive(Clone, Debug)]
pub struct Signed {
    pub account: Account,
    /// `None` for a request authenticated by an API token.
    pub session: Option<Session>,
}

/// Signing in and out.
pub fn routes<S: Store>() -> Routes<S> {
    Routes::new()
        .public(Method::GET, LOGIN_PATH, login_form::<S>)
        .public(
            Method::POST,
            LOGIN_PATH,
            login::<S>.layer(DefaultBodyLimit::max(crate::layers::MAX_PUBLIC_FORM)),
        )
        .signed_in(Method::POST, "/logout", logout::<S>)
        .signed_in(Method::GET, "/api/v1/me", me::<S>)
}

/// Lets through requests of a session or an API token of the organisation served, and
/// checks the CSRF token of a session's state-changing requests. Without either, a page
/// redirects to the sign-in form (303) and an API route answers 401 with a JSON error.
pub async fn require_sign_in<S: Store>(
    State(state): State<AppState<S>>,
    req: Request,
    next: Next,
) -> Response {
    let signed = match authenticate(&state, req.headers()).await {
        Ok(Some(signed)) => signed,
        Ok(None) if req.uri().path().starts_with("/api/") => return unauthenticated(),
        Ok(None) => return Redirect::to(LOGIN_PATH).into_response(),
        Err(e) => return e.into_response(),
    };
    let mut req = match &signed.session {
        Some(session) if changes_state(req.method()) => {
            match csrf_checked(req, &session.csrf_token).await {
                Ok(req) => req,
                Err(refused) => return refused,
            }
        }
        _ => req,
    };
    let htmx = crate::framework::Htmx::of(req.headers());
    req.extensions_mut().insert(signed.clone());
    let res = next.run(req).await;
    if res
        .extensions()
        .get::<crate::error::ForbiddenPage>()
        .is_some()
    {
        return forbidden_page(&state, signed, htmx);
    }
    res
}

async fn authenticate<S: Store>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Option<Signed>, WebError> {
    state
        .sealed()
        .doors()
        .authenticate(cookie(headers, SESSION_COOKIE), bearer(headers))
        .await
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

#[derive(Deserialize)]
struct CsrfField {
    csrf: Option<String>,
}

/// The request, given back whole, when its header or form field carries `expected`;
/// otherwise the 403 answer.
async fn csrf_checked(req: Request, expected: &str) -> Result<Request, Response> {
    let header_token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if let Some(token) = header_token {
        return if auth::constant_time_eq(token, expected) {
            Ok(req)
        } else {
            Err(forbidden())
        };
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, crate::layers::MAX_BODY).await {
        Ok(bytes) => bytes,
        // Over the limit is said as it is, not as a missing token: the token may well be
        // there, past the point where reading stopped.
        Err(e) if crate::layers::is_too_large(&e) => {
            return Err(WebError::TooLarge.into_response());
        }
        Err(_) => return Err(forbidden()),
    };
    let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
    let field = if is_multipart(&parts.headers) {
        multipart_field(copy, "csrf").await
    } else {
        Form::<CsrfField>::from_request(copy, &())
            .await
            .ok()
            .and_then(|Form(f)| f.csrf)
    };
    match field {
        Some(token) if auth::constant_time_eq(&token, expected) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(forbidden()),
    }
}

/// Whether a request's body is `multipart/form-data` (a form with a file input).
pub(crate) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The text of the first field `name` of a multipart form, if there is one.
async fn multipart_field(req: Request, name: &str) -> Option<String> {
    let mut form = axum::extract::Multipart::from_request(req, &())
        .await
        .ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

/// **403 Forbidden**: a state-changing request without the right CSRF token.
pub(crate) fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "This request lacks a valid anti-forgery token. Reload the page and try again.",
    )
        .into_response()
}

/// **401 Unauthorized**: an API request without a valid session or bearer token.
fn unauthenticated() -> Response {
    crate::error::ApiError(WebError::Unauthenticated).into_response()
}

/// The 403 page in the signed-in layout, with the account's navigation.
fn forbidden_page<S: Store>(
    state: &AppState<S>,
    signed: Signed,
    htmx: crate::framework::Htmx,
) -> Response {
    let who = crate::access::Who::of(signed);
    let links = crate::framework::app_links(&who, crate::FRAMEWORK_BASE);
    let view = pendulum_views::admin::ForbiddenView::new(&state.organisation().name, &links);
    (StatusCode::FORBIDDEN, crate::framework::render(&view, htmx)).into_response()
}

/// The value of cookie `name`, if the request sent it.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, for the whole site; `max_age` 0 clears it.
pub(crate) fn set_cookie(
    name: &str,
    value: &str,
    secure: bool,
    max_age: Option<i64>,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = max_age.map_or(String::new(), |s| format!("; Max-Age={s}"));
    HeaderValue::try_from(format!(
        "{name}={value}; HttpOnly; SameSite=Lax; Path=/{secure}{max_age}"
    ))
    .expect("cookie names and hex tokens are valid header text")
}

fn login_page<S: Store>(
    state: &AppState<S>,
    status: StatusCode,
    csrf: &str,
    email: &str,
    message: Option<&str>,
) -> Response {
    let css = format!("{STATIC_BASE}{}", pendulum_views::assets::CSS.name);
    let page = LoginView {
        organisation: &state.organisation().name,
        action: LOGIN_PATH,
        csrf,
        css: &css,
        email,
        message,
    }
    .render_page();
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// The sign-in form, with a double-submit token: the one the browser holds, or a new one.
async fn login_form<S: Store>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (csrf, fresh) = match cookie(&headers, LOGIN_CSRF_COOKIE) {
        Some(token) if is_token(token) => (token.to_string(), false),
        _ => (auth::new_token().map_err(WebError::internal)?, true),
    };
    let mut res = login_page(&state, StatusCode::OK, &csrf, "", None);
    if fresh {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(LOGIN_CSRF_COOKIE, &csrf, state.secure_cookies(), None),
        );
    }
    Ok(res)
}

pub(crate) fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
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
    let Some(expected) = cookie(&headers, LOGIN_CSRF_COOKIE) else {
        return Ok(forbidden());
    };
    if !auth::constant_time_eq(expected, &form.csrf) {
        return Ok(forbidden());
    }
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
    let mut res = Redirect::to(FRAMEWORK_BASE).into_response();
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
    let mut res = Redirect::to(LOGIN_PATH).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", state.secure_cookies(), Some(0)),
    );
    Ok(res)
}

/// The account asking: email, role, whether it sees pay, and its organisation.
async fn me<S: Store>(
    State(state): State<AppState<S>>,
    Extension(signed): Extension<Signed>,
) -> Json<serde_json::Value> {
    let account = signed.account;
    Json(serde_json::json!({
        "email": account.email.as_str(),
        "role": account.role.as_str(),
        "pay": account.pay,
        "org": state.organisation().slug.as_str(),
    }))
}
