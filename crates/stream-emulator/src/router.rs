//! The HTTP routes. Every path is served with and without a trailing slash.

use axum::Router;
use axum::http::{Method, Uri};
use axum::routing::{MethodRouter, delete, get, post};

use crate::error::ApiError;
use crate::feeds::handlers as h;
use crate::state::SharedState;

/// Adds `path` and `path/` (or the slash-less form when `path` ends with `/`) to `router`.
pub fn route_both(
    router: Router<SharedState>,
    path: &str,
    mr: MethodRouter<SharedState>,
) -> Router<SharedState> {
    let trimmed = path.trim_end_matches('/');
    router
        .route(trimmed, mr.clone())
        .route(&format!("{trimmed}/"), mr)
}

fn feed_routes() -> Router<SharedState> {
    let mut r = Router::new();
    let api = "/api/v1.0";
    let feed_rw = || get(h::read_feed).post(h::add_activities);
    r = route_both(r, &format!("{api}/feed/{{slug}}/{{user}}"), feed_rw());
    r = route_both(
        r,
        &format!("{api}/enrich/feed/{{slug}}/{{user}}"),
        get(h::read_feed_enriched),
    );
    r = route_both(
        r,
        &format!("{api}/feed/{{slug}}/{{user}}/{{activity_id}}"),
        delete(h::remove_activity),
    );
    for follows in ["follows", "following"] {
        r = route_both(
            r,
            &format!("{api}/feed/{{slug}}/{{user}}/{follows}"),
            get(h::following).post(h::follow),
        );
        r = route_both(
            r,
            &format!("{api}/feed/{{slug}}/{{user}}/{follows}/{{target}}"),
            delete(h::unfollow),
        );
    }
    r = route_both(
        r,
        &format!("{api}/feed/{{slug}}/{{user}}/followers"),
        get(h::followers),
    );
    r = route_both(
        r,
        &format!("{api}/feed_targets/{{slug}}/{{user}}/activity_to_targets"),
        post(h::update_to_targets),
    );
    r = route_both(r, &format!("{api}/feed/add_to_many"), post(h::add_to_many));
    r = route_both(r, &format!("{api}/follow_many"), post(h::follow_many));
    r = route_both(r, &format!("{api}/unfollow_many"), post(h::unfollow_many));
    r = route_both(r, &format!("{api}/stats/follow"), get(h::follow_stats));
    r = route_both(
        r,
        &format!("{api}/activities"),
        get(h::get_activities).post(h::update_activities),
    );
    r = route_both(
        r,
        &format!("{api}/enrich/activities"),
        get(h::get_activities_enriched),
    );
    r = route_both(r, &format!("{api}/activity"), post(h::partial_update));
    r
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::no_route(&format!("{method} {}", uri.path()))
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// The whole application router (feeds and part B's routes), with Stream-format 404/405 answers.
pub fn router(state: SharedState) -> Router {
    feed_routes()
        .merge(crate::others::routes())
        .merge(crate::faye::routes(&state))
        .merge(crate::v2::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::extract::MAX_UPLOAD_BODY,
        ))
        .with_state(state)
}
