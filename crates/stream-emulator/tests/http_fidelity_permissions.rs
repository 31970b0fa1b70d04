//! The service's default client-side policy: what a user token (here alice's) may read and write
//! of other users' data, and the status refused requests answer with.

mod http_others_util;

use http_others_util::{Client, assert_error};
use serde_json::{Value, json};
use stream_emulator::Emulator;

fn post(n: u32) -> Value {
    json!({"actor": "SU:alice", "verb": "post", "object": format!("note:{n}"),
        "foreign_id": format!("note:{n}"), "time": format!("2024-06-0{n}T08:00:00")})
}

/// An emulator with users alice and bob, and an activity in bob's user feed.
fn setup() -> (Emulator, Client, String) {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for id in ["alice", "bob"] {
        let r = c.srv("POST", "user/", "", Some(&json!({"id": id, "data": {}})));
        assert_eq!(r.status, 201, "{}", r.json());
    }
    let bob_post = json!({"actor": "SU:bob", "verb": "post", "object": "b:1"});
    let r = c.srv("POST", "feed/user/bob/", "", Some(&bob_post));
    let id = r.json()["id"].as_str().unwrap().to_owned();
    (emu, c, id)
}

#[test]
fn reads_own_feeds_and_other_users_user_feeds_only() {
    let (_emu, c, _) = setup();
    let alice = c.user("alice");
    for path in [
        "feed/timeline/alice/",
        "feed/user/alice/",
        "feed/notification/alice/",
        "feed/user/bob/",
        "enrich/feed/user/bob/",
    ] {
        let r = c.call("GET", path, "", &alice, None);
        assert_eq!(r.status, 200, "{path}: {}", r.json());
    }
    for path in ["feed/timeline/bob/", "enrich/feed/timeline/bob/"] {
        assert_error(&c.call("GET", path, "", &alice, None), 403, 17);
    }
}

#[test]
fn adds_only_as_itself_and_targets_only_notification_feeds_of_others() {
    let (_emu, c, _) = setup();
    let alice = c.user("alice");
    let ok = c.call("POST", "feed/user/alice/", "", &alice, Some(&post(1)));
    assert_eq!(ok.status, 200, "{}", ok.json());
    // The actor is another user.
    let mut as_bob = post(2);
    as_bob["actor"] = json!("SU:bob");
    let r = c.call("POST", "feed/user/alice/", "", &alice, Some(&as_bob));
    assert_error(&r, 403, 17);
    let batch = json!({"activities": [post(3), as_bob]});
    let r = c.call("POST", "feed/user/alice/", "", &alice, Some(&batch));
    assert_error(&r, 403, 17);
    // Another user's timeline: directly and through `to`.
    let r = c.call("POST", "feed/timeline/bob/", "", &alice, Some(&post(4)));
    assert_error(&r, 403, 17);
    let mut to_timeline = post(5);
    to_timeline["to"] = json!(["timeline:bob"]);
    let r = c.call("POST", "feed/user/alice/", "", &alice, Some(&to_timeline));
    assert_error(&r, 403, 17);
    // Another user's notification feed through `to` is allowed.
    let mut to_notification = post(6);
    to_notification["to"] = json!(["notification:bob"]);
    let r = c.call(
        "POST",
        "feed/user/alice/",
        "",
        &alice,
        Some(&to_notification),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    // Adding another user's timeline as a target of an existing activity.
    let change = json!({"foreign_id": "note:6", "time": "2024-06-06T08:00:00",
        "added_targets": ["timeline:bob"]});
    let r = c.call(
        "POST",
        "feed_targets/user/alice/activity_to_targets/",
        "",
        &alice,
        Some(&change),
    );
    assert_error(&r, 403, 17);
    // Nothing refused was stored.
    let bob_timeline = c.srv("GET", "feed/timeline/bob/", "", None).json();
    assert_eq!(bob_timeline["results"], json!([]), "{bob_timeline}");
}

#[test]
fn reaction_targets_and_authors() {
    let (_emu, c, activity) = setup();
    let alice = c.user("alice");
    let like =
        |targets: Value| json!({"kind": "like", "activity_id": activity, "target_feeds": targets});
    let r = c.call(
        "POST",
        "reaction/",
        "",
        &alice,
        Some(&like(json!(["notification:bob", "user:alice"]))),
    );
    assert_eq!(r.status, 201, "{}", r.json());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let note = c.srv("GET", "feed/notification/bob/", "", None).json();
    assert_eq!(note["results"].as_array().map(Vec::len), Some(1), "{note}");
    let r = c.call(
        "POST",
        "reaction/",
        "",
        &alice,
        Some(&like(json!(["timeline:bob"]))),
    );
    assert_error(&r, 403, 17);
    let r = c.call(
        "PUT",
        &format!("reaction/{id}/"),
        "",
        &alice,
        Some(&json!({"data": {}, "target_feeds": ["timeline:bob"]})),
    );
    assert_error(&r, 403, 17);
    // Another user as author: a 400, for reactions and child reactions.
    let mut as_bob = like(json!([]));
    as_bob["user_id"] = json!("bob");
    assert_error(
        &c.call("POST", "reaction/", "", &alice, Some(&as_bob)),
        400,
        4,
    );
    let child = json!({"kind": "reply", "parent": id, "user_id": "bob"});
    assert_error(
        &c.call("POST", "reaction/", "", &alice, Some(&child)),
        400,
        4,
    );
    let own_child = json!({"kind": "reply", "parent": id, "user_id": "alice"});
    let r = c.call("POST", "reaction/", "", &alice, Some(&own_child));
    assert_eq!(r.status, 201, "{}", r.json());
}

#[test]
fn follows_only_from_own_feeds_and_lists_only_own_follows() {
    let (_emu, c, _) = setup();
    let alice = c.user("alice");
    let follow = json!({"target": "user:alice"});
    let r = c.call(
        "POST",
        "feed/timeline/alice/follows/",
        "",
        &alice,
        Some(&json!({"target": "user:bob"})),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert_error(
        &c.call(
            "POST",
            "feed/timeline/bob/follows/",
            "",
            &alice,
            Some(&follow),
        ),
        403,
        17,
    );
    c.srv("POST", "feed/timeline/bob/follows/", "", Some(&follow));
    assert_error(
        &c.call(
            "DELETE",
            "feed/timeline/bob/follows/user:alice/",
            "",
            &alice,
            None,
        ),
        403,
        17,
    );
    for path in ["feed/user/alice/followers/", "feed/timeline/alice/follows/"] {
        let r = c.call("GET", path, "", &alice, None);
        assert_eq!(r.status, 200, "{path}: {}", r.json());
    }
    for path in [
        "feed/user/bob/followers/",
        "feed/timeline/bob/follows/",
        "feed/timeline/bob/following/",
    ] {
        assert_error(&c.call("GET", path, "", &alice, None), 403, 17);
    }
    // Bob's follow is still there.
    let rows = c.srv("GET", "feed/timeline/bob/follows/", "", None).json();
    assert_eq!(rows["results"].as_array().map(Vec::len), Some(1), "{rows}");
}

#[test]
fn cannot_remove_from_or_manage_other_users() {
    let (_emu, c, bob_activity) = setup();
    let alice = c.user("alice");
    assert_error(
        &c.call(
            "DELETE",
            &format!("feed/user/bob/{bob_activity}/"),
            "",
            &alice,
            None,
        ),
        403,
        17,
    );
    assert_error(
        &c.call(
            "POST",
            "user/",
            "",
            &alice,
            Some(&json!({"id": "carol", "data": {}})),
        ),
        403,
        17,
    );
    assert_error(
        &c.call(
            "PUT",
            "user/bob/",
            "",
            &alice,
            Some(&json!({"data": {"x": 1}})),
        ),
        403,
        17,
    );
    assert_error(&c.call("DELETE", "user/bob/", "", &alice, None), 403, 17);
    let own = c.call(
        "PUT",
        "user/alice/",
        "",
        &alice,
        Some(&json!({"data": {"x": 1}})),
    );
    assert_eq!(own.status, 200, "{}", own.json());
    // Bob and his activity are untouched.
    assert_eq!(c.srv("GET", "user/bob/", "", None).status, 200);
    let feed = c.srv("GET", "feed/user/bob/", "", None).json();
    assert_eq!(feed["results"][0]["id"], bob_activity.as_str());
}

#[test]
fn personalized_feed_of_own_user_only() {
    let (_emu, c, _) = setup();
    let alice = c.user("alice");
    let own = c.call(
        "GET",
        "enrich/personalization/feed/",
        "feed_slug=timeline&user_id=alice",
        &alice,
        None,
    );
    assert_eq!(own.status, 200, "{}", own.json());
    let other = c.call(
        "GET",
        "enrich/personalization/feed/",
        "feed_slug=timeline&user_id=bob",
        &alice,
        None,
    );
    assert_error(&other, 403, 17);
}
