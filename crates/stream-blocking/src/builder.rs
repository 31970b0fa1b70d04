//! [`ClientBuilder`]: credentials, location, timeouts, retries and the HTTP stack.
use std::fmt;
use std::time::Duration;

use stream_core::{
    ApiSecret, BuildError, Config, ConfigBuilder, Error, RetryPolicy, Timeouts, Token, Transport,
};

use crate::client::Client;
use crate::transport::{DEFAULT_MAX_RESPONSE_BYTES, UreqTransport};

/// Builds a [`Client`]. Validation happens in [`build`](Self::build).
///
/// ```no_run
/// use std::time::Duration;
/// use stream_blocking::{Client, RetryPolicy};
/// let client = Client::builder("api_key", "api_secret")
///     .location("us-east")
///     .app_id("1234")
///     .request_timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy { max_retries: 3, ..RetryPolicy::default() })
///     .build()?;
/// # let _ = client;
/// # Ok::<(), stream_blocking::Error>(())
/// ```
pub struct ClientBuilder {
    config: ConfigBuilder,
    agent: Option<ureq::Agent>,
    transport: Option<Box<dyn Transport>>,
    max_response_bytes: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("custom_agent", &self.agent.is_some())
            .field("custom_transport", &self.transport.is_some())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientBuilder {
    /// Server-side credentials: the API key and secret.
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("api_key", "api_secret");
    /// # let _ = builder;
    /// ```
    pub fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        Self::from_config_builder(Config::builder(api_key, ApiSecret::new(api_secret)))
    }

    /// Client-side credentials: the API key and a user token.
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::with_user_token("api_key", "eyJ...");
    /// # let _ = builder;
    /// ```
    pub fn with_user_token(api_key: impl Into<String>, user_token: impl Into<String>) -> Self {
        Self::from_config_builder(Config::builder_with_user_token(
            api_key,
            Token::new(user_token),
        ))
    }

    /// Starts from a core [`ConfigBuilder`].
    ///
    /// ```no_run
    /// use stream_blocking::{ApiSecret, ClientBuilder, Config};
    /// let builder = ClientBuilder::from_config_builder(Config::builder("key", ApiSecret::new("secret")));
    /// # let _ = builder;
    /// ```
    pub fn from_config_builder(config: ConfigBuilder) -> Self {
        Self {
            config,
            agent: None,
            transport: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Reads `STREAM_API_KEY` + `STREAM_API_SECRET` (or `STREAM_URL`), then `STREAM_LOCATION`,
    /// `STREAM_BASE_URL` and `STREAM_APP_ID` from the process environment.
    ///
    /// ```no_run
    /// let client = stream_blocking::ClientBuilder::from_env()?.build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading the variables through `get` (for tests and
    /// configuration systems).
    ///
    /// ```no_run
    /// use std::collections::HashMap;
    /// let vars = HashMap::from([("STREAM_API_KEY", "key"), ("STREAM_API_SECRET", "secret")]);
    /// let builder = stream_blocking::ClientBuilder::from_vars(|k| vars.get(k).map(|v| v.to_string()))?;
    /// # let _ = builder;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        Ok(Self::from_config_builder(stream_core::builder_from_vars(
            get,
        )?))
    }

    /// The region (`us-east`, `eu-west`, `singapore`, …).
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").location("eu-west");
    /// # let _ = builder;
    /// ```
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.config = self.config.location(location);
        self
    }

    /// Sends every service to one origin instead (the emulator, a proxy).
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").base_url("http://127.0.0.1:8000");
    /// # let _ = builder;
    /// ```
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.config = self.config.base_url(base_url);
        self
    }

    /// The app id (needed for realtime).
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").app_id("1234");
    /// # let _ = builder;
    /// ```
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.config = self.config.app_id(app_id);
        self
    }

    /// Request and connect timeouts.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use stream_blocking::{ClientBuilder, Timeouts};
    /// let builder = ClientBuilder::new("key", "secret")
    ///     .timeouts(Timeouts { request: Duration::from_secs(5), connect: Duration::from_secs(1) });
    /// # let _ = builder;
    /// ```
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.config = self.config.timeouts(timeouts);
        self
    }

    /// The whole-request timeout, connect to last body byte (default 3 s).
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret")
    ///     .request_timeout(std::time::Duration::from_secs(5));
    /// # let _ = builder;
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.config = self.config.request_timeout(timeout);
        self
    }

    /// The connect timeout (default 2 s).
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret")
    ///     .connect_timeout(std::time::Duration::from_millis(500));
    /// # let _ = builder;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config = self.config.connect_timeout(timeout);
        self
    }

    /// The retry policy (default: 2 retries of idempotent requests, 100 ms doubling backoff).
    ///
    /// ```no_run
    /// use stream_blocking::{ClientBuilder, RetryPolicy};
    /// let builder = ClientBuilder::new("key", "secret").retry_policy(RetryPolicy::none());
    /// # let _ = builder;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.config = self.config.retry_policy(policy);
        self
    }

    /// Overrides the `User-Agent` header.
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").user_agent("my-app/1.0");
    /// # let _ = builder;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config = self.config.user_agent(user_agent);
        self
    }

    /// Caps the (decompressed) response body size (default 16 MiB); larger answers fail with
    /// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge).
    /// Applies to the built-in `ureq` transport.
    ///
    /// ```no_run
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").max_response_bytes(1 << 20);
    /// # let _ = builder;
    /// ```
    pub fn max_response_bytes(mut self, max: u64) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// Runs requests on your own `ureq` agent (proxy, TLS roots, pool size). The SDK still sets
    /// its timeouts, turns redirects off and reads statuses as responses on every request.
    ///
    /// ```no_run
    /// let agent = ureq::Agent::new_with_defaults();
    /// let builder = stream_blocking::ClientBuilder::new("key", "secret").agent(agent);
    /// # let _ = builder;
    /// ```
    pub fn agent(mut self, agent: ureq::Agent) -> Self {
        self.agent = Some(agent);
        self
    }

    /// Runs requests through your own [`Transport`] (any HTTP stack, a recorder, a fake).
    /// Closures `Fn(&Request) -> Result<Response, TransportError>` qualify. Your transport is
    /// responsible for timeouts, redirects and size limits.
    ///
    /// ```no_run
    /// use stream_blocking::{ClientBuilder, Request, Response, TransportError};
    /// let builder = ClientBuilder::new("key", "secret")
    ///     .transport(|_req: &Request| -> Result<Response, TransportError> { Ok(Response::new(200, "{}")) });
    /// # let _ = builder;
    /// ```
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }

    /// Validates the configuration and builds the client (and its agent, once).
    ///
    /// ```no_run
    /// let client = stream_blocking::ClientBuilder::new("key", "secret").build()?;
    /// # let _ = client;
    /// # Ok::<(), stream_blocking::Error>(())
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let config = self.config.build().map_err(Error::Build)?;
        if self.max_response_bytes == 0 {
            return Err(
                BuildError::field("max_response_bytes", "must be greater than zero").into(),
            );
        }
        let transport: Box<dyn Transport> = match (self.transport, self.agent) {
            (Some(t), _) => t,
            (None, agent) => {
                let t = match agent {
                    Some(agent) => UreqTransport::with_agent(agent, config.timeouts()),
                    None => UreqTransport::new(config.timeouts()),
                };
                Box::new(t.max_response_bytes(self.max_response_bytes))
            }
        };
        Ok(Client::from_parts(config, transport))
    }
}
