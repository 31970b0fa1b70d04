//! v2 users: what to send when upserting or updating them, and what the service answers.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::time::serialize_opt_nanos;
use crate::{Fields, Timestamp};

/// One user to create or replace (`POST /api/v2/users`). Unset fields are left out of the body.
///
/// ```
/// use stream_models::v2::UserRequest;
/// let alice = UserRequest::new("alice").name("Alice").role("admin").custom("color", "red");
/// assert_eq!(serde_json::to_string(&alice).unwrap(),
///     r#"{"id":"alice","name":"Alice","role":"admin","custom":{"color":"red"}}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserRequest {
    /// The user id.
    pub id: String,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Hidden from presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invisible: Option<bool>,
    /// Language code (`nl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role (`user`, `admin`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Teams (multi-tenant apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<String>>,
    /// Custom data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Fields>,
    /// Privacy settings (typing indicators, read and delivery receipts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_settings: Option<PrivacySettings>,
    /// Role per team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams_role: Option<Map<String, Value>>,
}

impl UserRequest {
    /// A user with only an id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }

    /// Sets the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the role.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Sets the avatar URL.
    pub fn image(mut self, image: impl Into<String>) -> Self {
        self.image = Some(image.into());
        self
    }

    /// Sets the language.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Sets `invisible`.
    pub fn invisible(mut self, invisible: bool) -> Self {
        self.invisible = Some(invisible);
        self
    }

    /// Sets the teams.
    pub fn teams<I: IntoIterator<Item = S>, S: Into<String>>(mut self, teams: I) -> Self {
        self.teams = Some(teams.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the role of the user in `team`.
    pub fn team_role(mut self, team: impl Into<String>, role: impl Into<String>) -> Self {
        self.teams_role
            .get_or_insert_with(Map::new)
            .insert(team.into(), Value::String(role.into()));
        self
    }

    /// Adds one custom field.
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

    /// Sets the privacy settings.
    ///
    /// ```
    /// use stream_models::v2::{PrivacySettings, UserRequest};
    /// let quiet = UserRequest::new("alice")
    ///     .privacy_settings(PrivacySettings::new().typing_indicators(false).read_receipts(false));
    /// assert_eq!(serde_json::to_string(&quiet).unwrap(),
    ///     r#"{"id":"alice","privacy_settings":{"typing_indicators":{"enabled":false},"read_receipts":{"enabled":false}}}"#);
    /// ```
    pub fn privacy_settings(mut self, settings: PrivacySettings) -> Self {
        self.privacy_settings = Some(settings);
        self
    }
}

/// A partial update of one user (`PATCH /api/v2/users`): fields to set and fields to remove.
///
/// ```
/// use stream_models::v2::UpdateUserPartialRequest;
/// let p = UpdateUserPartialRequest::new("alice").set("name", "Alice B").unset("image");
/// assert_eq!(serde_json::to_string(&p).unwrap(),
///     r#"{"id":"alice","unset":["image"],"set":{"name":"Alice B"}}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateUserPartialRequest {
    /// The user id.
    pub id: String,
    /// Fields to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unset: Option<Vec<String>>,
    /// Fields to set (top-level or custom).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Map<String, Value>>,
}

impl UpdateUserPartialRequest {
    /// An empty update of user `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }

    /// Sets `field` to `value`.
    pub fn set(mut self, field: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set
            .get_or_insert_with(Map::new)
            .insert(field.into(), value.into());
        self
    }

    /// Removes `field`.
    pub fn unset(mut self, field: impl Into<String>) -> Self {
        self.unset.get_or_insert_with(Vec::new).push(field.into());
        self
    }
}

/// A sort clause of query bodies: `{"field": "name", "direction": 1}` (1 ascending, -1 descending).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SortParam {
    /// Sort direction: `1` ascending, `-1` descending.
    pub direction: i32,
    /// Field name.
    pub field: String,
}

impl SortParam {
    /// Ascending by `field`.
    pub fn asc(field: impl Into<String>) -> Self {
        Self {
            direction: 1,
            field: field.into(),
        }
    }

    /// Descending by `field`.
    pub fn desc(field: impl Into<String>) -> Self {
        Self {
            direction: -1,
            field: field.into(),
        }
    }
}

/// The query of `GET /api/v2/users?payload=<JSON>`. Unset fields are left out (the service
/// treats them like the `null`s Python sends).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryUsersPayload {
    /// MongoDB-style filter (`{"id": {"$in": ["alice"]}}`).
    pub filter_conditions: Map<String, Value>,
    /// Include deactivated users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_deactivated_users: Option<bool>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Include presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<bool>,
    /// Sort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Vec<SortParam>>,
}

/// Privacy settings of a user (typing indicators, read and delivery receipts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PrivacySettings {
    /// `{"enabled": bool}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typing_indicators: Option<Value>,
    /// `{"enabled": bool}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_receipts: Option<Value>,
    /// `{"enabled": bool}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_receipts: Option<Value>,
    /// Anything else.
    #[serde(flatten)]
    pub extra: Fields,
}

/// `{"enabled": yes}`.
fn toggle(yes: bool) -> Value {
    let mut m = Map::new();
    m.insert("enabled".into(), Value::Bool(yes));
    Value::Object(m)
}

/// The `enabled` flag of a `{"enabled": bool}` setting.
fn enabled(setting: Option<&Value>) -> Option<bool> {
    setting?.get("enabled")?.as_bool()
}

impl PrivacySettings {
    /// No settings (the service's defaults apply).
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether others see the user typing.
    pub fn typing_indicators(mut self, enabled: bool) -> Self {
        self.typing_indicators = Some(toggle(enabled));
        self
    }

    /// Whether others see what the user read.
    pub fn read_receipts(mut self, enabled: bool) -> Self {
        self.read_receipts = Some(toggle(enabled));
        self
    }

    /// Whether others see what reached the user.
    pub fn delivery_receipts(mut self, enabled: bool) -> Self {
        self.delivery_receipts = Some(toggle(enabled));
        self
    }

    /// `typing_indicators.enabled`, when set.
    pub fn typing_indicators_enabled(&self) -> Option<bool> {
        enabled(self.typing_indicators.as_ref())
    }

    /// `read_receipts.enabled`, when set.
    pub fn read_receipts_enabled(&self) -> Option<bool> {
        enabled(self.read_receipts.as_ref())
    }

    /// `delivery_receipts.enabled`, when set.
    pub fn delivery_receipts_enabled(&self) -> Option<bool> {
        enabled(self.delivery_receipts.as_ref())
    }
}

/// A user as the service returns it (`UserResponse` and `FullUserResponse`: the full form adds
/// unread counters, mutes and devices, kept here as optional fields or in `extra`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserResponse {
    /// User id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub id: String,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Banned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banned: Option<bool>,
    /// Online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<bool>,
    /// Invisible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invisible: Option<bool>,
    /// Shadow banned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow_banned: Option<bool>,
    /// Teams.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub teams: Vec<String>,
    /// Role per team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams_role: Option<Map<String, Value>>,
    /// Users this user blocked.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub blocked_user_ids: Vec<String>,
    /// Custom data.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub custom: Fields,
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
    /// When deactivated, if it is.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub deactivated_at: Option<Timestamp>,
    /// When deleted, if it is.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub deleted_at: Option<Timestamp>,
    /// Last activity.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub last_active: Option<Timestamp>,
    /// Tokens issued before this time are refused.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub revoke_tokens_issued_before: Option<Timestamp>,
    /// Privacy settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_settings: Option<PrivacySettings>,
    /// Total unread messages (full form only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_unread_count: Option<i64>,
    /// Unread channels (full form only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread_channels: Option<i64>,
    /// Any other field the service sent.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The full user form of `upsert`/`query` answers; same fields as [`UserResponse`].
pub type FullUserResponse = UserResponse;

/// Answer of upsert and partial update: the users, by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateUsersResponse {
    /// Users by id.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub users: BTreeMap<String, FullUserResponse>,
    /// Task id of the membership clean-up (when teams changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_deletion_task_id: Option<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl UpdateUsersResponse {
    /// The user `id`, when the answer holds it.
    pub fn user(&self, id: &str) -> Option<&FullUserResponse> {
        self.users.get(id)
    }
}

/// Answer of query users.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryUsersResponse {
    /// Matching users.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub users: Vec<FullUserResponse>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of deactivating or reactivating one user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserActionResponse {
    /// The user after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserResponse>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of an operation that runs as a background task (deactivate/reactivate many, delete).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskResponse {
    /// The task id (poll `GET /api/v2/tasks/{id}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// The answer of operations that only report their `duration`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DurationResponse {
    /// Server-side duration (`"1.23ms"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}
