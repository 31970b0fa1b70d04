//! Cost of turning an endpoint value into a complete [`stream_core::Request`]: validation, path
//! and query encoding, a freshly minted scoped JWT, headers and the JSON body.
//!
//! `cargo bench -p stream-core --bench build_request`
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use stream_core::Endpoint;
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::GetUser;
use stream_core::models::collection::CollectionEntry;

mod common;

/// Builds `endpoint`'s request (what every facade call does before sending).
fn bench<E: Endpoint>(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    config: &stream_core::Config,
    endpoint: &E,
) {
    // Fail loudly (once, outside the timed loop) if the input is invalid.
    config
        .build_request(endpoint)
        .expect("bench endpoint builds");
    g.bench_function(name, |b| {
        b.iter(|| {
            config
                .build_request(black_box(endpoint))
                .map(|r| r.url.len())
        })
    });
}

fn requests(c: &mut Criterion) {
    let config = common::config();
    let alice = FeedRef::new("user", "alice").expect("valid feed");
    let timeline = FeedRef::new("timeline", "alice").expect("valid feed");
    let mut g = c.benchmark_group("build_request");
    bench(&mut g, "feed_get_limit25", &config, &alice.get().limit(25));
    bench(
        &mut g,
        "feed_get_enriched",
        &config,
        &alice
            .get()
            .limit(25)
            .with_reaction_counts(true)
            .with_recent_reactions(true),
    );
    bench(
        &mut g,
        "add_activity",
        &config,
        &alice.add_activity(common::activity(1)),
    );
    bench(
        &mut g,
        "follow",
        &config,
        &timeline.follow(&common::feed_id("user:bob")),
    );
    bench(
        &mut g,
        "reaction_add",
        &config,
        &Reactions
            .add("like", "5f3a0000-0000-11ee-8080-800100000064")
            .user_id("bob")
            .data(common::data("thumbs", 1))
            .target_feeds([common::feed_id("notification:alice")]),
    );
    bench(
        &mut g,
        "collection_upsert",
        &config,
        &Collections.upsert(
            "food",
            [
                CollectionEntry::new("pizza-1")
                    .field("name", "pizza")
                    .field("rating", 4),
                CollectionEntry::new("burger-1")
                    .field("name", "burger")
                    .field("rating", 3),
            ],
        ),
    );
    bench(
        &mut g,
        "user_get",
        &config,
        &GetUser::new("alice").with_follow_counts(true),
    );
    g.finish();
}

fn batch(c: &mut Criterion) {
    let config = common::config();
    let mut g = c.benchmark_group("update_activities_batch");
    for n in [1usize, 25, 100] {
        let batch = common::update_batch(n);
        let body_len = config
            .build_request(&batch)
            .ok()
            .and_then(|r| r.body.map(|b| b.bytes.len()))
            .unwrap_or(0);
        println!("update_activities_batch/{n}: body {body_len} bytes");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &batch, |b, batch| {
            b.iter(|| config.build_request(black_box(batch)).map(|r| r.url.len()))
        });
    }
    g.finish();
}

fn main() {
    let mut c = common::criterion();
    requests(&mut c);
    batch(&mut c);
    c.final_summary();
}
