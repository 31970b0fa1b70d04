//! Stream's v2 server-side API (app settings, users, push devices, video calls, call members,
//! call types, tasks) under `/api/v2/`.
//!
//! Auth as the service does it for server-side SDKs: `api_key` in the query, a JWT signed with
//! the app secret in `Authorization` (claims `{}` or `{"server":true}`), `stream-auth-type: jwt`.
//! Errors use the v2 body (`code`, `message`, `StatusCode`, `duration`, `more_info`, `details`,
//! `unrecoverable`). Users and calls live in [`V2State`] (part of each app's state and stored data);
//! call members must be existing users (code 4 otherwise). Timestamps are unix nanoseconds.

pub(crate) mod app;
pub(crate) mod auth;
mod body;
pub(crate) mod call_types;
pub(crate) mod calls;
pub(crate) mod devices;
pub(crate) mod error;
mod filter;
mod limits;
mod settings;
mod shapes;
pub(crate) mod state;
pub(crate) mod tasks;
pub(crate) mod users;
pub(crate) mod webhooks;

pub(crate) use state::V2State;

use axum::Router;

use crate::state::SharedState;

/// The `/api/v2/...` routes (no trailing slashes, as the v2 SDKs send them).
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .merge(users::routes())
        .merge(calls::routes())
        .merge(call_types::routes())
        .merge(app::routes())
        .merge(tasks::routes())
        .merge(devices::routes())
}
