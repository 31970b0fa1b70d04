//! v2 video calls: the [`VideoCall`] handle and one endpoint per call operation.
use serde::Serialize;
use serde_json::Value;
use stream_models::v2::{
    CallRequest, CallSettingsRequest, DeleteCallResponse, DurationResponse, GetCallResponse,
    GetOrCreateCallResponse, MemberRequest, MembersResponse, UpdateCallResponse,
    time::serialize_opt_iso,
};
use stream_models::{Fields, Timestamp};

use super::{call_path, check_call_id, check_id, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// Convenience handle for v2 video (`client.video` in the official SDKs): calls, call queries and
/// call types. Creates endpoint values, sends nothing.
///
/// ```no_run
/// use stream_core::models::v2::{CallRequest, MemberRequest};
/// use stream_core::v2::Video;
/// let call = Video.call("default", "call-123");
/// let create = call.get_or_create().data(
///     CallRequest::new().created_by_id("alice").member(MemberRequest::new("bob")),
/// );
/// let calls = Video.query_calls().limit(10);
/// let members = Video.query_call_members("default", "call-123");
/// let types = Video.call_types();
/// let livestream = Video.call_type("livestream");
/// # let _ = (create, calls, members, types, livestream);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Video;

impl Video {
    /// The call `id` of type `call_type`, whose methods create its operations.
    pub fn call(&self, call_type: impl Into<String>, id: impl Into<String>) -> VideoCall {
        VideoCall::new(call_type, id)
    }

    /// [`QueryCalls`](super::QueryCalls) across the app (narrow it with its setters).
    pub fn query_calls(&self) -> super::QueryCalls {
        super::QueryCalls::new()
    }

    /// [`QueryCallMembers`](super::QueryCallMembers) of the call `call_type:id`.
    pub fn query_call_members(
        &self,
        call_type: impl Into<String>,
        id: impl Into<String>,
    ) -> super::QueryCallMembers {
        super::QueryCallMembers::new(call_type, id)
    }

    /// [`ListCallTypes`](super::ListCallTypes): the app's call types.
    pub fn call_types(&self) -> super::ListCallTypes {
        super::ListCallTypes
    }

    /// [`GetCallType`](super::GetCallType) `name`.
    pub fn call_type(&self, name: impl Into<String>) -> super::GetCallType {
        super::GetCallType::new(name)
    }

    /// [`CreateCallType`](super::CreateCallType) `name` with `fields`.
    pub fn create_call_type(
        &self,
        name: impl Into<String>,
        fields: super::CallTypeRequest,
    ) -> super::CreateCallType {
        super::CreateCallType::new(name, fields)
    }

    /// [`UpdateCallType`](super::UpdateCallType) `name` with `fields`.
    pub fn update_call_type(
        &self,
        name: impl Into<String>,
        fields: super::CallTypeRequest,
    ) -> super::UpdateCallType {
        super::UpdateCallType::new(name, fields)
    }

    /// [`DeleteCallType`](super::DeleteCallType) `name`.
    pub fn delete_call_type(&self, name: impl Into<String>) -> super::DeleteCallType {
        super::DeleteCallType::new(name)
    }
}

/// A call `type:id` (`video.call("default", "call-123")` in the official SDKs). Only makes
/// endpoint values; nothing is sent until one is passed to `client.send`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::CallRequest;
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let call = VideoCall::new("default", "call-123");
/// let request = config.build_request(&call.create(CallRequest::new().created_by_id("alice")))?;
/// assert_eq!(call.cid(), "default:call-123");
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VideoCall {
    call_type: String,
    id: String,
}

impl VideoCall {
    /// The call `id` of type `call_type` (`default`, `livestream`, `audio_room` or an app type).
    pub fn new(call_type: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            call_type: call_type.into(),
            id: id.into(),
        }
    }

    /// The call type.
    pub fn call_type(&self) -> &str {
        &self.call_type
    }

    /// The call id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `type:id`.
    pub fn cid(&self) -> String {
        format!("{}:{}", self.call_type, self.id)
    }

    /// Gets the call, creating it first when it does not exist.
    pub fn get_or_create(&self) -> GetOrCreateCall {
        GetOrCreateCall::new(self.clone())
    }

    /// Creates the call with `data` (an alias of get-or-create, as in the official SDKs).
    pub fn create(&self, data: CallRequest) -> GetOrCreateCall {
        GetOrCreateCall::new(self.clone()).data(data)
    }

    /// Gets the call.
    pub fn get(&self) -> GetCall {
        GetCall::new(self.clone())
    }

    /// Updates custom data, settings or start time.
    pub fn update(&self) -> UpdateCall {
        UpdateCall::new(self.clone())
    }

    /// Adds/updates and removes members.
    pub fn update_call_members(&self) -> UpdateCallMembers {
        UpdateCallMembers::new(self.clone())
    }

    /// Ends the call for everyone (`mark_ended`).
    pub fn end(&self) -> EndCall {
        EndCall::new(self.clone())
    }

    /// Deletes the call (soft unless [`DeleteCall::hard`]).
    pub fn delete(&self) -> DeleteCall {
        DeleteCall::new(self.clone())
    }

    /// Queries the members of this call.
    pub fn query_members(&self) -> super::QueryCallMembers {
        super::QueryCallMembers::new(self.call_type.clone(), self.id.clone())
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        check_id("call_type", &self.call_type)?;
        check_call_id("call_id", &self.id)
    }

    pub(crate) fn path(&self, action: Option<&str>) -> String {
        call_path(&self.call_type, &self.id, action)
    }
}

/// Gets or creates a call: `POST /api/v2/video/call/{type}/{id}` with
/// `{"members_limit", "notify", "ring", "video", "data": CallRequest}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::{CallRequest, MemberRequest};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("livestream", "live-1").get_or_create().members_limit(10).data(
///     CallRequest::new().created_by_id("alice").member(MemberRequest::new("carol").role("admin")));
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GetOrCreateCall {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    members_limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notify: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ring: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<CallRequest>,
}

impl GetOrCreateCall {
    /// Get-or-create of `call` with no data.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            members_limit: None,
            notify: None,
            ring: None,
            video: None,
            data: None,
        }
    }

    /// The call's data (creator, members, custom, settings).
    pub fn data(mut self, data: CallRequest) -> Self {
        self.data = Some(data);
        self
    }

    /// How many members to return.
    pub fn members_limit(mut self, limit: u32) -> Self {
        self.members_limit = Some(limit);
        self
    }

    /// Notify members.
    pub fn notify(mut self, yes: bool) -> Self {
        self.notify = Some(yes);
        self
    }

    /// Ring members.
    pub fn ring(mut self, yes: bool) -> Self {
        self.ring = Some(yes);
        self
    }

    /// Video call (ringing shows it as one).
    pub fn video(mut self, yes: bool) -> Self {
        self.video = Some(yes);
        self
    }
}

impl JsonEndpoint for GetOrCreateCall {
    type Output = GetOrCreateCallResponse;

    const OP: &'static str = "v2.video.call.get_or_create";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if let Some(creator) = self.data.as_ref().and_then(|d| d.created_by_id.as_deref()) {
            check_id("created_by_id", creator)?;
        }
        if let Some(members) = self.data.as_ref().and_then(|d| d.members.as_ref()) {
            for m in members {
                check_id("members[].user_id", &m.user_id)?;
            }
        }
        if let Some(settings) = self
            .data
            .as_ref()
            .and_then(|d| d.settings_override.as_ref())
        {
            super::call_settings::check(settings)?;
        }
        Ok(spec(Self::OP, Method::Post, self.call.path(None))
            .json(self)?
            .idempotent(true))
    }
}

/// Gets a call: `GET /api/v2/video/call/{type}/{id}` (`members_limit`, `ring`, `notify`,
/// `video` in the query when set).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "call-123").get().members_limit(5))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCall {
    call: VideoCall,
    members_limit: Option<u32>,
    ring: Option<bool>,
    notify: Option<bool>,
    video: Option<bool>,
}

impl GetCall {
    /// Gets `call`.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            members_limit: None,
            ring: None,
            notify: None,
            video: None,
        }
    }

    /// How many members to return.
    pub fn members_limit(mut self, limit: u32) -> Self {
        self.members_limit = Some(limit);
        self
    }

    /// Ring members.
    pub fn ring(mut self, yes: bool) -> Self {
        self.ring = Some(yes);
        self
    }

    /// Notify members.
    pub fn notify(mut self, yes: bool) -> Self {
        self.notify = Some(yes);
        self
    }

    /// Video call.
    pub fn video(mut self, yes: bool) -> Self {
        self.video = Some(yes);
        self
    }
}

impl JsonEndpoint for GetCall {
    type Output = GetCallResponse;

    const OP: &'static str = "v2.video.call.get";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let b = |v: Option<bool>| v.map(|v| v.to_string());
        Ok(spec(Self::OP, Method::Get, self.call.path(None))
            .query_opt("members_limit", self.members_limit.map(|n| n.to_string()))
            .query_opt("ring", b(self.ring))
            .query_opt("notify", b(self.notify))
            .query_opt("video", b(self.video)))
    }
}

/// Updates a call: `PATCH /api/v2/video/call/{type}/{id}` with `custom`, `settings_override`,
/// `starts_at`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::{CallSettingsRequest, ScreensharingSettingsRequest};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "call-123").update()
///     .custom("color", "green")
///     .settings_override(CallSettingsRequest::new()
///         .screensharing(ScreensharingSettingsRequest::new().enabled(false)));
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateCall {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom: Option<Fields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settings_override: Option<CallSettingsRequest>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_iso"
    )]
    starts_at: Option<Timestamp>,
}

impl UpdateCall {
    /// An update of `call` that changes nothing yet.
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            custom: None,
            settings_override: None,
            starts_at: None,
        }
    }

    /// Sets one custom field (the custom data sent replaces the call's).
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let (key, value): (String, Value) = (key.into(), value.into());
        self.custom
            .get_or_insert_with(Fields::new)
            .insert(key, value);
        self
    }

    /// Replaces all custom data (a [`Fields`], or a `serde_json::Map`).
    pub fn custom_map(mut self, custom: impl Into<Fields>) -> Self {
        self.custom = Some(custom.into());
        self
    }

    /// Overrides settings of the call's type: the groups and fields set merge into the call's
    /// current overrides.
    pub fn settings_override(mut self, settings: CallSettingsRequest) -> Self {
        self.settings_override = Some(settings);
        self
    }

    /// Reschedules the start.
    pub fn starts_at(mut self, at: Timestamp) -> Self {
        self.starts_at = Some(at);
        self
    }
}

impl JsonEndpoint for UpdateCall {
    type Output = UpdateCallResponse;

    const OP: &'static str = "v2.video.call.update";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if let Some(settings) = &self.settings_override {
            super::call_settings::check(settings)?;
        }
        Ok(spec(Self::OP, Method::Patch, self.call.path(None)).json(self)?)
    }
}

/// Adds/updates and removes members: `POST /api/v2/video/call/{type}/{id}/members` with
/// `{"remove_members": [ids], "update_members": [MemberRequest]}`. Members must be existing users.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::MemberRequest;
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = VideoCall::new("default", "call-123").update_call_members()
///     .update(MemberRequest::new("carol").role("admin"))
///     .remove("bob");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateCallMembers {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove_members: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    update_members: Option<Vec<MemberRequest>>,
}

impl UpdateCallMembers {
    /// A change of `call`'s members (add some with [`Self::update`], remove with [`Self::remove`]).
    pub fn new(call: VideoCall) -> Self {
        Self {
            call,
            remove_members: None,
            update_members: None,
        }
    }

    /// Adds or updates a member.
    pub fn update(mut self, member: MemberRequest) -> Self {
        self.update_members
            .get_or_insert_with(Vec::new)
            .push(member);
        self
    }

    /// Removes the member `user_id`.
    pub fn remove(mut self, user_id: impl Into<String>) -> Self {
        self.remove_members
            .get_or_insert_with(Vec::new)
            .push(user_id.into());
        self
    }
}

impl JsonEndpoint for UpdateCallMembers {
    type Output = MembersResponse;

    const OP: &'static str = "v2.video.call.update_members";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        if self.remove_members.is_none() && self.update_members.is_none() {
            return Err(BuildError::field(
                "update_members",
                "add, update or remove at least one member",
            )
            .into());
        }
        for id in self.remove_members.iter().flatten() {
            check_id("remove_members[]", id)?;
        }
        for m in self.update_members.iter().flatten() {
            check_id("update_members[].user_id", &m.user_id)?;
        }
        let path = self.call.path(Some("members"));
        Ok(spec(Self::OP, Method::Post, path)
            .json(self)?
            .idempotent(true))
    }
}

/// Ends a call for everyone: `POST /api/v2/video/call/{type}/{id}/mark_ended`, no body.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "call-123").end())?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndCall {
    call: VideoCall,
}

impl EndCall {
    /// Ends `call`.
    pub fn new(call: VideoCall) -> Self {
        Self { call }
    }
}

impl JsonEndpoint for EndCall {
    type Output = DurationResponse;

    const OP: &'static str = "v2.video.call.end";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("mark_ended"));
        Ok(spec(Self::OP, Method::Post, path).idempotent(true))
    }
}

/// Deletes a call: `POST /api/v2/video/call/{type}/{id}/delete` with `{}` or `{"hard": true}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::VideoCall;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&VideoCall::new("default", "call-123").delete().hard(true))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeleteCall {
    #[serde(skip)]
    call: VideoCall,
    #[serde(skip_serializing_if = "Option::is_none")]
    hard: Option<bool>,
}

impl DeleteCall {
    /// Soft-deletes `call`.
    pub fn new(call: VideoCall) -> Self {
        Self { call, hard: None }
    }

    /// Deletes for good (with a clean-up task) instead.
    pub fn hard(mut self, hard: bool) -> Self {
        self.hard = Some(hard);
        self
    }
}

impl JsonEndpoint for DeleteCall {
    type Output = DeleteCallResponse;

    const OP: &'static str = "v2.video.call.delete";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        self.call.check()?;
        let path = self.call.path(Some("delete"));
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}
