//! `xtask bench-server`: a minimal HTTP/1.1 keep-alive server on 127.0.0.1 answering canned JSON,
//! one thread per connection, doing as little work as possible per request.
//!
//! - `GET` with `limit=100` in the target → a 100-activity page with a `next` link (the page after
//!   the one whose last id the `id_lt` names, so a paginator walks 101 distinct pages);
//!   any other `GET` → the 25-activity page; any other method → the add-activity answer.
//! - `GET /__stats` → `{"accepted":N}`, the TCP connections accepted so far (this one included).
//!
//! It prints `listening <addr>` on stdout once bound, and exits when its standard input closes
//! (the harness holds it open), or after [`MAX_LIFETIME`] at the latest.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::payloads::Payloads;

/// The server never outlives a bench run by much, even if the harness is killed.
const MAX_LIFETIME: Duration = Duration::from_secs(15 * 60);
/// Idle connections are closed after this.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Bounds on what a request may carry.
const MAX_HEADERS: usize = 100;
const MAX_BODY: usize = 4 << 20;
/// Requests served on one connection at most (every loop has a bound).
const MAX_REQUESTS_PER_CONNECTION: u64 = 100_000_000;

/// Full HTTP responses, prebuilt.
struct Canned {
    page25: Vec<u8>,
    /// The 100-activity pages, and the `id_lt` that asks for each (index 0: none).
    pages100: Vec<Vec<u8>>,
    id_lts: std::collections::HashMap<String, usize>,
    added: Vec<u8>,
}

fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// Binds, prints the address, and serves until stdin closes.
pub(crate) fn serve() -> Result<(), String> {
    let payloads = Payloads::load()?;
    let canned = Arc::new(Canned {
        page25: response("200 OK", &payloads.page25),
        pages100: payloads
            .pages100
            .iter()
            .map(|p| response("200 OK", p))
            .collect(),
        id_lts: payloads
            .id_lts
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, id)| (id.clone(), i))
            .collect(),
        added: response("201 Created", &payloads.added),
    });
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening {addr}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;

    std::thread::spawn(|| {
        // The harness keeps our stdin open; EOF means it is gone.
        let mut sink = [0u8; 64];
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        std::process::exit(0);
    });
    std::thread::spawn(|| {
        std::thread::sleep(MAX_LIFETIME);
        eprintln!("bench-server: lifetime exceeded, exiting");
        std::process::exit(0);
    });

    let accepted = Arc::new(AtomicU64::new(0));
    for conn in listener.incoming() {
        let Ok(conn) = conn else { continue };
        accepted.fetch_add(1, Ordering::Relaxed);
        let canned = Arc::clone(&canned);
        let accepted = Arc::clone(&accepted);
        std::thread::spawn(move || {
            // A client closing mid-request is normal at the end of a phase.
            let _ = handle(conn, &canned, &accepted);
        });
    }
    Ok(())
}

fn handle(conn: TcpStream, canned: &Canned, accepted: &AtomicU64) -> std::io::Result<()> {
    conn.set_nodelay(true)?;
    conn.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut writer = conn.try_clone()?;
    let mut reader = BufReader::with_capacity(64 * 1024, conn);
    let mut line = String::with_capacity(512);
    let mut body = Vec::with_capacity(64 * 1024);
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split(' ');
        let is_get = parts.next() == Some("GET");
        let target = parts.next().unwrap_or("");
        let stats = target.starts_with("/__stats");
        let big = target.contains("limit=100");

        let mut content_length = 0usize;
        let mut header = String::with_capacity(256);
        for _ in 0..MAX_HEADERS {
            header.clear();
            if reader.read_line(&mut header)? == 0 {
                return Ok(());
            }
            let h = header.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((name, value)) = h.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0).min(MAX_BODY);
                }
            }
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;

        if stats {
            let n = accepted.load(Ordering::Relaxed);
            writer.write_all(&response(
                "200 OK",
                format!("{{\"accepted\":{n}}}\n").as_bytes(),
            ))?;
        } else if !is_get {
            writer.write_all(&canned.added)?;
        } else if big {
            // The page after the one whose last id the request names.
            let page = target
                .split_once("id_lt=")
                .map(|(_, rest)| rest.split('&').next().unwrap_or(rest))
                .and_then(|id| canned.id_lts.get(id).copied())
                .unwrap_or(0)
                .min(canned.pages100.len().saturating_sub(1));
            if let Some(body) = canned.pages100.get(page) {
                writer.write_all(body)?;
            }
        } else {
            writer.write_all(&canned.page25)?;
        }
    }
    Ok(())
}

/// A running bench server process, stopped when dropped.
pub(crate) struct ServerProcess {
    child: std::process::Child,
    /// `http://127.0.0.1:<port>`.
    pub(crate) base_url: String,
    addr: String,
}

impl ServerProcess {
    /// Starts `<this executable> bench-server` and waits for its address.
    pub(crate) fn start() -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
        let mut child = std::process::Command::new(exe)
            .arg("bench-server")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("start bench-server: {e}"))?;
        let stdout = child.stdout.take().ok_or("bench-server has no stdout")?;
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .map_err(|e| format!("read bench-server address: {e}"))?;
        let Some(addr) = first.trim().strip_prefix("listening ") else {
            let _ = child.kill();
            return Err(format!("bench-server said {first:?}"));
        };
        let addr = addr.to_owned();
        Ok(Self {
            child,
            base_url: format!("http://{addr}"),
            addr,
        })
    }

    /// `host:port`.
    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    /// The TCP connections the server has accepted so far, including the one this opens.
    pub(crate) fn accepted(&self) -> Result<u64, String> {
        let mut conn = TcpStream::connect(&self.addr).map_err(|e| format!("stats: {e}"))?;
        conn.set_read_timeout(Some(Duration::from_secs(5)))
            .map_err(|e| e.to_string())?;
        conn.write_all(b"GET /__stats HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n")
            .map_err(|e| format!("stats: {e}"))?;
        let mut reader = BufReader::new(conn);
        let mut text = String::new();
        // The body is the last line; read until it arrives (bounded by the read timeout).
        for _ in 0..16 {
            let mut l = String::new();
            if reader
                .read_line(&mut l)
                .map_err(|e| format!("stats: {e}"))?
                == 0
            {
                break;
            }
            text.push_str(&l);
            if l.starts_with('{') {
                break;
            }
        }
        text.rsplit("\"accepted\":")
            .next()
            .and_then(|v| v.trim_end_matches(['}', '\n', '\r']).parse().ok())
            .ok_or_else(|| format!("unexpected stats answer {text:?}"))
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Closing stdin asks it to exit; kill it in case it does not.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
