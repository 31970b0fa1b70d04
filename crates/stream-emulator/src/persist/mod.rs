//! Durable storage of every app's data in one embedded database file (`--data FILE`, a redb
//! file). Stores record which entries a request changed ([`Tracked`] maps); when the request
//! releases the app's lock a commit is asked of the group-commit [`Writer`], and the answer is
//! sent only once that commit is on disk ([`durable_responses`]). Apps are rows under their api
//! key, so apps sharing a file never overwrite each other.

mod db;
mod rows;
mod tracked;
mod writer;

use std::cell::Cell;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub(crate) use db::DataFile;
pub(crate) use rows::StoredRows;
pub(crate) use tracked::{Tracked, TrackedLog};
pub(crate) use writer::Writer;

use crate::error::ApiError;

tokio::task_local! {
    /// The commit the request being served waits for (0: none).
    static COMMIT_WANTED: Cell<u64>;
}

/// Called (with the app still locked) after a lock holder changed data: asks for a commit and,
/// inside a request, makes the request wait for it.
pub(crate) fn note_change(writer: &Writer) {
    let in_request = COMMIT_WANTED.try_with(|_| ()).is_ok();
    let number = writer.request(!in_request);
    let _ = COMMIT_WANTED.try_with(|c| c.set(c.get().max(number)));
}

/// Middleware: answers a request that changed data only once the change is on disk (a 500
/// `StorageError` when it could not be written).
pub(crate) async fn durable_responses(
    State(writer): State<Arc<Writer>>,
    request: Request,
    next: Next,
) -> Response {
    let (response, wanted) = COMMIT_WANTED
        .scope(Cell::new(0), async {
            let response = next.run(request).await;
            (response, COMMIT_WANTED.with(Cell::get))
        })
        .await;
    if wanted == 0 {
        return response;
    }
    match writer.wait(wanted).await {
        Ok(()) => response,
        Err(_) => ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            -1,
            "InternalSystemError",
            "the change could not be written to the data file",
        )
        .into_response(),
    }
}
