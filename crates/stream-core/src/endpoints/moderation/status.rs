//! Moderation statuses ([`UpdateStatus`], [`UpdateStatusBatch`]) and the user moderation cache
//! ([`InvalidateUserCache`]), as stream-go2's `ModerationClient` sends them.
use serde::Serialize;
use stream_models::moderation::{StatusResults, StatusUpdate};
use stream_models::upload::Ack;

use super::{auth, validate};
use crate::config::{Config, Service};
use crate::endpoint::{Endpoint, JsonEndpoint, Path, Spec, decode_json};
use crate::endpoints::batch::{Chunked, check_size, split};
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

/// Most updates per batch status request (go2 refuses more).
pub const MAX_STATUS_UPDATES: usize = 100;

fn check_update(u: &StatusUpdate) -> Result<(), BuildError> {
    validate::id("entity_type", &u.entity_type)?;
    validate::id("entity_id", &u.entity_id)?;
    validate::id("status", &u.status)
}

/// `POST moderation/status/` with `{"entity_type","entity_id","moderator_id","status",
/// "recommended_action","latest_moderator_action"}`: records a moderator's decision on one
/// entity (go2's `UpdateActivityModerationStatus` / `UpdateReactionModerationStatus`).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::moderation::UpdateStatus;
/// use stream_core::models::moderation::StatusUpdate;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = StatusUpdate::activity("a1", "complete").latest_moderator_action("mark_safe");
/// let request = config.build_request(&UpdateStatus::new("moderator_1", update))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateStatus {
    moderator_id: String,
    update: StatusUpdate,
}

#[derive(Serialize)]
struct StatusBody<'a> {
    entity_type: &'a str,
    entity_id: &'a str,
    moderator_id: &'a str,
    status: &'a str,
    recommended_action: &'a str,
    latest_moderator_action: &'a str,
}

impl UpdateStatus {
    /// `moderator_id` sets `update`.
    pub fn new(moderator_id: impl Into<String>, update: StatusUpdate) -> Self {
        Self {
            moderator_id: moderator_id.into(),
            update,
        }
    }
}

impl JsonEndpoint for UpdateStatus {
    type Output = Ack;

    const OP: &'static str = "moderation.update_status";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("moderator_id", &self.moderator_id)?;
        check_update(&self.update)?;
        let u = &self.update;
        let body = StatusBody {
            entity_type: &u.entity_type,
            entity_id: &u.entity_id,
            moderator_id: &self.moderator_id,
            status: &u.status,
            recommended_action: &u.recommended_action,
            latest_moderator_action: &u.latest_moderator_action,
        };
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("moderation/status").build(),
            auth(),
        )
        .json(&body)?
        .idempotent(true))
    }
}

/// `POST moderation/status/batch/` with `{"moderator_id","updates":[…]}`: up to
/// [`MAX_STATUS_UPDATES`] decisions at once; the service answers one result per update. No
/// entity may appear twice. Above the limit, `client.send` splits the batch and joins the
/// results in order.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::moderation::UpdateStatusBatch;
/// use stream_core::models::moderation::StatusUpdate;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let batch = UpdateStatusBatch::new("moderator_1", vec![
///     StatusUpdate::activity("a1", "complete").recommended_action("watch"),
///     StatusUpdate::reaction("r1", "complete").recommended_action("flag"),
/// ]);
/// let request = config.build_request(&batch)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateStatusBatch {
    moderator_id: String,
    updates: Vec<StatusUpdate>,
}

impl UpdateStatusBatch {
    /// `moderator_id` sets every update.
    pub fn new(moderator_id: impl Into<String>, updates: Vec<StatusUpdate>) -> Self {
        Self {
            moderator_id: moderator_id.into(),
            updates,
        }
    }

    fn check(&self) -> Result<(), BuildError> {
        validate::id("moderator_id", &self.moderator_id)?;
        for (i, u) in self.updates.iter().enumerate() {
            check_update(u)?;
            let twice = self.updates[..i]
                .iter()
                .any(|o| o.entity_type == u.entity_type && o.entity_id == u.entity_id);
            if twice {
                return Err(BuildError::field(
                    "updates",
                    format!("{} {} appears twice", u.entity_type, u.entity_id),
                ));
            }
        }
        Ok(())
    }
}

impl Endpoint for UpdateStatusBatch {
    type Output = StatusResults;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("updates", self.updates.len(), MAX_STATUS_UPDATES)?;
        self.check()?;
        Ok(Spec::new(
            "moderation.update_status_batch",
            Method::Post,
            Service::Api,
            Path::new().lit("moderation/status/batch").build(),
            auth(),
        )
        .json(self)?
        .idempotent(true))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("moderation.update_status_batch", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.updates.len(), MAX_STATUS_UPDATES)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for UpdateStatusBatch {
    type Part = UpdateStatusBatch;
    type Output = StatusResults;

    fn parts(&self) -> Result<Vec<UpdateStatusBatch>, Error> {
        check_size("updates", self.updates.len(), usize::MAX)?;
        self.check()?;
        Ok(split(&self.updates, MAX_STATUS_UPDATES, |updates| {
            UpdateStatusBatch::new(self.moderator_id.clone(), updates)
        }))
    }

    /// Every part's results, in order; the last part's `duration`.
    fn merge(outputs: Vec<StatusResults>) -> StatusResults {
        let mut merged = StatusResults::default();
        for out in outputs {
            merged.results.extend(out.results);
            merged.duration = out.duration;
            merged.extra = out.extra;
        }
        merged
    }
}

/// `DELETE moderation/user/cache/<user_id>/`: drops the moderation service's cached data of a
/// user (go2's `InvalidateUserCache`).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::moderation::InvalidateUserCache;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&InvalidateUserCache::new("bob"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidateUserCache {
    user_id: String,
}

impl InvalidateUserCache {
    /// The cache of user `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
        }
    }
}

impl JsonEndpoint for InvalidateUserCache {
    type Output = Ack;

    const OP: &'static str = "moderation.invalidate_user_cache";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("user_id", &self.user_id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            Path::new()
                .lit("moderation/user/cache")
                .seg(&self.user_id)
                .build(),
            auth(),
        ))
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

    #[test]
    fn batches_refuse_duplicates_and_split_above_the_limit() {
        let up = |i: usize| StatusUpdate::activity(format!("a{i}"), "complete");
        assert!(UpdateStatusBatch::new("m", vec![]).spec(&c()).is_err());
        assert!(UpdateStatusBatch::new("", vec![up(1)]).spec(&c()).is_err());
        assert!(
            UpdateStatusBatch::new("m", vec![up(1), up(1)])
                .spec(&c())
                .is_err()
        );
        assert!(
            UpdateStatusBatch::new("m", vec![up(1), StatusUpdate::reaction("a1", "complete")])
                .spec(&c())
                .is_ok(),
            "the same id of another type is another entity"
        );
        let big = UpdateStatusBatch::new("m", (0..150).map(up).collect());
        assert!(big.spec(&c()).is_err());
        let parts = big.parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.updates.len()).collect::<Vec<_>>(),
            [100, 50]
        );
        let one = |id: &str| -> StatusResults {
            serde_json::from_value(
                serde_json::json!({"results":[{"entity_id": id, "success": true}]}),
            )
            .unwrap()
        };
        let merged = <UpdateStatusBatch as Chunked>::merge(vec![one("a"), one("b")]);
        assert_eq!(merged.results.len(), 2);
        assert_eq!(merged.results[1].entity_id, "b");
        let empty = UpdateStatus::new("m", StatusUpdate::activity("", "x"));
        assert!(empty.spec_for(&c()).is_err());
        assert!(InvalidateUserCache::new("").spec_for(&c()).is_err());
    }
}
