//! `cargo xtask coverage`: line and region coverage of the workspace with cargo-llvm-cov.
//!
//! Runs the same test selection as `cargo xtask ci` (nextest when installed, `--lib --bins --tests
//! --examples`) under instrumentation, writes an HTML report to `target/coverage/html/`, the JSON
//! summary to `target/coverage/summary.json`, and prints a per-crate table (also saved as
//! `target/coverage/table.md`).
//!
//! What counts: the source of the published crates under `crates/<name>/`. Test code and tooling
//! are left out of every denominator: `crates/*/tests/`, `crates/*/benches/`, `crates/*/examples/`,
//! `fuzz/`, the `tests/` scenario crate and `xtask/`. Doc tests are not measured (cargo-llvm-cov needs
//! a nightly toolchain for them).
//!
//! Flags: `--check` fails when a goal below is missed; `--report-only` skips the test run and reports
//! the profile data of the previous run.
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{cargo, has_cargo_subcommand, workspace_root};

mod json;
mod table;

use table::Goal;

/// Line-coverage goals: per crate, and for the workspace as a whole.
const GOALS: &[Goal] = &[
    Goal {
        name: "stream-auth",
        lines_percent: 95.0,
    },
    Goal {
        name: "stream-models",
        lines_percent: 95.0,
    },
    Goal {
        name: "stream-core",
        lines_percent: 95.0,
    },
    Goal {
        name: table::WORKSPACE,
        lines_percent: 90.0,
    },
];

/// Whether `cmd` is this module's subcommand.
pub(crate) fn handles(cmd: &str) -> bool {
    cmd == "coverage"
}

/// Runs the measurement and prints the table; see the module docs for the flags.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut report_only = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--report-only" => report_only = true,
            other => {
                return Err(format!(
                    "unknown flag `{other}` (use --check, --report-only)"
                ));
            }
        }
    }
    ensure_tools()?;
    let root = workspace_root();
    let out_dir = root.join("target").join("coverage");
    let ignore = ignore_regex(&root);
    // A failing test still leaves profile data: report it, then fail.
    let tests = if report_only { Ok(()) } else { run_tests() };
    let out = out_dir.to_string_lossy().into_owned();
    cargo(&[
        "llvm-cov",
        "report",
        "--ignore-filename-regex",
        &ignore,
        "--html",
        "--output-dir",
        &out,
    ])?;
    let summary_path = out_dir.join("summary.json");
    let summary_arg = summary_path.to_string_lossy().into_owned();
    cargo(&[
        "llvm-cov",
        "report",
        "--ignore-filename-regex",
        &ignore,
        "--json",
        "--summary-only",
        "--output-path",
        &summary_arg,
    ])?;
    let text = std::fs::read_to_string(&summary_path)
        .map_err(|e| format!("could not read {}: {e}", summary_path.display()))?;
    let summary = json::parse(&text).map_err(|e| format!("{}: {e}", summary_path.display()))?;
    let rows = table::tabulate(&root.to_string_lossy(), &summary)?;
    let rendered = table::render(&rows);
    println!("{rendered}");
    let table_path = out_dir.join("table.md");
    std::fs::write(&table_path, &rendered)
        .map_err(|e| format!("could not write {}: {e}", table_path.display()))?;
    eprintln!(
        "xtask: HTML report: {}",
        out_dir.join("html").join("index.html").display()
    );
    let missed = table::missed_goals(&rows, GOALS);
    for m in &missed {
        eprintln!("xtask: below goal: {m}");
    }
    tests?;
    if check && !missed.is_empty() {
        return Err(format!("{} coverage goal(s) missed", missed.len()));
    }
    Ok(())
}

/// Installs the `llvm-tools` rustup component and cargo-llvm-cov when they are missing.
fn ensure_tools() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("llvm-tools"))
        .unwrap_or(false);
    if !installed {
        eprintln!("xtask: rustup component add llvm-tools-preview");
        let ok = Command::new("rustup")
            .args(["component", "add", "llvm-tools-preview"])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err("could not install the llvm-tools rustup component".into());
        }
    }
    if !has_cargo_subcommand("llvm-cov") {
        cargo(&["install", "cargo-llvm-cov", "--locked"])?;
    }
    Ok(())
}

/// The CI test selection, instrumented; the profile data stays for the `report` steps.
fn run_tests() -> Result<(), String> {
    cargo(&["llvm-cov", "clean", "--workspace"])?;
    let selection = [
        "--workspace",
        "--lib",
        "--bins",
        "--tests",
        "--examples",
        "--locked",
    ];
    let mut args: Vec<&str> = vec!["llvm-cov"];
    if has_cargo_subcommand("nextest") {
        args.push("nextest");
    }
    args.extend(selection);
    args.extend(["--no-fail-fast", "--no-report"]);
    cargo(&args)
}

/// A regex matching the files left out of the measurement, anchored at the workspace root so a
/// checkout that happens to live under a folder named `tests` is still measured.
fn ignore_regex(root: &Path) -> String {
    let root = regex_escape(&root.to_string_lossy());
    format!("^{root}/(tests|xtask|fuzz)/|^{root}/crates/[^/]+/(tests|benches|examples|fuzz)/")
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_regex_is_anchored_and_escaped() {
        let r = ignore_regex(Path::new("/ci/run.1/stream-rs"));
        assert!(
            r.starts_with("^/ci/run\\.1/stream\\-rs/(tests|xtask|fuzz)/"),
            "{r}"
        );
        assert!(
            r.contains("|^/ci/run\\.1/stream\\-rs/crates/[^/]+/(tests|benches|examples|fuzz)/")
        );
    }

    #[test]
    fn unknown_flags_are_refused_before_any_work() {
        let err = run(&["--html".to_owned()]).unwrap_err();
        assert!(err.contains("unknown flag `--html`"), "{err}");
    }
}
