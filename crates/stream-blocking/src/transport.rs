//! [`UreqTransport`]: executes core's [`Request`]s on a shared `ureq` 3 [`Agent`].
use std::fmt;
use std::io;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use stream_core::{
    DEFAULT_MAX_RESPONSE_BYTES, Method, Request, Response, Timeouts, Transport, TransportError,
    TransportErrorKind,
};
use ureq::Agent;
use ureq::http;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// A [`Transport`] over one `ureq` [`Agent`] (connection pool included).
///
/// Every request is configured, whatever agent you pass in, with: HTTP statuses returned as
/// responses (core turns non-2xx into [`stream_core::ApiError`]), redirects not followed (a 3xx
/// answer becomes a [`TransportErrorKind::Redirect`] error, because Stream never redirects API
/// calls and following one could send the token elsewhere), the request timeout as a global budget
/// (connect to last body byte), the connect timeout, and a cap on the (decompressed) body size.
/// `gzip` responses are accepted and decoded. The agent built by [`UreqTransport::new`] reuses a
/// resolved host name for 30 s (ureq would otherwise look it up, on a new thread, per request).
///
/// ```no_run
/// use stream_blocking::{Timeouts, UreqTransport};
/// let transport = UreqTransport::new(Timeouts::default());
/// # let _ = transport;
/// ```
#[derive(Clone)]
pub struct UreqTransport {
    agent: Agent,
    timeouts: Timeouts,
    max_response_bytes: u64,
}

impl fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UreqTransport")
            .field("timeouts", &self.timeouts)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl UreqTransport {
    /// A transport with its own agent, configured from `timeouts`.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use stream_blocking::{Timeouts, UreqTransport};
    /// let t = UreqTransport::new(Timeouts { request: Duration::from_secs(5), connect: Duration::from_secs(1) });
    /// # let _ = t;
    /// ```
    pub fn new(timeouts: Timeouts) -> Self {
        Self::with_agent(default_agent(timeouts), timeouts)
    }

    /// A transport over your own agent (proxy, TLS or pool settings). The SDK's per-request
    /// settings (timeouts, no redirects, statuses as responses) still apply.
    ///
    /// ```no_run
    /// use stream_blocking::{Timeouts, UreqTransport};
    /// let agent = ureq::Agent::new_with_defaults();
    /// let t = UreqTransport::with_agent(agent, Timeouts::default());
    /// # let _ = t;
    /// ```
    pub fn with_agent(agent: Agent, timeouts: Timeouts) -> Self {
        Self {
            agent,
            timeouts,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Caps the (decompressed) response body; larger bodies fail with
    /// [`TransportErrorKind::BodyTooLarge`]. Default: [`DEFAULT_MAX_RESPONSE_BYTES`].
    ///
    /// ```no_run
    /// use stream_blocking::{Timeouts, UreqTransport};
    /// let t = UreqTransport::new(Timeouts::default()).max_response_bytes(1 << 20);
    /// # let _ = t;
    /// ```
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The agent requests run on.
    ///
    /// ```no_run
    /// use stream_blocking::{Timeouts, UreqTransport};
    /// let agent = UreqTransport::new(Timeouts::default()).agent().clone();
    /// # let _ = agent;
    /// ```
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    fn run<S: ureq::AsSendBody>(
        &self,
        request: http::Request<S>,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let request = self
            .agent
            .configure_request(request)
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(self.timeouts.request))
            .timeout_connect(Some(self.timeouts.connect))
            .build();
        self.agent.run(request)
    }
}

/// The agent the SDK builds when you bring none: statuses as responses, no redirects, timeouts set.
pub(crate) fn default_agent(timeouts: Timeouts) -> Agent {
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_global(Some(timeouts.request))
        .timeout_connect(Some(timeouts.connect))
        .build();
    Agent::with_parts(config, DefaultConnector::new(), CachingResolver::default())
}

/// How long a resolved host name is reused before it is looked up again.
const DNS_TTL: Duration = Duration::from_secs(30);

/// ureq resolves the host on every request, even one that reuses a pooled connection, and with a
/// timeout set it spawns a thread for each lookup (~0.15 ms of CPU per call). This resolver asks
/// ureq's own resolver (timeout included) on a miss and reuses the answer: for [`DNS_TTL`] for a
/// host name, for good for an IP address (no lookup happens for those anyway).
#[derive(Debug, Default)]
struct CachingResolver {
    inner: DefaultResolver,
    last: Mutex<Option<Resolved>>,
}

/// The last successful lookup.
#[derive(Debug)]
struct Resolved {
    scheme: String,
    authority: String,
    at: Instant,
    addrs: ResolvedSocketAddrs,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let scheme = uri.scheme_str().unwrap_or_default();
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        let is_ip = uri
            .host()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .is_some_and(|h| h.parse::<IpAddr>().is_ok());
        if let Ok(last) = self.last.lock() {
            if let Some(r) = last.as_ref() {
                if r.scheme == scheme
                    && r.authority == authority
                    && (is_ip || r.at.elapsed() < DNS_TTL)
                {
                    return Ok(r.addrs.clone());
                }
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if let Ok(mut last) = self.last.lock() {
            *last = Some(Resolved {
                scheme: scheme.to_owned(),
                authority: authority.to_owned(),
                at: Instant::now(),
                addrs: addrs.clone(),
            });
        }
        Ok(addrs)
    }
}

impl Transport for UreqTransport {
    fn execute(&self, request: &Request) -> Result<Response, TransportError> {
        let mut builder = http::Request::builder()
            .method(method(request.method))
            .uri(request.url.as_str());
        for h in &request.headers {
            builder = builder.header(h.name, h.value.as_str());
        }
        let result = match &request.body {
            Some(body) => builder
                .body(body.bytes.as_ref())
                .map_err(|_| invalid_request())
                .and_then(|r| self.run(r).map_err(map_error)),
            None => builder
                .body(())
                .map_err(|_| invalid_request())
                .and_then(|r| self.run(r).map_err(map_error)),
        };
        let mut response = result?;
        let headers = response.headers().iter();
        let mut answer = Response::from_head(
            response.status().as_u16(),
            headers.map(|(name, value)| (name.as_str(), value.as_bytes())),
        )?;
        answer.body = read_body(response.body_mut(), self.max_response_bytes)?.into();
        Ok(answer)
    }
}

/// The most a body buffer is sized up front from `Content-Length` (a larger body grows it).
const MAX_PRESIZE: u64 = 256 * 1024;

/// Reads the whole body, at most `limit` bytes (after decompression), into a buffer sized from
/// `Content-Length`: reading into an empty `Vec` regrew and re-zeroed it about eight times for
/// a 6.5 KB feed page.
fn read_body(body: &mut ureq::Body, limit: u64) -> Result<Vec<u8>, TransportError> {
    use std::io::Read;
    let expected = body
        .content_length()
        .unwrap_or(0)
        .min(limit)
        .min(MAX_PRESIZE);
    // One byte more, so reading the end of the body does not grow the buffer.
    let mut buf = Vec::with_capacity(usize::try_from(expected).unwrap_or(0) + 1);
    body.with_config()
        .limit(limit)
        .reader()
        .read_to_end(&mut buf)
        .map_err(|e| map_error(ureq::Error::from(e)))?;
    Ok(buf)
}

fn method(m: Method) -> http::Method {
    match m {
        Method::Get => http::Method::GET,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Patch => http::Method::PATCH,
        Method::Delete => http::Method::DELETE,
    }
}

fn invalid_request() -> TransportError {
    // The http crate's error would only say which part was invalid; the URL itself (which carries
    // the api key) and header values (the token) are never printed.
    TransportError::new(
        TransportErrorKind::Other,
        "the request could not be built (invalid URL or header value)",
    )
}

/// Maps a `ureq` error to a [`TransportError`], keeping it as the source unless its text could
/// hold a URL.
fn map_error(e: ureq::Error) -> TransportError {
    use TransportErrorKind as K;
    let (kind, message, keep_source) = match &e {
        ureq::Error::Timeout(_) => (K::Timeout, "the request timeout elapsed", true),
        ureq::Error::HostNotFound => (K::Connect, "host not found", true),
        ureq::Error::ConnectionFailed => (K::Connect, "no connection could be made", true),
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                (K::Timeout, "the request timeout elapsed", true)
            }
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::NotFound => (K::Connect, "no connection could be made", true),
            _ => (K::Io, "the connection broke before an answer arrived", true),
        },
        ureq::Error::Tls(_) => (K::Tls, "TLS failure", true),
        #[cfg(feature = "rustls")]
        ureq::Error::Rustls(_) => (K::Tls, "TLS failure", true),
        #[cfg(feature = "native-tls")]
        ureq::Error::NativeTls(_) | ureq::Error::Der(_) => (K::Tls, "TLS failure", true),
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        ureq::Error::Pem(_) => (K::Tls, "invalid certificate", true),
        ureq::Error::BodyExceedsLimit(_) => (
            K::BodyTooLarge,
            "the response body exceeded the size cap",
            true,
        ),
        ureq::Error::Protocol(_) => (K::Io, "the server sent invalid HTTP", true),
        ureq::Error::Decompress(..) => (K::Io, "the response could not be decompressed", true),
        ureq::Error::LargeResponseHeader(..) => {
            (K::Io, "the response headers were too large", true)
        }
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            (K::Redirect, "redirects are not followed", true)
        }
        // These carry the URL (with the api key in its query) or proxy settings in their text.
        ureq::Error::BadUri(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::ConnectProxyFailed(_) => (K::Other, "invalid URL or proxy", false),
        _ => (K::Other, "the request failed", true),
    };
    let err = TransportError::new(kind, message);
    if keep_source { err.with_source(e) } else { err }
}
