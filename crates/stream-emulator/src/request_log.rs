//! One `tracing` event per request, at `INFO` under the target [`TARGET`]: method, path
//! (never the query, which carries the api key), status, duration and app (the `api_key` of
//! the query, or `-`). The library only emits the events: an embedding program sees them once
//! it installs a `tracing` subscriber; the binary installs one that prints them to stderr.
use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// The `tracing` target of the request lines: filter them with
/// `stream_emulator::request=off` (as `RUST_LOG` for the binary).
pub const TARGET: &str = "stream_emulator::request";

/// The longest api key a request line shows; longer ones are cut.
const MAX_APP_CHARS: usize = 64;

/// Logs the request once the handler answered; costs one check when nobody listens.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
    if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let path = printable(request.uri().path(), 512);
    let app = app_of(request.uri().query());
    let started = Instant::now();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: TARGET,
        "{method} {path} {status} {ms:.1}ms app={app}",
        status = response.status().as_u16(),
    );
    response
}

/// The `api_key` query parameter, printable, or `-`.
pub(crate) fn app_of(query: Option<&str>) -> String {
    query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("api_key="))
        .filter(|key| !key.is_empty())
        .map_or_else(|| "-".to_owned(), |key| printable(key, MAX_APP_CHARS))
}

/// `text` cut to `max` characters, with anything but visible ASCII shown as `?` (a request
/// line is one line, whatever a client sends).
pub(crate) fn printable(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_is_the_api_key_of_the_query() {
        assert_eq!(app_of(Some("api_key=key123&x=1")), "key123");
        assert_eq!(app_of(Some("x=1&api_key=k%0Ay")), "k%0Ay");
        assert_eq!(app_of(Some("api_key=")), "-");
        assert_eq!(app_of(None), "-");
        assert_eq!(printable("a\nb c", 10), "a?b?c");
    }
}
