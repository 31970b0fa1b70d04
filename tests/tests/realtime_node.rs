//! The official JS client (`getstream` on npm, `feed.subscribe`) against our emulator's `/faye`.
//! Part of every test run (`cargo test -p stream-tests --test realtime_node` alone). It installs
//! the package pinned by `tests/node/package-lock.json` with `npm ci` when the installed copy is
//! missing or differs from the lock.
//!
//! The check never passes without running. When `node` or `npm` is missing, or the package
//! cannot be installed, the test **fails**, saying why. Outside CI a developer without Node can
//! opt out explicitly with `STREAM_SKIP_NODE=1`: the test then passes and says it skipped. In CI
//! (`CI` set to anything but `""`, `0` or `false`) `STREAM_SKIP_NODE` is ignored: a missing tool
//! is always a failure (`.ci/run` installs Node.js and npm when they are absent).
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stream_emulator::Emulator;

/// The name of the test that runs the JS client (the self-spawning tests below select it).
const CHECK: &str = "official_js_client_receives_feed_updates";

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node")
}

/// What the check is told by its environment.
struct Env {
    /// `CI` is set to something other than `""`, `0` or `false`.
    ci: bool,
    /// `STREAM_SKIP_NODE=1`: the developer asked to skip (ignored in CI).
    skip_requested: bool,
    /// `PATH`, where `node` and `npm` are looked up.
    path: OsString,
}

impl Env {
    fn from_process() -> Self {
        let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
        let skip_requested = std::env::var("STREAM_SKIP_NODE").is_ok_and(|v| v.trim() == "1");
        let path = std::env::var_os("PATH").unwrap_or_default();
        Self {
            ci,
            skip_requested,
            path,
        }
    }

    /// The outcome of a check that cannot run because of `why`: a skip only when asked for
    /// outside CI, otherwise a failure.
    fn cannot_run(&self, why: &str) -> Outcome {
        if self.skip_requested && !self.ci {
            Outcome::Skipped(format!("SKIPPED (STREAM_SKIP_NODE=1): {why}"))
        } else if self.ci {
            Outcome::Failed(format!(
                "{why}; CI must run the official JS client check (.ci/run installs nodejs and npm)"
            ))
        } else {
            Outcome::Failed(format!(
                "{why}; install Node.js and npm, or set STREAM_SKIP_NODE=1 to skip this check explicitly"
            ))
        }
    }
}

/// How the check ended.
#[derive(Debug)]
enum Outcome {
    Passed(String),
    Skipped(String),
    Failed(String),
}

/// `cmd` as an executable file in one of `path`'s directories.
fn find_on_path(cmd: &str, path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(cmd))
        .find(|candidate| works(candidate))
}

/// Whether `program --version` runs and succeeds.
fn works(program: &Path) -> bool {
    program.is_file()
        && Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Runs `cmd` with a deadline; `None` when it could not start or ran out of time.
fn run_with_deadline(cmd: &mut Command, limit: Duration) -> Option<(bool, String)> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + limit;
    // Bounded by the deadline.
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            let out = child.wait_with_output().ok()?;
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return Some((out.status.code() == Some(0), text));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// The `getstream` version `package-lock.json` pins.
fn locked_version(dir: &Path) -> Option<String> {
    let lock = std::fs::read_to_string(dir.join("package-lock.json")).ok()?;
    let lock: serde_json::Value = serde_json::from_str(&lock).ok()?;
    lock["packages"]["node_modules/getstream"]["version"]
        .as_str()
        .map(str::to_owned)
}

/// The `getstream` version installed in `node_modules`.
fn installed_version(dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("node_modules/getstream/package.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest).ok()?;
    manifest["version"].as_str().map(str::to_owned)
}

/// Installs the locked package with `npm ci` unless that exact version is installed already.
fn install(env: &Env, dir: &Path) -> Result<(), Outcome> {
    let Some(locked) = locked_version(dir) else {
        return Err(Outcome::Failed(
            "tests/node/package-lock.json does not pin getstream".to_owned(),
        ));
    };
    if installed_version(dir).as_deref() == Some(locked.as_str()) {
        return Ok(());
    }
    let Some(npm) = find_on_path("npm", &env.path) else {
        return Err(env.cannot_run("npm is not on PATH, so getstream cannot be installed"));
    };
    let installed = run_with_deadline(
        Command::new(npm)
            // No retries and a short fetch timeout: offline, the install gives up in about
            // 15 s instead of waiting out npm's minutes of backoff.
            .args([
                "ci",
                "--no-audit",
                "--no-fund",
                "--fetch-retries=0",
                "--fetch-timeout=15000",
            ])
            .env("PATH", &env.path)
            .current_dir(dir),
        Duration::from_secs(120),
    );
    match installed {
        Some((true, _)) if installed_version(dir).as_deref() == Some(locked.as_str()) => Ok(()),
        other => Err(env.cannot_run(&format!(
            "`npm ci` could not install getstream {locked}: {other:?}"
        ))),
    }
}

/// The whole check: find the tools, install the package, run the JS client against an emulator.
fn check(env: &Env) -> Outcome {
    let Some(node) = find_on_path("node", &env.path) else {
        return env.cannot_run("node is not on PATH");
    };
    let dir = node_dir();
    if let Err(outcome) = install(env, &dir) {
        return outcome;
    }
    let emu = Emulator::start_blocking().expect("emulator");
    let result = run_with_deadline(
        Command::new(node)
            .arg("faye_js_check.mjs")
            .args([
                emu.base_url(),
                emu.api_key(),
                emu.api_secret(),
                emu.app_id(),
            ])
            .env("PATH", &env.path)
            .current_dir(&dir),
        Duration::from_secs(20),
    );
    match result {
        Some((true, out)) => Outcome::Passed(out),
        Some((false, out)) => {
            Outcome::Failed(format!("the JS client did not receive the update:\n{out}"))
        }
        None => Outcome::Failed("the JS check did not finish in 20 s".to_owned()),
    }
}

#[test]
fn official_js_client_receives_feed_updates() {
    match check(&Env::from_process()) {
        Outcome::Passed(out) => println!("{out}"),
        Outcome::Skipped(why) => eprintln!("{why}"),
        Outcome::Failed(why) => panic!("{why}"),
    }
}

#[test]
fn in_ci_a_missing_node_fails_even_when_a_skip_is_requested() {
    let env = Env {
        ci: true,
        skip_requested: true,
        path: OsString::new(),
    };
    let outcome = check(&env);
    assert!(
        matches!(&outcome, Outcome::Failed(why) if why.contains("node is not on PATH")),
        "{outcome:?}"
    );
}

#[test]
fn outside_ci_a_missing_node_fails_unless_the_skip_is_explicit() {
    let mut env = Env {
        ci: false,
        skip_requested: false,
        path: OsString::new(),
    };
    let outcome = check(&env);
    assert!(
        matches!(&outcome, Outcome::Failed(why) if why.contains("STREAM_SKIP_NODE=1")),
        "{outcome:?}"
    );
    env.skip_requested = true;
    let outcome = check(&env);
    assert!(
        matches!(&outcome, Outcome::Skipped(why) if why.starts_with("SKIPPED")),
        "{outcome:?}"
    );
}

/// Runs this test binary's [`CHECK`] alone with `env` added and `PATH` emptied; its exit status.
fn run_check_without_node(env: &[(&str, &str)]) -> std::process::Output {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    cmd.args([CHECK, "--exact", "--nocapture", "--test-threads=1"])
        .env("PATH", "")
        .env_remove("CI")
        .env_remove("STREAM_SKIP_NODE")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.output().expect("the test binary runs")
}

#[test]
fn the_check_fails_in_ci_without_node_on_path() {
    for env in [
        &[("CI", "true")][..],
        &[("CI", "true"), ("STREAM_SKIP_NODE", "1")][..],
        &[][..],
    ] {
        let out = run_check_without_node(env);
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{env:?} passed:\n{text}");
        assert!(text.contains("node is not on PATH"), "{env:?}:\n{text}");
    }
    let out = run_check_without_node(&[("STREAM_SKIP_NODE", "1")]);
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("SKIPPED (STREAM_SKIP_NODE=1)"), "{text}");
}
