//! `cargo xtask bench`: end-to-end client benchmarks on loopback.
//!
//! `cargo xtask bench` rebuilds xtask in release mode with the `bench` feature (so the HTTP
//! clients stay out of the everyday xtask build) and runs `bench-run`, which:
//! 1. starts a fast canned-JSON HTTP/1.1 keep-alive server in a separate process
//!    (`xtask bench-server`), so the client process's own CPU time measures only the client;
//! 2. drives the blocking and async clients (and baselines: a raw TCP client, hand-rolled
//!    ureq/reqwest calls, and the official Node client when `node` and `npm` can install it);
//! 3. reports requests/s, client CPU seconds per 1,000 requests and the TCP connections the
//!    server accepted (connection reuse);
//! 4. reads 10,000 activities through each facade's paginator in a fresh process
//!    (`xtask bench-memory`) and reports peak RSS after 1,000 and after 10,000 activities.
//!
//! `xtask bench-loop <phase> <n>` runs one phase alone, for a profiler (see `profile.rs`).
//!
//! `cargo xtask bench-fields` measures how building an activity's custom fields scales (see
//! `fields.rs`).
//!
//! Arguments after `bench` (all optional): `--quick` (a tenth of the requests, for a smoke test),
//! `--no-node` (skip the official Node client).
#[cfg(feature = "bench")]
mod baseline;
#[cfg(feature = "bench")]
mod clients;
#[cfg(feature = "bench")]
mod fields;
#[cfg(feature = "bench")]
mod harness;
#[cfg(feature = "bench")]
mod memory;
#[cfg(feature = "bench")]
mod node;
#[cfg(feature = "bench")]
mod payloads;
#[cfg(feature = "bench")]
mod procfs;
#[cfg(feature = "bench")]
mod profile;
#[cfg(feature = "bench")]
mod report;
#[cfg(feature = "bench")]
mod server;

/// Whether `cmd` is one of the bench commands.
pub(crate) fn handles(cmd: &str) -> bool {
    matches!(
        cmd,
        "bench"
            | "bench-run"
            | "bench-server"
            | "bench-memory"
            | "bench-loop"
            | "bench-fields"
            | "bench-fields-run"
    )
}

/// Runs a bench command; `args` are the arguments after it.
pub(crate) fn run(cmd: &str, args: &[String]) -> Result<(), String> {
    if cmd == "bench" || cmd == "bench-fields" {
        let run = if cmd == "bench" {
            "bench-run"
        } else {
            "bench-fields-run"
        };
        let mut cargo_args = vec![
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--features",
            "bench",
            "--",
            run,
        ];
        cargo_args.extend(args.iter().map(String::as_str));
        return crate::cargo(&cargo_args);
    }
    internal(cmd, args)
}

#[cfg(feature = "bench")]
fn internal(cmd: &str, args: &[String]) -> Result<(), String> {
    match cmd {
        "bench-server" => server::serve(),
        "bench-memory" => memory::run(args),
        "bench-loop" => profile::run(args),
        "bench-fields-run" => fields::run(),
        _ => harness::run(args),
    }
}

#[cfg(not(feature = "bench"))]
fn internal(cmd: &str, _args: &[String]) -> Result<(), String> {
    Err(format!(
        "`{cmd}` is part of `cargo xtask bench` (it needs the `bench` feature)"
    ))
}
