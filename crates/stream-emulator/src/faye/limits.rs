//! How much realtime state the emulator keeps: clients, their queues and how long idle ones live.
use std::time::Duration;

/// Bounds on the `/faye` realtime endpoint, set with
/// [`EmulatorBuilder::faye_limits`](crate::EmulatorBuilder::faye_limits).
///
/// The defaults hold 10,000 clients (each with at most 1,000 queued messages, shared between
/// subscribers rather than copied), accept at most 8 handshakes per request and 16 clients per
/// WebSocket, and forget a client that has not polled for 120 s, checking every 10 s.
///
/// ```
/// use std::time::Duration;
/// use stream_emulator::FayeLimits;
///
/// let limits = FayeLimits::default()
///     .with_client_ttl(Duration::from_secs(30))
///     .with_max_clients(1_000);
/// assert_eq!(limits.max_clients(), 1_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FayeLimits {
    max_clients: usize,
    max_clients_per_app: usize,
    max_clients_per_connection: usize,
    max_handshakes_per_request: usize,
    max_queue: usize,
    client_ttl: Duration,
    sweep_interval: Duration,
}

impl Default for FayeLimits {
    fn default() -> Self {
        Self {
            max_clients: 10_000,
            max_clients_per_app: 10_000,
            max_clients_per_connection: 16,
            max_handshakes_per_request: 8,
            max_queue: 1_000,
            client_ttl: Duration::from_secs(120),
            sweep_interval: Duration::from_secs(10),
        }
    }
}

impl FayeLimits {
    /// Clients held at once, over all apps (default 10,000; at least 1). A handshake past it is
    /// refused with a `503` Bayeux error and advice to retry the handshake later.
    pub fn with_max_clients(mut self, n: usize) -> Self {
        self.max_clients = n.max(1);
        self
    }

    /// Clients subscribed to one app's channels at once (default 10,000; at least 1). A
    /// subscription past it is refused with a `503` Bayeux error.
    pub fn with_max_clients_per_app(mut self, n: usize) -> Self {
        self.max_clients_per_app = n.max(1);
        self
    }

    /// Clients one WebSocket may hold (default 16; at least 1).
    pub fn with_max_clients_per_connection(mut self, n: usize) -> Self {
        self.max_clients_per_connection = n.max(1);
        self
    }

    /// Handshakes answered in one request or frame (default 8; at least 1); later ones in the
    /// same batch are refused.
    pub fn with_max_handshakes_per_request(mut self, n: usize) -> Self {
        self.max_handshakes_per_request = n.max(1);
        self
    }

    /// Messages kept for a client between its polls (default 1,000; at least 1); past it the
    /// oldest are dropped.
    pub fn with_max_queue(mut self, n: usize) -> Self {
        self.max_queue = n.max(1);
        self
    }

    /// How long a client may go without polling before it is forgotten (default 120 s; at
    /// least 1 ms).
    pub fn with_client_ttl(mut self, ttl: Duration) -> Self {
        self.client_ttl = ttl.max(Duration::from_millis(1));
        self
    }

    /// How often idle clients are looked for (default 10 s; at least 1 ms).
    pub fn with_sweep_interval(mut self, every: Duration) -> Self {
        self.sweep_interval = every.max(Duration::from_millis(1));
        self
    }

    /// Clients held at once, over all apps.
    pub fn max_clients(&self) -> usize {
        self.max_clients
    }

    /// Clients subscribed to one app's channels at once.
    pub fn max_clients_per_app(&self) -> usize {
        self.max_clients_per_app
    }

    /// Clients one WebSocket may hold.
    pub fn max_clients_per_connection(&self) -> usize {
        self.max_clients_per_connection
    }

    /// Handshakes answered in one request or frame.
    pub fn max_handshakes_per_request(&self) -> usize {
        self.max_handshakes_per_request
    }

    /// Messages kept for a client between its polls.
    pub fn max_queue(&self) -> usize {
        self.max_queue
    }

    /// How long a client may go without polling.
    pub fn client_ttl(&self) -> Duration {
        self.client_ttl
    }

    /// How often idle clients are looked for.
    pub fn sweep_interval(&self) -> Duration {
        self.sweep_interval
    }
}
