//! The async client's WebSocket → long-polling fallback, through a proxy in front of the
//! emulator that refuses every WebSocket upgrade (as some corporate proxies do) and forwards
//! everything else.
use std::time::Duration;
use stream_async::prelude::*;

use stream_async::models::activity::NewActivity;
use stream_async::realtime::RealtimeTransport;
use stream_async::{Client, StreamExt};
use stream_emulator::Emulator;
use stream_tests::proxy::Proxy;

fn client(base_url: &str, emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(base_url)
        .app_id(emu.app_id())
        .request_timeout(Duration::from_millis(1500))
        .build()
        .expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_websocket_falls_back_to_long_polling() {
    let emu = Emulator::start().await.unwrap();
    let proxy = Proxy::refusing_websocket_upgrades(emu.addr());
    let client = client(&proxy.base_url(), &emu);
    client.set_realtime_transport(RealtimeTransport::Auto);
    let alice = client.feed("user", "alice").unwrap();
    let mut updates = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&alice))
        .await
        .expect("subscribe finished in time")
        .expect("subscribed over long-polling");
    assert!(proxy.refused() >= 1, "no upgrade was tried");
    let added = client
        .send(alice.add_activity(NewActivity::new("alice", "post", "post:1")))
        .await
        .expect("add");
    let message = tokio::time::timeout(Duration::from_secs(5), updates.next())
        .await
        .expect("a message within 5 s")
        .expect("the stream is open")
        .expect("no realtime error");
    assert_eq!(message.new[0].id, added.activity.id);
    // Fallback is for good: later subscriptions do not try the upgrade again.
    let before = proxy.refused();
    let bob = client.feed("user", "bob").unwrap();
    let _bob_updates = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&bob))
        .await
        .expect("second subscribe finished in time")
        .expect("second subscription");
    assert_eq!(proxy.refused(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_only_reports_the_refusal_instead_of_falling_back() {
    let emu = Emulator::start().await.unwrap();
    let proxy = Proxy::refusing_websocket_upgrades(emu.addr());
    let client = client(&proxy.base_url(), &emu);
    client.set_realtime_transport(RealtimeTransport::WebSocket);
    let alice = client.feed("user", "alice").unwrap();
    let result = tokio::time::timeout(Duration::from_secs(10), client.subscribe(&alice))
        .await
        .expect("subscribe finished in time");
    let err = match result {
        Ok(_) => panic!("a WebSocket-only client subscribed through a proxy that refuses upgrades"),
        Err(e) => e,
    };
    assert!(err.to_string().contains("403"), "{err}");
    assert!(proxy.refused() >= 1);
}
