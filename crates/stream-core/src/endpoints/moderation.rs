//! Moderation: flag a user (or any entity) for review, record moderators' decisions (one or a
//! batch), and drop the moderation service's cache of a user.
//!
//! Token: `moderation/*/*` (the resource the Go client uses for moderation; JS sends `*/*/*`).
//! Server-side only (JS refuses `flagUser` without the secret).
use serde::Serialize;
use stream_auth::Resource;
use stream_models::upload::Ack;

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;

mod status;

pub use status::{InvalidateUserCache, MAX_STATUS_UPDATES, UpdateStatus, UpdateStatusBatch};
use stream_models::moderation::StatusUpdate;

fn auth() -> Auth {
    Auth::ServerOnly(validate::scope(Resource::Moderation))
}

/// Convenience handle for moderation: creates [`Flag`] values, sends nothing.
///
/// ```no_run
/// use stream_core::endpoints::moderation::Moderation;
/// let flag = Moderation.flag_user("bob").reported_by("alice").reason("spam");
/// let other = Moderation.flag("stream:feeds:activity", "11111111-2222-3333-4444-555555555555");
/// # let _ = (flag, other);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moderation;

impl Moderation {
    /// [`Flag`] user `user_id`.
    pub fn flag_user(&self, user_id: impl Into<String>) -> Flag {
        Flag::user(user_id)
    }

    /// [`Flag`] any entity by type and id.
    pub fn flag(&self, entity_type: impl Into<String>, entity_id: impl Into<String>) -> Flag {
        Flag::entity(entity_type, entity_id)
    }

    /// [`UpdateStatus`] of one entity, set by `moderator_id`.
    pub fn update_status(
        &self,
        moderator_id: impl Into<String>,
        update: StatusUpdate,
    ) -> UpdateStatus {
        UpdateStatus::new(moderator_id, update)
    }

    /// [`UpdateStatusBatch`]: many entities' statuses, set by `moderator_id`.
    pub fn update_status_batch(
        &self,
        moderator_id: impl Into<String>,
        updates: Vec<StatusUpdate>,
    ) -> UpdateStatusBatch {
        UpdateStatusBatch::new(moderator_id, updates)
    }

    /// [`InvalidateUserCache`] of `user_id`.
    pub fn invalidate_user_cache(&self, user_id: impl Into<String>) -> InvalidateUserCache {
        InvalidateUserCache::new(user_id)
    }
}

/// `POST moderation/flag` with `{"entity_type","entity_id","user_id"?,"reason"?}`.
///
/// The path has **no** trailing slash, as JS sends it (Go sends `moderation/flag/`). We match the
/// recorded JS request, the only one we can compare against; Go's form working too means the
/// service routes both.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::moderation::Flag;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let flag = Flag::user("bob").reported_by("alice").reason("spam");
/// let request = config.build_request(&flag)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    entity_type: String,
    entity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Flag {
    /// Flags user `user_id` (`entity_type: "stream:user"`).
    pub fn user(user_id: impl Into<String>) -> Self {
        Self::entity("stream:user", user_id)
    }

    /// Flags any entity the moderation service knows, by type and id.
    pub fn entity(entity_type: impl Into<String>, entity_id: impl Into<String>) -> Self {
        Self {
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            user_id: None,
            reason: None,
        }
    }

    /// The reporting user.
    pub fn reported_by(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Why (`spam`, …).
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

impl JsonEndpoint for Flag {
    type Output = Ack;

    const OP: &'static str = "moderation.flag";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("entity_type", &self.entity_type)?;
        validate::id("entity_id", &self.entity_id)?;
        if let Some(u) = &self.user_id {
            validate::id("user_id", u)?;
        }
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            Path::new().lit("moderation/flag").no_trailing_slash(),
            auth(),
        )
        .json(self)?)
    }
}
