//! Batch operations: follow many, unfollow many, and add one activity to many feeds.

mod handlers;

use axum::Router;
use axum::routing::post;

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1("feed/add_to_many", post(handlers::add_to_many))
        .v1("follow_many", post(handlers::follow_many))
        .v1("unfollow_many", post(handlers::unfollow_many))
}
