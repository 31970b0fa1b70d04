//! v2 video calls: what to send to create and update calls and members, and what comes back.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::settings::notification::NotificationSettingsResponse;
use super::settings::{CallIngressResponse, CallSettingsRequest, CallSettingsResponse};
use super::time::{serialize_opt_iso, serialize_opt_nanos};
use super::user::UserResponse;
use crate::{Fields, Timestamp};

/// The built-in call types every app has.
pub const BUILTIN_CALL_TYPES: [&str; 3] = ["default", "livestream", "audio_room"];

/// A call member to add or update: `{"user_id", "role"?, "custom"?}`. The user must exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberRequest {
    /// The member's user id.
    pub user_id: String,
    /// Role in the call (`host`, `admin`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Custom data of the membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Fields>,
}

impl MemberRequest {
    /// A member with only a user id.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            ..Self::default()
        }
    }

    /// Sets the role.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Adds a custom field.
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let (key, value): (String, Value) = (key.into(), value.into());
        self.custom
            .get_or_insert_with(Fields::new)
            .insert(key, value);
        self
    }
}

/// The `data` of get-or-create: who creates the call, its members, custom data and settings.
///
/// ```
/// use stream_models::v2::{CallRequest, MemberRequest};
/// let data = CallRequest::new()
///     .created_by_id("alice")
///     .member(MemberRequest::new("alice").role("host"))
///     .custom("color", "blue");
/// assert_eq!(serde_json::to_string(&data).unwrap(),
///     r#"{"created_by_id":"alice","members":[{"user_id":"alice","role":"host"}],"custom":{"color":"blue"}}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallRequest {
    /// The creating user (server-side requests must name one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_id: Option<String>,
    /// Scheduled start, sent as `2024-01-02T03:04:05+00:00`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_iso"
    )]
    pub starts_at: Option<Timestamp>,
    /// Team (multi-tenant apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Video enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<bool>,
    /// Initial members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberRequest>>,
    /// Custom data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Fields>,
    /// Settings overriding the call type's, group by group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings_override: Option<CallSettingsRequest>,
}

impl CallRequest {
    /// Empty call data.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the creating user.
    pub fn created_by_id(mut self, user_id: impl Into<String>) -> Self {
        self.created_by_id = Some(user_id.into());
        self
    }

    /// Sets the scheduled start.
    pub fn starts_at(mut self, at: Timestamp) -> Self {
        self.starts_at = Some(at);
        self
    }

    /// Sets the team.
    pub fn team(mut self, team: impl Into<String>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// Adds a member.
    pub fn member(mut self, member: MemberRequest) -> Self {
        self.members.get_or_insert_with(Vec::new).push(member);
        self
    }

    /// Adds a custom field.
    pub fn custom(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        let (key, value): (String, Value) = (key.into(), value.into());
        self.custom
            .get_or_insert_with(Fields::new)
            .insert(key, value);
        self
    }

    /// Sets the settings overriding the call type's (only the groups and fields set are sent).
    pub fn settings_override(mut self, settings: CallSettingsRequest) -> Self {
        self.settings_override = Some(settings);
        self
    }
}

/// A call as the service returns it, with its effective settings and ingress addresses typed
/// (egress state is kept as JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallResponse {
    /// Call type (`default`).
    #[serde(
        default,
        deserialize_with = "crate::activity::null_default",
        rename = "type"
    )]
    pub call_type: String,
    /// Call id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// `type:id`.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub cid: String,
    /// The creator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<UserResponse>,
    /// Custom data.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub custom: Fields,
    /// Users blocked from the call.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub blocked_user_ids: Vec<String>,
    /// In backstage mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backstage: Option<bool>,
    /// Recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<bool>,
    /// Transcribing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcribing: Option<bool>,
    /// Closed captions on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captioning: Option<bool>,
    /// Current session id (`""` when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_session_id: Option<String>,
    /// Team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub updated_at: Option<Timestamp>,
    /// Scheduled start.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub starts_at: Option<Timestamp>,
    /// When it was ended.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub ended_at: Option<Timestamp>,
    /// Effective settings: the call type's with the call's overrides.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub settings: CallSettingsResponse,
    /// Where to send streams into the call (RTMP, SRT, WHIP).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub ingress: CallIngressResponse,
    /// Egress state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress: Option<Value>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A call member as the service returns it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberResponse {
    /// The member's user id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub user_id: String,
    /// Role in the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Custom data.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub custom: Fields,
    /// The user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserResponse>,
    /// Added.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub updated_at: Option<Timestamp>,
    /// Removed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub deleted_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A call with its members and the caller's capabilities: the answer of get-or-create, get and
/// update, and each entry of query calls (`CallStateResponseFields`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallStateResponse {
    /// The call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub call: CallResponse,
    /// Its members (up to `members_limit`).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members: Vec<MemberResponse>,
    /// What the caller may do (`"join-call"`, …).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub own_capabilities: Vec<String>,
    /// Get-or-create only: whether this request created the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<bool>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of get-or-create.
pub type GetOrCreateCallResponse = CallStateResponse;
/// Answer of get.
pub type GetCallResponse = CallStateResponse;
/// Answer of update.
pub type UpdateCallResponse = CallStateResponse;

/// Answer of update call members and query call members.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MembersResponse {
    /// Members.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members: Vec<MemberResponse>,
    /// Cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of query calls.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryCallsResponse {
    /// Matching calls.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub calls: Vec<CallStateResponse>,
    /// Cursor of the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of delete call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteCallResponse {
    /// The call as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallResponse>,
    /// Hard delete: the clean-up task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A call type: name, grants per role, settings and notification settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallTypeResponse {
    /// Name (`default`).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub name: String,
    /// Capabilities per role.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub grants: BTreeMap<String, Vec<String>>,
    /// Settings calls of this type start from.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub settings: CallSettingsResponse,
    /// Push notification settings.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub notification_settings: NotificationSettingsResponse,
    /// External storage recordings go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_storage: Option<String>,
    /// Created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub updated_at: Option<Timestamp>,
    /// Server-side duration (single call-type answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of list call types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListCallTypeResponse {
    /// Call types by name.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub call_types: BTreeMap<String, CallTypeResponse>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}
