//! The explorer's script and style sheet, compiled into the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// `/explorer/explorer.js`: live updates (reload the page body on an event; the feed page's
/// live tail).
pub(crate) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/explorer.js"),
    )
}

/// `/explorer/explorer.css`.
pub(crate) async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/explorer.css"),
    )
}
