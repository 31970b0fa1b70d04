//! Replays every recorded official-client request for the feed operations against the emulator
//! (app key123/secret456): none may fail with a 5xx, an auth error or a validation error; 404 for
//! the fixed, never-created ids in the recordings is fine.

mod http_feeds_support;

use http_feeds_support::Harness;
use serde_json::Value;

const FEED_PREFIXES: [&str; 10] = [
    "/api/v1.0/feed/",
    "/api/v1.0/enrich/feed/",
    "/api/v1.0/feed_targets/",
    "/api/v1.0/follow_many",
    "/api/v1.0/unfollow_many",
    "/api/v1.0/stats/follow",
    "/api/v1.0/activities",
    "/api/v1.0/enrich/activities",
    "/api/v1.0/activity/",
    "/api/v1.0/activity",
];

fn replay(file: &str) -> usize {
    let path = format!(
        "{}/../../tests/fixtures/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let h = Harness::start();
    let mut count = 0;
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: Value = serde_json::from_str(line).expect("jsonl line");
        if rec["type"] != "request" {
            continue;
        }
        let p = rec["path"].as_str().unwrap_or("");
        if !FEED_PREFIXES.iter().any(|pre| p.starts_with(pre)) {
            continue;
        }
        let method = rec["method"].as_str().unwrap_or("GET");
        let query = rec["raw_query"].as_str().unwrap_or("");
        let url = format!("{}{p}?{query}", h.emu.base_url());
        let token = rec["headers"]["authorization"].as_str();
        let body = rec["body_raw"].as_str();
        let a = h.raw(method, &url, token, body);
        count += 1;
        if !((200..300).contains(&a.status) || a.status == 404) {
            failures.push(format!(
                "{} {method} {p}?{query} -> {} {}",
                rec["op"], a.status, a.body
            ));
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
    count
}

#[test]
fn python_recordings_replay() {
    assert!(replay("python.jsonl") >= 25);
}

#[test]
fn js_recordings_replay() {
    assert!(replay("js.jsonl") >= 25);
}
