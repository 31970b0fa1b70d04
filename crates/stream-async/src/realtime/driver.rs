//! The task that owns the realtime connection: drives the core [`Session`], routes updates to
//! subscribers, and ends when the last subscriber is gone.
use std::collections::HashMap;
use std::time::Duration;

use stream_core::StreamApi;
use stream_core::realtime::{
    ConnectionType, Event, FeedChannel, RealtimeError, RealtimeMessage, Session, SessionOptions,
    Step,
};
use stream_core::{Token, TransportError, TransportErrorKind};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;

use super::RealtimeTransport;
use super::link::{self, ConnectError};
use crate::Client;
use stream_core::JitterSequence;

type Item = Result<RealtimeMessage, RealtimeError>;
type Reply = oneshot::Sender<Result<(u64, mpsc::UnboundedReceiver<Item>), RealtimeError>>;

/// What subscribers ask of the driver.
pub(crate) enum Command {
    /// Subscribe to a channel; the reply comes once the server confirmed (or refused).
    Subscribe { channel: FeedChannel, reply: Reply },
    /// A [`super::Subscription`] was dropped.
    Unsubscribe { channel: String, id: u64 },
    /// A subscribe call gave up (timed out or was cancelled): its reply channel is closed, so
    /// the driver should prune it now rather than at its next turn.
    Abandoned,
}

#[derive(Default)]
struct Subscribers {
    /// The token the server checked for this feed; a later subscribe must bring the same one.
    signature: Option<Token>,
    active: Vec<(u64, mpsc::UnboundedSender<Item>)>,
    waiting: Vec<(
        u64,
        mpsc::UnboundedSender<Item>,
        mpsc::UnboundedReceiver<Item>,
        Reply,
    )>,
}

struct Driver {
    client: Client,
    session: Session,
    mode: ConnectionType,
    fallback_allowed: bool,
    ws: Option<super::link::WsConn>,
    polls: JoinSet<Result<Vec<u8>, TransportError>>,
    subs: HashMap<String, Subscribers>,
    next_id: u64,
    jitter: JitterSequence,
}

fn options(client: &Client, mode: ConnectionType) -> SessionOptions {
    let mut o = SessionOptions::new(mode);
    if mode == ConnectionType::LongPolling {
        let request = client.config().timeouts().request;
        let hold = request
            .saturating_sub(request / 4)
            .max(Duration::from_millis(100));
        o.max_connect_hold = Some(hold);
        o.reply_grace = request.saturating_sub(hold) + Duration::from_millis(200);
    }
    o
}

/// A copy of `e` for the next subscriber (sources are not cloneable; kinds and texts are kept).
fn copy_error(e: &RealtimeError) -> RealtimeError {
    match e {
        RealtimeError::Build(b) => RealtimeError::Build(b.clone()),
        RealtimeError::Refused {
            channel,
            code,
            message,
        } => RealtimeError::Refused {
            channel: channel.clone(),
            code: *code,
            message: message.clone(),
        },
        RealtimeError::Handshake { message } => RealtimeError::Handshake {
            message: message.clone(),
        },
        RealtimeError::Transport(t) => RealtimeError::Transport(t.detached()),
        RealtimeError::Decode { message, snippet } => RealtimeError::Decode {
            message: message.clone(),
            snippet: snippet.clone(),
        },
        other => RealtimeError::Closed {
            reason: other.to_string(),
        },
    }
}

/// Runs the connection until no subscriber is left (or the session closes).
pub(super) async fn run(
    client: Client,
    transport: RealtimeTransport,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let mode = match transport {
        RealtimeTransport::LongPolling => ConnectionType::LongPolling,
        _ => ConnectionType::WebSocket,
    };
    let mut d = Driver {
        session: Session::new(options(&client, mode)),
        client,
        mode,
        fallback_allowed: transport == RealtimeTransport::Auto,
        ws: None,
        polls: JoinSet::new(),
        subs: HashMap::new(),
        next_id: 0,
        jitter: JitterSequence::from_clock(std::time::UNIX_EPOCH.elapsed().unwrap_or_default()),
    };
    // Wait for the first command before connecting.
    match commands.recv().await {
        Some(c) => d.command(c),
        None => return,
    }
    // Each turn handles one step, one frame, one reply or one command; the loop ends when no
    // subscriber is left (abandoned subscribe calls and dropped streams count as gone) or the
    // session is closed.
    loop {
        d.route_events();
        d.prune();
        if d.subs.is_empty() {
            break;
        }
        let step = d.session.poll();
        match step {
            Step::Closed => break,
            Step::Send(t) => d.send(t).await,
            Step::Wait(wait) => {
                // The wait (a backoff) goes on while commands arrive, unless nobody is left.
                // Bounded by the deadline.
                let until = tokio::time::Instant::now() + wait;
                loop {
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => break,
                        c = commands.recv() => match c {
                            Some(c) => d.command(c),
                            None => break,
                        },
                    }
                    d.prune();
                    if d.subs.is_empty() {
                        break;
                    }
                }
            }
            Step::Receive(timeout) => {
                tokio::select! {
                    got = receive(&mut d.ws, &mut d.polls) => match got {
                        Ok(Some(bytes)) => d.session.handle_incoming(&bytes),
                        Ok(None) => {}
                        Err(e) => d.failed(e),
                    },
                    c = commands.recv() => match c {
                        Some(c) => d.command(c),
                        None => break,
                    },
                    () = tokio::time::sleep(timeout) => {
                        d.ws = None;
                        d.polls.abort_all();
                        d.session.timed_out(d.jitter.next_value());
                    }
                }
            }
        }
    }
    commands.close();
    d.route_events();
    if d.session.is_connected() {
        d.session.disconnect();
        if let Step::Send(t) = d.session.poll() {
            // Held polls are of no use any more. The disconnect itself is awaited (bounded by
            // the request timeout) so that the server forgets this client now.
            d.polls.abort_all();
            d.send(t).await;
            let limit = d.client.config().timeouts().request + Duration::from_millis(200);
            let drain = async { while d.polls.join_next().await.is_some() {} };
            let _ = tokio::time::timeout(limit, drain).await;
        }
    }
    // Subscribers still waiting (the session closed) get the reason; their requests, if any
    // raced in after the close, are answered by dropping them (the caller retries).
    for (_, subs) in d.subs.drain() {
        for (_, _, _, reply) in subs.waiting {
            let _ = reply.send(Err(RealtimeError::Closed {
                reason: "the realtime connection closed".to_owned(),
            }));
        }
    }
}

impl Driver {
    fn command(&mut self, c: Command) {
        match c {
            Command::Subscribe { channel, reply } => {
                self.next_id += 1;
                let id = self.next_id;
                let (tx, rx) = mpsc::unbounded_channel();
                let name = channel.channel().to_owned();
                let signature = &channel.ext().signature;
                let client = &self.client;
                let entry = self.subs.entry(name.clone()).or_default();
                match &entry.signature {
                    // One Faye subscription serves every caller of a feed, and the server checks
                    // only the first token: another token joins only if it provably grants the
                    // same (see `same_grant`).
                    Some(first) if !same_grant(client, first, signature) => {
                        let _ = reply.send(Err(RealtimeError::Refused {
                            channel: name,
                            code: None,
                            message: "this client already subscribes to the feed with another \
                                      token, and this one could not be checked to grant the same \
                                      (without the API secret only the identical token joins); \
                                      use another Client"
                                .to_owned(),
                        }));
                        return;
                    }
                    Some(_) => {}
                    None => entry.signature = Some(signature.clone()),
                }
                if self.session.is_subscribed(&name) {
                    self.subs.entry(name).or_default().active.push((id, tx));
                    let _ = reply.send(Ok((id, rx)));
                    return;
                }
                self.subs
                    .entry(name)
                    .or_default()
                    .waiting
                    .push((id, tx, rx, reply));
                self.session.subscribe(channel);
            }
            Command::Unsubscribe { channel, id } => {
                let empty = match self.subs.get_mut(&channel) {
                    Some(s) => {
                        s.active.retain(|(i, _)| *i != id);
                        s.active.is_empty() && s.waiting.is_empty()
                    }
                    None => false,
                };
                if empty {
                    self.subs.remove(&channel);
                    self.session.unsubscribe(&channel);
                }
            }
            Command::Abandoned => self.prune(),
        }
    }

    /// Forgets subscribe calls that gave up (their reply channel is closed) and streams that
    /// were dropped (their item channel is closed); unsubscribes every feed nobody waits for or
    /// listens to any more.
    fn prune(&mut self) {
        let mut gone = Vec::new();
        for (name, s) in &mut self.subs {
            s.waiting.retain(|(_, _, _, reply)| !reply.is_closed());
            s.active.retain(|(_, tx)| !tx.is_closed());
            if s.active.is_empty() && s.waiting.is_empty() {
                gone.push(name.clone());
            }
        }
        for name in gone {
            self.subs.remove(&name);
            self.session.unsubscribe(&name);
        }
    }

    fn route_events(&mut self) {
        while let Some(event) = self.session.poll_event() {
            match event {
                Event::Message { channel, message } => {
                    if let Some(s) = self.subs.get_mut(&channel) {
                        s.active
                            .retain(|(_, tx)| tx.send(Ok((*message).clone())).is_ok());
                    }
                }
                Event::Subscribed { channel } => {
                    if let Some(s) = self.subs.get_mut(&channel) {
                        for (id, tx, rx, reply) in s.waiting.drain(..) {
                            if reply.send(Ok((id, rx))).is_ok() {
                                s.active.push((id, tx));
                            }
                        }
                        if s.active.is_empty() {
                            self.subs.remove(&channel);
                            self.session.unsubscribe(&channel);
                        }
                    }
                }
                Event::Refused { channel, error } => {
                    if let Some(s) = self.subs.remove(&channel) {
                        for (_, _, _, reply) in s.waiting {
                            let _ = reply.send(Err(copy_error(&error)));
                        }
                        for (_, tx) in s.active {
                            let _ = tx.send(Err(copy_error(&error)));
                        }
                    }
                }
                Event::Error(e) => self.broadcast(&e),
                Event::Closed(e) => {
                    self.broadcast(&e);
                    for (_, s) in self.subs.drain() {
                        for (_, _, _, reply) in s.waiting {
                            let _ = reply.send(Err(copy_error(&e)));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn broadcast(&mut self, e: &RealtimeError) {
        for s in self.subs.values_mut() {
            s.active
                .retain(|(_, tx)| tx.send(Err(copy_error(e))).is_ok());
        }
    }

    fn failed(&mut self, e: TransportError) {
        // Nothing listening, an unknown host or a TLS mismatch will not go away by itself:
        // subscribe calls still waiting for their confirmation get the error now rather than a
        // timeout later. Confirmed subscriptions get it as an item and the session reconnects.
        if e.cause.is_some_and(|c| c.is_persistent()) {
            let error = RealtimeError::Transport(e.detached());
            for s in self.subs.values_mut() {
                for (_, _, _, reply) in s.waiting.drain(..) {
                    let _ = reply.send(Err(copy_error(&error)));
                }
            }
        }
        self.ws = None;
        self.polls.abort_all();
        self.session.transport_failed(e, self.jitter.next_value());
    }

    async fn send(&mut self, t: stream_core::realtime::Transmit) {
        if self.mode == ConnectionType::LongPolling {
            link::spawn_poll(&mut self.polls, &self.client, &t);
            return;
        }
        if self.ws.is_none() {
            match link::connect_ws(self.client.config()).await {
                Ok(ws) => self.ws = Some(ws),
                Err(ConnectError::Refused(status)) if self.fallback_allowed => {
                    // The server does not speak WebSocket: switch to long-polling for good.
                    tracing::debug!(status, "realtime: WebSocket refused, using long-polling");
                    self.mode = ConnectionType::LongPolling;
                    let mut session = Session::new(options(&self.client, self.mode));
                    for name in self.subs.keys() {
                        if let Some(ch) = self.session_channel(name) {
                            session.subscribe(ch);
                        }
                    }
                    self.session = session;
                    return;
                }
                Err(ConnectError::Refused(status)) => {
                    let e = TransportError::new(
                        TransportErrorKind::Other,
                        format!(
                            "the realtime server refused the WebSocket upgrade (HTTP {status})"
                        ),
                    );
                    // Without a fallback this will not get better: pending subscribe calls get
                    // the refusal now instead of waiting for their timeout.
                    let refusal = RealtimeError::Transport(e.detached());
                    for s in self.subs.values_mut() {
                        for (_, _, _, reply) in s.waiting.drain(..) {
                            let _ = reply.send(Err(copy_error(&refusal)));
                        }
                    }
                    return self.failed(e);
                }
                Err(ConnectError::Transport(e)) => return self.failed(e),
            }
        }
        if let Some(ws) = self.ws.as_mut() {
            if let Err(e) = link::send_ws(ws, self.client.config(), &t).await {
                self.failed(e);
            }
        }
    }

    fn session_channel(&self, name: &str) -> Option<FeedChannel> {
        self.session.channel(name).cloned()
    }
}

/// What arrives next: a frame, or a finished long-polling exchange. `Ok(None)` when a poll task
/// was cancelled. Bounded by the caller's timeout.
async fn receive(
    ws: &mut Option<super::link::WsConn>,
    polls: &mut JoinSet<Result<Vec<u8>, TransportError>>,
) -> Result<Option<Vec<u8>>, TransportError> {
    if let Some(ws) = ws.as_mut() {
        return link::recv_ws(ws).await.map(Some);
    }
    match polls.join_next().await {
        Some(Ok(result)) => result.map(Some),
        Some(Err(_)) => Ok(None),
        None => std::future::pending().await,
    }
}

/// Whether a caller bringing `new` may join the subscription the server accepted with `first`:
/// the identical token, or, when this client holds the API secret, a token whose signature and
/// expiry check out and that grants at least as much: each of `resource`, `action` and `feed_id`
/// equal to the accepted token's or `*` (a refreshed, broader or differently minted token).
fn same_grant(client: &Client, first: &Token, new: &Token) -> bool {
    if first == new {
        return true;
    }
    let Some(signer) = client.config().signer() else {
        return false;
    };
    let now = i64::try_from(client.now_unix()).unwrap_or(i64::MAX);
    let (Ok(accepted), Ok(offered)) = (
        stream_core::auth::dangerous::decode_unverified(first.as_str()),
        signer.verify(new.as_str(), now),
    ) else {
        return false;
    };
    ["resource", "action", "feed_id"].iter().all(|k| {
        let offered = offered.get(k);
        offered == accepted.get(k) || offered.and_then(|v| v.as_str()) == Some("*")
    })
}
