//! Feed semantics over HTTP: add/read/remove, identity, fan-out, follows, groups, pagination,
//! partial updates, to-targets and batch operations.

mod http_feeds_support;

use http_feeds_support::Harness;
use serde_json::{Value, json};

fn act(verb: &str, n: u32) -> Value {
    json!({"actor": "alice", "verb": verb, "object": n})
}

#[test]
fn add_read_remove_and_identity() {
    let h = Harness::start();
    let a = h.post("feed/user/alice/", &json!({"actor": 1, "verb": "tweet", "object": 3, "foreign_id": "t:1", "time": "2024-01-02T03:04:05.678900", "n": {"x": [1]}}));
    assert_eq!(a["object"], "3");
    assert_eq!(a["actor"], "1");
    assert_eq!(a["time"], "2024-01-02T03:04:05.678900");
    assert!(a["duration"].is_string());
    let id = a["id"].as_str().unwrap().to_owned();
    // same foreign_id + time (JS format) replaces
    let b = h.post("feed/user/alice/", &json!({"actor": 1, "verb": "tweet", "object": 4, "foreign_id": "t:1", "time": "2024-01-02T03:04:05.678Z"}));
    assert_eq!(b["id"], id.as_str());
    let feed = h.get("feed/user/alice/");
    assert_eq!(feed["results"].as_array().unwrap().len(), 1);
    assert_eq!(feed["results"][0]["object"], "4");
    assert_eq!(feed["results"][0]["origin"], Value::Null);
    // newest first by time; explicit older time sorts below
    let newer = h.post("feed/user/alice/", &act("post", 1));
    let ids = h.ids("feed/user/alice/");
    assert_eq!(ids, vec![newer["id"].as_str().unwrap(), id.as_str()]);
    // batch add returns in request order
    let batch = h.post(
        "feed/user/alice/",
        &json!({"activities": [act("a", 1), act("b", 2)]}),
    );
    assert_eq!(batch["activities"].as_array().unwrap().len(), 2);
    assert_eq!(
        h.ids("feed/user/alice/")[0],
        batch["activities"][1]["id"].as_str().unwrap()
    );
    // remove by foreign id, by id; missing foreign id is fine
    h.delete("feed/user/alice/t:1/?foreign_id=1");
    h.delete("feed/user/alice/nothing/?foreign_id=True");
    h.delete(&format!(
        "feed/user/alice/{}/",
        newer["id"].as_str().unwrap()
    ));
    assert_eq!(h.ids("feed/user/alice/").len(), 2);
    // get_activities by id and by foreign_id+time
    let got = h.get(&format!(
        "activities/?ids={},nope",
        batch["activities"][0]["id"].as_str().unwrap()
    ));
    assert_eq!(got["results"].as_array().unwrap().len(), 1);
    h.post("feed/user/alice/", &json!({"actor": "a", "verb": "v", "object": "o", "foreign_id": "f:9", "time": "2024-05-05T00:00:00"}));
    let got = h.get("activities/?foreign_ids=f%3A9&timestamps=2024-05-05T00%3A00%3A00.000000");
    assert_eq!(got["results"][0]["foreign_id"], "f:9");
    let none = h.get("activities/?foreign_ids=f:10&timestamps=2024-05-05T00:00:00");
    assert_eq!(none["results"], json!([]));
}

#[test]
fn fan_out_follow_copy_limit_and_unfollow() {
    let h = Harness::start();
    for i in 0..5 {
        h.post("feed/user/bob/", &act("post", i));
    }
    // copy limit 2 (python path, follows/), then JS path following/ with 0
    h.post(
        "feed/timeline/alice/follows/",
        &json!({"target": "user:bob", "activity_copy_limit": 2, "target_token": "x"}),
    );
    assert_eq!(h.ids("feed/timeline/alice/").len(), 2);
    h.post(
        "feed/timeline/carol/following/",
        &json!({"target": "user:bob", "activity_copy_limit": 0}),
    );
    assert_eq!(h.ids("feed/timeline/carol/").len(), 0);
    // fan-out on write, origin set
    let new = h.post("feed/user/bob/", &act("post", 9));
    let tl = h.get("feed/timeline/carol/");
    assert_eq!(tl["results"][0]["id"], new["id"]);
    assert_eq!(tl["results"][0]["origin"], "user:bob");
    // followers / following
    let f = h.get("feed/user/bob/followers/?limit=25&offset=0&filter=");
    let rows = f["results"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0]["feed_id"], "timeline:carol",
        "newest relationship first"
    );
    assert_eq!(rows[0]["target_id"], "user:bob");
    let g = h.get("feed/timeline/alice/following/?filter=user%3Abob%2Cuser%3Azed");
    assert_eq!(g["results"].as_array().unwrap().len(), 1);
    let g = h.get("feed/timeline/alice/follows/?filter=user:zed");
    assert_eq!(g["results"].as_array().unwrap().len(), 0);
    let stats =
        h.get("stats/follow/?followers=user:bob&following=timeline:alice&followers_slugs=timeline");
    assert_eq!(stats["results"]["followers"]["count"], 2);
    assert_eq!(stats["results"]["following"]["count"], 1);
    // removing at the source removes from followers
    h.delete(&format!("feed/user/bob/{}/", new["id"].as_str().unwrap()));
    assert!(
        !h.ids("feed/timeline/carol/")
            .contains(&new["id"].as_str().unwrap().to_owned())
    );
    // unfollow with keep_history keeps, without purges
    h.delete("feed/timeline/alice/follows/user:bob/?keep_history=True");
    assert_eq!(h.ids("feed/timeline/alice/").len(), 2);
    h.post(
        "feed/timeline/dave/follows/",
        &json!({"target": "user:bob"}),
    );
    assert_eq!(h.ids("feed/timeline/dave/").len(), 5);
    h.delete("feed/timeline/dave/following/user:bob/");
    assert_eq!(h.ids("feed/timeline/dave/").len(), 0);
    // follow_many / unfollow_many
    h.post("follow_many/?activity_copy_limit=1", &json!([{"source": "timeline:x", "target": "user:bob"}, {"source": "timeline:y", "target": "user:bob"}]));
    assert_eq!(h.ids("feed/timeline/x/").len(), 1);
    h.post("unfollow_many/", &json!([{"source": "timeline:x", "target": "user:bob"}, {"source": "timeline:y", "target": "user:bob", "keep_history": true}]));
    assert_eq!(h.ids("feed/timeline/x/").len(), 0);
    assert_eq!(h.ids("feed/timeline/y/").len(), 1);
    // add_to_many: no fan-out
    h.post("feed/timeline/z/follows/", &json!({"target": "user:m1"}));
    h.post(
        "feed/add_to_many/",
        &json!({"activity": act("hi", 1), "feeds": ["user:m1", "user:m2"]}),
    );
    assert_eq!(h.ids("feed/user/m1/").len(), 1);
    assert_eq!(h.ids("feed/user/m2/").len(), 1);
    assert_eq!(h.ids("feed/timeline/z/").len(), 0);
}

#[test]
fn to_targets() {
    let h = Harness::start();
    h.post("feed/timeline/f/follows/", &json!({"target": "user:team"}));
    let a = h.post("feed/user/alice/", &json!({"actor": "a", "verb": "v", "object": "o", "foreign_id": "x:1", "time": "2024-01-01T00:00:00", "to": ["user:team eyJhbGc.x.y"]}));
    assert_eq!(a["to"], json!(["user:team"]));
    let team = h.get("feed/user/team/");
    assert_eq!(team["results"][0]["id"], a["id"]);
    assert_eq!(team["results"][0]["origin"], Value::Null);
    let fol = h.get("feed/timeline/f/");
    assert_eq!(fol["results"][0]["origin"], "user:team");
    // update to targets: add one, remove one
    let r = h.post("feed_targets/user/alice/activity_to_targets/", &json!({"foreign_id": "x:1", "time": "2024-01-01T00:00:00", "added_targets": ["user:new"], "removed_targets": ["user:team"]}));
    assert_eq!(r["activity"]["to"], json!(["user:new"]));
    assert_eq!(r["added"], json!(["user:new"]));
    assert_eq!(r["removed"], json!(["user:team"]));
    assert_eq!(h.ids("feed/user/team/").len(), 0);
    assert_eq!(h.ids("feed/timeline/f/").len(), 0);
    assert_eq!(h.ids("feed/user/new/").len(), 1);
    let r = h.post(
        "feed_targets/user/alice/activity_to_targets/",
        &json!({"foreign_id": "x:1", "time": "2024-01-01T00:00:00", "new_targets": ["user:other"]}),
    );
    assert_eq!(r["activity"]["to"], json!(["user:other"]));
    // removal from source removes from targets
    h.delete("feed/user/alice/x:1/?foreign_id=1");
    assert_eq!(h.ids("feed/user/other/").len(), 0);
}

#[test]
fn pagination() {
    let h = Harness::start();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(
            h.post("feed/user/p/", &act("v", i))["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    ids.reverse();
    let page = h.get("feed/user/p/");
    assert_eq!(page["results"].as_array().unwrap().len(), 25);
    let next = page["next"].as_str().unwrap();
    assert!(
        next.starts_with("/api/v1.0/feed/user/p/?api_key=key123&id_lt="),
        "{next}"
    );
    let rest = h
        .raw(
            "GET",
            &format!("{}{next}", h.emu.base_url()),
            Some(&h.server()),
            None,
        )
        .ok();
    assert_eq!(rest["results"].as_array().unwrap().len(), 5);
    assert_eq!(rest["next"], "");
    let off: Vec<String> = h.get("feed/user/p/?limit=3&offset=2")["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(off, ids[2..5].to_vec());
    let lt = h.ids(&format!("feed/user/p/?limit=2&id_lt={}", ids[3]));
    assert_eq!(lt, ids[4..6].to_vec());
    let lte = h.ids(&format!("feed/user/p/?limit=2&id_lte={}", ids[3]));
    assert_eq!(lte, ids[3..5].to_vec());
    let gt = h.ids(&format!("feed/user/p/?limit=100&id_gt={}", ids[3]));
    assert_eq!(gt, ids[0..3].to_vec());
    let both = h.ids(&format!("feed/user/p/?id_gte={}&id_lte={}", ids[5], ids[3]));
    assert_eq!(both, ids[3..6].to_vec());
}

#[test]
fn aggregated_and_notification_groups() {
    let h = Harness::start();
    h.post(
        "feed/aggregated/a/",
        &json!({"actor": "x", "verb": "like", "object": "1"}),
    );
    h.post(
        "feed/aggregated/a/",
        &json!({"actor": "y", "verb": "like", "object": "2"}),
    );
    h.post(
        "feed/aggregated/a/",
        &json!({"actor": "x", "verb": "watch", "object": "3"}),
    );
    let g = h.get("feed/aggregated/a/");
    let groups = g["results"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["verb"], "watch");
    assert_eq!(groups[1]["activity_count"], 2);
    assert_eq!(groups[1]["actor_count"], 2);
    assert_eq!(groups[1]["activities"][0]["object"], "2");

    for (verb, o) in [("watch", 1), ("like", 2), ("comment", 3)] {
        h.post(
            "feed/notification/n/",
            &json!({"actor": "x", "verb": verb, "object": o}),
        );
    }
    let n = h.get("feed/notification/n/");
    assert_eq!(n["unseen"], 3);
    assert_eq!(n["unread"], 3);
    let gs = n["results"].as_array().unwrap();
    assert_eq!(gs[0]["is_seen"], false);
    let (g0, g1) = (
        gs[0]["id"].as_str().unwrap().to_owned(),
        gs[1]["id"].as_str().unwrap().to_owned(),
    );
    // mark_seen with a list (both encodings), mark_read true
    h.get(&format!("feed/notification/n/?mark_seen={g0}%2C{g1}"));
    let n = h.get("feed/notification/n/");
    assert_eq!(n["unseen"], 1);
    assert_eq!(n["unread"], 3);
    assert_eq!(n["results"][0]["is_seen"], true);
    assert_eq!(n["results"][2]["is_seen"], false);
    h.get("feed/notification/n/?mark_read=true");
    let n = h.get("feed/notification/n/");
    assert_eq!(n["unread"], 0);
    assert_eq!(
        n["results"][2]["is_seen"], false,
        "mark_read does not mark seen"
    );
    // a new watch joins the seen group and makes it unseen again
    h.get("feed/notification/n/?mark_seen=True");
    assert_eq!(h.get("feed/notification/n/")["unseen"], 0);
    h.post(
        "feed/notification/n/",
        &json!({"actor": "y", "verb": "watch", "object": 9}),
    );
    let n = h.get("feed/notification/n/");
    let watch = n["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["verb"] == "watch")
        .unwrap()
        .clone();
    assert_eq!(watch["activity_count"], 2);
    assert_eq!(watch["is_seen"], false);
    assert_eq!(n["unseen"], 1);
    // aggregated pagination
    let p = h.get("feed/notification/n/?limit=1");
    assert_eq!(p["results"].as_array().unwrap().len(), 1);
    assert!(p["next"].as_str().unwrap().contains("id_lt="));
    // only flat feeds can be followed
    let a = h.api(
        "POST",
        "feed/timeline/q/follows/",
        &h.server(),
        Some(r#"{"target":"aggregated:a"}"#),
    );
    assert_eq!(a.status, 400);
}

#[test]
fn partial_and_full_updates() {
    let h = Harness::start();
    h.post("feed/user/u/", &json!({"actor": "barry", "object": "09", "verb": "tweet", "time": "2024-03-03T03:03:03.123456", "foreign_id": "fid:123", "product": {"name": "shoes", "price": 9.99, "color": "blue"}}));
    let before = h.get("feed/user/u/")["results"][0].clone();
    let id = before["id"].as_str().unwrap().to_owned();
    let r = h.post("activity/", &json!({"changes": [{"set": {"product.name": "boots", "product.price": 7.99, "popularity": 1000, "foo": {"bar": {"baz": "qux"}}}, "unset": ["product.color"], "id": id}]}));
    assert_eq!(r["activities"][0]["popularity"], 1000);
    let mut expected = before.clone();
    expected["product"] = json!({"name": "boots", "price": 7.99});
    expected["popularity"] = json!(1000);
    expected["foo"] = json!({"bar": {"baz": "qux"}});
    assert_eq!(h.get("feed/user/u/")["results"][0], expected);
    // by foreign_id + time (JS time format), single bare object form (go)
    let single = h.post("activity/", &json!({"foreign_id": "fid:123", "time": "2024-03-03T03:03:03.123Z", "set": {"popularity": 5}}));
    assert_eq!(single["popularity"], 5);
    assert_eq!(single["id"], id.as_str());
    let missing = h.api(
        "POST",
        "activity/",
        &h.server(),
        Some(r#"{"changes":[{"id":"00000000-0000-1000-8080-800000000000","set":{"a":1}}]}"#),
    );
    assert_eq!(missing.status, 404);
    let frozen = h.api(
        "POST",
        "activity/",
        &h.server(),
        Some(&json!({"id": id, "set": {"time": "x"}}).to_string()),
    );
    assert_eq!(frozen.status, 400);
    // update_activities replaces by foreign_id+time, keeping the id
    let mut full = h.get("feed/user/u/")["results"][0].clone();
    full.as_object_mut().unwrap().remove("id");
    full["popularity"] = json!(100);
    h.post("activities/", &json!({"activities": [full]}));
    let after = h.get("feed/user/u/")["results"][0].clone();
    assert_eq!(after["id"], id.as_str());
    assert_eq!(after["popularity"], 100);
    let bad = h.api(
        "POST",
        "activities/",
        &h.server(),
        Some(r#"{"activities":[{"actor":"a","verb":"v","object":"o"}]}"#),
    );
    assert_eq!(bad.status, 400);
}
