//! [`Client`]: one configuration, one transport, shared by every clone.
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use stream_core::{
    AsyncTransport, Call, Config, Endpoint, Error, Paginated, Step, TransportError,
    TransportErrorKind,
};
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::entropy::{Jitter, now_unix};
use crate::options::CallOptions;
use crate::pages::Pages;
use crate::trace;

/// How much longer than the request timeout the driver waits for any transport before giving up
/// itself (the built-in transport times out first; this bounds custom ones).
const TIMEOUT_GRACE: Duration = Duration::from_millis(100);

/// An async Stream client on tokio. Cheap to clone (one `Arc`), `Send + Sync`; every clone shares
/// the configuration and the connection pool.
///
/// ```no_run
/// # async fn demo() -> Result<(), stream_async::Error> {
/// use stream_async::Client;
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
    jitter: Jitter,
    realtime: crate::realtime::Hub,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_parts(config: Config, transport: Box<dyn AsyncTransport>) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                transport,
                jitter: Jitter::new(),
                realtime: crate::realtime::Hub::default(),
            }),
        }
    }

    /// Starts a server-side client with the API key and secret.
    ///
    /// ```no_run
    /// let client = stream_async::Client::builder("api_key", "api_secret").build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(api_key, api_secret)
    }

    /// Starts a client-side client with the API key and a user token (its `user_id` claim is
    /// read when building).
    ///
    /// ```no_run
    /// let client = stream_async::Client::builder_with_user_token("api_key", "eyJ...").build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn builder_with_user_token(
        api_key: impl Into<String>,
        user_token: impl Into<String>,
    ) -> ClientBuilder {
        ClientBuilder::with_user_token(api_key, user_token)
    }

    /// A client configured from `STREAM_API_KEY` + `STREAM_API_SECRET` (or `STREAM_URL`), then
    /// `STREAM_LOCATION`, `STREAM_BASE_URL` and `STREAM_APP_ID`.
    ///
    /// ```no_run
    /// let client = stream_async::Client::from_env()?;
    /// # let _ = client;
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A client with the default `reqwest` transport for an existing [`Config`].
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
        Ok(Self::from_parts(config, Box::new(transport)))
    }

    /// The configuration (api key, base URLs, timeouts, retry policy; the secret never prints).
    ///
    /// ```no_run
    /// let client = stream_async::Client::builder("api_key", "api_secret").build()?;
    /// println!("{}", client.config().urls().api);
    /// # Ok::<(), stream_async::Error>(())
    /// ```
    pub fn config(&self) -> &Config {
        &self.inner.config
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

    /// Runs one call to completion: the `Call` machine decides, this loop sends and sleeps.
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
        let mut call = Call::new(&inner.config, endpoint);
        if options.retry_non_idempotent {
            call = call.retry_non_idempotent();
        }
        let max_retries = match &options.retry_policy {
            Some(policy) => {
                call = call.with_policy(policy.clone());
                policy.max_retries
            }
            None => inner.config.retry_policy().max_retries,
        };
        let span = trace::call_span(call.request(), call.parts());
        let deadline = inner.config.timeouts().request + TIMEOUT_GRACE;
        let recorder = span.clone();
        async move {
            // Each send is followed by at most one wait; the machine itself stops after
            // `max_retries + 1` sends per part. This bound only guards against a broken machine.
            let max_steps = u64::from(max_retries)
                .saturating_add(1)
                .saturating_mul(2)
                .saturating_mul(call.parts().max(1) as u64)
                .saturating_add(2);
            let mut attempt: u32 = 0;
            for _ in 0..max_steps {
                let outcome = match call.poll() {
                    Step::Done(result) => {
                        trace::record_outcome(&recorder, &result);
                        return result;
                    }
                    Step::Wait(wait) => {
                        tracing::debug!(
                            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            "stream.retry"
                        );
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    Step::Send(request) => {
                        attempt += 1;
                        recorder.record("attempt", attempt);
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
                if let Ok(response) = &outcome {
                    recorder.record("status", response.status);
                }
                call.handle(outcome, now_unix(), inner.jitter.next());
            }
            let result = Err(TransportError::new(
                TransportErrorKind::Other,
                "the call did not finish within its retry budget",
            )
            .into());
            trace::record_outcome(&recorder, &result);
            result
        }
        .instrument(span)
        .await
    }
}
