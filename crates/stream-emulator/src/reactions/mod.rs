//! Reactions: add (with children up to three levels), get, update, soft and hard delete,
//! restore, filter by activity, reaction or user; reactions can be added to target feeds.

mod handlers;
mod json;
mod store;

pub(crate) use json::push_limited;
pub(crate) use store::*;

use crate::router::{API, route_both};
use crate::state::SharedState;
use axum::Router;
use axum::routing::{any, get, post};

/// The `reaction/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(r, &format!("{API}/reaction"), post(handlers::add));
    r = route_both(
        r,
        &format!("{API}/reaction/{{a}}"),
        get(handlers::get_one)
            .put(handlers::update)
            .delete(handlers::remove),
    );
    r = route_both(
        r,
        &format!("{API}/reaction/{{a}}/{{b}}"),
        any(handlers::two_segments),
    );
    r = route_both(
        r,
        &format!("{API}/reaction/{{a}}/{{b}}/{{c}}"),
        get(handlers::filter_kind),
    );
    r
}
