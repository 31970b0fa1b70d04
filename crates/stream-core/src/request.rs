//! A request description: everything a transport needs to put one HTTP request on the wire.
use std::fmt;

use bytes::Bytes;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// GET, PUT and DELETE are idempotent by HTTP semantics; POST and PATCH are not.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One request header. Sensitive values (the `Authorization` token) are redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Header {
    /// Header name.
    pub name: &'static str,
    /// Header value.
    pub value: String,
    /// Whether the value is secret (never logged, never printed).
    pub sensitive: bool,
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive {
            write!(f, "{}: <redacted>", self.name)
        } else {
            write!(f, "{}: {:?}", self.name, self.value)
        }
    }
}

/// A request body with its content type.
#[derive(Clone, PartialEq, Eq)]
pub struct Body {
    /// `Content-Type` of the body.
    pub content_type: String,
    /// The exact bytes to send.
    pub bytes: Bytes,
}

impl Body {
    /// A JSON body.
    pub fn json(bytes: impl Into<Bytes>) -> Self {
        Self {
            content_type: "application/json".to_owned(),
            bytes: bytes.into(),
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies may carry user data; show only their size and type.
        write!(f, "Body({}, {} bytes)", self.content_type, self.bytes.len())
    }
}

/// A fully built request: what the transport sends, plus what the driver needs to know about it.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Length of `url` up to (not including) the `?`: `&url[..path_end]` is safe to log.
    pub path_end: usize,
    /// Headers, in the order to send them.
    pub headers: Vec<Header>,
    /// The body, if any.
    pub body: Option<Body>,
    /// A stable operation name for logs and metrics (`"feed.get"`).
    pub op: &'static str,
    /// Whether the driver may retry this request after a transport error or a retryable status.
    pub idempotent: bool,
}

impl Request {
    /// The URL without its query string (which carries the api key): safe to log.
    ///
    /// Never panics and never reaches past the `?` (or a `#`), whatever `path_end` says: a
    /// `path_end` beyond the query start or inside a UTF-8 character falls back to everything
    /// before the first `?`/`#`.
    pub fn url_without_query(&self) -> &str {
        let before_query = self.url.split(['?', '#']).next().unwrap_or_default();
        self.url
            .get(..self.path_end.min(before_query.len()))
            .unwrap_or(before_query)
    }

    /// The path part of the URL (after scheme and host), without the query: safe to log.
    pub fn path(&self) -> &str {
        let u = self.url_without_query();
        let after_scheme = u.find("://").map_or(0, |i| i + 3);
        u[after_scheme..]
            .find('/')
            .map_or("/", |i| &u[after_scheme + i..])
    }

    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("op", &self.op)
            .field("method", &self.method)
            .field("url", &self.url_without_query())
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("idempotent", &self.idempotent)
            .finish()
    }
}
