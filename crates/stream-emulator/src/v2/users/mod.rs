//! v2 users: upsert, query, partial update, deactivate/reactivate, delete and restore.

mod handlers;

use axum::Router;
use axum::routing::{get, post};

use super::V2;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            &format!("{V2}/users"),
            get(handlers::query)
                .post(handlers::upsert)
                .patch(handlers::update_partial),
        )
        .route(
            &format!("{V2}/users/deactivate"),
            post(handlers::deactivate_many),
        )
        .route(
            &format!("{V2}/users/reactivate"),
            post(handlers::reactivate_many),
        )
        .route(&format!("{V2}/users/delete"), post(handlers::delete_many))
        .route(&format!("{V2}/users/restore"), post(handlers::restore))
        .route(
            &format!("{V2}/users/{{user_id}}/deactivate"),
            post(handlers::deactivate_one),
        )
        .route(
            &format!("{V2}/users/{{user_id}}/reactivate"),
            post(handlers::reactivate_one),
        )
}
