//! The web layer's error type. Handlers return `Result<_, WebError>` (pages) or
//! `Result<_, ApiError>` (the JSON API); each variant becomes one status and one stable
//! code. What a client sees is fixed text or a message written for people (a rule of the
//! role history, a refused input): a database's or a template's message goes to the log,
//! never into a response.

use axum::Json;
use axum::extract::FromRequest;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_store::StoreError;
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
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    /// **409 Conflict**: someone else changed the same record first; retry.
    #[error("conflict")]
    Conflict,
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
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict => StatusCode::CONFLICT,
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
            StoreError::Rule(rule) => Self::invalid("rule", rule.to_string()),
            StoreError::Invalid(message) => Self::invalid("invalid", message),
            StoreError::Import(problems) => Self::invalid("import", problems.to_string()),
            other => Self::Internal(other),
        }
    }
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
            Self::Internal(_) => (
                "Something went wrong",
                "Pendulum could not answer this request. The problem has been logged.",
            ),
        };
        let text = match &self {
            Self::Invalid { message, .. } => pendulum_views::markup::escape(message),
            _ => text.to_string(),
        };
        let mut res = (
            self.status(),
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            error_page(title, &text),
        )
            .into_response();
        if matches!(self, Self::Forbidden) {
            // The sign-in layer replaces this page with one in the signed-in layout.
            res.extensions_mut().insert(ForbiddenPage);
        }
        res
    }
}

/// Marks the HTML answer of [`WebError::Forbidden`], which knows nothing of the viewer,
/// so that the sign-in layer can answer with the page in the signed-in layout instead.
#[derive(Clone, Copy, Debug)]
pub struct ForbiddenPage;

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
}

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.0.code().to_string(),
                message: self.0.public_message(),
            },
        };
        let mut res = (self.0.status(), Json(body)).into_response();
        if matches!(self.0, WebError::Unauthenticated) {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

/// The answer to a route that does not exist.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// A small page that needs nothing from the store, so it renders even when the store
/// is down. `title` is a fixed string of this module; `text` is fixed or escaped.
fn error_page(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Pendulum</title>\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n<main id=\"main\">\n\
         <h1>{title}</h1>\n<p>{text}</p>\n<p><a href=\"/\">Home</a> · \
         <a href=\"{home}\">The framework</a></p>\n\
         </main>\n</body>\n</html>\n",
        css = format_args!("{}{}", crate::STATIC_BASE, pendulum_views::assets::CSS.name),
        home = crate::FRAMEWORK_BASE,
    )
}

/// A JSON request body for the API: like axum's `Json`, but a body that is not JSON, or
/// not the shape asked for, is answered with the API's own error (422, code
/// `bad_request`, serde's explanation as the message) rather than axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError(WebError::invalid(
                "bad_request",
                rejection.body_text(),
            ))),
        }
    }
}
