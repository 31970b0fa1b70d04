//! `/faye` messages for notification marks (`mark_seen`/`mark_read`) and the `group` of new
//! activities on grouped feeds, over HTTP long-polling.
use std::time::Duration;

use serde_json::{Value, json};
use stream_auth::{ApiSecret, Signer};
use stream_emulator::Emulator;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into()
}

fn read_json(mut resp: ureq::http::Response<ureq::Body>) -> Value {
    serde_json::from_str(&resp.body_mut().read_to_string().expect("body")).expect("json")
}

fn faye(url: &str, body: Value) -> Vec<Value> {
    let resp = agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("faye answers");
    match read_json(resp) {
        Value::Array(a) => a,
        other => panic!("not a batch: {other}"),
    }
}

/// A `/faye` client subscribed to `slug:user`; returns the client id and the channel.
fn subscribed(emu: &Emulator, slug: &str, user: &str) -> (String, String) {
    let url = format!("{}/faye", emu.base_url());
    let r = faye(
        &url,
        json!([{"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": ["long-polling"], "id": "1"}]),
    );
    let client = r[0]["clientId"].as_str().expect("client id").to_owned();
    let channel = format!("/site-{}-feed-{slug}{user}", emu.app_id());
    let token = Signer::new(&ApiSecret::new(emu.api_secret())).read_only_feed_token(slug, user);
    let r = faye(
        &url,
        json!([{"channel": "/meta/subscribe", "clientId": client, "subscription": channel, "id": "2",
                "ext": {"user_id": channel.trim_start_matches('/'), "api_key": emu.api_key(), "signature": token.as_str()}}]),
    );
    assert_eq!(r[0]["successful"], true, "{r:?}");
    (client, channel)
}

/// The data of the messages queued for `client` (one connect held at most 200 ms).
fn drain(emu: &Emulator, client: &str) -> Vec<Value> {
    let url = format!("{}/faye", emu.base_url());
    faye(
        &url,
        json!([{"channel": "/meta/connect", "clientId": client, "connectionType": "long-polling", "id": "3", "advice": {"timeout": 200}}]),
    )
    .into_iter()
    .filter(|m| m["channel"] != "/meta/connect")
    .map(|m| m["data"].clone())
    .collect()
}

/// Sends a REST request with a server-side token for `slug:user`.
fn rest(
    emu: &Emulator,
    method: &str,
    slug: &str,
    user: &str,
    query: &str,
    body: Option<Value>,
) -> Value {
    let token = Signer::new(&ApiSecret::new(emu.api_secret())).feed_token(slug, user);
    let url = format!(
        "{}/api/v1.0/feed/{slug}/{user}/?api_key={}{query}",
        emu.base_url(),
        emu.api_key()
    );
    let a = agent();
    let resp = match (method, body) {
        ("POST", Some(b)) => a
            .post(&url)
            .header("Authorization", token.as_str())
            .header("stream-auth-type", "jwt")
            .header("Content-Type", "application/json")
            .send(b.to_string()),
        _ => a
            .get(&url)
            .header("Authorization", token.as_str())
            .header("stream-auth-type", "jwt")
            .call(),
    };
    read_json(resp.expect("rest call"))
}

fn add(emu: &Emulator, slug: &str, user: &str, verb: &str, object: &str) {
    let body = json!({"actor": user, "verb": verb, "object": object});
    rest(emu, "POST", slug, user, "", Some(body));
}

#[test]
fn new_activities_on_grouped_feeds_carry_their_group() {
    let emu = Emulator::start_blocking().unwrap();
    let (agg, _) = subscribed(&emu, "aggregated", "ann");
    let (flat, _) = subscribed(&emu, "user", "ann");
    add(&emu, "aggregated", "ann", "like", "post:1");
    add(&emu, "user", "ann", "post", "post:2");

    let read = rest(&emu, "GET", "aggregated", "ann", "", None);
    let group = read["results"][0]["group"]
        .as_str()
        .expect("group")
        .to_owned();
    assert!(group.starts_with("like_"), "{group}");

    let msgs = drain(&emu, &agg);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert_eq!(msgs[0]["new"][0]["group"], group.as_str());
    assert_eq!(msgs[0]["mark_seen"], json!([]));
    let msgs = drain(&emu, &flat);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0]["new"][0].get("group").is_none(), "{msgs:?}");
}

#[test]
fn notification_marks_publish_the_marked_group_ids_once() {
    let emu = Emulator::start_blocking().unwrap();
    let (client, _) = subscribed(&emu, "notification", "nia");
    add(&emu, "notification", "nia", "like", "post:1");
    add(&emu, "notification", "nia", "comment", "post:1");
    assert_eq!(drain(&emu, &client).len(), 2);

    let page = rest(&emu, "GET", "notification", "nia", "", None);
    let ids: Vec<String> = page["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|g| g["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), 2);
    // A plain read marks nothing, so nothing is published.
    assert!(drain(&emu, &client).is_empty());

    rest(&emu, "GET", "notification", "nia", "&mark_seen=true", None);
    let msgs = drain(&emu, &client);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    let mut seen: Vec<String> = serde_json::from_value(msgs[0]["mark_seen"].clone()).unwrap();
    seen.sort();
    let mut all = ids.clone();
    all.sort();
    assert_eq!(seen, all);
    assert_eq!(msgs[0]["mark_read"], json!([]));
    assert_eq!(msgs[0]["new"], json!([]));
    assert_eq!(msgs[0]["feed"], "notification:nia");
    assert!(msgs[0]["published_at"].is_string());

    // Marking again changes nothing: no message.
    rest(&emu, "GET", "notification", "nia", "&mark_seen=true", None);
    assert!(drain(&emu, &client).is_empty());

    // mark_read with one group id publishes just that one.
    let query = format!("&mark_read={}", ids[1]);
    rest(&emu, "GET", "notification", "nia", &query, None);
    let msgs = drain(&emu, &client);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert_eq!(msgs[0]["mark_read"], json!([ids[1]]));
    assert_eq!(msgs[0]["mark_seen"], json!([]));
}

#[test]
fn aggregated_feeds_ignore_marks() {
    let emu = Emulator::start_blocking().unwrap();
    let (client, _) = subscribed(&emu, "aggregated", "amy");
    add(&emu, "aggregated", "amy", "like", "post:1");
    assert_eq!(drain(&emu, &client).len(), 1);
    rest(
        &emu,
        "GET",
        "aggregated",
        "amy",
        "&mark_seen=true&mark_read=true",
        None,
    );
    assert!(drain(&emu, &client).is_empty());
}
