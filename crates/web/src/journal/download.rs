//! The author's whole journal as a download: `/journal/journal.csv` (RFC 4180, the columns
//! of `pendulum_transfer::journal`) and `/journal/journal.json` (the API's entries, as one
//! array), newest first, `Content-Disposition: attachment`.
//!
//! A journal holds at most [`pendulum_store::MAX_JOURNAL_ENTRIES`] entries, each with a
//! note of up to 4,000 characters and 1,000 of what was learned: a whole journal could be a
//! few hundred megabytes at most. So a download is bounded three ways:
//!
//! - **At most [`crate::Limits::max_downloads`] at once.** A download holds a permit of
//!   the state's download slots from before its first read until its body ends or the
//!   client goes away. When every slot is taken, another is refused at once with **503**
//!   and `Retry-After` ([`BusyWith::Downloads`]): none waits in a queue.
//! - **One page in memory.** The body is streamed a page of [`CHUNK`] entries at a time,
//!   each page read through the owner-only capability and written out before the next is
//!   read (the body is asked for more only once the connection has taken what came
//!   before), so a download holds one page (a few megabytes at most) however long the
//!   journal.
//! - **Off the async threads.** Turning a page into CSV or JSON runs on the blocking pool
//!   ([`tokio::task::spawn_blocking`]), never on the threads that serve requests; the
//!   slots bound how many such tasks run at once.
//!
//! The first page is read before answering, so that a journal that cannot be read answers
//! with its status; a failure after that ends the download early, which the browser
//! reports as a failed download.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use pendulum_domain::journal::JournalEntry;
use pendulum_store::{JournalCursor, Store};
use pendulum_transfer::journal::{journal_header, journal_rows};
use tokio::sync::OwnedSemaphorePermit;

use super::api::entry_info;
use crate::access::Viewer;
use crate::error::{BusyWith, WebError};
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

    /// [`Self::page`] of `entries`, after the opening when `first`, written on the
    /// blocking pool.
    async fn write(self, entries: Vec<JournalEntry>, first: bool) -> Result<Bytes, WebError> {
        tokio::task::spawn_blocking(move || {
            let mut out = if first { self.opening() } else { Vec::new() };
            out.extend(self.page(&entries, first));
            Bytes::from(out)
        })
        .await
        .map_err(WebError::internal)
    }
}

/// Where the stream is, after its first page (which is sent with the opening).
enum Step {
    /// The next page to read: the entries after this one.
    Read(JournalCursor),
    Close,
    Done,
}

/// What follows `page` (the last page read): the entries after its last when it was full.
fn after(page: &[JournalEntry]) -> Step {
    match page.last() {
        Some(last) if page.len() == CHUNK as usize => Step::Read(JournalCursor::from(last)),
        _ => Step::Close,
    }
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
    // An account linked to no person has no journal (404), busy or not.
    viewer.owner()?;
    let slot = state
        .download_slots()
        .clone()
        .try_acquire_owned()
        .map_err(|_| WebError::Busy(BusyWith::Downloads))?;
    let first = viewer.owner()?.journal_after(None, CHUNK).await?;
    let next = after(&first);
    let head = format.write(first, true).await?;
    // The slot goes with the stream: given back when the body ends or is dropped.
    let rest = stream::unfold(
        (viewer, next, slot),
        move |(viewer, step, slot): (Viewer<S>, Step, OwnedSemaphorePermit)| async move {
            match step {
                Step::Done => None,
                Step::Close => Some((
                    Ok(Bytes::from_static(format.closing())),
                    (viewer, Step::Done, slot),
                )),
                Step::Read(cursor) => {
                    let read = match viewer.owner() {
                        Ok(owner) => owner.journal_after(Some(cursor), CHUNK).await,
                        Err(e) => Err(e),
                    };
                    // A full first page came before: every entry here follows one.
                    let written = match read {
                        Ok(page) => {
                            let next = after(&page);
                            format.write(page, false).await.map(|bytes| (bytes, next))
                        }
                        Err(e) => Err(e),
                    };
                    match written {
                        Ok((bytes, next)) => Some((Ok(bytes), (viewer, next, slot))),
                        Err(e) => {
                            tracing::warn!(error = %e, "a journal download ended early");
                            Some((Err(e), (viewer, Step::Done, slot)))
                        }
                    }
                }
            }
        },
    );
    let body = stream::iter([Ok::<_, WebError>(head)]).chain(rest);
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
