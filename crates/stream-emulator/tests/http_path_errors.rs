//! Path segments that do not decode (`%FF`) get Stream's JSON error body, not axum's plain text.

mod http_others_util;

use http_others_util::{Client, raw};
use serde_json::{Value, json};
use stream_emulator::Emulator;

#[track_caller]
fn assert_v1_input_error(status: u16, body: &Value, what: &str) {
    assert_eq!(status, 400, "{what}: {body}");
    assert_eq!(body["status_code"], 400, "{what}: {body}");
    assert_eq!(body["code"], 4, "{what}: {body}");
    assert_eq!(body["exception"], "InputException", "{what}: {body}");
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{what}: {body}"
    );
    assert!(body["duration"].is_string(), "{what}: {body}");
}

#[test]
fn bad_percent_escape_in_user_path_is_a_stream_error() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    for method in ["GET", "PUT", "DELETE"] {
        let body = (method == "PUT").then(|| json!({"data": {}}));
        let r = c.srv(method, "user/%FF/", "", body.as_ref());
        assert_v1_input_error(r.status, &r.json(), &format!("{method} user/%FF/"));
        assert!(
            r.header("content-type")
                .is_some_and(|v| v.starts_with("application/json")),
            "{:?}",
            r.headers
        );
    }
}

#[test]
fn bad_percent_escape_in_other_v1_paths_is_a_stream_error() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let cases: [(&str, &str, Option<Value>); 8] = [
        ("GET", "reaction/%FF/", None),
        ("PUT", "reaction/%FF/", Some(json!({"data": {}}))),
        ("DELETE", "reaction/%FF/", None),
        ("GET", "reaction/activity_id/%FF/", None),
        ("GET", "collections/%FF/pizza/", None),
        (
            "POST",
            "collections/%FF/",
            Some(json!({"id": "a", "data": {}})),
        ),
        ("GET", "data_privacy/export_ids/%FF/", None),
        ("GET", "feed/user/%FF/", None),
    ];
    for (method, path, body) in cases {
        let r = c.srv(method, path, "", body.as_ref());
        assert_v1_input_error(r.status, &r.json(), &format!("{method} {path}"));
    }
    // Uploads are served without auth; a bad id is still a JSON error.
    let r = raw(emu.addr(), "GET", "/files/%FF/name.txt", &[], b"");
    assert_v1_input_error(r.status, &r.json(), "GET /files/%FF/name.txt");
}

#[test]
fn bad_percent_escape_in_v2_paths_is_a_v2_error() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let token = c.signer.sign_json(r#"{"server":true}"#);
    let headers = [
        ("authorization", token.as_str()),
        ("stream-auth-type", "jwt"),
        ("content-type", "application/json"),
    ];
    for (method, path) in [
        ("GET", "/api/v2/video/call/default/%FF"),
        ("GET", "/api/v2/video/calltypes/%FF"),
        ("POST", "/api/v2/users/%FF/deactivate"),
    ] {
        let target = format!("{path}?api_key=key123");
        let r = raw(emu.addr(), method, &target, &headers, b"{}");
        let body = r.json();
        assert_eq!(r.status, 400, "{method} {path}: {body}");
        assert_eq!(body["code"], 4, "{method} {path}: {body}");
        assert_eq!(body["StatusCode"], 400, "{method} {path}: {body}");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("invalid path")),
            "{method} {path}: {body}"
        );
    }
}
