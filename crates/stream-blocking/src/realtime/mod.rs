//! Realtime feed updates as an [`Iterator`], over Bayeux long-polling on the client's transport.
//!
//! ```no_run
//! use stream_blocking::prelude::*;
//! use std::time::Duration;
//! let client = stream_blocking::Client::builder("key", "secret").app_id("1234").build()?;
//! let feed = client.feed("user", "alice")?;
//! let mut updates = client.subscribe(&feed)?; // returns once the server confirmed it
//! while let Some(update) = updates.recv_timeout(Duration::from_secs(30)) {
//!     let update = update?; // errors are items; the subscription reconnects by itself
//!     for activity in &update.new {
//!         println!("new: {:?}", activity.id);
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
mod poll;

pub use poll::Subscription;
pub use stream_core::realtime::{DeletedForeignId, MarkedGroups, RealtimeError, RealtimeMessage};

use stream_core::StreamApi;
use stream_core::Token;
use stream_core::endpoints::feed::FeedRef;
use stream_core::realtime::FeedChannel;

use crate::Client;

impl Client {
    /// Subscribes to the realtime updates of `feed`, authenticated with a read-only feed token
    /// minted from the secret (or the client's user token). Returns once the server confirmed
    /// the subscription; a refusal is [`RealtimeError::Refused`], a client without an app id
    /// [`RealtimeError::Build`]; nothing listening at the address fails at once with the cause.
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// use std::time::Duration;
    /// let client = Client::builder("key", "secret").app_id("1234").build()?;
    /// let feed = client.feed("user", "alice")?;
    /// let mut updates = client.subscribe(&feed)?;
    /// if let Some(update) = updates.recv_timeout(Duration::from_secs(30)) {
    ///     println!("{} new activities", update?.new.len());
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subscribe(&self, feed: &FeedRef) -> Result<Subscription, RealtimeError> {
        let channel = FeedChannel::for_feed(self.config(), feed.id(), None)?;
        Subscription::start(self.clone(), channel)
    }

    /// Like [`Client::subscribe`], with a token you supply (e.g. one your backend handed out).
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// let client = Client::builder_with_user_token("key", "<user token from your backend>").app_id("1234").build()?;
    /// let feed = client.feed("user", "alice")?;
    /// let updates = client.subscribe_with_token(&feed, stream_blocking::Token::new("<feed token>"))?;
    /// # let _ = updates;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn subscribe_with_token(
        &self,
        feed: &FeedRef,
        token: Token,
    ) -> Result<Subscription, RealtimeError> {
        let channel = FeedChannel::for_feed(self.config(), feed.id(), Some(token))?;
        Subscription::start(self.clone(), channel)
    }
}
