//! Reactions over HTTP: add/get/update/delete/restore/filter, children, auth rules, errors.

mod http_others_util;

use http_others_util::{Client, assert_error, raw};
use serde_json::json;
use stream_auth::Resource;
use stream_emulator::Emulator;

#[test]
fn reaction_lifecycle() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let py = c.scoped(Resource::Reactions);
    // Python form: explicit nulls, reactions/*/* token.
    let body = json!({"kind": "like", "activity_id": "act-1", "data": {"text": "nice"},
        "target_feeds": null, "target_feeds_extra_data": null, "user_id": "alice"});
    let r = c.call("POST", "reaction/", "", &py, Some(&body));
    assert_eq!(r.status, 201, "{}", r.json());
    let added = r.json();
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(added["kind"], "like");
    assert_eq!(added["parent"], "");
    assert_eq!(added["latest_children"], json!({}));
    assert!(added["duration"].is_string());

    // JS form: no trailing slash variant, */*/* token, client-chosen id.
    let js = json!({"id": "r-js", "activity_id": "act-1", "kind": "comment", "data": {}, "target_feeds": [], "user_id": "bob"});
    let r = c.srv("POST", "/api/v1.0/reaction", "", Some(&js));
    assert_eq!(r.status, 201, "{}", r.json());
    assert_eq!(r.json()["id"], "r-js");
    assert_error(&c.srv("POST", "reaction/", "", Some(&js)), 409, 22);

    // Get; filter results equal add responses minus duration.
    let got = c.call("GET", &format!("reaction/{id}/"), "", &py, None);
    assert_eq!(got.status, 200);
    let mut expected = added.clone();
    expected.as_object_mut().unwrap().remove("duration");
    let mut got_v = got.json();
    got_v.as_object_mut().unwrap().remove("duration");
    assert_eq!(got_v, expected);

    // Child reactions and nesting.
    let child = c.srv(
        "POST",
        "reaction/",
        "",
        Some(&json!({"parent": id, "kind": "reply", "user_id": "bob", "target_feeds": null})),
    );
    assert_eq!(child.status, 201, "{}", child.json());
    let child_id = child.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(child.json()["activity_id"], "act-1");
    let grand = c.srv(
        "POST",
        "reaction/",
        "",
        Some(&json!({"parent": child_id, "kind": "reply", "user_id": "bob"})),
    );
    let grand_id = grand.json()["id"].as_str().unwrap().to_owned();
    let too_deep = c.srv(
        "POST",
        "reaction/",
        "",
        Some(&json!({"parent": grand_id, "kind": "reply", "user_id": "bob"})),
    );
    assert_error(&too_deep, 400, 4);
    let parent = c.srv("GET", &format!("reaction/{id}"), "", None).json();
    assert_eq!(parent["children_counts"]["reply"], 1);

    // Filter by activity (Python's leaked query params), by reaction, by user.
    let f = c.call(
        "GET",
        "reaction/activity_id/act-1/like/",
        "activity_id=act-1&kind=like&limit=5&id_lt=ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee",
        &py,
        None,
    );
    assert_eq!(f.status, 200, "{}", f.json());
    assert_eq!(f.json()["results"].as_array().unwrap().len(), 1);
    assert_eq!(f.json()["next"], "");
    let f = c.srv(
        "GET",
        "reaction/activity_id/act-1/",
        "limit=10&with_activity_data=true",
        None,
    );
    assert_eq!(f.json()["results"].as_array().unwrap().len(), 2);
    assert_eq!(f.json()["results"][0]["id"], "r-js", "newest first");
    let f = c.srv(
        "GET",
        &format!("reaction/reaction_id/{id}/"),
        "with_own_children=true&user_id=bob",
        None,
    );
    assert_eq!(f.json()["results"][0]["id"], child_id.as_str());
    assert_eq!(
        f.json()["results"][0]["own_children"]["reply"][0]["id"],
        grand_id.as_str()
    );
    let f = c.srv("GET", "reaction/user_id/bob/", "", None);
    assert_eq!(f.json()["results"].as_array().unwrap().len(), 3);
    assert_error(&c.srv("GET", "reaction/nonsense/x/", "", None), 400, 4);
    assert_error(
        &c.srv("GET", "reaction/user_id/bob/", "limit=abc", None),
        400,
        4,
    );

    // Update.
    let u = c.srv(
        "PUT",
        &format!("reaction/{id}/"),
        "",
        Some(&json!({"data": {"text": "edited"}, "target_feeds": []})),
    );
    assert_eq!(u.status, 200);
    assert_eq!(u.json()["data"]["text"], "edited");

    // Soft delete (Python `{}` body, `True`), restore with JS's empty form body, hard delete.
    let d = c.call(
        "DELETE",
        &format!("reaction/{id}/"),
        "soft=True",
        &py,
        Some(&json!({})),
    );
    assert_eq!(d.status, 200, "{}", d.json());
    let g = c.srv("GET", &format!("reaction/{id}/"), "", None).json();
    assert!(g["deleted_at"].is_string());
    let f = c.srv("GET", "reaction/activity_id/act-1/like/", "", None);
    assert!(f.json()["results"].as_array().unwrap().is_empty());
    let target = c.target(&format!("reaction/{id}/restore/"), "location=unspecified");
    let token = c.server();
    let r = raw(
        c.addr,
        "PUT",
        &target,
        &[
            ("authorization", &token),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert_error(
        &raw(c.addr, "PUT", &target, &[("authorization", &token)], b""),
        404,
        16,
    );
    let d = c.srv("DELETE", &format!("reaction/{id}/"), "soft=false", None);
    assert_eq!(d.status, 200);
    assert_error(&c.srv("GET", &format!("reaction/{id}/"), "", None), 404, 16);
    assert_error(
        &c.srv("GET", &format!("reaction/{child_id}/"), "", None),
        404,
        16,
    );
    assert_error(&c.srv("DELETE", "reaction/missing/", "", None), 404, 16);
}

#[test]
fn reaction_input_and_auth_errors() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    // Malformed JSON, wrong types, missing fields.
    let target = c.target("reaction/", "");
    let token = c.server();
    let r = raw(
        c.addr,
        "POST",
        &target,
        &[
            ("authorization", &token),
            ("content-type", "application/json"),
        ],
        b"{nope",
    );
    assert_error(&r, 400, 4);
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"activity_id": "a", "user_id": "u"})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "like", "user_id": "u"})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "like", "activity_id": "a"})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": 3, "activity_id": "a", "user_id": "u"})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(
                &json!({"kind": "l", "activity_id": "a", "user_id": "u", "target_feeds": ["bad"]}),
            ),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv("POST", "reaction/", "", Some(&json!([1, 2]))),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "l", "parent": "nope", "user_id": "u"})),
        ),
        400,
        4,
    );

    // Wrong scope: a feed token cannot touch reactions.
    let feed_token = c.scoped(Resource::Feed);
    let r = c.call(
        "POST",
        "reaction/",
        "",
        &feed_token,
        Some(&json!({"kind": "l", "activity_id": "a", "user_id": "u"})),
    );
    assert_error(&r, 403, 17);
    // No token / bad key.
    let r = raw(c.addr, "GET", &c.target("reaction/x/", ""), &[], b"");
    assert_error(&r, 401, 3);

    // User tokens act only as themselves.
    let alice = c.user("alice");
    let r = c.call(
        "POST",
        "reaction/",
        "",
        &alice,
        Some(&json!({"kind": "like", "activity_id": "a"})),
    );
    assert_eq!(r.status, 201, "{}", r.json());
    assert_eq!(r.json()["user_id"], "alice");
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let r = c.call(
        "POST",
        "reaction/",
        "",
        &alice,
        Some(&json!({"kind": "like", "activity_id": "a", "user_id": "bob"})),
    );
    assert_error(&r, 400, 4);
    let bob = c.user("bob");
    assert_error(
        &c.call("DELETE", &format!("reaction/{id}/"), "", &bob, None),
        403,
        17,
    );
    assert_error(
        &c.call(
            "PUT",
            &format!("reaction/{id}/"),
            "",
            &bob,
            Some(&json!({"data": {}})),
        ),
        403,
        17,
    );
    assert_eq!(
        c.call("GET", &format!("reaction/{id}/"), "", &bob, None)
            .status,
        200
    );
    assert_eq!(
        c.call("DELETE", &format!("reaction/{id}/"), "", &alice, None)
            .status,
        200
    );
}

#[test]
fn reaction_filter_pagination_and_limit() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for i in 0..30 {
        let r = c.srv(
            "POST",
            "reaction/",
            "",
            Some(&json!({"kind": "like", "activity_id": "a", "user_id": format!("u{i}")})),
        );
        assert_eq!(r.status, 201);
    }
    let page = c
        .srv("GET", "reaction/activity_id/a/like/", "limit=100", None)
        .json();
    assert_eq!(page["results"].as_array().unwrap().len(), 25);
    assert_eq!(page["results"][0]["user_id"], "u29");
    let next = page["next"].as_str().unwrap().to_owned();
    assert!(
        next.starts_with("/api/v1.0/reaction/activity_id/a/like/?id_lt="),
        "{next}"
    );
    let (path, query) = next.split_once('?').unwrap();
    let rest = c.srv("GET", path, query, None).json();
    assert_eq!(rest["results"].as_array().unwrap().len(), 5);
    assert_eq!(rest["results"][4]["user_id"], "u0");
    assert_eq!(rest["next"], "");
    let default = c.srv("GET", "reaction/activity_id/a/", "", None).json();
    assert_eq!(default["results"].as_array().unwrap().len(), 10);
}
