//! Realtime feed updates as a [`Stream`](futures_core::Stream): one connection per client
//! (a WebSocket, or Bayeux long-polling over the client's HTTP transport when the WebSocket
//! upgrade is refused), shared by every subscription.
//!
//! ```no_run
//! use stream_async::prelude::*;
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use stream_async::StreamExt;
//! let client = stream_async::Client::builder("key", "secret").app_id("1234").build()?;
//! let feed = client.feed("user", "alice")?;
//! let mut updates = client.subscribe(&feed).await?; // resolves once the server confirmed it
//! while let Some(update) = updates.next().await {
//!     let update = update?; // errors are items; the connection comes back by itself
//!     for activity in &update.new {
//!         println!("new: {:?}", activity.id);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Dropping a [`Subscription`] unsubscribes; when the last one is gone the connection closes.
//! After a lost connection the driver reconnects with capped exponential backoff (100 ms
//! doubling to 10 s, with jitter), handshakes again and resubscribes every feed; the failure is
//! delivered as an `Err` item ([`RealtimeError::is_transient`]) and later updates keep coming.
mod driver;
mod link;

use std::fmt;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

pub use stream_core::realtime::{DeletedForeignId, MarkedGroups, RealtimeError, RealtimeMessage};

use stream_core::StreamApi;
use stream_core::endpoints::feed::FeedRef;
use stream_core::realtime::FeedChannel;
use stream_core::{Token, TransportError, TransportErrorKind};
use tokio::sync::{mpsc, oneshot};

use crate::Client;
use driver::Command;

/// How long [`Client::subscribe`] waits for the server to confirm a subscription.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);

/// Which transport the realtime connection uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RealtimeTransport {
    /// A WebSocket, falling back to long-polling if the server refuses the upgrade (default).
    #[default]
    Auto,
    /// Only a WebSocket.
    WebSocket,
    /// Only long-polling over the client's HTTP transport.
    LongPolling,
}

/// The client's realtime connection (started on the first subscription). Internal.
#[derive(Default)]
pub(crate) struct Hub {
    commands: Mutex<Option<mpsc::UnboundedSender<Command>>>,
    transport: Mutex<RealtimeTransport>,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

impl Hub {
    fn sender(&self, client: &Client) -> mpsc::UnboundedSender<Command> {
        let mut slot = self.commands.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = slot.as_ref().filter(|tx| !tx.is_closed()) {
            return tx.clone();
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let transport = *self.transport.lock().unwrap_or_else(|e| e.into_inner());
        tokio::spawn(driver::run(client.clone(), transport, rx));
        *slot = Some(tx.clone());
        tx
    }
}

impl Client {
    /// Subscribes to the realtime updates of `feed`, authenticated with a read-only feed token
    /// minted from the secret (or the client's user token). Resolves once the server confirmed
    /// the subscription: a refusal is [`RealtimeError::Refused`], a client without an app id
    /// [`RealtimeError::Build`]; nothing listening at the address fails at once with the cause.
    /// Needs a tokio runtime.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// use stream_async::StreamExt;
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = Client::builder("key", "secret").app_id("1234").build()?;
    /// let feed = client.feed("user", "alice")?;
    /// let mut updates = client.subscribe(&feed).await?;
    /// while let Some(update) = updates.next().await {
    ///     println!("{} new activities", update?.new.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn subscribe(&self, feed: &FeedRef) -> Result<Subscription, RealtimeError> {
        let channel = FeedChannel::for_feed(self.config(), feed.id(), None)?;
        self.subscribe_channel(channel).await
    }

    /// Like [`Client::subscribe`], with a token you supply.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = Client::builder_with_user_token("key", "<user token from your backend>").app_id("1234").build()?;
    /// let feed = client.feed("user", "alice")?;
    /// let updates = client.subscribe_with_token(&feed, stream_async::Token::new("<feed token>")).await?;
    /// # let _ = updates;
    /// # Ok(()) }
    /// ```
    pub async fn subscribe_with_token(
        &self,
        feed: &FeedRef,
        token: Token,
    ) -> Result<Subscription, RealtimeError> {
        let channel = FeedChannel::for_feed(self.config(), feed.id(), Some(token))?;
        self.subscribe_channel(channel).await
    }

    /// Chooses the realtime transport for connections started from now on (default
    /// [`RealtimeTransport::Auto`]).
    pub fn set_realtime_transport(&self, transport: RealtimeTransport) {
        *self
            .realtime_hub()
            .transport
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = transport;
    }

    async fn subscribe_channel(&self, channel: FeedChannel) -> Result<Subscription, RealtimeError> {
        // A connection that is closing drops the request; the second attempt starts a new one.
        for _ in 0..2 {
            let tx = self.realtime_hub().sender(self);
            let (reply_tx, reply_rx) = oneshot::channel();
            let name = channel.channel().to_owned();
            if tx
                .send(Command::Subscribe {
                    channel: channel.clone(),
                    reply: reply_tx,
                })
                .is_err()
            {
                continue;
            }
            // If this call times out or is cancelled, the guard wakes the driver, which drops
            // the abandoned request (and stops when nobody else is left).
            let mut guard = AbandonGuard(Some(tx.clone()));
            let outcome = tokio::time::timeout(CONFIRM_TIMEOUT, reply_rx).await;
            if matches!(outcome, Ok(Ok(Ok(_)))) {
                guard.0 = None;
            }
            drop(guard);
            match outcome {
                Ok(Ok(Ok((id, items)))) => {
                    return Ok(Subscription {
                        channel: name,
                        id,
                        items,
                        commands: tx,
                    });
                }
                Ok(Ok(Err(e))) => return Err(e),
                Ok(Err(_)) => continue,
                Err(_) => {
                    return Err(RealtimeError::Transport(TransportError::new(
                        TransportErrorKind::Timeout,
                        "the realtime subscription was not confirmed in time",
                    )));
                }
            }
        }
        Err(RealtimeError::Closed {
            reason: "the realtime connection closed while subscribing".to_owned(),
        })
    }
}

/// Tells the driver that a subscribe call gave up, when dropped armed.
struct AbandonGuard(Option<mpsc::UnboundedSender<Command>>);

impl Drop for AbandonGuard {
    fn drop(&mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(Command::Abandoned);
        }
    }
}

/// The live updates of one feed, as a `Stream` of `Result<RealtimeMessage, RealtimeError>`.
/// Dropping it unsubscribes.
pub struct Subscription {
    channel: String,
    id: u64,
    items: mpsc::UnboundedReceiver<Result<RealtimeMessage, RealtimeError>>,
    commands: mpsc::UnboundedSender<Command>,
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    /// The feed's channel (`/site-<app>-feed-<slug><user>`).
    pub fn channel(&self) -> &str {
        &self.channel
    }
}

impl futures_core::Stream for Subscription {
    type Item = Result<RealtimeMessage, RealtimeError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.items.poll_recv(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Unsubscribe {
            channel: std::mem::take(&mut self.channel),
            id: self.id,
        });
    }
}
