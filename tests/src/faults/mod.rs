//! A fault-injecting HTTP/1.1 server on 127.0.0.1 for reliability tests: each request gets the
//! next [`Fault`] of a script (then a fallback) — a reset connection, a stall before the headers
//! or in the middle of the body, a short body, any status, any body — and every request that
//! arrived complete is counted, by method too, so tests can prove a non-idempotent write was
//! never sent twice.
//!
//! Every socket operation has a timeout, every loop is bounded (by size, by count or by a
//! deadline), and the server stops when dropped. It answers with `connection: close`, so every
//! attempt of a client is a new connection and is counted on its own.
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

mod scenarios;
pub use scenarios::*;

/// The longest any server thread lives, whatever happens.
const MAX_LIFETIME: Duration = Duration::from_secs(60);
/// The longest a stalled connection is held open.
const MAX_STALL: Duration = Duration::from_secs(10);
/// The longest the server waits for a request to arrive complete.
const READ_DEADLINE: Duration = Duration::from_secs(2);
/// The largest request head, and the largest request body, the server reads.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;
/// At most this many connections are served over the server's life.
const MAX_CONNECTIONS: usize = 10_000;

/// What the server does with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally: this status, these headers, this body, `content-length` set.
    Respond {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// Let the request arrive, then reset the connection (TCP RST) without a byte of answer.
    /// The request stays unread in the socket, which makes the kernel send RST on close.
    Reset,
    /// Read the request, then never answer (until dropped or 10 s pass).
    StallBeforeHeaders,
    /// Send the status line, the headers (announcing `declared` body bytes) and `sent` bytes of
    /// the body, then stall.
    StallMidBody {
        /// HTTP status.
        status: u16,
        /// The `content-length` announced.
        declared: usize,
        /// The part of the body actually sent.
        sent: Vec<u8>,
    },
    /// Like [`Fault::StallMidBody`], but close the connection instead of stalling: the body
    /// ends early.
    ShortBody {
        /// HTTP status.
        status: u16,
        /// The `content-length` announced.
        declared: usize,
        /// The part of the body actually sent.
        sent: Vec<u8>,
    },
    /// Answer with a body of this many bytes and no `content-length`: the body ends when the
    /// connection closes, so only the client's own cap stops it.
    Unframed {
        /// HTTP status.
        status: u16,
        /// Body size.
        len: usize,
    },
}

impl Fault {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Fault::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// An answer with raw bytes and the given content type.
    pub fn typed(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Fault::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// `200 {"ok":true}`.
    pub fn ok() -> Self {
        Fault::json(200, r#"{"ok":true}"#)
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Fault::Respond {
            status,
            headers: vec![("location".into(), location.into())],
            body: Vec::new(),
        }
    }

    /// Adds a header to a [`Fault::Respond`] (no effect on the others).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.into()));
        }
        self
    }

    /// A short name for reports.
    pub fn label(&self) -> String {
        match self {
            Fault::Respond { status, .. } => format!("respond {status}"),
            Fault::Reset => "reset".into(),
            Fault::StallBeforeHeaders => "stall before headers".into(),
            Fault::StallMidBody { .. } => "stall mid-body".into(),
            Fault::ShortBody { .. } => "short body".into(),
            Fault::Unframed { len, .. } => format!("unframed {len} bytes"),
        }
    }
}

struct State {
    script: Mutex<VecDeque<Fault>>,
    fallback: Fault,
    hits: AtomicUsize,
    methods: Mutex<Vec<String>>,
    connections: AtomicUsize,
    shutdown: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A fault-injecting server on `127.0.0.1:<random port>`.
pub struct FaultServer {
    addr: SocketAddr,
    state: Arc<State>,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FaultServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaultServer")
            .field("addr", &self.addr)
            .field("hits", &self.hits())
            .finish()
    }
}

impl FaultServer {
    /// Starts a server answering `script` in order, then `200 {"ok":true}` for ever.
    pub fn start(script: Vec<Fault>) -> Self {
        Self::with_fallback(script, Fault::ok())
    }

    /// Starts a server answering `script` in order, then `fallback` for every further request.
    pub fn with_fallback(script: Vec<Fault>, fallback: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let state = Arc::new(State {
            script: Mutex::new(script.into()),
            fallback,
            hits: AtomicUsize::new(0),
            methods: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            shutdown: AtomicBool::new(false),
        });
        let st = Arc::clone(&state);
        let acceptor = std::thread::spawn(move || accept_loop(&listener, &st));
        Self {
            addr,
            state,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests arrived complete (whatever the server then did with them).
    pub fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }

    /// How many complete requests had this method.
    pub fn hits_for(&self, method: &str) -> usize {
        lock(&self.state.methods)
            .iter()
            .filter(|m| m.eq_ignore_ascii_case(method))
            .count()
    }

    /// How many connections were accepted (complete requests or not).
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.state.shutdown.store(true, Ordering::SeqCst);
        if let Some(handle) = self.acceptor.take() {
            let _ = handle.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>) {
    let started = Instant::now();
    while !state.shutdown.load(Ordering::SeqCst) && started.elapsed() < MAX_LIFETIME {
        match listener.accept() {
            Ok((stream, _)) => {
                if state.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    continue;
                }
                let st = Arc::clone(state);
                std::thread::spawn(move || serve(stream, &st));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(2)),
        }
    }
}

fn serve(mut stream: TcpStream, state: &State) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    // Look at the request without consuming it, so a reset can leave it unread.
    let Some((method, total)) = peek_request(&stream, state) else {
        return;
    };
    let fault = lock(&state.script)
        .pop_front()
        .unwrap_or_else(|| state.fallback.clone());
    lock(&state.methods).push(method);
    state.hits.fetch_add(1, Ordering::SeqCst);
    if fault == Fault::Reset {
        // Dropping with unread bytes in the receive buffer makes the kernel answer RST.
        return;
    }
    if !drain(&mut stream, total) {
        return;
    }
    match fault {
        Fault::Respond {
            status,
            headers,
            body,
        } => {
            write_head(&mut stream, status, Some(body.len()), &headers);
            let _ = stream.write_all(&body);
        }
        Fault::Reset => {}
        Fault::StallBeforeHeaders => stall(state),
        Fault::StallMidBody {
            status,
            declared,
            sent,
        } => {
            write_head(&mut stream, status, Some(declared), &json_type());
            let _ = stream.write_all(&sent);
            let _ = stream.flush();
            stall(state);
        }
        Fault::ShortBody {
            status,
            declared,
            sent,
        } => {
            write_head(&mut stream, status, Some(declared), &json_type());
            let _ = stream.write_all(&sent);
        }
        Fault::Unframed { status, len } => {
            write_head(&mut stream, status, None, &json_type());
            let chunk = [b'x'; 8192];
            let mut left = len;
            // Bounded: `left` shrinks every round; a write error (client gone) ends it.
            while left > 0 {
                let n = left.min(chunk.len());
                if stream.write_all(&chunk[..n]).is_err() {
                    break;
                }
                left -= n;
            }
        }
    }
    let _ = stream.flush();
}

fn json_type() -> Vec<(String, String)> {
    vec![("content-type".into(), "application/json".into())]
}

fn write_head(
    stream: &mut TcpStream,
    status: u16,
    len: Option<usize>,
    headers: &[(String, String)],
) {
    let mut head = format!("HTTP/1.1 {status} Fault\r\nconnection: close\r\n");
    if let Some(len) = len {
        head.push_str(&format!("content-length: {len}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
}

fn stall(state: &State) {
    let started = Instant::now();
    while !state.shutdown.load(Ordering::SeqCst) && started.elapsed() < MAX_STALL {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Peeks until a whole request (head and `content-length` body) is buffered; returns its method
/// and total size. `None` if it does not arrive complete before the deadline.
fn peek_request(stream: &TcpStream, state: &State) -> Option<(String, usize)> {
    let started = Instant::now();
    let mut buf = vec![0u8; 16 * 1024];
    let mut last_len = 0;
    while started.elapsed() < READ_DEADLINE && !state.shutdown.load(Ordering::SeqCst) {
        let n = match stream.peek(&mut buf) {
            Ok(0) => return None,
            Ok(n) => n,
            Err(e) if is_timeout(&e) => 0,
            Err(_) => return None,
        };
        if let Some(head_end) = find(&buf[..n], b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..head_end]);
            let method = head.split(' ').next().unwrap_or_default().to_owned();
            let body_len = content_length(&head).min(MAX_BODY);
            let total = head_end + 4 + body_len;
            if n >= total {
                return Some((method, total));
            }
            if buf.len() < total {
                buf.resize(total, 0);
            }
        } else if n >= MAX_HEAD {
            return None;
        } else if n == buf.len() {
            buf.resize((buf.len() * 2).min(MAX_HEAD + MAX_BODY), 0);
        }
        if n == last_len {
            // Nothing new arrived: peek returns at once while data is buffered, so wait a bit.
            std::thread::sleep(Duration::from_millis(2));
        }
        last_len = n;
    }
    None
}

/// Reads (consumes) exactly `total` bytes: the request already peeked.
fn drain(stream: &mut TcpStream, total: usize) -> bool {
    let mut left = total;
    let mut chunk = [0u8; 8192];
    let started = Instant::now();
    while left > 0 && started.elapsed() < READ_DEADLINE {
        match stream.read(&mut chunk[..left.min(8192)]) {
            Ok(0) => return false,
            Ok(n) => left -= n,
            Err(e) if is_timeout(&e) => {}
            Err(_) => return false,
        }
    }
    left == 0
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

fn content_length(head: &str) -> usize {
    head.split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
