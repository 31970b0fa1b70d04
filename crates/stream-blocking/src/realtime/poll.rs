//! The long-polling driver of one subscription.
use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

use stream_core::StreamApi;
use stream_core::realtime::read_long_poll;
use stream_core::realtime::{
    ConnectionType, Event, FeedChannel, RealtimeError, RealtimeMessage, Session, SessionOptions,
    Step, Transmit,
};
use stream_core::{TransportError, TransportErrorKind};

use crate::Client;
use stream_core::JitterSequence;

/// How long [`Subscription`]'s setup may take before it gives up.
const SETUP_TIMEOUT: Duration = Duration::from_secs(10);

/// The live updates of one feed. Each [`Iterator::next`] blocks until an update or an error
/// arrives (each poll is bounded by the client's request timeout; the session reconnects with
/// capped backoff and resubscribes after failures). Use [`Subscription::recv_timeout`] to bound
/// the wait. Dropping it unsubscribes.
pub struct Subscription {
    client: Client,
    session: Session,
    channel: String,
    jitter: JitterSequence,
    ready: VecDeque<Result<RealtimeMessage, RealtimeError>>,
    done: bool,
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("channel", &self.channel)
            .field("buffered", &self.ready.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    pub(super) fn start(client: Client, feed: FeedChannel) -> Result<Self, RealtimeError> {
        let request_timeout = client.config().timeouts().request;
        let mut options = SessionOptions::new(ConnectionType::LongPolling);
        // The server answers a held connect before the transport's timeout fires.
        let hold = request_timeout
            .saturating_sub(request_timeout / 4)
            .max(Duration::from_millis(100));
        options.max_connect_hold = Some(hold);
        options.reply_grace = request_timeout.saturating_sub(hold);
        let channel = feed.channel().to_owned();
        let mut session = Session::new(options);
        session.subscribe(feed);
        let mut sub = Self {
            client,
            session,
            channel,
            jitter: JitterSequence::from_clock(std::time::UNIX_EPOCH.elapsed().unwrap_or_default()),
            ready: VecDeque::new(),
            done: false,
        };
        sub.confirm()?;
        Ok(sub)
    }

    /// Drives the session until the server confirms or refuses the subscription.
    fn confirm(&mut self) -> Result<(), RealtimeError> {
        let deadline = Instant::now() + SETUP_TIMEOUT;
        // Bounded by the deadline; each turn is bounded by the request timeout.
        while Instant::now() < deadline {
            if self.session.is_subscribed(&self.channel) {
                return Ok(());
            }
            while let Some(event) = self.session.poll_event() {
                match event {
                    Event::Refused { error, .. } | Event::Closed(error) => return Err(error),
                    // Nothing listening, an unknown host or a TLS mismatch will not go away
                    // by itself: say so now rather than time out later.
                    Event::Error(RealtimeError::Transport(e))
                        if e.cause.is_some_and(|c| c.is_persistent()) =>
                    {
                        return Err(RealtimeError::Transport(e));
                    }
                    Event::Message { message, .. } => self.ready.push_back(Ok(*message)),
                    Event::Subscribed { .. } => return Ok(()),
                    _ => {}
                }
            }
            // Before the first connect: stop once the subscribe reply is in.
            self.turn(Some(deadline));
        }
        Err(RealtimeError::Transport(TransportError::new(
            TransportErrorKind::Timeout,
            "the realtime subscription was not confirmed in time",
        )))
    }

    /// The feed's channel (`/site-<app>-feed-<slug><user>`).
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The next update, waiting at most about `timeout` (plus at most one poll). `None` when
    /// nothing arrived in time or the subscription is over.
    pub fn recv_timeout(
        &mut self,
        timeout: Duration,
    ) -> Option<Result<RealtimeMessage, RealtimeError>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            self.collect_events();
            if !self.ready.is_empty() {
                continue;
            }
            if self.done || Instant::now() >= deadline {
                return None;
            }
            self.turn(Some(deadline));
        }
    }

    fn collect_events(&mut self) {
        while let Some(event) = self.session.poll_event() {
            match event {
                Event::Message { message, .. } => self.ready.push_back(Ok(*message)),
                Event::Refused { error, .. } => {
                    self.done = true;
                    self.ready.push_back(Err(error));
                }
                Event::Error(e) => self.ready.push_back(Err(e)),
                Event::Closed(e) => {
                    self.done = true;
                    self.ready.push_back(Err(e));
                }
                _ => {}
            }
        }
    }

    /// One step of the session: one request, one wait or one failure report.
    fn turn(&mut self, deadline: Option<Instant>) {
        match self.session.poll() {
            Step::Send(t) => {
                let outcome = self.exchange(&t);
                match outcome {
                    Ok(body) => self.session.handle_incoming(&body),
                    Err(e) => self.session.transport_failed(e, self.jitter.next_value()),
                }
            }
            Step::Wait(d) => {
                let d = match deadline {
                    Some(dl) => d.min(dl.saturating_duration_since(Instant::now())),
                    None => d,
                };
                std::thread::sleep(d);
            }
            // Sequential polling has nothing in flight: a missing reply is a lost one.
            Step::Receive(_) => self.session.timed_out(self.jitter.next_value()),
            Step::Closed => self.done = true,
        }
    }

    fn exchange(&self, t: &Transmit) -> Result<Vec<u8>, TransportError> {
        let request = t.long_poll_request(self.client.config());
        let config = self.client.config();
        let response = (self.client.transport().execute(&request))
            .map_err(|e| e.at(config.target_of(&request.url)))?;
        read_long_poll(response)
    }
}

impl Iterator for Subscription {
    type Item = Result<RealtimeMessage, RealtimeError>;

    /// Blocks until the next update or error; `None` once the subscription is over.
    fn next(&mut self) -> Option<Self::Item> {
        // Each round is bounded (about a minute); the subscription itself is open-ended.
        loop {
            if let Some(item) = self.recv_timeout(Duration::from_secs(60)) {
                return Some(item);
            }
            if self.done {
                return None;
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if self.session.is_connected() {
            self.session.unsubscribe(&self.channel);
            self.session.disconnect();
            // Best effort, at most two short requests.
            for _ in 0..2 {
                match self.session.poll() {
                    Step::Send(t) => {
                        let _ = self.exchange(&t);
                    }
                    _ => break,
                }
            }
        }
    }
}
