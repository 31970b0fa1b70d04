//! The `stream-emulator` binary's command line: `--help`, the per-request log lines on stderr
//! (`--quiet`, `RUST_LOG`), the message for a port that is taken, `--explorer` and `--ranking`.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Hang detector for a child process (generous: debug builds on shared machines).
const LIMIT: Duration = Duration::from_secs(20);

/// Kills the child (if still running) when the test ends, however it ends.
struct Running {
    child: Child,
    addr: SocketAddr,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stream-emulator"))
}

/// Runs the binary to completion (it must exit by itself).
fn run(args: &[&str]) -> Output {
    let mut child = binary()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while started.elapsed() < LIMIT {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the binary did not exit: {args:?}");
}

/// Starts the binary on a free port with `args` and `RUST_LOG` as given; its stderr lines
/// arrive on a channel.
fn spawn(args: &[&str], rust_log: Option<&str>) -> Running {
    let mut command = binary();
    command
        .args(["--host", "127.0.0.1", "--port", "0"])
        .args(args)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(filter) = rust_log {
        command.env("RUST_LOG", filter);
    }
    let mut child = command.spawn().expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let (url_tx, url_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(line)) = lines.next() {
            let _ = url_tx.send(line);
        }
        // Keep reading so the child never blocks on a full pipe.
        for _ in lines {}
    });
    let (err_tx, err_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let url = url_rx.recv_timeout(LIMIT).expect("base url on stdout");
    let addr = url.trim_start_matches("http://").parse().expect("address");
    Running {
        child,
        addr,
        stderr: err_rx,
    }
}

/// Sends one `GET target` and returns the status line.
fn get(addr: SocketAddr, target: &str) -> String {
    let mut stream = TcpStream::connect_timeout(&addr, LIMIT).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

/// The first stderr line containing `needle`, waiting at most `wait`.
fn stderr_line(running: &Running, needle: &str, wait: Duration) -> Option<String> {
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match running.stderr.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return Some(line),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
}

#[test]
fn help_goes_to_stdout_exits_zero_and_names_everything_served() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert!(out.status.success(), "{flag}: {:?}", out.status);
        assert!(out.stderr.is_empty(), "{flag} wrote to stderr");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for served in [
            "/api/v1.0/",
            "/api/v2/",
            "/faye",
            "--quiet",
            "--port",
            "--explorer",
            "--ranking NAME=FORMULA",
        ] {
            assert!(
                text.contains(served),
                "{flag} does not name {served}:\n{text}"
            );
        }
    }
}

#[test]
fn a_taken_port_names_it_and_suggests_port_zero() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let out = run(&["--host", "127.0.0.1", "--port", &port.to_string()]);
    assert!(!out.status.success());
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        text.contains(&format!(
            "port {port} is in use; pass --port 0 for any free port"
        )),
        "{text}"
    );
}

#[test]
fn each_request_is_one_stderr_line_without_the_query() {
    let running = spawn(&[], None);
    let status = get(
        running.addr,
        "/api/v1.0/feed/user/alice/?api_key=key123&token=hush",
    );
    assert!(status.contains("401"), "{status}");
    let line = stderr_line(&running, "/api/v1.0/feed/user/alice/", LIMIT).expect("a request line");
    assert!(
        line.contains("GET /api/v1.0/feed/user/alice/ 401 ") && line.ends_with("ms app=key123"),
        "{line}"
    );
    assert!(!line.contains('?') && !line.contains("hush"), "{line}");
    get(running.addr, "/api/v2/users");
    let line = stderr_line(&running, "/api/v2/users", LIMIT).expect("a request line");
    assert!(line.ends_with("app=-"), "{line}");
}

#[test]
fn quiet_and_rust_log_turn_the_request_lines_off() {
    for (args, rust_log) in [
        (&["--quiet"][..], None),
        (&["--quiet"][..], Some("info")),
        (&[][..], Some("warn")),
        (&[][..], Some("stream_emulator::request=off")),
    ] {
        let running = spawn(args, rust_log);
        get(running.addr, "/api/v1.0/feed/user/alice/?api_key=key123");
        // Everything the process wrote to stderr, up to its exit.
        let logged = stop_and_drain(running);
        assert!(
            !logged.iter().any(|l| l.contains("GET ")),
            "{args:?} RUST_LOG={rust_log:?}: {logged:?}"
        );
    }
}

/// Stops the binary with SIGTERM and returns every stderr line it wrote.
fn stop_and_drain(running: Running) -> Vec<String> {
    // The shell's `kill` builtin: slim images may lack a `kill` program.
    let status = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", running.child.id())])
        .status()
        .expect("sh");
    assert!(status.success());
    let deadline = Instant::now() + LIMIT;
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match running.stderr.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(mpsc::RecvTimeoutError::Disconnected) => return lines,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("stderr stayed open: {lines:?}"),
        }
    }
}

#[test]
fn rust_log_refines_the_default() {
    // `debug` for the emulator keeps the request lines.
    let running = spawn(&[], Some("warn,stream_emulator=debug"));
    get(running.addr, "/api/v1.0/feed/user/alice/?api_key=key123");
    assert!(stderr_line(&running, "GET /api/v1.0/feed/user/alice/", LIMIT).is_some());
}

#[test]
fn the_explorer_is_served_at_the_root_unless_turned_off() {
    let on = spawn(&["--quiet"], None);
    assert!(
        get(on.addr, "/").ends_with(" 200 OK"),
        "{}",
        get(on.addr, "/")
    );
    let off = spawn(&["--quiet", "--explorer", "off"], None);
    assert!(get(off.addr, "/").ends_with(" 404 Not Found"));
    let bad = run(&["--explorer", "maybe"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad --explorer \"maybe\""));
}

/// Sends `GET target` with a server token of the default app and returns the status line.
fn get_as_server(addr: SocketAddr, target: &str) -> String {
    let secret = stream_auth::ApiSecret::new("secret456");
    let token = stream_auth::Signer::new(&secret).server_token();
    let mut stream = TcpStream::connect_timeout(&addr, LIMIT).expect("connect");
    stream.set_read_timeout(Some(LIMIT)).expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {}\r\n\
         Stream-Auth-Type: jwt\r\nConnection: close\r\n\r\n",
        token.as_str()
    )
    .expect("write");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn requests_refused_by_the_rate_limit_are_logged_too() {
    let running = spawn(&["--rate-limit", "1/600"], None);
    let target = "/api/v1.0/feed/user/alice/?api_key=key123";
    assert!(get_as_server(running.addr, target).contains("200"));
    let refused = get_as_server(running.addr, target);
    assert!(refused.contains("429"), "{refused}");
    let line = stderr_line(&running, " 429 ", LIMIT).expect("a line for the 429");
    assert!(
        line.contains("GET /api/v1.0/feed/user/alice/ 429 ") && line.ends_with("app=key123"),
        "{line}"
    );
}

#[test]
fn rankings_declared_on_the_command_line_rank_reads() {
    let running = spawn(
        &[
            "--ranking",
            "popular=popularity * 2",
            "--ranking",
            r#"fresh={"score": "decay_exp(time)", "defaults": {}}"#,
            "--quiet",
        ],
        None,
    );
    for ranking in ["popular", "fresh"] {
        let target = format!("/api/v1.0/feed/user/alice/?api_key=key123&ranking={ranking}");
        let status = get_as_server(running.addr, &target);
        assert!(status.contains("200"), "{ranking}: {status}");
    }
    let unknown = get_as_server(
        running.addr,
        "/api/v1.0/feed/user/alice/?api_key=key123&ranking=nope",
    );
    assert!(unknown.contains("400"), "{unknown}");

    for (bad, says) in [
        ("popular", "expected NAME=FORMULA"),
        ("=score", "expected NAME=FORMULA"),
        (
            "popular=popularity *",
            "--ranking popular: bad ranking: the formula ends too early",
        ),
        (r#"p={"score": 1}"#, "unexpected config key"),
    ] {
        let out = run(&["--port", "0", "--ranking", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let text = String::from_utf8(out.stderr).expect("utf-8");
        assert!(text.contains(says), "{bad}: {text}");
    }
}
