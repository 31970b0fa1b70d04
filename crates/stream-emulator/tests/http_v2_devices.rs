//! v2 push devices on the emulator: registered per existing user, listed oldest first with exact
//! fields, re-registering changes nothing, 25 per user at most, an unknown push provider is a 400,
//! deleting needs the owner, and devices survive a restart with a data file.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::{Value, json};

fn seed(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    k.sort_unstable();
    k
}

fn device_ids(v2: &V2, user: &str) -> Vec<String> {
    let (s, r) = v2.call("GET", "devices", &format!("&user_id={user}"), None);
    assert_eq!(s, 200, "{r}");
    r["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn create_list_and_delete() {
    let v2 = V2::start();
    seed(&v2);
    assert_eq!(device_ids(&v2, "alice"), Vec::<String>::new());
    let apn = json!({"id": "tok-1", "push_provider": "apn", "push_provider_name": "prod-ios",
        "user_id": "alice", "voip_token": true});
    let (s, r) = v2.call("POST", "devices", "", Some(&apn));
    assert_eq!(s, 201, "{r}");
    assert_eq!(keys(&r), ["duration"]);
    let fcm = json!({"id": "tok-2", "push_provider": "firebase", "user_id": "alice"});
    assert_eq!(v2.call("POST", "devices", "", Some(&fcm)).0, 201);
    // The same device again changes nothing.
    assert_eq!(v2.call("POST", "devices", "", Some(&apn)).0, 201);

    let (s, r) = v2.call("GET", "devices", "&user_id=alice", None);
    assert_eq!(s, 200, "{r}");
    assert_eq!(keys(&r), ["devices", "duration"]);
    let first = &r["devices"][0];
    assert_eq!(
        keys(first),
        [
            "created_at",
            "disabled",
            "disabled_reason",
            "id",
            "push_provider",
            "push_provider_name",
            "user_id",
            "voip"
        ]
    );
    assert_eq!(first["id"], "tok-1");
    assert_eq!(first["push_provider"], "apn");
    assert_eq!(first["push_provider_name"], "prod-ios");
    assert_eq!(first["user_id"], "alice");
    assert_eq!(first["voip"], true);
    assert!(first["created_at"].is_i64());
    assert_eq!(
        keys(&r["devices"][1]),
        [
            "created_at",
            "disabled",
            "disabled_reason",
            "id",
            "push_provider",
            "user_id"
        ]
    );
    assert_eq!(device_ids(&v2, "bob"), Vec::<String>::new());

    // Only the owner deletes a device.
    assert_v2_error(
        &v2.call("DELETE", "devices", "&id=tok-1&user_id=bob", None),
        404,
        16,
    );
    let (s, r) = v2.call("DELETE", "devices", "&id=tok-1&user_id=alice", None);
    assert_eq!(s, 200, "{r}");
    assert_eq!(keys(&r), ["duration"]);
    assert_eq!(device_ids(&v2, "alice"), ["tok-2"]);

    // A device registered for another user moves to that user.
    let moved = json!({"id": "tok-2", "push_provider": "firebase", "user_id": "bob"});
    assert_eq!(v2.call("POST", "devices", "", Some(&moved)).0, 201);
    assert_eq!(device_ids(&v2, "alice"), Vec::<String>::new());
    assert_eq!(device_ids(&v2, "bob"), ["tok-2"]);
}

#[test]
fn a_user_keeps_the_newest_25_devices() {
    let v2 = V2::start();
    seed(&v2);
    for n in 0..26 {
        let d = json!({"id": format!("tok-{n:02}"), "push_provider": "xiaomi", "user_id": "bob"});
        assert_eq!(v2.call("POST", "devices", "", Some(&d)).0, 201);
    }
    let ids = device_ids(&v2, "bob");
    assert_eq!(ids.len(), 25);
    assert!(!ids.contains(&"tok-00".to_owned()), "the oldest went first");
    assert!(ids.contains(&"tok-25".to_owned()));
}

#[test]
fn bad_devices_are_refused() {
    let v2 = V2::start();
    seed(&v2);
    for bad in [
        json!({"id": "t", "push_provider": "pigeon", "user_id": "alice"}),
        json!({"id": "t", "push_provider": "APN", "user_id": "alice"}),
        json!({"id": "t", "user_id": "alice"}),
        json!({"push_provider": "apn", "user_id": "alice"}),
        json!({"id": "t", "push_provider": "apn"}),
        json!({"id": "t", "push_provider": "apn", "user_id": "ghost"}),
        json!({"id": "t", "push_provider": "apn", "user_id": "alice", "voip_token": "yes"}),
    ] {
        assert_v2_error(&v2.call("POST", "devices", "", Some(&bad)), 400, 4);
    }
    let (_, r) = v2.call(
        "POST",
        "devices",
        "",
        Some(&json!({"id": "t", "push_provider": "pigeon", "user_id": "alice"})),
    );
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .starts_with("CreateDevice failed with error: "),
        "{r}"
    );
    assert_v2_error(&v2.call("GET", "devices", "", None), 400, 4);
    assert_v2_error(
        &v2.call("DELETE", "devices", "&user_id=alice", None),
        400,
        4,
    );
    assert_v2_error(&v2.call("DELETE", "devices", "&id=t", None), 400, 4);
    assert_v2_error(
        &v2.call("DELETE", "devices", "&id=nope&user_id=alice", None),
        404,
        16,
    );
}

#[test]
fn hard_deleting_a_user_forgets_their_devices() {
    let v2 = V2::start();
    seed(&v2);
    let d = json!({"id": "tok-1", "push_provider": "huawei", "user_id": "bob"});
    assert_eq!(v2.call("POST", "devices", "", Some(&d)).0, 201);
    let del = json!({"user_ids": ["bob"], "user": "hard"});
    assert_eq!(v2.call("POST", "users/delete", "", Some(&del)).0, 201);
    let again = json!({"users": {"bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&again)).0, 201);
    assert_eq!(device_ids(&v2, "bob"), Vec::<String>::new());
}

#[test]
fn devices_survive_a_restart_with_a_data_file() {
    let dir =
        std::env::temp_dir().join(format!("stream-emulator-v2-devices-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator.redb");
    let start = || {
        stream_emulator::Emulator::builder()
            .data_file(&file)
            .start_blocking()
            .unwrap()
    };
    let v2 = V2::with(start());
    seed(&v2);
    for (id, provider) in [("tok-1", "apn"), ("tok-2", "firebase")] {
        let d = json!({"id": id, "push_provider": provider, "user_id": "alice"});
        assert_eq!(v2.call("POST", "devices", "", Some(&d)).0, 201);
    }
    assert_eq!(
        v2.call("DELETE", "devices", "&id=tok-1&user_id=alice", None)
            .0,
        200
    );
    let (_, before) = v2.call("GET", "devices", "&user_id=alice", None);
    drop(v2);

    let v2 = V2::with(start());
    let (s, after) = v2.call("GET", "devices", "&user_id=alice", None);
    assert_eq!(s, 200, "{after}");
    assert_eq!(after["devices"], before["devices"]);
    assert_eq!(device_ids(&v2, "alice"), ["tok-2"]);
    drop(v2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn full_users_show_their_devices() {
    let v2 = V2::start();
    seed(&v2);
    let d = json!({"id": "tok-1", "push_provider": "firebase", "user_id": "alice"});
    assert_eq!(v2.call("POST", "devices", "", Some(&d)).0, 201);
    let again = json!({"users": {"alice": {"id": "alice", "name": "Alice"}}});
    let (_, r) = v2.call("POST", "users", "", Some(&again));
    assert_eq!(r["users"]["alice"]["devices"][0]["id"], "tok-1");
    let patch = json!({"users": [{"id": "bob", "set": {"name": "Bob"}}]});
    let (_, r) = v2.call("PATCH", "users", "", Some(&patch));
    assert_eq!(r["users"]["bob"]["devices"], json!([]));
    // `{"filter_conditions":{"id":"alice"}}`, percent-encoded.
    let q = "&payload=%7B%22filter_conditions%22%3A%7B%22id%22%3A%22alice%22%7D%7D";
    let (s, r) = v2.call("GET", "users", q, None);
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["users"][0]["devices"][0]["push_provider"], "firebase");
}
