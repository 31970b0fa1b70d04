//! [`Client`]: one configuration, one transport, shared by every clone.
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use std::time::UNIX_EPOCH;

use stream_core::{
    AsyncTransport, Call, CallOptions, Config, Endpoint, Error, JitterSequence, Paginated, Step,
    StreamApi, TransportError, TransportErrorKind,
};
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::pages::Pages;

/// How much longer than the request timeout the driver waits for any transport before giving up
/// itself (the built-in transport times out first; this bounds custom ones).
const TIMEOUT_GRACE: Duration = Duration::from_millis(100);

/// An async Stream client on tokio. Cheap to clone (one `Arc`), `Send + Sync`; every clone shares
/// the configuration and the connection pool. Its handles (`feed`, `reactions`, `video`, …),
/// tokens and constructors come from [`StreamApi`], in scope with
/// `use stream_async::prelude::*;`.
///
/// ```no_run
/// # async fn demo() -> Result<(), stream_async::Error> {
/// use stream_async::prelude::*;
/// let client = Client::builder("api_key", "api_secret").location("us-east").build()?;
/// let other = client.clone(); // same pool, same config
/// # let _ = other; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    transport: Box<dyn AsyncTransport>,
    jitter: JitterSequence,
    realtime: crate::realtime::Hub,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("realtime", &self.inner.realtime)
            .finish_non_exhaustive()
    }
}

/// The handles, tokens and constructors of [`StreamApi`], over this client's configuration and
/// the system clock.
impl StreamApi for Client {
    type Builder = ClientBuilder;

    fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Read from the system clock on whichever runtime thread asks; tokens and rate-limit waits
    /// use it.
    fn now_unix(&self) -> u64 {
        UNIX_EPOCH.elapsed().unwrap_or_default().as_secs()
    }
}

impl Client {
    pub(crate) fn from_parts(config: Config, transport: Box<dyn AsyncTransport>) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                transport,
                jitter: JitterSequence::from_clock(UNIX_EPOCH.elapsed().unwrap_or_default()),
                realtime: crate::realtime::Hub::default(),
            }),
        }
    }

    /// A client with the default `reqwest` transport for an existing [`Config`] (fails only when
    /// the TLS backend cannot start).
    ///
    /// ```no_run
    /// use stream_async::{ApiSecret, Client, Config};
    /// let config = Config::builder("api_key", ApiSecret::new("api_secret")).build()?;
    /// let client = Client::from_config(config)?;
    /// # let _ = client;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn from_config(config: Config) -> Result<Self, Error> {
        let transport = crate::ReqwestTransport::new(config.timeouts())?;
        let transport = transport.max_response_bytes(config.max_response_bytes());
        Ok(Self::from_parts(config, Box::new(transport)))
    }

    pub(crate) fn transport(&self) -> &dyn AsyncTransport {
        &*self.inner.transport
    }

    pub(crate) fn realtime_hub(&self) -> &crate::realtime::Hub {
        &self.inner.realtime
    }

    /// Sends one operation and returns its typed result, retrying as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows (idempotent requests only).
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// # async fn demo<E>(client: &stream_async::Client, endpoint: E) -> Result<(), stream_async::Error>
    /// # where E: stream_async::Endpoint + Send + Sync, E::Output: Send {
    /// let output = client.send(endpoint).await?;
    /// # let _ = output; Ok(()) }
    /// ```
    pub async fn send<E>(&self, endpoint: E) -> Result<E::Output, Error>
    where
        E: Endpoint + Send + Sync,
        E::Output: Send,
    {
        self.execute(&endpoint, &CallOptions::default()).await
    }

    /// Like [`send`](Self::send), with per-call overrides.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// use stream_async::CallOptions;
    /// # async fn demo<E>(client: &stream_async::Client, endpoint: E) -> Result<(), stream_async::Error>
    /// # where E: stream_async::Endpoint + Send + Sync, E::Output: Send {
    /// let output = client.send_with(endpoint, CallOptions::new().retry_non_idempotent()).await?;
    /// # let _ = output; Ok(()) }
    /// ```
    pub async fn send_with<E>(&self, endpoint: E, options: CallOptions) -> Result<E::Output, Error>
    where
        E: Endpoint + Send + Sync,
        E::Output: Send,
    {
        self.execute(&endpoint, &options).await
    }

    /// Sends a borrowed endpoint (to send the same value again later).
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// # async fn demo<E>(client: &stream_async::Client, endpoint: E) -> Result<(), stream_async::Error>
    /// # where E: stream_async::Endpoint + Send + Sync, E::Output: Send {
    /// let first = client.send_ref(&endpoint).await?;
    /// let again = client.send_ref(&endpoint).await?;
    /// # let _ = (first, again); Ok(()) }
    /// ```
    pub async fn send_ref<E>(&self, endpoint: &E) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync,
        E::Output: Send,
    {
        self.execute(endpoint, &CallOptions::default()).await
    }

    /// Pages through a paginated operation lazily as a [`Stream`](futures_core::Stream): one
    /// request per item, starting with `first`, until the service says there is no next page or a
    /// call fails (the error is yielded, then the stream ends).
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// use stream_async::StreamExt;
    /// # async fn demo<E>(client: &stream_async::Client, first: E) -> Result<(), stream_async::Error>
    /// # where E: stream_async::Paginated + Send + Sync + 'static, E::Output: Send + 'static {
    /// let mut pages = client.pages(first).take(10);
    /// while let Some(page) = pages.next().await {
    ///     let page = page?;
    ///     # let _ = page;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<E>(&self, first: E) -> Pages<E>
    where
        E: Paginated + Send + Sync + 'static,
        E::Output: Send + 'static,
    {
        Pages::new(self.clone(), first)
    }

    /// Runs one call to completion: the `Call` machine decides and traces, this driver awaits
    /// the transport (bounded by the request timeout) and the timer.
    pub(crate) async fn execute<E>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error>
    where
        E: Endpoint + Sync,
        E::Output: Send,
    {
        let inner = &*self.inner;
        let mut call = Call::new(&inner.config, endpoint).options(options);
        let deadline = inner.config.timeouts().request + TIMEOUT_GRACE;
        let span = call.span().clone();
        async move {
            for _ in 0..call.step_budget() {
                let outcome = match call.poll() {
                    Step::Done(result) => return result,
                    Step::Wait(wait) => {
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    Step::Send(request) => {
                        match tokio::time::timeout(deadline, inner.transport.execute(request)).await
                        {
                            Ok(outcome) => outcome,
                            Err(_) => Err(TransportError::new(
                                TransportErrorKind::Timeout,
                                "the request timeout elapsed",
                            )),
                        }
                    }
                };
                call.handle(outcome, self.now_unix(), inner.jitter.next_value());
            }
            call.give_up()
        }
        .instrument(span)
        .await
    }
}
