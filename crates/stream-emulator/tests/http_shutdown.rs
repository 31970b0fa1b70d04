//! `Emulator::stop` is bounded even with idle keep-alive connections open, and writes the data
//! file before it returns.

mod http_others_util;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use http_others_util::Client;
use serde_json::json;
use stream_emulator::Emulator;
use stream_emulator::SHUTDOWN_GRACE;

/// A hang detector for `stop`: far beyond the grace period, so only a stop that never ends
/// fails it on a loaded machine.
const HANG_LIMIT: Duration = Duration::from_secs(32);

fn temp_data_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "stream-emulator-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator.redb");
    let _ = std::fs::remove_file(&file);
    file
}

/// Opens a connection, sends one keep-alive request, reads its whole response and keeps the
/// socket open.
fn idle_keep_alive(addr: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let req = format!("GET /api/v1.0/nothing/?api_key=key123 HTTP/1.1\r\nhost: {addr}\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    for _ in 0..100 {
        let n = s.read(&mut chunk).expect("read response");
        assert!(n > 0, "server closed a keep-alive connection");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .expect("content-length");
            if buf.len() >= end + 4 + len {
                assert!(head.starts_with("http/1.1 404"), "{head}");
                return s;
            }
        }
    }
    panic!("no complete response");
}

/// Opens a connection that sent only part of a request head (the server waits for the rest).
fn half_sent_request(addr: SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /api/v1.0/user/alice/?api_key=key123 HTTP/1.1\r\nhost: x\r\n")
        .unwrap();
    s
}

/// Opens a connection whose request is in flight: the handler is reading its body (the server
/// answered `100 Continue`) and only part of it was sent. A graceful shutdown without a bound
/// would wait for it forever.
fn in_flight_request(addr: SocketAddr, token: &str) -> TcpStream {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let head = format!(
        "POST /api/v1.0/user/?api_key=key123 HTTP/1.1\r\nhost: {addr}\r\n\
         authorization: {token}\r\nstream-auth-type: jwt\r\ncontent-type: application/json\r\n\
         content-length: 100\r\nexpect: 100-continue\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 256];
    for _ in 0..100 {
        if buf.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
        let n = s.read(&mut chunk).expect("read 100 Continue");
        assert!(n > 0, "server closed the connection");
        buf.extend_from_slice(&chunk[..n]);
    }
    let got = String::from_utf8_lossy(&buf);
    assert!(got.starts_with("HTTP/1.1 100"), "{got}");
    s.write_all(b"{\"id\":").unwrap();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_is_bounded_with_open_connections_and_saves_the_data_file() {
    let file = temp_data_file("stop");
    let emu = Emulator::builder().data_file(&file).start().await.unwrap();
    let addr = emu.addr();
    let (idle, half, in_flight) = tokio::task::spawn_blocking(move || {
        let c = Client::new(addr);
        let r = c.srv(
            "POST",
            "user/",
            "",
            Some(&json!({"id": "alice", "data": {"name": "Alice"}})),
        );
        assert_eq!(r.status, 201, "{}", r.json());
        (
            idle_keep_alive(addr),
            half_sent_request(addr),
            in_flight_request(addr, &c.server()),
        )
    })
    .await
    .unwrap();

    let started = Instant::now();
    // `stop` returns false when its timeout passes first: with the idle and half-sent
    // connections still open, an unbounded graceful shutdown would never end. The timeout is a
    // hang detector, 30 s past the 2 s grace.
    let stopped = emu.stop(HANG_LIMIT).await;
    let took = started.elapsed();
    assert!(stopped, "stop did not finish within {HANG_LIMIT:?}");
    // The in-flight request held graceful shutdown until the grace period ended.
    assert!(took >= SHUTDOWN_GRACE, "stop took only {took:?}");
    drop((idle, half, in_flight));

    assert!(file.exists(), "the data file was not written");
    let emu = Emulator::builder().data_file(&file).start().await.unwrap();
    let addr = emu.addr();
    let r =
        tokio::task::spawn_blocking(move || Client::new(addr).srv("GET", "user/alice/", "", None))
            .await
            .unwrap();
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(r.json()["data"]["name"], "Alice");
    assert!(emu.stop(HANG_LIMIT).await);
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_without_connections_is_quick() {
    let file = temp_data_file("quick");
    let emu = Emulator::builder().data_file(&file).start().await.unwrap();
    let started = Instant::now();
    assert!(emu.stop(HANG_LIMIT).await);
    // Here the real clock is the point: with nothing open, stop must not sit out the grace.
    // A healthy stop takes milliseconds, so the 2 s grace leaves a margin of over 100×.
    assert!(
        started.elapsed() < SHUTDOWN_GRACE,
        "{:?}",
        started.elapsed()
    );
    assert!(file.exists());
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

#[test]
fn stop_works_on_an_emulator_with_its_own_runtime() {
    let emu = Emulator::start_blocking().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(
        rt.block_on(emu.stop(HANG_LIMIT)),
        "stop did not finish within {HANG_LIMIT:?}"
    );
}
