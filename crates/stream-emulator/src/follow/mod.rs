//! Follows: follow and unfollow a feed, list followers and followed feeds, count them.

mod handlers;
mod store;

use axum::Router;
use axum::routing::{delete, get};

pub(crate) use handlers::{check_follow, copy_limit};

use crate::router::{API, route_both};
use crate::state::SharedState;

/// The routes of this family (`follows/` and its alias `following/`).
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    for follows in ["follows", "following"] {
        r = route_both(
            r,
            &format!("{API}/feed/{{slug}}/{{user}}/{follows}"),
            get(handlers::following).post(handlers::follow),
        );
        r = route_both(
            r,
            &format!("{API}/feed/{{slug}}/{{user}}/{follows}/{{target}}"),
            delete(handlers::unfollow),
        );
    }
    r = route_both(
        r,
        &format!("{API}/feed/{{slug}}/{{user}}/followers"),
        get(handlers::followers),
    );
    route_both(
        r,
        &format!("{API}/stats/follow"),
        get(handlers::follow_stats),
    )
}
