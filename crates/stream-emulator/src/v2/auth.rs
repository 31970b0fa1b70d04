//! v2 authentication: `api_key` in the query names the app, `Authorization` holds a JWT signed
//! with its secret (no `Bearer` needed; tolerated), `stream-auth-type: jwt`, and server-side
//! endpoints need a server token: empty claims `{}` (Python's SDK) or `{"server": true}`.
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use stream_auth::VerifyError;

use super::error::V2Error;
use crate::query::Params;
use crate::state::{App, SharedState};

/// A request authenticated with the app's server token.
#[derive(Clone)]
pub(crate) struct ServerCaller {
    /// The app named by `api_key`.
    pub(crate) app: Arc<App>,
    /// `host[:port]` the client addressed the emulator on (for the addresses answered).
    pub(crate) host: String,
}

impl std::fmt::Debug for ServerCaller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerCaller")
            .field("api_key", &self.app.api_key)
            .field("host", &self.host)
            .finish()
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Authenticates a v2 server-side request.
pub(crate) fn authenticate(state: &SharedState, parts: &Parts) -> Result<ServerCaller, V2Error> {
    let params = Params::parse(parts.uri.query().unwrap_or(""));
    let key = params
        .get_nonempty("api_key")
        .ok_or_else(|| V2Error::auth(2, "api_key not found in the query string"))?;
    let app = state
        .apps
        .get(key)
        .cloned()
        .ok_or_else(|| V2Error::auth(2, format!("api_key not valid: {key:?}")))?;
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    match header("stream-auth-type") {
        Some(t) if t.eq_ignore_ascii_case("jwt") => {}
        Some(t) => {
            return Err(V2Error::auth(
                5,
                format!("auth type {t:?} is not supported; use jwt"),
            ));
        }
        None => {
            return Err(V2Error::auth(
                5,
                "stream-auth-type header is missing (jwt expected)",
            ));
        }
    }
    let raw = header("authorization")
        .ok_or_else(|| V2Error::auth(5, "Authorization header is missing"))?;
    let token = raw
        .strip_prefix("Bearer ")
        .or_else(|| raw.strip_prefix("bearer "))
        .unwrap_or(raw)
        .trim();
    let claims = app.signer.verify(token, now_secs()).map_err(|e| match e {
        VerifyError::Expired => V2Error::auth(40, "JWTAuth error: token has expired"),
        VerifyError::NotYetValid => V2Error::auth(42, "JWTAuth error: token is not valid yet"),
        VerifyError::BadSignature => V2Error::auth(43, "JWTAuth error: signature is not valid"),
        other => V2Error::auth(5, format!("JWTAuth error: {other}")),
    })?;
    if !claims.is_server() {
        return Err(V2Error::new(
            axum::http::StatusCode::FORBIDDEN,
            17,
            "Auth",
            "this endpoint needs a server-side token ({} or {\"server\":true})",
        ));
    }
    Ok(ServerCaller {
        app,
        host: crate::public_url::host(parts, state),
    })
}

impl FromRequestParts<SharedState> for ServerCaller {
    type Rejection = V2Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(state, parts)
    }
}
