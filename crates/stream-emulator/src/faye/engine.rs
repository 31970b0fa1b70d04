//! The Bayeux server: the protocol over the client [`Registry`], the pump from the feed-change
//! broadcast to subscribed clients, and the sweeper that forgets idle clients.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{Notify, watch};

use super::limits::FayeLimits;
use super::payload::{channel_of, data_of};
use super::registry::{Registry, Shared};
use crate::state::{EmulatorState, SharedState};

/// How long the server holds a `/meta/connect` when the client does not ask for less (ms).
pub(crate) const SERVER_HOLD_MS: u64 = 30_000;

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
    clients: Mutex<Registry>,
    pump_started: AtomicBool,
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
    /// Clients this batch handshook.
    pub(crate) new_clients: Vec<String>,
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

/// Serializes one message for the wire.
pub(super) fn shared(v: &Value) -> Shared {
    Arc::from(serde_json::to_string(v).unwrap_or_else(|_| "{}".to_owned()))
}

impl Engine {
    /// An engine for the emulator's state; its pump starts with the first handshake.
    pub(crate) fn new(state: SharedState, limits: FayeLimits) -> Self {
        Self {
            inner: Arc::new(Inner {
                state: Arc::downgrade(&state),
                closed: watch::channel(false).0,
                clients: Mutex::new(Registry::new(limits)),
                pump_started: AtomicBool::new(false),
            }),
        }
    }

    fn clients(&self) -> MutexGuard<'_, Registry> {
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
        tokio::spawn(sweeper(Arc::downgrade(&self.inner)));
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
                engine.clients().deliver(&channel, &shared(&msg));
            }
        });
    }

    /// Takes the messages queued for `client_id`.
    pub(super) fn drain(&self, client_id: &str) -> Vec<Shared> {
        self.clients().drain(client_id, Instant::now())
    }

    /// How many handshakes one request may make, and how many clients one connection may hold.
    pub(super) fn limits(&self) -> FayeLimits {
        *self.clients().limits()
    }

    /// Whether `client_id` is a known client.
    pub(super) fn knows(&self, client_id: &str) -> bool {
        self.clients().contains(client_id)
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

    /// Processes one batch (`body` is a JSON array or one message object) arriving on a
    /// connection that already holds `held_clients` clients.
    pub(super) fn handle(&self, body: &[u8], held_clients: usize) -> Outcome {
        let limits = self.limits();
        let mut out = Outcome {
            replies: Vec::new(),
            connect: None,
            new_clients: Vec::new(),
        };
        // Handshakes this batch may still make.
        let mut handshakes = limits.max_handshakes_per_request().min(
            limits
                .max_clients_per_connection()
                .saturating_sub(held_clients),
        );
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
            self.handle_one(msg, &mut out, &mut handshakes);
        }
        out
    }

    fn handle_one(&self, msg: &Value, out: &mut Outcome, handshakes: &mut usize) {
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
        let known = !client_id.is_empty() && self.clients().contains(&client_id);
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
                let added = if *handshakes == 0 {
                    Err("429::Too many handshakes in one request or connection")
                } else {
                    self.clients()
                        .add(Instant::now())
                        .map_err(super::registry::Refusal::error)
                };
                match added {
                    Ok(id) => {
                        *handshakes -= 1;
                        out.new_clients.push(id.clone());
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
                    Err(error) => {
                        r.insert("successful".into(), json!(false));
                        r.insert("error".into(), json!(error));
                        r.insert(
                            "advice".into(),
                            json!({"reconnect": "handshake", "interval": 1000}),
                        );
                    }
                }
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
                let mut apps: Vec<String> = Vec::new();
                for s in &subs {
                    let Some(state) = self.inner.state.upgrade() else {
                        error = Some("503::The server is shutting down".to_owned());
                        break;
                    };
                    match super::auth::check(&state, s, msg.get("ext"), now_unix()) {
                        Ok(app_id) if !apps.contains(&app_id) => apps.push(app_id),
                        Ok(_) => {}
                        Err(e) => {
                            error = Some(e);
                            break;
                        }
                    }
                }
                if error.is_none() && !subs.is_empty() {
                    let mut clients = self.clients();
                    for app_id in &apps {
                        let chosen: Vec<String> = subs
                            .iter()
                            .filter(|s| super::auth::app_of(s) == Some(app_id.as_str()))
                            .cloned()
                            .collect();
                        if let Err(e) = clients.subscribe(&client_id, app_id, chosen) {
                            error = Some(e.error().to_owned());
                            break;
                        }
                    }
                }
                match error {
                    None if !subs.is_empty() => {
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
                self.clients().unsubscribe(&client_id, &subs);
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
}

/// Forgets idle clients every sweep interval, until the engine is gone.
async fn sweeper(inner: Weak<Inner>) {
    let Some(every) = inner.upgrade().map(|i| {
        i.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .limits()
            .sweep_interval()
    }) else {
        return;
    };
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Bounded by the engine's life: each turn waits one interval.
    loop {
        ticks.tick().await;
        let Some(inner) = inner.upgrade() else { return };
        let mut clients = inner.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.sweep(Instant::now());
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
