//! v2 endpoints: the convenience handles build the same requests as the endpoint types, every
//! setter reaches the wire, cursors page forward, and every response parser reads a 2xx body and
//! names its operation when the body does not fit.
use serde_json::{Map, Value, json};
use stream_core::models::Timestamp;
use stream_core::models::v2::{QueryUsersPayload, UpdateUserPartialRequest, UserRequest};
use stream_core::v2::{
    DeactivateUser, DeactivateUsers, DeleteUsers, GetCallType, ListCallTypes, QueryCallMembers,
    QueryCalls, QueryUsers, ReactivateUser, ReactivateUsers, RestoreUsers, UpdateUsersPartial,
    UpsertUsers, V2Users, Video, VideoCall,
};
use stream_core::{Endpoint, Error, Method, Paginated, Response};

mod v2_support;
use v2_support::{body, config, filter, parses, query, req};

#[test]
fn v2_user_handles_build_the_endpoint_they_name() {
    assert_eq!(
        V2Users.upsert([UserRequest::new("a")]),
        UpsertUsers::new([UserRequest::new("a")])
    );
    assert_eq!(V2Users.query(filter()), QueryUsers::new(filter()));
    let partial = UpdateUserPartialRequest::new("a").set("name", "A");
    assert_eq!(
        V2Users.update_partial([partial.clone()]),
        UpdateUsersPartial::new([partial])
    );
    assert_eq!(V2Users.deactivate("a"), DeactivateUser::new("a"));
    assert_eq!(V2Users.reactivate("a"), ReactivateUser::new("a"));
    assert_eq!(
        V2Users.deactivate_many(["a", "b"]),
        DeactivateUsers::new(["a", "b"])
    );
    assert_eq!(V2Users.reactivate_many(["a"]), ReactivateUsers::new(["a"]));
    assert_eq!(V2Users.delete(["a"]), DeleteUsers::new(["a"]));
    assert_eq!(V2Users.restore(["a"]), RestoreUsers::new(["a"]));

    let r = req(&V2Users.deactivate("alice"));
    assert_eq!(
        (r.method, r.path()),
        (Method::Post, "/api/v2/users/alice/deactivate")
    );
    let r = req(&V2Users.restore(["alice"]));
    assert_eq!(
        (r.method, r.path()),
        (Method::Post, "/api/v2/users/restore")
    );
}

#[test]
fn upsert_user_adds_to_the_users_map() {
    let r = req(&UpsertUsers::new([UserRequest::new("a")]).user(UserRequest::new("b").name("B")));
    let users = &body(&r)["users"];
    assert_eq!(users["a"]["id"], json!("a"));
    assert_eq!(users["b"]["name"], json!("B"));
}

#[test]
fn query_users_sends_sort_and_presence_in_the_payload() {
    let q = QueryUsers::new(filter())
        .sort_desc("created_at")
        .presence(true);
    let r = req(&q);
    assert_eq!(r.method, Method::Get);
    let payload = query(&r, "payload").expect("payload param");
    let decoded = stream_core::encode::decode_component(&payload);
    let payload: Value = serde_json::from_str(&decoded).expect("payload is JSON");
    assert_eq!(
        payload["sort"],
        json!([{"field": "created_at", "direction": -1}])
    );
    assert_eq!(payload["presence"], json!(true));

    let p = QueryUsersPayload {
        filter_conditions: filter(),
        ..QueryUsersPayload::default()
    };
    assert_eq!(QueryUsers::from_payload(p), QueryUsers::new(filter()));
}

#[test]
fn a_partial_update_without_users_is_refused_before_sending() {
    let err = config()
        .build_request(&UpdateUsersPartial::new(
            Vec::<UpdateUserPartialRequest>::new(),
        ))
        .unwrap_err();
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(err.to_string().contains("at least one update"), "{err}");
}

#[test]
fn user_action_options_reach_the_body() {
    let b = body(&req(&ReactivateUser::new("a").created_by_id("admin")));
    assert_eq!(b["created_by_id"], json!("admin"));
    let b = body(&req(&DeactivateUsers::new(["a"])
        .created_by_id("admin")
        .mark_channels_deleted(true)));
    assert_eq!(
        (
            b["created_by_id"].clone(),
            b["mark_channels_deleted"].clone()
        ),
        (json!("admin"), json!(true))
    );
    let b = body(&req(&ReactivateUsers::new(["a"])
        .created_by_id("admin")
        .restore_channels(true)));
    assert_eq!(
        (b["created_by_id"].clone(), b["restore_channels"].clone()),
        (json!("admin"), json!(true))
    );
    let b = body(&req(&DeleteUsers::new(["a"])
        .new_call_owner_id("o1")
        .new_channel_owner_id("o2")));
    assert_eq!(
        (
            b["new_call_owner_id"].clone(),
            b["new_channel_owner_id"].clone()
        ),
        (json!("o1"), json!("o2"))
    );
}

#[test]
fn an_empty_user_id_in_a_list_is_refused() {
    let err = config()
        .build_request(&DeleteUsers::new(["a", ""]))
        .unwrap_err();
    assert!(err.to_string().contains("empty id"), "{err}");
}

#[test]
fn video_handles_build_the_endpoint_they_name() {
    let call = Video.call("default", "c1");
    assert_eq!(call, VideoCall::new("default", "c1"));
    assert_eq!(
        (call.call_type(), call.id(), call.cid()),
        ("default", "c1", "default:c1".to_owned())
    );
    assert_eq!(Video.query_calls(), QueryCalls::new());
    assert_eq!(
        Video.query_call_members("default", "c1"),
        QueryCallMembers::new("default", "c1")
    );
    assert_eq!(Video.call_types(), ListCallTypes);
    assert_eq!(
        Video.call_type("livestream"),
        GetCallType::new("livestream")
    );

    let r = req(&Video.call_type("live stream"));
    assert_eq!(
        (r.method, r.path()),
        (Method::Get, "/api/v2/video/calltypes/live%20stream")
    );
    assert!(
        config().build_request(&GetCallType::new("")).is_err(),
        "an empty name is refused"
    );
}

#[test]
fn update_call_custom_map_replaces_custom_data() {
    let mut custom = Map::new();
    custom.insert("color".into(), json!("red"));
    let update = VideoCall::new("default", "c1")
        .update()
        .custom("gone", 1)
        .custom_map(custom)
        .starts_at(Timestamp::from_unix_seconds(0));
    let b = body(&req(&update));
    assert_eq!(b["custom"], json!({"color": "red"}));
    assert_eq!(b["starts_at"], json!("1970-01-01T00:00:00+00:00"));
}

#[test]
fn query_calls_and_members_send_cursors_and_sorts_and_page_forward() {
    let calls = QueryCalls::new()
        .limit(2)
        .prev("p0")
        .next("n0")
        .sort_asc("created_at");
    let b = body(&req(&calls));
    assert_eq!(
        (b["next"].clone(), b["prev"].clone()),
        (json!("n0"), json!("p0"))
    );
    assert_eq!(b["sort"], json!([{"field": "created_at", "direction": 1}]));

    let page = calls
        .parse(Response::new(
            200,
            r#"{"calls":[],"next":"n1","duration":"1ms"}"#,
        ))
        .expect("parses");
    let next = calls.next_page(&page).expect("a next page");
    let b = body(&req(&next));
    assert_eq!(b["next"], json!("n1"));
    assert!(b.get("prev").is_none(), "paging forward drops prev: {b}");
    let last = calls
        .parse(Response::new(200, r#"{"calls":[],"next":""}"#))
        .expect("parses");
    assert!(
        calls.next_page(&last).is_none(),
        "an empty cursor ends the pages"
    );

    let members = QueryCallMembers::new("default", "c1")
        .prev("p0")
        .next("n0")
        .sort_desc("role");
    let b = body(&req(&members));
    assert_eq!(b["sort"], json!([{"field": "role", "direction": -1}]));
    assert_eq!(b["prev"], json!("p0"));
    let page = members
        .parse(Response::new(200, r#"{"members":[],"next":"m1"}"#))
        .expect("parses");
    let next = members.next_page(&page).expect("a next page");
    assert_eq!(body(&req(&next))["next"], json!("m1"));
    let last = members
        .parse(Response::new(200, r#"{"members":[]}"#))
        .expect("parses");
    assert!(members.next_page(&last).is_none());
}

#[test]
fn every_v2_parser_reads_its_response_and_names_itself_on_failure() {
    let call = VideoCall::new("default", "c1");
    parses(
        UpsertUsers::new([UserRequest::new("a")]),
        r#"{"users":{},"duration":"1ms"}"#,
        "v2.users.upsert",
    );
    parses(
        QueryUsers::new(filter()),
        r#"{"users":[]}"#,
        "v2.users.query",
    );
    parses(
        UpdateUsersPartial::new([UpdateUserPartialRequest::new("a")]),
        r#"{"users":{}}"#,
        "v2.users.update_partial",
    );
    parses(
        DeactivateUser::new("a"),
        r#"{"duration":"1ms"}"#,
        "v2.users.deactivate",
    );
    parses(
        ReactivateUser::new("a"),
        r#"{"duration":"1ms"}"#,
        "v2.users.reactivate",
    );
    parses(
        DeactivateUsers::new(["a"]),
        r#"{"task_id":"t1"}"#,
        "v2.users.deactivate_many",
    );
    parses(
        ReactivateUsers::new(["a"]),
        r#"{"task_id":"t1"}"#,
        "v2.users.reactivate_many",
    );
    parses(
        DeleteUsers::new(["a"]),
        r#"{"task_id":"t1"}"#,
        "v2.users.delete",
    );
    parses(
        RestoreUsers::new(["a"]),
        r#"{"duration":"1ms"}"#,
        "v2.users.restore",
    );
    parses(
        ListCallTypes,
        r#"{"call_types":{}}"#,
        "v2.video.call_types.list",
    );
    parses(
        GetCallType::new("default"),
        r#"{"name":"default"}"#,
        "v2.video.call_types.get",
    );
    parses(
        call.get_or_create(),
        r#"{"call":{}}"#,
        "v2.video.call.get_or_create",
    );
    parses(call.update(), r#"{"call":{}}"#, "v2.video.call.update");
    parses(
        call.update_call_members(),
        r#"{"duration":"1ms"}"#,
        "v2.video.call.update_members",
    );
    parses(call.end(), r#"{"duration":"1ms"}"#, "v2.video.call.end");
    parses(
        call.delete(),
        r#"{"duration":"1ms"}"#,
        "v2.video.call.delete",
    );
    parses(QueryCalls::new(), r#"{"calls":[]}"#, "v2.video.query_calls");
    parses(
        QueryCallMembers::new("default", "c1"),
        r#"{"members":[]}"#,
        "v2.video.call.query_members",
    );
}

#[test]
fn ids_over_the_limits_are_refused_before_sending() {
    use stream_core::v2::{GetTask, MAX_CALL_ID_LEN, MAX_ID_LEN, UpsertUsers};
    let long = "u".repeat(MAX_ID_LEN + 1);
    let fits = "é".repeat(MAX_ID_LEN);
    let c = config();
    let err = c
        .build_request(&DeleteUsers::new([long.as_str()]))
        .unwrap_err();
    assert!(err.to_string().contains("at most 255"), "{err}");
    assert!(c.build_request(&DeleteUsers::new([fits.as_str()])).is_ok());
    let upsert = UpsertUsers::new([stream_core::models::v2::UserRequest::new(long.as_str())]);
    assert!(c.build_request(&upsert).is_err());
    assert!(c.build_request(&GetTask::new(long.as_str())).is_err());
    let long_call = "c".repeat(MAX_CALL_ID_LEN + 1);
    for bad in [long_call.as_str(), "a/b", ""] {
        let err = c
            .build_request(&VideoCall::new("default", bad).get())
            .unwrap_err();
        assert!(err.to_string().contains("call_id"), "{bad}: {err}");
    }
    let err = c
        .build_request(&Video.query_call_members("default", "a/b"))
        .unwrap_err();
    assert!(err.to_string().contains('/'), "{err}");
    let creator = stream_core::models::v2::CallRequest::new().created_by_id(long.as_str());
    let create = VideoCall::new("default", "c1").create(creator);
    assert!(c.build_request(&create).is_err());
}

#[test]
fn go_live_and_stop_live_send_what_they_start_and_keep() {
    let call = VideoCall::new("livestream", "l1");
    let live = req(&call.go_live().start_hls().start_recording());
    assert_eq!(live.method.as_str(), "POST");
    assert!(
        live.url_without_query()
            .ends_with("/api/v2/video/call/livestream/l1/go_live")
    );
    assert_eq!(
        body(&live),
        json!({"start_hls": true, "start_recording": true})
    );
    let stop = req(&call.stop_live().continue_recording());
    assert!(stop.url_without_query().ends_with("/stop_live"));
    assert_eq!(body(&stop), json!({"continue_recording": true}));
    assert_eq!(body(&req(&call.stop_live())), json!({}));
}

#[test]
fn export_many_sends_the_ids_and_reads_a_task() {
    let r = req(&V2Users.export_many(["alice", "bob"]));
    assert_eq!((r.method, r.path()), (Method::Post, "/api/v2/export/users"));
    assert_eq!(body(&r), json!({"user_ids": ["alice", "bob"]}));
    parses(
        V2Users.export_many(["a"]),
        r#"{"task_id":"t1","duration":"1ms"}"#,
        "v2.users.export_many",
    );
    let none: [&str; 0] = [];
    assert!(config().build_request(&V2Users.export_many(none)).is_err());
}

#[test]
fn devices_create_list_and_delete_send_what_the_sdks_send() {
    use stream_core::models::v2::PushProvider;
    let add = V2Users
        .create_device("alice", "tok-1", PushProvider::Apn)
        .push_provider_name("prod-ios")
        .voip_token(true)
        .hardware_id("hw-1");
    let r = req(&add);
    assert_eq!((r.method, r.path()), (Method::Post, "/api/v2/devices"));
    assert_eq!(
        body(&r),
        json!({"id": "tok-1", "push_provider": "apn", "hardware_id": "hw-1",
            "push_provider_name": "prod-ios", "user_id": "alice", "voip_token": true})
    );
    let plain = req(&V2Users.create_device("bob", "t", PushProvider::Xiaomi));
    assert_eq!(
        body(&plain),
        json!({"id": "t", "push_provider": "xiaomi", "user_id": "bob"})
    );
    let list = req(&V2Users.devices("alice"));
    assert_eq!((list.method, list.path()), (Method::Get, "/api/v2/devices"));
    assert_eq!(query(&list, "user_id").as_deref(), Some("alice"));
    assert!(list.body.is_none());
    let del = req(&V2Users.delete_device("alice", "tok 1"));
    assert_eq!(
        (del.method, del.path()),
        (Method::Delete, "/api/v2/devices")
    );
    assert_eq!(query(&del, "id").as_deref(), Some("tok+1"));
    assert_eq!(query(&del, "user_id").as_deref(), Some("alice"));
    for bad in [
        config().build_request(&V2Users.create_device("alice", "", PushProvider::Apn)),
        config().build_request(&V2Users.create_device("", "t", PushProvider::Apn)),
        config().build_request(&V2Users.devices("")),
        config().build_request(&V2Users.delete_device("alice", "")),
    ] {
        assert!(matches!(bad, Err(Error::Build(_))));
    }
    parses(
        V2Users.create_device("a", "t", PushProvider::Firebase),
        r#"{"duration":"1ms"}"#,
        "v2.devices.create",
    );
    parses(
        V2Users.devices("a"),
        r#"{"devices":[{"id":"t","push_provider":"huawei","user_id":"a","created_at":1700000000000000000}],"duration":"1ms"}"#,
        "v2.devices.list",
    );
    parses(
        V2Users.delete_device("a", "t"),
        r#"{"duration":"1ms"}"#,
        "v2.devices.delete",
    );
    let listed = V2Users
        .devices("a")
        .parse(Response::new(
            200,
            r#"{"devices":[{"id":"t","push_provider":"huawei","user_id":"a"}]}"#,
        ))
        .expect("parses");
    assert_eq!(listed.devices[0].provider(), Some(PushProvider::Huawei));
}

#[test]
fn create_guest_sends_the_user_and_reads_the_token() {
    let r = req(&V2Users.create_guest(UserRequest::new("visitor").name("Visitor")));
    assert_eq!((r.method, r.path()), (Method::Post, "/api/v2/guest"));
    assert_eq!(
        body(&r),
        json!({"user": {"id": "visitor", "name": "Visitor"}})
    );
    assert!(matches!(
        config().build_request(&V2Users.create_guest(UserRequest::new(""))),
        Err(Error::Build(_))
    ));
    parses(
        V2Users.create_guest(UserRequest::new("v")),
        r#"{"access_token":"a.b.c","user":{"id":"guest-v","role":"guest"},"duration":"1ms"}"#,
        "v2.users.create_guest",
    );
}
