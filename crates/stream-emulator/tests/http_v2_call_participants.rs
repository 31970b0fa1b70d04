//! v2 operations on the people in a call on the emulator: participants (joined through the test
//! API) are queried, pinned, unpinned and kicked (optionally blocked); members are rung.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn setup(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice", "name": "Alice"},
        "bob": {"id": "bob"}, "carol": {"id": "carol"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
    let body = json!({"data": {"created_by_id": "alice", "members": [
        {"user_id": "alice", "role": "host"}, {"user_id": "bob"}, {"user_id": "carol"}]}});
    assert_eq!(
        v2.call("POST", "video/call/default/p1", "", Some(&body)).0,
        201
    );
}

fn post(v2: &V2, action: &str, query: &str, body: &Value) -> (u16, Value) {
    let path = format!("video/call/default/p1/{action}");
    v2.call("POST", &path, query, Some(body))
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn participants_are_queried_pinned_and_kicked() {
    let v2 = V2::start();
    setup(&v2);
    let alice = v2.emu.join_call("default", "p1", "alice").expect("joins");
    let bob = v2.emu.join_call("default", "p1", "bob").expect("joins");
    let (s, r) = post(&v2, "participants", "", &json!({}));
    assert_eq!(s, 201, "{r}");
    assert_eq!(
        keys(&r),
        [
            "call",
            "duration",
            "members",
            "own_capabilities",
            "participants",
            "total_participants"
        ]
    );
    assert_eq!(r["total_participants"], 2);
    let first = &r["participants"][0];
    assert_eq!(
        keys(first),
        ["joined_at", "role", "user", "user_session_id"]
    );
    assert_eq!(first["user_session_id"], alice.as_str());
    assert_eq!(
        (&first["role"], &first["user"]["name"]),
        (&json!("host"), &json!("Alice"))
    );
    let only_bob = json!({"filter_conditions": {"user_id": {"$eq": "bob"}}});
    let (_, r) = post(&v2, "participants", "&limit=5", &only_bob);
    assert_eq!(r["participants"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["participants"][0]["user_session_id"], bob.as_str());
    assert_eq!(r["total_participants"], 2);
    let (_, r) = post(&v2, "participants", "&limit=1", &json!({}));
    assert_eq!(r["participants"].as_array().map(Vec::len), Some(1));
    assert_v2_error(&post(&v2, "participants", "&limit=0", &json!({})), 400, 4);

    let pin = json!({"user_id": "bob", "session_id": bob});
    let (s, r) = post(&v2, "pin", "", &pin);
    assert_eq!((s, keys(&r)), (201, vec!["duration"]), "{r}");
    let (s, r) = post(&v2, "unpin", "", &pin);
    assert_eq!((s, keys(&r)), (201, vec!["duration"]), "{r}");
    for bad in [
        json!({"user_id": "carol", "session_id": bob}),
        json!({"user_id": "bob", "session_id": "nope"}),
        json!({"user_id": "bob"}),
        json!({"session_id": bob}),
    ] {
        assert_v2_error(&post(&v2, "pin", "", &bad), 400, 4);
        assert_v2_error(&post(&v2, "unpin", "", &bad), 400, 4);
    }

    let (s, r) = post(
        &v2,
        "kick",
        "",
        &json!({"user_id": "bob", "kicked_by_id": "alice"}),
    );
    assert_eq!((s, keys(&r)), (201, vec!["duration"]), "{r}");
    let (_, r) = post(&v2, "participants", "", &json!({}));
    assert_eq!(r["total_participants"], 1);
    assert_v2_error(&post(&v2, "pin", "", &pin), 400, 4);
    assert!(
        v2.emu.join_call("default", "p1", "bob").is_some(),
        "not blocked"
    );
    let (s, _) = post(&v2, "kick", "", &json!({"user_id": "bob", "block": true}));
    assert_eq!(s, 201);
    assert_eq!(v2.emu.join_call("default", "p1", "bob"), None);
    let (_, got) = v2.call("GET", "video/call/default/p1", "", None);
    assert_eq!(got["call"]["blocked_user_ids"], json!(["bob"]));
    assert_v2_error(&post(&v2, "kick", "", &json!({})), 400, 4);
    assert_v2_error(
        &post(&v2, "kick", "", &json!({"user_id": "x", "block": "yes"})),
        400,
        4,
    );
}

#[test]
fn ringing_answers_the_members_rung() {
    let v2 = V2::start();
    setup(&v2);
    let (s, r) = post(&v2, "ring", "", &json!({"video": true}));
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["duration", "members_ids"]);
    assert_eq!(r["members_ids"], json!(["bob", "carol"]));
    let (s, r) = post(&v2, "ring", "", &json!({"members_ids": ["carol"]}));
    assert_eq!((s, &r["members_ids"]), (201, &json!(["carol"])), "{r}");
    assert_v2_error(
        &post(&v2, "ring", "", &json!({"members_ids": ["dave"]})),
        400,
        4,
    );
    assert_v2_error(&post(&v2, "ring", "", &json!({"members_ids": []})), 400, 4);
    assert_v2_error(&post(&v2, "ring", "", &json!({"video": 1})), 400, 4);
    assert_eq!(post(&v2, "mark_ended", "", &json!({})).0, 201);
    assert_v2_error(&post(&v2, "ring", "", &json!({})), 400, 4);
    for action in ["kick", "pin", "unpin", "ring", "participants"] {
        let path = format!("video/call/default/nope/{action}");
        let body = json!({"user_id": "bob", "session_id": "s"});
        assert_v2_error(&v2.call("POST", &path, "", Some(&body)), 404, 16);
    }
}
