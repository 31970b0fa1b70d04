//! Follows: follow and unfollow a feed, list followers and followed feeds, count them.

mod handlers;
mod store;

use axum::Router;
use axum::routing::{delete, get};

pub(crate) use handlers::{check_follow, copy_limit};

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family (`follows/` and its alias `following/`).
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    for follows in ["follows", "following"] {
        r = r
            .v1(
                &format!("feed/{{slug}}/{{user}}/{follows}"),
                get(handlers::following).post(handlers::follow),
            )
            .v1(
                &format!("feed/{{slug}}/{{user}}/{follows}/{{target}}"),
                delete(handlers::unfollow),
            );
    }
    r.v1("feed/{slug}/{user}/followers", get(handlers::followers))
        .v1("stats/follow", get(handlers::follow_stats))
}
