//! Typed, lenient models and validated ids for Stream (getstream.io) Activity Feeds.
//!
//! - **Ids** ([`FeedSlug`], [`UserId`], [`FeedId`], …) are validated once, when built, with the
//!   rules the service applies, so a request built from them is never refused for its ids.
//! - **Responses** are lenient: optional fields default, unknown fields are kept in `extra`, and
//!   server enums have an `Unknown` arm, so a field added by Stream never breaks a client.
//! - **Request bodies** are their own types with builders.

pub mod ids;

pub use ids::{FeedId, FeedSlug, IdError, UserId};

// Response strings that share the body they were read from, and custom fields kept as JSON text.
pub mod fields;
mod raw_json;
pub mod text;

pub use fields::{Fields, RawJson};
pub use text::Text;

// Activities, feed pages, follows, times, references.
pub mod activity;
mod activity_de;
pub mod feed;
pub mod follow;
pub mod refs;
pub mod time;

pub use time::{TimeError, Timestamp};

// Reactions, collections, users, uploads, OG, personalization, analytics, moderation.
pub mod admin;
pub mod analytics;
pub mod collection;
pub mod moderation;
pub mod og;
pub mod personalization;
pub mod reaction;
pub mod upload;
pub mod user;

// Stream v2 server-side API: users, video calls, call types.
pub mod v2;
