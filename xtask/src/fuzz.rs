//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs each libFuzzer target of `fuzz/` (all of
//! them when none is named) for a bounded time with cargo-fuzz on the nightly toolchain.
//!
//! libFuzzer needs nightly (`-Zsanitizer`) and cargo-fuzz. When either is missing the command
//! fails (exit status 1) and says what to install: asked to fuzz, it never reports success
//! without having fuzzed. It is not part of `cargo xtask ci`, which runs the same harnesses
//! under proptest instead (see docs/reliability.md).
use std::process::{Command, Stdio};

use crate::workspace_root;

/// Time each target runs when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 60;
/// The most `--seconds` accepts (one hour per target).
const MAX_SECONDS: u64 = 3_600;

/// Whether `cmd` is this module's command.
pub(crate) fn handles(cmd: &str) -> bool {
    cmd == "fuzz"
}

/// What to run: the targets and the time each gets.
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    targets: Vec<String>,
    seconds: u64,
}

/// Reads `[--seconds N] [TARGET…]` against the targets `known`.
fn parse(args: &[String], known: &[String]) -> Result<Plan, String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--seconds" {
            let value = args.next().ok_or("--seconds needs a number")?;
            seconds = value
                .parse()
                .ok()
                .filter(|s| (1..=MAX_SECONDS).contains(s))
                .ok_or_else(|| format!("--seconds takes 1 to {MAX_SECONDS}, not {value:?}"))?;
        } else if known.contains(arg) {
            targets.push(arg.clone());
        } else {
            return Err(format!(
                "unknown fuzz target {arg:?}; the targets are {}",
                known.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = known.to_vec();
    }
    Ok(Plan { targets, seconds })
}

/// The `[[bin]]` names of `fuzz/Cargo.toml`: the fuzz targets.
fn targets_in(manifest: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin && let Some(value) = line.strip_prefix("name") {
            let name = value.trim_start().trim_start_matches('=').trim();
            targets.push(name.trim_matches('"').to_owned());
        }
    }
    targets
}

/// What stops fuzzing here, if anything: `nightly` and `cargo_fuzz` say what is installed.
fn missing_tools(nightly: bool, cargo_fuzz: bool) -> Option<String> {
    if !nightly {
        return Some(
            "no nightly toolchain: libFuzzer needs one (`rustup toolchain install nightly`)"
                .to_owned(),
        );
    }
    if !cargo_fuzz {
        return Some("cargo-fuzz is not installed (`cargo install cargo-fuzz`)".to_owned());
    }
    None
}

/// `rustup run nightly cargo <args>` in the workspace root, without the stable toolchain's
/// variables that `cargo xtask` inherited.
fn nightly_cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["run", "nightly", "cargo"])
        .args(args)
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .current_dir(workspace_root());
    cmd
}

fn succeeds(mut cmd: Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs the fuzz targets named in `args` (all by default), each for the time given.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let manifest_path = workspace_root().join("fuzz/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let plan = parse(args, &targets_in(&manifest))?;
    let nightly = succeeds(nightly_cargo(&["--version"]));
    let cargo_fuzz = nightly && succeeds(nightly_cargo(&["fuzz", "--version"]));
    if let Some(why) = missing_tools(nightly, cargo_fuzz) {
        return Err(format!("cannot fuzz: {why}"));
    }
    let max_time = format!("-max_total_time={}", plan.seconds);
    for target in &plan.targets {
        eprintln!("xtask: fuzzing {target} for {} s", plan.seconds);
        let status = nightly_cargo(&["fuzz", "run", target, "--", &max_time])
            .status()
            .map_err(|e| format!("could not run cargo fuzz: {e}"))?;
        if !status.success() {
            return Err(format!(
                "fuzz target {target} failed ({status}); the input is under fuzz/artifacts/{target}/"
            ));
        }
    }
    eprintln!(
        "xtask: fuzzed {} target(s), {} s each, without a crash",
        plan.targets.len(),
        plan.seconds
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_targets_are_the_fuzz_crates_binaries() {
        let manifest = std::fs::read_to_string(workspace_root().join("fuzz/Cargo.toml")).unwrap();
        assert_eq!(
            targets_in(&manifest),
            strings(&[
                "verify_token",
                "parse_error_body",
                "parse_feed_page",
                "build_path_query"
            ])
        );
    }

    #[test]
    fn arguments_choose_targets_and_a_bounded_time() {
        let known = strings(&["a", "b"]);
        assert_eq!(
            parse(&[], &known),
            Ok(Plan {
                targets: known.clone(),
                seconds: DEFAULT_SECONDS
            })
        );
        assert_eq!(
            parse(&strings(&["b", "--seconds", "5"]), &known),
            Ok(Plan {
                targets: strings(&["b"]),
                seconds: 5
            })
        );
        for bad in [
            &["--seconds"][..],
            &["--seconds", "0"],
            &["--seconds", "3601"],
            &["--seconds", "x"],
            &["c"],
        ] {
            assert!(parse(&strings(bad), &known).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn missing_nightly_or_cargo_fuzz_is_an_error_that_says_what_to_install() {
        let no_nightly = missing_tools(false, false).unwrap();
        assert!(no_nightly.contains("rustup toolchain install nightly"));
        let no_fuzz = missing_tools(true, false).unwrap();
        assert!(no_fuzz.contains("cargo install cargo-fuzz"));
        assert_eq!(missing_tools(true, true), None);
    }
}
