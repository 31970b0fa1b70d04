//! A stateful local Stream (getstream.io) server for tests and local development: Feeds v1,
//! realtime over Faye, and the v2 users and video calls API.
//!
//! Serves `/api/v1.0/...`, `/personalization/v1.0/...`, `/analytics/v1.0/...`, `/faye` and
//! `/api/v2/...` as the service does: api key and JWT checks with scopes, Stream-format errors,
//! flat/aggregated/notification feeds with fan-out, follows, reactions, collections, users,
//! realtime messages, v2 users, calls and members, optional rate limits, all in memory (with an
//! optional durable data file, `--data`).
//!
//! The public API is [`Emulator`] with its [`EmulatorBuilder`] and [`AppCredentials`], the
//! changes [`Emulator::subscribe`] receives ([`FeedChange`]), and a test API on [`Emulator`] to
//! seed data the service would already hold and to read an app's data back
//! ([`Emulator::register_og_page`], [`Emulator::seed_reaction`], [`Emulator::seed_user`],
//! [`Emulator::app_data`], ...). With [`EmulatorBuilder::webhook_url`] (or an app's
//! `webhook_url` setting) it delivers signed v2 webhook events, counted by
//! [`Emulator::webhook_stats`] ([`WebhookStats`]).
//!
//! Every request emits one `tracing` event at `INFO` under [`REQUEST_LOG_TARGET`] (method,
//! path without the query, status, duration, app). The library prints nothing by itself: a
//! program or test that installs a `tracing` subscriber sees the lines (filter them with
//! `stream_emulator::request=off`); the binary prints them to stderr unless `--quiet`.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = stream_emulator::Emulator::start().await?;
//! println!("{} {}", emulator.base_url(), emulator.api_key());
//! # Ok(()) }
//! ```

mod activities;
mod analytics;
mod audit_logs;
mod auth;
mod batch;
mod client_policy;
mod collections;
mod data_privacy;
mod enrich;
mod error;
mod explorer;
mod extract;
mod faye;
mod feed;
mod fields;
mod files;
mod follow;
mod http;
mod moderation;
pub mod og;
mod persist;
mod personalization;
mod public_url;
mod query;
mod ratelimit;
mod reactions;
mod reply;
mod request_log;
mod router;
mod server;
mod stamp;
mod state;
mod test_api;
mod users;
mod v2;

pub use faye::FayeLimits;
pub use feed::{FeedKind, Ranking, RankingError};
pub use http::HttpLimits;
pub use request_log::TARGET as REQUEST_LOG_TARGET;
pub use server::{
    AppCredentials, DEFAULT_API_KEY, DEFAULT_API_SECRET, DEFAULT_APP_ID, Emulator, EmulatorBuilder,
    SHUTDOWN_GRACE,
};
pub use state::FeedChange;
pub use v2::webhooks::WebhookStats;
