use serde_json::json;

use super::*;
use crate::Timestamp;

#[test]
fn user_response_is_lenient() {
    let u: UserResponse = serde_json::from_value(json!({
        "id": "alice", "role": "admin", "teams": null, "custom": {"color": "red"},
        "created_at": 1_704_164_645_000_000_000_i64, "updated_at": "1704164645000000000",
        "last_active": "2024-01-02T03:04:05Z", "total_unread_count": 0, "brand_new": 1
    }))
    .unwrap();
    assert_eq!(u.id, "alice");
    assert!(u.teams.is_empty());
    assert_eq!(u.created_at, u.updated_at);
    assert_eq!(u.last_active, u.created_at);
    assert_eq!(u.extra.value("brand_new"), Some(json!(1)));
    assert_eq!(u.custom.get_str("color").as_deref(), Some("red"));
    let empty: UserResponse = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.id, "");
}

#[test]
fn call_state_parses_readme_shape() {
    let r: GetOrCreateCallResponse = serde_json::from_value(json!({
        "created": true, "duration": "0.10ms", "own_capabilities": ["join-call"],
        "members": [{"user_id": "bob", "custom": {}, "created_at": 1, "updated_at": 1,
                     "user": {"id": "bob", "custom": {}, "teams": [], "blocked_user_ids": []}}],
        "call": {"type": "default", "id": "c1", "cid": "default:c1", "custom": {"n": 1},
                 "blocked_user_ids": [], "created_at": 5, "updated_at": 5,
                 "settings": {"audio": {}}, "ingress": {"srt": {"address": "x"}}}
    }))
    .unwrap();
    assert_eq!(r.created, Some(true));
    assert_eq!(r.call.cid, "default:c1");
    assert_eq!(r.call.call_type, "default");
    assert_eq!(r.members[0].user.as_ref().unwrap().id, "bob");
}

#[test]
fn update_users_response_reads_users_map() {
    let r: UpdateUsersResponse = serde_json::from_value(json!({
        "users": {"alice": {"id": "alice", "name": "Alice"}},
        "membership_deletion_task_id": "", "duration": "1ms"
    }))
    .unwrap();
    assert_eq!(r.user("alice").unwrap().name.as_deref(), Some("Alice"));
}

#[test]
fn call_request_serializes_python_shape() {
    let data = CallRequest::new()
        .created_by_id("alice")
        .starts_at(Timestamp::from_unix_seconds(1_704_164_645))
        .team("blue")
        .member(MemberRequest::new("carol").role("admin").custom("seat", 3))
        .custom("title", "launch")
        .settings_override(
            CallSettingsRequest::new().backstage(BackstageSettingsRequest::new().enabled(true)),
        );
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({"created_by_id": "alice", "starts_at": "2024-01-02T03:04:05+00:00", "team": "blue",
               "members": [{"user_id": "carol", "role": "admin", "custom": {"seat": 3}}],
               "custom": {"title": "launch"}, "settings_override": {"backstage": {"enabled": true}}})
    );
}

#[test]
fn responses_write_times_back_as_nanoseconds_and_keep_custom_and_extra_fields() {
    let text = r#"{"id":"alice","custom":{"z":1,"a":{"b":[1.5]}},"created_at":"2024-01-02T03:04:05.6789Z","updated_at":"1704164645678900000","brand_new":{"x":true}}"#;
    let u: UserResponse = serde_json::from_str(text).unwrap();
    assert_eq!(u.created_at, u.updated_at);
    assert_eq!(u.custom.keys().collect::<Vec<_>>(), ["z", "a"]);
    assert_eq!(u.extra.get("brand_new").unwrap().json(), r#"{"x":true}"#);
    let back = serde_json::to_value(&u).unwrap();
    assert_eq!(back["created_at"], json!(1_704_164_645_678_900_000_i64));
    assert_eq!(back["updated_at"], json!(1_704_164_645_678_900_000_i64));
    assert_eq!(back["custom"], json!({"z": 1, "a": {"b": [1.5]}}));
    assert_eq!(back["brand_new"], json!({"x": true}));
    let again: UserResponse = serde_json::from_value(back).unwrap();
    assert_eq!(again, u);
}

#[test]
fn request_custom_data_keeps_insertion_order_and_builds_from_a_map() {
    let map = json!({"b": 1, "a": 2}).as_object().unwrap().clone();
    let user = UserRequest::new("u")
        .custom_map(map)
        .custom("c", 3)
        .custom("b", 4);
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        r#"{"id":"u","custom":{"b":4,"a":2,"c":3}}"#
    );
    let member = MemberRequest::new("m").custom("seat", 3);
    assert_eq!(
        member
            .custom
            .as_ref()
            .unwrap()
            .get_as::<u8>("seat")
            .unwrap()
            .unwrap(),
        3
    );
}

#[test]
fn a_guests_token_stays_out_of_debug() {
    let r: CreateGuestResponse = serde_json::from_value(json!({
        "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiZyJ9.sig",
        "user": {"id": "guest-1", "role": "guest"}, "duration": "1ms"
    }))
    .unwrap();
    assert_eq!(r.user.role.as_deref(), Some("guest"));
    assert!(r.access_token.starts_with("eyJ"));
    let shown = format!("{r:?} {r:#?}");
    assert!(!shown.contains("eyJ"), "{shown}");
    assert!(shown.contains("guest-1"));
}

#[test]
fn devices_read_known_and_unknown_providers() {
    let r: ListDevicesResponse = serde_json::from_value(json!({"devices": [
        {"id": "t1", "push_provider": "apn", "user_id": "a", "created_at": 1, "voip": true},
        {"id": "t2", "push_provider": "carrier_pigeon", "user_id": "a"}
    ], "duration": "1ms"}))
    .unwrap();
    assert_eq!(r.devices[0].provider(), Some(PushProvider::Apn));
    assert_eq!(r.devices[0].voip, Some(true));
    assert_eq!(r.devices[1].provider(), None);
    let none: ListDevicesResponse = serde_json::from_value(json!({"devices": null})).unwrap();
    assert!(none.devices.is_empty());
}
