//! Who is asking: the session cookie and API bearer tokens, checked in front of every
//! signed-in route ([`require_sign_in`]), and the account asking over the API
//! (`/api/v1/me`).
//!
//! A session token is 32 random bytes in the `pendulum_session` cookie (HttpOnly,
//! SameSite=Lax, `Secure` when the configuration says the site is served over TLS); the
//! store keeps only its SHA-256. A session's state-changing requests must carry its CSRF
//! token ([`crate::csrf`]). Signing in and out is [`crate::signin`].

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use pendulum_store::Store;
use pendulum_views::paths;
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::Signed;
use crate::cookies::cookie;
use crate::csrf::{changes_state, csrf_checked};
use crate::error::{ApiError, ErrorBody, ForbiddenPage, LockedPage, NotFoundPage, WebError};
use crate::routes::Routes;
use crate::shell::{Htmx, forbidden_page, not_found_page};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "pendulum_session";
/// How long a session lasts after signing in.
pub(crate) const SESSION_LIFETIME: time::Duration = time::Duration::hours(12);

/// The account asking, over the API.
pub fn routes<S: Store>() -> Routes<S> {
    Routes::new().api::<__path_me, _, _>(me::<S>)
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
        Ok(None) if crate::error::is_api_path(req.uri().path()) => return unauthenticated(),
        Ok(None) => return Redirect::to(paths::LOGIN).into_response(),
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
    let htmx = Htmx::of(req.headers());
    let path = req.uri().path().to_string();
    req.extensions_mut().insert(signed.clone());
    let res = next.run(req).await;
    if res.extensions().get::<ForbiddenPage>().is_some() {
        return forbidden_page(&state, signed, &path, htmx).await;
    }
    if res.extensions().get::<NotFoundPage>().is_some() && !crate::error::is_api_path(&path) {
        return not_found_page(&state, signed, &path, htmx).await;
    }
    if let Some(LockedPage(lock)) = res.extensions().get::<LockedPage>().cloned() {
        return crate::notes_lock::pages::locked_page(&state, signed, lock, &path, htmx);
    }
    res
}

/// The answer to an address no route serves: the JSON error under `/api/`; elsewhere the
/// 404 page, in the signed-in layout with the ways back for a signed-in visitor, and the
/// plain page for anyone else.
pub async fn not_found<S: Store>(State(state): State<AppState<S>>, req: Request) -> Response {
    if crate::error::is_api_path(req.uri().path()) {
        return ApiError(WebError::NotFound).into_response();
    }
    match authenticate(&state, req.headers()).await {
        Ok(Some(signed)) => {
            not_found_page(&state, signed, req.uri().path(), Htmx::of(req.headers())).await
        }
        _ => {
            let mut res = WebError::NotFound.into_response();
            res.extensions_mut().remove::<NotFoundPage>();
            res
        }
    }
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

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// **401 Unauthorized**: an API request without a valid session or bearer token.
fn unauthenticated() -> Response {
    ApiError(WebError::Unauthenticated).into_response()
}

/// The account asking (served by `sessions`; described here).
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// The account's email address.
    pub email: String,
    /// `member`, `manager`, `admin` or `analyst`.
    pub role: String,
    /// Whether the account reads and records pay.
    pub pay: bool,
    /// The organisation's slug.
    pub org: String,
}

/// The account asking: its email, role, whether it sees pay, and its organisation.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    operation_id = "me",
    // The document's wording, kept until the API's description next changes.
    description = "The handler is `sessions::me`; this function only carries its description.",
    responses(
        (status = 200, description = "The account asking.", body = Me),
        (status = 401, description = "No session and no API token.", body = ErrorBody),
    )
)]
async fn me<S: Store>(
    State(state): State<AppState<S>>,
    Extension(signed): Extension<Signed>,
) -> Json<Me> {
    let account = signed.account;
    Json(Me {
        email: account.email.as_str().to_string(),
        role: account.role.as_str().to_string(),
        pay: account.pay,
        org: state.organisation().slug.as_str().to_string(),
    })
}
