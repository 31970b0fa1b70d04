//! `xtask bench-run`: runs every end-to-end phase against a bench server in a child process and
//! prints markdown tables (stdout) with progress on stderr.
use std::time::Instant;

use stream_async::reqwest;
use stream_blocking::ureq;

use super::baseline::{RawClient, reqwest_reads, sdk_transport_reads, ureq_reads};
use super::clients::{
    TimelineItem, async_adds, async_client, async_reads, blocking_adds, blocking_client,
    blocking_reads,
};
use super::memory::{EARLY, TOTAL};
use super::node;
use super::procfs::cpu_seconds;
use super::report::{Memory, Row, print_report};
use super::server::ServerProcess;
use stream_async::core::models::activity::Activity;

/// How many requests each phase makes.
struct Plan {
    sequential: u64,
    concurrent: u64,
    node_sequential: u64,
    node_concurrent: u64,
    warm_up: u64,
}

impl Plan {
    fn new(quick: bool) -> Self {
        let div = if quick { 10 } else { 1 };
        Self {
            sequential: 10_000 / div,
            concurrent: 20_000 / div,
            node_sequential: 3_000 / div,
            node_concurrent: 6_000 / div,
            warm_up: super::report::WARM_UP,
        }
    }
}

/// Runs a phase: `f(warm_up)` (not timed), then `f(n)` timed; counts the TCP connections the
/// server accepted over both.
fn measure(
    server: &ServerProcess,
    client: &str,
    op: &'static str,
    concurrency: usize,
    (warm_up, n): (u64, u64),
    mut f: impl FnMut(u64) -> Result<(), String>,
) -> Result<Row, String> {
    eprintln!("bench: {client}: {op} x{n} at concurrency {concurrency}");
    let before = server.accepted()?;
    f(warm_up)?;
    let cpu0 = cpu_seconds()?;
    let t0 = Instant::now();
    f(n)?;
    let wall = t0.elapsed();
    let cpu = cpu_seconds()? - cpu0;
    let after = server.accepted()?;
    Ok(Row {
        client: client.to_owned(),
        op,
        concurrency,
        requests: n,
        wall,
        cpu,
        // `after` counts its own stats connection.
        connections: Some(after.saturating_sub(before + 1)),
    })
}

/// Entry point of `bench-run`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let with_node = !args.iter().any(|a| a == "--no-node");
    let plan = Plan::new(quick);
    let started = Instant::now();
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    let server = ServerProcess::start()?;
    let base = server.base_url.clone();
    let mut rows = Vec::new();
    let seq = (plan.warm_up, plan.sequential);
    let conc = (plan.warm_up, plan.concurrent);

    // Blocking client, sequential.
    let c = blocking_client(&base)?;
    rows.push(measure(
        &server,
        "stream-blocking",
        "feed read",
        1,
        seq,
        |n| blocking_reads::<Activity>(&c, n),
    )?);
    let c = blocking_client(&base)?;
    rows.push(measure(
        &server,
        "stream-blocking, 5-field items",
        "feed read",
        1,
        seq,
        |n| blocking_reads::<TimelineItem>(&c, n),
    )?);
    let c = blocking_client(&base)?;
    rows.push(measure(
        &server,
        "stream-blocking",
        "add activity",
        1,
        seq,
        |n| blocking_adds(&c, n),
    )?);

    // Baselines, sequential.
    let mut raw: Option<RawClient> = None;
    rows.push(measure(
        &server,
        "raw TCP (floor)",
        "feed read",
        1,
        seq,
        |n| {
            let client = match &mut raw {
                Some(c) => c,
                None => raw.insert(RawClient::connect(server.addr())?),
            };
            client.reads(n)
        },
    )?);
    drop(raw);
    let c = blocking_client(&base)?;
    let transport = stream_blocking::UreqTransport::new(stream_blocking::Timeouts::default());
    rows.push(measure(
        &server,
        "SDK transport, no decode (ureq)",
        "feed read",
        1,
        seq,
        |n| sdk_transport_reads(&c, &transport, n, false),
    )?);
    // A fresh transport, so the phase counts its own connection.
    let transport = stream_blocking::UreqTransport::new(stream_blocking::Timeouts::default());
    rows.push(measure(
        &server,
        "SDK transport + JSON scan, no building",
        "feed read",
        1,
        seq,
        |n| sdk_transport_reads(&c, &transport, n, true),
    )?);
    let agent = ureq::Agent::new_with_defaults();
    rows.push(measure(
        &server,
        "plain ureq, no decode",
        "feed read",
        1,
        seq,
        |n| ureq_reads(&agent, &base, n, false),
    )?);
    let agent = ureq::Agent::new_with_defaults();
    rows.push(measure(
        &server,
        "hand-rolled ureq",
        "feed read",
        1,
        seq,
        |n| ureq_reads(&agent, &base, n, true),
    )?);

    // Async client.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    for concurrency in [1, 16, 64] {
        let c = async_client(&base)?;
        rows.push(measure(
            &server,
            "stream-async",
            "feed read",
            concurrency,
            conc,
            |n| rt.block_on(async_reads(&c, concurrency, n.max(concurrency as u64))),
        )?);
    }
    let c = async_client(&base)?;
    rows.push(measure(
        &server,
        "stream-async",
        "add activity",
        16,
        conc,
        |n| rt.block_on(async_adds(&c, 16, n)),
    )?);
    let rc = reqwest::Client::builder()
        .build()
        .map_err(|e| e.to_string())?;
    rows.push(measure(
        &server,
        "hand-rolled reqwest",
        "feed read",
        16,
        conc,
        |n| rt.block_on(reqwest_reads(&rc, &base, 16, n, true)),
    )?);
    for concurrency in [1, 16] {
        let rc = reqwest::Client::builder()
            .build()
            .map_err(|e| e.to_string())?;
        rows.push(measure(
            &server,
            "plain reqwest, no decode",
            "feed read",
            concurrency,
            conc,
            |n| rt.block_on(reqwest_reads(&rc, &base, concurrency, n, false)),
        )?);
    }
    drop(rt);

    // The official Node client, when available.
    let node_note = if with_node {
        match node::prepare() {
            Ok(dir) => {
                for (op, label, concurrency, n) in [
                    ("reads", "feed read", 1, plan.node_sequential),
                    ("adds", "add activity", 1, plan.node_sequential),
                    ("reads", "feed read", 16, plan.node_concurrent),
                ] {
                    eprintln!("bench: node getstream: {label} x{n} at concurrency {concurrency}");
                    let before = server.accepted()?;
                    let r = node::run(&dir, &base, op, concurrency, n)?;
                    let after = server.accepted()?;
                    rows.push(Row {
                        client: "node getstream (official)".into(),
                        op: label,
                        concurrency,
                        requests: r.requests,
                        wall: r.wall,
                        cpu: r.cpu,
                        connections: Some(after.saturating_sub(before + 1)),
                    });
                }
                None
            }
            Err(e) => Some(format!("official Node client skipped: {e}")),
        }
    } else {
        Some("official Node client skipped (--no-node)".to_owned())
    };
    if let Some(note) = &node_note {
        eprintln!("bench: {note}");
    }

    // Memory: each facade's paginator in a fresh process.
    let mut memory = Vec::new();
    for facade in ["blocking", "async"] {
        eprintln!("bench: paginator memory ({facade}): {TOTAL} activities");
        memory.push(memory_run(facade, &base)?);
    }
    drop(server);

    let load_after = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    print_report(&super::report::Report {
        rows: &rows,
        memory: &memory,
        node_note: node_note.as_deref(),
        quick,
        load: (load_before.trim(), load_after.trim()),
        early: EARLY,
        total: TOTAL,
    });
    eprintln!("bench: finished in {:.0?}", started.elapsed());
    Ok(())
}

fn memory_run(facade: &'static str, base: &str) -> Result<Memory, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::process::Command::new(exe)
        .args(["bench-memory", facade, base])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("bench-memory: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "bench-memory {facade} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let nums: Vec<u64> = text
        .lines()
        .find_map(|l| l.strip_prefix("memory "))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|v| v.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let [start, early, late] = nums[..] else {
        return Err(format!("bench-memory {facade} said {text:?}"));
    };
    Ok(Memory {
        facade,
        start_kib: start,
        early_kib: early,
        late_kib: late,
    })
}
