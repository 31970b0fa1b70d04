//! `/faye`: Stream's realtime endpoint, Bayeux over WebSocket (`GET /faye` upgrade) and
//! long-polling (`POST /faye` with a JSON array of messages).
//!
//! A subscription is accepted when its `ext` names the app (`api_key`), carries the channel
//! name as `user_id`, and a `signature` that verifies with the app's secret and covers the
//! channel's feed (a feed token for that feed, read-only is enough; a `*` feed token; or a user
//! token). Every change to a feed (from the feed store's change broadcast) is published on
//! `/site-<app_id>-feed-<slug><user>` as `{"deleted", "deleted_foreign_ids", "new", "app_id",
//! "feed", "mark_read", "mark_seen", "published_at"}`.
//!
//! The state is bounded by [`FayeLimits`]: handshakes per request, clients per WebSocket, per
//! app and in all, messages queued per client (one serialized copy shared by every subscriber);
//! a timer forgets clients that stop polling. Client ids are 128 random bits.
mod auth;
mod engine;
mod limits;
mod payload;
mod registry;
mod transport;

pub(crate) use engine::Engine;
pub use limits::FayeLimits;

use axum::Router;

use crate::router::RouterExt;
use crate::state::SharedState;

/// The `/faye` routes (with and without a trailing slash), sharing one engine bound to `state`.
pub(crate) fn routes(state: &SharedState, limits: FayeLimits) -> Router<SharedState> {
    let engine = Engine::new(state.clone(), limits);
    Router::new().both("/faye", transport::method_router(engine))
}
