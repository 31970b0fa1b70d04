//! How long the explorer takes to answer its pages with 10,000 activities stored (100 feeds of
//! 100): the home page (newest activities across the app, first and a middle page) and one
//! feed's page, each a full HTTP `GET` on loopback.
//!
//! `cargo bench -p stream-emulator --bench explorer_pages`
use std::time::Duration;

use criterion::Criterion;
use serde_json::json;
use stream_auth::{ApiSecret, Scope, Signer};
use stream_emulator::Emulator;

/// Stores 100 feeds of 100 activities through the API.
fn seed(emu: &Emulator, agent: &ureq::Agent) {
    let token = Signer::new(&ApiSecret::new(emu.api_secret()))
        .scoped(&Scope::all())
        .into_string();
    for feed in 0..100 {
        let activities: Vec<_> = (0..100)
            .map(|i| json!({"actor": format!("u{feed}"), "verb": "post", "object": format!("o:{i}"), "message": format!("message {i}")}))
            .collect();
        let url = format!(
            "{}/api/v1.0/feed/user/u{feed}/?api_key={}",
            emu.base_url(),
            emu.api_key()
        );
        agent
            .post(&url)
            .header("Authorization", &token)
            .header("stream-auth-type", "jwt")
            .content_type("application/json")
            .send(json!({ "activities": activities }).to_string())
            .expect("activities are stored");
    }
}

fn pages(c: &mut Criterion) {
    let emu = Emulator::start_blocking().expect("emulator starts");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    seed(&emu, &agent);
    let mut g = c.benchmark_group("explorer_10k_activities");
    for (name, path) in [
        ("home", "/"),
        ("home_page_100", "/?page=100"),
        ("feed", "/explorer/feed/user/u5"),
    ] {
        let url = format!("{}{path}", emu.base_url());
        g.bench_function(name, |b| {
            b.iter(|| {
                agent
                    .get(&url)
                    .call()
                    .expect("the page answers")
                    .into_body()
                    .read_to_string()
                    .expect("html")
                    .len()
            });
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    pages(&mut c);
    c.final_summary();
}
