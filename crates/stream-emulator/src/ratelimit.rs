//! Opt-in per-app rate limiting (`EmulatorBuilder::rate_limit`, `--rate-limit N/SECONDS`).
//!
//! A fixed window per api key: the first counted request of an app opens a window of the
//! configured length; at most `max_requests` requests are served in it, later ones get a 429
//! `RateLimitReached` body. Every counted answer carries Stream's headers `x-ratelimit-limit`,
//! `x-ratelimit-remaining` and `x-ratelimit-reset` (Unix seconds when the window ends).
//! Only authenticated requests are counted: requests naming no hosted app, requests whose token
//! is missing or does not verify with the app's secret (they fail auth anyway, and must not use up
//! the app's budget), and `/faye` are not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::query::Params;
use crate::state::SharedState;
use crate::v2::error::V2Error;

/// Header: requests allowed per window.
pub(crate) const HEADER_LIMIT: &str = "x-ratelimit-limit";
/// Header: requests left in the current window.
pub(crate) const HEADER_REMAINING: &str = "x-ratelimit-remaining";
/// Header: Unix seconds when the current window ends.
pub(crate) const HEADER_RESET: &str = "x-ratelimit-reset";

/// How many requests an app may make per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateLimitConfig {
    /// Requests allowed per window (at least 1).
    pub(crate) max_requests: u32,
    /// Window length (at least 1 ms).
    pub(crate) window: Duration,
}

/// The longest window [`RateLimitConfig::new`] keeps.
const MAX_WINDOW: Duration = Duration::from_secs(366 * 86_400);

impl RateLimitConfig {
    /// A limit of `max_requests` per `window` (zero values are raised to 1 request / 1 ms; a
    /// window is at most a year, so reset times stay representable).
    pub(crate) fn new(max_requests: u32, window: Duration) -> Self {
        Self {
            max_requests: max_requests.max(1),
            window: window.clamp(Duration::from_millis(1), MAX_WINDOW),
        }
    }
}

/// What a counted request learns about its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Whether the request may be served.
    pub(crate) allowed: bool,
    /// Requests allowed per window.
    pub(crate) limit: u32,
    /// Requests left in the window after this one.
    pub(crate) remaining: u32,
    /// Unix seconds (rounded up) when the window ends.
    pub(crate) reset: u64,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// Fixed-window counters, one per api key.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    config: RateLimitConfig,
    windows: Mutex<HashMap<String, Window>>,
}

impl RateLimiter {
    /// A limiter with no requests counted yet.
    pub(crate) fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `api_key` at `now`.
    pub(crate) fn check(&self, api_key: &str, now: Instant) -> Decision {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let limit = self.config.max_requests;
        let window = windows.entry(api_key.to_owned()).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.saturating_duration_since(window.started) >= self.config.window {
            *window = Window {
                started: now,
                count: 0,
            };
        }
        let allowed = window.count < limit;
        if allowed {
            window.count += 1;
        }
        let left = self
            .config
            .window
            .saturating_sub(now.saturating_duration_since(window.started));
        Decision {
            allowed,
            limit,
            remaining: limit - window.count,
            reset: unix_secs_ceil(SystemTime::now() + left),
        }
    }
}

fn unix_secs_ceil(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
}

/// Limiter plus the apps it knows (the middleware's state).
#[derive(Debug, Clone)]
pub(crate) struct RateLimitLayerState {
    /// The counters.
    pub(crate) limiter: Arc<RateLimiter>,
    /// The server state (to tell hosted api keys from unknown ones).
    pub(crate) state: SharedState,
}

fn counted_key(state: &SharedState, req: &Request) -> Option<String> {
    let path = req.uri().path();
    if path == "/faye" || path.starts_with("/faye/") {
        return None;
    }
    let params = Params::parse(req.uri().query().unwrap_or(""));
    let key = params.get_nonempty("api_key")?;
    let app = state.app(key)?;
    // The token is in `Authorization` (with or without `Bearer `), or in the query for the
    // analytics redirect.
    let token = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .or_else(|| params.get_nonempty("authorization"))?
        .trim();
    let token = token
        .strip_prefix("Bearer ")
        .or_else(|| token.strip_prefix("bearer "))
        .unwrap_or(token)
        .trim();
    app.signer
        .verify(token, unix_secs())
        .ok()
        .map(|_| key.to_owned())
}

fn unix_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn set_headers(headers: &mut HeaderMap, d: &Decision) {
    headers.insert(HEADER_LIMIT, HeaderValue::from(d.limit));
    headers.insert(HEADER_REMAINING, HeaderValue::from(d.remaining));
    headers.insert(HEADER_RESET, HeaderValue::from(d.reset));
}

fn too_many(path: &str) -> Response {
    if path.starts_with("/api/v2/") {
        let e = V2Error {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: 9,
            message: ApiError::rate_limited().detail,
        };
        e.into_response()
    } else {
        ApiError::rate_limited().into_response()
    }
}

/// The middleware: counts the request, answers 429 past the limit, adds the headers.
pub(crate) async fn middleware(
    State(layer): State<RateLimitLayerState>,
    req: Request,
    next: Next,
) -> Response {
    let Some(key) = counted_key(&layer.state, &req) else {
        return next.run(req).await;
    };
    let decision = layer.limiter.check(&key, Instant::now());
    let mut resp = if decision.allowed {
        next.run(req).await
    } else {
        too_many(req.uri().path())
    };
    set_headers(resp.headers_mut(), &decision);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_window_counts_and_resets() {
        let rl = RateLimiter::new(RateLimitConfig::new(2, Duration::from_secs(10)));
        let t0 = Instant::now();
        let a = rl.check("k", t0);
        assert!(a.allowed);
        assert_eq!((a.limit, a.remaining), (2, 1));
        assert!(rl.check("k", t0).allowed);
        let c = rl.check("k", t0 + Duration::from_secs(1));
        assert!(!c.allowed);
        assert_eq!(c.remaining, 0);
        // Another app has its own window.
        assert!(rl.check("other", t0).allowed);
        // A new window starts after the old one ends.
        let d = rl.check("k", t0 + Duration::from_secs(10));
        assert!(d.allowed);
        assert_eq!(d.remaining, 1);
    }

    #[test]
    fn reset_is_in_the_future_window() {
        let rl = RateLimiter::new(RateLimitConfig::new(1, Duration::from_secs(60)));
        let now = unix_secs_ceil(SystemTime::now());
        let d = rl.check("k", Instant::now());
        assert!(d.reset >= now + 59 && d.reset <= now + 61, "{d:?} vs {now}");
    }

    #[test]
    fn zero_config_is_raised() {
        let c = RateLimitConfig::new(0, Duration::ZERO);
        assert_eq!(c.max_requests, 1);
        assert_eq!(c.window, Duration::from_millis(1));
    }
}
