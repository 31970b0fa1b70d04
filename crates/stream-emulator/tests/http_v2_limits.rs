//! The limits v1 enforces hold on v2 too, answered in the v2 error format: ids over 255
//! characters, bodies over 1 MiB, call ids with `/`, unknown filter operators.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

/// `payload` percent-encoded for the query.
fn encoded(payload: &serde_json::Value) -> String {
    let mut enc = String::new();
    for b in payload.to_string().bytes() {
        if b.is_ascii_alphanumeric() {
            enc.push(b as char);
        } else {
            enc.push_str(&format!("%{b:02X}"));
        }
    }
    enc
}

fn upsert(v2: &V2, id: &str) -> (u16, serde_json::Value) {
    v2.call(
        "POST",
        "users",
        "",
        Some(&json!({"users": {id: {"id": id, "name": "N"}}})),
    )
}

#[test]
fn user_ids_over_255_characters_are_refused() {
    let v2 = V2::start();
    assert_eq!(upsert(&v2, &"u".repeat(255)).0, 201);
    let long = "u".repeat(256);
    let r = upsert(&v2, &long);
    assert_v2_error(&r, 400, 4);
    assert!(
        r.1["message"]
            .as_str()
            .unwrap()
            .starts_with("UpdateUsers failed"),
        "{}",
        r.1
    );
    let r = v2.call(
        "POST",
        "users/deactivate",
        "",
        Some(&json!({"user_ids": [long]})),
    );
    assert_v2_error(&r, 400, 4);
    let r = v2.call("POST", &format!("users/{long}/deactivate"), "", None);
    assert_v2_error(&r, 400, 4);
}

#[test]
fn bodies_over_1_mib_are_refused() {
    let v2 = V2::start();
    let big = "x".repeat(10 * 1024 * 1024);
    let r = v2.call(
        "POST",
        "users",
        "",
        Some(&json!({"users": {"alice": {"id": "alice", "bio": big}}})),
    );
    assert_v2_error(&r, 413, 4);
    // Nothing was stored.
    let q = encoded(&json!({"filter_conditions": {"id": "alice"}}));
    let (s, found) = v2.call("GET", "users", &format!("&payload={q}"), None);
    assert_eq!(s, 200, "{found}");
    assert_eq!(found["users"], json!([]), "{found}");
    // Just under the cap is fine.
    let fits = "x".repeat(1000 * 1024);
    let r = v2.call(
        "POST",
        "users",
        "",
        Some(&json!({"users": {"bob": {"id": "bob", "bio": fits}}})),
    );
    assert_eq!(r.0, 201, "{}", r.1);
}

#[test]
fn call_ids_with_a_slash_are_refused() {
    let v2 = V2::start();
    upsert(&v2, "alice");
    let body = json!({"data": {"created_by_id": "alice"}});
    let r = v2.call("POST", "video/call/default/a%2Fb", "", Some(&body));
    assert_v2_error(&r, 400, 4);
    assert!(
        r.1["message"]
            .as_str()
            .unwrap()
            .starts_with("GetOrCreateCall failed"),
        "{}",
        r.1
    );
    let r = v2.call("GET", "video/call/default/a%2Fb", "", None);
    assert_v2_error(&r, 400, 4);
    // Other odd characters stay allowed.
    let r = v2.call("POST", "video/call/default/odd%20id%3A1", "", Some(&body));
    assert_eq!(r.0, 201, "{}", r.1);
}

#[test]
fn unknown_filter_operators_are_refused_even_with_nothing_stored() {
    let v2 = V2::start();
    let q = encoded(&json!({"filter_conditions": {"id": {"$zz": "a"}}}));
    let r = v2.call("GET", "users", &format!("&payload={q}"), None);
    assert_v2_error(&r, 400, 4);
    assert!(r.1["message"].as_str().unwrap().contains("$zz"), "{}", r.1);
    for path in ["video/calls", "video/call/members"] {
        let body =
            json!({"id": "c", "type": "default", "filter_conditions": {"$zz": [{"id": "a"}]}});
        let r = v2.call("POST", path, "", Some(&body));
        assert_v2_error(&r, 400, 4);
    }
}
