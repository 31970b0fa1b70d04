//! v2 video calls: call types, get-or-create, get, update, members, mark ended, delete and
//! queries of calls and members.

mod handlers;

use axum::Router;
use axum::routing::{get, post};

use super::V2;
use crate::state::SharedState;

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            &format!("{V2}/video/calltypes"),
            get(handlers::list_call_types),
        )
        .route(
            &format!("{V2}/video/calltypes/{{name}}"),
            get(handlers::get_call_type),
        )
        .route(&format!("{V2}/video/calls"), post(handlers::query_calls))
        .route(
            &format!("{V2}/video/call/members"),
            post(handlers::query_members),
        )
        .route(
            &format!("{V2}/video/call/{{call_type}}/{{id}}"),
            get(handlers::get)
                .post(handlers::get_or_create)
                .patch(handlers::update),
        )
        .route(
            &format!("{V2}/video/call/{{call_type}}/{{id}}/members"),
            post(handlers::update_members),
        )
        .route(
            &format!("{V2}/video/call/{{call_type}}/{{id}}/mark_ended"),
            post(handlers::mark_ended),
        )
        .route(
            &format!("{V2}/video/call/{{call_type}}/{{id}}/delete"),
            post(handlers::delete),
        )
}
