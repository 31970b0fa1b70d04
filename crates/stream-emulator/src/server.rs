//! Starting and stopping the emulator: in-process for tests (`Emulator::start`,
//! `Emulator::start_blocking`) or as the binary.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, oneshot, watch};

use crate::feed::{FeedKind, FeedKinds};
use crate::persist::Writer;
use crate::ratelimit::{RateLimitConfig, RateLimitLayerState, RateLimiter};
use crate::state::{App, AppState, ChangeHub, EmulatorState, SharedState};

/// Feed changes buffered for the realtime pump.
const CHANGE_QUEUE: usize = 16 * 1024;

/// Default api key of the default app.
pub const DEFAULT_API_KEY: &str = "key123";
/// Default api secret of the default app.
pub const DEFAULT_API_SECRET: &str = "secret456";
/// Default app id of the default app.
pub const DEFAULT_APP_ID: &str = "789";

/// How long a stop waits for open requests and connections to finish before the server stops
/// waiting for them (idle keep-alive clients must not keep it alive).
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Credentials of one hosted app.
#[derive(Clone, PartialEq, Eq)]
pub struct AppCredentials {
    /// Api key.
    pub api_key: String,
    /// Api secret.
    pub api_secret: String,
    /// App id.
    pub app_id: String,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("api_key", &self.api_key)
            .field("api_secret", &"<redacted>")
            .field("app_id", &self.app_id)
            .finish()
    }
}

impl AppCredentials {
    /// Credentials from parts.
    pub fn new(
        api_key: impl Into<String>,
        api_secret: impl Into<String>,
        app_id: impl Into<String>,
    ) -> Self {
        Self {
            api_key: api_key.into(),
            api_secret: api_secret.into(),
            app_id: app_id.into(),
        }
    }
}

impl Default for AppCredentials {
    fn default() -> Self {
        Self::new(DEFAULT_API_KEY, DEFAULT_API_SECRET, DEFAULT_APP_ID)
    }
}

/// Configures an [`Emulator`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    host: IpAddr,
    port: u16,
    apps: Vec<AppCredentials>,
    kinds: FeedKinds,
    rankings: HashMap<String, crate::feed::Ranking>,
    data_file: Option<PathBuf>,
    rate_limit: Option<RateLimitConfig>,
    faye_limits: crate::faye::FayeLimits,
    http_limits: crate::http::HttpLimits,
    explorer: bool,
    webhook_url: Option<String>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            apps: Vec::new(),
            kinds: FeedKinds::default(),
            rankings: HashMap::new(),
            data_file: None,
            rate_limit: None,
            faye_limits: crate::faye::FayeLimits::default(),
            http_limits: crate::http::HttpLimits::default(),
            explorer: true,
            webhook_url: None,
        }
    }
}

impl EmulatorBuilder {
    /// Listen on this address (default 127.0.0.1).
    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// Listen on this port (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Hosts an app (the first one added is the default; without any, `key123`/`secret456`/`789`).
    pub fn app(mut self, creds: AppCredentials) -> Self {
        self.apps.push(creds);
        self
    }

    /// Declares the kind of a feed group (otherwise decided by its slug's prefix).
    pub fn feed_group(mut self, slug: impl Into<String>, kind: FeedKind) -> Self {
        self.kinds.explicit.insert(slug.into(), kind);
        self
    }

    /// Declares a ranking method every flat feed group of every app offers: reads with
    /// `ranking=NAME` order by its score (see [`Ranking::parse`](crate::Ranking::parse) for
    /// formulas), as do reaction filters with `ranking=NAME`. Declaring a name again replaces it.
    /// Rankings are configuration: the data file does not keep them.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use stream_emulator::{Emulator, Ranking};
    /// let emulator = Emulator::builder()
    ///     .ranking("popular", Ranking::parse("popularity * 2 + decay_exp(time)")?)
    ///     .start()
    ///     .await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn ranking(mut self, name: impl Into<String>, ranking: crate::feed::Ranking) -> Self {
        self.rankings.insert(name.into(), ranking);
        self
    }

    /// Keeps every app's data in this database file (created when missing; its directory must
    /// exist). Each app's data is stored under its api key, so apps sharing a file never
    /// overwrite each other. A request that changes data is answered only once the change is on
    /// disk (concurrent requests share one sync), and the next start reads it back. Start-up fails
    /// with an error naming the file when it cannot be opened, is corrupt, or was written by an
    /// incompatible version. See `docs/reliability.md` for the promise and its limits.
    pub fn data_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.data_file = Some(path.into());
        self
    }

    /// Limits each app to `max_requests` requests per fixed `window` (off by default). Past the
    /// limit, requests get a 429 `RateLimitReached` error; every counted response carries
    /// `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (Unix seconds).
    /// Requests are counted per api key; `/faye` is not counted.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// let emulator = stream_emulator::Emulator::builder()
    ///     .rate_limit(100, Duration::from_secs(60))
    ///     .start()
    ///     .await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn rate_limit(mut self, max_requests: u32, window: Duration) -> Self {
        self.rate_limit = Some(RateLimitConfig::new(max_requests, window));
        self
    }

    /// Bounds on realtime clients (`/faye`): how many, how many messages each keeps, how long
    /// idle ones live (see [`FayeLimits`](crate::FayeLimits) for the defaults).
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use stream_emulator::{Emulator, FayeLimits};
    /// let emulator = Emulator::builder()
    ///     .faye_limits(FayeLimits::default().with_client_ttl(Duration::from_secs(30)))
    ///     .start()
    ///     .await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn faye_limits(mut self, limits: crate::faye::FayeLimits) -> Self {
        self.faye_limits = limits;
        self
    }

    /// Bounds on HTTP clients: listen backlog, open connections, header, body and idle
    /// timeouts, URL length (see [`HttpLimits`](crate::HttpLimits) for the defaults).
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use stream_emulator::{Emulator, HttpLimits};
    /// let emulator = Emulator::builder()
    ///     .http_limits(HttpLimits::default().with_idle_timeout(Duration::from_secs(30)))
    ///     .start()
    ///     .await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn http_limits(mut self, limits: crate::http::HttpLimits) -> Self {
        self.http_limits = limits;
        self
    }

    /// Serves the explorer, a read-only live HTML view of the apps' data, at `/` (on by
    /// default; API routes are unaffected either way). Off, `/` answers like any unknown path.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::builder().explorer(false).start().await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn explorer(mut self, on: bool) -> Self {
        self.explorer = on;
        self
    }

    /// Delivers every app's v2 webhook events to this `http://` URL (until an app sets its own
    /// `webhook_url` with `PATCH /api/v2/app`; `""` there turns delivery off). Events are signed
    /// with the app secret (`X-Signature`) and sent off the request path with bounded retries;
    /// see `docs/emulator.md` ("Webhooks"). Start-up fails when the URL is not `http://`.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::builder()
    ///     .webhook_url("http://127.0.0.1:9000/stream-webhooks")
    ///     .start()
    ///     .await?;
    /// # drop(emulator); Ok(()) }
    /// ```
    pub fn webhook_url(mut self, url: impl Into<String>) -> Self {
        self.webhook_url = Some(url.into());
        self
    }

    fn build_state(
        &self,
        base_url: String,
        webhooks: crate::v2::webhooks::Outbox,
    ) -> std::io::Result<SharedState> {
        let file = match &self.data_file {
            Some(p) => Some(crate::persist::DataFile::open(p)?),
            None => None,
        };
        // Room for bursts (a 32-task load test writes thousands of changes in a second) before
        // the realtime pump falls behind and has to drop messages.
        let (tx, _) = broadcast::channel(CHANGE_QUEUE);
        let creds = if self.apps.is_empty() {
            vec![AppCredentials::default()]
        } else {
            self.apps.clone()
        };
        let mut apps = HashMap::new();
        let rankings = crate::feed::Rankings(Arc::new(self.rankings.clone()));
        for c in creds {
            let mut data: AppState = match &file {
                Some(f) => f.load_app(&c.api_key)?,
                None => AppState::default(),
            };
            data.kinds = self.kinds.clone();
            data.rankings = rankings.clone();
            data.hub = ChangeHub {
                sender: Some(tx.clone()),
                app_id: c.app_id.clone(),
                kinds: self.kinds.clone(),
            };
            data.webhooks = webhooks.clone();
            let app = App::new(c.api_key.clone(), c.api_secret, c.app_id, data);
            apps.insert(c.api_key, Arc::new(app));
        }
        let writer = match file {
            Some(f) => Some(Writer::start(
                f,
                &apps.values().cloned().collect::<Vec<_>>(),
            )?),
            None => None,
        };
        Ok(Arc::new(EmulatorState {
            apps,
            base_url,
            changes: tx,
            writer,
            webhooks,
        }))
    }

    /// Starts the server on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<Emulator> {
        let listener =
            crate::http::Listener::bind(SocketAddr::new(self.host, self.port), self.http_limits)?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        if let Some(url) = self
            .webhook_url
            .as_deref()
            .filter(|u| !u.starts_with("http://"))
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("webhook URL {url:?}: only http:// URLs are delivered"),
            ));
        }
        let (stop_tx, stop_rx) = watch::channel(false);
        let (queue, queued) = crate::v2::webhooks::delivery::channel();
        let counters = Arc::default();
        let outbox = crate::v2::webhooks::Outbox::new(
            queue,
            self.webhook_url.clone(),
            Arc::clone(&counters),
        );
        let state = self.build_state(base_url.clone(), outbox)?;
        tokio::spawn(crate::v2::webhooks::delivery::run(
            queued,
            counters,
            stop_rx.clone(),
        ));
        let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
        let (done_async_tx, done_async_rx) = oneshot::channel::<()>();
        let mut app = crate::router::router(state.clone(), self.faye_limits);
        if let Some(writer) = &state.writer {
            app = app.layer(axum::middleware::from_fn_with_state(
                writer.clone(),
                crate::persist::durable_responses,
            ));
        }
        if self.explorer {
            let shown = self.apps.first().map_or(DEFAULT_API_KEY, |c| &c.api_key);
            app = crate::explorer::attach(app, state.clone(), shown.to_owned(), stop_rx.clone());
        }
        if let Some(config) = self.rate_limit {
            let layer = RateLimitLayerState {
                limiter: Arc::new(RateLimiter::new(config)),
                state: state.clone(),
            };
            app = app.layer(axum::middleware::from_fn_with_state(
                layer,
                crate::ratelimit::middleware,
            ));
        }
        app = app.layer(axum::middleware::from_fn_with_state(
            self.http_limits,
            crate::http::middleware,
        ));
        // Outermost, so the answers of the limit layers (429, 408) are logged too.
        app = app.layer(axum::middleware::from_fn(crate::request_log::log_request));
        let task = ServeTask {
            listener,
            app,
            state: state.clone(),
            stop: stop_rx,
        };
        tokio::spawn(async move {
            task.run().await;
            let _ = done_tx.send(());
            let _ = done_async_tx.send(());
        });
        let first = state.apps.values().next().map(|a| a.api_key.clone());
        let creds = self
            .apps
            .first()
            .cloned()
            .or_else(|| {
                first
                    .filter(|k| k == DEFAULT_API_KEY)
                    .map(|_| AppCredentials::default())
            })
            .unwrap_or_default();
        Ok(Emulator {
            base_url,
            addr,
            creds,
            state,
            stop: Some(stop_tx),
            done: done_rx,
            done_async: Some(done_async_rx),
            runtime: None,
        })
    }

    /// Starts the server on a runtime thread of its own (for blocking code and tests).
    pub fn start_blocking(self) -> std::io::Result<Emulator> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("stream-emulator")
            .build()?;
        let mut emu = rt.block_on(self.start())?;
        emu.runtime = Some(rt);
        Ok(emu)
    }
}

/// What the spawned server task owns.
struct ServeTask {
    listener: crate::http::Listener,
    app: axum::Router,
    state: SharedState,
    stop: watch::Receiver<bool>,
}

/// Resolves once a stop is requested (or the emulator handle is gone).
async fn stop_requested(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

impl ServeTask {
    /// Serves until stopped, gives open connections [`SHUTDOWN_GRACE`] to finish, then stops
    /// the data file's writer (closing the file).
    async fn run(self) {
        let (serve, mut served) = self.listener.serve(self.app, self.stop.clone());
        let serving = async {
            serve.await;
            // Resolves once every connection has closed.
            let _ = served.drained.recv().await;
        };
        let grace = async {
            stop_requested(self.stop.clone()).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        // Graceful shutdown waits for every connection; stop waiting after the grace period.
        tokio::select! {
            () = serving => {}
            () = grace => {}
        }
        if let Some(writer) = self.state.writer.clone() {
            let _ = tokio::task::spawn_blocking(move || writer.stop()).await;
        }
    }
}

/// A running emulator; dropping it shuts the server down.
pub struct Emulator {
    base_url: String,
    addr: SocketAddr,
    creds: AppCredentials,
    state: SharedState,
    stop: Option<watch::Sender<bool>>,
    done: std::sync::mpsc::Receiver<()>,
    done_async: Option<oneshot::Receiver<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .field("app", &self.creds)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// A builder (port, apps, feed group kinds, data file).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Starts with defaults (127.0.0.1, a free port, app `key123`/`secret456`/`789`).
    pub async fn start() -> std::io::Result<Self> {
        EmulatorBuilder::default().start().await
    }

    /// Starts with defaults on a runtime thread of its own.
    pub fn start_blocking() -> std::io::Result<Self> {
        EmulatorBuilder::default().start_blocking()
    }

    /// Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash); clients append `/api/v1.0/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Api key of the default app.
    pub fn api_key(&self) -> &str {
        &self.creds.api_key
    }

    /// Api secret of the default app.
    pub fn api_secret(&self) -> &str {
        &self.creds.api_secret
    }

    /// App id of the default app.
    pub fn app_id(&self) -> &str {
        &self.creds.app_id
    }

    /// The shared state (for inspection in tests and for realtime).
    pub(crate) fn state(&self) -> &SharedState {
        &self.state
    }

    /// What happened to the v2 webhook events emitted so far (queued, dropped, delivered,
    /// failed, attempts), for tests that wait for deliveries or check that none were dropped.
    pub fn webhook_stats(&self) -> crate::WebhookStats {
        self.state.webhooks.stats()
    }

    /// Subscribes to feed changes.
    pub fn subscribe(&self) -> broadcast::Receiver<crate::state::FeedChange> {
        self.state.changes.subscribe()
    }

    /// Stops the server and waits (at most `timeout`) until it has stopped and closed its data
    /// file.
    ///
    /// Blocks the calling thread, and only waits when the emulator owns its runtime
    /// ([`EmulatorBuilder::start_blocking`]); from async code use [`Emulator::stop`].
    pub fn shutdown(mut self, timeout: Duration) {
        self.stop_now(timeout);
    }

    /// Stops the server and waits (at most `timeout`) until it has stopped and closed its data
    /// file (`data_file`; every answered change is already on disk), without blocking the
    /// runtime. Open connections get [`SHUTDOWN_GRACE`] to finish, so a `timeout` above that lets
    /// the file be closed even when clients keep idle connections open. Returns whether the
    /// server stopped in time.
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// let emulator = stream_emulator::Emulator::builder()
    ///     .data_file("emulator.redb")
    ///     .start()
    ///     .await?;
    /// // ... use emulator.base_url() ...
    /// let stopped = emulator.stop(Duration::from_secs(5)).await;
    /// assert!(stopped);
    /// # Ok(()) }
    /// ```
    pub async fn stop(mut self, timeout: Duration) -> bool {
        let stopped = match (self.stop.take(), self.done_async.take()) {
            (Some(stop), Some(done)) => {
                let _ = stop.send(true);
                matches!(tokio::time::timeout(timeout, done).await, Ok(Ok(())))
            }
            _ => false,
        };
        if let Some(rt) = self.runtime.take() {
            // Dropping a runtime inside async code panics; this variant never blocks.
            rt.shutdown_background();
        }
        stopped
    }

    fn stop_now(&mut self, timeout: Duration) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
            if self.runtime.is_some() {
                let _ = self.done.recv_timeout(timeout);
            }
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_millis(200));
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Longer than the grace, so a request still open at the stop cannot keep the file open.
        self.stop_now(SHUTDOWN_GRACE + Duration::from_secs(3));
    }
}
