//! Reactions read many by id, the filter's user options, and the batch `to`-targets answer,
//! over HTTP in the shapes stream-go2 decodes.

mod http_others_util;

use http_others_util::{Client, assert_error};
use serde_json::json;
use stream_emulator::Emulator;

#[test]
fn get_many_answers_reactions_in_the_order_asked() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for (id, user) in [("r1", "alice"), ("r2", "bob"), ("r3", "carol")] {
        let body = json!({"id": id, "kind": "like", "activity_id": "act-1", "user_id": user});
        assert_eq!(c.srv("POST", "reaction/", "", Some(&body)).status, 201);
    }
    assert_eq!(
        c.srv("DELETE", "reaction/r3/", "soft=true", None).status,
        200
    );
    let r = c.srv("GET", "reaction/get_many/", "ids=r2%2Cnope%2Cr1%2Cr3", None);
    assert_eq!(r.status, 200, "{}", r.json());
    let body = r.json();
    let ids: Vec<&str> = body["reactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["r2", "r1"],
        "unknown and soft-deleted ids are left out"
    );
    assert!(body["duration"].is_string());
    let r = c.srv(
        "GET",
        "reaction/get_many/",
        "ids=r3&include_deleted=true",
        None,
    );
    assert_eq!(r.json()["reactions"][0]["id"], "r3");
    assert!(r.json()["reactions"][0]["deleted_at"].is_string());
    assert_error(&c.srv("GET", "reaction/get_many/", "", None), 400, 4);
}

#[test]
fn filter_by_user_and_own_children_of_another_user() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for (id, user) in [("r1", "alice"), ("r2", "bob")] {
        let body = json!({"id": id, "kind": "like", "activity_id": "act-1", "user_id": user});
        assert_eq!(c.srv("POST", "reaction/", "", Some(&body)).status, 201);
    }
    let child = json!({"id": "c1", "kind": "reply", "parent": "r1", "user_id": "dave"});
    assert_eq!(c.srv("POST", "reaction/", "", Some(&child)).status, 201);

    let r = c.srv(
        "GET",
        "reaction/activity_id/act-1/",
        "filter_user_id=bob",
        None,
    );
    let results = r.json()["results"].clone();
    assert_eq!(results.as_array().unwrap().len(), 1, "{results}");
    assert_eq!(results[0]["id"], "r2");

    let r = c.srv(
        "GET",
        "reaction/activity_id/act-1/",
        "filter_user_id=alice&with_own_children=true&user_id=zed&children_user_id=dave",
        None,
    );
    let got = r.json();
    assert_eq!(got["results"][0]["id"], "r1");
    assert_eq!(
        got["results"][0]["own_children"]["reply"][0]["id"], "c1",
        "children_user_id picks whose own children: {got}"
    );
}

#[test]
fn batch_to_targets_answers_the_first_change() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for fid in ["x:1", "x:2"] {
        let act = json!({"actor": "alice", "verb": "post", "object": fid, "foreign_id": fid,
            "time": "2024-01-01T00:00:00", "to": ["user:team"]});
        let added = c.srv("POST", "feed/user/alice/", "", Some(&act));
        assert!(added.status < 300, "{}", added.json());
    }
    let batch = json!([
        {"foreign_id": "x:1", "time": "2024-01-01T00:00:00", "added_targets": ["user:new"]},
        {"foreign_id": "x:2", "time": "2024-01-01T00:00:00", "new_targets": ["user:other"]}
    ]);
    let r = c.srv(
        "POST",
        "feed_targets/user/alice/activity_to_targets/",
        "",
        Some(&batch),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    let body = r.json();
    assert_eq!(body["activity"]["foreign_id"], "x:1");
    assert_eq!(body["activity"]["to"], json!(["user:team", "user:new"]));
    assert_eq!(body["added"], json!(["user:new"]));
    assert_eq!(body["removed"], json!([]));
    let second = c.srv("GET", "feed/user/other/", "", None).json();
    assert_eq!(
        second["results"][0]["foreign_id"], "x:2",
        "later changes apply too"
    );
    assert_error(
        &c.srv(
            "POST",
            "feed_targets/user/alice/activity_to_targets/",
            "",
            Some(&json!([])),
        ),
        400,
        4,
    );
}
