//! [`ClientBuilder`]: credentials, location, timeouts, retries and the HTTP stack.
use std::fmt;
use stream_core::{AsyncTransport, BuildError, ClientSettings, ConfigBuilder, Error};

use crate::client::Client;
use crate::transport::{DEFAULT_MAX_RESPONSE_BYTES, ReqwestTransport};

/// Builds a [`Client`]. Validation happens in [`build`](Self::build).
///
/// ```no_run
/// use stream_async::prelude::*;
/// use std::time::Duration;
/// use stream_async::{Client, RetryPolicy};
/// let client = Client::builder("api_key", "api_secret")
///     .location("us-east")
///     .app_id("1234")
///     .request_timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy { max_retries: 3, ..RetryPolicy::default() })
///     .build()?;
/// # let _ = client;
/// # Ok::<(), stream_async::Error>(())
/// ```
pub struct ClientBuilder {
    config: ConfigBuilder,
    http_client: Option<reqwest::Client>,
    transport: Option<Box<dyn AsyncTransport>>,
    max_response_bytes: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("custom_http_client", &self.http_client.is_some())
            .field("custom_transport", &self.transport.is_some())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientSettings for ClientBuilder {
    type Client = Client;

    fn from_config_builder(config: ConfigBuilder) -> Self {
        Self {
            config,
            http_client: None,
            transport: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    fn map_config(mut self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.config = change(self.config);
        self
    }

    /// Validates the configuration and builds the client (and its HTTP stack, once).
    fn build(self) -> Result<Client, Error> {
        let config = self.config.build().map_err(Error::Build)?;
        if self.max_response_bytes == 0 {
            return Err(
                BuildError::field("max_response_bytes", "must be greater than zero").into(),
            );
        }
        let transport: Box<dyn AsyncTransport> = match (self.transport, self.http_client) {
            (Some(t), _) => t,
            (None, http) => {
                let t = match http {
                    Some(http) => ReqwestTransport::with_client(http, config.timeouts()),
                    None => ReqwestTransport::new(config.timeouts())?,
                };
                Box::new(t.max_response_bytes(self.max_response_bytes))
            }
        };
        Ok(Client::from_parts(config, transport))
    }
}

impl ClientBuilder {
    /// Caps the (decompressed) response body size (default 16 MiB); larger answers fail with
    /// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge).
    /// Applies to the built-in `reqwest` transport.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// let builder = stream_async::Client::builder("key", "secret").max_response_bytes(1 << 20);
    /// # let _ = builder;
    /// ```
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Runs requests on your own `reqwest` client (proxy, TLS roots, pool size). The SDK still
    /// applies the request timeout to every request; build the client with
    /// `redirect(reqwest::redirect::Policy::none())` to keep redirects off.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// let http = reqwest::Client::builder()
    ///     .redirect(reqwest::redirect::Policy::none())
    ///     .build()
    ///     .expect("TLS backend");
    /// let builder = stream_async::Client::builder("key", "secret").http_client(http);
    /// # let _ = builder;
    /// ```
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Runs requests through your own [`AsyncTransport`] (any HTTP stack, a recorder, a fake).
    /// The driver still gives up on a request after the request timeout; redirects and size
    /// limits are your transport's job.
    ///
    /// ```no_run
    /// use stream_async::prelude::*;
    /// use stream_async::{AsyncTransport, BoxFuture, ClientBuilder, Request, Response, TransportError};
    /// struct Fake;
    /// impl AsyncTransport for Fake {
    ///     fn execute<'a>(&'a self, _req: &'a Request) -> BoxFuture<'a, Result<Response, TransportError>> {
    ///         Box::pin(async { Ok(Response::new(200, "{}")) })
    ///     }
    /// }
    /// let builder = Client::builder("key", "secret").transport(Fake);
    /// # let _ = builder;
    /// ```
    pub fn transport(mut self, transport: impl AsyncTransport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }
}
