//! HTTP clients get bounded resources: connections that send nothing, send their body too
//! slowly or go idle are closed, connections past the limit wait, and URLs too long for the
//! parser get a Stream-format JSON error.
mod http_others_util;
mod ws_support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use http_others_util::{Client, raw};
use serde_json::Value;
use stream_emulator::{Emulator, HttpLimits};
use ws_support::Ws;

/// Hang detector for reads: far above every timeout configured here.
const HANG: Duration = Duration::from_secs(15);

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(HANG)).unwrap();
    s.set_write_timeout(Some(HANG)).unwrap();
    s
}

/// Reads until the server closes the connection; panics if that takes the hang detector.
fn read_until_closed(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return out,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
}

fn json_body(response: &[u8]) -> Value {
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    serde_json::from_slice(&response[split + 4..]).expect("a JSON body")
}

#[test]
fn connections_that_send_nothing_are_closed() {
    let emu = Emulator::builder()
        .http_limits(HttpLimits::default().with_header_read_timeout(Duration::from_millis(200)))
        .start_blocking()
        .unwrap();
    let mut idle: Vec<TcpStream> = (0..200).map(|_| connect(emu.addr())).collect();
    for s in &mut idle {
        read_until_closed(s);
    }
    // A connection idle after a response is closed too.
    let mut s = connect(emu.addr());
    let target = Client::new(emu.addr()).target("user/alice/", "");
    write!(s, "GET {target} HTTP/1.1\r\nhost: x\r\n\r\n").unwrap();
    let answered = read_until_closed(&mut s);
    assert!(answered.starts_with(b"HTTP/1.1 401"), "{answered:?}");
}

#[test]
fn a_body_sent_byte_by_byte_gets_a_408_and_the_connection_closes() {
    let emu = Emulator::builder()
        .http_limits(HttpLimits::default().with_body_read_timeout(Duration::from_millis(300)))
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let mut s = connect(emu.addr());
    let target = c.target("user/", "");
    let head = format!(
        "POST {target} HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\n\
         content-length: 1000\r\n\r\n",
        c.server()
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut writer = s.try_clone().unwrap();
    // One byte every 50 ms would take 50 s; the writer gives up once the server hangs up.
    let trickle = std::thread::spawn(move || {
        for _ in 0..1000 {
            if writer.write_all(b" ").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let response = read_until_closed(&mut s);
    assert!(
        response.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&response)
    );
    let body = json_body(&response);
    assert_eq!(body["status_code"], 408, "{body}");
    assert_eq!(body["exception"], "InputException", "{body}");
    drop(s);
    trickle.join().unwrap();
}

#[test]
fn an_idle_websocket_is_closed() {
    let emu = Emulator::builder()
        .http_limits(HttpLimits::default().with_idle_timeout(Duration::from_millis(300)))
        .start_blocking()
        .unwrap();
    let mut ws = Ws::connect(emu.addr());
    read_until_closed(&mut ws.0);
}

#[test]
fn connections_past_the_limit_wait_for_a_free_slot() {
    let emu = Emulator::builder()
        .http_limits(HttpLimits::default().with_max_connections(2))
        .start_blocking()
        .unwrap();
    let first = connect(emu.addr());
    let second = connect(emu.addr());
    // Let the server take both before the third arrives.
    std::thread::sleep(Duration::from_millis(200));
    let mut third = connect(emu.addr());
    let target = Client::new(emu.addr()).target("user/alice/", "");
    write!(
        third,
        "GET {target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = third.read(&mut byte);
    assert!(
        early.is_err(),
        "answered while both slots were taken: {early:?}"
    );
    drop(first);
    third.set_read_timeout(Some(HANG)).unwrap();
    let response = read_until_closed(&mut third);
    assert!(
        response.starts_with(b"HTTP/1.1 401"),
        "{}",
        String::from_utf8_lossy(&response)
    );
    drop(second);
}

#[test]
fn urls_too_long_for_the_parser_get_a_stream_error() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let long = "a".repeat(100 * 1024);
    // A 100 KB path, v1.
    let r = raw(
        emu.addr(),
        "GET",
        &format!("/api/v1.0/feed/user/{long}/?api_key=key123"),
        &[],
        b"",
    );
    assert_eq!(r.status, 414);
    let body = r.json();
    assert_eq!(body["status_code"], 414, "{body}");
    assert_eq!(body["exception"], "InputException", "{body}");
    assert!(body["detail"].is_string(), "{body}");
    // A 100 KB query, v2: the v2 error body.
    let r = raw(
        emu.addr(),
        "GET",
        &format!("/api/v2/users?api_key=key123&payload={long}"),
        &[],
        b"",
    );
    assert_eq!(r.status, 414);
    let body = r.json();
    assert_eq!(body["StatusCode"], 414, "{body}");
    assert_eq!(body["code"], 4, "{body}");
    // Over the configured cap but within the parser's: answered by the emulator.
    let mid = "b".repeat(40 * 1024);
    let r = c.srv("GET", "user/alice/", &format!("x={mid}"), None);
    assert_eq!(r.status, 414);
    assert_eq!(r.json()["exception"], "InputException", "{}", r.json());
}
