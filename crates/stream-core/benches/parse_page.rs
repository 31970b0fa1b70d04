//! Cost of reading a feed page: `Endpoint::parse` on a 200 response holding a realistic fixture
//! (JSON decode into typed activities or groups, custom fields kept).
//!
//! `cargo bench -p stream-core --bench parse_page`
use std::hint::black_box;

use criterion::{Criterion, Throughput};
use stream_core::Endpoint;
use stream_core::endpoints::feed::FeedRef;

mod common;

fn pages(c: &mut Criterion) {
    let alice = FeedRef::new("user", "alice").expect("valid feed");
    let flat = alice.get().limit(25);
    let grouped = alice.get().grouped();
    let enriched = alice
        .get()
        .with_reaction_counts(true)
        .with_recent_reactions(true);

    let flat_body = common::fixture("feed_flat_25.json");
    let aggregated_body = common::fixture("feed_aggregated.json");
    let enriched_body = common::fixture("feed_enriched.json");

    let mut g = c.benchmark_group("parse_page");

    let n = flat
        .parse(common::ok(&flat_body))
        .expect("flat fixture parses")
        .results
        .len();
    println!("flat: {} bytes, {n} activities", flat_body.len());
    g.throughput(Throughput::Bytes(flat_body.len() as u64));
    g.bench_function("flat_25", |b| {
        b.iter(|| {
            flat.parse(common::ok(black_box(&flat_body)))
                .map(|p| p.results.len())
        })
    });

    // Reference points for the same bytes: an untyped `serde_json::Value` tree, and the SDK's
    // page type with untyped items (`GetFeed::items::<Value>()`).
    let untyped = alice.get().limit(25).items::<serde_json::Value>();
    g.bench_function("flat_25_serde_json_value", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(&flat_body))
                .map(|v| v.is_object())
        })
    });
    // The floor: serde_json validating the same bytes without building anything.
    g.bench_function("flat_25_serde_json_ignored", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&flat_body)).is_ok())
    });
    // A caller's own item type with the five fields a timeline shows: what `items::<T>()` buys
    // a hot path that does not need custom fields.
    #[derive(serde::Deserialize)]
    #[allow(dead_code)] // read by the decoder only
    struct TimelineItem {
        id: String,
        actor: String,
        verb: String,
        object: String,
        time: String,
    }
    let timeline = alice.get().limit(25).items::<TimelineItem>();
    g.bench_function("flat_25_items_timeline", |b| {
        b.iter(|| {
            timeline
                .parse(common::ok(black_box(&flat_body)))
                .map(|p| p.results.len())
        })
    });
    g.bench_function("flat_25_items_value", |b| {
        b.iter(|| {
            untyped
                .parse(common::ok(black_box(&flat_body)))
                .map(|p| p.results.len())
        })
    });

    let page = grouped
        .parse(common::ok(&aggregated_body))
        .expect("aggregated fixture parses");
    let acts: usize = page.results.iter().map(|g| g.activities.len()).sum();
    println!(
        "aggregated: {} bytes, {} groups, {acts} activities",
        aggregated_body.len(),
        page.results.len()
    );
    g.throughput(Throughput::Bytes(aggregated_body.len() as u64));
    g.bench_function("aggregated", |b| {
        b.iter(|| {
            grouped
                .parse(common::ok(black_box(&aggregated_body)))
                .map(|p| p.results.len())
        })
    });

    let n = enriched
        .parse(common::ok(&enriched_body))
        .expect("enriched fixture parses")
        .results
        .len();
    println!(
        "enriched: {} bytes, {n} activities with reactions",
        enriched_body.len()
    );
    g.throughput(Throughput::Bytes(enriched_body.len() as u64));
    g.bench_function("enriched_reactions", |b| {
        b.iter(|| {
            enriched
                .parse(common::ok(black_box(&enriched_body)))
                .map(|p| p.results.len())
        })
    });

    // The same enriched activities repeated to a full 25-item page (compact JSON, distinct ids).
    let enriched_25 = common::enriched_page_of(&enriched_body, 25);
    let n = enriched
        .parse(common::ok(&enriched_25))
        .expect("enriched 25 page parses")
        .results
        .len();
    println!("enriched_25: {} bytes, {n} activities", enriched_25.len());
    g.throughput(Throughput::Bytes(enriched_25.len() as u64));
    g.bench_function("enriched_reactions_25", |b| {
        b.iter(|| {
            enriched
                .parse(common::ok(black_box(&enriched_25)))
                .map(|p| p.results.len())
        })
    });
    g.finish();
}

fn main() {
    let mut c = common::criterion();
    pages(&mut c);
    c.final_summary();
}
