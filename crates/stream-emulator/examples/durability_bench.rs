//! Measures what `--data` costs: write throughput with 16 concurrent writers, in memory and with
//! a data file (alternating rounds in one run, so the ratio compares like with like), and the
//! start-up time of a data file holding 100,000 activities, after a clean stop and after a
//! crash (a child process that aborts right after its last answered write).
//!
//! `cargo run --release -p stream-emulator --example durability_bench [-- ROUNDS SECONDS]`
//! (defaults: 3 rounds of 3 seconds each). Figures are reported in `docs/benchmarks.md`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stream_auth::{ApiSecret, Signer};
use stream_emulator::Emulator;

const WRITERS: usize = 16;
const STORED_ACTIVITIES: usize = 100_000;
const PER_REQUEST: usize = 100;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn token(emu: &Emulator) -> String {
    Signer::new(&ApiSecret::new(emu.api_secret()))
        .sign_json(r#"{"resource":"*","action":"*","feed_id":"*"}"#)
        .into_string()
}

/// Where requests go: base URL, api key and a server token.
struct Target {
    base_url: String,
    api_key: String,
    token: String,
}

impl Target {
    fn of(emu: &Emulator) -> Self {
        Self {
            base_url: emu.base_url().to_owned(),
            api_key: emu.api_key().to_owned(),
            token: token(emu),
        }
    }
}

fn post(agent: &ureq::Agent, to: &Target, feed: &str, body: &Value) {
    let url = format!(
        "{}/api/v1.0/feed/{feed}/?api_key={}",
        to.base_url, to.api_key
    );
    let r = agent
        .post(&url)
        .header("authorization", &to.token)
        .header("stream-auth-type", "jwt")
        .header("content-type", "application/json")
        .send(serde_json::to_vec(body).expect("json"))
        .expect("request");
    assert_eq!(r.status(), 200, "add activity to {feed}");
}

/// Activities added per second by `WRITERS` threads, each adding one at a time to its own feed.
fn throughput(emu: &Emulator, seconds: f64) -> f64 {
    let to = Target::of(emu);
    let stop = AtomicBool::new(false);
    let done = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let (to, stop, done) = (&to, &stop, &done);
            s.spawn(move || {
                let agent = agent();
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let act = json!({"actor": format!("w{w}"), "verb": "post", "object": format!("o{i}")});
                    post(&agent, to, &format!("user/bench{w}"), &act);
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_secs_f64(seconds));
        stop.store(true, Ordering::Relaxed);
    });
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stream-emulator-bench-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn with_file(file: &Path) -> Emulator {
    Emulator::builder()
        .data_file(file)
        .start_blocking()
        .expect("start with a data file")
}

/// Fills `file` with `STORED_ACTIVITIES` activities (100 feeds, 100 per request); returns the
/// running emulator.
fn fill(file: &Path) -> Emulator {
    let emu = with_file(file);
    let to = Target::of(&emu);
    let agent = agent();
    for n in 0..STORED_ACTIVITIES / PER_REQUEST {
        let acts: Vec<Value> = (0..PER_REQUEST)
            .map(|i| json!({"actor": "filler", "verb": "post", "object": format!("o{n}-{i}"), "foreign_id": format!("f{n}-{i}"), "score": i}))
            .collect();
        post(
            &agent,
            &to,
            &format!("user/fill{}", n % 100),
            &json!({ "activities": acts }),
        );
    }
    emu
}

/// Times three start-ups on `file` (the first as left by `first`, the others after a clean
/// stop), checking every stored activity is back.
fn time_startups(file: &Path, first: &str) {
    for attempt in 1..=3 {
        let started = Instant::now();
        let emu = with_file(file);
        let took = started.elapsed();
        let data = emu.app_data(emu.api_key()).expect("app");
        let n = data["feeds"]["activities"]
            .as_object()
            .map_or(0, |m| m.len());
        assert_eq!(n, STORED_ACTIVITIES, "every stored activity is back");
        emu.shutdown(Duration::from_secs(10));
        let what = if attempt == 1 {
            first
        } else {
            "after a clean stop"
        };
        println!(
            "start-up {attempt} {what} with {n} activities: {:.0} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--fill-then-abort") {
        // Run as a child: a crash right after the last write was answered (no clean close).
        let file = PathBuf::from(args.nth(1).expect("file"));
        let _running = fill(&file);
        std::process::abort();
    }
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let seconds: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3.0);

    let dir = scratch("throughput");
    let mut ratios = Vec::new();
    for round in 1..=rounds {
        let memory = Emulator::start_blocking().expect("start in memory");
        let in_memory = throughput(&memory, seconds);
        memory.shutdown(Duration::from_secs(10));
        let file = dir.join(format!("round{round}.redb"));
        let stored = with_file(&file);
        let durable = throughput(&stored, seconds);
        stored.shutdown(Duration::from_secs(10));
        let ratio = durable / in_memory;
        ratios.push(ratio);
        println!(
            "round {round}: {WRITERS} writers: in memory {in_memory:.0}/s, --data {durable:.0}/s, ratio {:.0} %",
            ratio * 100.0
        );
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "--data / in memory at {WRITERS} writers: median {:.0} % (min {:.0} %, max {:.0} %)",
        ratios[ratios.len() / 2] * 100.0,
        ratios[0] * 100.0,
        ratios[ratios.len() - 1] * 100.0
    );
    let _ = std::fs::remove_dir_all(&dir);

    let dir = scratch("startup");
    let file = dir.join("stored.redb");
    let filling = Instant::now();
    fill(&file).shutdown(Duration::from_secs(30));
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "stored {STORED_ACTIVITIES} activities in {:.1} s ({:.1} MB file)",
        filling.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    time_startups(&file, "after a clean stop");

    let crashed = dir.join("crashed.redb");
    let status = std::process::Command::new(std::env::current_exe().expect("this program"))
        .arg("--fill-then-abort")
        .arg(&crashed)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run the filling child");
    assert!(!status.success(), "the child aborted");
    time_startups(&crashed, "after a crash");
    let _ = std::fs::remove_dir_all(&dir);
}
