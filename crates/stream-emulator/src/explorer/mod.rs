//! The explorer: a read-only HTML view of the emulator's state at `/`, updated live.
//!
//! Pages (all `GET`, escaped HTML, no script or style from elsewhere):
//! - `/` — the app (api key, app id; never the secret), feed groups with their feeds and
//!   activity counts, the newest activities across the app (paginated);
//! - `/explorer/feed/{slug}/{user}` — one feed's activities, followers, following and a live
//!   tail of the changes its realtime subscribers receive;
//! - `/explorer/reactions`, `/explorer/collections`, `/explorer/users`, `/explorer/v2` — the
//!   other stores as tables;
//! - `/explorer/requests` — the newest request lines (as the emulator logs them);
//! - `/explorer/token` — paste a JWT: its claims, whether this app's secret signed it, what it
//!   may do.
//!
//! Live updates: `/explorer/events` is a server-sent event stream. It sends `change` (a feed
//! change, as realtime subscribers get it) and `write` (an API request that may have changed
//! data finished); the page's script then reloads the page body in place. The only hook is
//! [`record`], one middleware around the whole router: stores stay untouched.
//!
//! Every page takes `?app=KEY` to pick one of several hosted apps (default: the first).

mod assets;
mod html;
mod pages;
mod stores;
mod token;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use tokio::sync::{broadcast, watch};

use crate::state::{App, SharedState};

/// Where the explorer's pages live (besides `/`).
pub(crate) const PREFIX: &str = "/explorer";

/// How many request lines the request log page keeps.
const MAX_REQUEST_LINES: usize = 500;

/// Write notifications buffered for slow event streams (they only trigger a reload).
const WRITE_QUEUE: usize = 64;

/// What every explorer handler gets.
#[derive(Clone)]
pub(crate) struct Explorer {
    pub(crate) state: SharedState,
    /// The app shown without `?app=`.
    pub(crate) default_key: String,
    pub(crate) hub: Arc<Hub>,
    stop: watch::Receiver<bool>,
}

impl Explorer {
    /// The app `key` names (or the default app) with its api key.
    pub(crate) fn app(&self, key: Option<&str>) -> Option<&Arc<App>> {
        self.state.app(key.unwrap_or(&self.default_key))
    }

    /// Api keys of every hosted app, sorted.
    pub(crate) fn app_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.state.apps.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}

/// The request log and the write notifications the middleware feeds.
pub(crate) struct Hub {
    lines: Mutex<VecDeque<String>>,
    writes: broadcast::Sender<String>,
}

impl Hub {
    fn new() -> Self {
        Self {
            lines: Mutex::new(VecDeque::new()),
            writes: broadcast::channel(WRITE_QUEUE).0,
        }
    }

    /// The newest request lines, newest first.
    pub(crate) fn lines(&self) -> Vec<String> {
        let lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
        lines.iter().rev().cloned().collect()
    }

    fn push(&self, line: String, write: bool) {
        {
            let mut lines = self.lines.lock().unwrap_or_else(|e| e.into_inner());
            if lines.len() >= MAX_REQUEST_LINES {
                lines.pop_front();
            }
            lines.push_back(line.clone());
        }
        if write {
            let _ = self.writes.send(line);
        }
    }
}

/// Adds the explorer's routes and its request recorder to `app`. `stop` ends open event
/// streams when the server stops (so a browser left open does not hold the shutdown).
pub(crate) fn attach(
    app: Router,
    state: SharedState,
    default_key: String,
    stop: watch::Receiver<bool>,
) -> Router {
    let hub = Arc::new(Hub::new());
    let explorer = Explorer {
        state,
        default_key,
        hub: hub.clone(),
        stop,
    };
    let pages = Router::new()
        .route("/", get(pages::home))
        .route(
            &format!("{PREFIX}/feed/{{slug}}/{{user}}"),
            get(pages::feed),
        )
        .route(&format!("{PREFIX}/reactions"), get(stores::reactions))
        .route(&format!("{PREFIX}/collections"), get(stores::collections))
        .route(&format!("{PREFIX}/users"), get(stores::users))
        .route(&format!("{PREFIX}/v2"), get(stores::v2))
        .route(&format!("{PREFIX}/requests"), get(stores::requests))
        .route(
            &format!("{PREFIX}/token"),
            get(token::form).post(token::inspect),
        )
        .route(&format!("{PREFIX}/events"), get(events))
        .route(&format!("{PREFIX}/explorer.js"), get(assets::script))
        .route(&format!("{PREFIX}/explorer.css"), get(assets::style))
        .with_state(explorer);
    app.merge(pages)
        .layer(axum::middleware::from_fn_with_state(hub, record))
}

/// Records one line per request (method, path without the query, status, duration, app, as
/// the request log prints it) and announces finished API requests that may have written.
async fn record(State(hub): State<Arc<Hub>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/" || path.starts_with(PREFIX) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let app = crate::request_log::app_of(request.uri().query());
    let started = Instant::now();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let line = format!(
        "{method} {} {} {ms:.1}ms app={app}",
        crate::request_log::printable(&path, 512),
        response.status().as_u16()
    );
    let write = !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS") && path != "/faye";
    hub.push(line, write);
    response
}

/// What an event stream waits for next.
enum Waited {
    Change(Result<crate::state::FeedChange, broadcast::error::RecvError>),
    Write(Result<String, broadcast::error::RecvError>),
    Stop,
}

/// `/explorer/events`: `change` events (a feed change as JSON: `feed_id`, `new`, `deleted`)
/// and `write` events (a request line), until the server stops.
async fn events(
    State(explorer): State<Explorer>,
) -> Sse<impl futures_core::Stream<Item = Result<Event, Infallible>>> {
    struct Streams {
        changes: broadcast::Receiver<crate::state::FeedChange>,
        writes: broadcast::Receiver<String>,
        stop: watch::Receiver<bool>,
    }
    let streams = Streams {
        changes: explorer.state.changes.subscribe(),
        writes: explorer.hub.writes.subscribe(),
        stop: explorer.stop.clone(),
    };
    let stream = futures_util::stream::unfold(streams, |mut s| async move {
        let waited = tokio::select! {
            c = s.changes.recv() => Waited::Change(c),
            w = s.writes.recv() => Waited::Write(w),
            _ = s.stop.wait_for(|stopped| *stopped) => Waited::Stop,
        };
        let event = match waited {
            Waited::Stop => return None,
            Waited::Change(Ok(change)) => Event::default()
                .event("change")
                .data(pages::change_json(&change).to_string()),
            Waited::Write(Ok(line)) => Event::default().event("write").data(line),
            // Missed messages: the page reloads anyway.
            Waited::Change(Err(broadcast::error::RecvError::Lagged(_)))
            | Waited::Write(Err(broadcast::error::RecvError::Lagged(_))) => {
                Event::default().event("write").data("(missed updates)")
            }
            Waited::Change(Err(_)) | Waited::Write(Err(_)) => return None,
        };
        Some((Ok(event), s))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
