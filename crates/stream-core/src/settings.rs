//! [`ClientSettings`]: the settings every client builder accepts, written once for both
//! facades, and [`CallOptions`], the per-call overrides both facades' `send_with` take.
use std::time::Duration;

use stream_auth::{ApiSecret, Token};

use crate::config::{Config, ConfigBuilder, Timeouts, builder_from_vars};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// The settings of a client builder: credentials, location, base URL, timeouts, retries, user
/// agent. A facade's `ClientBuilder` implements the three required methods and adds only its HTTP
/// stack's own knobs; validation happens in [`build`](ClientSettings::build).
///
/// ```
/// use std::time::Duration;
/// use stream_core::{ClientSettings, Config, ConfigBuilder, Error, RetryPolicy};
/// // A builder whose "client" is the configuration itself; the facades' builders make clients.
/// struct Builder(ConfigBuilder);
/// impl ClientSettings for Builder {
///     type Client = Config;
///     fn from_config_builder(config: ConfigBuilder) -> Self { Builder(config) }
///     fn map_config(self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
///         Builder(change(self.0))
///     }
///     fn build(self) -> Result<Config, Error> { Ok(self.0.build()?) }
/// }
/// let config = Builder::new("api_key", "api_secret")
///     .location("us-east")
///     .app_id("1234")
///     .request_timeout(Duration::from_secs(5))
///     .retry_policy(RetryPolicy { max_retries: 3, ..RetryPolicy::default() })
///     .build()?;
/// assert_eq!(config.app_id(), Some("1234"));
/// # Ok::<(), Error>(())
/// ```
pub trait ClientSettings: Sized {
    /// The client this builder makes.
    type Client;

    /// Starts from a core [`ConfigBuilder`].
    fn from_config_builder(config: ConfigBuilder) -> Self;

    /// Applies `change` to the configuration being built.
    fn map_config(self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self;

    /// Validates the configuration and builds the client.
    fn build(self) -> Result<Self::Client, Error>;

    /// Server-side credentials: the API key and secret.
    fn new(api_key: impl Into<String>, api_secret: impl Into<String>) -> Self {
        Self::from_config_builder(Config::builder(api_key, ApiSecret::new(api_secret)))
    }

    /// Client-side credentials: the API key and a user token.
    fn with_user_token(api_key: impl Into<String>, user_token: impl Into<String>) -> Self {
        Self::from_config_builder(Config::builder_with_user_token(
            api_key,
            Token::new(user_token),
        ))
    }

    /// Reads `STREAM_API_KEY` + `STREAM_API_SECRET` (or `STREAM_URL`), then `STREAM_LOCATION`,
    /// `STREAM_BASE_URL` and `STREAM_APP_ID` from the process environment.
    fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading the variables through `get` (for tests and
    /// configuration systems).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use stream_core::{ClientSettings, ConfigBuilder};
    /// # struct B(ConfigBuilder);
    /// # impl ClientSettings for B {
    /// #     type Client = stream_core::Config;
    /// #     fn from_config_builder(c: ConfigBuilder) -> Self { B(c) }
    /// #     fn map_config(self, f: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self { B(f(self.0)) }
    /// #     fn build(self) -> Result<stream_core::Config, stream_core::Error> { Ok(self.0.build()?) }
    /// # }
    /// let vars = HashMap::from([("STREAM_API_KEY", "key"), ("STREAM_API_SECRET", "secret")]);
    /// let config = B::from_vars(|k| vars.get(k).map(|v| v.to_string()))?.location("eu-west").build()?;
    /// assert_eq!(config.api_key(), "key");
    /// # Ok::<(), stream_core::Error>(())
    /// ```
    fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        Ok(Self::from_config_builder(builder_from_vars(get)?))
    }

    /// The region (`us-east`, `eu-west`, `singapore`, …).
    fn location(self, location: impl Into<String>) -> Self {
        self.map_config(|c| c.location(location))
    }

    /// Sends every service to one origin instead (the emulator, a proxy).
    fn base_url(self, base_url: impl Into<String>) -> Self {
        self.map_config(|c| c.base_url(base_url))
    }

    /// The app id (needed for realtime).
    fn app_id(self, app_id: impl Into<String>) -> Self {
        self.map_config(|c| c.app_id(app_id))
    }

    /// Request and connect timeouts.
    fn timeouts(self, timeouts: Timeouts) -> Self {
        self.map_config(|c| c.timeouts(timeouts))
    }

    /// The whole-request timeout, connect to last body byte (default 3 s).
    fn request_timeout(self, timeout: Duration) -> Self {
        self.map_config(|c| c.request_timeout(timeout))
    }

    /// The connect timeout (default 2 s).
    fn connect_timeout(self, timeout: Duration) -> Self {
        self.map_config(|c| c.connect_timeout(timeout))
    }

    /// Caps the (decompressed) response body size (default 16 MiB); larger answers fail with
    /// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge). Applies to
    /// the built-in transport.
    fn max_response_bytes(self, max: u64) -> Self {
        self.map_config(|c| c.max_response_bytes(max))
    }

    /// The retry policy (default: 2 retries of idempotent requests, 100 ms doubling backoff).
    fn retry_policy(self, policy: RetryPolicy) -> Self {
        self.map_config(|c| c.retry_policy(policy))
    }

    /// Overrides the `User-Agent` header.
    fn user_agent(self, user_agent: impl Into<String>) -> Self {
        self.map_config(|c| c.user_agent(user_agent))
    }
}

/// Overrides for one call, passed to a client's `send_with`.
///
/// ```
/// use stream_core::{CallOptions, RetryPolicy};
/// let options = CallOptions::new().retry_non_idempotent().retry_policy(RetryPolicy::none());
/// assert!(options.retry_non_idempotent);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Retry this call even though its method is not idempotent.
    pub retry_non_idempotent: bool,
    /// Use this retry policy instead of the client's.
    pub retry_policy: Option<RetryPolicy>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets a non-idempotent request (POST, PATCH) be retried, for calls the caller knows are
    /// safe to repeat (e.g. an activity add with `foreign_id` and `time`).
    pub fn retry_non_idempotent(mut self) -> Self {
        self.retry_non_idempotent = true;
        self
    }

    /// Uses `policy` for this call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }
}
