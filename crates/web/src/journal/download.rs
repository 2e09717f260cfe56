//! The author's whole journal as a download: `/journal/journal.csv` (RFC 4180, the columns
//! of `pendulum_transfer::journal`) and `/journal/journal.json` (the API's entries, as one
//! array), newest first, `Content-Disposition: attachment`.
//!
//! A journal holds at most [`pendulum_store::MAX_JOURNAL_ENTRIES`] entries, each with up to
//! 5,000 characters of text. The body is streamed a page of [`CHUNK`] entries at a time,
//! each page read through the owner-only capability and written out before the next is
//! read, so the server holds one page however long the journal (a whole journal could be
//! a few hundred megabytes at most), and writing a page is a few milliseconds of work on
//! the async threads. The first page is read before answering, so that a journal that
//! cannot be read answers with its status; a failure after that ends the download early,
//! which the browser reports as a failed download.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use pendulum_domain::journal::JournalEntry;
use pendulum_store::{JournalCursor, Store};
use pendulum_transfer::journal::{journal_header, journal_rows};

use super::api::entry_info;
use crate::access::Viewer;
use crate::error::WebError;
use crate::state::AppState;

/// Entries read and written at a time.
pub const CHUNK: u32 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8; header=present",
            Self::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// The bytes before the first entry.
    fn opening(self) -> Vec<u8> {
        match self {
            Self::Csv => journal_header(),
            Self::Json => b"[".to_vec(),
        }
    }

    /// A page of entries; `first` when no entry was written before it.
    fn page(self, entries: &[JournalEntry], first: bool) -> Vec<u8> {
        match self {
            Self::Csv => journal_rows(entries),
            Self::Json => {
                let mut out = Vec::new();
                for (i, e) in entries.iter().enumerate() {
                    if !(first && i == 0) {
                        out.extend_from_slice(b",\n");
                    }
                    serde_json::to_writer(&mut out, &entry_info(e)).expect("an entry serialises");
                }
                out
            }
        }
    }

    fn closing(self) -> &'static [u8] {
        match self {
            Self::Csv => b"",
            Self::Json => b"]\n",
        }
    }
}

/// Where the stream is, after its first page (which is sent with the opening).
enum Step {
    /// The next page to read: the entries after this one.
    Read(JournalCursor),
    Close,
    Done,
}

pub(super) async fn csv<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
) -> Result<Response, WebError> {
    download(&state, viewer, Format::Csv).await
}

pub(super) async fn json<S: Store>(
    State(state): State<AppState<S>>,
    viewer: Viewer<S>,
) -> Result<Response, WebError> {
    download(&state, viewer, Format::Json).await
}

async fn download<S: Store>(
    state: &AppState<S>,
    viewer: Viewer<S>,
    format: Format,
) -> Result<Response, WebError> {
    let first = viewer.owner()?.journal_after(None, CHUNK).await?;
    let mut head = format.opening();
    head.extend(format.page(&first, true));
    let next = match first.last() {
        Some(last) if first.len() == CHUNK as usize => Step::Read(JournalCursor::from(last)),
        _ => Step::Close,
    };
    let rest = stream::unfold((viewer, next), move |(viewer, step)| async move {
        match step {
            Step::Done => None,
            Step::Close => Some((
                Ok(Bytes::from_static(format.closing())),
                (viewer, Step::Done),
            )),
            Step::Read(after) => {
                let read = match viewer.owner() {
                    Ok(owner) => owner.journal_after(Some(after), CHUNK).await,
                    Err(e) => Err(e),
                };
                match read {
                    Ok(page) => {
                        let next = match page.last() {
                            Some(last) if page.len() == CHUNK as usize => {
                                Step::Read(JournalCursor::from(last))
                            }
                            _ => Step::Close,
                        };
                        // A full first page came before: every entry here follows one.
                        let bytes = format.page(&page, false);
                        Some((Ok(Bytes::from(bytes)), (viewer, next)))
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "a journal download ended early");
                        Some((Err(e), (viewer, Step::Done)))
                    }
                }
            }
        }
    });
    let body = stream::iter([Ok::<_, WebError>(Bytes::from(head))]).chain(rest);
    let today = state.sealed().today();
    let disposition = format!(
        "attachment; filename=\"journal-{today}.{}\"",
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response())
}
