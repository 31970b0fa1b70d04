//! Project automation. `cargo xtask ci` runs exactly what CI runs.
//!
//! Commands:
//! - `ci`: `cargo fmt --check`, `cargo clippy --workspace --all-targets -- -D warnings`, the tests
//!   (cargo-nextest when installed, else `cargo test`), the doc tests, `cargo doc` with warnings
//!   denied, each library crate's package contents (see `package.rs`), and
//!   `cargo deny check bans licenses sources` (skipped with a note when cargo-deny is
//!   missing, except in CI where that is an error). It adds the rustfmt and clippy components
//!   with rustup when they are missing.
//! - `package`: checks what each library crate's package holds (the step `ci` runs).
//! - `bench`: end-to-end client benchmarks on loopback (see `bench/mod.rs`).
//! - `bench-fields`: how building an activity's custom fields scales (see `bench/fields.rs`).
//! - `coverage`: line and region coverage per crate with cargo-llvm-cov (see `coverage.rs`).
//! - `fuzz`: each libFuzzer target of `fuzz/` for a bounded time, on nightly with cargo-fuzz
//!   (see `fuzz.rs`); fails, saying what to install, when either is missing.
use std::process::{Command, ExitCode};
use std::time::Instant;

mod bench;
mod ci;
mod coverage;
mod fuzz;
mod package;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci::run(),
        Some("package") => package::check(),
        Some(cmd) if bench::handles(cmd) => bench::run(cmd, &args[1..]),
        Some(cmd) if coverage::handles(cmd) => coverage::run(&args[1..]),
        Some(cmd) if fuzz::handles(cmd) => fuzz::run(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask ci | cargo xtask package | cargo xtask bench [--quick] [--no-node] | cargo xtask bench-fields | cargo xtask coverage [--check] [--report-only] | cargo xtask fuzz [--seconds N] [TARGET...]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `cargo <args>` in the workspace root, streaming its output; an error names the command.
pub(crate) fn cargo(args: &[&str]) -> Result<(), String> {
    cargo_with_env(args, &[])
}

/// [`cargo`] with extra environment variables.
pub(crate) fn cargo_with_env(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let shown: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v:?} ")).collect();
    eprintln!("xtask: {}cargo {}", shown.concat(), args.join(" "));
    let status = Command::new(env_cargo())
        .args(args)
        .envs(env.iter().copied())
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

/// Whether `cargo <subcommand>` is installed.
pub(crate) fn has_cargo_subcommand(sub: &str) -> bool {
    Command::new(env_cargo())
        .args([sub, "--version"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The cargo that runs xtask (or `cargo` from `PATH`).
pub(crate) fn env_cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The workspace root (the parent of this crate's directory).
pub(crate) fn workspace_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
