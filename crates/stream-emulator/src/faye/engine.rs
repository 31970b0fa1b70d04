//! The Bayeux server: clients, their subscriptions and queued messages, and the pump from the
//! feed-change broadcast to subscribed clients.
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{Notify, watch};

use super::payload::{channel_of, data_of};
use crate::state::{EmulatorState, SharedState};

/// How long the server holds a `/meta/connect` when the client does not ask for less (ms).
pub(crate) const SERVER_HOLD_MS: u64 = 30_000;
/// Long-polling clients that have not polled for this long are forgotten.
const CLIENT_TTL: Duration = Duration::from_secs(120);
/// At most this many messages wait for a client that is not connected.
const MAX_QUEUE: usize = 10_000;

struct Client {
    subs: HashSet<String>,
    queue: VecDeque<Value>,
    notify: Arc<Notify>,
    touched: Instant,
}

/// One emulator's Bayeux state. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    /// Weak: when the emulator stops, its state goes, the change broadcast closes, and the
    /// pump tells every open socket to close.
    state: Weak<EmulatorState>,
    closed: watch::Sender<bool>,
    clients: Mutex<HashMap<String, Client>>,
    pump_started: AtomicBool,
    next_client: AtomicU64,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

/// The reply to a batch: immediate replies, plus a held connect to answer later.
pub(super) struct Outcome {
    pub(crate) replies: Vec<Value>,
    pub(crate) connect: Option<HeldConnect>,
}

/// A `/meta/connect` waiting for messages or its deadline.
pub(super) struct HeldConnect {
    pub(crate) client_id: String,
    pub(crate) id: Value,
    pub(crate) hold: Duration,
    pub(crate) notify: Arc<Notify>,
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn reply(msg: &Value, channel: &str) -> serde_json::Map<String, Value> {
    let mut r = serde_json::Map::new();
    r.insert("channel".into(), json!(channel));
    if let Some(id) = msg.get("id") {
        r.insert("id".into(), id.clone());
    }
    if let Some(c) = msg.get("clientId") {
        r.insert("clientId".into(), c.clone());
    }
    r
}

impl Engine {
    /// An engine for the emulator's state; its pump starts with the first handshake.
    pub(crate) fn new(state: SharedState) -> Self {
        Self {
            inner: Arc::new(Inner {
                state: Arc::downgrade(&state),
                closed: watch::channel(false).0,
                clients: Mutex::new(HashMap::new()),
                pump_started: AtomicBool::new(false),
                next_client: AtomicU64::new(1),
            }),
        }
    }

    fn clients(&self) -> MutexGuard<'_, HashMap<String, Client>> {
        self.inner.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Watches whether the emulator has stopped.
    pub(super) fn closed(&self) -> watch::Receiver<bool> {
        self.inner.closed.subscribe()
    }

    fn start_pump(&self) {
        if self.inner.pump_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let Some(state) = self.inner.state.upgrade() else {
            return;
        };
        let mut rx = state.changes.subscribe();
        drop(state);
        let weak = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            loop {
                let change = match rx.recv().await {
                    Ok(c) => c,
                    Err(RecvError::Lagged(missed)) => {
                        // Subscribers would silently miss these; say so where an operator looks.
                        eprintln!(
                            "stream-emulator: {missed} realtime messages dropped: the change \
                             queue overflowed"
                        );
                        continue;
                    }
                    Err(RecvError::Closed) => {
                        if let Some(inner) = weak.upgrade() {
                            inner.closed.send_replace(true);
                        }
                        return;
                    }
                };
                let Some(inner) = weak.upgrade() else { return };
                let engine = Engine { inner };
                let channel = channel_of(&change.app_id, &change.feed_id);
                let published_at = crate::feed::format_rfc3339(crate::feed::now_us());
                let msg = json!({"channel": channel, "data": data_of(&change, published_at)});
                engine.deliver(&channel, &msg);
            }
        });
    }

    fn deliver(&self, channel: &str, msg: &Value) {
        let mut clients = self.clients();
        for c in clients.values_mut() {
            if c.subs.contains(channel) {
                if c.queue.len() >= MAX_QUEUE {
                    c.queue.pop_front();
                }
                c.queue.push_back(msg.clone());
                c.notify.notify_one();
            }
        }
    }

    /// Takes the messages queued for `client_id`.
    pub(super) fn drain(&self, client_id: &str) -> Vec<Value> {
        let mut clients = self.clients();
        match clients.get_mut(client_id) {
            Some(c) => {
                c.touched = Instant::now();
                c.queue.drain(..).collect()
            }
            None => Vec::new(),
        }
    }

    /// Forgets a client (its WebSocket closed).
    pub(super) fn forget(&self, client_id: &str) {
        self.clients().remove(client_id);
    }

    /// The reply that ends a held connect.
    pub(super) fn connect_reply(held: &HeldConnect) -> Value {
        json!({"channel": "/meta/connect", "id": held.id, "clientId": held.client_id,
               "successful": true, "advice": {"reconnect": "retry", "interval": 0, "timeout": SERVER_HOLD_MS}})
    }

    /// Processes one batch (`body` is a JSON array or one message object).
    pub(super) fn handle(&self, body: &[u8]) -> Outcome {
        let mut out = Outcome {
            replies: Vec::new(),
            connect: None,
        };
        let messages = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Array(a)) => a,
            Ok(v @ Value::Object(_)) => vec![v],
            _ => {
                out.replies
                    .push(json!({"channel": "/meta/unknown", "successful": false,
                    "error": "400::Invalid JSON: expected a Bayeux message or an array of them"}));
                return out;
            }
        };
        for msg in messages.iter().take(1000) {
            self.handle_one(msg, &mut out);
        }
        out
    }

    fn handle_one(&self, msg: &Value, out: &mut Outcome) {
        let channel = msg
            .get("channel")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let client_id = msg
            .get("clientId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut r = reply(msg, channel);
        let known = !client_id.is_empty() && self.clients().contains_key(&client_id);
        let unknown = |r: &mut serde_json::Map<String, Value>| {
            r.insert("successful".into(), json!(false));
            r.insert("error".into(), json!("401::Unknown client"));
            r.insert(
                "advice".into(),
                json!({"reconnect": "handshake", "interval": 0}),
            );
        };
        match channel {
            "/meta/handshake" => {
                self.start_pump();
                self.sweep();
                let id = format!(
                    "emu-{}-{}",
                    self.inner.next_client.fetch_add(1, Ordering::Relaxed),
                    crate::feed::now_us()
                );
                self.clients().insert(
                    id.clone(),
                    Client {
                        subs: HashSet::new(),
                        queue: VecDeque::new(),
                        notify: Arc::new(Notify::new()),
                        touched: Instant::now(),
                    },
                );
                r.insert("successful".into(), json!(true));
                r.insert("clientId".into(), json!(id));
                r.insert("version".into(), json!("1.0"));
                r.insert(
                    "supportedConnectionTypes".into(),
                    json!(["websocket", "long-polling"]),
                );
                r.insert(
                    "advice".into(),
                    json!({"reconnect": "retry", "interval": 0, "timeout": SERVER_HOLD_MS}),
                );
            }
            "/meta/connect" if known => {
                let asked = msg
                    .pointer("/advice/timeout")
                    .and_then(Value::as_u64)
                    .unwrap_or(SERVER_HOLD_MS);
                let notify = self.clients().get(&client_id).map(|c| c.notify.clone());
                if let Some(notify) = notify {
                    out.connect = Some(HeldConnect {
                        client_id,
                        id: msg.get("id").cloned().unwrap_or(Value::Null),
                        hold: Duration::from_millis(asked.min(SERVER_HOLD_MS)),
                        notify,
                    });
                    return;
                }
                unknown(&mut r);
            }
            "/meta/subscribe" if known => {
                let subs = subscriptions(msg);
                r.insert(
                    "subscription".into(),
                    msg.get("subscription").cloned().unwrap_or(Value::Null),
                );
                let mut error = None;
                for s in &subs {
                    let Some(state) = self.inner.state.upgrade() else {
                        error = Some("503::The server is shutting down".to_owned());
                        break;
                    };
                    if let Err(e) = super::auth::check(&state, s, msg.get("ext"), now_unix()) {
                        error = Some(e);
                        break;
                    }
                }
                match error {
                    None if !subs.is_empty() => {
                        if let Some(c) = self.clients().get_mut(&client_id) {
                            c.subs.extend(subs);
                        }
                        r.insert("successful".into(), json!(true));
                    }
                    other => {
                        r.insert("successful".into(), json!(false));
                        r.insert(
                            "error".into(),
                            json!(other.unwrap_or_else(|| "405::Missing subscription".into())),
                        );
                    }
                }
            }
            "/meta/unsubscribe" if known => {
                let subs = subscriptions(msg);
                if let Some(c) = self.clients().get_mut(&client_id) {
                    for s in &subs {
                        c.subs.remove(s);
                    }
                }
                r.insert(
                    "subscription".into(),
                    msg.get("subscription").cloned().unwrap_or(Value::Null),
                );
                r.insert("successful".into(), json!(true));
            }
            "/meta/disconnect" if known => {
                self.forget(&client_id);
                r.insert("successful".into(), json!(true));
            }
            "/meta/connect" | "/meta/subscribe" | "/meta/unsubscribe" | "/meta/disconnect" => {
                unknown(&mut r)
            }
            _ => {
                // Clients may not publish to feed channels.
                r.insert("successful".into(), json!(false));
                r.insert(
                    "error".into(),
                    json!(format!("403:{channel}:Publishing is not allowed")),
                );
            }
        }
        out.replies.push(Value::Object(r));
    }

    fn sweep(&self) {
        let now = Instant::now();
        self.clients()
            .retain(|_, c| now.duration_since(c.touched) < CLIENT_TTL);
    }
}

fn subscriptions(msg: &Value) -> Vec<String> {
    match msg.get("subscription") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}
