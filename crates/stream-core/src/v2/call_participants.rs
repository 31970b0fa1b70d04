//! v2 operations on the people in a call: kick a participant (optionally blocking them), pin
//! and unpin a participant's video for everyone, ring members, query participants.
use serde::Serialize;
use serde_json::{Map, Value};
use stream_models::v2::{DurationResponse, QueryCallParticipantsResponse, RingCallResponse};

use super::{VideoCall, check_id, check_not_empty, ids, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// The most participants one query answers.
pub const MAX_PARTICIPANTS_LIMIT: u32 = 1_000;

impl VideoCall {
    /// Removes `user_id` from the call: [`KickUser`].
    pub fn kick_user(&self, user_id: impl Into<String>) -> KickUser {
        KickUser {
            call: self.clone(),
            user_id: user_id.into(),
            block: None,
            kicked_by_id: None,
        }
    }

    /// Pins the video of `user_id`'s session `session_id` for everyone: [`PinParticipant`].
    pub fn pin(&self, user_id: impl Into<String>, session_id: impl Into<String>) -> PinParticipant {
        PinParticipant {
            call: self.clone(),
            user_id: user_id.into(),
            session_id: session_id.into(),
        }
    }

    /// Unpins it: [`UnpinParticipant`].
    pub fn unpin(
        &self,
        user_id: impl Into<String>,
        session_id: impl Into<String>,
    ) -> UnpinParticipant {
        UnpinParticipant {
            call: self.clone(),
            user_id: user_id.into(),
            session_id: session_id.into(),
        }
    }

    /// Rings the call's members: [`RingCall`].
    pub fn ring(&self) -> RingCall {
        RingCall {
            call: self.clone(),
            video: None,
            members_ids: None,
        }
    }

    /// Queries who is in the call now: [`QueryCallParticipants`].
    pub fn query_participants(&self) -> QueryCallParticipants {
        QueryCallParticipants {
            call: self.clone(),
            limit: None,
            filter_conditions: None,
        }
    }
}

/// Kicks a user out of a call: `POST /api/v2/video/call/{type}/{id}/kick`
/// `{"user_id", "block"?, "kicked_by_id"?}`; with [`KickUser::block`] they cannot join again.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").kick_user("dave").block().kicked_by("alice");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KickUser {
    #[serde(skip)]
    call: VideoCall,
    user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    block: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kicked_by_id: Option<String>,
}

impl KickUser {
    /// Block them from the call too.
    pub fn block(mut self) -> Self {
        self.block = Some(true);
        self
    }

    /// Who kicks them (named in the event).
    pub fn kicked_by(mut self, user_id: impl Into<String>) -> Self {
        self.kicked_by_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for KickUser {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.kick_user";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        check_id("user_id", &self.user_id)?;
        if let Some(by) = &self.kicked_by_id {
            check_id("kicked_by_id", by)?;
        }
        Ok(spec(Self::OP, Method::Post, self.call.path(Some("kick")))
            .json(self)?
            .idempotent(true))
    }
}

/// `{"user_id", "session_id"}` of pin and unpin, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct PinBody<'a> {
    session_id: &'a str,
    user_id: &'a str,
}

fn pin_spec(
    op: &'static str,
    call: &VideoCall,
    action: &str,
    user_id: &str,
    session_id: &str,
) -> Result<Spec, Error> {
    call.check()?;
    check_id("user_id", user_id)?;
    check_not_empty("session_id", Some(session_id))?;
    let body = PinBody {
        session_id,
        user_id,
    };
    Ok(spec(op, Method::Post, call.path(Some(action)))
        .json(&body)?
        .idempotent(true))
}

/// Pins a participant's video for everyone: `POST /api/v2/video/call/{type}/{id}/pin`
/// `{"user_id", "session_id"}` (the session a participant query names as `user_session_id`).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").pin("bob", "session-of-bob");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinParticipant {
    call: VideoCall,
    user_id: String,
    session_id: String,
}

impl JsonEndpoint for PinParticipant {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.pin";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        pin_spec(Self::OP, &self.call, "pin", &self.user_id, &self.session_id)
    }
}

/// Unpins a participant's video: `POST /api/v2/video/call/{type}/{id}/unpin`
/// `{"user_id", "session_id"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").unpin("bob", "session-of-bob");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpinParticipant {
    call: VideoCall,
    user_id: String,
    session_id: String,
}

impl JsonEndpoint for UnpinParticipant {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.unpin";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        pin_spec(
            Self::OP,
            &self.call,
            "unpin",
            &self.user_id,
            &self.session_id,
        )
    }
}

/// Rings a call's members: `POST /api/v2/video/call/{type}/{id}/ring`
/// `{"video"?, "members_ids"?}` (all members but the creator when no ids are given); answers
/// the `members_ids` rung.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "c1").ring().video().members(["bob"]);
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RingCall {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    members_ids: Option<Vec<String>>,
}

impl RingCall {
    /// A video call (not audio only).
    pub fn video(mut self) -> Self {
        self.video = Some(true);
        self
    }

    /// Ring only these members.
    pub fn members<I: IntoIterator<Item = S>, S: Into<String>>(mut self, user_ids: I) -> Self {
        self.members_ids = Some(user_ids.into_iter().map(Into::into).collect());
        self
    }
}

impl JsonEndpoint for RingCall {
    type Output = RingCallResponse;

    const OP: &'static str = "v2.video.call.ring";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if let Some(members) = &self.members_ids {
            ids("members_ids", members)?;
        }
        Ok(spec(Self::OP, Method::Post, self.call.path(Some("ring"))).json(self)?)
    }
}

/// Queries who is in a call now: `POST /api/v2/video/call/{type}/{id}/participants?limit=`
/// `{"filter_conditions"?}` (`{"user_id": {"$in": [...]}}`, `{"role": {"$eq": "host"}}`, …).
///
/// ```no_run
/// use serde_json::json;
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut filter = serde_json::Map::new();
/// filter.insert("user_id".into(), json!({"$eq": "bob"}));
/// let op = VideoCall::new("default", "c1").query_participants().filter(filter).limit(10);
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryCallParticipants {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip)]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter_conditions: Option<Map<String, Value>>,
}

impl QueryCallParticipants {
    /// At most `limit` participants (1 to [`MAX_PARTICIPANTS_LIMIT`]).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// MongoDB-style filter over the participants.
    pub fn filter(mut self, filter_conditions: Map<String, Value>) -> Self {
        self.filter_conditions = Some(filter_conditions);
        self
    }
}

impl JsonEndpoint for QueryCallParticipants {
    type Output = QueryCallParticipantsResponse;

    const OP: &'static str = "v2.video.call.query_participants";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if let Some(limit) = self.limit
            && !(1..=MAX_PARTICIPANTS_LIMIT).contains(&limit)
        {
            return Err(BuildError::field(
                "limit",
                format!("must be 1 to {MAX_PARTICIPANTS_LIMIT}"),
            )
            .into());
        }
        let path = self.call.path(Some("participants"));
        Ok(spec(Self::OP, Method::Post, path)
            .query_opt("limit", self.limit.map(|n| n.to_string()))
            .json(self)?
            .idempotent(true))
    }
}
