//! [`ClientBuilder`]: credentials, location, timeouts, retries and the HTTP stack.
use std::fmt;
use stream_core::{BuildError, ClientSettings, ConfigBuilder, Error, Transport};

use crate::client::Client;
use crate::transport::{DEFAULT_MAX_RESPONSE_BYTES, UreqTransport};

/// Builds a [`Client`]. Validation happens in [`build`](Self::build).
///
/// ```no_run
/// use stream_blocking::prelude::*;
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

impl ClientSettings for ClientBuilder {
    type Client = Client;

    fn from_config_builder(config: ConfigBuilder) -> Self {
        Self {
            config,
            agent: None,
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

impl ClientBuilder {
    /// Caps the (decompressed) response body size (default 16 MiB); larger answers fail with
    /// [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge).
    /// Applies to the built-in `ureq` transport.
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// let builder = stream_blocking::Client::builder("key", "secret").max_response_bytes(1 << 20);
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
    /// use stream_blocking::prelude::*;
    /// let agent = ureq::Agent::new_with_defaults();
    /// let builder = stream_blocking::Client::builder("key", "secret").agent(agent);
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
    /// use stream_blocking::prelude::*;
    /// use stream_blocking::{ClientBuilder, Request, Response, TransportError};
    /// let builder = Client::builder("key", "secret")
    ///     .transport(|_req: &Request| -> Result<Response, TransportError> { Ok(Response::new(200, "{}")) });
    /// # let _ = builder;
    /// ```
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }
}
