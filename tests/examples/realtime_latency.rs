//! Realtime delivery latency: from a REST write to the update at a subscriber, through the
//! in-process emulator on loopback, with 1 and with 1,000 feeds subscribed on one connection.
//!
//! `cargo run --release -p stream-tests --example realtime_latency [-- <writes>]`
use std::time::{Duration, Instant};
use stream_async::prelude::*;

use stream_async::models::activity::NewActivity;
use stream_async::realtime::{RealtimeTransport, Subscription};
use stream_async::{Client, StreamExt};
use stream_emulator::Emulator;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run(feeds: usize, writes: usize, transport: RealtimeTransport) {
    let emu = Emulator::start().await.expect("emulator");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .build()
        .expect("client");
    client.set_realtime_transport(transport);
    let started = Instant::now();
    let mut streams: Vec<Subscription> = Vec::with_capacity(feeds);
    for i in 0..feeds {
        let feed = client.feed("user", &format!("bench{i}")).expect("feed");
        streams.push(client.subscribe(&feed).await.expect("subscribe"));
    }
    let setup = started.elapsed();
    let mut latencies = Vec::with_capacity(writes);
    for n in 0..writes {
        let i = (n * 7919) % feeds;
        let user = format!("bench{i}");
        let feed = client.feed("user", &user).expect("feed");
        let add = feed.add_activity(NewActivity::new(user.as_str(), "post", format!("post:{n}")));
        let t0 = Instant::now();
        let stream = &mut streams[i];
        let (sent, got) = tokio::join!(client.send(add), async {
            tokio::time::timeout(Duration::from_secs(5), stream.next()).await
        });
        sent.expect("write");
        match got {
            Ok(Some(Ok(_))) => latencies.push(t0.elapsed()),
            other => panic!("no update: {other:?}"),
        }
    }
    latencies.sort();
    println!(
        "{:>13} | {:>5} feeds | {:>5} writes | p50 {:>8.3} ms | p99 {:>8.3} ms | max {:>8.3} ms | subscribe all {:>7.1} ms",
        format!("{transport:?}"),
        feeds,
        writes,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        setup.as_secs_f64() * 1e3,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let writes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    for transport in [RealtimeTransport::WebSocket, RealtimeTransport::LongPolling] {
        for feeds in [1, 1000] {
            run(feeds, writes, transport).await;
        }
    }
}
