//! Analytics, audit logs, data privacy, moderation and personalization over HTTP.

mod http_others_util;

use http_others_util::{Client, assert_error};
use serde_json::json;
use stream_auth::Resource;
use stream_emulator::Emulator;

#[test]
fn analytics_events() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let eng = json!({"content_list": [{"content": "1", "label": "click", "features": [{"group": "topic", "value": "js"}], "user_data": "alice"}]});
    let r = c.srv("POST", "/analytics/v1.0/engagement/", "", Some(&eng));
    assert_eq!(r.status, 201, "{}", r.json());
    let imp = json!([{"content_list": ["1", "2"], "features": [{"group": "topic", "value": "js"}], "user_data": {"id": "alice", "alias": "Alice"}}]);
    let analytics = c.scoped(Resource::Analytics);
    assert_eq!(
        c.call(
            "POST",
            "/analytics/v1.0/impression",
            "",
            &analytics,
            Some(&imp)
        )
        .status,
        201
    );
    assert_error(
        &c.srv(
            "POST",
            "/analytics/v1.0/engagement/",
            "",
            Some(&json!({"content_list": [{"label": "x"}]})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "/analytics/v1.0/impression/",
            "",
            Some(&json!([{"user_data": "a"}])),
        ),
        400,
        4,
    );
    let data = emu.app_data("key123").unwrap();
    assert_eq!(
        data["misc"]["engagements"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        data["misc"]["impressions"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn audit_logs_record_changes() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    c.srv(
        "POST",
        "user/",
        "",
        Some(&json!({"id": "alice", "data": {}})),
    );
    c.srv("PUT", "user/alice/", "", Some(&json!({"data": {"a": 1}})));
    c.srv(
        "POST",
        "collections/food/",
        "",
        Some(&json!({"id": "p", "data": {}})),
    );
    let r = c.srv(
        "GET",
        "audit_logs/",
        "entity_type=user&entity_id=alice&limit=5",
        None,
    );
    assert_eq!(r.status, 200, "{}", r.json());
    let logs = r.json()["audit_logs"].clone();
    assert_eq!(logs.as_array().unwrap().len(), 2);
    assert_eq!(logs[0]["action"], "update");
    assert_eq!(logs[1]["action"], "create");
    let r = c.srv("GET", "audit_logs/", "entity_type=collection", None);
    assert_eq!(r.json()["audit_logs"][0]["entity_id"], "food:p");
    assert_error(&c.srv("GET", "audit_logs/", "limit=1000", None), 400, 4);
    assert_error(
        &c.call("GET", "audit_logs/", "", &c.user("alice"), None),
        403,
        17,
    );
}

#[test]
fn data_privacy_and_moderation() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let r = c.srv(
        "POST",
        "reaction/",
        "",
        Some(&json!({"kind": "like", "activity_id": "act-9", "user_id": "alice"})),
    );
    let rid = r.json()["id"].as_str().unwrap().to_owned();
    let body = json!({"activities": [{"id": "act-9", "remove_from_feeds": ["user:alice", "timeline:alice"]}]});
    let r = c.srv("POST", "data_privacy/delete_activities/", "", Some(&body));
    assert!(r.status == 200 || r.status == 201, "{}", r.json());
    assert_error(
        &c.srv("GET", &format!("reaction/{rid}/"), "", None),
        404,
        16,
    );
    assert_error(
        &c.srv(
            "POST",
            "data_privacy/delete_activities/",
            "",
            Some(&json!({"activities": [{"x": 1}]})),
        ),
        400,
        4,
    );
    assert_error(
        &c.srv(
            "POST",
            "data_privacy/delete_activities/",
            "",
            Some(&json!({})),
        ),
        400,
        4,
    );
    assert_error(
        &c.call(
            "POST",
            "data_privacy/delete_activities/",
            "",
            &c.user("alice"),
            Some(&body),
        ),
        403,
        17,
    );

    let flag = json!({"entity_type": "stream:user", "entity_id": "bob", "user_id": "alice", "reason": "spam"});
    let r = c.srv("POST", "moderation/flag", "", Some(&flag));
    assert!(r.status == 200 || r.status == 201, "{}", r.json());
    assert_eq!(
        c.srv("POST", "moderation/flag/", "", Some(&flag)).status,
        r.status
    );
    assert_error(
        &c.call("POST", "moderation/flag", "", &c.user("carol"), Some(&flag)),
        403,
        17,
    );
    assert_error(
        &c.srv(
            "POST",
            "moderation/flag",
            "",
            Some(&json!({"entity_id": "bob", "user_id": "a"})),
        ),
        400,
        4,
    );
    let data = emu.app_data("key123").unwrap();
    assert_eq!(data["misc"]["flags"].as_array().map(Vec::len), Some(2));
}

#[test]
fn personalization_endpoints() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let p = c
        .signer
        .sign_json(r#"{"action":"*","resource":"personalization","feed_id":"*","user_id":"*"}"#);
    let r = c.call(
        "GET",
        "/personalization/v1.0/follow_recommendations/",
        "user_id=alice&limit=10&offset=5",
        p.as_str(),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(r.json()["results"].is_array());
    assert_error(
        &c.call(
            "GET",
            "/personalization/v1.0/follow_recommendations/",
            "limit=1",
            p.as_str(),
            None,
        ),
        400,
        4,
    );
    assert_error(
        &c.call(
            "GET",
            "/personalization/v1.0/follow_recommendations/",
            "user_id=a&limit=x",
            p.as_str(),
            None,
        ),
        400,
        4,
    );
    let r = c.srv(
        "GET",
        "enrich/personalization/feed/",
        "feed_slug=timeline&user_id=alice&limit=5",
        None,
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(r.json()["results"].is_array());
    assert_error(
        &c.call(
            "GET",
            "/personalization/v1.0/follow_recommendations/",
            "user_id=a",
            &c.scoped(Resource::Users),
            None,
        ),
        403,
        17,
    );
}

#[test]
fn analytics_redirect_golden_urls() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for file in ["python_tokens.json", "js_tokens.json"] {
        let path = format!(
            "{}/../../tests/fixtures/golden/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let tokens: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let url = tokens["create_redirect_url"]["url"].as_str().unwrap();
        let target = url.trim_start_matches("https://analytics.stream-io-api.com");
        let r = http_others_util::raw(c.addr, "GET", target, &[], b"");
        assert_eq!(
            r.status,
            302,
            "{file}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(
            r.header("location")
                .unwrap()
                .starts_with("https://example.com/landing?a=1&b=two"),
            "{file}"
        );
    }
    let data = emu.app_data("key123").unwrap();
    assert_eq!(
        data["misc"]["engagements"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        data["misc"]["impressions"].as_array().map(Vec::len),
        Some(2)
    );
    // Bad token, missing url.
    let r = http_others_util::raw(
        c.addr,
        "GET",
        "/analytics/redirect/?api_key=key123&authorization=x.y.z&url=https%3A%2F%2Fa.b%2F",
        &[],
        b"",
    );
    assert_error(&r, 401, 3);
    let token = c.server();
    let r = http_others_util::raw(
        c.addr,
        "GET",
        &format!("/analytics/redirect/?api_key=key123&authorization={token}"),
        &[],
        b"",
    );
    assert_error(&r, 400, 4);
}
