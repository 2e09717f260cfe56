//! The style sheet and htmx, compiled into the binary by `pendulum-views`.

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pendulum_views::assets;

use crate::error::WebError;

/// Browsers keep an asset for an hour and then revalidate with its ETag. Asset names
/// carry no content hash, so a long lifetime would keep an old style sheet after an
/// upgrade; the ETag makes each revalidation a cheap 304.
const CACHE_CONTROL: &str = "public, max-age=3600";

pub async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Result<Response, WebError> {
    let asset = assets::get(&file).ok_or(WebError::NotFound)?;
    let etag = etag(asset.content);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let cache = [
        (header::CACHE_CONTROL, CACHE_CONTROL.to_string()),
        (header::ETAG, etag),
    ];
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, asset.content_type)],
        asset.content,
    )
        .into_response())
}

/// A validator for the content: it changes whenever the binary ships a different file.
fn etag(content: &str) -> String {
    let mut h = DefaultHasher::new();
    content.hash(&mut h);
    format!("\"{:016x}\"", h.finish())
}
