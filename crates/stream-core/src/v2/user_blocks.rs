//! v2 app-wide user blocks (block, unblock, list a user's blocks) and exporting one user or many.
use serde::Serialize;
use stream_models::v2::{
    BlockUsersResponse, DurationResponse, ExportUserResponse, GetBlockedUsersResponse, TaskResponse,
};

use super::{V2Users, check_id, ids, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

impl V2Users {
    /// [`BlockUsers`]: `user_id` blocks `blocked_user_id` app-wide.
    pub fn block(
        &self,
        user_id: impl Into<String>,
        blocked_user_id: impl Into<String>,
    ) -> BlockUsers {
        BlockUsers {
            blocked_user_id: blocked_user_id.into(),
            user_id: user_id.into(),
        }
    }

    /// [`UnblockUsers`]: `user_id` unblocks `blocked_user_id`.
    pub fn unblock(
        &self,
        user_id: impl Into<String>,
        blocked_user_id: impl Into<String>,
    ) -> UnblockUsers {
        UnblockUsers {
            blocked_user_id: blocked_user_id.into(),
            user_id: user_id.into(),
        }
    }

    /// [`GetBlockedUsers`]: the users `user_id` blocked.
    pub fn blocked_by(&self, user_id: impl Into<String>) -> GetBlockedUsers {
        GetBlockedUsers {
            user_id: user_id.into(),
        }
    }

    /// [`ExportUser`] `user_id`.
    pub fn export(&self, user_id: impl Into<String>) -> ExportUser {
        ExportUser {
            user_id: user_id.into(),
        }
    }

    /// [`ExportUsers`]: exports many users (an asynchronous task).
    pub fn export_many<I: IntoIterator<Item = S>, S: Into<String>>(
        &self,
        user_ids: I,
    ) -> ExportUsers {
        ExportUsers {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
        }
    }
}

fn check_pair(user_id: &str, blocked_user_id: &str) -> Result<(), Error> {
    check_id("user_id", user_id)?;
    check_id("blocked_user_id", blocked_user_id)?;
    if user_id == blocked_user_id {
        return Err(BuildError::field("blocked_user_id", "a user cannot block themselves").into());
    }
    Ok(())
}

/// Blocks a user app-wide: `POST /api/v2/users/block` `{"blocked_user_id","user_id"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.block("alice", "bob"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockUsers {
    blocked_user_id: String,
    user_id: String,
}

impl JsonEndpoint for BlockUsers {
    type Output = BlockUsersResponse;

    const OP: &'static str = "v2.users.block";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_pair(&self.user_id, &self.blocked_user_id)?;
        Ok(spec(Self::OP, Method::Post, "users/block".into())
            .json(self)?
            .idempotent(true))
    }
}

/// Unblocks a user: `POST /api/v2/users/unblock` `{"blocked_user_id","user_id"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.unblock("alice", "bob"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnblockUsers {
    blocked_user_id: String,
    user_id: String,
}

impl JsonEndpoint for UnblockUsers {
    type Output = DurationResponse;

    const OP: &'static str = "v2.users.unblock";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_pair(&self.user_id, &self.blocked_user_id)?;
        Ok(spec(Self::OP, Method::Post, "users/unblock".into())
            .json(self)?
            .idempotent(true))
    }
}

/// Lists the users a user blocked: `GET /api/v2/users/block?user_id=`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.blocked_by("alice"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetBlockedUsers {
    user_id: String,
}

impl JsonEndpoint for GetBlockedUsers {
    type Output = GetBlockedUsersResponse;

    const OP: &'static str = "v2.users.blocked";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Get, "users/block".into()).query("user_id", &self.user_id))
    }
}

/// Exports a user and what they wrote: `GET /api/v2/users/{user_id}/export`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.export("alice"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportUser {
    user_id: String,
}

impl JsonEndpoint for ExportUser {
    type Output = ExportUserResponse;

    const OP: &'static str = "v2.users.export";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user_id", &self.user_id)?;
        let path = Path::new()
            .lit("users")
            .seg_strict(&self.user_id)
            .lit("export")
            .no_trailing_slash();
        Ok(spec(Self::OP, Method::Get, path))
    }
}

/// Exports many users as a background task: `POST /api/v2/export/users` `{"user_ids"}`; poll the
/// answered `task_id` with [`GetTask`](super::GetTask).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::V2Users;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&V2Users.export_many(["alice", "bob"]))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportUsers {
    user_ids: Vec<String>,
}

impl JsonEndpoint for ExportUsers {
    type Output = TaskResponse;

    const OP: &'static str = "v2.users.export_many";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        ids("user_ids", &self.user_ids)?;
        Ok(spec(Self::OP, Method::Post, "export/users".into()).json(self)?)
    }
}
