//! The official JS client (`getstream` on npm, `feed.subscribe`) against our emulator's `/faye`.
//! Part of every test run (`cargo test -p stream-tests --test realtime_node` alone). The first run
//! installs the package pinned by `tests/node/package-lock.json` with npm; the test skips, with a
//! message, when `node` is missing or the package cannot be installed.
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stream_emulator::Emulator;

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node")
}

fn has(cmd: &str) -> bool {
    Command::new(cmd)
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

#[test]
fn official_js_client_receives_feed_updates() {
    if !has("node") {
        eprintln!("SKIP: node is not installed");
        return;
    }
    let dir = node_dir();
    if !dir.join("node_modules/getstream").exists() {
        if !has("npm") {
            eprintln!("SKIP: npm is not installed, cannot install getstream");
            return;
        }
        let installed = run_with_deadline(
            Command::new("npm")
                // No retries and a short fetch timeout: offline, the test skips in about 15 s
                // instead of waiting out npm's minutes of backoff.
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--silent",
                    "--fetch-retries=0",
                    "--fetch-timeout=15000",
                ])
                .current_dir(&dir),
            Duration::from_secs(90),
        );
        if !matches!(installed, Some((true, _))) {
            eprintln!("SKIP: could not install the getstream npm package: {installed:?}");
            return;
        }
    }
    let emu = Emulator::start_blocking().expect("emulator");
    let result = run_with_deadline(
        Command::new("node")
            .arg("faye_js_check.mjs")
            .args([
                emu.base_url(),
                emu.api_key(),
                emu.api_secret(),
                emu.app_id(),
            ])
            .current_dir(&dir),
        Duration::from_secs(20),
    );
    match result {
        Some((true, out)) => println!("{out}"),
        Some((false, out)) if out.contains("SKIP") => eprintln!("{out}"),
        Some((false, out)) => panic!("the JS client did not receive the update:\n{out}"),
        None => panic!("the JS check did not finish in 20 s"),
    }
}
