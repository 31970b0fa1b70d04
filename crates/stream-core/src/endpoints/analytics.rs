//! Analytics: track engagements and impressions, and build signed redirect URLs that track a
//! click and forward to a target (no request).
//!
//! Token for tracking: `*/*/*`, as the Python client sends (the JS analytics token
//! `analytics/*` has no `feed_id` claim; Python's is the one recorded against this endpoint).
//! Server-side only.
use serde::Serialize;
use stream_auth::{Resource, Scope};
use stream_models::analytics::{Engagement, Impression, TrackedEvent};
use stream_models::upload::Ack;

use super::validate;
use crate::config::{Config, Service};
use crate::encode::push_query_component;
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// Convenience handle: creates analytics endpoint values and redirect URLs, sends nothing.
///
/// ```
/// use stream_core::endpoints::analytics::Analytics;
/// use stream_core::models::analytics::Engagement;
/// let track = Analytics.track_engagements([Engagement::new("click", "msg:1", "alice")]);
/// # let _ = track;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Analytics;

impl Analytics {
    /// [`TrackEngagements`].
    pub fn track_engagements(
        &self,
        engagements: impl IntoIterator<Item = Engagement>,
    ) -> TrackEngagements {
        TrackEngagements::new(engagements)
    }

    /// [`TrackImpressions`].
    pub fn track_impressions(
        &self,
        impressions: impl IntoIterator<Item = Impression>,
    ) -> TrackImpressions {
        TrackImpressions::new(impressions)
    }

    /// See [`redirect_url`].
    pub fn redirect_url(
        &self,
        config: &Config,
        target_url: &str,
        user_id: &str,
        events: &[TrackedEvent],
    ) -> Result<String, Error> {
        redirect_url(config, target_url, user_id, events)
    }
}

/// `POST /analytics/v1.0/engagement/` with `{"content_list":[…]}`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::analytics::TrackEngagements;
/// use stream_core::models::analytics::{Engagement, Feature};
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let track = TrackEngagements::new([
///     Engagement::new("click", "1", "alice").feature(Feature::new("topic", "js")),
/// ]);
/// let request = config.build_request(&track)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackEngagements {
    content_list: Vec<Engagement>,
}

impl TrackEngagements {
    /// Tracks `engagements`.
    pub fn new(engagements: impl IntoIterator<Item = Engagement>) -> Self {
        Self {
            content_list: engagements.into_iter().collect(),
        }
    }
}

impl JsonEndpoint for TrackEngagements {
    type Output = Ack;

    const OP: &'static str = "analytics.track_engagements";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        if self.content_list.is_empty() {
            return Err(BuildError::field("engagements", "must not be empty").into());
        }
        for e in &self.content_list {
            validate::id("label", &e.label)?;
        }
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Analytics,
            Path::new().lit("engagement").build(),
            Auth::ServerOnly(Scope::all()),
        )
        .json(self)?)
    }
}

/// `POST /analytics/v1.0/impression/` with the bare list of impressions as body.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::analytics::TrackImpressions;
/// use stream_core::models::analytics::Impression;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let track = TrackImpressions::new([Impression::new(["1", "2"], "alice").feed_id("user:alice")]);
/// let request = config.build_request(&track)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct TrackImpressions {
    impressions: Vec<Impression>,
}

impl TrackImpressions {
    /// Tracks `impressions`.
    pub fn new(impressions: impl IntoIterator<Item = Impression>) -> Self {
        Self {
            impressions: impressions.into_iter().collect(),
        }
    }
}

impl JsonEndpoint for TrackImpressions {
    type Output = Ack;

    const OP: &'static str = "analytics.track_impressions";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        if self.impressions.is_empty() {
            return Err(BuildError::field("impressions", "must not be empty").into());
        }
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Analytics,
            Path::new().lit("impression").build(),
            Auth::ServerOnly(Scope::all()),
        )
        .json(&self.impressions)?)
    }
}

/// Builds a signed redirect URL: opening it records `events` and redirects to `target_url`.
/// No request is made; the secret is needed (a user-token config gets
/// [`BuildError::NeedsSecret`]).
///
/// `<redirect base>redirect/?auth_type=jwt&authorization=<jwt>&url=<target>&api_key=<key>&events=<json>`
/// with the Python client's token `{"action":"*","resource":"redirect_and_track","feed_id":"*","user_id":<user_id>}`
/// (JS ignores the user id and signs `user_id: "*"`; binding the URL to the user is the
/// narrower grant). Query values are form-encoded (space → `+`), as Python sends them.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::analytics::redirect_url;
/// use stream_core::models::analytics::Engagement;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let events = [Engagement::new("click", "msg:1", "alice").feed_id("user:alice").into()];
/// let url = redirect_url(&config, "https://example.com/landing", "alice", &events)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn redirect_url(
    config: &Config,
    target_url: &str,
    user_id: &str,
    events: &[TrackedEvent],
) -> Result<String, Error> {
    const OP: &str = "analytics.redirect_url";
    validate::http_url("target_url", target_url)?;
    validate::id("user_id", user_id)?;
    let signer = config.signer().ok_or(BuildError::NeedsSecret { op: OP })?;
    let events_json =
        serde_json::to_string(events).map_err(|e| BuildError::Serialize(e.to_string()))?;
    let token = signer.scoped(&validate::scope(Resource::RedirectAndTrack).with_user_id(user_id));
    let mut url = String::with_capacity(
        config.urls().redirect.len() + target_url.len() * 2 + events_json.len() * 2 + 256,
    );
    url.push_str(&config.urls().redirect);
    url.push_str("redirect/?auth_type=jwt&authorization=");
    url.push_str(token.as_str());
    url.push_str("&url=");
    push_query_component(&mut url, target_url);
    url.push_str("&api_key=");
    push_query_component(&mut url, config.api_key());
    url.push_str("&events=");
    push_query_component(&mut url, &events_json);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stream_auth::{ApiSecret, Signer};

    #[test]
    fn redirect_needs_secret_and_valid_target() {
        let token = Signer::new(&ApiSecret::new("s")).user_token("alice");
        let user = Config::builder_with_user_token("k", token).build().unwrap();
        assert!(matches!(
            redirect_url(&user, "https://x.io", "alice", &[]),
            Err(Error::Build(BuildError::NeedsSecret { .. }))
        ));
        let server = Config::builder("k", ApiSecret::new("s")).build().unwrap();
        assert!(redirect_url(&server, "x.io", "alice", &[]).is_err());
        let url = redirect_url(&server, "https://x.io/a b", "alice", &[]).unwrap();
        assert!(url.contains("&url=https%3A%2F%2Fx.io%2Fa+b&"));
        assert!(TrackEngagements::new([]).spec(&server).is_err());
        assert!(TrackImpressions::new([]).spec(&server).is_err());
    }
}
