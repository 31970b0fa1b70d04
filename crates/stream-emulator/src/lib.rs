//! A stateful local Stream (getstream.io) server for tests and local development: Feeds v1,
//! realtime over Faye, and the v2 users and video calls API.
//!
//! Serves `/api/v1.0/...`, `/personalization/v1.0/...`, `/analytics/v1.0/...`, `/faye` and
//! `/api/v2/...` as the service does: api key and JWT checks with scopes, Stream-format errors,
//! flat/aggregated/notification feeds with fan-out, follows, reactions, collections, users,
//! realtime messages, v2 users, calls and members, optional rate limits, all in memory (with an
//! optional snapshot file).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = stream_emulator::Emulator::start().await?;
//! println!("{} {}", emulator.base_url(), emulator.api_key());
//! # Ok(()) }
//! ```

pub mod analytics;
pub mod auth;
pub mod collections;
pub mod enrich;
pub mod error;
pub mod extract;
pub mod faye;
pub mod feeds;
pub mod files;
pub mod misc;
pub mod og;
pub mod others;
pub mod personalization;
pub mod query;
pub mod ratelimit;
pub mod reactions;
pub mod router;
pub mod server;
pub mod snapshot;
pub mod state;
pub mod users;
pub mod v2;

pub use error::ApiError;
pub use feeds::{FeedKind, FeedKinds};
pub use server::{AppCredentials, Emulator, EmulatorBuilder};
