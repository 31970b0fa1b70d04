//! [`ClientBuilder`]: credentials, location, timeouts, retries and the HTTP stack.
use std::fmt;
use stream_core::{ClientSettings, ConfigBuilder, Error, Transport};

use crate::client::Client;
use crate::transport::UreqTransport;

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
    http: Http,
}

/// Which HTTP stack the client runs on.
enum Http {
    /// A `ureq` agent built from the configuration's timeouts.
    OwnAgent,
    /// The caller's agent, with the SDK's per-request settings.
    Agent(ureq::Agent),
    /// The caller's transport, as it is.
    Transport(Box<dyn Transport>),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let http = match self.http {
            Http::OwnAgent => "own ureq agent",
            Http::Agent(_) => "caller's ureq agent",
            Http::Transport(_) => "caller's transport",
        };
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("http", &http)
            .finish()
    }
}

impl ClientSettings for ClientBuilder {
    type Client = Client;

    fn from_config_builder(config: ConfigBuilder) -> Self {
        let http = Http::OwnAgent;
        Self { config, http }
    }

    fn map_config(self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        let config = change(self.config);
        Self { config, ..self }
    }

    /// Validates the configuration and builds the client (and its agent, once).
    fn build(self) -> Result<Client, Error> {
        let config = self.config.build()?;
        let agent = match self.http {
            Http::Transport(custom) => return Ok(Client::from_parts(config, custom)),
            Http::Agent(agent) => UreqTransport::with_agent(agent, config.timeouts()),
            Http::OwnAgent => UreqTransport::new(config.timeouts()),
        };
        let transport = agent.max_response_bytes(config.max_response_bytes());
        Ok(Client::from_parts(config, Box::new(transport)))
    }
}

impl ClientBuilder {
    /// Runs requests on your own `ureq` agent (proxy, TLS roots, pool size). The SDK still sets
    /// its timeouts, turns redirects off and reads statuses as responses on every request.
    ///
    /// ```no_run
    /// use stream_blocking::prelude::*;
    /// let agent = ureq::Agent::new_with_defaults();
    /// let builder = stream_blocking::Client::builder("key", "secret").agent(agent);
    /// # let _ = builder;
    /// ```
    pub fn agent(self, agent: ureq::Agent) -> Self {
        let http = Http::Agent(agent);
        Self { http, ..self }
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
    pub fn transport(self, transport: impl Transport + 'static) -> Self {
        let http = Http::Transport(Box::new(transport));
        Self { http, ..self }
    }
}
