//! Realtime feed updates over Faye (the Bayeux protocol), without I/O.
//!
//! Stream pushes every change of a feed (activities added, removed, updated; notification groups
//! marked seen or read) to the subscribers of the feed's channel `/site-<app_id>-feed-<slug><user>`.
//! This module holds the parts both facades share:
//!
//! - [`FeedChannel`]: the channel of a feed and the `ext` that authenticates its subscription
//!   (`{"user_id": <channel without '/'>, "api_key", "signature": <feed token>}`);
//! - [`Session`]: a sans-IO Bayeux client (handshake, connect, subscribe, unsubscribe,
//!   disconnect; the server's `advice`; message ids; a subscription table replayed after a
//!   re-handshake). Drivers loop on [`Session::poll`] like they loop on [`crate::Call::poll`]:
//!   send a [`Transmit`], feed what arrives to [`Session::handle_incoming`], report failures to
//!   [`Session::transport_failed`], and read [`Event`]s from [`Session::poll_event`];
//! - [`RealtimeMessage`]: the typed payload Stream publishes;
//! - [`RealtimeError`]: what can go wrong, delivered as a value, never as a panic.
//!
//! ```
//! use stream_core::realtime::{ConnectionType, Event, FeedChannel, Session, SessionOptions, Step};
//! use stream_core::{ApiSecret, Config, FeedId};
//!
//! let config = Config::builder("key", ApiSecret::new("secret")).app_id("789").build()?;
//! let feed = FeedChannel::for_feed(&config, &FeedId::parse("user:alice")?, None)?;
//! assert_eq!(feed.channel(), "/site-789-feed-useralice");
//!
//! let mut session = Session::new(SessionOptions::new(ConnectionType::WebSocket));
//! session.subscribe(feed);
//! let Step::Send(handshake) = session.poll() else { unreachable!() };
//! assert_eq!(handshake.messages[0].channel, "/meta/handshake");
//! session.handle_incoming(br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}]"#);
//! let Step::Send(batch) = session.poll() else { unreachable!() };
//! assert_eq!(batch.messages[0].channel, "/meta/subscribe"); // replayed from the table
//! # Ok::<(), stream_core::Error>(())
//! ```
mod channel;
mod error;
mod long_poll;
mod message;
mod payload;
mod session;

pub use channel::{FeedChannel, SubscribeExt, feed_channel};
pub use error::RealtimeError;
pub use long_poll::read_long_poll;
pub use message::{Advice, Message, Reconnect};
pub use payload::{DeletedForeignId, MarkedGroups, RealtimeMessage};
pub use session::{ConnectionType, Event, Session, SessionOptions, Step, Transmit};
