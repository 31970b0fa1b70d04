//! Measures how the emulator binary copes with connection bursts and realtime subscribers:
//! the time to open 2,000 connections one after another (each kept open), and the resident
//! memory after 500 `/faye` subscribers of one feed see 400 writes to it.
//!
//! Linux only (memory is read from `/proc/<pid>/status`). Build the binary, then run:
//!
//! ```text
//! cargo build --release -p stream-emulator
//! cargo run --release -p stream-emulator --example resource_probe -- target/release/stream-emulator
//! ```
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stream_auth::{ApiSecret, Signer};

const CONNECTIONS: usize = 2_000;
const SUBSCRIBERS: usize = 500;
const WRITES: usize = 400;

/// The emulator process; killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `VmRSS` and `VmHWM` (peak) of `pid`, in MiB.
fn memory_mib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn faye(agent: &ureq::Agent, url: &str, body: &Value) -> Vec<Value> {
    let mut resp = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("faye answers");
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap_or_default()).unwrap_or_default()
}

fn main() {
    let binary = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/stream-emulator".to_owned());
    let port = free_port();
    let child = Command::new(&binary)
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    let mut server = Server(child);
    let pid = server.0.id();
    // The binary prints a line once it listens; its output is drained until it exits (a
    // closed pipe would fail its later prints).
    if let Some(out) = server.0.stdout.take() {
        let mut out = BufReader::new(out);
        let mut line = String::new();
        let _ = out.read_line(&mut line);
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    }
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
    let base = format!("http://{addr}");
    let (rss, _) = memory_mib(pid);
    println!("started: RSS {rss} MiB");

    // Connections, one after another, all kept open.
    let started = Instant::now();
    let mut open = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        open.push(TcpStream::connect_timeout(&addr, Duration::from_secs(30)).expect("connect"));
    }
    println!(
        "{CONNECTIONS} connections opened one after another in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    drop(open);

    // Realtime: subscribers of one feed, then writes to it.
    let agent = agent();
    let url = format!("{base}/faye");
    let signer = Signer::new(&ApiSecret::new("secret456"));
    let channel = "/site-789-feed-userprobe";
    let read = signer.read_only_feed_token("user", "probe");
    let mut subscribed = 0;
    for _ in 0..SUBSCRIBERS {
        let hs = faye(
            &agent,
            &url,
            &json!([{"channel": "/meta/handshake", "version": "1.0", "supportedConnectionTypes": ["long-polling"]}]),
        );
        let Some(client) = hs.first().and_then(|r| r["clientId"].as_str()) else {
            continue;
        };
        let sub = faye(
            &agent,
            &url,
            &json!([{"channel": "/meta/subscribe", "clientId": client, "subscription": channel,
                     "ext": {"user_id": channel.trim_start_matches('/'), "api_key": "key123", "signature": read.as_str()}}]),
        );
        if sub.first().is_some_and(|r| r["successful"] == true) {
            subscribed += 1;
        }
    }
    let write = signer.feed_token("user", "probe");
    let text = "x".repeat(1000);
    for i in 0..WRITES {
        agent
            .post(&format!("{base}/api/v1.0/feed/user/probe/?api_key=key123"))
            .header("Authorization", write.as_str())
            .header("Content-Type", "application/json")
            .send(
                json!({"actor": "probe", "verb": "post", "object": format!("post:{i}"), "text": text})
                    .to_string(),
            )
            .expect("write");
    }
    // Let the realtime pump deliver everything.
    std::thread::sleep(Duration::from_secs(2));
    let (rss, peak) = memory_mib(pid);
    println!("{subscribed} subscribers, {WRITES} writes of ~1 KB: RSS {rss} MiB (peak {peak} MiB)");
}
