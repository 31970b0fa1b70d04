//! Replays every recorded official-client request for the feed operations against the emulator
//! (app key123/secret456). Each must reach a route of the emulator and succeed (2xx), except the
//! operations listed in [`EXPECTED_404`]: they update an activity by an id the recordings never
//! created, so Stream answers 404 `DoesNotExistException` for the activity — never the router's
//! "url not found", which would mean the route is gone.

mod http_feeds_support;

use http_feeds_support::Harness;
use serde_json::{Value, json};
use stream_emulator::{Emulator, Ranking};

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

/// Recorded operations that name an activity the recordings never created (the fixed id
/// `11111111-2222-3333-4444-555555555555`), with the reason Stream answers 404 to each.
const EXPECTED_404: [(&str, &str); 4] = [
    (
        "activity_partial_update_id",
        "partial update of an activity id never created",
    ),
    (
        "activities_partial_update_batch",
        "batch partial update naming activity ids never created",
    ),
    (
        "update_activity_to_targets_new",
        "changing the targets of an activity never created",
    ),
    (
        "update_activity_to_targets_add_remove",
        "changing the targets of an activity never created",
    ),
];

/// The detail the emulator's router gives a path no route matches.
const NO_ROUTE_DETAIL: &str = "url not found";

/// Judges one answer to the recorded operation `op`: `Err` says what is wrong.
fn judge(op: &str, status: u16, body: &Value) -> Result<(), String> {
    let detail = body["detail"].as_str().unwrap_or("");
    if detail.starts_with(NO_ROUTE_DETAIL) {
        return Err(format!("no route: {status} {body}"));
    }
    let expects_404 = EXPECTED_404.iter().any(|(name, _)| *name == op);
    match status {
        200..=299 if !expects_404 => Ok(()),
        404 if expects_404 && body["exception"] == "DoesNotExistException" => Ok(()),
        _ if expects_404 => Err(format!(
            "expected 404 DoesNotExistException, got {status} {body}"
        )),
        _ => Err(format!("expected 2xx, got {status} {body}")),
    }
}

/// The recorded requests of `file` to the feed routes, in order.
fn recorded(file: &str) -> Vec<Value> {
    let path = format!(
        "{}/../../tests/fixtures/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| serde_json::from_str::<Value>(line).expect("jsonl line"))
        .filter(|rec| rec["type"] == "request")
        .filter(|rec| {
            let p = rec["path"].as_str().unwrap_or("");
            FEED_PREFIXES.iter().any(|pre| p.starts_with(pre))
        })
        .collect()
}

/// Sends one recorded request, with its path replaced by `path`.
fn send(h: &Harness, rec: &Value, path: &str) -> (u16, Value) {
    let method = rec["method"].as_str().unwrap_or("GET");
    let query = rec["raw_query"].as_str().unwrap_or("");
    let url = format!("{}{path}?{query}", h.emu.base_url());
    let token = rec["headers"]["authorization"].as_str();
    let a = h.raw(method, &url, token, rec["body_raw"].as_str());
    (a.status, a.body)
}

/// Replays `file`; returns the operations replayed and the ones answered 404.
fn replay(file: &str) -> (usize, Vec<String>) {
    // The recordings read ranked by `popularity`, a ranking method their app offers.
    let popularity = Ranking::parse("popularity").expect("formula");
    let h = Harness::with(
        Emulator::builder()
            .ranking("popularity", popularity)
            .start_blocking()
            .expect("emulator starts"),
    );
    let mut failures = Vec::new();
    let mut answered_404 = Vec::new();
    let records = recorded(file);
    for rec in &records {
        let op = rec["op"].as_str().unwrap_or("");
        let (status, body) = send(&h, rec, rec["path"].as_str().unwrap_or(""));
        if status == 404 {
            answered_404.push(op.to_owned());
        }
        if let Err(e) = judge(op, status, &body) {
            failures.push(format!("{op} {} {}: {e}", rec["method"], rec["path"]));
        }
    }
    assert!(failures.is_empty(), "{file}:\n{}", failures.join("\n"));
    (records.len(), answered_404)
}

fn expected_404_ops() -> Vec<String> {
    EXPECTED_404
        .iter()
        .map(|(op, _)| (*op).to_owned())
        .collect()
}

#[test]
fn python_recordings_replay() {
    let (count, answered_404) = replay("python.jsonl");
    assert!(count >= 25, "{count} requests replayed");
    assert_eq!(answered_404, expected_404_ops());
}

#[test]
fn js_recordings_replay() {
    let (count, answered_404) = replay("js.jsonl");
    assert!(count >= 25, "{count} requests replayed");
    assert_eq!(answered_404, expected_404_ops());
}

/// A recorded request sent to a path no route serves — as if its route were deleted from the
/// emulator — is refused by the replay's judgement, whether or not its operation expects a 404.
#[test]
fn a_missing_route_fails_the_replay() {
    let h = Harness::start();
    let records = recorded("python.jsonl");
    for op in ["add_activity_simple", "activity_partial_update_id"] {
        let rec = records
            .iter()
            .find(|r| r["op"] == op)
            .unwrap_or_else(|| panic!("{op} is recorded"));
        let gone =
            rec["path"]
                .as_str()
                .expect("path")
                .replacen("/api/v1.0/", "/api/v1.0/removed_", 1);
        let (status, body) = send(&h, rec, &gone);
        assert_eq!(status, 404, "{op}: {body}");
        let verdict = judge(op, status, &body);
        assert!(
            verdict.as_ref().is_err_and(|e| e.starts_with("no route")),
            "{op}: {verdict:?}"
        );
    }
}

/// A 404 is accepted only for the operations that expect one.
#[test]
fn a_404_fails_an_operation_that_expects_success() {
    let not_found = json!({"exception": "DoesNotExistException", "detail": "activity not found"});
    assert!(judge("add_activity_simple", 404, &not_found).is_err());
    assert!(judge("activity_partial_update_id", 404, &not_found).is_ok());
    assert!(judge("activity_partial_update_id", 200, &json!({})).is_err());
    assert!(judge("add_activity_simple", 201, &json!({})).is_ok());
}
