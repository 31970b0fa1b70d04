//! Stream-format error bodies: `{"detail","status_code","code","exception","duration"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// An error answered to a client, shaped like the service's own error bodies.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// Stream error code (4 = input, 16 = does not exist, 17 = not allowed, ...).
    pub(crate) code: i64,
    /// Exception class name, e.g. `InputException`.
    pub(crate) exception: &'static str,
    /// Human readable message.
    pub(crate) detail: String,
    /// Per-field messages (`exception_fields`), when any.
    pub(crate) exception_fields: Option<Box<Map<String, Value>>>,
}

impl ApiError {
    /// A custom error.
    pub(crate) fn new(
        status: StatusCode,
        code: i64,
        exception: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            code,
            exception,
            detail: detail.into(),
            exception_fields: None,
        }
    }

    /// 400, code 4, `InputException`.
    pub(crate) fn input(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 4, "InputException", detail)
    }

    /// 400, code 4, `InputException` with one `exception_fields` entry.
    pub(crate) fn input_field(field: &str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        let mut fields = Map::new();
        fields.insert(field.to_owned(), json!([detail.clone()]));
        Self {
            exception_fields: Some(Box::new(fields)),
            ..Self::input(detail)
        }
    }

    /// 404, code 16, `DoesNotExistException`.
    pub(crate) fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, 16, "DoesNotExistException", detail)
    }

    /// 403, code 17, `NotAllowedException` (token scope does not cover the request).
    pub(crate) fn not_allowed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, 17, "NotAllowedException", detail)
    }

    /// 405, code 17, `NotAllowedException` (method not allowed on this path).
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            17,
            "NotAllowedException",
            "method not allowed",
        )
    }

    /// 401, code 2, `ApiKeyException` (missing or unknown api key).
    pub(crate) fn api_key(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 2, "ApiKeyException", detail)
    }

    /// 401, code 3, `SignatureException` (missing, malformed, expired or badly signed JWT).
    pub(crate) fn auth(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 3, "SignatureException", detail)
    }

    /// 409, code 22, `ConflictException`.
    pub(crate) fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, 22, "ConflictException", detail)
    }

    /// 413, code 18, `InputException` (request body too large).
    pub(crate) fn too_large(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, 18, "InputException", detail)
    }

    /// 429, code 9, `RateLimitReached`.
    pub(crate) fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            9,
            "RateLimitReached",
            "Too many requests, check response headers for more information.",
        )
    }

    /// 404 for a path the emulator does not serve.
    pub(crate) fn no_route(path: &str) -> Self {
        Self::not_found(format!("url not found: {path}"))
    }

    /// The JSON body sent to the client.
    pub(crate) fn body(&self) -> Value {
        let mut body = json!({
            "detail": self.detail,
            "status_code": self.status.as_u16(),
            "code": self.code,
            "exception": self.exception,
            "duration": "0.00ms",
        });
        if let (Some(fields), Some(obj)) = (&self.exception_fields, body.as_object_mut()) {
            obj.insert("exception_fields".into(), Value::Object((**fields).clone()));
        }
        body
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} (code {}): {}",
            self.status.as_u16(),
            self.exception,
            self.code,
            self.detail
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Result of a handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;
