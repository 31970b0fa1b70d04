//! `/faye` holds bounded state: handshakes per request and clients per WebSocket, per app and
//! in all are capped, queues are bounded, idle clients expire on a timer, client ids are random.
mod ws_support;

use std::time::Duration;

use serde_json::{Value, json};
use stream_auth::{ApiSecret, Signer};
use stream_emulator::{AppCredentials, Emulator, FayeLimits};
use ws_support::Ws;

fn post(url: &str, body: Value) -> Vec<Value> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("faye answers");
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
}

fn handshake_msg() -> Value {
    json!({"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": ["long-polling"]})
}

fn faye_url(emu: &Emulator) -> String {
    format!("{}/faye", emu.base_url())
}

/// Subscribes `client` to `user:<user>` of the emulator's default app.
fn subscribe(emu: &Emulator, client: &str, user: &str) -> Value {
    let channel = format!("/site-{}-feed-user{user}", emu.app_id());
    let token = Signer::new(&ApiSecret::new(emu.api_secret())).read_only_feed_token("user", user);
    post(
        &faye_url(emu),
        json!([{"channel": "/meta/subscribe", "clientId": client, "subscription": channel,
                "ext": {"user_id": channel.trim_start_matches('/'), "api_key": emu.api_key(), "signature": token.as_str()}}]),
    )
    .remove(0)
}

fn handshake(emu: &Emulator) -> Value {
    post(&faye_url(emu), json!([handshake_msg()])).remove(0)
}

#[test]
fn one_request_makes_at_most_eight_clients() {
    let emu = Emulator::start_blocking().unwrap();
    let batch: Vec<Value> = (0..1000).map(|_| handshake_msg()).collect();
    let replies = post(&faye_url(&emu), Value::Array(batch));
    assert_eq!(replies.len(), 1000);
    let ok = replies.iter().filter(|r| r["successful"] == true).count();
    assert_eq!(ok, 8);
    let refused = &replies[8];
    assert_eq!(refused["successful"], false, "{refused}");
    assert!(
        refused["error"].as_str().unwrap().starts_with("429:"),
        "{refused}"
    );
    assert_eq!(refused["advice"]["reconnect"], "handshake", "{refused}");
}

#[test]
fn client_ids_are_random() {
    let emu = Emulator::start_blocking().unwrap();
    let replies = post(
        &faye_url(&emu),
        json!([handshake_msg(), handshake_msg(), handshake_msg()]),
    );
    let ids: Vec<&str> = replies
        .iter()
        .map(|r| r["clientId"].as_str().expect("client id"))
        .collect();
    for id in &ids {
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);
}

#[test]
fn the_server_holds_at_most_max_clients() {
    let emu = Emulator::builder()
        .faye_limits(FayeLimits::default().with_max_clients(3))
        .start_blocking()
        .unwrap();
    let answers: Vec<Value> = (0..5).map(|_| handshake(&emu)).collect();
    assert!(answers[..3].iter().all(|a| a["successful"] == true));
    for a in &answers[3..] {
        assert_eq!(a["successful"], false, "{a}");
        assert!(a["error"].as_str().unwrap().starts_with("503:"), "{a}");
        assert_eq!(a["advice"]["reconnect"], "handshake", "{a}");
    }
    // A client that leaves makes room.
    let id = answers[0]["clientId"].as_str().unwrap();
    let bye = post(
        &faye_url(&emu),
        json!([{"channel": "/meta/disconnect", "clientId": id}]),
    );
    assert_eq!(bye[0]["successful"], true);
    assert_eq!(handshake(&emu)["successful"], true);
}

#[test]
fn an_app_holds_at_most_max_clients_per_app_subscribers() {
    let emu = Emulator::builder()
        .app(AppCredentials::default())
        .faye_limits(FayeLimits::default().with_max_clients_per_app(2))
        .start_blocking()
        .unwrap();
    let ids: Vec<String> = (0..3)
        .map(|_| handshake(&emu)["clientId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subscribe(&emu, &ids[0], "a")["successful"], true);
    // More channels of the same app do not count twice.
    assert_eq!(subscribe(&emu, &ids[0], "b")["successful"], true);
    assert_eq!(subscribe(&emu, &ids[1], "a")["successful"], true);
    let full = subscribe(&emu, &ids[2], "a");
    assert_eq!(full["successful"], false, "{full}");
    assert!(
        full["error"].as_str().unwrap().starts_with("503:"),
        "{full}"
    );
    // Unsubscribing keeps the slot; disconnecting frees it.
    post(
        &faye_url(&emu),
        json!([{"channel": "/meta/disconnect", "clientId": ids[1]}]),
    );
    assert_eq!(subscribe(&emu, &ids[2], "a")["successful"], true);
}

fn unsubscribe_answer(emu: &Emulator, client: &str) -> Value {
    let channel = format!("/site-{}-feed-usera", emu.app_id());
    post(
        &faye_url(emu),
        json!([{"channel": "/meta/unsubscribe", "clientId": client, "subscription": channel}]),
    )
    .remove(0)
}

#[test]
fn idle_clients_expire_on_a_timer_and_polling_ones_stay() {
    let emu = Emulator::builder()
        .faye_limits(
            FayeLimits::default()
                .with_client_ttl(Duration::from_millis(1500))
                .with_sweep_interval(Duration::from_millis(50)),
        )
        .start_blocking()
        .unwrap();
    let idle = handshake(&emu)["clientId"].as_str().unwrap().to_owned();
    let polling = handshake(&emu)["clientId"].as_str().unwrap().to_owned();
    // The polling client holds short connects (each marks it alive) while the idle one expires,
    // without any further handshake. Hang detector: 20 s.
    let mut expired = false;
    for _ in 0..200 {
        let r = post(
            &faye_url(&emu),
            json!([{"channel": "/meta/connect", "clientId": polling, "connectionType": "long-polling", "advice": {"timeout": 100}}]),
        );
        assert_eq!(r.last().unwrap()["successful"], true, "{r:?}");
        let a = unsubscribe_answer(&emu, &idle);
        if a["successful"] == false {
            assert_eq!(a["error"], "401::Unknown client", "{a}");
            assert_eq!(a["advice"]["reconnect"], "handshake", "{a}");
            expired = true;
            break;
        }
    }
    assert!(expired, "the idle client was never forgotten");
    assert_eq!(unsubscribe_answer(&emu, &polling)["successful"], true);
}

#[test]
fn a_client_keeps_at_most_max_queue_messages() {
    let emu = Emulator::builder()
        .faye_limits(FayeLimits::default().with_max_queue(3))
        .start_blocking()
        .unwrap();
    let client = handshake(&emu)["clientId"].as_str().unwrap().to_owned();
    assert_eq!(subscribe(&emu, &client, "q")["successful"], true);
    let token = Signer::new(&ApiSecret::new(emu.api_secret())).feed_token("user", "q");
    let agent = ureq::Agent::new_with_defaults();
    for i in 0..6 {
        agent
            .post(&format!(
                "{}/api/v1.0/feed/user/q/?api_key={}",
                emu.base_url(),
                emu.api_key()
            ))
            .header("Authorization", token.as_str())
            .header("Content-Type", "application/json")
            .send(json!({"actor": "q", "verb": "post", "object": format!("o:{i}")}).to_string())
            .expect("add");
    }
    // Give the realtime pump a moment; whatever it has delivered, at most 3 wait.
    std::thread::sleep(Duration::from_millis(300));
    let r = post(
        &faye_url(&emu),
        json!([{"channel": "/meta/connect", "clientId": client, "connectionType": "long-polling", "advice": {"timeout": 2000}}]),
    );
    let messages: Vec<&Value> = r
        .iter()
        .filter(|m| m["channel"] != "/meta/connect")
        .collect();
    assert!(
        (1..=3).contains(&messages.len()),
        "{} messages: {r:?}",
        messages.len()
    );
}

#[test]
fn a_websocket_holds_at_most_max_clients_per_connection() {
    let emu = Emulator::builder()
        .faye_limits(FayeLimits::default().with_max_clients_per_connection(3))
        .start_blocking()
        .unwrap();
    let mut ws = Ws::connect(emu.addr());
    let mut ok = 0;
    for _ in 0..3 {
        ws.send(&json!([handshake_msg(), handshake_msg()]).to_string());
        let replies = ws.recv();
        ok += replies
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["successful"] == true)
            .count();
    }
    assert_eq!(ok, 3);
    // Another connection has its own allowance.
    let mut other = Ws::connect(emu.addr());
    other.send(&json!([handshake_msg()]).to_string());
    assert_eq!(other.recv()[0]["successful"], true);
}
