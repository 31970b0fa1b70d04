//! `/faye` long-polling on the wire: handshake, subscription checks, unknown clients, delivery.
use std::time::Duration;

use serde_json::{Value, json};
use stream_auth::{ApiSecret, Signer};
use stream_emulator::Emulator;

fn post(url: &str, body: Value) -> Vec<Value> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into();
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("faye answers");
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
}

fn handshake(url: &str) -> String {
    let r = post(
        url,
        json!([{"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": ["long-polling"], "id": "1"}]),
    );
    assert_eq!(r[0]["successful"], true);
    assert_eq!(r[0]["advice"]["reconnect"], "retry");
    r[0]["clientId"].as_str().unwrap().to_owned()
}

fn subscribe(url: &str, client: &str, channel: &str, ext: Value) -> Value {
    post(url, json!([{"channel": "/meta/subscribe", "clientId": client, "subscription": channel, "id": "2", "ext": ext}]))
        .remove(0)
}

#[test]
fn subscriptions_are_checked_like_the_service() {
    let emu = Emulator::start_blocking().unwrap();
    let url = format!("{}/faye", emu.base_url());
    let signer = Signer::new(&ApiSecret::new(emu.api_secret()));
    let client = handshake(&url);
    let channel = format!("/site-{}-feed-useralice", emu.app_id());
    let ext = |token: &str, key: &str| json!({"user_id": channel.trim_start_matches('/'), "api_key": key, "signature": token});
    let read = signer.read_only_feed_token("user", "alice");
    let other = signer.read_only_feed_token("user", "bob");
    let forged =
        Signer::new(&ApiSecret::new("not-the-secret")).read_only_feed_token("user", "alice");

    for (e, why) in [
        (ext(other.as_str(), emu.api_key()), "another feed"),
        (ext(forged.as_str(), emu.api_key()), "invalid signature"),
        (ext(read.as_str(), "nokey"), "unknown api_key"),
        (json!({}), "missing"),
    ] {
        let r = subscribe(&url, &client, &channel, e);
        assert_eq!(r["successful"], false, "{why}");
        assert!(
            r["error"].as_str().unwrap().starts_with("403:"),
            "{why}: {r}"
        );
    }
    let wrong_app = subscribe(
        &url,
        &client,
        "/site-1-feed-useralice",
        ext(read.as_str(), emu.api_key()),
    );
    assert_eq!(wrong_app["successful"], false);

    let ok = subscribe(&url, &client, &channel, ext(read.as_str(), emu.api_key()));
    assert_eq!(ok["successful"], true, "{ok}");
    assert_eq!(ok["subscription"], channel.as_str());
    let wildcard = signer.feed_token("user", "alice");
    assert_eq!(
        subscribe(
            &url,
            &client,
            &channel,
            ext(wildcard.as_str(), emu.api_key())
        )["successful"],
        true
    );
}

#[test]
fn unknown_clients_are_told_to_handshake_and_publishing_is_refused() {
    let emu = Emulator::start_blocking().unwrap();
    let url = format!("{}/faye", emu.base_url());
    let r = post(
        &url,
        json!([{"channel": "/meta/connect", "clientId": "nope", "connectionType": "long-polling", "id": "9"}]),
    );
    assert_eq!(r[0]["successful"], false);
    assert_eq!(r[0]["error"], "401::Unknown client");
    assert_eq!(r[0]["advice"]["reconnect"], "handshake");
    let client = handshake(&url);
    let r = post(
        &url,
        json!([{"channel": "/site-789-feed-useralice", "clientId": client, "data": {}}]),
    );
    assert_eq!(r[0]["successful"], false);
    let r = post(&url, json!("garbage"));
    assert_eq!(r[0]["successful"], false);
}

#[test]
fn a_held_connect_returns_queued_messages_then_times_out_empty() {
    let emu = Emulator::start_blocking().unwrap();
    let url = format!("{}/faye", emu.base_url());
    let signer = Signer::new(&ApiSecret::new(emu.api_secret()));
    let client = handshake(&url);
    let channel = format!("/site-{}-feed-userdan", emu.app_id());
    let token = signer.read_only_feed_token("user", "dan");
    let r = subscribe(
        &url,
        &client,
        &channel,
        json!({"user_id": channel.trim_start_matches('/'), "api_key": emu.api_key(), "signature": token.as_str()}),
    );
    assert_eq!(r["successful"], true);
    // Write through REST, then connect: the queued message comes with the connect reply.
    let write = signer.feed_token("user", "dan");
    let agent = ureq::Agent::new_with_defaults();
    agent
        .post(&format!(
            "{}/api/v1.0/feed/user/dan/?api_key={}",
            emu.base_url(),
            emu.api_key()
        ))
        .header("Authorization", write.as_str())
        .header("stream-auth-type", "jwt")
        .header("Content-Type", "application/json")
        .send(
            json!({"actor": "dan", "verb": "post", "object": "post:1", "foreign_id": "post:1"})
                .to_string(),
        )
        .expect("add");
    let connect = json!([{"channel": "/meta/connect", "clientId": client, "connectionType": "long-polling", "id": "3", "advice": {"timeout": 200}}]);
    let r = post(&url, connect.clone());
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0]["channel"], channel.as_str());
    let data = &r[0]["data"];
    assert_eq!(data["feed"], "user:dan");
    assert_eq!(data["new"][0]["foreign_id"], "post:1");
    for key in [
        "deleted",
        "deleted_foreign_ids",
        "mark_read",
        "mark_seen",
        "published_at",
        "app_id",
    ] {
        assert!(data.get(key).is_some(), "{key} missing in {data}");
    }
    assert_eq!(r[1]["channel"], "/meta/connect");
    assert_eq!(r[1]["successful"], true);
    // Nothing queued: held for the client's advised 200 ms, then answered empty.
    let started = std::time::Instant::now();
    let r = post(&url, connect);
    assert_eq!(r.len(), 1);
    assert!(started.elapsed() >= Duration::from_millis(150));
}
