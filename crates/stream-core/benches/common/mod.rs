//! Shared inputs of the stream-core benches: a config, realistic endpoint values and fixture pages.
#![allow(dead_code)] // each bench target uses a part of this module

use std::time::Duration;

use criterion::Criterion;
use serde_json::{Map, Value};
use stream_core::endpoints::activities::UpdateActivities;
use stream_core::models::activity::NewActivity;
use stream_core::{ApiSecret, Config, FeedId, Response};

/// Quick settings so `cargo bench -p stream-core` stays well under two minutes; command-line
/// flags (`--warm-up-time`, `--measurement-time`) still override them.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
        .configure_from_args()
}

/// A server-side config (tokens minted per call from the secret), as a backend would use it.
pub fn config() -> Config {
    Config::builder("key123", ApiSecret::new("bench-secret-0123456789abcdef"))
        .location("us-east")
        .build()
        .expect("static config is valid")
}

/// A fixture from `tests/fixtures/` as a 200 response body.
pub fn fixture(name: &str) -> bytes::Bytes {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    bytes::Bytes::from(text)
}

/// A 200 response around `body` (cloning `Bytes` is a reference-count bump).
pub fn ok(body: &bytes::Bytes) -> Response {
    Response::new(200, body.clone())
}

/// A feed id known to be valid.
pub fn feed_id(s: &str) -> FeedId {
    FeedId::parse(s).expect("static feed id is valid")
}

/// One activity with a few custom fields, the shape an app typically posts.
pub fn activity(n: usize) -> NewActivity {
    NewActivity::new("user:alice", "post", format!("post:{n}"))
        .foreign_id(format!("post:{n}"))
        .time(stream_core::models::Timestamp::from_unix(
            1_704_164_645,
            678_900_000,
        ))
        .to([feed_id("notification:carol")])
        .custom("message", format!("Post number {n} é 🌍"))
        .custom("tags", vec!["a", "b"])
        .custom("likes", n as u64)
}

/// `UpdateActivities` over `n` activities (the service's per-request limit is 100).
pub fn update_batch(n: usize) -> UpdateActivities {
    UpdateActivities::new((0..n).map(activity).collect())
}

/// A small JSON object `{"name": .., "score": ..}`.
pub fn data(name: &str, score: u64) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), name.into());
    m.insert("score".into(), score.into());
    m
}

/// A compact page of `n` activities made by cycling the results of the page `body`, each given a
/// distinct id.
pub fn enriched_page_of(body: &[u8], n: usize) -> bytes::Bytes {
    let page: Value = serde_json::from_slice(body).expect("fixture is JSON");
    let results = page["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty(), "fixture has results");
    let out: Vec<Value> = (0..n)
        .map(|i| {
            let mut a = results[i % results.len()].clone();
            a["id"] = format!("5f3a0000-0000-11ee-8080-8001{i:08x}").into();
            a
        })
        .collect();
    let mut page = page;
    page["results"] = Value::Array(out);
    bytes::Bytes::from(serde_json::to_vec(&page).expect("serialises"))
}
