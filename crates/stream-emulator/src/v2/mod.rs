//! Stream's v2 server-side API (users, video calls, call members, call types) under `/api/v2/`.
//!
//! Auth as the service does it for server-side SDKs: `api_key` in the query, a JWT signed with
//! the app secret in `Authorization` (claims `{}` or `{"server":true}`), `stream-auth-type: jwt`.
//! Errors use the v2 body (`code`, `message`, `StatusCode`, `duration`, `more_info`, `details`,
//! `unrecoverable`). Users and calls live in [`V2State`] (part of each app's state and snapshot);
//! call members must be existing users (code 4 otherwise). Timestamps are unix nanoseconds.

pub mod auth;
pub mod calls;
pub mod error;
pub mod filter;
pub mod shapes;
pub mod state;
pub mod users;

pub use error::V2Error;
pub use state::V2State;

use axum::Router;
use axum::routing::{get, post};

use crate::state::SharedState;

/// The `/api/v2/...` routes (no trailing slashes, as the v2 SDKs send them).
pub fn routes() -> Router<SharedState> {
    let v2 = "/api/v2";
    Router::new()
        .route(
            &format!("{v2}/users"),
            get(users::query)
                .post(users::upsert)
                .patch(users::update_partial),
        )
        .route(
            &format!("{v2}/users/deactivate"),
            post(users::deactivate_many),
        )
        .route(
            &format!("{v2}/users/reactivate"),
            post(users::reactivate_many),
        )
        .route(&format!("{v2}/users/delete"), post(users::delete_many))
        .route(&format!("{v2}/users/restore"), post(users::restore))
        .route(
            &format!("{v2}/users/{{user_id}}/deactivate"),
            post(users::deactivate_one),
        )
        .route(
            &format!("{v2}/users/{{user_id}}/reactivate"),
            post(users::reactivate_one),
        )
        .route(
            &format!("{v2}/video/calltypes"),
            get(calls::list_call_types),
        )
        .route(
            &format!("{v2}/video/calltypes/{{name}}"),
            get(calls::get_call_type),
        )
        .route(&format!("{v2}/video/calls"), post(calls::query_calls))
        .route(
            &format!("{v2}/video/call/members"),
            post(calls::query_members),
        )
        .route(
            &format!("{v2}/video/call/{{call_type}}/{{id}}"),
            get(calls::get)
                .post(calls::get_or_create)
                .patch(calls::update),
        )
        .route(
            &format!("{v2}/video/call/{{call_type}}/{{id}}/members"),
            post(calls::update_members),
        )
        .route(
            &format!("{v2}/video/call/{{call_type}}/{{id}}/mark_ended"),
            post(calls::mark_ended),
        )
        .route(
            &format!("{v2}/video/call/{{call_type}}/{{id}}/delete"),
            post(calls::delete),
        )
}
