//! Open Graph scraping: `GET og/?url=`.
//!
//! Token: `*/*/*`, as both official clients send. (Java's resource list names `url` for Open
//! Graph, but no recorded client uses it, so we do not rely on it.) Works with a user token.
use stream_auth::Scope;
use stream_models::og::OgData;

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;

/// `GET og/?url=<url>`: the Open Graph data of a page.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::og::og;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&og("https://example.com/page?x=1&y=2"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Og {
    url: String,
}

/// Shorthand for [`Og::new`].
pub fn og(url: impl Into<String>) -> Og {
    Og::new(url)
}

impl Og {
    /// Scrapes `url` (absolute `http`/`https`).
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into() }
    }
}

impl JsonEndpoint for Og {
    type Output = OgData;

    const OP: &'static str = "og";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::http_url("url", &self.url)?;
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit(Self::OP).build(),
            Auth::Scoped(Scope::all()),
        )
        .query("url", self.url.clone()))
    }
}
