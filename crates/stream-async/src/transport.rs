//! [`ReqwestTransport`]: executes core's [`Request`]s on a shared `reqwest` [`Client`](reqwest::Client).
use std::fmt;

use reqwest::header::HeaderValue;
use stream_core::{
    AsyncTransport, BoxFuture, BuildError, DEFAULT_MAX_RESPONSE_BYTES, Error, Method, Request,
    Response, Timeouts, TransportError, TransportErrorKind,
};

/// An [`AsyncTransport`] over one `reqwest` client (connection pool included).
///
/// Every request gets the request timeout (connect to last body byte) whatever client you pass
/// in; the client the SDK builds also has the connect timeout, redirects off and `gzip` on.
/// A 3xx answer becomes a [`TransportErrorKind::Redirect`] error (Stream never redirects API
/// calls, and following one could send the token elsewhere); the (decompressed) body is capped.
/// `reqwest` errors are kept as sources, always through `without_url()` (the query holds the api
/// key).
///
/// ```no_run
/// use stream_async::{ReqwestTransport, Timeouts};
/// let transport = ReqwestTransport::new(Timeouts::default())?;
/// # let _ = transport;
/// # Ok::<(), stream_async::Error>(())
/// ```
#[derive(Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    timeouts: Timeouts,
    max_response_bytes: u64,
}

impl fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("timeouts", &self.timeouts)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// A transport with its own client: redirects off, `gzip` accepted, both timeouts set.
    ///
    /// ```no_run
    /// use stream_async::{ReqwestTransport, Timeouts};
    /// let transport = ReqwestTransport::new(Timeouts::default())?;
    /// # let _ = transport;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn new(timeouts: Timeouts) -> Result<Self, Error> {
        Ok(Self::with_client(default_client(timeouts)?, timeouts))
    }

    /// A transport over your own client (proxy, TLS roots, pool settings). The request timeout
    /// is still applied to every request; redirects and decompression follow your client's
    /// settings (build it with `redirect(reqwest::redirect::Policy::none())` to match the SDK).
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// use stream_async::{ReqwestTransport, Timeouts};
    /// let client = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()
    ///     .expect("TLS backend");
    /// let transport = ReqwestTransport::with_client(client, Timeouts::default());
    /// # let _ = transport;
    /// ```
    pub fn with_client(client: reqwest::Client, timeouts: Timeouts) -> Self {
        Self {
            client,
            timeouts,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Caps the (decompressed) response body; larger bodies fail with
    /// [`TransportErrorKind::BodyTooLarge`]. Default: [`DEFAULT_MAX_RESPONSE_BYTES`].
    ///
    /// ```no_run
    /// use stream_async::{ReqwestTransport, Timeouts};
    /// let transport = ReqwestTransport::new(Timeouts::default())?.max_response_bytes(1 << 20);
    /// # let _ = transport;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The `reqwest` client requests run on.
    ///
    /// ```no_run
    /// use stream_async::{ReqwestTransport, Timeouts};
    /// let client = ReqwestTransport::new(Timeouts::default())?.client().clone();
    /// # let _ = client;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    async fn send(&self, request: &Request) -> Result<Response, TransportError> {
        let mut builder = self
            .client
            .request(method(request.method), request.url.as_str())
            .timeout(self.timeouts.request);
        for h in &request.headers {
            let mut value = HeaderValue::from_str(&h.value).map_err(|_| invalid_request())?;
            value.set_sensitive(h.sensitive);
            builder = builder.header(h.name, value);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.bytes.clone());
        }
        let mut response = builder.send().await.map_err(map_error)?;
        let mut answer = Response::from_head(
            response.status().as_u16(),
            (response.headers().iter()).map(|(name, value)| (name.as_str(), value.as_bytes())),
        )?;
        let cap = self.max_response_bytes;
        if response.content_length().is_some_and(|len| len > cap) {
            return Err(too_large());
        }
        let mut body: Vec<u8> = Vec::new();
        // Bounded: every chunk grows `body`, which may not pass `cap`.
        while let Some(chunk) = response.chunk().await.map_err(map_error)? {
            if (body.len() as u64).saturating_add(chunk.len() as u64) > cap {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        answer.body = body.into();
        Ok(answer)
    }
}

impl AsyncTransport for ReqwestTransport {
    fn execute<'a>(
        &'a self,
        request: &'a Request,
    ) -> BoxFuture<'a, Result<Response, TransportError>> {
        Box::pin(self.send(request))
    }
}

/// The client the SDK builds when you bring none.
pub(crate) fn default_client(timeouts: Timeouts) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeouts.request)
        .connect_timeout(timeouts.connect)
        .gzip(true)
        .build()
        .map_err(|e| BuildError::field("http_client", e.without_url().to_string()).into())
}

fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

fn invalid_request() -> TransportError {
    TransportError::new(
        TransportErrorKind::Other,
        "the request could not be built (invalid header value)",
    )
}

fn too_large() -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        "the response body exceeded the size cap",
    )
}

/// Maps a `reqwest` error, stripped of its URL, to a [`TransportError`] that keeps it as source;
/// core reads the cause (refused, unknown host, TLS mismatch, …) from its source chain.
pub(crate) fn map_error(e: reqwest::Error) -> TransportError {
    use TransportErrorKind as K;
    let e = e.without_url();
    let (kind, message) = if e.is_timeout() {
        (K::Timeout, "the request timeout elapsed")
    } else if e.is_connect() {
        (K::Connect, "no connection could be made")
    } else if e.is_redirect() {
        (K::Redirect, "redirects are not followed")
    } else if e.is_builder() {
        (K::Other, "the request could not be built")
    } else if e.is_body() || e.is_decode() || e.is_request() {
        (K::Io, "the connection broke before an answer arrived")
    } else {
        (K::Other, "the request failed")
    };
    TransportError::new(kind, message).with_source(e)
}
