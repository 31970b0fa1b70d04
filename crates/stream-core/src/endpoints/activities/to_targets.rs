//! Changing the `to` targets of activities: one ([`UpdateToTargets`]) or up to
//! [`MAX_TO_TARGETS_UPDATES`] of one feed at once ([`BatchUpdateToTargets`]).
use serde::Serialize;
use stream_auth::{Action, Resource};
use stream_models::FeedId;
use stream_models::activity::ToTargetsResponse;
use stream_models::time::Timestamp;

use crate::config::{Config, Service};
use crate::endpoint::{Endpoint, JsonEndpoint, Spec, decode_json};
use crate::endpoints::batch::{Chunked, check_size, split};
use crate::endpoints::feed::{feed_auth, feed_path, non_empty};
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

/// Most activities one batch `to`-targets request may change (go2's `BatchUpdateToTargets`).
pub const MAX_TO_TARGETS_UPDATES: usize = 100;

/// Changes the `to` targets of one activity (found by `foreign_id` + `time`):
/// `POST feed_targets/<slug>/<user>/activity_to_targets/`, scope `feed_targets/write/<feed>`.
/// Either replace all targets (`new_targets`) or add/remove some; not both, and no feed both
/// added and removed.
///
/// ```no_run
/// use stream_core::endpoints::activities::UpdateToTargets;
/// use stream_core::models::Timestamp;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let time = Timestamp::from_unix(1_704_164_645, 678_900_000);
/// let update = UpdateToTargets::new(FeedId::parse("user:alice")?, "post:1", time)
///     .add_targets([FeedId::parse("user:dave")?])
///     .remove_targets([FeedId::parse("user:bob")?]);
/// let request = config.build_request(&update)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateToTargets {
    #[serde(skip)]
    feed: FeedId,
    foreign_id: String,
    time: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_targets: Option<Vec<FeedId>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    added_targets: Vec<FeedId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    removed_targets: Vec<FeedId>,
}

impl UpdateToTargets {
    /// Changes the targets of the activity `foreign_id` + `time` in `feed`.
    pub fn new(feed: FeedId, foreign_id: impl Into<String>, time: impl Into<Timestamp>) -> Self {
        Self {
            feed,
            foreign_id: foreign_id.into(),
            time: time.into(),
            new_targets: None,
            added_targets: Vec::new(),
            removed_targets: Vec::new(),
        }
    }

    /// Replaces all targets with these (an empty list removes them all).
    pub fn new_targets(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.new_targets = Some(feeds.into_iter().collect());
        self
    }

    /// Adds these targets.
    pub fn add_targets(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.added_targets.extend(feeds);
        self
    }

    /// Removes these targets.
    pub fn remove_targets(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.removed_targets.extend(feeds);
        self
    }

    fn check(&self) -> Result<(), BuildError> {
        non_empty("foreign_id", &self.foreign_id)?;
        let changes = !self.added_targets.is_empty() || !self.removed_targets.is_empty();
        match (&self.new_targets, changes) {
            (None, false) => Err(BuildError::field(
                "new_targets",
                "set new targets, or targets to add or remove",
            )),
            (Some(_), true) => Err(BuildError::field(
                "new_targets",
                "replacing all targets cannot be combined with adding or removing some",
            )),
            _ => match self
                .added_targets
                .iter()
                .find(|f| self.removed_targets.contains(f))
            {
                Some(f) => Err(BuildError::field(
                    "added_targets",
                    format!("{f} is both added and removed"),
                )),
                None => Ok(()),
            },
        }
    }
}

impl JsonEndpoint for UpdateToTargets {
    type Output = ToTargetsResponse;

    const OP: &'static str = "activities.update_to_targets";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        self.check()?;
        Ok(to_targets_spec(Self::OP, &self.feed).json(self)?)
    }
}

fn to_targets_spec(op: &'static str, feed: &FeedId) -> Spec {
    Spec::new(
        op,
        Method::Post,
        Service::Api,
        feed_path("feed_targets", feed)
            .lit("activity_to_targets")
            .build(),
        feed_auth(Resource::FeedTargets, Action::Write, feed),
    )
    .idempotent(true)
}

/// Changes the `to` targets of several activities of one feed in one request: the same path as
/// [`UpdateToTargets`] with a JSON array of changes, as go2's `BatchUpdateToTargets` and JS's
/// batch helper send it. The service applies the first change at once and answers with its
/// result (the shape of [`UpdateToTargets`]); it queues the others. Every change must name the
/// same feed. Over [`MAX_TO_TARGETS_UPDATES`] changes, `client.send` splits the batch; the answer
/// is then the first part's.
///
/// ```no_run
/// use stream_core::endpoints::activities::{BatchUpdateToTargets, UpdateToTargets};
/// use stream_core::models::Timestamp;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let alice = FeedId::parse("user:alice")?;
/// let batch = BatchUpdateToTargets::new(vec![
///     UpdateToTargets::new(alice.clone(), "post:1", Timestamp::parse("2024-01-02T03:04:05.678900")?)
///         .add_targets([FeedId::parse("user:dave")?]),
///     UpdateToTargets::new(alice, "post:2", Timestamp::parse("2024-01-02T03:04:06.000000")?)
///         .new_targets([FeedId::parse("user:bob")?]),
/// ]);
/// let request = config.build_request(&batch)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchUpdateToTargets {
    updates: Vec<UpdateToTargets>,
}

impl BatchUpdateToTargets {
    /// These changes, all of activities of the same feed.
    pub fn new(updates: Vec<UpdateToTargets>) -> Self {
        Self { updates }
    }

    /// The feed every change names, after checking every change.
    fn check(&self) -> Result<&FeedId, BuildError> {
        let feed = self
            .updates
            .first()
            .map(|u| &u.feed)
            .ok_or_else(|| BuildError::field("updates", "must not be empty"))?;
        for update in &self.updates {
            update.check()?;
            if &update.feed != feed {
                return Err(BuildError::field(
                    "updates",
                    format!(
                        "every change must name the same feed; {} is not {feed}",
                        update.feed
                    ),
                ));
            }
        }
        Ok(feed)
    }
}

impl Endpoint for BatchUpdateToTargets {
    type Output = ToTargetsResponse;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("updates", self.updates.len(), MAX_TO_TARGETS_UPDATES)?;
        let feed = self.check()?;
        Ok(to_targets_spec("activities.batch_update_to_targets", feed).json(&self.updates)?)
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("activities.batch_update_to_targets", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.updates.len(), MAX_TO_TARGETS_UPDATES)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for BatchUpdateToTargets {
    type Part = BatchUpdateToTargets;
    type Output = ToTargetsResponse;

    fn parts(&self) -> Result<Vec<BatchUpdateToTargets>, Error> {
        check_size("updates", self.updates.len(), usize::MAX)?;
        self.check()?;
        Ok(split(
            &self.updates,
            MAX_TO_TARGETS_UPDATES,
            BatchUpdateToTargets::new,
        ))
    }

    /// The first part's answer: the result of the batch's first change.
    fn merge(outputs: Vec<ToTargetsResponse>) -> ToTargetsResponse {
        outputs.into_iter().next().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;

    fn c() -> Config {
        Config::builder("k", ApiSecret::new("s")).build().unwrap()
    }

    fn id(s: &str) -> FeedId {
        FeedId::parse(s).unwrap()
    }

    #[test]
    fn to_targets_rules() {
        let base = UpdateToTargets::new(id("user:a"), "post:1", Timestamp::from_unix_seconds(0));
        assert!(base.spec_for(&c()).is_err(), "no change");
        assert!(
            base.clone().new_targets([]).spec_for(&c()).is_ok(),
            "clearing all targets"
        );
        assert!(
            base.clone()
                .new_targets([id("user:b")])
                .add_targets([id("user:c")])
                .spec_for(&c())
                .is_err()
        );
        assert!(
            base.clone()
                .add_targets([id("user:b")])
                .remove_targets([id("user:b")])
                .spec_for(&c())
                .is_err()
        );
        assert!(
            UpdateToTargets::new(id("user:a"), "", Timestamp::from_unix_seconds(0))
                .add_targets([id("user:b")])
                .spec_for(&c())
                .is_err()
        );
    }

    #[test]
    fn batches_name_one_feed_and_split_above_the_limit() {
        let change = |feed: &str, i: usize| {
            UpdateToTargets::new(
                id(feed),
                format!("post:{i}"),
                Timestamp::from_unix_seconds(0),
            )
            .add_targets([id("user:z")])
        };
        assert!(BatchUpdateToTargets::new(vec![]).spec(&c()).is_err());
        let mixed = BatchUpdateToTargets::new(vec![change("user:a", 1), change("user:b", 2)]);
        assert!(mixed.spec(&c()).is_err());
        let no_change =
            UpdateToTargets::new(id("user:a"), "post:9", Timestamp::from_unix_seconds(0));
        assert!(
            BatchUpdateToTargets::new(vec![change("user:a", 1), no_change])
                .parts()
                .is_err()
        );
        let big = BatchUpdateToTargets::new((0..250).map(|i| change("user:a", i)).collect());
        assert!(big.spec(&c()).is_err(), "one request holds 100");
        let parts = big.parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.updates.len()).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        let first: ToTargetsResponse = serde_json::from_str(r#"{"added":["user:z"]}"#).unwrap();
        let merged =
            <BatchUpdateToTargets as Chunked>::merge(vec![first.clone(), Default::default()]);
        assert_eq!(merged, first);
    }
}
