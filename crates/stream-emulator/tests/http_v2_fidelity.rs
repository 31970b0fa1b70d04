//! v2 answers the official v2 SDKs depend on: a call's creator is created when unknown (members
//! are not), and every error under `/api/v2/` and `/video/`, unknown routes and methods
//! included, is in the v2 error format.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

#[test]
fn a_call_creator_that_does_not_exist_is_created() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "newcomer"}});
    let (s, r) = v2.call("POST", "video/call/default/c1", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["call"]["created_by"]["id"], "newcomer");
    assert_eq!(r["call"]["created_by"]["role"], "user");
    let filter = json!({"filter_conditions": {"id": "newcomer"}}).to_string();
    let query = format!("&payload={}", urlencode(&filter));
    let (s, users) = v2.call("GET", "users", &query, None);
    assert_eq!(s, 200, "{users}");
    assert_eq!(users["users"][0]["id"], "newcomer");
}

#[test]
fn members_must_still_exist_and_nothing_is_created_when_they_do_not() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "newcomer", "members": [{"user_id": "ghost"}]}});
    let r = v2.call("POST", "video/call/default/c1", "", Some(&body));
    assert_v2_error(&r, 400, 4);
    assert!(
        r.1["message"].as_str().unwrap().contains("ghost"),
        "{}",
        r.1
    );
    assert!(
        !r.1["message"].as_str().unwrap().contains("newcomer"),
        "{}",
        r.1
    );
    let filter = json!({"filter_conditions": {"id": "newcomer"}}).to_string();
    let query = format!("&payload={}", urlencode(&filter));
    let (_, users) = v2.call("GET", "users", &query, None);
    assert_eq!(users["users"], json!([]), "{users}");
}

#[test]
fn unknown_routes_and_methods_answer_in_the_v2_format() {
    let v2 = V2::start();
    let unknown = v2.call("GET", "no/such/route", "", None);
    assert_v2_error(&unknown, 404, 16);
    assert_eq!(
        unknown.1["message"],
        "url not found: GET /api/v2/no/such/route"
    );
    let wrong_method = v2.call("DELETE", "video/calls", "", None);
    assert_v2_error(&wrong_method, 405, 17);
    assert_eq!(
        wrong_method.1["message"],
        "method not allowed: DELETE /api/v2/video/calls"
    );
    assert_v2_error(&v2.call("GET", "/video/call/default/c1", "", None), 404, 16);
    assert_v2_error(&v2.call("GET", "/api/v2", "", None), 404, 16);
}

#[test]
fn v1_unknown_routes_keep_the_v1_format() {
    let v2 = V2::start();
    let (s, body) = v2.call("GET", "/api/v1.0/no/such/route/", "", None);
    assert_eq!(s, 404, "{body}");
    assert_eq!(body["exception"], "DoesNotExistException", "{body}");
    assert!(body.get("StatusCode").is_none(), "{body}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
