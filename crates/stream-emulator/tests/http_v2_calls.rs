//! v2 calls on the emulator: get-or-create (members must exist), get, update, members, queries,
//! end and delete, with the response shapes the v2 SDKs need.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

fn seed(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"},
        "carol": {"id": "carol"}, "dave": {"id": "dave"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
}

#[test]
fn members_must_be_existing_users() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice", "members": [{"user_id": "alice"}]}});
    let r = v2.call("POST", "video/call/default/c1", "", Some(&body));
    assert_v2_error(&r, 400, 4);
    assert!(
        r.1["message"].as_str().unwrap().contains("alice"),
        "{}",
        r.1
    );
    seed(&v2);
    let ghost = json!({"data": {"created_by_id": "alice", "members": [{"user_id": "ghost"}]}});
    assert_v2_error(
        &v2.call("POST", "video/call/default/c1", "", Some(&ghost)),
        400,
        4,
    );
    assert_v2_error(
        &v2.call("POST", "video/call/default/c1", "", Some(&json!({}))),
        400,
        4,
    );
    assert_v2_error(
        &v2.call("POST", "video/call/nope/c1", "", Some(&body)),
        404,
        16,
    );
}

#[test]
fn call_lifecycle() {
    let v2 = V2::start();
    seed(&v2);
    let body = json!({"members_limit": 10, "data": {"created_by_id": "alice",
        "starts_at": "2024-01-02T03:04:05+00:00", "team": "blue",
        "members": [{"user_id": "alice", "role": "host"}, {"user_id": "bob"}],
        "custom": {"color": "blue"},
        "settings_override": {"backstage": {"enabled": true}}}});
    let (s, r) = v2.call("POST", "video/call/default/call-123", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["created"], true);
    let call = &r["call"];
    assert_eq!(call["cid"], "default:call-123");
    assert_eq!(call["starts_at"], 1_704_164_645_000_000_000_i64);
    assert_eq!(call["created_by"]["id"], "alice");
    assert_eq!(call["settings"]["backstage"]["enabled"], true);
    assert_eq!(call["settings"]["audio"]["default_device"], "speaker");
    for f in [
        "backstage",
        "captioning",
        "recording",
        "transcribing",
        "translating",
    ] {
        assert!(call[f].is_boolean(), "{f}");
    }
    assert!(
        call["ingress"]["srt"]["address"]
            .as_str()
            .unwrap()
            .contains("{passphrase}")
    );
    assert!(call["egress"]["rtmps"].is_array() && call["blocked_user_ids"].is_array());
    assert_eq!(r["members"].as_array().unwrap().len(), 2);
    assert_eq!(r["members"][0]["user"]["id"], "alice");
    assert!(
        r["own_capabilities"]
            .as_array()
            .unwrap()
            .contains(&json!("join-call"))
    );

    let (s, again) = v2.call("POST", "video/call/default/call-123", "", Some(&json!({})));
    assert_eq!((s, &again["created"]), (200, &json!(false)));

    let (s, got) = v2.call(
        "GET",
        "video/call/default/call-123",
        "&members_limit=1",
        None,
    );
    assert_eq!(s, 200);
    assert_eq!(got["members"].as_array().unwrap().len(), 1);

    let patch = json!({"custom": {"color": "green"},
        "settings_override": {"audio": {"mic_default_on": false}}});
    let (s, up) = v2.call("PATCH", "video/call/default/call-123", "", Some(&patch));
    assert_eq!(s, 200, "{up}");
    assert_eq!(up["call"]["custom"], json!({"color": "green"}));
    assert_eq!(up["call"]["settings"]["audio"]["mic_default_on"], false);
    assert_eq!(
        up["call"]["settings"]["backstage"]["enabled"], true,
        "overrides merge"
    );

    let members = json!({"remove_members": ["bob"],
        "update_members": [{"user_id": "carol", "role": "admin", "custom": {"vip": true}}]});
    let (s, m) = v2.call(
        "POST",
        "video/call/default/call-123/members",
        "",
        Some(&members),
    );
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["members"][0]["user_id"], "carol");
    let ghost = json!({"update_members": [{"user_id": "ghost"}]});
    assert_v2_error(
        &v2.call(
            "POST",
            "video/call/default/call-123/members",
            "",
            Some(&ghost),
        ),
        400,
        4,
    );

    let q = json!({"id": "call-123", "type": "default", "filter_conditions": {"role": {"$eq": "admin"}},
        "sort": [{"field": "user_id", "direction": 1}], "limit": 10});
    let (s, qm) = v2.call("POST", "video/call/members", "", Some(&q));
    assert_eq!(s, 201, "{qm}");
    let ids: Vec<&str> = qm["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["carol"]);
    let page = json!({"id": "call-123", "type": "default", "limit": 1, "sort": [{"field": "user_id", "direction": 1}]});
    let (_, p1) = v2.call("POST", "video/call/members", "", Some(&page));
    assert_eq!(p1["members"][0]["user_id"], "alice");
    let next = p1["next"].as_str().expect("next cursor").to_owned();
    let page2 = json!({"id": "call-123", "type": "default", "limit": 1, "next": next,
        "sort": [{"field": "user_id", "direction": 1}]});
    let (_, p2) = v2.call("POST", "video/call/members", "", Some(&page2));
    assert_eq!(p2["members"][0]["user_id"], "carol");

    let odd = json!({"data": {"created_by_id": "dave"}});
    assert_eq!(
        v2.call("POST", "video/call/livestream/odd%20id%3A1", "", Some(&odd))
            .0,
        201
    );
    let (s, qc) = v2.call(
        "POST",
        "video/calls",
        "",
        Some(&json!({"filter_conditions": {"id": "odd id:1"}})),
    );
    assert_eq!(s, 201, "{qc}");
    assert_eq!(qc["calls"].as_array().unwrap().len(), 1);
    assert_eq!(qc["calls"][0]["call"]["cid"], "livestream:odd id:1");
    let sorted = json!({"sort": [{"field": "created_at", "direction": -1}], "limit": 5});
    let (_, all) = v2.call("POST", "video/calls", "", Some(&sorted));
    assert_eq!(all["calls"][0]["call"]["type"], "livestream");
    assert_eq!(all["calls"].as_array().unwrap().len(), 2);

    let (s, end) = v2.call("POST", "video/call/default/call-123/mark_ended", "", None);
    assert_eq!(s, 201, "{end}");
    let (_, ended) = v2.call("GET", "video/call/default/call-123", "", None);
    assert!(ended["call"]["ended_at"].is_i64());

    let (s, del) = v2.call(
        "POST",
        "video/call/default/call-123/delete",
        "",
        Some(&json!({"hard": true})),
    );
    assert_eq!(s, 201, "{del}");
    assert!(del["task_id"].is_string() && del["call"]["cid"] == "default:call-123");
    let gone = v2.call("GET", "video/call/default/call-123", "", None);
    assert_v2_error(&gone, 404, 16);
    assert!(
        gone.1["message"]
            .as_str()
            .unwrap()
            .starts_with("GetCall failed with error: \"")
    );
}

#[test]
fn state_survives_a_restart_with_a_data_file() {
    let dir = std::env::temp_dir().join(format!("stream-emulator-v2-data-{}", std::process::id()));
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
    let body = json!({"data": {"created_by_id": "alice", "members": [{"user_id": "bob"}]}});
    assert_eq!(
        v2.call("POST", "video/call/default/snap", "", Some(&body))
            .0,
        201
    );
    drop(v2);
    let back = start();
    let data = back.app_data(back.api_key()).unwrap();
    drop(back);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(data["v2"]["calls"].get("default:snap").is_some(), "{data}");
    assert_eq!(data["v2"]["users"].as_object().map(|u| u.len()), Some(4));
}
