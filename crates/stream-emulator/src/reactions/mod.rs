//! Reactions: add (with children up to three levels), get (one, or many by id), update, soft
//! and hard delete, restore, filter by activity, reaction or user; reactions can be added to
//! target feeds.

mod handlers;
mod json;
mod many;
mod ranked;
mod store;

pub(crate) use json::push_limited;
use ranked::selected;
pub(crate) use store::*;

use crate::router::RouterExt;
use crate::state::SharedState;
use axum::Router;
use axum::routing::{any, get, post};

/// The `reaction/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1("reaction", post(handlers::add))
        .v1("reaction/get_many", get(many::get_many))
        .v1(
            "reaction/{a}",
            get(handlers::get_one)
                .put(handlers::update)
                .delete(handlers::remove),
        )
        .v1("reaction/{a}/{b}", any(handlers::two_segments))
        .v1("reaction/{a}/{b}/{c}", get(handlers::filter_kind))
}
