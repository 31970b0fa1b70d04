//! Users: `{id, data}` objects referenced from activities as `SU:<id>`: add, get (with follow
//! counts), update, delete, and the batch `users/` endpoints.

mod handlers;
mod store;

pub(crate) use store::*;

use crate::router::RouterExt;
use crate::state::SharedState;
use axum::Router;
use axum::routing::{get, post};

/// The `user/` and `users/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1("user", post(handlers::add))
        .v1(
            "user/{id}",
            get(handlers::get_one)
                .put(handlers::update)
                .delete(handlers::remove),
        )
        .v1(
            "users",
            get(handlers::get_many)
                .post(handlers::add_many)
                .delete(handlers::delete_many),
        )
}
