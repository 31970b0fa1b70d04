//! `cargo xtask ci`: formatting, lints, tests, doc tests, dependency policy.
use crate::{cargo, has_cargo_subcommand};

/// Runs every CI step in order; stops at the first failure.
pub(crate) fn run() -> Result<(), String> {
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    // The benchmark harness sits behind xtask's `bench` feature; lint it too.
    cargo(&[
        "clippy",
        "-p",
        "xtask",
        "--all-targets",
        "--features",
        "bench",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    if has_cargo_subcommand("nextest") {
        cargo(&[
            "nextest",
            "run",
            "--workspace",
            "--lib",
            "--bins",
            "--tests",
            "--examples",
            "--locked",
            "--no-fail-fast",
        ])?;
    } else {
        eprintln!("xtask: cargo-nextest is not installed; using cargo test");
        cargo(&[
            "test",
            "--workspace",
            "--lib",
            "--bins",
            "--tests",
            "--examples",
            "--locked",
            "--no-fail-fast",
        ])?;
    }
    cargo(&["test", "--workspace", "--doc", "--locked"])?;
    if has_cargo_subcommand("deny") {
        // `advisories` needs the RustSec database from the network; run
        // `cargo deny check advisories` where it can be fetched.
        cargo(&["deny", "--locked", "check", "bans", "licenses", "sources"])?;
    } else {
        eprintln!(
            "xtask: cargo-deny is not installed; skipping the dependency policy check (deny.toml)"
        );
    }
    Ok(())
}
