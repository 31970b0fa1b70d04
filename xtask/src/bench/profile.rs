//! `xtask bench-loop <phase> <n>`: one benchmark phase alone against its own bench server, for a
//! profiler (`perf record -g target/release/xtask bench-loop blocking-read 20000`).
//!
//! Phases: `blocking-read`, `blocking-read-items` (into a 5-field item type), `blocking-add`,
//! `async-read` (16 in flight), `async-add` (16 in flight). Prints the client CPU seconds per
//! 1,000 requests.
use super::clients::{
    TimelineItem, async_adds, async_client, async_reads, blocking_adds, blocking_client,
    blocking_reads,
};
use super::procfs::cpu_seconds;
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
    let once = |n: u64| -> Result<(), String> {
        match phase {
            "blocking-read" => blocking_reads::<Activity>(&blocking, n),
            "blocking-read-items" => blocking_reads::<TimelineItem>(&blocking, n),
            "blocking-add" => blocking_adds(&blocking, n),
            "async-read" => rt.block_on(async_reads(&asynchronous, 16, n)),
            "async-add" => rt.block_on(async_adds(&asynchronous, 16, n)),
            other => Err(format!(
                "unknown phase {other:?} (blocking-read, blocking-read-items, blocking-add, \
                 async-read, async-add)"
            )),
        }
    };
    once(super::report::WARM_UP)?;
    let cpu0 = cpu_seconds()?;
    once(n)?;
    let cpu = cpu_seconds()? - cpu0;
    println!(
        "{phase}: {n} requests, {:.3} client CPU s / 1,000 requests",
        cpu * 1000.0 / n as f64
    );
    Ok(())
}
