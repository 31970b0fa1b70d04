//! Collections and users over HTTP.

mod http_others_util;

use http_others_util::{Client, assert_error};
use serde_json::json;
use stream_auth::Resource;
use stream_emulator::Emulator;

#[test]
fn collections_crud_and_batch() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let py = c
        .signer
        .sign_json(r#"{"action":"*","resource":"collections","feed_id":"*","user_id":"*"}"#);
    let py = py.as_str();
    let add = c.call(
        "POST",
        "collections/food/",
        "",
        py,
        Some(&json!({"id": "pizza-1", "data": {"name": "pizza", "rating": 5}, "user_id": "alice"})),
    );
    assert_eq!(add.status, 201, "{}", add.json());
    let v = add.json();
    assert_eq!(v["foreign_id"], "food:pizza-1");
    assert_eq!(v["collection"], "food");
    assert_eq!(v["data"]["rating"], 5);
    assert_error(
        &c.call(
            "POST",
            "collections/food/",
            "",
            py,
            Some(&json!({"id": "pizza-1", "data": {}})),
        ),
        409,
        22,
    );
    // Generated id, Python's explicit null id.
    let gen_id = c.srv(
        "POST",
        "collections/food",
        "",
        Some(&json!({"id": null, "data": {"name": "x"}, "user_id": null})),
    );
    assert_eq!(gen_id.status, 201, "{}", gen_id.json());
    assert_eq!(gen_id.json()["id"].as_str().unwrap().len(), 36);

    let got = c.srv("GET", "collections/food/pizza-1/", "", None);
    assert_eq!(got.json()["data"]["name"], "pizza");
    let up = c.srv(
        "PUT",
        "collections/food/pizza-1/",
        "",
        Some(&json!({"data": {"name": "pizza", "rating": 4}})),
    );
    assert_eq!(up.status, 200);
    assert_eq!(up.json()["data"]["rating"], 4);
    assert_error(
        &c.srv(
            "PUT",
            "collections/food/nope/",
            "",
            Some(&json!({"data": {}})),
        ),
        404,
        16,
    );
    assert_eq!(
        c.call(
            "DELETE",
            "collections/food/pizza-1/",
            "",
            py,
            Some(&json!({}))
        )
        .status,
        200
    );
    assert_error(
        &c.srv("GET", "collections/food/pizza-1/", "", None),
        404,
        16,
    );
    assert_error(
        &c.srv(
            "POST",
            "collections/bad%20name/",
            "",
            Some(&json!({"data": {}})),
        ),
        400,
        4,
    );

    // Upsert, select (both encodings), delete_many (both id forms).
    let coll = c.scoped(Resource::Collections);
    let up = c.call("POST", "collections/", "", &coll, Some(&json!({"data": {"food": [{"id": "burger-1", "name": "burger"}, {"id": "taco-1", "name": "taco"}]}})));
    assert_eq!(up.status, 201, "{}", up.json());
    assert_eq!(up.json()["data"]["food"][0]["data"]["name"], "burger");
    let sel = c.call(
        "GET",
        "collections/",
        "foreign_ids=food%3Aburger-1%2Cfood%3Ataco-1",
        &coll,
        None,
    );
    assert_eq!(sel.status, 200);
    let data = sel.json()["response"]["data"].clone();
    assert_eq!(data.as_array().unwrap().len(), 2);
    assert_eq!(data[0]["foreign_id"], "food:burger-1");
    assert_eq!(data[1]["data"]["name"], "taco");
    let sel = c.call(
        "GET",
        "collections/",
        "foreign_ids=food:burger-1,food:taco-1",
        &coll,
        None,
    );
    assert_eq!(sel.json()["response"]["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        c.call(
            "DELETE",
            "collections/",
            "collection_name=food&ids=burger-1&ids=taco-1",
            &coll,
            Some(&json!({}))
        )
        .status,
        200
    );
    let sel = c.call(
        "GET",
        "collections/",
        "foreign_ids=food:burger-1,food:taco-1",
        &coll,
        None,
    );
    assert!(
        sel.json()["response"]["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    c.call(
        "POST",
        "collections/",
        "",
        &coll,
        Some(&json!({"data": {"food": [{"id": "a"}, {"id": "b"}]}})),
    );
    assert_eq!(
        c.call(
            "DELETE",
            "collections/",
            "collection_name=food&ids=a,b",
            &coll,
            None
        )
        .status,
        200
    );
    assert_error(
        &c.call("DELETE", "collections/", "ids=a", &coll, None),
        400,
        4,
    );
    assert_error(
        &c.call(
            "POST",
            "collections/",
            "",
            &coll,
            Some(&json!({"data": {"food": [1]}})),
        ),
        400,
        4,
    );
    assert_error(
        &c.call("POST", "collections/", "", &coll, Some(&json!({}))),
        400,
        4,
    );

    // User tokens: own entries only; batch endpoints are server-side only.
    let alice = c.user("alice");
    let bob = c.user("bob");
    let mine = c.call(
        "POST",
        "collections/food/",
        "",
        &alice,
        Some(&json!({"id": "salad", "data": {}})),
    );
    assert_eq!(mine.status, 201, "{}", mine.json());
    assert!(mine.json().get("user_id").is_none(), "{}", mine.json());
    assert_error(
        &c.call(
            "POST",
            "collections/food/",
            "",
            &alice,
            Some(&json!({"data": {}, "user_id": "bob"})),
        ),
        403,
        17,
    );
    assert_eq!(
        c.call("GET", "collections/food/salad/", "", &bob, None)
            .status,
        200
    );
    assert_error(
        &c.call(
            "PUT",
            "collections/food/salad/",
            "",
            &bob,
            Some(&json!({"data": {}})),
        ),
        403,
        17,
    );
    assert_error(
        &c.call("DELETE", "collections/food/salad/", "", &bob, None),
        403,
        17,
    );
    assert_eq!(
        c.call("DELETE", "collections/food/salad/", "", &alice, None)
            .status,
        200
    );
    assert_error(
        &c.call("GET", "collections/", "foreign_ids=food:a", &alice, None),
        403,
        17,
    );
    // A users/ token cannot use collections.
    assert_error(
        &c.call(
            "GET",
            "collections/food/x/",
            "",
            &c.scoped(Resource::Users),
            None,
        ),
        403,
        17,
    );
}

#[test]
fn users_crud_and_batch() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let py = c.scoped(Resource::Users);
    let add = c.call(
        "POST",
        "user/",
        "get_or_create=True",
        &py,
        Some(&json!({"id": "alice", "data": {"name": "Alice"}})),
    );
    assert_eq!(add.status, 201, "{}", add.json());
    let first = add.json();
    assert_eq!(first["id"], "alice");
    assert_eq!(first["data"]["name"], "Alice");
    let again = c.srv(
        "POST",
        "user/",
        "get_or_create=true",
        Some(&json!({"id": "alice", "data": {"name": "Other"}})),
    );
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["created_at"], first["created_at"]);
    assert_eq!(again.json()["data"]["name"], "Alice");
    assert_error(
        &c.srv(
            "POST",
            "user/",
            "",
            Some(&json!({"id": "alice", "data": {}})),
        ),
        409,
        22,
    );
    let fresh = c.srv(
        "POST",
        "user",
        "",
        Some(&json!({"id": "carol", "data": null})),
    );
    assert_eq!(fresh.json()["data"], json!({}));
    assert_error(
        &c.srv("POST", "user/", "", Some(&json!({"data": {}}))),
        400,
        4,
    );
    assert_error(
        &c.srv("POST", "user/", "", Some(&json!({"id": "a b"}))),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "user/",
            "get_or_create=perhaps",
            Some(&json!({"id": "x"})),
        ),
        400,
        4,
    );

    let got = c.call("GET", "user/alice/", "with_follow_counts=True", &py, None);
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["followers_count"], 0);
    assert_eq!(got.json()["following_count"], 0);
    assert!(
        c.srv("GET", "user/alice", "", None)
            .json()
            .get("followers_count")
            .is_none()
    );
    let up = c.srv(
        "PUT",
        "user/alice/",
        "",
        Some(&json!({"data": {"name": "Alice B"}})),
    );
    assert_eq!(up.json()["data"]["name"], "Alice B");
    assert_eq!(up.json()["created_at"], first["created_at"]);
    assert_eq!(
        c.call("DELETE", "user/alice/", "", &py, Some(&json!({})))
            .status,
        200
    );
    assert_error(&c.srv("GET", "user/alice/", "", None), 404, 16);
    assert_error(
        &c.srv("PUT", "user/alice/", "", Some(&json!({"data": {}}))),
        404,
        16,
    );
    assert_error(&c.srv("DELETE", "user/alice/", "", None), 404, 16);

    // Batch (JS).
    let b = c.srv("POST", "users/", "", Some(&json!({"users": [{"id": "u1", "data": {"name": "U1"}}, {"id": "u2"}], "override": true})));
    assert_eq!(b.status, 201, "{}", b.json());
    assert_eq!(b.json()["created_users"].as_array().unwrap().len(), 2);
    let g = c.srv("GET", "users/", "ids=u1,u2,u3", None);
    assert_eq!(g.json()["users"].as_array().unwrap().len(), 2);
    let d = c.srv("DELETE", "users/", "ids=u1&ids=u2", None);
    assert_eq!(d.json()["deleted_user_ids"], json!(["u1", "u2"]));
    assert_error(&c.srv("GET", "users/", "", None), 400, 4);
    assert_error(
        &c.srv("POST", "users/", "", Some(&json!({"users": "x"}))),
        400,
        4,
    );

    // User tokens: create/update/delete only themselves, read anyone; no batch.
    let dave = c.user("dave");
    assert_eq!(
        c.call(
            "POST",
            "user/",
            "get_or_create=true",
            &dave,
            Some(&json!({"id": "dave", "data": {}}))
        )
        .status,
        201
    );
    assert_error(
        &c.call(
            "POST",
            "user/",
            "",
            &dave,
            Some(&json!({"id": "erin", "data": {}})),
        ),
        403,
        17,
    );
    assert_eq!(c.call("GET", "user/carol/", "", &dave, None).status, 200);
    assert_error(
        &c.call("PUT", "user/carol/", "", &dave, Some(&json!({"data": {}}))),
        403,
        17,
    );
    assert_error(&c.call("DELETE", "user/carol/", "", &dave, None), 403, 17);
    assert_error(&c.call("GET", "users/", "ids=carol", &dave, None), 403, 17);
    assert_error(
        &c.call(
            "GET",
            "user/carol/",
            "",
            &c.scoped(Resource::Reactions),
            None,
        ),
        403,
        17,
    );
}
