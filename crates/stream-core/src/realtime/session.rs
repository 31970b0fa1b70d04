//! The sans-IO Bayeux session: what to send, what arrived, what to do next.
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;

use serde_json::Value;

use super::channel::FeedChannel;
use super::error::RealtimeError;
use super::message::{Advice, Message, Reconnect};
use super::payload::RealtimeMessage;
use crate::error::{TransportError, TransportErrorKind};

/// How the driver talks to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionType {
    /// One WebSocket; each [`Transmit`] is one text frame.
    WebSocket,
    /// HTTP POSTs of JSON arrays; each [`Transmit`] is one request whose response body holds the
    /// replies. A `/meta/connect` is held by the server until something is published.
    LongPolling,
}

impl ConnectionType {
    /// The Bayeux name (`websocket`, `long-polling`).
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionType::WebSocket => "websocket",
            ConnectionType::LongPolling => "long-polling",
        }
    }
}

/// Tuning of a [`Session`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOptions {
    /// The transport.
    pub connection_type: ConnectionType,
    /// The longest the server may hold a `/meta/connect` (sent as the client's `advice.timeout`;
    /// Faye servers honour it). Long-polling drivers set it below their request timeout.
    pub max_connect_hold: Option<Duration>,
    /// How long to wait for a reply beyond the server's hold time before calling the connection
    /// dead.
    pub reply_grace: Duration,
    /// First reconnect delay; doubles per consecutive failure.
    pub backoff_base: Duration,
    /// Longest reconnect delay.
    pub backoff_cap: Duration,
    /// Give up (close) after this many consecutive failures; `None` retries for ever.
    pub max_consecutive_failures: Option<u32>,
}

impl SessionOptions {
    /// Defaults for `connection_type`: hold at most 30 s, 5 s grace, backoff 100 ms doubling to
    /// 10 s, unlimited retries.
    pub fn new(connection_type: ConnectionType) -> Self {
        Self {
            connection_type,
            max_connect_hold: None,
            reply_grace: Duration::from_secs(5),
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_secs(10),
            max_consecutive_failures: None,
        }
    }
}

/// A batch of messages to send: one WebSocket frame or one long-polling request.
#[derive(Debug, Clone, PartialEq)]
pub struct Transmit {
    /// The messages, in order.
    pub messages: Vec<Message>,
    /// Whether the batch holds a `/meta/connect` (the server holds the reply).
    pub connect: bool,
}

impl Transmit {
    /// The JSON array to put on the wire.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.messages).unwrap_or_else(|_| "[]".to_owned())
    }
}

/// What the driver must do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send this batch; feed the reply (or what arrives on the socket) to
    /// [`Session::handle_incoming`].
    Send(Transmit),
    /// Sleep this long (reconnect backoff or the advised interval), then poll again.
    Wait(Duration),
    /// Nothing to send: read from the connection for at most this long. If nothing arrives in
    /// time, report a timeout to [`Session::transport_failed`].
    Receive(Duration),
    /// The session is over.
    Closed,
}

/// Something the session has to tell its user.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event {
    /// A feed update arrived on `channel`.
    Message {
        /// The channel.
        channel: String,
        /// The update.
        message: Box<RealtimeMessage>,
    },
    /// The server confirmed the subscription to `channel` (again after each re-handshake).
    Subscribed {
        /// The channel.
        channel: String,
    },
    /// The server refused the subscription to `channel`; it was removed from the table.
    Refused {
        /// The channel.
        channel: String,
        /// Why ([`RealtimeError::Refused`]).
        error: RealtimeError,
    },
    /// A transient failure; the session reconnects and resubscribes by itself.
    Error(RealtimeError),
    /// The session is over.
    Closed(RealtimeError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Unconnected,
    Handshaking,
    Connected,
    Backoff(Duration),
    Disconnecting,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Handshake,
    Connect,
    Subscribe,
    Unsubscribe,
    Disconnect,
}

#[derive(Debug)]
struct Sub {
    feed: FeedChannel,
    active: bool,
}

/// A Bayeux client session without I/O. See the [module docs](super) for the driving loop.
#[derive(Debug)]
pub struct Session {
    options: SessionOptions,
    phase: Phase,
    client_id: Option<String>,
    advice: Advice,
    next_id: u64,
    subs: BTreeMap<String, Sub>,
    outbox: Vec<Message>,
    pending: HashMap<String, (Pending, Option<String>)>,
    connect_due: bool,
    connect_in_flight: bool,
    connect_wait: Option<Duration>,
    failures: u32,
    events: VecDeque<Event>,
}

const DEFAULT_HOLD_MS: u64 = 30_000;

impl Session {
    /// A new, unconnected session.
    pub fn new(options: SessionOptions) -> Self {
        Self {
            options,
            phase: Phase::Unconnected,
            client_id: None,
            advice: Advice {
                reconnect: Some(Reconnect::Retry),
                interval: Some(0),
                timeout: Some(DEFAULT_HOLD_MS),
            },
            next_id: 0,
            subs: BTreeMap::new(),
            outbox: Vec::new(),
            pending: HashMap::new(),
            connect_due: false,
            connect_in_flight: false,
            connect_wait: None,
            failures: 0,
            events: VecDeque::new(),
        }
    }

    /// The client id of the current handshake.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The server's latest advice.
    pub fn advice(&self) -> &Advice {
        &self.advice
    }

    /// Whether the handshake is done and connects are flowing.
    pub fn is_connected(&self) -> bool {
        self.phase == Phase::Connected
    }

    /// Whether the session is over.
    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// The channels in the subscription table.
    pub fn channels(&self) -> impl Iterator<Item = &str> {
        self.subs.keys().map(String::as_str)
    }

    /// The table entry of `channel`.
    pub fn channel(&self, channel: &str) -> Option<&FeedChannel> {
        self.subs.get(channel).map(|s| &s.feed)
    }

    /// Whether the server has confirmed the subscription to `channel` (since the last handshake).
    pub fn is_subscribed(&self, channel: &str) -> bool {
        self.subs.get(channel).is_some_and(|s| s.active)
    }

    /// Consecutive failures since the last successful exchange.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// How long the server may hold a connect: the advised timeout, capped by
    /// [`SessionOptions::max_connect_hold`].
    pub fn connect_hold(&self) -> Duration {
        let advised = Duration::from_millis(self.advice.timeout.unwrap_or(DEFAULT_HOLD_MS));
        match self.options.max_connect_hold {
            Some(cap) => advised.min(cap),
            None => advised,
        }
    }

    /// How long a driver waits for anything to arrive before calling the connection dead.
    pub fn read_timeout(&self) -> Duration {
        self.connect_hold() + self.options.reply_grace
    }

    /// Adds `feed` to the subscription table (replacing its `ext` if present) and, when
    /// connected, sends the subscribe. The subscription survives reconnects until
    /// [`Session::unsubscribe`] or a refusal.
    pub fn subscribe(&mut self, feed: FeedChannel) {
        let channel = feed.channel().to_owned();
        let known = self.subs.contains_key(&channel);
        self.subs.insert(
            channel.clone(),
            Sub {
                feed,
                active: false,
            },
        );
        if self.phase == Phase::Connected && !known {
            self.queue_subscribe(&channel);
        }
        if self.phase == Phase::Closed {
            self.phase = Phase::Unconnected;
            self.failures = 0;
        }
    }

    /// Removes `channel` from the table and, when connected, sends the unsubscribe (without
    /// `ext`, as the official client does). Returns whether it was in the table.
    pub fn unsubscribe(&mut self, channel: &str) -> bool {
        let Some(_) = self.subs.remove(channel) else {
            return false;
        };
        if self.phase == Phase::Connected {
            let mut m = self.request("/meta/unsubscribe", Pending::Unsubscribe, Some(channel));
            m.subscription = Some(channel.to_owned());
            self.outbox.push(m);
        }
        true
    }

    /// Ends the session: sends `/meta/disconnect` when connected, then closes.
    pub fn disconnect(&mut self) {
        if self.phase == Phase::Connected {
            self.outbox.clear();
            let m = self.request("/meta/disconnect", Pending::Disconnect, None);
            self.outbox.push(m);
            self.phase = Phase::Disconnecting;
        } else {
            self.close(None);
        }
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// What to do next.
    pub fn poll(&mut self) -> Step {
        match self.phase {
            Phase::Closed => Step::Closed,
            Phase::Backoff(d) => {
                self.phase = Phase::Unconnected;
                Step::Wait(d)
            }
            Phase::Unconnected => {
                self.pending.clear();
                self.outbox.clear();
                self.client_id = None;
                self.connect_in_flight = false;
                self.connect_due = false;
                let mut m = self.request("/meta/handshake", Pending::Handshake, None);
                m.version = Some("1.0".to_owned());
                m.supported_connection_types =
                    Some(vec![self.options.connection_type.as_str().to_owned()]);
                self.phase = Phase::Handshaking;
                Step::Send(Transmit {
                    messages: vec![m],
                    connect: false,
                })
            }
            Phase::Handshaking => Step::Receive(self.read_timeout()),
            Phase::Disconnecting => {
                let messages = std::mem::take(&mut self.outbox);
                self.close(None);
                if messages.is_empty() {
                    Step::Closed
                } else {
                    Step::Send(Transmit {
                        messages,
                        connect: false,
                    })
                }
            }
            Phase::Connected => {
                if !self.outbox.is_empty() {
                    return Step::Send(Transmit {
                        messages: std::mem::take(&mut self.outbox),
                        connect: false,
                    });
                }
                if self.connect_due && !self.connect_in_flight {
                    if let Some(wait) = self.connect_wait.take().filter(|w| !w.is_zero()) {
                        return Step::Wait(wait);
                    }
                    self.connect_due = false;
                    self.connect_in_flight = true;
                    let mut m = self.request("/meta/connect", Pending::Connect, None);
                    m.connection_type = Some(self.options.connection_type.as_str().to_owned());
                    if let Some(cap) = self.options.max_connect_hold {
                        m.advice = Some(Advice {
                            timeout: Some(u64::try_from(cap.as_millis()).unwrap_or(u64::MAX)),
                            ..Advice::default()
                        });
                    }
                    return Step::Send(Transmit {
                        messages: vec![m],
                        connect: true,
                    });
                }
                Step::Receive(self.read_timeout())
            }
        }
    }

    /// Feeds what arrived (a JSON array of messages, or one object). Never fails: what does not
    /// parse becomes an [`Event::Error`].
    pub fn handle_incoming(&mut self, bytes: &[u8]) {
        match Message::parse_batch(bytes) {
            Ok(messages) => {
                for m in messages {
                    self.handle_message(m);
                }
            }
            Err(e) => self.events.push_back(Event::Error(RealtimeError::Decode {
                message: e.to_string(),
                snippet: crate::error::snippet(bytes),
            })),
        }
    }

    /// Reports that the connection failed (or a read timed out). The session reports the error,
    /// waits a capped exponential backoff (`jitter` in `[0, 1)` spreads it), handshakes again and
    /// replays its subscriptions.
    pub fn transport_failed(&mut self, error: TransportError, jitter: f64) {
        if matches!(self.phase, Phase::Closed | Phase::Disconnecting) {
            return;
        }
        self.events
            .push_back(Event::Error(RealtimeError::Transport(error)));
        self.schedule_rehandshake(jitter);
    }

    /// Reports that nothing arrived within [`Step::Receive`]'s time.
    pub fn timed_out(&mut self, jitter: f64) {
        self.transport_failed(
            TransportError::new(
                TransportErrorKind::Timeout,
                "no message from the realtime server in time",
            ),
            jitter,
        );
    }

    fn schedule_rehandshake(&mut self, jitter: f64) {
        self.failures = self.failures.saturating_add(1);
        for sub in self.subs.values_mut() {
            sub.active = false;
        }
        if let Some(max) = self.options.max_consecutive_failures {
            if self.failures >= max {
                self.close(Some(format!("gave up after {max} consecutive failures")));
                return;
            }
        }
        let exp = self
            .options
            .backoff_base
            .saturating_mul(1u32 << self.failures.saturating_sub(1).min(16));
        let capped = exp.min(self.options.backoff_cap);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let delay = capped
            .mul_f64(0.5 + jitter / 2.0)
            .max(self.advice.interval());
        self.phase = Phase::Backoff(delay);
    }

    fn close(&mut self, reason: Option<String>) {
        if self.phase == Phase::Closed {
            return;
        }
        self.phase = Phase::Closed;
        self.pending.clear();
        self.client_id = None;
        if let Some(reason) = reason {
            self.events
                .push_back(Event::Closed(RealtimeError::Closed { reason }));
        }
    }

    fn request(&mut self, channel: &str, kind: Pending, sub: Option<&str>) -> Message {
        self.next_id += 1;
        let id = self.next_id.to_string();
        self.pending
            .insert(id.clone(), (kind, sub.map(str::to_owned)));
        let mut m = Message::new(channel);
        m.id = Some(id);
        m.client_id.clone_from(&self.client_id);
        m
    }

    fn queue_subscribe(&mut self, channel: &str) {
        let ext = match self.subs.get(channel) {
            Some(s) => s.feed.ext().to_value(),
            None => return,
        };
        let mut m = self.request("/meta/subscribe", Pending::Subscribe, Some(channel));
        m.subscription = Some(channel.to_owned());
        m.ext = Some(ext);
        self.outbox.push(m);
    }

    fn handle_message(&mut self, m: Message) {
        if let Some(a) = &m.advice {
            self.advice.update(a);
        }
        let pending = m.id.as_ref().and_then(|id| self.pending.remove(id));
        match m.channel.as_str() {
            "/meta/handshake" => self.on_handshake(m),
            "/meta/connect" => self.on_connect(m),
            "/meta/subscribe" => {
                let channel = m.subscription.clone().or(pending.and_then(|p| p.1));
                self.on_subscribe(m, channel);
            }
            "/meta/unsubscribe" | "/meta/disconnect" => {}
            c if c.starts_with("/meta/") => {}
            _ => self.on_data(m),
        }
    }

    fn on_handshake(&mut self, m: Message) {
        if self.phase != Phase::Handshaking {
            return;
        }
        match (m.successful, m.client_id) {
            (Some(true), Some(client_id)) => {
                self.client_id = Some(client_id);
                self.phase = Phase::Connected;
                self.connect_due = true;
                self.connect_wait = None;
                let channels: Vec<String> = self.subs.keys().cloned().collect();
                for c in channels {
                    self.queue_subscribe(&c);
                }
            }
            _ => {
                let message = m.error.unwrap_or_else(|| "handshake refused".to_owned());
                if self.advice.reconnect == Some(Reconnect::None) {
                    self.close(Some(format!("handshake refused: {message}")));
                } else {
                    self.events
                        .push_back(Event::Error(RealtimeError::Handshake { message }));
                    self.schedule_rehandshake(0.5);
                }
            }
        }
    }

    fn on_connect(&mut self, m: Message) {
        if self.phase != Phase::Connected {
            return;
        }
        self.connect_in_flight = false;
        if m.successful == Some(true) {
            self.failures = 0;
            self.connect_due = true;
            self.connect_wait = Some(self.advice.interval());
            return;
        }
        match self.advice.reconnect.clone() {
            Some(Reconnect::None) => self.close(Some(format!(
                "the server advised not to reconnect ({})",
                m.error.as_deref().unwrap_or("connect refused")
            ))),
            Some(Reconnect::Handshake) => {
                self.failures = self.failures.saturating_add(1);
                for sub in self.subs.values_mut() {
                    sub.active = false;
                }
                self.phase = Phase::Backoff(self.advice.interval());
            }
            _ => {
                self.failures = self.failures.saturating_add(1);
                self.connect_due = true;
                let exp = self
                    .options
                    .backoff_base
                    .saturating_mul(1u32 << self.failures.saturating_sub(1).min(16));
                self.connect_wait = Some(
                    exp.min(self.options.backoff_cap)
                        .max(self.advice.interval()),
                );
            }
        }
    }

    fn on_subscribe(&mut self, m: Message, channel: Option<String>) {
        let Some(channel) = channel else { return };
        if m.successful == Some(true) {
            if let Some(sub) = self.subs.get_mut(&channel) {
                sub.active = true;
                self.events.push_back(Event::Subscribed { channel });
            }
            return;
        }
        if self.advice.reconnect == Some(Reconnect::Handshake)
            && m.error.as_deref().is_some_and(|e| e.starts_with("401"))
        {
            // Unknown client: the server forgot us; handshake again and replay.
            self.phase = Phase::Backoff(self.advice.interval());
            return;
        }
        if self.subs.remove(&channel).is_some() {
            let error = RealtimeError::refused(&channel, m.error.as_deref());
            self.events.push_back(Event::Refused { channel, error });
        }
    }

    fn on_data(&mut self, m: Message) {
        if !self.subs.contains_key(&m.channel) {
            return;
        }
        let data = m.data.unwrap_or(Value::Null);
        match serde_json::from_value::<RealtimeMessage>(data.clone()) {
            Ok(message) => self.events.push_back(Event::Message {
                channel: m.channel,
                message: Box::new(message),
            }),
            Err(e) => self.events.push_back(Event::Error(RealtimeError::Decode {
                message: e.to_string(),
                snippet: data.to_string().chars().take(200).collect(),
            })),
        }
    }
}
