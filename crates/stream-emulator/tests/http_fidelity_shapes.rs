//! Shape conformance: the exact key set of every v1 response family the official clients compare
//! with deep equality (activities, collection entries, reactions, enriched reactions), so a field
//! added or dropped fails here.

mod http_others_util;

use std::collections::BTreeSet;

use http_others_util::Client;
use serde_json::{Value, json};
use stream_emulator::Emulator;

/// The keys of an object, sorted.
fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// Asserts that `v` has exactly the keys `expected`.
#[track_caller]
fn assert_keys(v: &Value, expected: &[&str]) {
    let want: BTreeSet<String> = expected.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(keys(v), want, "{v}");
}

/// `v` without `duration`.
fn minus_duration(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("duration");
    }
    v
}

/// Every activity answer carries `foreign_id` and `target` (`""` when absent) and `origin`.
const ACTIVITY: [&str; 8] = [
    "id",
    "actor",
    "verb",
    "object",
    "foreign_id",
    "time",
    "target",
    "origin",
];
const COLLECTION_ENTRY: [&str; 7] = [
    "id",
    "created_at",
    "updated_at",
    "collection",
    "data",
    "foreign_id",
    "duration",
];
const REACTION: [&str; 12] = [
    "duration",
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
const USER: [&str; 4] = ["id", "created_at", "updated_at", "data"];

fn activity_body(n: u32) -> Value {
    json!({"actor": "SU:alice", "verb": "post", "object": format!("note:{n}"),
        "foreign_id": format!("note:{n}"), "time": format!("2024-05-0{n}T10:00:00")})
}

fn with(base: &[&str], more: &[&'static str]) -> Vec<String> {
    base.iter().chain(more).map(|k| (*k).to_owned()).collect()
}

#[track_caller]
fn assert_key_list(v: &Value, expected: &[String]) {
    let refs: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_keys(v, &refs);
}

#[test]
fn activities_carry_origin_in_every_response() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let added = c.srv("POST", "feed/user/alice/", "", Some(&activity_body(1)));
    assert!(matches!(added.status, 200 | 201), "{}", added.json());
    let added = added.json();
    assert_key_list(&added, &with(&ACTIVITY, &["duration"]));
    assert_eq!(added["origin"], Value::Null);
    assert_eq!(added["target"], "");
    // Without a foreign id, `foreign_id` is there too, empty.
    let bare = json!({"actor": "SU:alice", "verb": "post", "object": "note:0"});
    let bare = c.srv("POST", "feed/user/alice/", "", Some(&bare)).json();
    assert_key_list(&bare, &with(&ACTIVITY, &["duration"]));
    assert_eq!(bare["foreign_id"], "");
    let id = added["id"].as_str().unwrap().to_owned();

    let batch = c.srv(
        "POST",
        "feed/user/alice/",
        "",
        Some(&json!({"activities": [activity_body(2)]})),
    );
    assert_key_list(&batch.json()["activities"][0], &with(&ACTIVITY, &[]));

    // Read back by id, by foreign id + time, enriched: deep-equal to the add answer.
    let by_id = c
        .srv("GET", "activities/", &format!("ids={id}"), None)
        .json();
    assert_eq!(by_id["results"][0], minus_duration(added.clone()));
    let by_fid = c
        .srv(
            "GET",
            "activities/",
            "foreign_ids=note:1&timestamps=2024-05-01T10:00:00",
            None,
        )
        .json();
    assert_eq!(by_fid["results"][0], minus_duration(added.clone()));
    let enriched = c
        .srv("GET", "enrich/activities/", &format!("ids={id}"), None)
        .json();
    assert_key_list(&enriched["results"][0], &with(&ACTIVITY, &[]));
    assert_eq!(enriched["results"][0]["origin"], Value::Null);

    // Feed read: own activity has origin null; a follower's copy names the followed feed.
    let feed = c.srv("GET", "feed/user/alice/", "", None).json();
    assert_key_list(&feed["results"][0], &with(&ACTIVITY, &[]));
    let follow = c.srv(
        "POST",
        "feed/timeline/bob/follows/",
        "",
        Some(&json!({"target": "user:alice"})),
    );
    assert_eq!(follow.status, 200, "{}", follow.json());
    let timeline = c.srv("GET", "feed/timeline/bob/", "", None).json();
    assert_eq!(timeline["results"][0]["origin"], "user:alice");

    // Partial update, single and batch.
    let partial = c
        .srv(
            "POST",
            "activity/",
            "",
            Some(&json!({"id": id, "set": {"popularity": 9}})),
        )
        .json();
    assert_key_list(&partial, &with(&ACTIVITY, &["popularity", "duration"]));
    assert_eq!(partial["origin"], Value::Null);
    let read = c
        .srv("GET", "activities/", &format!("ids={id}"), None)
        .json();
    assert_eq!(read["results"][0], minus_duration(partial));
    let many = c
        .srv(
            "POST",
            "activity/",
            "",
            Some(&json!({"changes": [{"id": id, "unset": ["popularity"]}]})),
        )
        .json();
    assert_key_list(&many["activities"][0], &with(&ACTIVITY, &[]));

    // Full update by foreign id + time.
    let full = c
        .srv(
            "POST",
            "activities/",
            "",
            Some(&json!({"activities": [activity_body(1)]})),
        )
        .json();
    assert_key_list(&full["activities"][0], &with(&ACTIVITY, &[]));
}

#[test]
fn removing_the_last_target_drops_the_to_key() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let mut body = activity_body(3);
    body["to"] = json!(["notification:bob"]);
    let added = c.srv("POST", "feed/user/alice/", "", Some(&body)).json();
    assert_eq!(added["to"], json!(["notification:bob"]));
    let id = added["id"].as_str().unwrap().to_owned();
    let change = json!({"foreign_id": "note:3", "time": "2024-05-03T10:00:00",
        "removed_targets": ["notification:bob"]});
    let r = c.srv(
        "POST",
        "feed_targets/user/alice/activity_to_targets/",
        "",
        Some(&change),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert_key_list(&r.json()["activity"], &with(&ACTIVITY, &[]));
    let read = c
        .srv("GET", "activities/", &format!("ids={id}"), None)
        .json();
    assert_key_list(&read["results"][0], &with(&ACTIVITY, &[]));
}

#[test]
fn collection_entries_have_the_service_keys() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let body = json!({"id": "pizza", "data": {"name": "pizza"}, "user_id": "alice"});
    let added = c.srv("POST", "collections/food/", "", Some(&body));
    assert_eq!(added.status, 201, "{}", added.json());
    assert_keys(&added.json(), &COLLECTION_ENTRY);
    let got = c.srv("GET", "collections/food/pizza/", "", None).json();
    assert_keys(&got, &COLLECTION_ENTRY);
    let updated = c
        .srv(
            "PUT",
            "collections/food/pizza/",
            "",
            Some(&json!({"data": {"name": "calzone"}})),
        )
        .json();
    assert_keys(&updated, &COLLECTION_ENTRY);
    // With a user token the entry is owned by the user, but the owner is not answered either.
    let mine = c.call(
        "POST",
        "collections/food/",
        "",
        &c.user("alice"),
        Some(&json!({"id": "salad", "data": {}})),
    );
    assert_eq!(mine.status, 201, "{}", mine.json());
    assert_keys(&mine.json(), &COLLECTION_ENTRY);
}

#[test]
fn reactions_have_the_service_keys() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let body = json!({"kind": "like", "activity_id": "act-1", "user_id": "alice", "data": {}});
    let added = c.srv("POST", "reaction/", "", Some(&body));
    assert_eq!(added.status, 201, "{}", added.json());
    let added = added.json();
    assert_keys(&added, &REACTION);
    assert_eq!(added["user"], json!({}));
    let id = added["id"].as_str().unwrap().to_owned();
    let got = c.srv("GET", &format!("reaction/{id}/"), "", None).json();
    assert_keys(&got, &REACTION);
    assert_eq!(minus_duration(got), minus_duration(added));
    let updated = c
        .srv(
            "PUT",
            &format!("reaction/{id}/"),
            "",
            Some(&json!({"data": {"x": 1}})),
        )
        .json();
    assert_keys(&updated, &REACTION);

    // With targets, `target_feeds` is answered too.
    let body = json!({"kind": "comment", "activity_id": "act-1", "user_id": "alice",
        "data": {"text": "hi"}, "target_feeds": ["notification:bob"]});
    let targeted = c.srv("POST", "reaction/", "", Some(&body)).json();
    assert_key_list(&targeted, &with(&REACTION, &["target_feeds"]));
    assert_eq!(targeted["target_feeds"], json!(["notification:bob"]));
    // A child reaction has the same shape.
    let child = c
        .srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "reply", "parent": id, "user_id": "bob"})),
        )
        .json();
    assert_keys(&child, &REACTION);
}

#[test]
fn enriched_reactions_are_the_add_answer_with_the_user_object() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let user = c
        .srv(
            "POST",
            "user/",
            "",
            Some(&json!({"id": "alice", "data": {"name": "Alice"}})),
        )
        .json();
    let user = minus_duration(user);
    assert_keys(&user, &USER);
    let added = c
        .srv("POST", "feed/user/alice/", "", Some(&activity_body(4)))
        .json();
    let id = added["id"].as_str().unwrap().to_owned();
    let reaction = c
        .srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "like", "activity_id": id, "user_id": "alice"})),
        )
        .json();
    let mut expected = minus_duration(reaction);
    expected["user"] = user.clone();

    let query =
        "withRecentReactions=true&withOwnReactions=true&withReactionCounts=true&user_id=alice";
    let feed = c.srv("GET", "enrich/feed/user/alice/", query, None).json();
    let a = &feed["results"][0];
    assert_eq!(a["latest_reactions"]["like"][0], expected);
    assert_eq!(a["own_reactions"]["like"][0], expected);
    assert_eq!(a["latest_reactions_extra"], json!({"like": {"next": ""}}));
    assert_eq!(a["reaction_counts"], json!({"like": 1}));
    assert_key_list(
        a,
        &with(
            &ACTIVITY,
            &[
                "latest_reactions",
                "latest_reactions_extra",
                "own_reactions",
                "reaction_counts",
            ],
        ),
    );
    let by_id = c
        .srv(
            "GET",
            "enrich/activities/",
            &format!("ids={id}&{query}"),
            None,
        )
        .json();
    assert_eq!(by_id["results"][0]["latest_reactions"]["like"][0], expected);

    // No reactions: `{}`; more than the limit: a cursor to the next page.
    let other = c
        .srv("POST", "feed/user/alice/", "", Some(&activity_body(5)))
        .json();
    for user in ["bob", "carol"] {
        let body = json!({"kind": "like", "activity_id": id, "user_id": user});
        assert_eq!(c.srv("POST", "reaction/", "", Some(&body)).status, 201);
    }
    let limited = c
        .srv(
            "GET",
            "enrich/feed/user/alice/",
            "withRecentReactions=true&recentReactionsLimit=2",
            None,
        )
        .json();
    let results = limited["results"].as_array().unwrap();
    let find = |want: &Value| {
        results
            .iter()
            .find(|r| r["id"] == want["id"])
            .cloned()
            .unwrap()
    };
    assert_eq!(find(&other)["latest_reactions_extra"], json!({}));
    let next = find(&added)["latest_reactions_extra"]["like"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    let prefix = format!(
        "http://{}/api/v1.0/reaction/activity_id/{id}/like/?",
        c.addr
    );
    let query = next
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{next}"));
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort_unstable();
    let last_shown = find(&added)["latest_reactions"]["like"][1]["id"].clone();
    let id_lt = format!("id_lt={}", last_shown.as_str().unwrap());
    assert_eq!(pairs, [id_lt.as_str(), "limit=2", "withOwnChildren=false"]);
}

#[test]
fn reactions_read_back_carry_the_user_object() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let user = c
        .srv(
            "POST",
            "user/",
            "",
            Some(&json!({"id": "bob", "data": {"name": "Bob"}})),
        )
        .json();
    let user = minus_duration(user);
    let activity = c
        .srv("POST", "feed/user/alice/", "", Some(&activity_body(6)))
        .json();
    let aid = activity["id"].as_str().unwrap().to_owned();
    let mut likes = Vec::new();
    for n in 0..7 {
        let body = json!({"kind": "like", "activity_id": aid, "user_id": "bob", "data": {"n": n}});
        let added = c.srv("POST", "reaction/", "", Some(&body)).json();
        // The add answer's user is `{}`; reads put the user object there.
        assert_eq!(added["user"], json!({}));
        let mut expected = minus_duration(added);
        expected["user"] = user.clone();
        likes.insert(0, expected);
    }
    let id = likes[0]["id"].as_str().unwrap().to_owned();
    let got = c.srv("GET", &format!("reaction/{id}/"), "", None).json();
    assert_eq!(minus_duration(got), likes[0]);
    let page = c
        .srv(
            "GET",
            &format!("reaction/activity_id/{aid}/like/"),
            "limit=1",
            None,
        )
        .json();
    assert_keys(&page["results"][0], &REACTION[1..]);
    assert_eq!(page["results"][0], likes[0]);

    // Enriched reads show the five latest per kind by default.
    let feed = c
        .srv(
            "GET",
            "enrich/feed/user/alice/",
            "withRecentReactions=true",
            None,
        )
        .json();
    assert_eq!(
        feed["results"][0]["latest_reactions"]["like"],
        json!(likes[..5])
    );

    // `with_activity_data` answers the activity enriched, with its reactions.
    let with_activity = c
        .srv(
            "GET",
            &format!("reaction/activity_id/{aid}/"),
            "limit=1&with_activity_data=true",
            None,
        )
        .json();
    let a = &with_activity["activity"];
    assert_key_list(
        a,
        &with(
            &ACTIVITY,
            &[
                "latest_reactions",
                "latest_reactions_extra",
                "own_reactions",
                "reaction_counts",
            ],
        ),
    );
    assert_eq!(a["reaction_counts"], json!({"like": 7}));
}
