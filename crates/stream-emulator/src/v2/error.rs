//! v2 error bodies: `{"code","message","StatusCode","duration","more_info","details","unrecoverable"}`.
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Where the service points for its error codes.
pub const MORE_INFO: &str = "https://getstream.io/chat/docs/api_errors_response";

/// An error answered by a v2 endpoint, shaped like the service's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V2Error {
    /// HTTP status.
    pub status: StatusCode,
    /// Stream code (2 key, 4 input, 5 auth, 16 missing, 17 not allowed, 40 expired, 43 signature).
    pub code: i64,
    /// Full message: `<Operation> failed with error: "<detail>"`.
    pub message: String,
}

impl V2Error {
    /// An error of operation `op` (`GetCall`) with `detail`.
    pub fn new(status: StatusCode, code: i64, op: &str, detail: impl AsRef<str>) -> Self {
        Self {
            status,
            code,
            message: format!("{op} failed with error: \"{}\"", detail.as_ref()),
        }
    }

    /// 400, code 4.
    pub fn input(op: &str, detail: impl AsRef<str>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 4, op, detail)
    }

    /// 404, code 16.
    pub fn not_found(op: &str, detail: impl AsRef<str>) -> Self {
        Self::new(StatusCode::NOT_FOUND, 16, op, detail)
    }

    /// 403, code 17.
    pub fn not_allowed(op: &str, detail: impl AsRef<str>) -> Self {
        Self::new(StatusCode::FORBIDDEN, 17, op, detail)
    }

    /// 401 with an auth code (2 key, 5 auth, 40 expired, 43 signature).
    pub fn auth(code: i64, detail: impl AsRef<str>) -> Self {
        let status = StatusCode::UNAUTHORIZED;
        Self {
            status,
            code,
            message: detail.as_ref().to_owned(),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        json!({
            "code": self.code,
            "message": self.message,
            "StatusCode": self.status.as_u16(),
            "duration": "0.00ms",
            "more_info": MORE_INFO,
            "details": [],
            "unrecoverable": false,
        })
    }
}

impl std::fmt::Display for V2Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (code {}): {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl std::error::Error for V2Error {}

impl IntoResponse for V2Error {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Result of a v2 handler.
pub type V2Result<T> = Result<T, V2Error>;

/// The parameters of a `Result<Path<T>, PathRejection>` extraction for operation `op`; a
/// rejection (e.g. `%FF` in a path segment) is a v2 400 (code 4) instead of axum's plain text.
pub fn path<T>(op: &str, p: Result<Path<T>, PathRejection>) -> V2Result<T> {
    p.map(|Path(t)| t)
        .map_err(|e| V2Error::input(op, format!("invalid path: {e}")))
}
