//! v2 guest users on the emulator: a guest gets an id of its own (never an existing user's), role
//! `guest`, is stored like any user, and its `access_token` is a user token for that id signed
//! with the app's secret.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[test]
fn a_guest_gets_its_own_id_role_and_token() {
    let v2 = V2::start();
    let alice = json!({"users": {"alice": {"id": "alice", "name": "Alice"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&alice)).0, 201);
    let body = json!({"user": {"id": "alice", "name": "Visitor", "role": "admin",
        "custom": {"from": "landing"}}});
    let (s, r) = v2.call("POST", "guest", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["access_token", "duration", "user"]);
    let user = &r["user"];
    let id = user["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("guest-alice-"), "{id}");
    assert_eq!(id.len(), "guest-alice-".len() + 8);
    assert_eq!(user["role"], "guest");
    assert_eq!(user["name"], "Visitor");
    assert_eq!(user["custom"], json!({"from": "landing"}));
    assert!(user["created_at"].is_i64());

    let token = r["access_token"].as_str().unwrap();
    let claims = v2
        .signer()
        .verify(token, now())
        .expect("signed with the app secret");
    assert_eq!(claims.user_id(), Some(id.as_str()));
    assert!(!claims.is_server());

    // The guest is stored; alice is untouched; a second guest gets another id.
    let (_, second) = v2.call("POST", "guest", "", Some(&body));
    assert_ne!(second["user"]["id"], id.as_str());
    let (_, alice) = v2.call("GET", "users/alice/export", "", None);
    assert_eq!(alice["user"]["role"], "user");
    assert_eq!(alice["user"]["name"], "Alice");
    let (s, guest) = v2.call("GET", &format!("users/{id}/export"), "", None);
    assert_eq!(s, 200, "{guest}");
    assert_eq!(guest["user"]["role"], "guest");
}

#[test]
fn bad_guests_are_refused() {
    let v2 = V2::start();
    let long = "g".repeat(250);
    for bad in [
        json!({}),
        json!({"user": "visitor"}),
        json!({"user": {}}),
        json!({"user": {"id": ""}}),
        json!({"user": {"id": long}}),
        json!({"user": {"id": "v", "teams": "red"}}),
    ] {
        assert_v2_error(&v2.call("POST", "guest", "", Some(&bad)), 400, 4);
    }
}
