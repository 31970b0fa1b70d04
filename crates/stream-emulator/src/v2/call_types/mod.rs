//! v2 call types: create, get, list, update and delete. Calls of a type start from its settings.

mod handlers;
mod store;

pub(crate) use store::{V2CallType, all, find, settings_of};

use axum::Router;
use axum::routing::get;

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v2(
            "video/calltypes",
            get(handlers::list).post(handlers::create),
        )
        .v2(
            "video/calltypes/{name}",
            get(handlers::get)
                .put(handlers::update)
                .delete(handlers::delete),
        )
}
