//! Replays every recorded request of the official Python and JS clients for the reactions,
//! collections, users, files/images, og, personalization, analytics, audit-log, data-privacy
//! and moderation operations against the emulator's default app, byte for byte (same method,
//! path, query, headers and body, same JWTs). State is prepared first wherever the recorded
//! call refers to an entity (reaction `aaaaaaaa-...`, `food:pizza-1`, user `alice`, an og page),
//! so every call must succeed with a 2xx.

mod http_others_util;

use http_others_util::{Resp, multipart, raw};
use serde_json::{Map, Value};
use stream_emulator::Emulator;
use stream_emulator::og::OgData;

const REACTION: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const ACTIVITY: &str = "11111111-2222-3333-4444-555555555555";

/// Ops this replay covers (prefixes).
const OPS: [&str; 13] = [
    "reaction_",
    "collection_",
    "user_",
    "file_",
    "image_",
    "og",
    "personalization_get",
    "extra_reaction_",
    "extra_track_",
    "extra_personalized_feed",
    "extra_batch_users",
    "extra_audit_logs",
    "extra_delete_activities",
];

fn mine(op: &str) -> bool {
    OPS.iter().any(|p| op.starts_with(p))
        || op == "extra_flag_user"
        || op == "feed_get_enriched_reactions"
}

fn load(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/../../tests/fixtures/golden/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("jsonl line"))
        .filter(|v: &Value| v["type"] == "request" && v["op"].as_str().is_some_and(mine))
        .collect()
}

/// Puts the state in the shape the recorded call expects.
fn prepare(emu: &Emulator, op: &str) {
    match op {
        "reaction_add_child"
        | "reaction_get"
        | "reaction_update"
        | "reaction_delete"
        | "extra_reaction_delete_soft" => {
            assert!(emu.seed_reaction(REACTION, "like", ACTIVITY, "alice"));
        }
        "extra_reaction_restore" => {
            assert!(emu.seed_reaction(REACTION, "like", ACTIVITY, "alice"));
            assert!(emu.soft_delete_reaction(REACTION), "soft delete seed");
        }
        "collection_add" => {
            emu.remove_collection_entry("food", "pizza-1");
        }
        "collection_get" | "collection_update" | "collection_delete" => {
            assert!(emu.seed_collection_entry("food", "pizza-1", Map::new()));
        }
        "user_get_with_follow_counts" | "user_update" | "user_delete" => {
            assert!(emu.seed_user("alice", Map::new()));
        }
        "og" => emu.register_og_page(
            "https://example.com/page?x=1&y=2",
            OgData::new("Example", "A page"),
        ),
        _ => {}
    }
}

fn replay(emu: &Emulator, req: &Value) -> Resp {
    let method = req["method"].as_str().unwrap();
    let path = req["path"].as_str().unwrap();
    let query = req["raw_query"].as_str().unwrap_or("");
    let target = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    let mut headers: Vec<(String, String)> = req["headers"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "host" | "connection" | "content-length" | "accept-encoding"
            )
        })
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
        .collect();
    let body: Vec<u8> = if req["body"]["multipart"] == true {
        let part = &req["body"]["parts"][0];
        let size = part["size"].as_u64().unwrap_or(1) as usize;
        let (ct, body) = multipart(
            part["filename"].as_str().unwrap(),
            part["content_type"].as_str().unwrap(),
            &vec![b'x'; size],
        );
        headers.retain(|(k, _)| k != "content-type");
        headers.push(("content-type".into(), ct));
        body
    } else {
        req["body_raw"].as_str().unwrap_or("").as_bytes().to_vec()
    };
    let refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    raw(emu.addr(), method, &target, &refs, &body)
}

fn run(file: &str) {
    let emu = Emulator::start_blocking().unwrap();
    let requests = load(file);
    assert!(
        requests.len() >= 24,
        "{file}: only {} requests selected",
        requests.len()
    );
    for req in &requests {
        let op = req["op"].as_str().unwrap();
        prepare(&emu, op);
        let r = replay(&emu, req);
        let ctx = format!(
            "{file} {op} {} {}: {} {}",
            req["method"],
            req["path"],
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        assert!(r.status < 500, "{ctx}");
        assert!(r.status != 401 && r.status != 403, "auth error: {ctx}");
        assert!((200..300).contains(&r.status), "{ctx}");
        assert!(has_duration(&r.body), "no Stream duration: {ctx}");
    }
}

/// Whether `body` is a JSON object with Stream's `duration` field, a string such as `"0.10ms"`.
fn has_duration(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body).is_ok_and(|v| {
        v["duration"]
            .as_str()
            .and_then(|d| d.strip_suffix("ms"))
            .is_some_and(|n| n.parse::<f64>().is_ok())
    })
}

#[test]
fn the_duration_check_refuses_bodies_without_one() {
    assert!(has_duration(br#"{"duration":"0.10ms","results":[]}"#));
    assert!(!has_duration(b""));
    assert!(!has_duration(b"<html>not json</html>"));
    assert!(!has_duration(b"null"));
    assert!(!has_duration(br#"{"results":[]}"#));
    assert!(!has_duration(br#"{"duration":12}"#));
}

#[test]
fn python_requests_replay() {
    run("python.jsonl");
}

#[test]
fn js_requests_replay() {
    run("js.jsonl");
}
