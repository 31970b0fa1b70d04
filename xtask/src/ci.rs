//! `cargo xtask ci`: formatting, lints, tests, doc tests, API docs, package contents, dependency
//! policy.
use crate::{cargo, cargo_with_env, has_cargo_subcommand};

/// Runs every CI step in order; stops at the first failure.
pub(crate) fn run() -> Result<(), String> {
    ensure_component("fmt", "rustfmt")?;
    ensure_component("clippy", "clippy")?;
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
    // `Timestamp`'s `chrono`, `time` and `jiff` conversions sit behind stream-models features
    // that the workspace build leaves off; lint them too.
    cargo(&[
        "clippy",
        "-p",
        "stream-models",
        "--all-targets",
        "--all-features",
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
    // stream-models with every optional conversion: its unit, integration and doc tests.
    cargo(&["test", "-p", "stream-models", "--all-features", "--locked"])?;
    // Broken intra-doc links and malformed docs fail the build, as lints do.
    cargo_with_env(
        &["doc", "--workspace", "--no-deps", "--locked"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    crate::package::check()?;
    if has_cargo_subcommand("deny") {
        // `advisories` needs the RustSec database from the network; run
        // `cargo deny check advisories` where it can be fetched.
        cargo(&["deny", "--locked", "check", "bans", "licenses", "sources"])?;
    } else if std::env::var_os("CI").is_some() {
        // CI enforces the policy: `.ci/run` installs cargo-deny, so its absence is a broken setup.
        return Err(
            "cargo-deny is not installed, and CI must check deny.toml: run `cargo install --locked cargo-deny`"
                .to_string(),
        );
    } else {
        eprintln!(
            "xtask: cargo-deny is not installed; skipping the dependency policy check (deny.toml); \
             `cargo install --locked cargo-deny` enables it"
        );
    }
    Ok(())
}

/// Makes sure `cargo <sub>` works, installing the rustup `component` if it does not (a toolchain
/// installed with rustup's minimal profile has neither rustfmt nor clippy).
fn ensure_component(sub: &str, component: &str) -> Result<(), String> {
    if has_cargo_subcommand(sub) {
        return Ok(());
    }
    eprintln!("xtask: `cargo {sub}` is missing; running `rustup component add {component}`");
    let status = std::process::Command::new("rustup")
        .args(["component", "add", component])
        .status()
        .map_err(|e| format!("`cargo {sub}` is missing and rustup could not run ({e}); install the {component} component"))?;
    if status.success() && has_cargo_subcommand(sub) {
        Ok(())
    } else {
        Err(format!(
            "`cargo {sub}` is missing and `rustup component add {component}` failed ({status})"
        ))
    }
}
