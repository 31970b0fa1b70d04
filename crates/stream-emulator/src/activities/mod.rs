//! Activities by id: get (plain and enriched), update whole activities, partial updates, and
//! the `to` targets of an activity.

mod handlers;

use axum::Router;
use axum::routing::{get, post};

use crate::router::{API, route_both};
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(
        r,
        &format!("{API}/activities"),
        get(handlers::get_activities).post(handlers::update_activities),
    );
    r = route_both(
        r,
        &format!("{API}/enrich/activities"),
        get(handlers::get_activities_enriched),
    );
    r = route_both(
        r,
        &format!("{API}/activity"),
        post(handlers::partial_update),
    );
    route_both(
        r,
        &format!("{API}/feed_targets/{{slug}}/{{user}}/activity_to_targets"),
        post(handlers::update_to_targets),
    )
}
