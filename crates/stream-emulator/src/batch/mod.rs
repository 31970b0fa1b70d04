//! Batch operations: follow many, unfollow many, and add one activity to many feeds.

mod handlers;

use axum::Router;
use axum::routing::post;

use crate::router::{API, route_both};
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(
        r,
        &format!("{API}/feed/add_to_many"),
        post(handlers::add_to_many),
    );
    r = route_both(
        r,
        &format!("{API}/follow_many"),
        post(handlers::follow_many),
    );
    route_both(
        r,
        &format!("{API}/unfollow_many"),
        post(handlers::unfollow_many),
    )
}
