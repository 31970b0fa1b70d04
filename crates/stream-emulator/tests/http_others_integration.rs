//! Reactions, users and collections working with the feeds: target-feed fan-out, enriched
//! reads, follow counts, recommendations, data-privacy deletes.

mod http_others_util;

use http_others_util::Client;
use serde_json::json;
use stream_emulator::Emulator;

#[test]
fn target_feeds_publish_and_cleanup() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let body = json!({"kind": "superlike", "activity_id": "a-1", "user_id": "mike", "data": {"popularity": 50},
        "target_feeds": ["user:michelle"], "target_feeds_extra_data": {"popularity": 100}});
    let r = c.srv("POST", "reaction/", "", Some(&body));
    assert_eq!(r.status, 201, "{}", r.json());
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let feed = c.srv("GET", "feed/user/michelle/", "limit=5", None).json();
    let a = &feed["results"][0];
    assert_eq!(a["verb"], "superlike", "{feed}");
    assert!(a["reaction"].as_str().unwrap().contains(&id));
    assert_eq!(a["popularity"], 100);
    // Updating adds new target feeds; a hard delete removes the published activities.
    let u = c.srv(
        "PUT",
        &format!("reaction/{id}/"),
        "",
        Some(&json!({"data": {}, "target_feeds": ["user:michelle", "user:nina"]})),
    );
    assert_eq!(u.status, 200, "{}", u.json());
    assert_eq!(
        c.srv("GET", "feed/user/nina/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        c.srv("DELETE", &format!("reaction/{id}/"), "", None).status,
        200
    );
    assert!(
        c.srv("GET", "feed/user/michelle/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        c.srv("GET", "feed/user/nina/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A bad target feed changes nothing.
    let bad = json!({"kind": "like", "activity_id": "a-1", "user_id": "mike", "target_feeds": ["user:ok", "nope"]});
    assert_eq!(c.srv("POST", "reaction/", "", Some(&bad)).status, 400);
    assert!(
        c.srv("GET", "feed/user/ok/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn enriched_reads_resolve_references_and_reactions() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    c.srv(
        "POST",
        "user/",
        "",
        Some(&json!({"id": "alice", "data": {"name": "Alice"}})),
    );
    c.srv(
        "POST",
        "collections/food/",
        "",
        Some(&json!({"id": "pizza-1", "data": {"name": "pizza"}})),
    );
    let act = c.srv("POST", "feed/user/alice/", "", Some(&json!({"actor": "SU:alice", "verb": "eat", "object": "SO:food:pizza-1", "target": "SU:ghost"})));
    assert!(act.status < 300, "{}", act.json());
    let act_id = act.json()["id"].as_str().unwrap().to_owned();
    for (kind, user) in [("like", "alice"), ("like", "bob"), ("comment", "bob")] {
        let r = c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": kind, "activity_id": act_id, "user_id": user})),
        );
        assert_eq!(r.status, 201);
    }
    let alice = c.user("alice");
    let q = "limit=5&withRecentReactions=true&withOwnReactions=true&withReactionCounts=true&recentReactionsLimit=5";
    let r = c.call("GET", "enrich/feed/user/alice/", q, &alice, None);
    assert_eq!(r.status, 200, "{}", r.json());
    let a = &r.json()["results"][0];
    assert_eq!(a["actor"]["data"]["name"], "Alice", "{a}");
    assert_eq!(a["object"]["foreign_id"], "food:pizza-1");
    assert_eq!(a["object"]["data"]["name"], "pizza");
    assert_eq!(a["target"]["error"], "ReferenceNotFound");
    assert_eq!(a["reaction_counts"], json!({"like": 2, "comment": 1}));
    assert_eq!(a["latest_reactions"]["like"].as_array().unwrap().len(), 2);
    assert_eq!(a["own_reactions"]["like"].as_array().unwrap().len(), 1);
    assert_eq!(
        a["own_reactions"]["like"][0]["user"]["data"]["name"],
        "Alice"
    );
    // Plain reads keep references as strings.
    let plain = c.srv("GET", "feed/user/alice/", "", None).json();
    assert_eq!(plain["results"][0]["actor"], "SU:alice");
    // Filter with activity data.
    let f = c
        .srv(
            "GET",
            &format!("reaction/activity_id/{act_id}/"),
            "with_activity_data=true",
            None,
        )
        .json();
    assert_eq!(f["activity"]["id"], act_id.as_str(), "{f}");
    // Data privacy removes the activity and its reactions.
    let del = json!({"activities": [{"id": act_id, "remove_from_feeds": []}]});
    assert!(
        c.srv("POST", "data_privacy/delete_activities/", "", Some(&del))
            .status
            < 300
    );
    assert!(
        c.srv("GET", "feed/user/alice/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        c.srv("GET", "reaction/user_id/bob/", "", None).json()["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn follow_counts_and_recommendations() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for u in ["alice", "bob", "carol"] {
        c.srv("POST", "user/", "", Some(&json!({"id": u, "data": {}})));
    }
    for (src, target) in [
        ("timeline/alice", "user:bob"),
        ("timeline/bob", "user:carol"),
        ("timeline/bob", "user:alice"),
        ("timeline/carol", "user:bob"),
    ] {
        let r = c.srv(
            "POST",
            &format!("feed/{src}/follows/"),
            "",
            Some(&json!({"target": target})),
        );
        assert!(r.status < 300, "{}", r.json());
    }
    let alice = c
        .srv("GET", "user/alice/", "with_follow_counts=true", None)
        .json();
    assert_eq!(alice["following_count"], 1);
    assert_eq!(alice["followers_count"], 1);
    let bob = c
        .srv("GET", "user/bob/", "with_follow_counts=true", None)
        .json();
    assert_eq!(bob["followers_count"], 2);
    assert_eq!(bob["following_count"], 2);
    let rec = c
        .srv(
            "GET",
            "/personalization/v1.0/follow_recommendations/",
            "user_id=alice&limit=10",
            None,
        )
        .json();
    let feeds: Vec<&str> = rec["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["feed_id"].as_str().unwrap())
        .collect();
    assert_eq!(feeds, ["user:carol"], "{rec}");
    // The personalized feed is the user's timeline.
    c.srv(
        "POST",
        "feed/user/bob/",
        "",
        Some(&json!({"actor": "bob", "verb": "post", "object": "1"})),
    );
    let page = c
        .srv(
            "GET",
            "enrich/personalization/feed/",
            "feed_slug=timeline&user_id=alice&limit=5",
            None,
        )
        .json();
    assert_eq!(page["results"].as_array().unwrap().len(), 1, "{page}");
}
