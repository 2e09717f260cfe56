//! The web layer's one error type. Handlers return `Result<_, WebError>`; each variant
//! becomes one status. What a client sees is fixed text: a store's or a template's
//! message goes to the log, never into a response.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// **404 Not Found**: no such page, track or level, or the organisation has no
    /// published framework yet. Answered with the HTML 404 page.
    #[error("not found")]
    NotFound,
    /// **500 Internal Server Error**: anything else that should not happen, such as a
    /// database error or a stored framework that no longer passes `check`. The cause is logged; the client
    /// gets a generic page.
    #[error("internal error")]
    Internal(#[source] StoreError),
}

impl WebError {
    /// An internal failure that is not the store's, such as the random source failing.
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(StoreError::database(e))
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => Self::NotFound,
            other => Self::Internal(other),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, text) = match &self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is no page at this address.",
            ),
            Self::Internal(source) => {
                tracing::error!(error = %source, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Pendulum could not answer this request. The problem has been logged.",
                )
            }
        };
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            error_page(title, text),
        )
            .into_response()
    }
}

/// The answer to a route that does not exist.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// A small page that needs nothing from the store, so it renders even when the store
/// is down. `title` and `text` are fixed strings of this module, never client input.
fn error_page(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Pendulum</title>\n\
         <link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n<main id=\"main\">\n\
         <h1>{title}</h1>\n<p>{text}</p>\n<p><a href=\"{home}\">The framework</a></p>\n\
         </main>\n</body>\n</html>\n",
        css = format_args!("{}{}", crate::STATIC_BASE, pendulum_views::assets::CSS.name),
        home = crate::FRAMEWORK_BASE,
    )
}
