//! The one error type of the SDK, shared by both facades.
use std::fmt;

use serde_json::{Map, Value};

use crate::response::{RateLimit, Response};
use crate::target::{FailureCause, Target};

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input was invalid; nothing was sent.
    #[error("invalid request: {0}")]
    Build(#[from] BuildError),
    /// No response arrived (connect, timeout, TLS, I/O).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The service answered with a non-2xx status.
    #[error(transparent)]
    Api(#[from] Box<ApiError>),
    /// A 2xx response whose body did not fit the expected shape.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl Error {
    /// The Stream API error, if the service answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the call failed because a timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(t) if t.is_timeout())
    }

    /// A short, fixed name for the kind of error (`"api"`, `"timeout"`, `"connect"`, …): safe to
    /// log or use as a metric label, since it never carries a message, URL or token.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::Build(_) => "build",
            Error::Api(_) => "api",
            Error::Decode(_) => "decode",
            Error::Transport(t) => match t.kind {
                TransportErrorKind::Connect => "connect",
                TransportErrorKind::Timeout => "timeout",
                TransportErrorKind::Tls => "tls",
                TransportErrorKind::Io => "io",
                TransportErrorKind::BodyTooLarge => "body_too_large",
                TransportErrorKind::Redirect => "redirect",
                TransportErrorKind::Other => "transport",
            },
        }
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.api().map(|e| e.status)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<stream_models::IdError> for Error {
    fn from(e: stream_models::IdError) -> Self {
        Error::Build(BuildError::InvalidId(e))
    }
}

/// Invalid input, caught before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An id (feed slug, user id, feed id) is invalid.
    #[error(transparent)]
    InvalidId(#[from] stream_models::IdError),
    /// A field is missing or has a value the service refuses.
    #[error("{field}: {reason}")]
    InvalidField {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The operation needs the API secret, but the client holds only a user token.
    #[error(
        "{op} needs server-side credentials (API key and secret); this client only has a user token"
    )]
    NeedsSecret {
        /// The operation.
        op: &'static str,
    },
    /// The operation needs configuration the client does not have (e.g. an app id).
    #[error("missing configuration: {0}")]
    MissingConfig(&'static str),
    /// The request body could not be serialized.
    #[error("could not serialize the request body: {0}")]
    Serialize(String),
    /// The request body is larger than the service accepts (a 413 otherwise).
    #[error("{op}: the request body of {size} bytes exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The operation.
        op: &'static str,
        /// The body's size in bytes.
        size: usize,
        /// The largest body accepted.
        limit: usize,
    },
    /// A query filter uses an operator the service does not know (a 400 otherwise).
    #[error("{field}: filter operator {operator} is not supported")]
    UnknownFilterOperator {
        /// The filter (`filter_conditions`).
        field: &'static str,
        /// The operator, e.g. `$regex`.
        operator: String,
    },
}

impl BuildError {
    /// Shorthand for [`BuildError::InvalidField`].
    pub fn field(field: &'static str, reason: impl Into<String>) -> Self {
        BuildError::InvalidField {
            field,
            reason: reason.into(),
        }
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Could not connect (refused, DNS, unreachable).
    Connect,
    /// A timeout elapsed (connect or whole request).
    Timeout,
    /// TLS handshake or certificate failure.
    Tls,
    /// The connection broke while sending or receiving.
    Io,
    /// The response body exceeded the configured size cap.
    BodyTooLarge,
    /// The server answered with a redirect, which the SDK does not follow.
    Redirect,
    /// Anything else.
    Other,
}

/// No usable response arrived. Carries no URL (the query holds the api key) and no token: its
/// `Display` names the address tried (`host:port`) with the setting that chose it, and the cause
/// when the HTTP stack's error chain states one, e.g.
/// `could not connect to Stream at 127.0.0.1:8000 (set by base_url): connection refused (nothing
/// is listening there)`.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
#[non_exhaustive]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// A short description (never a URL, header or token).
    pub message: String,
    /// Why, when the underlying error chain says so (refused, unknown host, not TLS, …).
    pub cause: Option<FailureCause>,
    /// Where the request went, when known.
    pub target: Option<Target>,
    /// The underlying error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

fn kind_text(kind: TransportErrorKind) -> &'static str {
    match kind {
        TransportErrorKind::Connect => "could not connect to Stream",
        TransportErrorKind::Timeout => "request to Stream timed out",
        TransportErrorKind::Tls => "TLS error talking to Stream",
        TransportErrorKind::Io => "connection to Stream failed",
        TransportErrorKind::BodyTooLarge => "response from Stream too large",
        TransportErrorKind::Redirect => "Stream answered with a redirect",
        TransportErrorKind::Other => "transport error",
    }
}

impl TransportError {
    /// A transport error without a source.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            cause: None,
            target: None,
            source: None,
        }
    }

    /// Attaches the underlying error and reads its cause ([`FailureCause::find`]); a cause that
    /// says more than `kind` refines it (a broken connection that was a refused connect becomes
    /// [`TransportErrorKind::Connect`], a TLS mismatch [`TransportErrorKind::Tls`]).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        let cause = FailureCause::find(&source);
        self.source = Some(Box::new(source));
        if let Some(cause) = cause {
            self = self.with_cause(cause);
        }
        self
    }

    /// Sets the cause, refining a vague `kind` (`Io`, `Other`, `Connect`) to match it.
    pub fn with_cause(mut self, cause: FailureCause) -> Self {
        use TransportErrorKind as K;
        self.cause = Some(cause);
        if matches!(self.kind, K::Io | K::Other | K::Connect) {
            self.kind = match cause {
                FailureCause::Refused | FailureCause::HostNotFound | FailureCause::Unreachable => {
                    K::Connect
                }
                FailureCause::NotTls | FailureCause::Certificate | FailureCause::Tls => K::Tls,
                FailureCause::Reset => self.kind,
            };
        }
        self
    }

    /// Records where the request went, unless a target is already known.
    pub fn at(mut self, target: Target) -> Self {
        self.target.get_or_insert(target);
        self
    }

    /// A copy without the source (sources are not cloneable): kind, message, cause and target.
    pub fn detached(&self) -> Self {
        Self {
            kind: self.kind,
            message: self.message.clone(),
            cause: self.cause,
            target: self.target.clone(),
            source: None,
        }
    }

    /// Whether a timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether retrying may help (connect failures, timeouts, broken connections).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }

    fn describe(&self) -> String {
        let mut out = kind_text(self.kind).to_owned();
        if let Some(target) = &self.target {
            out.push_str(" at ");
            out.push_str(&target.to_string());
        }
        out.push_str(": ");
        match self.cause {
            Some(cause) => out.push_str(cause.describe()),
            None => out.push_str(&self.message),
        }
        out
    }
}

/// A 2xx response whose body did not decode.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "could not decode Stream's response to {op} (at `{path}`): {message}; body starts with {snippet:?}"
)]
pub struct DecodeError {
    /// The operation.
    pub op: &'static str,
    /// The JSON path where decoding failed (`results[3].time`), or `.` for the whole body.
    pub path: String,
    /// What did not fit.
    pub message: String,
    /// The first bytes of the body (lossy UTF-8, at most 200 characters).
    pub snippet: String,
}

/// Stream's exception codes (`code` in an error body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 1: generic API error.
    Api,
    /// 2: unknown or wrong API key.
    ApiKey,
    /// 3: bad signature / authentication failed.
    Signature,
    /// 4: invalid input.
    Input,
    /// 5: invalid custom field.
    CustomField,
    /// 6: feed group not configured.
    FeedConfig,
    /// 7: app suspended.
    SiteSuspended,
    /// 8: invalid pagination.
    InvalidPagination,
    /// 9: rate limit reached.
    RateLimitReached,
    /// 10: missing user.
    MissingUser,
    /// 11: ranking error.
    Ranking,
    /// 12: missing ranking.
    MissingRanking,
    /// 13: old storage backend / missing activity.
    OldStorageBackend,
    /// 14: aggregation (Jinja) error.
    Aggregation,
    /// 15: best practice / bad input.
    BestPractice,
    /// 16: does not exist.
    DoesNotExist,
    /// 17: not allowed.
    NotAllowed,
    /// 18: request body too large.
    BodyTooLarge,
    /// 22: conflict (duplicate id).
    Conflict,
    /// -1: internal error.
    Internal,
    /// Any other code.
    Unknown(i64),
}

impl ErrorCode {
    /// Maps a numeric code.
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => ErrorCode::Api,
            2 => ErrorCode::ApiKey,
            3 => ErrorCode::Signature,
            4 => ErrorCode::Input,
            5 => ErrorCode::CustomField,
            6 => ErrorCode::FeedConfig,
            7 => ErrorCode::SiteSuspended,
            8 => ErrorCode::InvalidPagination,
            9 => ErrorCode::RateLimitReached,
            10 => ErrorCode::MissingUser,
            11 => ErrorCode::Ranking,
            12 => ErrorCode::MissingRanking,
            13 => ErrorCode::OldStorageBackend,
            14 => ErrorCode::Aggregation,
            15 => ErrorCode::BestPractice,
            16 => ErrorCode::DoesNotExist,
            17 => ErrorCode::NotAllowed,
            18 => ErrorCode::BodyTooLarge,
            22 => ErrorCode::Conflict,
            -1 => ErrorCode::Internal,
            other => ErrorCode::Unknown(other),
        }
    }

    /// Maps an `exception` name (`"DoesNotExistException"`), for bodies that carry no numeric
    /// `code`. Names are those of the official clients' exception classes (Python, Ruby);
    /// `None` for a name none of them uses.
    pub fn from_exception(name: &str) -> Option<Self> {
        let name = name.trim();
        let name = name.strip_prefix("StreamApiResponse").unwrap_or(name);
        Some(match name {
            "StreamApiException" | "Exception" => ErrorCode::Api,
            "ApiKeyException" => ErrorCode::ApiKey,
            "SignatureException" => ErrorCode::Signature,
            "InputException" => ErrorCode::Input,
            "CustomFieldException" => ErrorCode::CustomField,
            "FeedConfigException" => ErrorCode::FeedConfig,
            "SiteSuspendedException" => ErrorCode::SiteSuspended,
            "InvalidPaginationException" => ErrorCode::InvalidPagination,
            "RateLimitReached" | "RateLimitReachedException" => ErrorCode::RateLimitReached,
            "MissingUserException" => ErrorCode::MissingUser,
            "RankingException" => ErrorCode::Ranking,
            "MissingRankingException" => ErrorCode::MissingRanking,
            "OldStorageBackend" | "OldStorageBackendException" => ErrorCode::OldStorageBackend,
            "JinjaRuntimeException" => ErrorCode::Aggregation,
            "BestPracticeException" | "BadInputException" => ErrorCode::BestPractice,
            "DoesNotExistException" => ErrorCode::DoesNotExist,
            "NotAllowedException" => ErrorCode::NotAllowed,
            "ConflictException" => ErrorCode::Conflict,
            _ => return None,
        })
    }
}

/// A non-2xx answer from Stream, with everything its error body said.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The operation that failed.
    pub op: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Stream's numeric `code`, mapped.
    pub code: Option<ErrorCode>,
    /// Stream's raw numeric code.
    pub raw_code: Option<i64>,
    /// Stream's `exception` name (v1) or the v2 error's name.
    pub exception: Option<String>,
    /// The human message (`detail` in v1, `message` in v2).
    pub detail: Option<String>,
    /// Per-field messages (`exception_fields`).
    pub exception_fields: Map<String, Value>,
    /// `more_info` URL.
    pub more_info: Option<String>,
    /// The service-side `duration`.
    pub duration: Option<String>,
    /// Rate-limit headers of the response.
    pub rate_limit: Option<RateLimit>,
    /// The first 200 characters of a body that was not a Stream error JSON (an HTML 502 page).
    pub body_snippet: Option<String>,
    /// v2 bodies: the `details` list (error sub-codes), empty otherwise.
    pub details: Vec<Value>,
    /// v2 bodies: whether the service marked the error `unrecoverable`.
    pub unrecoverable: Option<bool>,
    /// The status code the body states (`StatusCode` in v2, `status_code` in v1).
    pub body_status: Option<u16>,
}

impl ApiError {
    /// Builds the error from a non-2xx response. Tolerates any body.
    pub fn from_response(op: &'static str, resp: &Response) -> Self {
        let mut err = ApiError {
            op,
            status: resp.status,
            code: None,
            raw_code: None,
            exception: None,
            detail: None,
            exception_fields: Map::new(),
            more_info: None,
            duration: None,
            rate_limit: resp.rate_limit(),
            body_snippet: None,
            details: Vec::new(),
            unrecoverable: None,
            body_status: None,
        };
        let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&resp.body) else {
            if !resp.body.is_empty() {
                err.body_snippet = Some(snippet(&resp.body));
            }
            return err;
        };
        let text = |k: &str| {
            body.get(k).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            })
        };
        err.raw_code = body.get("code").and_then(Value::as_i64);
        err.exception = text("exception");
        err.code = err
            .raw_code
            .map(ErrorCode::from_code)
            .or_else(|| err.exception.as_deref().and_then(ErrorCode::from_exception));
        err.detail = text("detail").or_else(|| text("message"));
        err.more_info = text("more_info");
        err.duration = text("duration");
        if let Some(Value::Array(details)) = body.get("details") {
            err.details = details.clone();
        }
        err.unrecoverable = body.get("unrecoverable").and_then(Value::as_bool);
        err.body_status = body
            .get("StatusCode")
            .or_else(|| body.get("status_code"))
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok());
        match body
            .get("exception_fields")
            .or_else(|| body.get("exception_fields_list"))
        {
            Some(Value::Object(m)) => err.exception_fields = m.clone(),
            Some(Value::Array(list)) => {
                for item in list {
                    if let Value::Object(m) = item {
                        err.exception_fields.extend(m.clone());
                    }
                }
            }
            _ => {}
        }
        if err.detail.is_none() && err.exception.is_none() && err.raw_code.is_none() {
            err.body_snippet = Some(snippet(&resp.body));
        }
        err
    }

    /// What to check, for a 401 that names a likely culprit: a bad signature (v1 code 3, v2
    /// code 43) points at the API secret, an unknown key (code 2) at the API key.
    ///
    /// ```
    /// use stream_core::{ApiError, Response};
    /// let body = r#"{"code":3,"detail":"signature is invalid","exception":"SignatureException"}"#;
    /// let e = ApiError::from_response("feed.get", &Response::new(401, body));
    /// assert!(e.hint().unwrap().contains("check the API secret"));
    /// ```
    pub fn hint(&self) -> Option<&'static str> {
        if self.status != 401 {
            return None;
        }
        let expired = (self.detail.as_deref()).is_some_and(|d| d.contains("expired"));
        match self.raw_code {
            Some(3 | 43) if !expired => Some(
                "check the API secret: tokens must be signed with the secret of this API key's app",
            ),
            Some(2) => Some("check the API key: the service does not know it"),
            _ => None,
        }
    }

    /// Whether the service refused because of its rate limit.
    pub fn is_rate_limited(&self) -> bool {
        self.status == 429 || self.code == Some(ErrorCode::RateLimitReached)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stream answered {} to {}", self.status, self.op)?;
        match (&self.exception, self.raw_code) {
            (Some(e), Some(c)) => write!(f, " ({e}, code {c})")?,
            (Some(e), None) => write!(f, " ({e})")?,
            (None, Some(c)) => write!(f, " (code {c})")?,
            (None, None) => {}
        }
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        for (field, msgs) in &self.exception_fields {
            write!(f, "; field {field:?}: {msgs}")?;
        }
        if let Some(s) = &self.body_snippet {
            write!(f, "; body: {s:?}")?;
        }
        if let Some(RateLimit {
            reset: Some(reset), ..
        }) = self.rate_limit
        {
            if self.is_rate_limited() {
                write!(f, "; rate limit resets at {reset} (Unix time)")?;
            }
        }
        if let Some(hint) = self.hint() {
            write!(f, "; {hint}")?;
        }
        if let Some(m) = &self.more_info {
            write!(f, " (see {m})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The first 200 characters of a body, lossy UTF-8.
pub(crate) fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(800)])
        .chars()
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stream_error_bodies() {
        let body = r#"{"code": 6, "detail": "The following feeds are not configured: 'secret'", "duration": "4ms", "exception": "FeedConfigException", "status_code": 400}"#;
        let e = ApiError::from_response("feed.get", &Response::new(400, body));
        assert_eq!(e.code, Some(ErrorCode::FeedConfig));
        assert_eq!(e.exception.as_deref(), Some("FeedConfigException"));
        let shown = e.to_string();
        assert!(
            shown.contains("400")
                && shown.contains("FeedConfigException")
                && shown.contains("not configured"),
            "{shown}"
        );
    }

    #[test]
    fn tolerates_html_bodies() {
        let e =
            ApiError::from_response("feed.get", &Response::new(502, "<html>Bad Gateway</html>"));
        assert_eq!(e.code, None);
        assert!(e.to_string().contains("Bad Gateway"));
    }

    #[test]
    fn reads_v2_error_bodies() {
        let body = r#"{"code":4,"message":"GetOrCreateCall failed","StatusCode":400,"more_info":"https://getstream.io/chat/docs/api_errors_response","details":[],"duration":"0.01ms"}"#;
        let e = ApiError::from_response("video.call.create", &Response::new(400, body));
        assert_eq!(e.code, Some(ErrorCode::Input));
        assert_eq!(e.detail.as_deref(), Some("GetOrCreateCall failed"));
        assert!(e.more_info.is_some());
    }
}
