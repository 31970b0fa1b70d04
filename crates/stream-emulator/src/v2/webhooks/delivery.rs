//! Delivering webhooks off the request path: a bounded queue (a full queue drops and counts,
//! it never blocks a handler), one background task that POSTs each event in order over
//! HTTP/1.1 (`http://` targets only), with connect/response timeouts and bounded retries with
//! exponential backoff, and that stops as soon as the emulator stops.
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// Events waiting for delivery, across all apps; more are dropped (and counted).
pub(crate) const QUEUE: usize = 1024;

/// How long one attempt may take (connect, send, status line), as the service allows.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(6);

/// How long one event may take with all its attempts, as the service allows.
pub(crate) const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);

/// Attempts when the receiver answers 408, 429 or 5xx, or an attempt times out.
pub(crate) const ATTEMPTS_ON_ERROR_STATUS: u32 = 3;

/// Attempts when the receiver cannot be reached (refused, reset, unknown host).
pub(crate) const ATTEMPTS_ON_NETWORK_ERROR: u32 = 2;

/// The wait before the second attempt; it doubles before each further one.
pub(crate) const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// The `User-Agent` of deliveries (the service does not document its own).
const USER_AGENT: &str = concat!("stream-emulator/", env!("CARGO_PKG_VERSION"), " (webhooks)");

/// One signed event on its way to one URL.
#[derive(Debug)]
pub(crate) struct Delivery {
    /// The app's `webhook_url` when the event happened.
    pub(crate) url: String,
    /// The event, exactly as signed.
    pub(crate) body: Bytes,
    /// `X-Signature`.
    pub(crate) signature: String,
    /// `X-Api-Key`.
    pub(crate) api_key: String,
    /// `X-Webhook-Id` (the same on every attempt).
    pub(crate) id: String,
}

/// What happened to the events emitted so far (see `crate::WebhookStats`).
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) queued: AtomicU64,
    pub(crate) dropped: AtomicU64,
    pub(crate) delivered: AtomicU64,
    pub(crate) failed: AtomicU64,
    pub(crate) attempts: AtomicU64,
}

impl Counters {
    pub(crate) fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The result of one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attempt {
    /// A 2xx answer.
    Delivered,
    /// Any other answer.
    Status(StatusCode),
    /// No connection, or it broke.
    Network,
    /// No status line in time.
    Timeout,
}

/// The queue's sending end and the counters; `start` spawns its task.
pub(crate) fn channel() -> (mpsc::Sender<Delivery>, mpsc::Receiver<Delivery>) {
    mpsc::channel(QUEUE)
}

/// Delivers queued events one at a time, in order, until the emulator stops (pending events
/// are then abandoned) or every sender is gone.
pub(crate) async fn run(
    mut queue: mpsc::Receiver<Delivery>,
    counters: Arc<Counters>,
    mut stop: watch::Receiver<bool>,
) {
    let mut stop_on_deliver = stop.clone();
    loop {
        let delivery = tokio::select! {
            d = queue.recv() => match d {
                Some(d) => d,
                None => return,
            },
            _ = stop.wait_for(|stopped| *stopped) => return,
        };
        tokio::select! {
            delivered = deliver(&delivery, &counters) => {
                if delivered {
                    Counters::add(&counters.delivered);
                } else {
                    Counters::add(&counters.failed);
                }
            }
            _ = stop_on_deliver.wait_for(|stopped| *stopped) => return,
        }
    }
}

/// Attempts one event until it is delivered, refused for good, out of attempts or out of time.
async fn deliver(d: &Delivery, counters: &Counters) -> bool {
    let Some(target) = Target::parse(&d.url) else {
        tracing::warn!(
            target: "stream_emulator::webhooks",
            "webhook not delivered: only http:// URLs are supported"
        );
        return false;
    };
    let deadline = Instant::now() + TOTAL_TIMEOUT;
    let mut backoff = FIRST_BACKOFF;
    for attempt in 1..=ATTEMPTS_ON_ERROR_STATUS.max(ATTEMPTS_ON_NETWORK_ERROR) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        Counters::add(&counters.attempts);
        let result = post(&target, d, attempt, REQUEST_TIMEOUT.min(left)).await;
        let allowed = match result {
            Attempt::Delivered => return true,
            Attempt::Status(s) if retried(s) => ATTEMPTS_ON_ERROR_STATUS,
            Attempt::Status(_) => return false,
            Attempt::Timeout => ATTEMPTS_ON_ERROR_STATUS,
            Attempt::Network => ATTEMPTS_ON_NETWORK_ERROR,
        };
        tracing::debug!(
            target: "stream_emulator::webhooks",
            attempt, result = ?result, "webhook attempt failed"
        );
        if attempt >= allowed {
            return false;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        tokio::time::sleep(backoff.min(left)).await;
        backoff = backoff.saturating_mul(2);
    }
    false
}

/// Whether the service tries again after this answer.
fn retried(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Where an `http://` URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    /// Host as written (brackets removed from an IPv6 literal).
    host: String,
    port: u16,
    /// `Host` header value.
    authority: String,
    /// Path and query (`/` when empty).
    path: String,
}

impl Target {
    /// Parses `http://host[:port][/path][?query]`; anything else (https, userinfo) is `None`.
    fn parse(url: &str) -> Option<Self> {
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("HTTP://"))?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        if authority.is_empty() || authority.contains('@') {
            return None;
        }
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6.split_once(']')?;
                let port = match after.strip_prefix(':') {
                    Some(p) => p.parse().ok()?,
                    None if after.is_empty() => 80,
                    None => return None,
                };
                (host.to_owned(), port)
            }
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), p.parse().ok()?),
                None => (authority.to_owned(), 80),
            },
        };
        if host.is_empty() {
            return None;
        }
        let tail = tail.split('#').next().unwrap_or_default();
        let path = if tail.starts_with('/') {
            tail.to_owned()
        } else {
            format!("/{tail}")
        };
        Some(Self {
            host,
            port,
            authority: authority.to_owned(),
            path,
        })
    }
}

/// Stops the task driving a connection when the attempt ends (also on its timeout).
struct AbortOnDrop(tokio::task::JoinHandle<Result<(), hyper::Error>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One POST: connect, send, read the status line, all within `timeout`; the connection is
/// closed afterwards.
async fn post(target: &Target, d: &Delivery, attempt: u32, timeout: Duration) -> Attempt {
    let exchange = async {
        let stream = TcpStream::connect((target.host.as_str(), target.port))
            .await
            .ok()?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake::<_, Body>(TokioIo::new(stream))
                .await
                .ok()?;
        let _driver = AbortOnDrop(tokio::spawn(connection));
        let request = Request::post(target.path.as_str())
            .header(header::HOST, target.authority.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, USER_AGENT)
            .header(header::CONNECTION, "close")
            .header("X-Webhook-Id", d.id.as_str())
            .header("X-Webhook-Attempt", attempt.to_string())
            .header("X-Api-Key", d.api_key.as_str())
            .header("X-Signature", d.signature.as_str())
            .body(Body::from(d.body.clone()))
            .ok()?;
        let answer = sender.send_request(request).await;
        answer.ok().map(|r| r.status())
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Some(status)) if status.is_success() => Attempt::Delivered,
        Ok(Some(status)) => Attempt::Status(status),
        Ok(None) => Attempt::Network,
        Err(_) => Attempt::Timeout,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_parse_and_others_do_not() {
        let t = Target::parse("http://127.0.0.1:9000/hooks/stream?x=1").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 9000));
        assert_eq!(t.authority, "127.0.0.1:9000");
        assert_eq!(t.path, "/hooks/stream?x=1");
        let t = Target::parse("http://localhost").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("localhost", 80, "/")
        );
        let t = Target::parse("http://[::1]:81?a#frag").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("::1", 81, "/?a")
        );
        for bad in [
            "https://example.com/",
            "ftp://x",
            "http://",
            "http://:80/",
            "http://u:p@host/",
            "http://host:port/",
            "http://[::1/",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_service_retries_timeouts_throttling_and_server_errors_only() {
        for s in [408, 429, 500, 502, 503] {
            assert!(retried(StatusCode::from_u16(s).unwrap()), "{s}");
        }
        for s in [400, 401, 404, 410] {
            assert!(!retried(StatusCode::from_u16(s).unwrap()), "{s}");
        }
    }
}
