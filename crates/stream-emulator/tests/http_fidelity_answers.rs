//! Answers the official clients check beyond key sets: follow counts, upload URLs and refused
//! uploads, audit entries of writes, and the errors of bad parents, bad ranking variables and
//! unknown routes.

mod http_others_util;

use http_others_util::{Client, assert_error, multipart, raw};
use serde_json::json;
use stream_emulator::{Emulator, Ranking};

#[test]
fn follow_counts_count_the_timeline_and_the_user_feed() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for id in ["alice", "bob"] {
        c.srv("POST", "user/", "", Some(&json!({"id": id, "data": {}})));
    }
    for (source, target) in [
        ("timeline:bob", "user:alice"),
        ("notification:bob", "user:alice"),
        ("timeline:alice", "user:bob"),
        ("timeline:bob", "notification:alice"),
    ] {
        let (slug, user) = source.split_once(':').unwrap();
        let r = c.srv(
            "POST",
            &format!("feed/{slug}/{user}/follows/"),
            "",
            Some(&json!({"target": target})),
        );
        // Notification feeds are not flat and cannot be followed; the others are follows.
        if !target.starts_with("notification") {
            assert_eq!(r.status, 200, "{source} -> {target}: {}", r.json());
        }
    }
    let bob = c
        .srv("GET", "user/bob/", "with_follow_counts=true", None)
        .json();
    assert_eq!(bob["following_count"], 1, "{bob}");
    assert_eq!(bob["followers_count"], 1, "{bob}");
    let alice = c
        .srv("GET", "user/alice/", "with_follow_counts=true", None)
        .json();
    // Followed by bob's timeline and bob's notification feed: both follow the user feed.
    assert_eq!(alice["followers_count"], 2, "{alice}");
    assert_eq!(alice["following_count"], 1, "{alice}");
}

#[test]
fn uploads_answer_signed_urls_and_images_must_be_images() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let token = c.server();
    let upload = |path: &str, name: &str, ct: &str, data: &[u8]| {
        let (ct, body) = multipart(name, ct, data);
        raw(
            c.addr,
            "POST",
            &c.target(path, ""),
            &[("authorization", &token), ("content-type", &ct)],
            &body,
        )
    };
    for (path, name, ct) in [
        ("files/", "notes.txt", "text/plain"),
        ("images/", "photo.png", "image/png"),
    ] {
        let r = upload(path, name, ct, b"bytes");
        assert_eq!(r.status, 201, "{}", r.json());
        let url = r.json()["file"].as_str().unwrap().to_owned();
        let (unsigned, query) = url.split_once('?').expect("a signed query");
        assert!(unsigned.ends_with(&format!("/{name}")), "{url}");
        assert!(query.len() > "Signature=".len(), "{url}");
        let again = upload(path, name, ct, b"bytes").json();
        assert_ne!(again["file"].as_str(), Some(url.as_str()));
        // The signed URL serves the bytes.
        let path = url.trim_start_matches(&format!("http://{}", c.addr));
        assert_eq!(raw(c.addr, "GET", path, &[], b"").body, b"bytes");
    }
    let r = upload("images/", "blob", "application/octet-stream", b"\x00\x01");
    assert_error(&r, 400, 4);
    assert_eq!(
        r.json()["detail"],
        "File type application/octet-stream is not supported"
    );
}

#[test]
fn adding_an_activity_leaves_an_audit_entry() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let body = json!({"actor": "SU:alice", "verb": "post", "object": "note:1"});
    let added = c.srv("POST", "feed/user/alice/", "", Some(&body)).json();
    let id = added["id"].as_str().unwrap();
    let logs = c
        .srv(
            "GET",
            "audit_logs/",
            &format!("entity_type=activity&entity_id={id}"),
            None,
        )
        .json();
    let entries = logs["audit_logs"].as_array().expect("audit_logs list");
    assert!(!entries.is_empty(), "{logs}");
    assert_eq!(entries[0]["entity_type"], "activity", "{logs}");
    assert_eq!(entries[0]["entity_id"], id, "{logs}");
    // Batch adds leave one entry per activity.
    let batch =
        json!({"activities": [body, {"actor": "SU:alice", "verb": "post", "object": "note:2"}]});
    let out = c.srv("POST", "feed/user/alice/", "", Some(&batch)).json();
    for a in out["activities"].as_array().unwrap() {
        let q = format!(
            "entity_type=activity&entity_id={}",
            a["id"].as_str().unwrap()
        );
        let logs = c.srv("GET", "audit_logs/", &q, None).json();
        assert_eq!(
            logs["audit_logs"].as_array().map(Vec::len),
            Some(1),
            "{logs}"
        );
    }
}

#[test]
fn a_missing_parent_is_an_input_error() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let body = json!({"kind": "reply", "parent": "no-such-reaction", "user_id": "alice"});
    let r = c.srv("POST", "reaction/", "", Some(&body));
    assert_error(&r, 400, 4);
    assert_eq!(r.json()["exception"], "InputException");
}

#[test]
fn ranking_vars_must_be_a_json_object() {
    let emu = Emulator::builder()
        .ranking("popularity", Ranking::parse("popularity").unwrap())
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let bad = "ranking=popularity&ranking_vars=%5B%22popular%22%2C1%5D";
    assert_error(&c.srv("GET", "feed/user/alice/", bad, None), 400, 4);
    assert_error(&c.srv("GET", "enrich/feed/user/alice/", bad, None), 400, 4);
    let js_bad = "ranking=popularity&rankingVars=nope";
    assert_error(&c.srv("GET", "feed/user/alice/", js_bad, None), 400, 4);
    for good in [
        "ranking=popularity&ranking_vars=%7B%22sports%22%3A1%2C%22music%22%3A4%7D",
        "ranking=popularity&ranking_vars=%7B%22sports%22%3A1%7D&withScoreVars=true",
        "ranking=popularity&rankingVars=%7B%22music%22%3A4%7D&withScoreVars=true",
    ] {
        let r = c.srv("GET", "enrich/feed/user/alice/", good, None);
        assert_eq!(r.status, 200, "{good}: {}", r.json());
    }
}

#[test]
fn unknown_routes_and_methods_answer_stream_errors() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for (method, path, status) in [
        ("GET", "no/such/route/", 404),
        ("POST", "/api/v1.0/nothing", 404),
        ("PATCH", "feed/user/alice/", 405),
        ("PUT", "activities/", 405),
    ] {
        let r = c.srv(method, path, "", None);
        assert_eq!(r.status, status, "{method} {path}");
        let body = r.json();
        for key in ["detail", "status_code", "code", "exception", "duration"] {
            assert!(body.get(key).is_some(), "{method} {path}: {body}");
        }
        assert_eq!(body["status_code"], status, "{body}");
    }
}
