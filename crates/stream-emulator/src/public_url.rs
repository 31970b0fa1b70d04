//! The base URL clients reached the emulator on, for the absolute URLs it answers (uploaded
//! files, the next pages of latest reactions): the `Host` header when it is a plain host name,
//! else the bound address.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::state::SharedState;

/// `http://<host>` as the client addressed the emulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublicBase(pub(crate) String);

impl FromRequestParts<SharedState> for PublicBase {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(format!("http://{}", host(parts, state))))
    }
}

/// `host[:port]` as the client addressed the emulator: the `Host` header when it is a plain host
/// name, else the bound address.
pub(crate) fn host(parts: &Parts, state: &SharedState) -> String {
    let from_header = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        });
    match from_header {
        Some(h) => h.to_owned(),
        None => state
            .base_url
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .to_owned(),
    }
}
