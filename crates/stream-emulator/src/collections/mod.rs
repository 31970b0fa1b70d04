//! Collections: objects stored by `(collection, id)`, referenced from activities as
//! `SO:<collection>:<id>`: add, get, update, delete, batch upsert, select and delete.

mod handlers;
mod store;

pub(crate) use store::*;

use crate::router::RouterExt;
use crate::state::SharedState;
use axum::Router;
use axum::routing::{delete, get, post};

/// The `collections/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1(
            "collections",
            get(handlers::select)
                .post(handlers::upsert)
                .delete(handlers::delete_many),
        )
        .v1("collections/{name}", post(handlers::add))
        .v1(
            "collections/{name}/{id}",
            get(handlers::get_one)
                .put(handlers::update)
                .delete(delete(handlers::remove)),
        )
}
