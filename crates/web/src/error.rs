//! The web layer's error type. Handlers return `Result<_, WebError>` (pages) or
//! `Result<_, ApiError>` (the JSON API); each variant becomes one status and one stable
//! code. What a client sees is fixed text or a message written for people (a rule of the
//! role history, a refused input): a database's or a template's message goes to the log,
//! never into a response.

use axum::Json;
use axum::extract::FromRequest;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_domain::TimelineError;
use pendulum_store::StoreError;
use pendulum_views::paths;
use serde::Serialize;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// **404 Not Found**: no such page or record, a record of another organisation, a
    /// person the viewer may not see, or no published framework yet.
    #[error("not found")]
    NotFound,
    /// **401 Unauthorized**: no session and no API token.
    #[error("not signed in")]
    Unauthenticated,
    /// **403 Forbidden**: the viewer's role does not allow this page or action.
    #[error("forbidden")]
    Forbidden,
    /// **422 Unprocessable Content**: the input was refused; the message says why and is
    /// written for people (a rule of the role history, a framework that fails `check`…).
    /// `field` names the form field at fault when one is (a page marks it beside the
    /// field: `pendulum_views::forms`).
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// **409 Conflict**: someone else changed the same record first; retry.
    #[error("conflict")]
    Conflict,
    /// **413 Content Too Large**: the request body is over [`crate::server::MAX_BODY`] (or
    /// a route's smaller limit); nothing was read further and nothing was done.
    #[error("too large")]
    TooLarge,
    /// **423 Locked**: the viewer's journal and reflections are locked, since their account
    /// was handed to someone else, until the recovery code is entered
    /// ([`pendulum_store::notes_lock`]). A page answers with the lock's page (the sign-in
    /// layer draws it in the signed-in layout, [`LockedPage`]), the API with the code
    /// `private_notes_locked`.
    #[error("private notes locked")]
    PrivateNotesLocked(pendulum_store::NotesLocked),
    /// **503 Service Unavailable** with `Retry-After`: a bound on expensive work is reached
    /// ([`BusyWith`]: the password workers and their queue, or the journal downloads);
    /// nothing was done.
    #[error("busy")]
    Busy(BusyWith),
    /// **500 Internal Server Error**: anything else that should not happen, such as a
    /// database error. The cause is logged; the client gets a generic answer.
    #[error("internal error")]
    Internal(#[source] StoreError),
}

impl WebError {
    /// An internal failure that is not the store's, such as the random source failing.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(StoreError::database(e))
    }

    /// A refused input, with a stable `code` and a message for people.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// The same refusal, about form field `name` (no change to any other error).
    pub fn at_field(self, name: &'static str) -> Self {
        match self {
            Self::Invalid { code, message, .. } => Self::Invalid {
                code,
                message,
                field: Some(name),
            },
            other => other,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict => StatusCode::CONFLICT,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::PrivateNotesLocked(_) => StatusCode::LOCKED,
            Self::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code of the JSON error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden => "forbidden",
            Self::Invalid { code, .. } => code,
            Self::Conflict => "conflict",
            Self::TooLarge => "too_large",
            Self::PrivateNotesLocked(_) => "private_notes_locked",
            Self::Busy(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// What the client is told.
    pub fn public_message(&self) -> String {
        match self {
            Self::NotFound => "There is nothing at this address.".into(),
            Self::Unauthenticated => {
                "Sign in, or send an API token as `Authorization: Bearer TOKEN`.".into()
            }
            Self::Forbidden => "Your role does not allow this.".into(),
            Self::Invalid { message, .. } => message.clone(),
            Self::Conflict => {
                "Someone else changed the same record first; nothing was written. Try again.".into()
            }
            Self::TooLarge => too_large_message(),
            Self::PrivateNotesLocked(lock) => lock.cause.message().into(),
            Self::Busy(with) => with.message().into(),
            Self::Internal(_) => {
                "Pendulum could not answer this request. The problem has been logged.".into()
            }
        }
    }

    fn log(&self) {
        if let Self::Internal(source) = self {
            tracing::error!(error = %source, "internal error");
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Self::NotFound,
            StoreError::Conflict => Self::Conflict,
            StoreError::Rule(rule) => {
                let field = rule_field(&rule);
                let e = Self::invalid("rule", rule.to_string());
                match field {
                    Some(field) => e.at_field(field),
                    None => e,
                }
            }
            StoreError::Invalid(message) => Self::invalid("invalid", message),
            StoreError::PayProtected(message) => {
                Self::invalid("pay_protected", message).at_field("below_pre_trial_reason")
            }
            StoreError::Import(problems) => Self::invalid("import", problems.to_string()),
            other => Self::Internal(other),
        }
    }
}

/// The field of a role event (as the record form and the API's `EventInput` name them) that
/// a refusing rule of the role history is about, so that a form marks it; `None` for rules
/// about the history as a whole.
fn rule_field(rule: &TimelineError) -> Option<&'static str> {
    use TimelineError as E;
    Some(match rule {
        E::MissingLevel { .. }
        | E::UnknownLevel { .. }
        | E::LevelNotInVersion { .. }
        | E::PromotionAcrossTracks { .. }
        | E::PromotionNotHigher { .. }
        | E::MoveWithinTrack { .. }
        | E::MoveNotAllowed { .. }
        | E::TrialTargetNotManagement { .. }
        | E::TrialWithinTrack { .. }
        | E::StayLevelMismatch { .. }
        | E::LevelChangeNotAllowed { .. } => "level",
        E::TrialEndsBeforeStart { .. }
        | E::MissingTrialUntil { .. }
        | E::TrialExtensionNotLater { .. } => "until",
        E::MissingOutcome { .. } => "outcome",
        E::ExtensionNeedsReason { .. } => "reason",
        E::TooManyExtensions { .. } => "kind",
        E::BeforeHire { .. } | E::AfterExit { .. } | E::AlreadyExited { .. } => "effective",
        E::NoHire { .. }
        | E::AlreadyHired { .. }
        | E::DuringTrial { .. }
        | E::TrialInsideTrial { .. }
        | E::NotInTrial { .. }
        | E::NotActive { .. }
        | E::NothingToReturnFrom { .. } => "kind",
        _ => return None,
    })
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let (title, text) = match &self {
            Self::NotFound => ("Not found", "There is no page at this address."),
            Self::Unauthenticated => ("Sign in", "Sign in to see this page."),
            Self::Forbidden => (
                "You do not have access to this page",
                "Your role in this organisation does not include this page. \
                 If you need it, ask an administrator.",
            ),
            Self::Invalid { .. } => ("That was refused", ""),
            Self::Conflict => (
                "Someone else was quicker",
                "Someone else changed the same record first; nothing was written. \
                 Go back, reload and try again.",
            ),
            Self::TooLarge => ("That is too large", ""),
            Self::PrivateNotesLocked(lock) => ("Your notes are locked", lock.cause.message()),
            Self::Busy(with) => ("Pendulum is busy", with.message()),
            Self::Internal(_) => (
                "Something went wrong",
                "Pendulum could not answer this request. The problem has been logged.",
            ),
        };
        let text = match &self {
            Self::Invalid { message, .. } => pendulum_views::markup::escape(message),
            Self::TooLarge => too_large_message(),
            _ => text.to_string(),
        };
        let mut res = (
            self.status(),
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            error_page(title, &text),
        )
            .into_response();
        if matches!(self, Self::Busy(_)) {
            res.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(RETRY_AFTER_SECS),
            );
        }
        match self {
            // The sign-in layer replaces these pages with ones in the signed-in layout.
            Self::Forbidden => {
                res.extensions_mut().insert(ForbiddenPage);
            }
            Self::NotFound => {
                res.extensions_mut().insert(NotFoundPage);
            }
            Self::PrivateNotesLocked(lock) => {
                res.extensions_mut().insert(LockedPage(lock));
            }
            _ => {}
        }
        res
    }
}

/// What the server was too busy with, when it answers **503**.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusyWith {
    /// Every password worker is taken and too many requests wait
    /// ([`crate::passwords::Busy`]).
    Passwords,
    /// As many journal downloads as [`crate::Limits::max_downloads`] allows are being
    /// prepared.
    Downloads,
    /// A simulation or a projection is running and another waited its turn too long
    /// (`crate::simulate`).
    Simulations,
}

impl BusyWith {
    /// What a client is told.
    pub fn message(self) -> &'static str {
        match self {
            Self::Passwords => {
                "Pendulum is busy checking passwords. Nothing was done; try again in a few seconds."
            }
            Self::Downloads => {
                "Pendulum is preparing as many downloads as it allows at once. Nothing was \
                 done; try the download again in a few seconds."
            }
            Self::Simulations => {
                "Pendulum is running another simulation. Nothing was done; try again in a few \
                 seconds."
            }
        }
    }
}

/// How long a client should wait before trying again after a 503, in seconds.
pub(crate) const RETRY_AFTER_SECS: &str = "5";

/// What a client is told about a body over the limit.
fn too_large_message() -> String {
    format!(
        "The request is larger than the {} MiB Pendulum accepts; nothing was done.",
        crate::server::MAX_BODY / (1024 * 1024)
    )
}

impl From<crate::passwords::Busy> for WebError {
    fn from(_: crate::passwords::Busy) -> Self {
        Self::Busy(BusyWith::Passwords)
    }
}

/// Marks the HTML answer of [`WebError::Forbidden`], which knows nothing of the viewer,
/// so that the sign-in layer can answer with the page in the signed-in layout instead.
#[derive(Clone, Copy, Debug)]
pub struct ForbiddenPage;

/// Marks the HTML answer of [`WebError::NotFound`], like [`ForbiddenPage`].
#[derive(Clone, Copy, Debug)]
pub struct NotFoundPage;

/// Marks the HTML answer of [`WebError::PrivateNotesLocked`], like [`ForbiddenPage`]: the
/// sign-in layer answers with the lock's page and its unlock form instead.
#[derive(Clone, Debug)]
pub struct LockedPage(pub pendulum_store::NotesLocked);

/// An error of the JSON API: `{"error": {"code": "…", "message": "…"}}` with the status
/// of the [`WebError`] inside.
#[derive(Debug)]
pub struct ApiError(pub WebError);

/// The body of every JSON error.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// A stable, machine-readable `code` (`not_found`, `unauthenticated`, `forbidden`, `rule`,
/// `invalid`, `conflict`, `internal`…) and a message for people.
#[derive(Debug, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// For a refused input, the field at fault, when it is one (`mentor`, `criteria`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut res = match &self.0 {
            WebError::Invalid {
                code,
                message,
                field: Some(field),
            } => api_error_at(StatusCode::UNPROCESSABLE_ENTITY, code, message, field),
            _ => api_error(self.0.status(), self.0.code(), self.0.public_message()),
        };
        if matches!(self.0, WebError::Busy(_)) {
            res.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_static(RETRY_AFTER_SECS),
            );
        }
        if matches!(self.0, WebError::Unauthenticated) {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

/// Whether `path` belongs to the API (`/api` and everything under `/api/`), whose errors
/// are JSON rather than pages.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The JSON error document with `status`, a stable `code` and a message for people.
pub(crate) fn api_error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message: message.into(),
            field: None,
        },
    };
    (status, Json(body)).into_response()
}

/// [`api_error`] about one input field.
fn api_error_at(status: StatusCode, code: &str, message: &str, field: &str) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_string(),
            message: message.to_string(),
            field: Some(field.to_string()),
        },
    };
    (status, Json(body)).into_response()
}

/// The stable `code` of an API error that only has a status: what axum's rejections and
/// the shared layers (body limit, timeouts, an unknown path or method) answer with.
pub(crate) fn status_code_name(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        409 => "conflict",
        413 => "too_large",
        415 => "unsupported_media_type",
        422 => "invalid",
        423 => "private_notes_locked",
        429 => "too_many_requests",
        503 => "unavailable",
        s if s >= 500 => "internal",
        _ => "bad_request",
    }
}

/// What the client is told for an API error that only has a status (see
/// [`status_code_name`]).
pub(crate) fn status_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request is malformed.",
        401 => "Sign in, or send an API token as `Authorization: Bearer TOKEN`.",
        403 => "Your role does not allow this.",
        404 => "There is nothing at this address.",
        405 => "This address does not answer this method; the `Allow` header lists those it does.",
        408 => "The request took too long to arrive; nothing was done.",
        409 => "Someone else changed the same record first; nothing was written. Try again.",
        413 => "The request body is too large; nothing was done.",
        415 => "The request body must be JSON, sent with `Content-Type: application/json`.",
        422 => "The input was refused.",
        423 => "Your journal and reflections are locked: enter your recovery code to unlock them.",
        429 => "Too many requests; wait as long as `Retry-After` says, then try again.",
        503 => "Pendulum is busy; wait as long as `Retry-After` says, then try again.",
        s if s >= 500 => "Pendulum could not answer this request. The problem has been logged.",
        _ => "The request was refused.",
    }
}

/// A small page that needs nothing from the store, so it renders even when the store
/// is down. `title` is a fixed string of this module; `text` is fixed or escaped.
pub(crate) fn error_page(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Pendulum</title>\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n<main id=\"main\">\n\
         <h1>{title}</h1>\n<p>{text}</p>\n<p><a href=\"/\">Home</a> · \
         <a href=\"{home}\">The framework</a></p>\n\
         </main>\n</body>\n</html>\n",
        css = format_args!("{}{}", paths::STATIC_BASE, pendulum_views::assets::CSS.name),
        home = paths::FRAMEWORK_BASE,
    )
}

/// A JSON request body for the API: like axum's `Json`, and refused with the same
/// statuses (415 without `Content-Type: application/json`, 400 for a body that is not
/// JSON, 413 for one over the body limit, 422 with code `bad_request` for JSON that is not
/// the shape asked for), but as the API's JSON error with axum's explanation as the
/// message rather than as plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => {
                let status = rejection.status();
                let code = match status {
                    StatusCode::UNPROCESSABLE_ENTITY => "bad_request",
                    other => status_code_name(other),
                };
                Err(api_error(status, code, rejection.body_text()))
            }
        }
    }
}

/// A JSON request body for the API as text, for a route that parses it itself so that a
/// refusal can point at a line and column: 415 without `Content-Type: application/json`
/// (or another `+json` type), 413 over `LIMIT` bytes (nothing more is read), 400 for a
/// body that is not UTF-8.
pub struct ApiJsonText<const LIMIT: usize>(pub String);

impl<S, const LIMIT: usize> FromRequest<S> for ApiJsonText<LIMIT>
where
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, _: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            let status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
            return Err(api_error(
                status,
                status_code_name(status),
                status_message(status),
            ));
        }
        let too_large = || {
            let status = StatusCode::PAYLOAD_TOO_LARGE;
            api_error(status, status_code_name(status), status_message(status))
        };
        let bytes = axum::body::to_bytes(req.into_body(), LIMIT)
            .await
            .map_err(|_| too_large())?;
        String::from_utf8(bytes.into()).map(Self).map_err(|_| {
            api_error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "The request body is not UTF-8 text.",
            )
        })
    }
}

/// Whether a request says its body is JSON: `application/json`, or an `application/…+json`
/// type, with any parameters.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::is_api_path;

    #[test]
    fn a_json_body_is_told_by_its_content_type() {
        use axum::http::{HeaderMap, HeaderValue, header};
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            super::is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("application/vnd.pendulum+json"));
        assert!(!with("text/plain"));
        assert!(!with("application/jsonp"));
        assert!(!with("text/json+xml"));
        assert!(!super::is_json(&HeaderMap::new()));
    }

    #[test]
    fn the_api_is_api_and_everything_under_it() {
        assert!(is_api_path("/api"));
        assert!(is_api_path("/api/"));
        assert!(is_api_path("/api/v1/nothing"));
        assert!(!is_api_path("/apiary"));
        assert!(!is_api_path("/people/api"));
    }
}
