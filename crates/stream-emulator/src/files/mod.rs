//! Uploaded files and images, kept in memory and served back at
//! `<base url>/files/<id>/<filename>` (no auth, as CDN URLs are); image processing URLs.

mod handlers;
mod store;

pub(crate) use store::*;

use crate::router::{API, route_both};
use crate::state::SharedState;
use axum::Router;
use axum::routing::get;

/// The upload routes and the file server.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(
        r,
        &format!("{API}/files"),
        axum::routing::post(handlers::upload_file).delete(handlers::delete_upload),
    );
    r = route_both(
        r,
        &format!("{API}/images"),
        axum::routing::post(handlers::upload_image)
            .delete(handlers::delete_upload)
            .get(handlers::process_image),
    );
    r = r.route("/files/{id}/{name}", get(handlers::serve));
    r
}
