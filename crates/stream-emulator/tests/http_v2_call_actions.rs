//! v2 actions on a call's participants on the emulator: block/unblock (shown in the call's
//! `blocked_user_ids`), mute users, grant/revoke user permissions, custom events; each checked
//! and answered as the service does (201, `{duration}`).
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

fn call(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
    let body = json!({"data": {"created_by_id": "alice", "members": [{"user_id": "bob"}]}});
    assert_eq!(
        v2.call("POST", "video/call/default/c1", "", Some(&body)).0,
        201
    );
}

#[test]
fn block_and_unblock_show_in_the_call() {
    let v2 = V2::start();
    call(&v2);
    let who = json!({"user_id": "dave"});
    let (s, r) = v2.call("POST", "video/call/default/c1/block", "", Some(&who));
    assert_eq!(s, 201, "{r}");
    assert!(r["duration"].is_string());
    let (_, got) = v2.call("GET", "video/call/default/c1", "", None);
    assert_eq!(got["call"]["blocked_user_ids"], json!(["dave"]));
    let (s, _) = v2.call("POST", "video/call/default/c1/unblock", "", Some(&who));
    assert_eq!(s, 201);
    let (_, got) = v2.call("GET", "video/call/default/c1", "", None);
    assert_eq!(got["call"]["blocked_user_ids"], json!([]));
    assert_v2_error(
        &v2.call("POST", "video/call/default/c1/block", "", Some(&json!({}))),
        400,
        4,
    );
    assert_v2_error(
        &v2.call("POST", "video/call/default/nope/block", "", Some(&who)),
        404,
        16,
    );
}

#[test]
fn mute_permissions_and_events_are_checked_and_answered() {
    let v2 = V2::start();
    call(&v2);
    let mute = json!({"audio": true, "muted_by_id": "alice", "video": true, "user_ids": ["bob"]});
    assert_eq!(
        v2.call("POST", "video/call/default/c1/mute_users", "", Some(&mute))
            .0,
        201
    );
    let all = json!({"mute_all_users": true, "screenshare": true});
    assert_eq!(
        v2.call("POST", "video/call/default/c1/mute_users", "", Some(&all))
            .0,
        201
    );
    for bad in [json!({"user_ids": ["bob"]}), json!({"audio": true})] {
        assert_v2_error(
            &v2.call("POST", "video/call/default/c1/mute_users", "", Some(&bad)),
            400,
            4,
        );
    }
    let perms = json!({"user_id": "bob", "grant_permissions": ["send-audio"],
        "revoke_permissions": ["screenshare"]});
    assert_eq!(
        v2.call(
            "POST",
            "video/call/default/c1/user_permissions",
            "",
            Some(&perms)
        )
        .0,
        201
    );
    let bad = json!({"user_id": "bob", "grant_permissions": [""]});
    assert_v2_error(
        &v2.call(
            "POST",
            "video/call/default/c1/user_permissions",
            "",
            Some(&bad),
        ),
        400,
        4,
    );
    let event = json!({"user_id": "alice", "custom": {"bananas": "good"}});
    assert_eq!(
        v2.call("POST", "video/call/default/c1/event", "", Some(&event))
            .0,
        201
    );
    let bad = json!({"user_id": "alice", "custom": [1]});
    assert_v2_error(
        &v2.call("POST", "video/call/default/c1/event", "", Some(&bad)),
        400,
        4,
    );
    let data = v2.emu.app_data(v2.emu.api_key()).unwrap();
    let c = &data["v2"]["calls"]["default:c1"];
    assert_eq!(
        c["user_permissions"]["bob"]["granted"],
        json!(["send-audio"])
    );
    assert_eq!(
        c["user_permissions"]["bob"]["revoked"],
        json!(["screenshare"])
    );
    assert_eq!(c["events"][0]["custom"]["bananas"], "good");
}

#[test]
fn go_live_leaves_backstage_and_stop_live_returns() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice"}});
    assert_eq!(
        v2.call("POST", "video/call/livestream/l1", "", Some(&body))
            .0,
        201
    );
    let (_, got) = v2.call("GET", "video/call/livestream/l1", "", None);
    assert_eq!(got["call"]["backstage"], true);
    let start = json!({"start_hls": true, "start_recording": true});
    let (s, live) = v2.call("POST", "video/call/livestream/l1/go_live", "", Some(&start));
    assert_eq!(s, 201, "{live}");
    assert_eq!(live["call"]["backstage"], false);
    assert_eq!(live["call"]["recording"], true);
    assert_eq!(live["call"]["egress"]["broadcasting"], true);
    let keep = json!({"continue_recording": true});
    let (s, stopped) = v2.call(
        "POST",
        "video/call/livestream/l1/stop_live",
        "",
        Some(&keep),
    );
    assert_eq!(s, 201, "{stopped}");
    assert_eq!(stopped["call"]["backstage"], true);
    assert_eq!(stopped["call"]["recording"], true);
    assert_eq!(stopped["call"]["egress"]["broadcasting"], false);
    let bad = json!({"start_hls": "yes"});
    assert_v2_error(
        &v2.call("POST", "video/call/livestream/l1/go_live", "", Some(&bad)),
        400,
        4,
    );
    assert_eq!(
        v2.call("POST", "video/call/livestream/l1/mark_ended", "", None)
            .0,
        201
    );
    assert_v2_error(
        &v2.call(
            "POST",
            "video/call/livestream/l1/go_live",
            "",
            Some(&json!({})),
        ),
        400,
        4,
    );
}
