//! v2 users: upsert, query, partial update, deactivate/reactivate, delete and restore, app-wide
//! blocks, exports (one, or many as a task) and guests.

mod blocks;
mod guests;
mod handlers;

use axum::Router;
use axum::routing::{get, post};

use crate::router::RouterExt;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v2(
            "users",
            get(handlers::query)
                .post(handlers::upsert)
                .patch(handlers::update_partial),
        )
        .v2("users/deactivate", post(handlers::deactivate_many))
        .v2("users/reactivate", post(handlers::reactivate_many))
        .v2("users/delete", post(handlers::delete_many))
        .v2("users/restore", post(handlers::restore))
        .v2("users/block", get(blocks::list).post(blocks::block))
        .v2("users/unblock", post(blocks::unblock))
        .v2("users/{user_id}/export", get(blocks::export))
        .v2("export/users", post(blocks::export_many))
        .v2("guest", post(guests::create))
        .v2("users/{user_id}/deactivate", post(handlers::deactivate_one))
        .v2("users/{user_id}/reactivate", post(handlers::reactivate_one))
}
