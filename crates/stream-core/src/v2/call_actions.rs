//! v2 actions on a call's participants: block and unblock a user, mute users, grant and revoke
//! a user's permissions, send a custom event.
use serde::Serialize;
use serde_json::{Map, Value};
use stream_models::v2::DurationResponse;

use super::{VideoCall, check_id, ids, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

impl VideoCall {
    /// Blocks `user_id` from the call: they cannot join it again.
    pub fn block_user(&self, user_id: impl Into<String>) -> BlockUser {
        BlockUser {
            call: self.clone(),
            user_id: user_id.into(),
        }
    }

    /// Lets a blocked `user_id` join the call again.
    pub fn unblock_user(&self, user_id: impl Into<String>) -> UnblockUser {
        UnblockUser {
            call: self.clone(),
            user_id: user_id.into(),
        }
    }

    /// Mutes users (set [`MuteUsers::users`] or [`MuteUsers::all`], and what to mute).
    pub fn mute_users(&self) -> MuteUsers {
        MuteUsers::new(self.clone())
    }

    /// Grants and revokes call capabilities of `user_id`.
    pub fn update_user_permissions(&self, user_id: impl Into<String>) -> UpdateUserPermissions {
        UpdateUserPermissions::new(self.clone(), user_id)
    }

    /// Sends a custom event to the call's participants.
    pub fn send_event(&self, user_id: impl Into<String>) -> SendCallEvent {
        SendCallEvent::new(self.clone(), user_id)
    }
}

/// Blocks a user from a call: `POST /api/v2/video/call/{type}/{id}/block` `{"user_id"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "c1").block_user("dave"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockUser {
    #[serde(skip)]
    call: VideoCall,
    user_id: String,
}

impl JsonEndpoint for BlockUser {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.block_user";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Post, self.call.path(Some("block")))
            .json(self)?
            .idempotent(true))
    }
}

/// Unblocks a user: `POST /api/v2/video/call/{type}/{id}/unblock` `{"user_id"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "c1").unblock_user("dave"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnblockUser {
    #[serde(skip)]
    call: VideoCall,
    user_id: String,
}

impl JsonEndpoint for UnblockUser {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.unblock_user";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_id("user_id", &self.user_id)?;
        Ok(
            spec(Self::OP, Method::Post, self.call.path(Some("unblock")))
                .json(self)?
                .idempotent(true),
        )
    }
}

/// Mutes users in a call: `POST /api/v2/video/call/{type}/{id}/mute_users` with the tracks to
/// mute (`audio`, `video`, `screenshare`, `screenshare_audio`) and whom (`user_ids` or
/// `mute_all_users`), optionally `muted_by_id`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mute = VideoCall::new("default", "c1").mute_users().users(["bob"]).audio().video()
///     .muted_by("alice");
/// let request = config.build_request(&mute)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MuteUsers {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mute_all_users: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    muted_by_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    screenshare: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    screenshare_audio: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_ids: Option<Vec<String>>,
}

impl MuteUsers {
    /// Nothing muted yet.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            audio: None,
            mute_all_users: None,
            muted_by_id: None,
            screenshare: None,
            screenshare_audio: None,
            video: None,
            user_ids: None,
        }
    }

    /// Mute these users.
    pub fn users<I: IntoIterator<Item = S>, S: Into<String>>(mut self, user_ids: I) -> Self {
        self.user_ids = Some(user_ids.into_iter().map(Into::into).collect());
        self
    }

    /// Mute everyone in the call.
    pub fn all(mut self) -> Self {
        self.mute_all_users = Some(true);
        self
    }

    /// Mute their microphones.
    pub fn audio(mut self) -> Self {
        self.audio = Some(true);
        self
    }

    /// Mute their cameras.
    pub fn video(mut self) -> Self {
        self.video = Some(true);
        self
    }

    /// Stop their screen shares.
    pub fn screenshare(mut self) -> Self {
        self.screenshare = Some(true);
        self
    }

    /// Mute their screen shares' audio.
    pub fn screenshare_audio(mut self) -> Self {
        self.screenshare_audio = Some(true);
        self
    }

    /// Who mutes them (a user the service names in the event).
    pub fn muted_by(mut self, user_id: impl Into<String>) -> Self {
        self.muted_by_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for MuteUsers {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.mute_users";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        match (&self.user_ids, self.mute_all_users) {
            (Some(users), None) => ids("user_ids", users)?,
            (None, Some(true)) => {}
            _ => {
                return Err(BuildError::field(
                    "user_ids",
                    "name the users to mute, or mute all users (not both)",
                )
                .into());
            }
        }
        let tracks = [
            self.audio,
            self.video,
            self.screenshare,
            self.screenshare_audio,
        ];
        if !tracks.contains(&Some(true)) {
            return Err(BuildError::field(
                "audio",
                "mute at least one of audio, video, screenshare, screenshare_audio",
            )
            .into());
        }
        if let Some(by) = &self.muted_by_id {
            check_id("muted_by_id", by)?;
        }
        Ok(
            spec(Self::OP, Method::Post, self.call.path(Some("mute_users")))
                .json(self)?
                .idempotent(true),
        )
    }
}

/// Grants and revokes a user's capabilities in a call:
/// `POST /api/v2/video/call/{type}/{id}/user_permissions`
/// `{"user_id","grant_permissions","revoke_permissions"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").update_user_permissions("bob")
///     .grant(["send-audio"]).revoke(["screenshare"]);
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateUserPermissions {
    #[serde(skip)]
    call: VideoCall,
    user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    grant_permissions: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revoke_permissions: Option<Vec<String>>,
}

impl UpdateUserPermissions {
    /// Changes nothing yet for `user_id`.
    pub fn new(call: VideoCall, user_id: impl Into<String>) -> Self {
        Self {
            call,
            user_id: user_id.into(),
            grant_permissions: None,
            revoke_permissions: None,
        }
    }

    /// Capabilities to grant (`send-audio`, `screenshare`, …).
    pub fn grant<I: IntoIterator<Item = S>, S: Into<String>>(mut self, caps: I) -> Self {
        self.grant_permissions = Some(caps.into_iter().map(Into::into).collect());
        self
    }

    /// Capabilities to revoke.
    pub fn revoke<I: IntoIterator<Item = S>, S: Into<String>>(mut self, caps: I) -> Self {
        self.revoke_permissions = Some(caps.into_iter().map(Into::into).collect());
        self
    }
}

impl JsonEndpoint for UpdateUserPermissions {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.update_user_permissions";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_id("user_id", &self.user_id)?;
        let lists = [&self.grant_permissions, &self.revoke_permissions];
        if lists.iter().all(|l| l.as_ref().is_none_or(Vec::is_empty)) {
            return Err(BuildError::field(
                "grant_permissions",
                "grant or revoke at least one capability",
            )
            .into());
        }
        if lists
            .iter()
            .flat_map(|l| l.iter().flatten())
            .any(String::is_empty)
        {
            return Err(BuildError::field("grant_permissions", "empty capability").into());
        }
        let path = self.call.path(Some("user_permissions"));
        Ok(spec(Self::OP, Method::Post, path)
            .json(self)?
            .idempotent(true))
    }
}

/// Sends a custom event to a call: `POST /api/v2/video/call/{type}/{id}/event`
/// `{"user_id","custom"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").send_event("alice").custom("bananas", "good");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendCallEvent {
    #[serde(skip)]
    call: VideoCall,
    user_id: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    custom: Map<String, Value>,
}

impl SendCallEvent {
    /// An event sent as `user_id`, with no custom data yet.
    pub fn new(call: VideoCall, user_id: impl Into<String>) -> Self {
        Self {
            call,
            user_id: user_id.into(),
            custom: Map::new(),
        }
    }

    /// Sets one custom field of the event.
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom.insert(key.into(), value.into());
        self
    }
}

impl JsonEndpoint for SendCallEvent {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.send_event";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_id("user_id", &self.user_id)?;
        Ok(spec(Self::OP, Method::Post, self.call.path(Some("event"))).json(self)?)
    }
}
