//! Activities by id: get (plain and enriched), update whole activities, partial updates, and
//! the `to` targets of an activity.

mod handlers;

use axum::Router;
use axum::routing::{get, post};

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1(
            "activities",
            get(handlers::get_activities).post(handlers::update_activities),
        )
        .v1("enrich/activities", get(handlers::get_activities_enriched))
        .v1("activity", post(handlers::partial_update))
        .v1(
            "feed_targets/{slug}/{user}/activity_to_targets",
            post(handlers::update_to_targets),
        )
}
