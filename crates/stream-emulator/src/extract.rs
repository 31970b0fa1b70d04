//! Request body extraction that never panics: empty bodies read as `{}`, malformed JSON is a
//! 400 `InputException`, oversized bodies a 413, undecodable path segments (`%FF`) a 400.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, Path, Request};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Largest JSON body accepted (1 MiB).
pub const MAX_JSON_BODY: usize = 1024 * 1024;

/// Largest body of any request (uploads; 32 MiB). JSON bodies are further capped at [`MAX_JSON_BODY`].
pub const MAX_UPLOAD_BODY: usize = 32 * 1024 * 1024;

/// A JSON request body; an empty body (JS GET/DELETE, axios' empty PUT) is `{}`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonBody(pub Value);

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
pub fn parse_json_body(bytes: &[u8]) -> Result<Value, ApiError> {
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

/// The parameters of a `Result<Path<T>, PathRejection>` extraction; a rejection (e.g. a path
/// segment that is not UTF-8 after percent-decoding, like `%FF`) is a Stream-format 400
/// `InputException` instead of axum's plain-text answer.
pub fn path<T>(p: Result<Path<T>, PathRejection>) -> ApiResult<T> {
    p.map(|Path(t)| t)
        .map_err(|e| ApiError::input(format!("invalid path: {e}")))
}
