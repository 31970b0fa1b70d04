//! Writing to personalization resources: [`PersonalizationPost`] and [`PersonalizationDelete`],
//! as stream-go2's `PersonalizationClient.Post`/`Delete` send them.
use serde::Serialize;
use serde_json::{Map, Value};
use stream_models::personalization::PersonalizationPage;

use super::{resource_path, scope};
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Spec};
use crate::error::Error;
use crate::request::Method;

/// Sets (or replaces) `name` in `params`.
fn set_param(params: &mut Vec<(&'static str, String)>, name: &'static str, value: String) {
    match params.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => params.push((name, value)),
    }
}

fn spec(
    op: &'static str,
    method: Method,
    resource: &str,
    params: &[(&'static str, String)],
) -> Result<Spec, Error> {
    let mut spec = Spec::new(
        op,
        method,
        Service::Personalization,
        resource_path(resource)?.build(),
        Auth::ServerOnly(scope()),
    );
    for (name, value) in params {
        spec = spec.query(name, value.clone());
    }
    Ok(spec)
}

/// `POST /personalization/v1.0/<resource>/?<params>` with `{"data": …}` (go2's wrapping; JS
/// posts the object bare, Python both in the body and the query): sends data to a resource of
/// the personalization service.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::personalization::PersonalizationPost;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("foo".into(), "bar".into());
/// let post = PersonalizationPost::new("some_resource", data).param("feed", "user:123");
/// let request = config.build_request(&post)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalizationPost {
    resource: &'static str,
    params: Vec<(&'static str, String)>,
    data: Map<String, Value>,
}

#[derive(Serialize)]
struct PostBody<'a> {
    data: &'a Map<String, Value>,
}

impl PersonalizationPost {
    /// Posts `data` to `resource`.
    pub fn new(resource: &'static str, data: Map<String, Value>) -> Self {
        Self {
            resource,
            params: Vec::new(),
            data,
        }
    }

    /// Adds (or replaces) a query parameter the resource understands.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        set_param(&mut self.params, name, value.into());
        self
    }
}

impl JsonEndpoint for PersonalizationPost {
    type Output = PersonalizationPage;

    const OP: &'static str = "personalization.post";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        Ok(spec(Self::OP, Method::Post, self.resource, &self.params)?
            .json(&PostBody { data: &self.data })?)
    }
}

/// `DELETE /personalization/v1.0/<resource>/?<params>`: deletes from a resource of the
/// personalization service.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::personalization::PersonalizationDelete;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let delete = PersonalizationDelete::new("some_resource").param("feed", "user:123");
/// let request = config.build_request(&delete)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalizationDelete {
    resource: &'static str,
    params: Vec<(&'static str, String)>,
}

impl PersonalizationDelete {
    /// Deletes from `resource`.
    pub fn new(resource: &'static str) -> Self {
        Self {
            resource,
            params: Vec::new(),
        }
    }

    /// Adds (or replaces) a query parameter the resource understands.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        set_param(&mut self.params, name, value.into());
        self
    }
}

impl JsonEndpoint for PersonalizationDelete {
    type Output = PersonalizationPage;

    const OP: &'static str = "personalization.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        spec(Self::OP, Method::Delete, self.resource, &self.params)
    }
}
