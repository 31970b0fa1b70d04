//! Data privacy (GDPR): delete activities and reactions, export a user's ids.
//!
//! Token: `data_privacy/*/*`. JS sends `*/*/*`; `data_privacy` is a resource name the service
//! knows (it is in the Java client's list of token resources), so we send the narrower token.
//! Server-side only (JS refuses these without the secret).
use serde::Serialize;
use stream_auth::Resource;
use stream_models::FeedId;
use stream_models::admin::{ActivityToDelete, ExportedIds};
use stream_models::upload::Ack;

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

fn auth() -> Auth {
    Auth::ServerOnly(validate::scope(Resource::DataPrivacy))
}

/// Convenience handle for data privacy (GDPR) operations: creates endpoint values, sends nothing.
///
/// ```no_run
/// use stream_core::endpoints::data_privacy::DataPrivacy;
/// use stream_core::FeedId;
/// let delete = DataPrivacy.delete_activity(
///     "11111111-2222-3333-4444-555555555555",
///     [FeedId::parse("user:alice")?],
/// );
/// let reactions = DataPrivacy.delete_reactions(["r1", "r2"]);
/// let export = DataPrivacy.export_ids("alice");
/// # let _ = (delete, reactions, export);
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataPrivacy;

impl DataPrivacy {
    /// [`DeleteActivities`] with no activities yet (add them with [`DeleteActivities::activity`]).
    pub fn delete_activities(&self) -> DeleteActivities {
        DeleteActivities::new()
    }

    /// [`DeleteActivities`] of activity `id` from `feeds`.
    pub fn delete_activity(
        &self,
        id: impl Into<String>,
        feeds: impl IntoIterator<Item = FeedId>,
    ) -> DeleteActivities {
        DeleteActivities::new().activity(id, feeds)
    }

    /// [`DeleteReactions`] `ids`.
    pub fn delete_reactions<I, S>(&self, ids: I) -> DeleteReactions
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DeleteReactions::new(ids)
    }

    /// [`ExportIds`] of `user_id`.
    pub fn export_ids(&self, user_id: impl Into<String>) -> ExportIds {
        ExportIds::new(user_id)
    }
}

/// `POST data_privacy/delete_activities/` with `{"activities":[{"id","remove_from_feeds"}]}`:
/// deletes activities from the given feeds.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret, FeedId};
/// use stream_core::endpoints::data_privacy::DeleteActivities;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let delete = DeleteActivities::new().activity(
///     "11111111-2222-3333-4444-555555555555",
///     [FeedId::parse("user:alice")?, FeedId::parse("timeline:alice")?],
/// );
/// let request = config.build_request(&delete)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeleteActivities {
    activities: Vec<ActivityToDelete>,
}

impl DeleteActivities {
    /// No activities yet; add them with [`DeleteActivities::activity`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Deletes activity `id` from `feeds`.
    pub fn activity(
        mut self,
        id: impl Into<String>,
        feeds: impl IntoIterator<Item = FeedId>,
    ) -> Self {
        self.activities.push(ActivityToDelete {
            id: id.into(),
            remove_from_feeds: feeds.into_iter().map(|f| f.to_string()).collect(),
        });
        self
    }
}

impl JsonEndpoint for DeleteActivities {
    type Output = Ack;

    const OP: &'static str = "data_privacy.delete_activities";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        if self.activities.is_empty() {
            return Err(BuildError::field("activities", "must not be empty").into());
        }
        for a in &self.activities {
            validate::id("id", &a.id)?;
            if a.remove_from_feeds.is_empty() {
                return Err(BuildError::field(
                    "remove_from_feeds",
                    format!("no feeds given for activity {:?}", a.id),
                )
                .into());
            }
        }
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("data_privacy/delete_activities").build(),
            auth(),
        )
        .json(self)?)
    }
}

/// `POST data_privacy/delete_reactions/` with `{"ids":[…]}`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::data_privacy::DeleteReactions;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteReactions::new(["r1", "r2"]))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeleteReactions {
    ids: Vec<String>,
}

impl DeleteReactions {
    /// Deletes reactions `ids`.
    pub fn new<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            ids: ids.into_iter().map(Into::into).collect(),
        }
    }
}

impl JsonEndpoint for DeleteReactions {
    type Output = Ack;

    const OP: &'static str = "data_privacy.delete_reactions";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        if self.ids.is_empty() {
            return Err(BuildError::field("ids", "must not be empty").into());
        }
        self.ids.iter().try_for_each(|i| validate::id("ids", i))?;
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("data_privacy/delete_reactions").build(),
            auth(),
        )
        .json(self)?)
    }
}

/// `GET data_privacy/export_ids/<user_id>`: the ids of every activity and reaction of a user.
///
/// No trailing slash, exactly as the JS client (the only one with this call) sends it.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::data_privacy::ExportIds;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&ExportIds::new("alice"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportIds {
    user_id: String,
}

impl ExportIds {
    /// Exports the ids of `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
        }
    }
}

impl JsonEndpoint for ExportIds {
    type Output = ExportedIds;

    const OP: &'static str = "data_privacy.export_ids";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("user_id", &self.user_id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new()
                .lit("data_privacy/export_ids")
                .seg(&self.user_id)
                .no_trailing_slash(),
            auth(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_and_paths() {
        let c = Config::builder("k", stream_auth::ApiSecret::new("s"))
            .build()
            .unwrap();
        assert!(DeleteActivities::new().spec(&c).is_err());
        assert!(DeleteActivities::new().activity("a", []).spec(&c).is_err());
        assert!(DeleteReactions::new(Vec::<String>::new()).spec(&c).is_err());
        assert_eq!(
            ExportIds::new("al/ice").spec(&c).unwrap().path,
            "data_privacy/export_ids/al%2Fice"
        );
    }
}
