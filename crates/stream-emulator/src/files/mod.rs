//! Uploaded files and images, kept in memory and served back at
//! `<base url>/files/<id>/<filename>` (no auth, as CDN URLs are); image processing URLs.

mod handlers;
mod store;

pub(crate) use store::*;

use crate::router::RouterExt;
use crate::state::SharedState;
use axum::Router;
use axum::routing::get;

/// The upload routes and the file server.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1(
            "files",
            axum::routing::post(handlers::upload_file).delete(handlers::delete_upload),
        )
        .v1(
            "images",
            axum::routing::post(handlers::upload_image)
                .delete(handlers::delete_upload)
                .get(handlers::process_image),
        )
        .route("/files/{id}/{name}", get(handlers::serve))
}
