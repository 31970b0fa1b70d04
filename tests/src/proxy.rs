//! A TCP proxy on 127.0.0.1 in front of a server (the emulator), for realtime tests: it counts
//! the connections it carries and can refuse WebSocket upgrades, as some corporate proxies do.
//!
//! One thread accepts; each connection gets a thread per direction. Every read has a timeout and
//! every loop a bound (a stop flag set on drop, and a one-minute lifetime).
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// No proxy thread outlives this.
const LIFETIME: Duration = Duration::from_secs(60);
/// Largest request head read before deciding whether it asks for a WebSocket.
const MAX_HEAD: usize = 64 * 1024;

/// The proxy's counters, shared with its threads.
#[derive(Default)]
struct Counters {
    total: AtomicUsize,
    open: AtomicUsize,
    refused: AtomicUsize,
}

/// A running proxy; it stops when dropped.
pub struct Proxy {
    addr: SocketAddr,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// Forwards every connection to `target`.
    pub fn start(target: SocketAddr) -> Self {
        Self::spawn(target, false)
    }

    /// Answers any request that asks for a WebSocket upgrade with a 403 and closes; forwards
    /// every other connection to `target`.
    pub fn refusing_websocket_upgrades(target: SocketAddr) -> Self {
        Self::spawn(target, true)
    }

    fn spawn(target: SocketAddr, refuse_upgrades: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (Arc::clone(&counters), Arc::clone(&stop));
        std::thread::spawn(move || {
            let end = Instant::now() + LIFETIME;
            while !s.load(Ordering::SeqCst) && Instant::now() < end {
                match listener.accept() {
                    Ok((client, _)) => {
                        let (c, s) = (Arc::clone(&c), Arc::clone(&s));
                        std::thread::spawn(move || {
                            carry(client, target, refuse_upgrades, &c, &s);
                        });
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => break,
                }
            }
        });
        Self {
            addr,
            counters,
            stop,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections forwarded to the target so far.
    pub fn total(&self) -> usize {
        self.counters.total.load(Ordering::SeqCst)
    }

    /// Forwarded connections still open (one closes when its client closes its side).
    pub fn open(&self) -> usize {
        self.counters.open.load(Ordering::SeqCst)
    }

    /// WebSocket upgrades refused so far.
    pub fn refused(&self) -> usize {
        self.counters.refused.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Carries one client connection: refuses it if it asks for a WebSocket (when told to), else
/// connects to `target` and copies both ways until the client closes its side.
fn carry(
    mut client: TcpStream,
    target: SocketAddr,
    refuse_upgrades: bool,
    counters: &Counters,
    stop: &Arc<AtomicBool>,
) {
    let _ = client.set_nonblocking(false);
    let head = if refuse_upgrades {
        let Some(head) = read_head(&mut client) else {
            return;
        };
        if String::from_utf8_lossy(&head)
            .to_ascii_lowercase()
            .contains("upgrade: websocket")
        {
            counters.refused.fetch_add(1, Ordering::SeqCst);
            let _ = client.write_all(
                b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
            return;
        }
        head
    } else {
        Vec::new()
    };
    let Ok(mut server) = TcpStream::connect_timeout(&target, Duration::from_secs(2)) else {
        return;
    };
    counters.total.fetch_add(1, Ordering::SeqCst);
    counters.open.fetch_add(1, Ordering::SeqCst);
    if server.write_all(&head).is_ok() {
        if let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) {
            let back = Arc::clone(stop);
            std::thread::spawn(move || pipe(s2, c2, &back));
            pipe(client, server, stop);
        }
    }
    counters.open.fetch_sub(1, Ordering::SeqCst);
}

/// Reads up to the end of the first request head (bounded in size and time); `None` when the
/// client closed or sent nothing readable first.
fn read_head(client: &mut TcpStream) -> Option<Vec<u8>> {
    let _ = client.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf) {
            Ok(n) if n > 0 && head.len() <= MAX_HEAD => head.extend_from_slice(&buf[..n]),
            _ => return None,
        }
    }
    Some(head)
}

/// Copies `from` → `to` until `from` ends (or the proxy stops); reads time out every 100 ms.
fn pipe(mut from: TcpStream, mut to: TcpStream, stop: &AtomicBool) {
    let _ = from.set_read_timeout(Some(Duration::from_millis(100)));
    let _ = to.set_write_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 16 * 1024];
    let end = Instant::now() + LIFETIME;
    while !stop.load(Ordering::SeqCst) && Instant::now() < end {
        match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
