//! Serving HTTP with bounded resources: a listen backlog, a connection limit, timeouts for
//! request heads, request bodies and idle connections, and a cap on URL length. Errors the
//! HTTP layer answers itself are Stream-format JSON, like every other error.
mod body;
mod io;
mod serve;

use std::time::Duration;

pub(crate) use body::middleware;
pub(crate) use serve::Listener;

/// How the emulator bounds HTTP clients, set with
/// [`EmulatorBuilder::http_limits`](crate::EmulatorBuilder::http_limits).
///
/// Defaults: a listen backlog of 4,096; at most 10,000 open connections (more wait in the
/// backlog until one closes); a request head must arrive within 30 s of the connection opening
/// or going idle; a request body within 60 s of its head; a connection with no traffic either
/// way for 120 s (an upgraded WebSocket too) is closed; a URL longer than 32 KiB is answered 414.
///
/// ```
/// use std::time::Duration;
/// use stream_emulator::HttpLimits;
///
/// let limits = HttpLimits::default()
///     .with_header_read_timeout(Duration::from_secs(5))
///     .with_max_connections(512);
/// assert_eq!(limits.max_connections(), 512);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    backlog: u32,
    max_connections: usize,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    idle_timeout: Duration,
    max_url_len: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            backlog: 4096,
            max_connections: 10_000,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(120),
            max_url_len: 32 * 1024,
        }
    }
}

/// The shortest timeout kept (shorter ones are raised to it).
const MIN_TIMEOUT: Duration = Duration::from_millis(1);

impl HttpLimits {
    /// Connections the kernel queues before the server accepts them (default 4,096; at least
    /// 1; the system may cap it, e.g. at `net.core.somaxconn`).
    pub fn with_backlog(mut self, backlog: u32) -> Self {
        self.backlog = backlog.max(1);
        self
    }

    /// Connections served at once (default 10,000; at least 1). Past it, new connections wait
    /// in the backlog until one closes.
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.clamp(1, tokio::sync::Semaphore::MAX_PERMITS);
        self
    }

    /// How long a request head may take to arrive, counted from the connection opening or
    /// finishing its previous response (default 30 s): a client that sends nothing, or its
    /// headers too slowly, is disconnected.
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout.max(MIN_TIMEOUT);
        self
    }

    /// How long a request body may take to arrive after its head (default 60 s); a slower
    /// body is answered 408 and the connection closed.
    pub fn with_body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout.max(MIN_TIMEOUT);
        self
    }

    /// How long a connection may go without traffic either way before it is closed (default
    /// 120 s, above the 30 s realtime hold); applies to upgraded WebSockets too.
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout.max(MIN_TIMEOUT);
        self
    }

    /// The longest URL (path and query) answered (default 32 KiB); longer ones get a 414
    /// Stream error. URLs over 64 KiB are refused by the HTTP parser, also with a JSON 414.
    pub fn with_max_url_len(mut self, len: usize) -> Self {
        self.max_url_len = len.max(1);
        self
    }

    /// The listen backlog.
    pub fn backlog(&self) -> u32 {
        self.backlog
    }

    /// Connections served at once.
    pub fn max_connections(&self) -> usize {
        self.max_connections
    }

    /// How long a request head may take to arrive.
    pub fn header_read_timeout(&self) -> Duration {
        self.header_read_timeout
    }

    /// How long a request body may take to arrive.
    pub fn body_read_timeout(&self) -> Duration {
        self.body_read_timeout
    }

    /// How long a connection may go without traffic.
    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    /// The longest URL answered.
    pub fn max_url_len(&self) -> usize {
        self.max_url_len
    }
}
