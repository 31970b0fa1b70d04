//! Feeds: activities, flat/aggregated/notification reads, fan-out, follows, to-targets, batch
//! operations and activity ids.

pub mod activity;
pub mod api;
pub mod handlers;
pub mod ids;
mod kinds;
pub mod read;
pub mod store;
pub mod time;

pub use kinds::{FeedKind, FeedKinds};
pub use store::FeedStore;
