//! The `stream-emulator` binary: SIGTERM exits cleanly keeping the `--data` file, the startup message,
//! `--rate-limit`.
#![cfg(unix)]

mod http_others_util;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use http_others_util::Client;
use serde_json::json;

/// Kills the child (if still running) when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free port; returns it with its address and its two startup lines.
fn spawn(args: &[&str]) -> (Running, SocketAddr, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stream-emulator"))
        .args(["--host", "127.0.0.1", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the binary");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        for _ in 0..2 {
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
        }
        // Keep reading so the child never blocks on a full pipe.
        for _ in lines {}
    });
    let url = rx.recv_timeout(Duration::from_secs(20)).expect("base url");
    let info = rx.recv_timeout(Duration::from_secs(5)).expect("info line");
    let addr = url.trim_start_matches("http://").parse().expect("address");
    (running, addr, info)
}

fn sigterm_and_wait(running: &mut Running) -> std::process::ExitStatus {
    // The shell's `kill` builtin: slim images may lack a `kill` program.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", running.0.id())])
        .status()
        .expect("sh");
    assert!(status.success());
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(15) {
        if let Some(status) = running.0.try_wait().expect("try_wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the binary did not exit after SIGTERM");
}

#[test]
fn sigterm_exits_cleanly_keeping_the_data_and_the_demo_secret_is_printed() {
    let dir = std::env::temp_dir().join(format!("stream-emulator-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator.redb");
    let _ = std::fs::remove_file(&file);
    let (mut running, addr, info) = spawn(&["--data", file.to_str().unwrap()]);
    assert!(info.contains("key123"), "{info}");
    assert!(
        info.contains("secret456"),
        "the public demo secret is shown: {info}"
    );
    let r = Client::new(addr).srv(
        "POST",
        "user/",
        "",
        Some(&json!({"id": "alice", "data": {}})),
    );
    assert_eq!(r.status, 201, "{}", r.json());
    let status = sigterm_and_wait(&mut running);
    assert!(status.success(), "{status:?}");
    drop(running);
    let (_again, addr, _) = spawn(&["--data", file.to_str().unwrap()]);
    let r = Client::new(addr).srv("GET", "user/alice/", "", None);
    assert_eq!(r.status, 200, "the data file keeps alice: {}", r.json());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_custom_secret_is_not_printed_and_rate_limit_flag_works() {
    let (mut running, addr, info) =
        spawn(&["--api-secret", "s3cr3t-value", "--rate-limit", "2/60"]);
    assert!(!info.contains("s3cr3t-value"), "{info}");
    assert!(info.contains("--api-secret"), "{info}");
    let c = Client {
        signer: stream_auth::Signer::new(&stream_auth::ApiSecret::new("s3cr3t-value")),
        ..Client::new(addr)
    };
    let statuses: Vec<u16> = (0..3)
        .map(|_| c.srv("GET", "user/alice/", "", None).status)
        .collect();
    assert_eq!(statuses, [404, 404, 429]);
    sigterm_and_wait(&mut running);
}

#[test]
fn a_bad_rate_limit_flag_is_a_usage_error() {
    for bad in ["100", "0/60", "10/0", "x/60", "10/-1"] {
        let out = Command::new(env!("CARGO_BIN_EXE_stream-emulator"))
            .args(["--port", "0", "--rate-limit", bad])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "--rate-limit {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--rate-limit"), "{err}");
    }
}
