//! Tokens get only what their claims allow (seed 002, "Authentication"): server-side auth needs
//! a permission scope (`resource`, `action`, `feed_id`), client-side auth is selected by a string
//! `user_id`; a token that selects neither is refused with the service's 403.

mod http_feeds_support;

use http_feeds_support::{Harness, assert_error};

const ACTIVITY: &str = r#"{"actor":"bob","verb":"post","object":"o:1"}"#;

#[test]
fn a_token_without_scope_or_user_id_is_refused() {
    let h = Harness::start();
    for claims in [r#"{"iat":1700000000}"#, "{}", r#"{"foo":"bar"}"#] {
        let token = h.signer.sign_json(claims).into_string();
        let a = h.api("POST", "feed/user/bob/", &token, Some(ACTIVITY));
        assert_error(&a, 403, 17, "NotAllowedException");
        let a = h.api("GET", "feed/user/bob/", &token, None);
        assert_error(&a, 403, 17, "NotAllowedException");
    }
    // Nothing was written.
    assert!(h.ids("feed/user/bob/").is_empty());
}

#[test]
fn a_user_id_that_is_not_a_string_is_refused() {
    let h = Harness::start();
    let body = r#"[{"source":"timeline:alice","target":"user:bob"}]"#;
    for claims in [
        r#"{"user_id":123}"#,
        r#"{"user_id":null}"#,
        r#"{"user_id":["alice"]}"#,
    ] {
        let token = h.signer.sign_json(claims).into_string();
        let a = h.api("POST", "follow_many/", &token, Some(body));
        assert_error(&a, 403, 17, "NotAllowedException");
    }
    let followers = h.get("feed/user/bob/followers/");
    assert_eq!(followers["results"], serde_json::json!([]), "{followers}");
}

#[test]
fn a_wildcard_user_id_without_scope_is_refused() {
    let h = Harness::start();
    let token = h.signer.sign_json(r#"{"user_id":"*"}"#).into_string();
    let a = h.api(
        "GET",
        "audit_logs/?entity_type=activity&entity_id=x",
        &token,
        None,
    );
    assert_error(&a, 403, 17, "NotAllowedException");
    let a = h.api("POST", "feed/user/bob/", &token, Some(ACTIVITY));
    assert_error(&a, 403, 17, "NotAllowedException");
}

#[test]
fn scope_claims_must_be_strings_and_name_an_action() {
    let h = Harness::start();
    for claims in [
        r#"{"resource":"*","feed_id":"*"}"#,
        r#"{"resource":"*","action":1,"feed_id":"*"}"#,
        r#"{"resource":["feed"],"action":"*","feed_id":"*"}"#,
        r#"{"resource":"*","action":"*","feed_id":true}"#,
    ] {
        let token = h.signer.sign_json(claims).into_string();
        let a = h.api("POST", "feed/user/bob/", &token, Some(ACTIVITY));
        assert_error(&a, 403, 17, "NotAllowedException");
    }
}

#[test]
fn a_scope_without_feed_id_grants_no_single_feed() {
    let h = Harness::start();
    let token = h
        .signer
        .sign_json(r#"{"resource":"feed","action":"*"}"#)
        .into_string();
    let a = h.api("POST", "feed/user/bob/", &token, Some(ACTIVITY));
    assert_error(&a, 403, 17, "NotAllowedException");
}

#[test]
fn the_seed_tokens_keep_working() {
    let h = Harness::start();
    // Every action on every feed; one feed; a user token; the v2 server token.
    for claims in [
        r#"{"resource":"*","action":"*","feed_id":"*"}"#,
        r#"{"resource":"feed","action":"*","feed_id":"userbob"}"#,
        r#"{"user_id":"bob"}"#,
        r#"{"user_id":"bob","user_group":"admins"}"#,
        r#"{"server":true}"#,
    ] {
        let token = h.signer.sign_json(claims).into_string();
        let a = h.api("POST", "feed/user/bob/", &token, Some(ACTIVITY));
        assert_eq!(a.status, 200, "{claims}: {}", a.body);
    }
    // Scoped tokens may carry `user_id` `*` (collections, personalization).
    let token = h
        .signer
        .sign_json(r#"{"action":"*","resource":"collections","feed_id":"*","user_id":"*"}"#)
        .into_string();
    let a = h.api(
        "POST",
        "collections/food/",
        &token,
        Some(r#"{"id":"burger","data":{"name":"Burger"}}"#),
    );
    assert_eq!(a.status, 201, "{}", a.body);
}
