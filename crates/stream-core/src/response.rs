//! A response as a transport received it.
use std::fmt;

use bytes::Bytes;

use crate::error::{TransportError, TransportErrorKind};

/// Status, headers and body of one HTTP response.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The (already decompressed) body.
    pub body: Bytes,
}

impl Response {
    /// A response with the given status and body and no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Reads the head of an answer as an HTTP stack hands it over, for a transport to add the
    /// body to: header names lower-cased, values read as UTF-8 (lossily). A 3xx is refused as a
    /// [`TransportErrorKind::Redirect`] error: the SDK never follows a redirect, so a token is
    /// never sent to another host.
    ///
    /// ```
    /// use stream_core::{Response, TransportErrorKind};
    /// let head = Response::from_head(200, [("X-RateLimit-Limit", b"10".as_slice())])?;
    /// assert_eq!(head.header("x-ratelimit-limit"), Some("10"));
    /// let moved = Response::from_head(301, []).unwrap_err();
    /// assert_eq!(moved.kind, TransportErrorKind::Redirect);
    /// # Ok::<(), stream_core::TransportError>(())
    /// ```
    pub fn from_head<'h>(
        status: u16,
        headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
    ) -> Result<Self, TransportError> {
        if (300..400).contains(&status) {
            return Err(TransportError::new(
                TransportErrorKind::Redirect,
                format!("status {status}; redirects are not followed (check the base URL)"),
            ));
        }
        let headers = headers
            .into_iter()
            .map(|(name, value)| {
                (
                    name.to_ascii_lowercase(),
                    String::from_utf8_lossy(value).into_owned(),
                )
            })
            .collect();
        Ok(Self {
            status,
            headers,
            body: Bytes::new(),
        })
    }

    /// Adds a header (name lower-cased).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The rate-limit headers, when the service sent them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(|n| self.header(n))
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Stream's rate-limit headers (`x-ratelimit-limit`, `-remaining`, `-reset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets, Unix seconds.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the three headers through `get`; `None` when none is present.
    pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Option<Self> {
        let num = |n: &str| get(n).and_then(|v| v.trim().parse::<u64>().ok());
        let rl = RateLimit {
            limit: num("x-ratelimit-limit"),
            remaining: num("x-ratelimit-remaining"),
            reset: num("x-ratelimit-reset"),
        };
        (rl.limit.is_some() || rl.remaining.is_some() || rl.reset.is_some()).then_some(rl)
    }
}
