//! v2 app settings and tasks on the emulator: `GET`/`PATCH /api/v2/app` keep what they accept;
//! deletions and deactivations complete at once and `GET /api/v2/tasks/{id}` reports them.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

#[test]
fn get_app_answers_the_settings_and_patch_keeps_changes() {
    let v2 = V2::start();
    let (s, r) = v2.call("GET", "app", "", None);
    assert_eq!(s, 200, "{r}");
    assert!(r["duration"].is_string());
    let app = &r["app"];
    assert_eq!(app["webhook_url"], "");
    assert_eq!(app["permission_version"], "v2");
    assert_eq!(app["multi_tenant_enabled"], false);
    assert!(
        app["call_types"]["livestream"]["settings"].is_object(),
        "{app}"
    );
    assert!(app["grants"].is_object());

    let patch = json!({"webhook_url": "https://example.com/hook",
        "webhook_events": ["call.created", "call.ended"], "multi_tenant_enabled": true,
        "video_primary_use_case": "livestreaming", "sqs_url": null});
    let (s, r) = v2.call("PATCH", "app", "", Some(&patch));
    assert_eq!(s, 200, "{r}");
    assert!(r["duration"].is_string());
    let (_, r) = v2.call("GET", "app", "", None);
    assert_eq!(r["app"]["webhook_url"], "https://example.com/hook");
    assert_eq!(
        r["app"]["webhook_events"],
        json!(["call.created", "call.ended"])
    );
    assert_eq!(r["app"]["multi_tenant_enabled"], true);
    assert_eq!(r["app"]["video_primary_use_case"], "livestreaming");
    assert_eq!(r["app"]["sqs_url"], "");
}

#[test]
fn patch_app_refuses_unknown_fields_and_wrong_types_and_keeps_nothing() {
    let v2 = V2::start();
    for bad in [
        json!({"webhook_url": "https://ok.example", "no_such_setting": true}),
        json!({"multi_tenant_enabled": "yes"}),
        json!({"webhook_url": "ftp://example.com"}),
        json!({"webhook_events": [1]}),
        json!({"revoke_tokens_issued_before": "yesterday"}),
    ] {
        assert_v2_error(&v2.call("PATCH", "app", "", Some(&bad)), 400, 4);
    }
    let (_, r) = v2.call("GET", "app", "", None);
    assert_eq!(r["app"]["webhook_url"], "");
    assert_v2_error(&v2.call("POST", "app", "", Some(&json!({}))), 405, 17);
}

#[test]
fn deleting_users_answers_a_task_that_reports_its_result() {
    let v2 = V2::start();
    let users = json!({"users": {"dave": {"id": "dave"}, "eve": {"id": "eve"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
    let body = json!({"user_ids": ["dave", "eve"], "user": "hard"});
    let (s, r) = v2.call("POST", "users/delete", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    let task_id = r["task_id"].as_str().expect("task id").to_owned();
    let (s, task) = v2.call("GET", &format!("tasks/{task_id}"), "", None);
    assert_eq!(s, 200, "{task}");
    assert_eq!(task["task_id"], task_id.as_str());
    assert_eq!(task["status"], "completed");
    assert_eq!(task["result"]["dave"]["status"], "ok");
    assert_eq!(task["result"]["eve"]["status"], "ok");
    assert!(task["created_at"].is_i64() && task["updated_at"].is_i64());
    assert!(task["duration"].is_string());

    let (_, d) = v2.call(
        "POST",
        "users/deactivate",
        "",
        Some(&json!({"user_ids": ["dave"]})),
    );
    assert!(d.get("task_id").is_none() || d["task_id"].is_string());
}

#[test]
fn hard_deleting_a_call_answers_a_completed_task() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice"}});
    assert_eq!(
        v2.call("POST", "video/call/default/c1", "", Some(&body)).0,
        201
    );
    let (s, r) = v2.call(
        "POST",
        "video/call/default/c1/delete",
        "",
        Some(&json!({"hard": true})),
    );
    assert_eq!(s, 201, "{r}");
    let task_id = r["task_id"].as_str().expect("task id");
    let (_, task) = v2.call("GET", &format!("tasks/{task_id}"), "", None);
    assert_eq!(task["status"], "completed");
    assert_eq!(task["result"]["default:c1"]["status"], "ok");
}

#[test]
fn an_unknown_task_is_a_v2_not_found() {
    let v2 = V2::start();
    let r = v2.call(
        "GET",
        "tasks/11111111-2222-4333-8444-555555555555",
        "",
        None,
    );
    assert_v2_error(&r, 404, 16);
    assert!(
        r.1["message"]
            .as_str()
            .unwrap()
            .starts_with("GetTask failed")
    );
}
