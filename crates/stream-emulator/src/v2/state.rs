//! v2 data of one app: users, calls, call types, app settings and tasks.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::persist::Tracked;
use serde_json::{Map, Value};

/// Users and calls of one app (part of the app's stored data).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2State {
    /// Users by id.
    #[serde(default)]
    pub(crate) users: Tracked<V2User>,
    /// Calls by cid (`type:id`).
    #[serde(default)]
    pub(crate) calls: Tracked<V2Call>,
    /// Counter for task ids.
    #[serde(default)]
    pub(crate) tasks: u64,
    /// Finished tasks by id (the newest [`super::tasks::MAX_KEPT`]).
    #[serde(default)]
    pub(crate) task_log: Tracked<super::tasks::V2Task>,
    /// Call types created or changed by the app (built-ins appear here once changed).
    #[serde(default)]
    pub(crate) call_types: Tracked<super::call_types::V2CallType>,
    /// Built-in call types the app deleted (each `true`).
    #[serde(default)]
    pub(crate) removed_call_types: Tracked<bool>,
    /// App settings changed with `PATCH /api/v2/app`, by field.
    #[serde(default)]
    pub(crate) app_settings: Tracked<Value>,
    /// Users' push devices by device id.
    #[serde(default)]
    pub(crate) devices: Tracked<super::devices::V2Device>,
}

/// A stored user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2User {
    /// Id.
    pub(crate) id: String,
    /// Role (`user` by default).
    pub(crate) role: String,
    /// Name.
    #[serde(default)]
    pub(crate) name: Option<String>,
    /// Image.
    #[serde(default)]
    pub(crate) image: Option<String>,
    /// Language (`""` by default).
    #[serde(default)]
    pub(crate) language: String,
    /// Invisible.
    #[serde(default)]
    pub(crate) invisible: bool,
    /// Teams.
    #[serde(default)]
    pub(crate) teams: Vec<String>,
    /// Role per team.
    #[serde(default)]
    pub(crate) teams_role: Map<String, Value>,
    /// Custom data.
    #[serde(default)]
    pub(crate) custom: Map<String, Value>,
    /// Created (unix ns).
    pub(crate) created_at: i64,
    /// Updated (unix ns).
    pub(crate) updated_at: i64,
    /// Deactivated (unix ns).
    #[serde(default)]
    pub(crate) deactivated_at: Option<i64>,
    /// Soft-deleted (unix ns).
    #[serde(default)]
    pub(crate) deleted_at: Option<i64>,
    /// Users this user blocked app-wide, with when (unix ns).
    #[serde(default)]
    pub(crate) blocked: BTreeMap<String, i64>,
    /// Privacy settings by name (`typing_indicators`, `read_receipts`, …), each
    /// `{"enabled": bool}`.
    #[serde(default)]
    pub(crate) privacy_settings: Map<String, Value>,
}

/// A stored call member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Member {
    /// User id.
    pub(crate) user_id: String,
    /// Role in the call.
    #[serde(default)]
    pub(crate) role: Option<String>,
    /// Custom data.
    #[serde(default)]
    pub(crate) custom: Map<String, Value>,
    /// Added (unix ns).
    pub(crate) created_at: i64,
    /// Updated (unix ns).
    pub(crate) updated_at: i64,
}

/// A stored call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Call {
    /// Type.
    pub(crate) call_type: String,
    /// Id.
    pub(crate) id: String,
    /// Creator.
    pub(crate) created_by_id: String,
    /// Custom data.
    #[serde(default)]
    pub(crate) custom: Map<String, Value>,
    /// Settings overriding the type's.
    #[serde(default)]
    pub(crate) settings_override: Map<String, Value>,
    /// Team.
    #[serde(default)]
    pub(crate) team: Option<String>,
    /// Scheduled start (unix ns).
    #[serde(default)]
    pub(crate) starts_at: Option<i64>,
    /// Created (unix ns).
    pub(crate) created_at: i64,
    /// Updated (unix ns).
    pub(crate) updated_at: i64,
    /// Ended (unix ns).
    #[serde(default)]
    pub(crate) ended_at: Option<i64>,
    /// Members by user id.
    #[serde(default)]
    pub(crate) members: BTreeMap<String, V2Member>,
    /// Live (out of backstage) since `go_live`, until `stop_live`.
    #[serde(default)]
    pub(crate) live: bool,
    /// HLS broadcasting.
    #[serde(default)]
    pub(crate) broadcasting: bool,
    /// Recording.
    #[serde(default)]
    pub(crate) recording: bool,
    /// Transcribing.
    #[serde(default)]
    pub(crate) transcribing: bool,
    /// Closed captions on.
    #[serde(default)]
    pub(crate) captioning: bool,
    /// The session, its participants, what runs and the files it left.
    #[serde(default)]
    pub(crate) media: super::calls::egress::V2CallMedia,
    /// Users blocked from the call.
    #[serde(default)]
    pub(crate) blocked_user_ids: std::collections::BTreeSet<String>,
    /// Capabilities granted and revoked per user.
    #[serde(default)]
    pub(crate) user_permissions: BTreeMap<String, V2UserPermissions>,
    /// Custom events sent to the call (the newest [`MAX_CALL_EVENTS`]).
    #[serde(default)]
    pub(crate) events: Vec<Value>,
}

/// How many custom events a call keeps.
pub(crate) const MAX_CALL_EVENTS: usize = 100;

/// Capabilities granted to and revoked from one user in one call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct V2UserPermissions {
    /// Granted on top of the role's.
    #[serde(default)]
    pub(crate) granted: std::collections::BTreeSet<String>,
    /// Taken away from the role's.
    #[serde(default)]
    pub(crate) revoked: std::collections::BTreeSet<String>,
}

impl V2Call {
    /// `type:id`.
    pub(crate) fn cid(&self) -> String {
        format!("{}:{}", self.call_type, self.id)
    }
}

/// Now, in unix nanoseconds.
pub(crate) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}
