//! Webhooks: when an app has a `webhook_url` (set with `PATCH /api/v2/app`, or for every app
//! with `EmulatorBuilder::webhook_url`), what the emulator does is POSTed there as the service's
//! events (`call.created`, `call.member_added`, `call.ended`, …), signed with the app secret and
//! filtered by the app's `webhook_events` (empty: all).
//!
//! Handlers emit with one line while they hold the app's lock, after the change:
//! `webhooks::emit(&caller.app, &data, Event::call("call.ended", &caller, &data.v2, &cid))`.
//! Recording handlers emit `call.recording_started` / `call.recording_stopped` with one line,
//! `webhooks::emit(&caller.app, &data, Event::recording(kind, &cid, "composite"))`, and
//! `call.recording_ready` as `Event::recording(..)` plus `.with("call_recording", file)`.
//! Emitting never blocks: the event is signed and queued, and [`delivery`] sends it.
pub(crate) mod delivery;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use self::delivery::{Counters, Delivery};
use super::auth::ServerCaller;
use super::state::{V2Call, V2Member, V2State, now_ns};
use crate::state::{App, AppState};

/// What happened to the webhook events the emulator emitted since it started (all apps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookStats {
    /// Events queued for delivery.
    pub queued: u64,
    /// Events dropped because the delivery queue was full.
    pub dropped: u64,
    /// Events a receiver accepted (2xx).
    pub delivered: u64,
    /// Events given up on (refused, out of attempts or time, or not an `http://` URL).
    pub failed: u64,
    /// POSTs made, retries included.
    pub attempts: u64,
}

/// Where handlers queue events: the delivery queue, the URL given to the builder, the
/// counters. The default (no queue) emits nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outbox {
    queue: Option<mpsc::Sender<Delivery>>,
    default_url: Option<Arc<str>>,
    counters: Arc<Counters>,
}

impl Outbox {
    /// An outbox feeding `queue`, delivering to `default_url` for apps that set none.
    pub(crate) fn new(
        queue: mpsc::Sender<Delivery>,
        default_url: Option<String>,
        counters: Arc<Counters>,
    ) -> Self {
        Self {
            queue: Some(queue),
            default_url: default_url.map(Arc::from),
            counters,
        }
    }

    /// The URL given to the builder, if any.
    pub(crate) fn default_url(&self) -> Option<&str> {
        self.default_url.as_deref()
    }

    /// A snapshot of the counters.
    pub(crate) fn stats(&self) -> WebhookStats {
        let c = &self.counters;
        WebhookStats {
            queued: c.queued.load(Ordering::Relaxed),
            dropped: c.dropped.load(Ordering::Relaxed),
            delivered: c.delivered.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            attempts: c.attempts.load(Ordering::Relaxed),
        }
    }
}

/// One event: `type`, `created_at` (unix ns, like every v2 timestamp here) and its fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event(Map<String, Value>);

impl Event {
    /// An event of `kind` happening now.
    pub(crate) fn new(kind: &str) -> Self {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("created_at".into(), json!(now_ns()));
        Self(m)
    }

    /// A call event: `call_cid` and the `call` as answered (when it still exists in `data`).
    pub(crate) fn call(kind: &str, caller: &ServerCaller, data: &V2State, cid: &str) -> Self {
        let event = Self::new(kind).with("call_cid", json!(cid));
        match data.calls.get(cid) {
            Some(c) => event.with("call", call_json(caller, data, c)),
            None => event,
        }
    }

    /// A call event about a call no longer stored (`call.deleted`).
    pub(crate) fn removed_call(
        kind: &str,
        caller: &ServerCaller,
        data: &V2State,
        c: &V2Call,
    ) -> Self {
        Self::new(kind)
            .with("call_cid", json!(c.cid()))
            .with("call", call_json(caller, data, c))
    }

    /// `call.recording_started` / `call.recording_stopped` of call `cid`.
    pub(crate) fn recording(kind: &str, cid: &str, recording_type: &str) -> Self {
        Self::new(kind)
            .with("call_cid", json!(cid))
            .with("egress_id", json!(format!("{recording_type}:{cid}")))
            .with("recording_type", json!(recording_type))
    }

    /// `members`: these members as `MemberResponse`s.
    pub(crate) fn members<'a>(
        self,
        data: &V2State,
        members: impl IntoIterator<Item = &'a V2Member>,
    ) -> Self {
        let list: Vec<Value> = members
            .into_iter()
            .map(|m| super::shapes::member(m, data.users.get(&m.user_id)))
            .collect();
        self.with("members", Value::Array(list))
    }

    /// `members`: every member of call `cid`.
    pub(crate) fn call_members(self, data: &V2State, cid: &str) -> Self {
        match data.calls.get(cid) {
            Some(c) => self.members(data, c.members.values()),
            None => self,
        }
    }

    /// `user`: user `id` as `UserResponse` (when stored).
    pub(crate) fn user(self, data: &V2State, id: &str) -> Self {
        match data.users.get(id) {
            Some(u) => self.with("user", super::shapes::user(u)),
            None => self,
        }
    }

    /// Sets a field.
    pub(crate) fn with(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.into(), value);
        self
    }

    /// The `type`.
    fn kind(&self) -> &str {
        self.0
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// A call as `CallResponse`, as the call endpoints answer it.
fn call_json(caller: &ServerCaller, data: &V2State, c: &V2Call) -> Value {
    super::shapes::call(
        c,
        super::call_types::settings_of(data, &c.call_type),
        caller,
        data.users.get(&c.created_by_id),
    )
}

/// The URL events of `data`'s app go to: its `webhook_url` setting, else the builder's.
fn url_of(data: &AppState) -> Option<&str> {
    let url = match data.v2.app_settings.get("webhook_url") {
        Some(Value::String(s)) => s.as_str(),
        _ => data.webhooks.default_url()?,
    };
    Some(url).filter(|u| !u.is_empty())
}

/// Whether the app's `webhook_events` (empty or unset: all) lets `kind` through.
fn wanted(data: &AppState, kind: &str) -> bool {
    match data.v2.app_settings.get("webhook_events") {
        Some(Value::Array(kinds)) if !kinds.is_empty() => {
            kinds.iter().any(|k| k.as_str() == Some(kind))
        }
        _ => true,
    }
}

/// Signs `event` with the app secret and queues it for the app's webhook URL; nothing happens
/// without a URL or when the app's `webhook_events` leave it out. Never blocks: a full queue
/// drops the event (counted in [`WebhookStats::dropped`]).
pub(crate) fn emit(app: &App, data: &AppState, event: Event) {
    let outbox = &data.webhooks;
    let Some(queue) = &outbox.queue else {
        return;
    };
    let Some(url) = url_of(data) else {
        return;
    };
    if !wanted(data, event.kind()) {
        return;
    }
    let Ok(body) = serde_json::to_vec(&event.0) else {
        return;
    };
    let delivery = Delivery {
        url: url.to_owned(),
        signature: app.signer.sign_webhook(&body),
        body: body.into(),
        api_key: app.api_key.clone(),
        id: webhook_id(),
    };
    match queue.try_send(delivery) {
        Ok(()) => Counters::add(&outbox.counters.queued),
        Err(_) => Counters::add(&outbox.counters.dropped),
    }
}

/// `call.member_removed` (`removed` user ids), then `call.member_added` and
/// `call.member_updated` (the `changed` members, new ones where `added`), each only when it has
/// members, after a change of call `cid`'s members.
pub(crate) fn member_changes(
    caller: &ServerCaller,
    data: &AppState,
    cid: &str,
    removed: &[String],
    changed: &[V2Member],
    added: &[bool],
) {
    if !removed.is_empty() {
        let event = Event::call("call.member_removed", caller, &data.v2, cid);
        emit(&caller.app, data, event.with("members", json!(removed)));
    }
    for (kind, new) in [("call.member_added", true), ("call.member_updated", false)] {
        let members: Vec<&V2Member> = changed
            .iter()
            .zip(added)
            .filter(|(_, a)| **a == new)
            .map(|(m, _)| m)
            .collect();
        if !members.is_empty() {
            let event = Event::call(kind, caller, &data.v2, cid).members(&data.v2, members);
            emit(&caller.app, data, event);
        }
    }
}

/// A random UUID (version 4), as the service's `X-Webhook-Id`.
fn webhook_id() -> String {
    let mut b = [0_u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // Unique within this process at least.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        b[8..].copy_from_slice(&n.to_be_bytes());
        b[..8].copy_from_slice(&now_ns().to_be_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_ids_are_distinct_v4_uuids() {
        let (a, b) = (webhook_id(), webhook_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn events_filter_by_the_apps_webhook_events() {
        let mut data = AppState::default();
        assert!(wanted(&data, "call.created"));
        data.v2
            .app_settings
            .insert("webhook_events".into(), json!([]));
        assert!(wanted(&data, "call.created"));
        data.v2
            .app_settings
            .insert("webhook_events".into(), json!(["call.ended"]));
        assert!(wanted(&data, "call.ended"));
        assert!(!wanted(&data, "call.created"));
        assert_eq!(url_of(&data), None);
        data.v2
            .app_settings
            .insert("webhook_url".into(), json!("http://127.0.0.1:1/h"));
        assert_eq!(url_of(&data), Some("http://127.0.0.1:1/h"));
    }
}
