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
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
            });
        Ok(Self(match host {
            Some(h) => format!("http://{h}"),
            None => state.base_url.clone(),
        }))
    }
}
