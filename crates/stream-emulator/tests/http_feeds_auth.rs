//! Auth failures answer with the right status and Stream error body.

mod http_feeds_support;

use http_feeds_support::{Harness, assert_error};
use serde_json::json;
use stream_auth::{Action, ApiSecret, Resource, Signer};

#[test]
fn auth_failures() {
    let h = Harness::start();
    let base = h.emu.base_url().to_owned();
    let server = h.server();

    // missing / unknown api key
    let a = h.raw(
        "GET",
        &format!("{base}/api/v1.0/feed/user/alice/"),
        Some(&server),
        None,
    );
    assert_error(&a, 401, 2, "ApiKeyException");
    let a = h.raw(
        "GET",
        &format!("{base}/api/v1.0/feed/user/alice/?api_key=nope"),
        Some(&server),
        None,
    );
    assert_error(&a, 401, 2, "ApiKeyException");

    // missing token, wrong secret, tampered, alg none, expired
    let url = format!("{base}/api/v1.0/feed/user/alice/?api_key=key123");
    assert_error(
        &h.raw("GET", &url, None, None),
        401,
        3,
        "SignatureException",
    );
    let other = Signer::new(&ApiSecret::new("wrong"))
        .scoped(&stream_auth::Scope::all())
        .into_string();
    assert_error(
        &h.raw("GET", &url, Some(&other), None),
        401,
        3,
        "SignatureException",
    );
    let mut tampered = server.clone();
    tampered.pop();
    tampered.push(if server.ends_with('A') { 'B' } else { 'A' });
    assert_error(
        &h.raw("GET", &url, Some(&tampered), None),
        401,
        3,
        "SignatureException",
    );
    let none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJyZXNvdXJjZSI6IioiLCJhY3Rpb24iOiIqIiwiZmVlZF9pZCI6IioifQ.";
    assert_error(
        &h.raw("GET", &url, Some(none), None),
        401,
        3,
        "SignatureException",
    );
    let expired = h
        .signer
        .sign_json(r#"{"resource":"*","action":"*","feed_id":"*","exp":1000}"#)
        .into_string();
    assert_error(
        &h.raw("GET", &url, Some(&expired), None),
        401,
        3,
        "SignatureException",
    );
    // Bearer prefix is accepted
    assert_eq!(
        h.raw("GET", &url, Some(&format!("Bearer {server}")), None)
            .status,
        200
    );

    // feed token on another feed; read token writing; user token on another user's feed
    let js_feed = h.signer.feed_token("user", "alice").into_string();
    assert_eq!(h.api("GET", "feed/user/alice/", &js_feed, None).status, 200);
    assert_error(
        &h.api("GET", "feed/user/bob/", &js_feed, None),
        403,
        17,
        "NotAllowedException",
    );
    let ro = h.signer.read_only_feed_token("user", "alice").into_string();
    assert_eq!(h.api("GET", "feed/user/alice/", &ro, None).status, 200);
    let act = json!({"actor": "alice", "verb": "post", "object": "1"}).to_string();
    assert_error(
        &h.api("POST", "feed/user/alice/", &ro, Some(&act)),
        403,
        17,
        "NotAllowedException",
    );
    let wrong_resource = h.scoped(Resource::Follower, Action::All, Some(("user", "alice")));
    assert_error(
        &h.api("POST", "feed/user/alice/", &wrong_resource, Some(&act)),
        403,
        17,
        "NotAllowedException",
    );
    let user = h.user("alice");
    assert_eq!(
        h.api("POST", "feed/user/alice/", &user, Some(&act)).status,
        200
    );
    assert_error(
        &h.api("POST", "feed/user/bob/", &user, Some(&act)),
        403,
        17,
        "NotAllowedException",
    );
    assert_eq!(
        h.api("GET", "enrich/feed/user/bob/", &user, None).status,
        200,
        "user tokens read any feed"
    );
    // python's wildcard feed token works anywhere
    let py_feed = h.scoped(Resource::Feed, Action::All, None);
    assert_eq!(
        h.api("POST", "feed/user/bob/", &py_feed, Some(&act)).status,
        200
    );
    // batch operations need server-side auth
    assert_error(
        &h.api("POST", "follow_many/", &user, Some("[]")),
        403,
        17,
        "NotAllowedException",
    );
}

#[test]
fn malformed_requests_never_5xx() {
    let h = Harness::start();
    let t = h.server();
    assert_error(
        &h.api("POST", "feed/user/alice/", &t, Some("{not json")),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api("POST", "feed/user/alice/", &t, Some("[1,2]")),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api(
            "POST",
            "feed/user/alice/",
            &t,
            Some(r#"{"verb":"x","object":"y"}"#),
        ),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api("GET", "feed/us$er/alice/", &t, None),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api("GET", "feed/user/alice/?limit=abc", &t, None),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api("GET", "feed/user/alice/?limit=1000", &t, None),
        400,
        4,
        "InputException",
    );
    assert_error(
        &h.api("GET", "nope/", &t, None),
        404,
        16,
        "DoesNotExistException",
    );
    let big = format!(
        "{{\"actor\":\"a\",\"verb\":\"v\",\"object\":\"{}\"}}",
        "x".repeat(2 * 1024 * 1024)
    );
    assert_eq!(
        h.api("POST", "feed/user/alice/", &t, Some(&big)).status,
        413
    );
    for body in [
        "null",
        "1",
        "\"s\"",
        "{\"activities\":5}",
        "{\"activities\":[null]}",
        "{\"actor\":{},\"verb\":[],\"object\":1}",
    ] {
        let a = h.api("POST", "feed/user/alice/", &t, Some(body));
        assert_eq!(a.status, 400, "{body}: {}", a.body);
    }
    for (path, body) in [
        ("follow_many/", "{}"),
        ("follow_many/", "[{\"source\":1}]"),
        ("unfollow_many/", "[{\"source\":\"user:a\",\"target\":5}]"),
        ("feed/add_to_many/", "{\"activity\":1,\"feeds\":\"x\"}"),
        ("activities/", "{\"activities\":[{}]}"),
        ("activity/", "{\"changes\":[{\"set\":5}]}"),
        ("activity/", "[]"),
        ("feed_targets/user/alice/activity_to_targets/", "{}"),
        (
            "feed/timeline/alice/follows/",
            "{\"target\":\"user:bob\",\"activity_copy_limit\":5000}",
        ),
        (
            "feed/timeline/alice/follows/",
            "{\"target\":\"timeline:alice\"}",
        ),
    ] {
        let a = h.api("POST", path, &t, Some(body));
        assert!(
            (400..500).contains(&a.status),
            "{path} {body}: {} {}",
            a.status,
            a.body
        );
    }
}
