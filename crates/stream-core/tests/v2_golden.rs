//! Every request the official v2 Python SDK (`getstream` 7.0.0) recorded in
//! `tests/fixtures/golden/v2_python.jsonl`, built by our v2 endpoints and compared: method, path
//! (no trailing slash, strict percent-encoding), query (`api_key` first; query users' `payload`
//! compared as parsed JSON with Python's `null`s dropped), JSON body (Python drops `None`s, so
//! bodies compare exactly), `stream-auth-type: jwt`, `Authorization` without `Bearer`,
//! `X-Stream-Client` naming this SDK where Python names itself, and a
//! server JWT (`{"server":true}`; Python sends `{}`, both are server tokens).
//!
//! The table in [`build`] is the record of what each request looks like; ops we do not support
//! are listed in [`UNSUPPORTED`] so a new recording cannot be skipped silently.

use serde_json::{Value, json};
use stream_core::models::Timestamp;
use stream_core::models::v2::{
    AudioDevice, AudioSettingsRequest, BackstageSettingsRequest, CallRequest, CallSettingsRequest,
    LimitsSettingsRequest, MemberRequest, ScreensharingSettingsRequest, UpdateUserPartialRequest,
    UserRequest,
};
use stream_core::v2::{
    CallTypeRequest, CreateCallType, DeactivateUser, DeactivateUsers, DeleteCallType, DeleteMode,
    DeleteUsers, GetApp, GetCallType, GetTask, ListCallTypes, QueryCallMembers, QueryCalls,
    QueryUsers, ReactivateUser, ReactivateUsers, RestoreUsers, UpdateCallType, UpdateUsersPartial,
    UpsertUsers, V2Users, VideoCall,
};
use stream_core::{ApiSecret, Config, Endpoint, Request, Signer};

/// Recorded ops we do not implement (yet).
const UNSUPPORTED: &[&str] = &[];

/// Recorded ops the Python SDK sends but the service refuses, so we refuse them before sending:
/// a call id holding `/` (`odd id:1/2`).
const REFUSED: &[&str] = &["call_get_or_create_odd_id"];

/// Our typed refusal of a [`REFUSED`] op.
fn refusal(op: &str) -> Option<stream_core::Error> {
    match op {
        "call_get_or_create_odd_id" => config()
            .build_request(
                &VideoCall::new("default", "odd id:1/2")
                    .get_or_create()
                    .data(CallRequest::new().created_by_id("alice")),
            )
            .err(),
        _ => None,
    }
}

fn obj(v: Value) -> serde_json::Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// `{"default_device": "speaker", "mic_default_on": true}`, as the recordings send audio.
fn speaker_mic_on() -> AudioSettingsRequest {
    AudioSettingsRequest::new()
        .default_device(AudioDevice::Speaker)
        .mic_default_on(true)
}

fn req<E: Endpoint>(e: E) -> Request {
    config().build_request(&e).expect("builds")
}

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:8000")
        .build()
        .expect("config")
}

/// Our request for a recorded op, or `None` when unsupported.
fn build(op: &str) -> Option<Request> {
    let call = VideoCall::new("default", "call-123");
    Some(match op {
        // POST /api/v2/users {"users":{"alice":{...}}}
        "upsert_users_one" => req(UpsertUsers::new([UserRequest::new("alice")
            .image("https://example.com/alice.png")
            .name("Alice")
            .role("admin")
            .custom("color", "red")
            .custom("premium", true)])),
        "upsert_users_many" => req(UpsertUsers::new([
            UserRequest::new("bob")
                .name("Bob")
                .custom("country", "NL")
                .custom("age", 30),
            UserRequest::new("carol")
                .name("Carol")
                .role("user")
                .teams(["red", "blue"])
                .custom("tags", json!(["vip", "early"]))
                .custom("nested", json!({"a": 1}))
                .team_role("blue", "admin"),
        ])),
        "update_users_map" => req(UpsertUsers::new([UserRequest::new("dave")
            .invisible(false)
            .language("nl")
            .name("Dave")])),
        "create_user_helper" => req(UpsertUsers::new([UserRequest::new("eve")
            .image("https://example.com/eve.png")
            .name("Eve")])),
        "async_upsert_users" => req(UpsertUsers::new([UserRequest::new("frank")
            .name("Frank")
            .custom("k", "v")])),
        // GET /api/v2/users?payload=<JSON>
        "query_users_filter_sort" => req(QueryUsers::new(obj(
            json!({"id": {"$in": ["alice", "bob"]}}),
        ))
        .limit(10)
        .offset(0)
        .sort_asc("name")),
        "query_users_plain_eq" => {
            req(QueryUsers::new(obj(json!({"id": "alice"}))).include_deactivated_users(true))
        }
        // PATCH /api/v2/users {"users":[{id, unset, set}]}
        "update_users_partial" => req(UpdateUsersPartial::new([UpdateUserPartialRequest::new(
            "alice",
        )
        .unset("image")
        .set("name", "Alice B")
        .set("color", "blue")
        .set(
            "privacy_settings",
            json!({"typing_indicators": {"enabled": false}}),
        )])),
        // POST /api/v2/users/{id}/deactivate | reactivate
        "deactivate_user" => req(DeactivateUser::new("carol")
            .created_by_id("alice")
            .mark_messages_deleted(false)),
        "reactivate_user" => req(ReactivateUser::new("carol")
            .name("Carol R")
            .restore_messages(true)),
        // POST /api/v2/users/deactivate | reactivate | delete | restore
        "deactivate_users" => {
            req(DeactivateUsers::new(["bob", "carol"]).mark_messages_deleted(true))
        }
        "reactivate_users" => req(ReactivateUsers::new(["bob", "carol"]).restore_messages(true)),
        "delete_users" => req(DeleteUsers::new(["dave", "eve"])
            .calls(DeleteMode::Hard)
            .conversations(DeleteMode::Hard)
            .messages(DeleteMode::Hard)
            .user(DeleteMode::Hard)),
        "restore_users" => req(RestoreUsers::new(["dave"])),
        // POST /api/v2/video/call/{type}/{id} {"data": CallRequest, ...}
        "call_create" => req(call.create(
            CallRequest::new()
                .created_by_id("alice")
                .member(MemberRequest::new("alice").role("host"))
                .member(MemberRequest::new("bob"))
                .custom("color", "blue")
                .custom("n", 1),
        )),
        "call_get_or_create_full" => req(VideoCall::new("livestream", "live-1")
            .get_or_create()
            .members_limit(10)
            .notify(false)
            .ring(false)
            .video(true)
            .data(
                CallRequest::new()
                    .created_by_id("alice")
                    .starts_at(Timestamp::from_unix_seconds(1_704_164_645))
                    .team("blue")
                    .member(MemberRequest::new("carol").role("admin").custom("seat", 3))
                    .custom("title", "launch")
                    .settings_override(
                        CallSettingsRequest::new()
                            .backstage(
                                BackstageSettingsRequest::new()
                                    .enabled(true)
                                    .join_ahead_time_seconds(300),
                            )
                            .limits(LimitsSettingsRequest::new().max_duration_seconds(3600)),
                    ),
            )),
        "async_call_get_or_create" => req(VideoCall::new("default", "call-async").create(
            CallRequest::new()
                .created_by_id("frank")
                .member(MemberRequest::new("frank")),
        )),
        // GET /api/v2/video/call/{type}/{id}[?members_limit&ring&notify&video]
        "call_get" => req(call.get()),
        "call_get_params" => req(call
            .get()
            .members_limit(5)
            .ring(false)
            .notify(true)
            .video(true)),
        "call_get_missing" => req(VideoCall::new("default", "no-such-call").get()),
        // PATCH /api/v2/video/call/{type}/{id}
        "call_update" => req(call.update().custom("color", "green").settings_override(
            CallSettingsRequest::new()
                .audio(speaker_mic_on())
                .screensharing(ScreensharingSettingsRequest::new().enabled(false)),
        )),
        "call_update_starts_at" => req(call
            .update()
            .starts_at(Timestamp::from_unix_nanos(1_704_164_645_678_900_000))),
        // POST /api/v2/video/call/{type}/{id}/members
        "update_call_members_add" => req(call
            .update_call_members()
            .update(
                MemberRequest::new("carol")
                    .role("admin")
                    .custom("vip", true),
            )
            .update(MemberRequest::new("dave"))),
        "update_call_members_remove" => req(call.update_call_members().remove("bob")),
        "update_call_members_both" => req(call
            .update_call_members()
            .remove("dave")
            .update(MemberRequest::new("bob").role("user"))),
        // POST /api/v2/video/call/members, POST /api/v2/video/calls
        "query_call_members" => req(call
            .query_members()
            .limit(10)
            .sort_asc("user_id")
            .filter(obj(json!({"role": {"$eq": "admin"}})))),
        "query_call_members_min" => req(QueryCallMembers::new("default", "call-123")),
        "query_calls" => req(QueryCalls::new()
            .limit(5)
            .sort_desc("created_at")
            .filter(obj(json!({"id": "call-123"})))),
        // POST .../mark_ended (no body), POST .../delete ({} or {"hard":true})
        "call_end" => req(call.end()),
        "call_delete_soft" => req(call.delete()),
        "call_delete_hard" => req(VideoCall::new("livestream", "live-1").delete().hard(true)),
        // GET /api/v2/video/calltypes
        "list_call_types" => req(ListCallTypes),
        // GET /api/v2/video/calltypes/{name}
        "get_call_type" => req(GetCallType::new("mytype")),
        // POST /api/v2/video/calltypes {"name","grants","settings"}
        "create_call_type" => req(CreateCallType::new(
            "mytype",
            CallTypeRequest::new()
                .grant("admin", ["send-audio", "send-video"])
                .grant("user", ["send-audio"])
                .settings(CallSettingsRequest::new().audio(speaker_mic_on())),
        )),
        // PUT /api/v2/video/calltypes/{name} {"grants","settings"}
        "update_call_type" => req(UpdateCallType::new(
            "mytype",
            CallTypeRequest::new()
                .grant("host", ["join-backstage"])
                .settings(
                    CallSettingsRequest::new()
                        .backstage(BackstageSettingsRequest::new().enabled(true)),
                ),
        )),
        // DELETE /api/v2/video/calltypes/{name}
        "delete_call_type" => req(DeleteCallType::new("mytype")),
        // POST /api/v2/video/call/{type}/{id}/block {"user_id"}
        "call_block_user" => req(call.block_user("dave")),
        "call_unblock_user" => req(call.unblock_user("dave")),
        // POST .../event {"user_id","custom"}
        "send_call_event" => req(call.send_event("alice").custom("bananas", "good")),
        // POST .../mute_users {"audio","muted_by_id","video","user_ids"}
        "mute_users" => req(call
            .mute_users()
            .users(["bob"])
            .audio()
            .video()
            .muted_by("alice")),
        // POST .../user_permissions {"user_id","grant_permissions","revoke_permissions"}
        "update_user_permissions" => req(call
            .update_user_permissions("bob")
            .grant(["send-audio"])
            .revoke(["screenshare"])),
        // GET /api/v2/users/{user_id}/export
        "export_user" => req(V2Users.export("alice")),
        // POST /api/v2/users/block {"blocked_user_id","user_id"}
        "block_users" => req(V2Users.block("alice", "bob")),
        // GET /api/v2/users/block?user_id=
        "get_blocked_users" => req(V2Users.blocked_by("alice")),
        "unblock_users" => req(V2Users.unblock("alice", "bob")),
        // GET /api/v2/app
        "get_app" => req(GetApp),
        // GET /api/v2/tasks/{id}
        "get_task" => req(GetTask::new("11111111-2222-4333-8444-555555555555")),
        _ => return None,
    })
}

/// Drops `null` members of objects, recursively (Python sends unset fields as `null`).
fn drop_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), drop_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(drop_nulls).collect()),
        other => other.clone(),
    }
}

fn records() -> Vec<Value> {
    let path = format!(
        "{}/../../tests/fixtures/golden/v2_python.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("read v2_python.jsonl");
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "request")
        .collect()
}

/// Path and decoded query pairs (in order) of our URL.
fn split(req: &Request) -> (String, Vec<(String, String)>) {
    let path = req.path().to_owned();
    let q = req.url.split_once('?').map_or("", |(_, q)| q);
    let pairs = q
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                stream_core::encode::decode_component(k),
                stream_core::encode::decode_component(v),
            )
        })
        .collect();
    (path, pairs)
}

fn recorded_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                stream_core::encode::decode_component(k),
                stream_core::encode::decode_component(v),
            )
        })
        .collect()
}

#[test]
fn every_recorded_request_matches() {
    let recs = records();
    assert!(
        recs.len() > 40,
        "recording loaded ({} requests)",
        recs.len()
    );
    let mut compared = 0;
    for rec in &recs {
        let op = rec["op"].as_str().unwrap_or_default();
        if REFUSED.contains(&op) {
            let err = refusal(op).unwrap_or_else(|| panic!("{op}: must be refused"));
            assert!(err.to_string().contains("call_id"), "{op}: {err}");
            continue;
        }
        let Some(ours) = build(op) else {
            assert!(
                UNSUPPORTED.contains(&op),
                "recorded op {op} is neither built nor listed"
            );
            continue;
        };
        compared += 1;
        assert_eq!(ours.method.as_str(), rec["method"], "{op}: method");
        let (path, query) = split(&ours);
        assert_eq!(path, rec["path"], "{op}: path");
        assert!(!path.ends_with('/'), "{op}: no trailing slash");
        let theirs = recorded_pairs(rec["raw_query"].as_str().unwrap_or_default());
        assert_eq!(query.first(), theirs.first(), "{op}: api_key first");
        assert_eq!(
            query.len(),
            theirs.len(),
            "{op}: query {query:?} vs {theirs:?}"
        );
        for ((ok, ov), (tk, tv)) in query.iter().zip(&theirs) {
            assert_eq!(ok, tk, "{op}: query order");
            if ok == "payload" {
                let o: Value = serde_json::from_str(ov).expect("our payload is JSON");
                let t: Value = serde_json::from_str(tv).expect("their payload is JSON");
                assert_eq!(o, drop_nulls(&t), "{op}: payload");
            } else {
                assert_eq!(ov, tv, "{op}: query {ok}");
            }
        }
        let body: Option<Value> = ours
            .body
            .as_ref()
            .map(|b| serde_json::from_slice(&b.bytes).expect("our body is JSON"));
        let their_body = match &rec["body"] {
            Value::Null => None,
            b => Some(b.clone()),
        };
        assert_eq!(body, their_body, "{op}: body");
        assert_eq!(
            ours.header("Content-Type").is_some(),
            rec["headers"].get("content-type").is_some(),
            "{op}: Content-Type only with a body"
        );
        assert_eq!(ours.header("stream-auth-type"), Some("jwt"), "{op}");
        let token = ours.header("Authorization").expect("Authorization");
        assert!(!token.starts_with("Bearer"), "{op}: no Bearer");
        if rec["headers"].get("x-stream-client").is_some() {
            // The value names the SDK (`stream-python-client-7.0.0`): ours names this one.
            let client = ours.header("X-Stream-Client").unwrap_or_default();
            assert!(client.starts_with("stream-rust-client-"), "{op}: {client}");
        }
        let claims = Signer::new(&ApiSecret::new("secret456"))
            .verify(token, 1_704_164_645)
            .expect("our token verifies");
        assert!(claims.is_server(), "{op}: server token");
        assert!(rec["jwt"]["signature_valid_hs256_secret456"] == true);
    }
    assert_eq!(compared + count_unsupported(&recs), recs.len());
    assert!(compared >= 47, "compared {compared} requests");
}

fn count_unsupported(recs: &[Value]) -> usize {
    recs.iter()
        .filter(|r| {
            let op = r["op"].as_str().unwrap_or_default();
            UNSUPPORTED.contains(&op) || REFUSED.contains(&op)
        })
        .count()
}

#[test]
fn base_url_defaults_to_video_host_and_follows_override() {
    let prod = Config::builder("key123", ApiSecret::new("secret456"))
        .build()
        .unwrap();
    let r = prod
        .build_request(&VideoCall::new("default", "c").get())
        .unwrap();
    assert!(
        r.url.starts_with(
            "https://video.stream-io-api.com/api/v2/video/call/default/c?api_key=key123"
        ),
        "{}",
        r.url
    );
    let local = config().build_request(&ListCallTypes).unwrap();
    assert!(
        local
            .url
            .starts_with("http://127.0.0.1:8000/api/v2/video/calltypes?")
    );
}

#[test]
fn invalid_input_is_refused_before_sending() {
    let c = config();
    assert!(c.build_request(&VideoCall::new("", "x").get()).is_err());
    assert!(
        c.build_request(&VideoCall::new("default", "").end())
            .is_err()
    );
    assert!(c.build_request(&UpsertUsers::new([])).is_err());
    assert!(
        c.build_request(&UpsertUsers::new([UserRequest::new("")]))
            .is_err()
    );
    assert!(
        c.build_request(&DeactivateUsers::new(Vec::<String>::new()))
            .is_err()
    );
    assert!(
        c.build_request(&VideoCall::new("default", "x").update_call_members())
            .is_err()
    );
    // Settings: negative durations and empty closed-set values, through every endpoint taking them.
    let negative =
        || CallSettingsRequest::new().limits(LimitsSettingsRequest::new().max_duration_seconds(-1));
    let call = VideoCall::new("default", "x");
    let err = c
        .build_request(&call.update().settings_override(negative()))
        .unwrap_err();
    assert!(
        err.to_string().contains("limits.max_duration_seconds"),
        "{err}"
    );
    assert!(
        c.build_request(&call.create(CallRequest::new().settings_override(negative())))
            .is_err()
    );
    let empty_device =
        CallSettingsRequest::new().audio(AudioSettingsRequest::new().default_device(""));
    assert!(
        c.build_request(&CreateCallType::new(
            "t",
            CallTypeRequest::new().settings(empty_device)
        ))
        .is_err()
    );
    let token = Signer::new(&ApiSecret::new("secret456")).user_token("alice");
    let user_cfg = Config::builder_with_user_token("key123", token)
        .build()
        .unwrap();
    let err = user_cfg.build_request(&ListCallTypes).unwrap_err();
    assert!(err.to_string().contains("server-side credentials"), "{err}");
}
