//! v2 users on the emulator: upsert, query (`payload` with Python's nulls), partial update,
//! deactivate/reactivate, delete and restore.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

/// The sorted top-level keys of an answer.
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

fn query(v2: &V2, payload: &Value) -> Vec<String> {
    query_users(v2, payload)
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect()
}

fn query_users(v2: &V2, payload: &Value) -> Vec<Value> {
    let mut enc = String::new();
    for b in payload.to_string().bytes() {
        if b.is_ascii_alphanumeric() {
            enc.push(b as char);
        } else {
            enc.push_str(&format!("%{b:02X}"));
        }
    }
    let (s, body) = v2.call("GET", "users", &format!("&payload={enc}"), None);
    assert_eq!(s, 200, "{body}");
    body["users"].as_array().unwrap().clone()
}

#[test]
fn upsert_returns_full_users_with_required_fields() {
    let v2 = V2::start();
    let body = json!({"users": {"alice": {"id": "alice", "name": "Alice", "role": "admin",
        "custom": {"color": "red"}}, "bob": {"id": "bob", "teams": ["red"], "teams_role": {"red": "admin"}}}});
    let (s, r) = v2.call("POST", "users", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    let alice = &r["users"]["alice"];
    for f in ["banned", "online", "invisible", "shadow_banned"] {
        assert!(alice[f].is_boolean(), "{f}");
    }
    for f in [
        "created_at",
        "updated_at",
        "total_unread_count",
        "unread_channels",
        "unread_count",
        "unread_threads",
    ] {
        assert!(alice[f].is_i64(), "{f}");
    }
    for f in [
        "blocked_user_ids",
        "channel_mutes",
        "devices",
        "mutes",
        "teams",
    ] {
        assert!(alice[f].is_array(), "{f}");
    }
    assert_eq!(alice["custom"], json!({"color": "red"}));
    assert_eq!(alice["role"], "admin");
    assert_eq!(r["users"]["bob"]["role"], "user");
    assert_eq!(r["users"]["bob"]["teams_role"], json!({"red": "admin"}));
    assert!(r["duration"].is_string() && r["membership_deletion_task_id"].is_string());
    // Re-upsert keeps created_at and replaces fields.
    let (_, again) = v2.call(
        "POST",
        "users",
        "",
        Some(&json!({"users": {"alice": {"id": "alice"}}})),
    );
    assert_eq!(again["users"]["alice"]["created_at"], alice["created_at"]);
    assert!(again["users"]["alice"].get("name").is_none());
    assert_v2_error(
        &v2.call("POST", "users", "", Some(&json!({"users": {}}))),
        400,
        4,
    );
    assert_v2_error(
        &v2.call(
            "POST",
            "users",
            "",
            Some(&json!({"users": {"x": {"id": "y"}}})),
        ),
        400,
        4,
    );
}

#[test]
fn query_partial_update_deactivate_delete_restore() {
    let v2 = V2::start();
    let users = json!({"users": {
        "alice": {"id": "alice", "name": "Alice", "custom": {"tier": 2}},
        "bob": {"id": "bob", "name": "Bob", "role": "admin"},
        "carol": {"id": "carol", "name": "Carol"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
    let py = json!({"filter_conditions": {"id": {"$in": ["alice", "bob"]}}, "id_gt": null,
        "include_deactivated_users": null, "limit": 10, "offset": 0, "presence": null,
        "sort": [{"direction": -1, "field": "name", "type": null}], "user": null});
    assert_eq!(query(&v2, &py), ["bob", "alice"]);
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {"role": "admin"}})),
        ["bob"]
    );
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {"tier": {"$gte": 2}}})),
        ["alice"]
    );

    let patch = json!({"users": [{"id": "alice", "unset": ["tier"], "set": {"name": "Alice B", "color": "blue"}}]});
    let (s, r) = v2.call("PATCH", "users", "", Some(&patch));
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["users"]["alice"]["name"], "Alice B");
    assert_eq!(r["users"]["alice"]["custom"], json!({"color": "blue"}));
    assert_v2_error(
        &v2.call(
            "PATCH",
            "users",
            "",
            Some(&json!({"users": [{"id": "ghost", "set": {}}]})),
        ),
        400,
        4,
    );

    let (s, r) = v2.call(
        "POST",
        "users/carol/deactivate",
        "",
        Some(&json!({"created_by_id": "alice"})),
    );
    assert_eq!(s, 201, "{r}");
    assert!(r["user"]["deactivated_at"].is_i64());
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {}})),
        ["alice", "bob"]
    );
    let all = json!({"filter_conditions": {}, "include_deactivated_users": true});
    assert_eq!(query(&v2, &all), ["alice", "bob", "carol"]);
    let (s, r) = v2.call(
        "POST",
        "users/carol/reactivate",
        "",
        Some(&json!({"name": "Carol R"})),
    );
    assert_eq!(s, 201);
    assert_eq!(r["user"]["name"], "Carol R");
    assert!(r["user"].get("deactivated_at").is_none());
    // Reactivating a user who is active is refused.
    let again = v2.call("POST", "users/carol/reactivate", "", Some(&json!({})));
    assert_v2_error(&again, 400, 4);
    assert_eq!(
        again.1["message"],
        "ReactivateUser failed with error: \"user carol is not deactivated\""
    );
    assert_v2_error(
        &v2.call("POST", "users/ghost/deactivate", "", Some(&json!({}))),
        404,
        16,
    );

    let (s, r) = v2.call(
        "POST",
        "users/deactivate",
        "",
        Some(&json!({"user_ids": ["bob", "carol"]})),
    );
    assert_eq!(s, 201);
    assert_eq!(keys(&r), ["duration", "task_id"]);
    let (_, task) = v2.call(
        "GET",
        &format!("tasks/{}", r["task_id"].as_str().unwrap()),
        "",
        None,
    );
    assert_eq!(task["status"], "completed");
    assert_eq!(
        task["result"],
        json!({"bob": {"status": "ok"}, "carol": {"status": "ok"}})
    );
    assert_eq!(query(&v2, &json!({"filter_conditions": {}})), ["alice"]);
    let deactivated = query_users(&v2, &all);
    assert!(deactivated[2]["deactivated_at"].is_i64(), "{deactivated:?}");
    let (s, r) = v2.call(
        "POST",
        "users/reactivate",
        "",
        Some(&json!({"user_ids": ["bob", "carol"], "restore_messages": true})),
    );
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["duration", "task_id"]);
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {}})),
        ["alice", "bob", "carol"]
    );

    let del = json!({"user_ids": ["carol"], "user": "soft"});
    assert_eq!(v2.call("POST", "users/delete", "", Some(&del)).0, 201);
    let gone = v2.call("POST", "users/carol/reactivate", "", Some(&json!({})));
    assert_v2_error(&gone, 404, 16);
    assert_eq!(
        gone.1["message"],
        "ReactivateUser failed with error: \"the user carol was deleted\""
    );
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {}})),
        ["alice", "bob"]
    );
    assert_eq!(
        v2.call(
            "POST",
            "users/restore",
            "",
            Some(&json!({"user_ids": ["carol"]}))
        )
        .0,
        201
    );
    assert_eq!(
        query(&v2, &json!({"filter_conditions": {}})),
        ["alice", "bob", "carol"]
    );
    let hard = json!({"user_ids": ["carol"], "user": "hard"});
    assert_eq!(v2.call("POST", "users/delete", "", Some(&hard)).0, 201);
    assert_v2_error(
        &v2.call(
            "POST",
            "users/restore",
            "",
            Some(&json!({"user_ids": ["carol"]})),
        ),
        400,
        4,
    );
    assert_v2_error(&v2.call("GET", "users", "", None), 400, 4);
}

#[test]
fn privacy_settings_are_replaced_by_upserts_and_merged_by_partial_updates() {
    let v2 = V2::start();
    let plain = json!({"users": {"pat": {"id": "pat", "name": "Pat"}}});
    let (s, r) = v2.call("POST", "users", "", Some(&plain));
    assert_eq!(s, 201, "{r}");
    assert!(r["users"]["pat"].get("privacy_settings").is_none());

    let typing_off = json!({"users": {"pat": {"id": "pat",
        "privacy_settings": {"typing_indicators": {"enabled": false}}}}});
    let (_, r) = v2.call("POST", "users", "", Some(&typing_off));
    assert_eq!(
        r["users"]["pat"]["privacy_settings"],
        json!({"typing_indicators": {"enabled": false}})
    );
    // An upsert replaces the user, settings included; `custom` does not catch them.
    let both = json!({"users": {"pat": {"id": "pat", "privacy_settings": {
        "typing_indicators": {"enabled": true}, "read_receipts": {"enabled": false}}}}});
    let (_, r) = v2.call("POST", "users", "", Some(&both));
    let pat = &r["users"]["pat"];
    assert_eq!(
        pat["privacy_settings"]["typing_indicators"]["enabled"],
        true
    );
    assert_eq!(pat["privacy_settings"]["read_receipts"]["enabled"], false);
    assert_eq!(pat["custom"], json!({}));

    // A partial update keeps the settings it does not name.
    let set =
        |settings: Value| json!({"users": [{"id": "pat", "set": {"privacy_settings": settings}}]});
    let (s, r) = v2.call(
        "PATCH",
        "users",
        "",
        Some(&set(json!({"read_receipts": {"enabled": true}}))),
    );
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r["users"]["pat"]["privacy_settings"],
        json!({"typing_indicators": {"enabled": true}, "read_receipts": {"enabled": true}})
    );
    let unset = json!({"users": [{"id": "pat", "unset": ["privacy_settings"]}]});
    let (_, r) = v2.call("PATCH", "users", "", Some(&unset));
    assert!(r["users"]["pat"].get("privacy_settings").is_none(), "{r}");

    for bad in [
        json!("off"),
        json!({"typing_indicators": false}),
        json!({"typing_indicators": {"enabled": "no"}}),
    ] {
        assert_v2_error(&v2.call("PATCH", "users", "", Some(&set(bad))), 400, 4);
    }
}
