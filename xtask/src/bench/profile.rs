//! `xtask bench-loop <phase> <n>`: one benchmark phase alone against its own bench server, for a
//! profiler (`perf record -g target/release/xtask bench-loop blocking-read 20000`).
//!
//! Phases: `blocking-read`, `blocking-read-items` (into a 5-field item type), `blocking-add`,
//! `async-read` (16 in flight), `async-add` (16 in flight), and the read baselines `raw-read`
//! (raw TCP), `transport-read` (the SDK's ureq transport, no decoding) and `ureq-read` (plain
//! ureq, no decoding). Prints the client CPU seconds per
//! 1,000 requests, split into user and kernel time.
use super::baseline::{RawClient, sdk_transport_reads, ureq_reads};
use super::clients::{
    TimelineItem, async_adds, async_client, async_reads, blocking_adds, blocking_client,
    blocking_reads,
};
use super::procfs::cpu_times;
use super::server::ServerProcess;
use stream_async::core::models::activity::Activity;

/// Runs `phase` `n` times (after 200 untimed warm-up calls).
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let phase = args.first().map(String::as_str).unwrap_or("blocking-read");
    let n: u64 = match args.get(1) {
        Some(v) => v.parse().map_err(|_| format!("not a count: {v:?}"))?,
        None => 10_000,
    };
    let server = ServerProcess::start()?;
    let base = server.base_url.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    let blocking = blocking_client(&base)?;
    let asynchronous = async_client(&base)?;
    let transport = stream_blocking::UreqTransport::new(stream_blocking::Timeouts::default());
    let agent = stream_blocking::ureq::Agent::new_with_defaults();
    let raw = std::cell::RefCell::new(None::<RawClient>);
    let once = |n: u64| -> Result<(), String> {
        match phase {
            "raw-read" => match &mut *raw.borrow_mut() {
                Some(raw) => raw.reads(n),
                slot => slot.insert(RawClient::connect(server.addr())?).reads(n),
            },
            "transport-read" => sdk_transport_reads(&blocking, &transport, n, false),
            "ureq-read" => ureq_reads(&agent, &base, n, false),
            "blocking-read" => blocking_reads::<Activity>(&blocking, n),
            "blocking-read-items" => blocking_reads::<TimelineItem>(&blocking, n),
            "blocking-add" => blocking_adds(&blocking, n),
            "async-read" => rt.block_on(async_reads(&asynchronous, 16, n)),
            "async-add" => rt.block_on(async_adds(&asynchronous, 16, n)),
            other => Err(format!(
                "unknown phase {other:?} (blocking-read, blocking-read-items, blocking-add, \
                 async-read, async-add, raw-read, transport-read, ureq-read)"
            )),
        }
    };
    once(super::report::WARM_UP)?;
    let (user0, system0) = cpu_times()?;
    once(n)?;
    let (user1, system1) = cpu_times()?;
    let per_1000 = |seconds: f64| seconds * 1000.0 / n as f64;
    let (user, system) = (per_1000(user1 - user0), per_1000(system1 - system0));
    println!(
        "{phase}: {n} requests, {:.3} client CPU s / 1,000 requests ({user:.3} user, \
         {system:.3} kernel)",
        user + system
    );
    Ok(())
}
