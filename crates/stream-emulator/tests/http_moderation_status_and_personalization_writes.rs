//! Moderation statuses (one, a batch), the user moderation cache, and posting to and deleting
//! from personalization resources, over HTTP in the shapes stream-go2 sends and decodes.

mod http_others_util;

use http_others_util::{Client, assert_error};
use serde_json::json;
use stream_auth::Resource;
use stream_emulator::Emulator;

#[test]
fn statuses_are_kept_and_batches_answer_per_entity() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let m = c.scoped(Resource::Moderation);
    let one = json!({"entity_id":"foo", "entity_type":"stream:feeds:v2:activity", "moderator_id": "moderator_123", "latest_moderator_action":"mark_safe", "recommended_action":"watch", "status":"complete"});
    let r = c.call("POST", "moderation/status/", "", &m, Some(&one));
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(r.json()["duration"].is_string());

    let batch = json!({"moderator_id":"moderator_123","updates":[
        {"entity_type":"stream:feeds:v2:activity","entity_id":"activity_1","status":"complete","recommended_action":"watch","latest_moderator_action":"mark_safe"},
        {"entity_type":"stream:feeds:v2:reaction","entity_id":"reaction_1","status":"complete","recommended_action":"flag","latest_moderator_action":"mark_harmful"}]});
    let r = c.call("POST", "moderation/status/batch/", "", &m, Some(&batch));
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(
        r.json()["results"],
        json!([
            {"entity_id": "activity_1", "entity_type": "stream:feeds:v2:activity", "success": true},
            {"entity_id": "reaction_1", "entity_type": "stream:feeds:v2:reaction", "success": true}
        ])
    );
    let data = emu.app_data("key123").unwrap();
    assert_eq!(data["misc"]["statuses"].as_array().unwrap().len(), 3);
    assert_eq!(data["misc"]["statuses"][0]["moderator_id"], "moderator_123");

    let twice = json!({"moderator_id":"m","updates":[
        {"entity_type":"t","entity_id":"1","status":"complete"},
        {"entity_type":"t","entity_id":"1","status":"complete"}]});
    assert_error(
        &c.call("POST", "moderation/status/batch/", "", &m, Some(&twice)),
        400,
        4,
    );
    let none = json!({"moderator_id":"m","updates":[]});
    assert_error(
        &c.call("POST", "moderation/status/batch/", "", &m, Some(&none)),
        400,
        4,
    );
    let no_moderator = json!({"entity_id":"foo", "entity_type":"t", "status":"complete"});
    assert_error(
        &c.call("POST", "moderation/status/", "", &m, Some(&no_moderator)),
        400,
        4,
    );

    let r = c.call("DELETE", "moderation/user/cache/foo/", "", &m, None);
    assert_eq!(r.status, 200, "{}", r.json());
}

#[test]
fn personalization_resources_keep_posted_data_until_deleted() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let p = c.scoped(Resource::Personalization);
    let path = "/personalization/v1.0/some_resource/";
    let r = c.call(
        "POST",
        path,
        "answer=42&feed=user%3A123",
        &p,
        Some(&json!({"data": {"foo": "bar", "baz": 42}})),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(r.json()["results"], json!([{"foo": "bar", "baz": 42}]));
    let r = c.call("POST", path, "feed=user%3A9", &p, Some(&json!({"n": 1})));
    assert_eq!(
        r.json()["results"],
        json!([{"n": 1}]),
        "a bare object, as JS posts it"
    );

    let r = c.call("DELETE", path, "feed=user%3A123", &p, None);
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(r.json()["results"], json!([{"foo": "bar", "baz": 42}]));
    let r = c.call("DELETE", path, "", &p, None);
    assert_eq!(r.json()["results"], json!([{"n": 1}]));
    let r = c.call("DELETE", path, "", &p, None);
    assert_eq!(r.json()["results"], json!([]));
    // The follow recommendations resource still reads as before.
    let r = c.call(
        "GET",
        "/personalization/v1.0/follow_recommendations/",
        "user_id=alice",
        &p,
        None,
    );
    assert_eq!(r.status, 200, "{}", r.json());
}
