//! Reactions posted to target feeds, as the official clients' reaction stories read them back:
//! the answers' key sets, the activity each target feed receives (enriched `SA:`/`SR:`
//! references), and retargeting on update.

mod http_others_util;

use std::collections::BTreeSet;

use http_others_util::Client;
use serde_json::{Value, json};
use stream_emulator::Emulator;

#[track_caller]
fn assert_keys(v: &Value, expected: &[&str]) {
    let got: BTreeSet<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    let want: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(got, want, "{v}");
}

fn minus(mut v: Value, keys: &[&str]) -> Value {
    if let Some(o) = v.as_object_mut() {
        for k in keys {
            o.remove(*k);
        }
    }
    v
}

const REACTION: [&str; 11] = [
    "id",
    "kind",
    "activity_id",
    "user_id",
    "user",
    "data",
    "created_at",
    "updated_at",
    "parent",
    "latest_children",
    "children_counts",
];
const TARGET_ACTIVITY: [&str; 10] = [
    "id",
    "actor",
    "verb",
    "object",
    "foreign_id",
    "time",
    "target",
    "origin",
    "reaction",
    "custom",
];

fn with(base: &[&'static str], more: &[&'static str]) -> Vec<&'static str> {
    base.iter().chain(more).copied().collect()
}

/// The only activity of an enriched flat feed, or of the first group of a grouped one.
fn only_activity(c: &Client, token: &str, slug: &str, user: &str) -> Value {
    let path = format!("enrich/feed/{slug}/{user}/");
    let page = c.call("GET", &path, "", token, None).json();
    let first = &page["results"][0];
    let activity = if slug == "notification" {
        &first["activities"][0]
    } else {
        first
    };
    assert!(activity.is_object(), "{path}: {page}");
    activity.clone()
}

#[test]
fn target_feeds_receive_the_reaction_as_an_enriched_activity() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let mut users = serde_json::Map::new();
    for id in ["alice", "bob", "carl", "dave"] {
        let body = json!({"id": id, "data": {"name": id}});
        let u = c.srv("POST", "user/", "", Some(&body)).json();
        users.insert(id.to_owned(), minus(u, &["duration"]));
    }
    let (alice, bob) = (c.user("alice"), c.user("bob"));
    let eat = json!({"actor": "SU:alice", "verb": "eat", "object": "cheeseburger"});
    let eat = c
        .call("POST", "feed/user/alice/", "", &alice, Some(&eat))
        .json();
    let mut eat_read = minus(eat.clone(), &["duration"]);
    eat_read["actor"] = users["alice"].clone();

    let comment = json!({"kind": "comment", "activity_id": eat["id"], "data": {"text": "yum"},
        "target_feeds": ["user:bob", "notification:alice", "notification:carl"],
        "target_feeds_extra_data": {"custom": "yay"}});
    let added = c.call("POST", "reaction/", "", &bob, Some(&comment));
    assert_eq!(added.status, 201, "{}", added.json());
    let added = added.json();
    let extra_keys = ["duration", "target_feeds", "target_feeds_extra_data"];
    assert_keys(&added, &with(&REACTION, &extra_keys));
    assert_eq!(added["target_feeds_extra_data"], json!({"custom": "yay"}));
    let id = added["id"].as_str().unwrap().to_owned();

    // Read back by id: the targets, no extra data, and the user's object.
    let got = c
        .call("GET", &format!("reaction/{id}/"), "", &alice, None)
        .json();
    assert_keys(&got, &with(&REACTION, &["duration", "target_feeds"]));
    assert_eq!(got["user"], users["bob"]);

    // Bob's user feed holds the reaction as an activity with its references enriched.
    let in_bob = only_activity(&c, &alice, "user", "bob");
    assert_keys(&in_bob, &TARGET_ACTIVITY);
    assert_eq!(in_bob["verb"], "comment");
    assert_eq!(in_bob["foreign_id"], format!("reaction:{id}"));
    let created = added["created_at"].as_str().unwrap();
    assert_eq!(in_bob["time"], created.trim_end_matches('Z'));
    assert_eq!(in_bob["target"], "");
    assert_eq!(in_bob["origin"], Value::Null);
    assert_eq!(in_bob["custom"], "yay");
    assert_eq!(in_bob["actor"], users["bob"]);
    assert_eq!(in_bob["object"], eat_read);
    assert_eq!(
        in_bob["reaction"],
        minus(added.clone(), &["duration", "target_feeds_extra_data"])
    );
    // The notification feeds hold the same activity.
    assert_eq!(only_activity(&c, &alice, "notification", "alice"), in_bob);
    let carl = c.user("carl");
    assert_eq!(only_activity(&c, &carl, "notification", "carl"), in_bob);

    // Retargeting: carl's notification feed loses it, dave's gets it.
    let update = json!({"data": {"text": "yum!"},
        "target_feeds": ["user:bob", "notification:alice", "notification:dave"],
        "target_feeds_extra_data": {"custom": "yay"}});
    let updated = c.call("PUT", &format!("reaction/{id}/"), "", &bob, Some(&update));
    assert_eq!(updated.status, 200, "{}", updated.json());
    assert_keys(&updated.json(), &with(&REACTION, &extra_keys));
    let carl_feed = c
        .call("GET", "enrich/feed/notification/carl/", "", &carl, None)
        .json();
    assert_eq!(carl_feed["results"], json!([]), "{carl_feed}");
    let dave = c.user("dave");
    let in_dave = only_activity(&c, &dave, "notification", "dave");
    assert_eq!(in_dave["foreign_id"], format!("reaction:{id}"));
    assert_eq!(in_dave["reaction"]["data"], json!({"text": "yum!"}));

    // Deleting the reaction removes its activities.
    let deleted = c.call("DELETE", &format!("reaction/{id}/"), "", &bob, None);
    assert_eq!(minus(deleted.json(), &["duration"]), json!({}));
    let bob_feed = c.call("GET", "feed/user/bob/", "", &bob, None).json();
    assert_eq!(bob_feed["results"], json!([]), "{bob_feed}");
}

#[test]
fn enriched_reactions_with_own_children_carry_their_targets() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let bob = c.user("bob");
    let post = json!({"actor": "SU:alice", "verb": "eat", "object": "pie"});
    let eat = c.srv("POST", "feed/user/alice/", "", Some(&post)).json();
    let comment =
        json!({"kind": "comment", "activity_id": eat["id"], "target_feeds": ["user:bob"]});
    let comment = c.call("POST", "reaction/", "", &bob, Some(&comment)).json();
    let like = json!({"kind": "like", "parent": comment["id"]});
    assert_eq!(
        c.call("POST", "reaction/", "", &bob, Some(&like)).status,
        201
    );
    let query = "withRecentReactions=true&withOwnReactions=true&withReactionCounts=true&withOwnChildren=true";
    let feed = c
        .call("GET", "enrich/feed/user/alice/", query, &bob, None)
        .json();
    let latest = &feed["results"][0]["latest_reactions"]["comment"][0];
    assert_keys(latest, &with(&REACTION, &["own_children", "target_feeds"]));
    assert_eq!(
        latest["latest_children"]["like"][0]["parent"],
        comment["id"]
    );
}
