//! Baselines doing the same HTTP exchange as the SDK's feed read with less work: a raw TCP client
//! (a prebuilt request, the body read and dropped: the floor), the SDK's blocking transport and
//! plain ureq/reqwest reading the body without decoding it (each HTTP library's floor), and
//! hand-rolled ureq/reqwest calls with a fixed token that decode the body into a
//! `serde_json::Value` (what code without an SDK would do).
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use stream_async::reqwest;
use stream_blocking::{StreamApi, ureq};

use super::clients::API_KEY;

/// A fixed, well-formed (unverified) token: baselines do not mint per call.
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZXNvdXJjZSI6ImZlZWQiLCJhY3Rpb24iOiJyZWFkIiwiZmVlZF9pZCI6InVzZXJhbGljZSJ9.c2lnbmF0dXJlLW5vdC1jaGVja2Vk";

fn feed_url(base_url: &str) -> String {
    format!("{base_url}/api/v1.0/feed/user/alice/?api_key={API_KEY}&limit=25")
}

/// One raw keep-alive TCP connection sending a prebuilt feed-read request.
pub(crate) struct RawClient {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
    request: Vec<u8>,
    line: String,
    body: Vec<u8>,
}

impl RawClient {
    /// Connects to `addr` (`host:port`).
    pub(crate) fn connect(addr: &str) -> Result<Self, String> {
        let conn = TcpStream::connect(addr).map_err(|e| format!("raw connect: {e}"))?;
        conn.set_nodelay(true).map_err(|e| e.to_string())?;
        conn.set_read_timeout(Some(Duration::from_secs(5)))
            .map_err(|e| e.to_string())?;
        let writer = conn.try_clone().map_err(|e| e.to_string())?;
        let request = format!(
            "GET /api/v1.0/feed/user/alice/?api_key={API_KEY}&limit=25 HTTP/1.1\r\nhost: {addr}\r\n\
             authorization: {TOKEN}\r\nstream-auth-type: jwt\r\nuser-agent: raw\r\n\r\n"
        );
        Ok(Self {
            writer,
            reader: BufReader::with_capacity(64 * 1024, conn),
            request: request.into_bytes(),
            line: String::with_capacity(256),
            body: Vec::with_capacity(16 * 1024),
        })
    }

    /// `n` sequential reads; each body is read, not parsed.
    pub(crate) fn reads(&mut self, n: u64) -> Result<(), String> {
        for _ in 0..n {
            self.writer
                .write_all(&self.request)
                .map_err(|e| format!("raw write: {e}"))?;
            let mut len = 0usize;
            for _ in 0..64 {
                self.line.clear();
                self.reader
                    .read_line(&mut self.line)
                    .map_err(|e| format!("raw read: {e}"))?;
                let h = self.line.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some(v) = h.strip_prefix("content-length:") {
                    len = v.trim().parse().map_err(|_| "bad content-length")?;
                }
            }
            self.body.resize(len, 0);
            self.reader
                .read_exact(&mut self.body)
                .map_err(|e| format!("raw body: {e}"))?;
        }
        Ok(())
    }
}

/// `n` sequential reads through the SDK's own blocking transport (the request built and signed
/// by the SDK), the body read but not decoded: what the SDK's HTTP exchange costs with ureq.
/// With `scan`, serde_json also parses the body without building anything (`IgnoredAny`): the
/// least any JSON decoding of the page can cost on top of the exchange.
pub(crate) fn sdk_transport_reads(
    client: &stream_blocking::Client,
    transport: &stream_blocking::UreqTransport,
    n: u64,
    scan: bool,
) -> Result<(), String> {
    use stream_blocking::core::Transport;
    let feed = stream_blocking::core::endpoints::feed::FeedRef::new("user", "alice")
        .map_err(|e| e.to_string())?;
    for _ in 0..n {
        let request = client
            .config()
            .build_request(&feed.get().limit(25))
            .map_err(|e| e.to_string())?;
        let response = transport
            .execute(&request)
            .map_err(|e| format!("transport: {e}"))?;
        if response.status != 200 || response.body.len() < 1000 {
            return Err(format!("unexpected answer {}", response.status));
        }
        if scan {
            serde_json::from_slice::<serde::de::IgnoredAny>(&response.body)
                .map_err(|e| format!("scan: {e}"))?;
        }
    }
    Ok(())
}

/// `n` sequential reads with a plain `ureq` agent, the body decoded into a `Value` when
/// `decode` (else read and dropped: ureq's floor).
pub(crate) fn ureq_reads(
    agent: &ureq::Agent,
    base_url: &str,
    n: u64,
    decode: bool,
) -> Result<(), String> {
    let url = feed_url(base_url);
    for _ in 0..n {
        let mut resp = agent
            .get(&url)
            .header("Authorization", TOKEN)
            .header("stream-auth-type", "jwt")
            .call()
            .map_err(|e| format!("ureq: {e}"))?;
        let bytes = resp
            .body_mut()
            .read_to_vec()
            .map_err(|e| format!("ureq body: {e}"))?;
        if decode {
            let page: serde_json::Value =
                serde_json::from_slice(&bytes).map_err(|e| format!("ureq json: {e}"))?;
            std::hint::black_box(page);
        } else {
            std::hint::black_box(bytes);
        }
    }
    Ok(())
}

/// `n` reads by `concurrency` tasks sharing one plain `reqwest` client, bodies decoded into
/// `Value`s when `decode` (else read and dropped: reqwest's floor).
pub(crate) async fn reqwest_reads(
    client: &reqwest::Client,
    base_url: &str,
    concurrency: usize,
    n: u64,
    decode: bool,
) -> Result<(), String> {
    let url = Arc::new(feed_url(base_url));
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, url, next) = (client.clone(), Arc::clone(&url), Arc::clone(&next));
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let bytes = client
                    .get(url.as_str())
                    .header("Authorization", TOKEN)
                    .header("stream-auth-type", "jwt")
                    .send()
                    .await
                    .map_err(|e| format!("reqwest: {}", e.without_url()))?
                    .bytes()
                    .await
                    .map_err(|e| format!("reqwest body: {}", e.without_url()))?;
                if decode {
                    let page: serde_json::Value =
                        serde_json::from_slice(&bytes).map_err(|e| format!("reqwest json: {e}"))?;
                    std::hint::black_box(page);
                } else {
                    std::hint::black_box(bytes);
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| format!("task: {e}"))??;
    }
    Ok(())
}
