//! [`ClientBuilder`]: credentials, location, timeouts, retries and the HTTP stack.
use std::fmt;
use stream_core::{AsyncTransport, ClientSettings, ConfigBuilder, Error};

use crate::client::Client;
use crate::transport::ReqwestTransport;

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
    stack: Option<Stack>,
}

/// An HTTP stack the caller chose (`None` in the builder: a `reqwest` client of the SDK's own).
enum Stack {
    Reqwest(reqwest::Client),
    Custom(Box<dyn AsyncTransport>),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stack = match &self.stack {
            None => "default reqwest client",
            Some(Stack::Reqwest(_)) => "your reqwest client",
            Some(Stack::Custom(_)) => "your AsyncTransport",
        };
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("stack", &stack)
            .finish()
    }
}

impl ClientSettings for ClientBuilder {
    type Client = Client;

    fn from_config_builder(config: ConfigBuilder) -> Self {
        Self {
            config,
            stack: None,
        }
    }

    fn map_config(mut self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        self.config = change(self.config);
        self
    }

    /// Validates the configuration and builds the client (and its `reqwest` client, once).
    fn build(self) -> Result<Client, Error> {
        let config = self.config.build().map_err(Error::Build)?;
        let reqwest = match self.stack {
            Some(Stack::Custom(transport)) => return Ok(Client::from_parts(config, transport)),
            Some(Stack::Reqwest(http)) => ReqwestTransport::with_client(http, config.timeouts()),
            None => ReqwestTransport::new(config.timeouts())?,
        };
        let limited = reqwest.max_response_bytes(config.max_response_bytes());
        Ok(Client::from_parts(config, Box::new(limited)))
    }
}

impl ClientBuilder {
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
        self.stack = Some(Stack::Reqwest(client));
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
        self.stack = Some(Stack::Custom(Box::new(transport)));
        self
    }
}
