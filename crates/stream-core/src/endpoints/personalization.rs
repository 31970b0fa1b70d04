//! Personalization: read, post to and delete from any resource of the personalization service
//! (`follow_recommendations`, …), and the personalized feed of the API service.
//!
//! Token: `personalization/*/*` with `user_id: "*"` for the personalization service, as both
//! official clients send (server-side only: JS refuses it without the secret). The personalized
//! feed (`enrich/personalization/feed/`, JS only) lives in the API service; JS sends its shared
//! `*/*/*` token and no client shows a narrower one that works there, so we send `*/*/*` too. It
//! works with a user token.
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use stream_auth::{Resource, Scope};
use stream_models::FeedSlug;
use stream_models::personalization::{FollowRecommendation, PersonalizationPage};

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

fn scope() -> Scope {
    validate::scope(Resource::Personalization).with_user_id("*")
}

mod write;

pub use write::{PersonalizationDelete, PersonalizationPost};

/// The path of a personalization resource (`feed/recommendations` → `feed/recommendations/`):
/// letters, digits, `_`, `-` and `/` only.
fn resource_path(resource: &str) -> Result<Path, BuildError> {
    if resource.is_empty()
        || !resource
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/'))
    {
        return Err(BuildError::field(
            "resource",
            format!("{resource:?} is not a personalization resource name"),
        ));
    }
    let mut path = Path::new();
    for part in resource.split('/').filter(|p| !p.is_empty()) {
        path = path.seg(part);
    }
    Ok(path)
}

/// Convenience handle: creates personalization endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::personalization::Personalization;
/// let recs = Personalization.follow_recommendations("alice").limit(10).offset(5);
/// # let _ = recs;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Personalization;

impl Personalization {
    /// [`PersonalizationGet`] of any resource.
    pub fn get(&self, resource: &'static str) -> PersonalizationGet {
        PersonalizationGet::new(resource)
    }

    /// [`PersonalizationGet`] of `follow_recommendations` for `user_id`, typed.
    pub fn follow_recommendations(
        &self,
        user_id: impl Into<String>,
    ) -> PersonalizationGet<FollowRecommendation> {
        PersonalizationGet::follow_recommendations(user_id)
    }

    /// [`PersonalizationPost`] of `data` to any resource.
    pub fn post(&self, resource: &'static str, data: Map<String, Value>) -> PersonalizationPost {
        PersonalizationPost::new(resource, data)
    }

    /// [`PersonalizationDelete`] of any resource.
    pub fn delete(&self, resource: &'static str) -> PersonalizationDelete {
        PersonalizationDelete::new(resource)
    }

    /// [`PersonalizedFeed`] of `user_id`.
    pub fn feed(&self, user_id: impl Into<String>) -> PersonalizedFeed {
        PersonalizedFeed::new(user_id)
    }
}

/// `GET /personalization/v1.0/<resource>/?<params>`: reads a personalization resource. Results
/// are decoded as `T` (a JSON object by default).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::personalization::PersonalizationGet;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let recs = PersonalizationGet::follow_recommendations("alice").limit(10).offset(5);
/// let request = config.build_request(&recs)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, PartialEq, Eq)]
pub struct PersonalizationGet<T = Map<String, Value>> {
    resource: &'static str,
    params: Vec<(&'static str, String)>,
    _results: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for PersonalizationGet<T> {
    fn clone(&self) -> Self {
        Self {
            resource: self.resource,
            params: self.params.clone(),
            _results: std::marker::PhantomData,
        }
    }
}

impl PersonalizationGet {
    /// Reads `resource` (e.g. `"follow_recommendations"`), results as JSON objects.
    pub fn new(resource: &'static str) -> Self {
        Self::typed(resource)
    }
}

impl PersonalizationGet<FollowRecommendation> {
    /// `follow_recommendations` for `user_id`.
    pub fn follow_recommendations(user_id: impl Into<String>) -> Self {
        Self::typed("follow_recommendations").param("user_id", user_id)
    }
}

impl<T> PersonalizationGet<T> {
    /// Reads `resource`, decoding each result as `T`.
    pub fn typed(resource: &'static str) -> Self {
        Self {
            resource,
            params: Vec::new(),
            _results: std::marker::PhantomData,
        }
    }

    /// Adds (or replaces) a query parameter the resource understands.
    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.params.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.params.push((name, value)),
        }
        self
    }

    /// `limit`.
    pub fn limit(self, limit: u32) -> Self {
        self.param("limit", limit.to_string())
    }

    /// `offset`.
    pub fn offset(self, offset: u32) -> Self {
        self.param("offset", offset.to_string())
    }
}

impl<T: DeserializeOwned> JsonEndpoint for PersonalizationGet<T> {
    type Output = PersonalizationPage<T>;

    const OP: &'static str = "personalization.get";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let path = resource_path(self.resource)?;
        let mut spec = Spec::new(
            Self::OP,
            Method::Get,
            Service::Personalization,
            path.build(),
            Auth::ServerOnly(scope()),
        );
        for (name, value) in &self.params {
            spec = spec.query(name, value.clone());
        }
        Ok(spec)
    }
}

/// `GET enrich/personalization/feed/?user_id=&feed_slug=&limit=&offset=`: a personalized,
/// enriched feed. Results are enriched activities, kept as JSON objects.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret, FeedSlug};
/// use stream_core::endpoints::personalization::PersonalizedFeed;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let feed = PersonalizedFeed::new("alice").feed_slug(FeedSlug::new("timeline")?).limit(5);
/// let request = config.build_request(&feed)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalizedFeed {
    user_id: String,
    feed_slug: Option<FeedSlug>,
    limit: Option<u32>,
    offset: Option<u32>,
    endpoint: Option<String>,
}

impl PersonalizedFeed {
    /// The personalized feed of `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            feed_slug: None,
            limit: None,
            offset: None,
            endpoint: None,
        }
    }

    /// The feed group to personalize.
    pub fn feed_slug(mut self, slug: FeedSlug) -> Self {
        self.feed_slug = Some(slug);
        self
    }

    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Offset.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// The personalization endpoint configured for the app (`endpoint=`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }
}

impl JsonEndpoint for PersonalizedFeed {
    type Output = PersonalizationPage;

    const OP: &'static str = "personalization.feed";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("user_id", &self.user_id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit("enrich/personalization/feed").build(),
            Auth::Scoped(Scope::all()),
        )
        .query_opt(
            "feed_slug",
            self.feed_slug.as_ref().map(|s| s.as_str().to_owned()),
        )
        .query("user_id", self.user_id.clone())
        .query_opt("limit", self.limit.map(|l| l.to_string()))
        .query_opt("offset", self.offset.map(|o| o.to_string()))
        .query_opt("endpoint", self.endpoint.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_are_checked() {
        let c = Config::builder("k", stream_auth::ApiSecret::new("s"))
            .build()
            .unwrap();
        assert!(PersonalizationGet::new("").spec(&c).is_err());
        assert!(PersonalizationGet::new("a?b").spec(&c).is_err());
        let spec = PersonalizationGet::new("feed/recommendations")
            .limit(1)
            .limit(2)
            .spec(&c)
            .unwrap();
        assert_eq!(spec.path, "feed/recommendations/");
        assert_eq!(spec.query, vec![("limit", "2".to_owned())]);
        assert!(PersonalizedFeed::new("").spec(&c).is_err());
    }
}
