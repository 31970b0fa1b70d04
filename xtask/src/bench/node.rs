//! The official Node client (npm `getstream`) as a baseline, when `node` and `npm` are present
//! and the package installs; skipped with a note otherwise.
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT: &str = include_str!("node_bench.mjs");
const PACKAGE: &str = "getstream@8";
const INSTALL_TIMEOUT: Duration = Duration::from_secs(180);
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// What one Node run reported about itself.
pub(crate) struct NodeRun {
    /// Requests measured (after the warm-up).
    pub(crate) requests: u64,
    /// Wall time.
    pub(crate) wall: Duration,
    /// The Node process's CPU seconds (`process.cpuUsage`) during the measured requests.
    pub(crate) cpu: f64,
}

/// A directory with the script and `getstream` installed, or why there is none.
pub(crate) fn prepare() -> Result<PathBuf, String> {
    let dir = crate::workspace_root().join("target/bench-node");
    std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    std::fs::write(dir.join("node_bench.mjs"), SCRIPT).map_err(|e| e.to_string())?;
    if !dir.join("package.json").exists() {
        std::fs::write(
            dir.join("package.json"),
            "{\"name\":\"stream-rs-bench\",\"private\":true}\n",
        )
        .map_err(|e| e.to_string())?;
    }
    let version = output(Command::new("node").arg("--version"), &dir, RUN_TIMEOUT)
        .map_err(|e| format!("node not usable: {e}"))?;
    if !dir.join("node_modules/getstream/package.json").exists() {
        eprintln!(
            "bench: npm install {PACKAGE} (once, into {})",
            dir.display()
        );
        output(
            Command::new("npm").args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                PACKAGE,
            ]),
            &dir,
            INSTALL_TIMEOUT,
        )
        .map_err(|e| format!("npm install {PACKAGE} failed: {e}"))?;
    }
    let pkg = std::fs::read_to_string(dir.join("node_modules/getstream/package.json"))
        .map_err(|e| e.to_string())?;
    let pkg: serde_json::Value = serde_json::from_str(&pkg).map_err(|e| e.to_string())?;
    eprintln!(
        "bench: node {} with getstream {}",
        version.trim(),
        pkg["version"].as_str().unwrap_or("?")
    );
    Ok(dir)
}

/// Runs `op` (`reads` or `adds`) `requests` times at `concurrency`.
pub(crate) fn run(
    dir: &Path,
    base_url: &str,
    op: &str,
    concurrency: usize,
    requests: u64,
) -> Result<NodeRun, String> {
    let out = output(
        Command::new("node").args([
            "node_bench.mjs",
            base_url,
            op,
            &concurrency.to_string(),
            &requests.to_string(),
        ]),
        dir,
        RUN_TIMEOUT,
    )?;
    let line = out.lines().last().unwrap_or("");
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("node said {out:?}: {e}"))?;
    let num = |k: &str| {
        v[k].as_f64()
            .ok_or_else(|| format!("node result lacks {k}"))
    };
    Ok(NodeRun {
        requests: num("requests")? as u64,
        wall: Duration::from_secs_f64(num("wall_ms")? / 1000.0),
        cpu: num("cpu_ms")? / 1000.0,
    })
}

/// Runs `cmd` in `dir` and returns its stdout, failing on a non-zero exit or after `timeout`.
fn output(cmd: &mut Command, dir: &Path, timeout: Duration) -> Result<String, String> {
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if status.success() {
        Ok(stdout)
    } else {
        let tail: String = stderr.lines().rev().take(5).collect::<Vec<_>>().join(" | ");
        Err(format!("{status}: {tail}"))
    }
}
