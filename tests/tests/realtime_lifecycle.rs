//! The lifecycle of realtime connections: an abandoned subscribe call does not keep the async
//! driver (and its `Client` clone) alive; streams of one async client share one Faye client and
//! one connection; dropping a stream unsubscribes only it; dropping the last one disconnects and
//! closes the connection. Blocking subscriptions each own their session and end it on drop.
//!
//! Observables: a recording transport (every long-polling exchange, with the server's replies),
//! an "alive" marker inside the transport (it is dropped once every `Client` clone is gone, the
//! driver's included), and a counting TCP proxy in front of the emulator for WebSockets. Every
//! wait is bounded.
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use stream_blocking::prelude::*;

use serde_json::Value;
use stream_async::models::activity::NewActivity;
use stream_async::realtime::{RealtimeTransport, Subscription};
use stream_async::{
    AsyncTransport, BoxFuture, Client, Request, Response, StreamExt, TransportError,
    TransportErrorKind,
};
use stream_emulator::Emulator;
use stream_tests::proxy::Proxy;

const REQUEST_TIMEOUT: Duration = Duration::from_millis(1500);

/// Every long-polling exchange: the messages sent and the messages the server replied.
#[derive(Clone, Default)]
struct Recorder {
    sent: Arc<Mutex<Vec<Value>>>,
    replies: Arc<Mutex<Vec<Value>>>,
}

fn messages(bytes: &[u8]) -> Vec<Value> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(a)) => a,
        Ok(v) => vec![v],
        Err(_) => Vec::new(),
    }
}

impl Recorder {
    fn record_request(&self, req: &Request) {
        if req.op != "realtime.poll" {
            return;
        }
        if let Some(body) = &req.body {
            let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
            sent.extend(messages(&body.bytes));
        }
    }

    fn record_response(&self, req: &Request, resp: &Result<Response, TransportError>) {
        if let (Ok(r), "realtime.poll") = (resp, req.op) {
            let mut replies = self.replies.lock().unwrap_or_else(|e| e.into_inner());
            replies.extend(messages(&r.body));
        }
    }

    fn sent(&self) -> Vec<Value> {
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn replies(&self) -> Vec<Value> {
        self.replies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The sent messages on `channel` (optionally only those for `subscription`).
    fn sent_on(&self, channel: &str, subscription: Option<&str>) -> Vec<Value> {
        self.sent()
            .into_iter()
            .filter(|m| m["channel"] == channel)
            .filter(|m| subscription.is_none_or(|s| m["subscription"] == s))
            .collect()
    }

    /// Whether the server answered a `channel` request successfully (for `client_id`).
    fn succeeded(&self, channel: &str, client_id: Option<&str>) -> bool {
        self.replies().iter().any(|m| {
            m["channel"] == channel
                && m["successful"] == true
                && client_id.is_none_or(|c| m["clientId"] == c)
        })
    }

    /// The distinct client ids the client sent.
    fn client_ids(&self) -> BTreeSet<String> {
        self.sent()
            .iter()
            .filter_map(|m| m["clientId"].as_str().map(str::to_owned))
            .collect()
    }
}

/// An async transport that records realtime exchanges and carries an "alive" marker: once every
/// `Client` clone is gone, the marker's `Weak` no longer upgrades.
struct Tracked<T> {
    inner: T,
    recorder: Recorder,
    _alive: Arc<()>,
}

impl<T: AsyncTransport> AsyncTransport for Tracked<T> {
    fn execute<'a>(&'a self, req: &'a Request) -> BoxFuture<'a, Result<Response, TransportError>> {
        Box::pin(async move {
            self.recorder.record_request(req);
            let resp = self.inner.execute(req).await;
            self.recorder.record_response(req, &resp);
            resp
        })
    }
}

/// A transport that never reaches anything.
struct Unreachable;

impl AsyncTransport for Unreachable {
    fn execute<'a>(&'a self, _: &'a Request) -> BoxFuture<'a, Result<Response, TransportError>> {
        Box::pin(async {
            Err(TransportError::new(
                TransportErrorKind::Connect,
                "nothing listens here",
            ))
        })
    }
}

fn tracked_client<T: AsyncTransport + 'static>(
    base_url: &str,
    app_id: &str,
    inner: T,
) -> (Client, Recorder, Weak<()>) {
    let recorder = Recorder::default();
    let alive = Arc::new(());
    let weak = Arc::downgrade(&alive);
    let client = Client::builder("key", "secret")
        .base_url(base_url)
        .app_id(app_id)
        .request_timeout(REQUEST_TIMEOUT)
        .transport(Tracked {
            inner,
            recorder: recorder.clone(),
            _alive: alive,
        })
        .build()
        .expect("client");
    (client, recorder, weak)
}

fn emulator_client(emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(REQUEST_TIMEOUT)
        .build()
        .expect("client")
}

/// A client of `emu` whose transport is tracked (the emulator's credentials).
fn tracked_emulator_client(emu: &Emulator) -> (Client, Recorder, Weak<()>) {
    let recorder = Recorder::default();
    let alive = Arc::new(());
    let weak = Arc::downgrade(&alive);
    let inner = stream_async::ReqwestTransport::new(stream_core::Timeouts {
        request: REQUEST_TIMEOUT,
        ..stream_core::Timeouts::default()
    })
    .expect("transport");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(REQUEST_TIMEOUT)
        .transport(Tracked {
            inner,
            recorder: recorder.clone(),
            _alive: alive,
        })
        .build()
        .expect("client");
    (client, recorder, weak)
}

/// Waits (at most `limit`) until `cond` holds.
async fn eventually(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    cond()
}

async fn post(client: &Client, user: &str, object: &str) -> String {
    let feed = client.feed("user", user).unwrap();
    let added = client
        .send(feed.add_activity(NewActivity::new(user, "post", object)))
        .await
        .expect("add");
    added.activity.id.expect("id").to_string()
}

async fn next_id(updates: &mut Subscription) -> Option<String> {
    match tokio::time::timeout(Duration::from_secs(5), updates.next()).await {
        Ok(Some(Ok(m))) => m
            .new
            .first()
            .and_then(|a| a.id.as_deref().map(str::to_owned)),
        Ok(Some(Err(e))) => panic!("unexpected realtime error: {e}"),
        Ok(None) => panic!("the stream ended"),
        Err(_) => panic!("no realtime message within 5 s on {}", updates.channel()),
    }
}

// ---- 1. an abandoned subscribe call does not keep the driver reconnecting for ever ----

async fn abandoned_subscribe_ends_the_driver(transport: RealtimeTransport) {
    // A listener that never answers: the WebSocket handshake hangs (a refused connection would
    // fail the subscribe call at once); long-polls go to a transport that cannot connect.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let (client, _rec, alive) = tracked_client(&url, "1234", Unreachable);
    client.set_realtime_transport(transport);
    let feed = client.feed("user", "alice").unwrap();
    // The subscription is never confirmed; the caller gives up.
    let attempt = tokio::time::timeout(Duration::from_millis(300), client.subscribe(&feed)).await;
    assert!(attempt.is_err(), "confirmed without a server: {attempt:?}");
    drop(client);
    // The driver notices nobody waits any more, stops reconnecting and drops its client clone.
    assert!(
        eventually(Duration::from_secs(5), || alive.upgrade().is_none()).await,
        "the realtime driver is still running (it holds a client clone)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_websocket_subscribe_lets_the_driver_end() {
    abandoned_subscribe_ends_the_driver(RealtimeTransport::WebSocket).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_long_polling_subscribe_lets_the_driver_end() {
    abandoned_subscribe_ends_the_driver(RealtimeTransport::LongPolling).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_driver_ends_after_the_emulator_stopped_and_everything_was_dropped() {
    let emu = Emulator::start().await.unwrap();
    let (client, _rec, alive) = tracked_emulator_client(&emu);
    client.set_realtime_transport(RealtimeTransport::WebSocket);
    let alice = client
        .subscribe(&client.feed("user", "alice").unwrap())
        .await
        .expect("subscribed");
    assert!(
        emu.stop(Duration::from_secs(5)).await,
        "the emulator stopped"
    );
    // A second subscription while the server is gone is never confirmed: refused at once, or
    // abandoned by its caller.
    let bob = client.feed("user", "bob").unwrap();
    let attempt = tokio::time::timeout(Duration::from_millis(300), client.subscribe(&bob)).await;
    assert!(
        !matches!(attempt, Ok(Ok(_))),
        "confirmed without a server: {attempt:?}"
    );
    drop(alice);
    drop(client);
    assert!(
        eventually(Duration::from_secs(5), || alive.upgrade().is_none()).await,
        "the realtime driver is still running (it holds a client clone)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_subscribe_does_not_disturb_a_live_stream() {
    let emu = Emulator::start().await.unwrap();
    let poster = emulator_client(&emu);
    let (client, rec, _alive) = tracked_emulator_client(&emu);
    client.set_realtime_transport(RealtimeTransport::LongPolling);
    let mut alice = client
        .subscribe(&client.feed("user", "alice").unwrap())
        .await
        .expect("subscribed");
    // A caller that gives up at once (before any reply can arrive) abandons its request.
    let carol = client.feed("user", "carol").unwrap();
    let gave_up = tokio::time::timeout(Duration::from_micros(1), client.subscribe(&carol)).await;
    if gave_up.is_err() {
        // Its feed is unsubscribed again (or never subscribed), alice's stream goes on.
        let channel = format!("/site-{}-feed-usercarol", emu.app_id());
        let subscribes = rec.sent_on("/meta/subscribe", Some(&channel)).len();
        let unsubscribes = rec.sent_on("/meta/unsubscribe", Some(&channel)).len();
        assert!(
            eventually(Duration::from_secs(5), || {
                subscribes == 0
                    || rec.sent_on("/meta/unsubscribe", Some(&channel)).len() > unsubscribes
            })
            .await,
            "the abandoned feed stayed subscribed"
        );
    }
    let id = post(&poster, "alice", "post:1").await;
    assert_eq!(next_id(&mut alice).await.as_deref(), Some(id.as_str()));
}

// ---- 2. sharing, unsubscribe on drop, disconnect after the last ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_streams_share_one_faye_client_and_drops_unsubscribe_then_disconnect() {
    let emu = Emulator::start().await.unwrap();
    let poster = emulator_client(&emu);
    let (client, rec, alive) = tracked_emulator_client(&emu);
    client.set_realtime_transport(RealtimeTransport::LongPolling);
    let alice = client
        .subscribe(&client.feed("user", "alice").unwrap())
        .await
        .unwrap();
    let mut bob = client
        .subscribe(&client.feed("user", "bob").unwrap())
        .await
        .unwrap();
    let alice_channel = alice.channel().to_owned();
    let bob_channel = bob.channel().to_owned();

    // One handshake, one Faye client id for both streams.
    assert_eq!(rec.sent_on("/meta/handshake", None).len(), 1);
    let ids = rec.client_ids();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let client_id = ids.into_iter().next().unwrap();

    // Dropping alice's stream unsubscribes alice only; bob still receives.
    drop(alice);
    assert!(
        eventually(Duration::from_secs(5), || {
            !rec.sent_on("/meta/unsubscribe", Some(&alice_channel))
                .is_empty()
                && rec.succeeded("/meta/unsubscribe", Some(&client_id))
        })
        .await,
        "no unsubscribe of {alice_channel} after the drop"
    );
    let id = post(&poster, "bob", "post:1").await;
    assert_eq!(next_id(&mut bob).await.as_deref(), Some(id.as_str()));
    assert!(
        rec.sent_on("/meta/unsubscribe", Some(&bob_channel))
            .is_empty()
    );
    assert!(rec.sent_on("/meta/disconnect", None).is_empty());

    // Dropping the last stream disconnects; the server confirms it forgot the client.
    drop(bob);
    assert!(
        eventually(Duration::from_secs(5), || rec
            .succeeded("/meta/disconnect", Some(&client_id)))
        .await,
        "no confirmed disconnect after the last stream was dropped"
    );
    assert_eq!(rec.sent_on("/meta/handshake", None).len(), 1);
    drop(client);
    assert!(
        eventually(Duration::from_secs(5), || alive.upgrade().is_none()).await,
        "the realtime driver outlived its last stream"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_streams_share_one_connection_and_the_last_drop_closes_it() {
    let emu = Emulator::start().await.unwrap();
    let poster = emulator_client(&emu);
    let proxy = Proxy::start(emu.addr());
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(proxy.base_url())
        .app_id(emu.app_id())
        .request_timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap();
    client.set_realtime_transport(RealtimeTransport::WebSocket);
    let mut alice = client
        .subscribe(&client.feed("user", "alice").unwrap())
        .await
        .unwrap();
    let mut bob = client
        .subscribe(&client.feed("user", "bob").unwrap())
        .await
        .unwrap();
    assert_eq!(proxy.total(), 1, "one shared WebSocket");
    assert_eq!(proxy.open(), 1);

    let id = post(&poster, "alice", "post:1").await;
    assert_eq!(next_id(&mut alice).await.as_deref(), Some(id.as_str()));
    // Dropping one stream keeps the connection and the other stream.
    drop(alice);
    let id = post(&poster, "bob", "post:2").await;
    assert_eq!(next_id(&mut bob).await.as_deref(), Some(id.as_str()));
    assert_eq!(proxy.open(), 1);
    // Nothing more arrives for the dropped feed on the remaining stream.
    post(&poster, "alice", "post:3").await;
    assert!(
        tokio::time::timeout(Duration::from_millis(300), bob.next())
            .await
            .is_err()
    );

    // Dropping the last one closes the connection.
    drop(bob);
    assert!(
        eventually(Duration::from_secs(5), || proxy.open() == 0).await,
        "the WebSocket stayed open after the last stream was dropped"
    );
    assert_eq!(proxy.total(), 1, "no reconnect");
}

// ---- blocking: each subscription owns its session ----

#[test]
fn blocking_subscriptions_each_end_their_own_faye_session_on_drop() {
    use stream_blocking::realtime::Subscription;

    let emu = Emulator::start_blocking().unwrap();
    let rec = Recorder::default();
    let r = rec.clone();
    let inner = stream_blocking::UreqTransport::new(stream_core::Timeouts {
        request: REQUEST_TIMEOUT,
        ..stream_core::Timeouts::default()
    });
    let client = stream_blocking::Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(REQUEST_TIMEOUT)
        .transport(move |req: &Request| {
            r.record_request(req);
            let resp = stream_core::Transport::execute(&inner, req);
            r.record_response(req, &resp);
            resp
        })
        .build()
        .unwrap();
    let alice = client
        .subscribe(&client.feed("user", "alice").unwrap())
        .unwrap();
    let alice_id = only_new_id(&rec, &BTreeSet::new());
    let mut bob: Subscription = client
        .subscribe(&client.feed("user", "bob").unwrap())
        .unwrap();
    let bob_id = only_new_id(&rec, &BTreeSet::from([alice_id.clone()]));

    // Dropping alice's subscription ends alice's session (synchronously) and nothing else.
    drop(alice);
    assert!(rec.succeeded("/meta/disconnect", Some(&alice_id)));
    assert!(!rec.succeeded("/meta/disconnect", Some(&bob_id)));
    let added = client
        .send(
            client
                .feed("user", "bob")
                .unwrap()
                .add_activity(NewActivity::new("bob", "post", "post:1")),
        )
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = None;
    while got.is_none() && Instant::now() < deadline {
        if let Some(item) = bob.recv_timeout(Duration::from_secs(1)) {
            got = Some(item.expect("update"));
        }
    }
    let got = got.expect("bob still receives");
    assert_eq!(got.new[0].id, added.activity.id);

    drop(bob);
    assert!(rec.succeeded("/meta/disconnect", Some(&bob_id)));
}

/// The one client id in `rec` not in `known`.
fn only_new_id(rec: &Recorder, known: &BTreeSet<String>) -> String {
    let new: Vec<String> = rec.client_ids().difference(known).cloned().collect();
    assert_eq!(new.len(), 1, "{new:?}");
    new.into_iter().next().unwrap()
}
