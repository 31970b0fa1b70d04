//! [`Client`]: one configuration, one transport, shared by every clone.
use std::fmt;
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use stream_core::{
    Call, CallOptions, Config, Endpoint, Error, JitterSequence, Paginated, StreamApi, Transport,
    run_blocking,
};

use crate::builder::ClientBuilder;
use crate::pages::Pages;

/// A blocking Stream client. Cheap to clone (one `Arc`), `Send + Sync`; every clone shares the
/// configuration and the connection pool. Its handles (`feed`, `reactions`, `video`, …), tokens
/// and constructors come from [`StreamApi`], in scope with `use stream_blocking::prelude::*;`.
///
/// ```no_run
/// use stream_blocking::prelude::*;
/// let client = Client::builder("api_key", "api_secret").location("us-east").build()?;
/// let other = client.clone(); // same pool, same config
/// # let _ = other;
/// # Ok::<(), stream_blocking::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    transport: Box<dyn Transport>,
    jitter: JitterSequence,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_parts(config: Config, transport: Box<dyn Transport>) -> Self {
        let jitter = JitterSequence::from_clock(UNIX_EPOCH.elapsed().unwrap_or_default());
        let inner = Arc::new(Inner {
            config,
            transport,
            jitter,
        });
        Self { inner }
    }

    /// A client with the default `ureq` transport for an existing [`Config`].
    ///
    /// ```no_run
    /// use stream_blocking::{ApiSecret, Client, Config};
    /// let config = Config::builder("api_key", ApiSecret::new("api_secret")).build()?;
    /// let client = Client::from_config(config)?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn from_config(config: Config) -> Result<Self, Error> {
        let transport = crate::UreqTransport::new(config.timeouts());
        let transport = transport.max_response_bytes(config.max_response_bytes());
        Ok(Self::from_parts(config, Box::new(transport)))
    }

    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.inner.transport
    }

    /// Sends one operation and returns its typed result, retrying as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows (idempotent requests only).
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// # fn demo<E: stream_blocking::Endpoint>(client: &stream_blocking::Client, endpoint: E) -> Result<(), stream_blocking::Error> {
    /// let output = client.send(endpoint)?;
    /// # let _ = output; Ok(()) }
    /// ```
    pub fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error> {
        self.execute(&endpoint, &CallOptions::default())
    }

    /// Like [`send`](Self::send), with per-call overrides.
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// use stream_blocking::CallOptions;
    /// # fn demo<E: stream_blocking::Endpoint>(client: &stream_blocking::Client, endpoint: E) -> Result<(), stream_blocking::Error> {
    /// let output = client.send_with(endpoint, CallOptions::new().retry_non_idempotent())?;
    /// # let _ = output; Ok(()) }
    /// ```
    pub fn send_with<E: Endpoint>(
        &self,
        endpoint: E,
        options: CallOptions,
    ) -> Result<E::Output, Error> {
        self.execute(&endpoint, &options)
    }

    /// Sends a borrowed endpoint (to send the same value again later).
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// # fn demo<E: stream_blocking::Endpoint>(client: &stream_blocking::Client, endpoint: E) -> Result<(), stream_blocking::Error> {
    /// let first = client.send_ref(&endpoint)?;
    /// let again = client.send_ref(&endpoint)?;
    /// # let _ = (first, again); Ok(()) }
    /// ```
    pub fn send_ref<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.execute(endpoint, &CallOptions::default())
    }

    /// Pages through a paginated operation lazily: one request per [`Iterator::next`], starting
    /// with `first`, until the service says there is no next page or a call fails (the error is
    /// yielded, then the iterator ends).
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// # fn demo<E: stream_blocking::Paginated>(client: &stream_blocking::Client, first: E) -> Result<(), stream_blocking::Error> {
    /// for page in client.pages(first).take(10) {
    ///     let page = page?;
    ///     # let _ = page;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<E: Paginated>(&self, first: E) -> Pages<E> {
        Pages::new(self.clone(), first)
    }

    /// Runs one call to completion: the `Call` machine decides and traces, this driver sends
    /// and sleeps.
    pub(crate) fn execute<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error> {
        let inner = &*self.inner;
        run_blocking(
            Call::new(&inner.config, endpoint).options(options),
            |request| inner.transport.execute(request),
            std::thread::sleep,
            || (self.now_unix(), inner.jitter.next_value()),
        )
    }
}

/// Handles, tokens and constructors (see [`StreamApi`]) for the blocking client.
impl StreamApi for Client {
    type Builder = ClientBuilder;

    fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The system clock, as tokens and rate-limit waits need it.
    fn now_unix(&self) -> u64 {
        UNIX_EPOCH.elapsed().unwrap_or_default().as_secs()
    }
}
