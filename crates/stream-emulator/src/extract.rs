//! Request extraction that never panics: empty bodies read as `{}`, malformed JSON is a 400
//! `InputException`, oversized bodies a 413, and path parameters that do not decode (`%FF`) a
//! 400 in the error format of the API the route belongs to.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// Largest JSON body accepted (1 MiB).
pub(crate) const MAX_JSON_BODY: usize = 1024 * 1024;

/// Largest body of any request (uploads; 32 MiB). JSON bodies are further capped at [`MAX_JSON_BODY`].
pub(crate) const MAX_UPLOAD_BODY: usize = 32 * 1024 * 1024;

/// A JSON request body; an empty body (JS GET/DELETE, axios' empty PUT) is `{}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonBody(pub(crate) Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::too_large(format!("request body could not be read: {e}")))?;
        parse_json_body(&bytes).map(JsonBody)
    }
}

/// Parses a JSON body (empty or whitespace-only → `{}`).
pub(crate) fn parse_json_body(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.len() > MAX_JSON_BODY {
        return Err(ApiError::too_large(format!(
            "request body of {} bytes exceeds the limit of {MAX_JSON_BODY} bytes",
            bytes.len()
        )));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(bytes).map_err(|e| ApiError::input(format!("invalid JSON body: {e}")))
}

/// How an API answers a path that does not decode: v1's [`V1`], or one v2 operation.
pub(crate) trait PathErrorFormat {
    /// The error answered.
    type Error: IntoResponse;

    /// The 400 for a path that does not decode, with `detail` (`invalid path: ...`).
    fn invalid_path(detail: String) -> Self::Error;
}

/// The v1 error format: a 400 `InputException`.
#[derive(Debug)]
pub(crate) enum V1 {}

impl PathErrorFormat for V1 {
    type Error = ApiError;

    fn invalid_path(detail: String) -> ApiError {
        ApiError::input(detail)
    }
}

/// The parameters of a route's path (a `String` or a tuple of them). A path that does not
/// decode (e.g. a segment that is not UTF-8 once percent-decoded, like `%FF`) is answered in the
/// error format `F` of the route's API instead of axum's plain-text 400.
#[derive(Debug)]
pub(crate) struct PathParams<T, F = V1>(pub(crate) T, pub(crate) PhantomData<F>);

impl<T, F, S> FromRequestParts<S> for PathParams<T, F>
where
    T: DeserializeOwned + Send,
    F: PathErrorFormat,
    S: Send + Sync,
{
    type Rejection = F::Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(params)) => Ok(Self(params, PhantomData)),
            Err(e) => Err(F::invalid_path(format!("invalid path: {e}"))),
        }
    }
}
