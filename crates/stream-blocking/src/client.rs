//! [`Client`]: one configuration, one transport, shared by every clone.
use std::fmt;
use std::sync::Arc;

use stream_core::{
    Call, Config, Endpoint, Error, Paginated, Step, Transport, TransportError, TransportErrorKind,
};

use crate::builder::ClientBuilder;
use crate::entropy::{Jitter, now_unix};
use crate::options::CallOptions;
use crate::pages::Pages;
use crate::trace;

/// A blocking Stream client. Cheap to clone (one `Arc`), `Send + Sync`; every clone shares the
/// configuration and the connection pool.
///
/// ```no_run
/// use stream_blocking::Client;
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
    jitter: Jitter,
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
        Self {
            inner: Arc::new(Inner {
                config,
                transport,
                jitter: Jitter::new(),
            }),
        }
    }

    /// Starts a server-side client with the API key and secret.
    ///
    /// ```no_run
    /// let client = stream_blocking::Client::builder("api_key", "api_secret").build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn builder(api_key: impl Into<String>, api_secret: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(api_key, api_secret)
    }

    /// Starts a client-side client with the API key and a user token (its `user_id` claim is
    /// read when building).
    ///
    /// ```no_run
    /// let client = stream_blocking::Client::builder_with_user_token("api_key", "eyJ...").build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
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
    /// let client = stream_blocking::Client::from_env()?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A client with the default `ureq` transport for an existing [`Config`].
    ///
    /// ```no_run
    /// use stream_blocking::{ApiSecret, Client, Config};
    /// let config = Config::builder("api_key", ApiSecret::new("api_secret")).build()?;
    /// let client = Client::from_config(config);
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::BuildError>(())
    /// ```
    pub fn from_config(config: Config) -> Self {
        let transport = crate::UreqTransport::new(config.timeouts());
        Self::from_parts(config, Box::new(transport))
    }

    /// The configuration (api key, base URLs, timeouts, retry policy; the secret never prints).
    ///
    /// ```no_run
    /// let client = stream_blocking::Client::builder("api_key", "api_secret").build()?;
    /// println!("{}", client.config().urls().api);
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.inner.transport
    }

    /// Sends one operation and returns its typed result, retrying as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows (idempotent requests only).
    ///
    /// ```no_run
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

    /// Runs one call to completion: the `Call` machine decides, this loop sends and sleeps.
    pub(crate) fn execute<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &CallOptions,
    ) -> Result<E::Output, Error> {
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
        let _entered = span.enter();
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
                    trace::record_outcome(&span, &result);
                    return result;
                }
                Step::Wait(wait) => {
                    tracing::debug!(
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "stream.retry"
                    );
                    std::thread::sleep(wait);
                    continue;
                }
                Step::Send(request) => {
                    attempt += 1;
                    span.record("attempt", attempt);
                    inner.transport.execute(request)
                }
            };
            if let Ok(response) = &outcome {
                span.record("status", response.status);
            }
            call.handle(outcome, now_unix(), inner.jitter.next());
        }
        let err: Error = TransportError::new(
            TransportErrorKind::Other,
            "the call did not finish within its retry budget",
        )
        .into();
        let result = Err(err);
        trace::record_outcome(&span, &result);
        result
    }
}
