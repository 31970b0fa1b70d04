//! The one `tracing` span per call. It records the operation, method, path (never the query, which
//! holds the api key), attempt, final status and error kind; never headers, bodies or tokens.
use crate::error::Error;
use crate::request::Request;
use tracing::Span;
use tracing::field::Empty;

/// Opens the `stream.call` span for a call whose (first) request is `request` (absent when
/// building the request failed), made of `parts` requests (more than one for a split batch).
pub(crate) fn call_span(request: Option<&Request>, parts: usize) -> Span {
    match request {
        Some(r) => tracing::info_span!(
            "stream.call",
            op = r.op,
            method = r.method.as_str(),
            path = r.path(),
            parts,
            attempt = Empty,
            status = Empty,
            error = Empty,
        ),
        None => tracing::info_span!(
            "stream.call",
            op = Empty,
            method = Empty,
            path = Empty,
            parts,
            attempt = Empty,
            status = Empty,
            error = Empty,
        ),
    }
}

/// Records how the call ended: the error kind only, never its message.
pub(crate) fn record_outcome<T>(span: &Span, result: &Result<T, Error>) {
    if let Err(e) = result {
        span.record("error", e.kind_name());
    }
}
