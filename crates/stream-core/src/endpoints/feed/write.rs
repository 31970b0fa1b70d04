//! Adding and removing activities: `POST` / `DELETE feed/<slug>/<user>/…`.
use serde::Serialize;
use stream_auth::{Action, Resource};
use stream_models::FeedId;
use stream_models::activity::{ActivityList, AddedActivity, InvalidActivity, NewActivity};
use stream_models::feed::Removed;

use crate::config::{Config, Service};
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

use super::{feed_auth, feed_path, non_empty};

pub(crate) fn invalid(e: InvalidActivity) -> Error {
    BuildError::InvalidField {
        field: e.field,
        reason: e.reason,
    }
    .into()
}

/// Adds one activity: `POST feed/<slug>/<user>/`, scope `feed/write/<feed>`.
///
/// Custom fields (any JSON) are sent after `actor`, `verb`, `object`, `foreign_id`, `time`,
/// `to`, `target`. With both `foreign_id` and `time` set the call is idempotent (the service
/// replaces the activity with the same pair), so it may be retried.
///
/// ```no_run
/// use stream_core::endpoints::feed::AddActivity;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::models::Timestamp;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let activity = NewActivity::new("user:alice", "tweet", "tweet:1")
///     .foreign_id("tweet:1")
///     .time(Timestamp::from_unix(1_704_164_645, 678_900_000))
///     .to([FeedId::parse("notification:carol")?])
///     .custom("message", "hello");
/// let request = config.build_request(&AddActivity::new(FeedId::parse("user:alice")?, activity))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddActivity {
    feed: FeedId,
    activity: NewActivity,
}

impl AddActivity {
    /// Adds `activity` to `feed`.
    pub fn new(feed: FeedId, activity: NewActivity) -> Self {
        Self { feed, activity }
    }
}

impl JsonEndpoint for AddActivity {
    type Output = AddedActivity;

    const OP: &'static str = "feed.add_activity";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        self.activity.validate().map_err(invalid)?;
        let identified = self.activity.foreign_id.is_some() && self.activity.time.is_some();
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            feed_path("feed", &self.feed).build(),
            feed_auth(Resource::Feed, Action::Write, &self.feed),
        )
        .json(&self.activity)?
        .idempotent(identified))
    }
}

/// Adds several activities in one request: `POST feed/<slug>/<user>/` with
/// `{"activities": [...]}`, scope `feed/write/<feed>`. The answer lists them in request order.
///
/// ```no_run
/// use stream_core::endpoints::feed::AddActivities;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let add = AddActivities::new(FeedId::parse("user:alice")?, vec![
///     NewActivity::new("user:alice", "post", "post:2").foreign_id("post:2"),
///     NewActivity::new("user:alice", "like", "post:3"),
/// ]);
/// let request = config.build_request(&add)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddActivities {
    feed: FeedId,
    activities: Vec<NewActivity>,
}

#[derive(Serialize)]
struct ActivitiesBody<'a> {
    activities: &'a [NewActivity],
}

impl AddActivities {
    /// Adds `activities` to `feed`.
    pub fn new(feed: FeedId, activities: Vec<NewActivity>) -> Self {
        Self { feed, activities }
    }
}

impl JsonEndpoint for AddActivities {
    type Output = ActivityList;

    const OP: &'static str = "feed.add_activities";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        if self.activities.is_empty() {
            return Err(BuildError::field("activities", "must not be empty").into());
        }
        for a in &self.activities {
            a.validate().map_err(invalid)?;
        }
        let identified = self
            .activities
            .iter()
            .all(|a| a.foreign_id.is_some() && a.time.is_some());
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            feed_path("feed", &self.feed).build(),
            feed_auth(Resource::Feed, Action::Write, &self.feed),
        )
        .json(&ActivitiesBody {
            activities: &self.activities,
        })?
        .idempotent(identified))
    }
}

/// Removes an activity: `DELETE feed/<slug>/<user>/<id>/` or, by foreign id,
/// `DELETE feed/<slug>/<user>/<foreign_id>/?foreign_id=1`; scope `feed/delete/<feed>`.
/// Removing a missing foreign id succeeds. Sent without a body (JS); Python's `{}` is not needed.
/// [`RemoveActivity::user_id`] adds `user_id=` (go2's `WithRemoveByUserID`).
///
/// ```no_run
/// use stream_core::endpoints::feed::RemoveActivity;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let feed = FeedId::parse("user:alice")?;
/// let by_id = config.build_request(&RemoveActivity::by_id(feed.clone(), "11111111-2222-3333-4444-555555555555"))?;
/// let by_fid = config.build_request(&RemoveActivity::by_foreign_id(feed.clone(), "tweet:1"))?;
/// assert!(by_fid.url.contains("/feed/user/alice/tweet:1/?"));
/// let as_alice = RemoveActivity::by_id(feed, "11111111-2222-3333-4444-555555555555").user_id("alice");
/// assert!(config.build_request(&as_alice)?.url.contains("user_id=alice"));
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveActivity {
    feed: FeedId,
    id: String,
    by_foreign_id: bool,
    user_id: Option<String>,
}

impl RemoveActivity {
    /// Removes the activity with this id.
    pub fn by_id(feed: FeedId, id: impl Into<String>) -> Self {
        Self {
            feed,
            id: id.into(),
            by_foreign_id: false,
            user_id: None,
        }
    }

    /// Removes the activity with this foreign id.
    pub fn by_foreign_id(feed: FeedId, foreign_id: impl Into<String>) -> Self {
        Self {
            feed,
            id: foreign_id.into(),
            by_foreign_id: true,
            user_id: None,
        }
    }

    /// The user removing the activity, for server-side calls (`user_id`, go2's
    /// `WithRemoveByUserID`).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for RemoveActivity {
    type Output = Removed;

    const OP: &'static str = "feed.remove_activity";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        non_empty(
            if self.by_foreign_id {
                "foreign_id"
            } else {
                "id"
            },
            &self.id,
        )?;
        if let Some(user) = &self.user_id {
            non_empty("user_id", user)?;
        }
        let spec = Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            feed_path("feed", &self.feed).seg(&self.id).build(),
            feed_auth(Resource::Feed, Action::Delete, &self.feed),
        );
        let spec = if self.by_foreign_id {
            spec.query("foreign_id", "1")
        } else {
            spec
        };
        Ok(spec.query_opt("user_id", self.user_id.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stream_auth::ApiSecret;

    #[test]
    fn writes_validate_before_building() {
        let c = Config::builder("k", ApiSecret::new("s")).build().unwrap();
        let feed = FeedId::parse("user:alice").unwrap();
        let bad = AddActivity::new(feed.clone(), NewActivity::new("a", "", "o"));
        assert!(matches!(
            bad.spec(&c),
            Err(Error::Build(BuildError::InvalidField { field: "verb", .. }))
        ));
        assert!(AddActivities::new(feed.clone(), vec![]).spec(&c).is_err());
        assert!(RemoveActivity::by_id(feed.clone(), "").spec(&c).is_err());
        let plain = AddActivity::new(feed.clone(), NewActivity::new("a", "v", "o"));
        assert!(!plain.spec(&c).unwrap().idempotent);
        let ident = AddActivity::new(
            feed.clone(),
            NewActivity::new("a", "v", "o")
                .foreign_id("f")
                .time(stream_models::Timestamp::from_unix_seconds(0)),
        );
        assert!(ident.spec(&c).unwrap().idempotent);
        let odd = RemoveActivity::by_id(feed, "a/b?c");
        assert_eq!(odd.spec(&c).unwrap().path, "feed/user/alice/a%2Fb%3Fc/");
    }
}
