//! The explorer's pages over HTTP: what `/`, a feed page, the store pages and the token
//! inspector show (escaped), its event stream, and that `explorer(false)` removes it. The
//! browser-driven check lives in `tests/tests/explorer_browser.rs`.
mod http_feeds_support;

use std::io::{BufRead, BufReader};
use std::time::Duration;

use http_feeds_support::Harness;
use serde_json::{Map, json};
use stream_auth::{ApiSecret, Scope, Signer};
use stream_emulator::{Emulator, FeedKind};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// `GET path`: status and body text.
fn page(h: &Harness, path: &str) -> (u16, String) {
    let mut resp = agent()
        .get(&format!("{}{path}", h.emu.base_url()))
        .call()
        .expect("the page answers");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().expect("text"))
}

fn ok_page(h: &Harness, path: &str) -> String {
    let (status, body) = page(h, path);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

fn post_activity(h: &Harness, feed: &str, actor: &str, extra: serde_json::Value) -> String {
    let mut body = json!({"actor": actor, "verb": "post", "object": "note:1"});
    for (k, v) in extra.as_object().expect("object") {
        body[k] = v.clone();
    }
    let added = h.post(&format!("feed/{feed}/"), &body);
    added["id"].as_str().expect("id").to_owned()
}

#[test]
fn home_shows_the_app_its_feeds_and_newest_activities_escaped() {
    let h = Harness::start();
    post_activity(
        &h,
        "user/alice",
        "alice",
        json!({"object": "<img src=x onerror=alert(1)>", "message": "hello <b>there</b>", "mood": 7}),
    );
    post_activity(&h, "user/bob", "bob", json!({}));
    let home = ok_page(&h, "/");
    assert!(home.contains("<dd id=\"api-key\">key123</dd>"), "{home}");
    assert!(home.contains("<dd id=\"app-id\">789</dd>"));
    assert!(home.contains("href=\"/explorer/feed/user/alice\">user:alice</a>"));
    assert!(home.contains("<span class=\"count\">1 activity</span>"));
    assert!(home.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(home.contains("hello &lt;b&gt;there&lt;/b&gt;"));
    assert!(home.contains("<b>mood</b>: 7"));
    assert!(!home.contains("<img src=x"), "user data must be escaped");
    assert!(!home.contains("<b>there"), "user data must be escaped");
    assert!(
        !home.contains(h.emu.api_secret()),
        "the secret is never shown"
    );
    assert!(home.contains("Newest activities <small>2</small>"));
}

#[test]
fn the_newest_activities_are_paginated() {
    let h = Harness::start();
    let activities: Vec<_> = (0..120)
        .map(|i| json!({"actor": "a", "verb": "v", "object": format!("o:{i}")}))
        .collect();
    h.post("feed/user/a/", &json!({"activities": activities}));
    let first = ok_page(&h, "/");
    assert!(first.contains("Page 1 of 3"), "{first}");
    assert_eq!(first.matches("<span class=\"actor\">").count(), 50);
    assert!(first.contains(">o:119<") && !first.contains(">o:69<"));
    let last = ok_page(&h, "/?page=2");
    assert_eq!(last.matches("<span class=\"actor\">").count(), 20);
    assert!(last.contains(">o:0<") && last.contains("href=\"/?page=1\">newer</a>"));
    assert!(ok_page(&h, "/?page=x%3C").contains("Page 1 of 3"));
}

#[test]
fn a_feed_page_shows_activities_followers_and_following() {
    let h = Harness::start();
    h.post(
        "feed/timeline/bob/follows/",
        &json!({"target": "user:alice"}),
    );
    post_activity(&h, "user/alice", "alice", json!({"message": "from alice"}));
    let alice = ok_page(&h, "/explorer/feed/user/alice");
    assert!(alice.contains("data-feed=\"user:alice\""));
    assert!(alice.contains("from alice"));
    assert!(alice.contains("Followers <small>1</small>"));
    assert!(alice.contains(">timeline:bob</a>"));
    assert!(alice.contains("<ol id=\"tail\">"));
    let bob = ok_page(&h, "/explorer/feed/timeline/bob");
    assert!(bob.contains("Following <small>1</small>"));
    assert!(bob.contains("from alice") && bob.contains("via <a class=\"feed\""));
}

#[test]
fn grouped_feeds_show_their_groups_and_read_state() {
    let emu = Emulator::builder()
        .feed_group("alerts", FeedKind::Notification)
        .start_blocking()
        .expect("emulator starts");
    let h = Harness::with(emu);
    post_activity(&h, "alerts/carol", "dave", json!({}));
    post_activity(&h, "alerts/carol", "erin", json!({}));
    let alerts = ok_page(&h, "/explorer/feed/alerts/carol");
    assert!(
        alerts.contains("2 activities, 2 actors, seen: false, read: false"),
        "{alerts}"
    );
    let home = ok_page(&h, "/");
    assert!(home.contains("notification, 1 feed</small>"));
}

#[test]
fn store_pages_show_reactions_collections_users_and_requests() {
    let h = Harness::start();
    let id = post_activity(&h, "user/alice", "alice", json!({}));
    assert!(h.emu.seed_reaction("r1", "like", &id, "<bob>"));
    let mut data = Map::new();
    data.insert("name".into(), json!("<Alice>"));
    assert!(h.emu.seed_user("alice", data.clone()));
    assert!(h.emu.seed_collection_entry("food", "pizza", data));
    let reactions = ok_page(&h, "/explorer/reactions");
    assert!(
        reactions.contains("&lt;bob&gt;") && reactions.contains(">r1<"),
        "{reactions}"
    );
    assert!(reactions.contains("<th>children</th>"));
    assert!(ok_page(&h, "/explorer/users").contains("&lt;Alice&gt;"));
    assert!(ok_page(&h, "/explorer/collections").contains(">pizza<"));
    assert!(ok_page(&h, "/explorer/v2").contains("Calls"));
    let requests = ok_page(&h, "/explorer/requests");
    assert!(
        requests.contains("POST /api/v1.0/feed/user/alice/ 200"),
        "{requests}"
    );
    assert!(
        !requests.contains("api_key=key123&"),
        "no queries in the log"
    );
}

/// `POST /explorer/token` with `token`: the page.
fn inspect(h: &Harness, token: &str) -> String {
    let mut resp = agent()
        .post(&format!("{}/explorer/token", h.emu.base_url()))
        .content_type("application/x-www-form-urlencoded")
        .send(format!("token={token}"))
        .expect("the inspector answers");
    assert_eq!(resp.status().as_u16(), 200);
    resp.body_mut().read_to_string().expect("text")
}

#[test]
fn the_token_inspector_checks_signatures_against_the_apps_secret() {
    let h = Harness::start();
    let mine = h.signer.user_token("alice").into_string();
    let page = inspect(&h, &mine);
    assert!(page.contains("class=\"valid\">Valid"), "{page}");
    assert!(page.contains("<td>user_id</td><td>alice</td>"));
    assert!(page.contains("Act as user alice"));
    let other = Signer::new(&ApiSecret::new("another-secret"));
    let theirs = other.scoped(&Scope::all()).into_string();
    let page = inspect(&h, &theirs);
    assert!(
        page.contains("Invalid: the signature does not match this app&#39;s secret"),
        "{page}"
    );
    assert!(page.contains("<td>resource</td><td>*</td>"));
    assert!(page.contains("Scoped: any action on any resource for any feed."));
    assert!(inspect(&h, "not%3Ca%3Etoken").contains("Invalid: malformed token"));
    assert!(!page.contains(h.emu.api_secret()));
}

#[test]
fn the_event_stream_announces_feed_changes() {
    let h = Harness::start();
    let resp = agent()
        .get(&format!("{}/explorer/events", h.emu.base_url()))
        .call()
        .expect("the stream opens");
    assert_eq!(
        resp.headers()["content-type"].to_str().ok(),
        Some("text/event-stream")
    );
    post_activity(&h, "user/alice", "alice", json!({}));
    let mut lines = BufReader::new(resp.into_body().into_reader()).lines();
    let mut seen = Vec::new();
    // Bounded: the agent's timeout ends a stalled read.
    for _ in 0..20 {
        let Some(Ok(line)) = lines.next() else { break };
        if line.starts_with("data: {") && line.contains("\"feed_id\":\"user:alice\"") {
            return;
        }
        seen.push(line);
    }
    panic!("no change event for user:alice; got {seen:?}");
}

#[test]
fn the_explorer_can_be_turned_off() {
    let emu = Emulator::builder()
        .explorer(false)
        .start_blocking()
        .expect("emulator starts");
    let h = Harness::with(emu);
    let (status, body) = page(&h, "/");
    assert_eq!(status, 404);
    assert!(body.contains("DoesNotExistException"), "{body}");
    assert_eq!(page(&h, "/explorer/events").0, 404);
}

#[test]
fn an_unknown_app_is_a_not_found_page() {
    let h = Harness::start();
    let (status, body) = page(&h, "/?app=%3Cnope%3E");
    assert_eq!(status, 404);
    assert!(body.contains("<code>&lt;nope&gt;</code>"));
}

#[test]
fn the_explorer_shows_an_app_stored_in_a_data_file() {
    let path =
        std::env::temp_dir().join(format!("stream-explorer-pages-{}.redb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let emu = Emulator::builder()
            .data_file(&path)
            .start_blocking()
            .expect("emulator starts");
        let h = Harness::with(emu);
        post_activity(&h, "user/alice", "alice", json!({"message": "kept"}));
        assert!(h.emu.seed_user("alice", Map::new()));
        assert!(ok_page(&h, "/").contains("kept"));
        assert!(ok_page(&h, "/explorer/users").contains(">alice<"));
        assert!(ok_page(&h, "/explorer/feed/user/alice").contains("kept"));
    }
    let _ = std::fs::remove_file(&path);
}
