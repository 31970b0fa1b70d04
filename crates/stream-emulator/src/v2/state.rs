//! v2 data of one app: users and calls (custom call types are not supported; the built-ins are).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Users and calls of one app (part of the app's snapshot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct V2State {
    /// Users by id.
    #[serde(default)]
    pub users: BTreeMap<String, V2User>,
    /// Calls by cid (`type:id`).
    #[serde(default)]
    pub calls: BTreeMap<String, V2Call>,
    /// Counter for task ids.
    #[serde(default)]
    pub tasks: u64,
}

/// A stored user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct V2User {
    /// Id.
    pub id: String,
    /// Role (`user` by default).
    pub role: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Image.
    #[serde(default)]
    pub image: Option<String>,
    /// Language (`""` by default).
    #[serde(default)]
    pub language: String,
    /// Invisible.
    #[serde(default)]
    pub invisible: bool,
    /// Teams.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Role per team.
    #[serde(default)]
    pub teams_role: Map<String, Value>,
    /// Custom data.
    #[serde(default)]
    pub custom: Map<String, Value>,
    /// Created (unix ns).
    pub created_at: i64,
    /// Updated (unix ns).
    pub updated_at: i64,
    /// Deactivated (unix ns).
    #[serde(default)]
    pub deactivated_at: Option<i64>,
    /// Soft-deleted (unix ns).
    #[serde(default)]
    pub deleted_at: Option<i64>,
}

/// A stored call member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct V2Member {
    /// User id.
    pub user_id: String,
    /// Role in the call.
    #[serde(default)]
    pub role: Option<String>,
    /// Custom data.
    #[serde(default)]
    pub custom: Map<String, Value>,
    /// Added (unix ns).
    pub created_at: i64,
    /// Updated (unix ns).
    pub updated_at: i64,
}

/// A stored call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct V2Call {
    /// Type.
    pub call_type: String,
    /// Id.
    pub id: String,
    /// Creator.
    pub created_by_id: String,
    /// Custom data.
    #[serde(default)]
    pub custom: Map<String, Value>,
    /// Settings overriding the type's.
    #[serde(default)]
    pub settings_override: Map<String, Value>,
    /// Team.
    #[serde(default)]
    pub team: Option<String>,
    /// Scheduled start (unix ns).
    #[serde(default)]
    pub starts_at: Option<i64>,
    /// Created (unix ns).
    pub created_at: i64,
    /// Updated (unix ns).
    pub updated_at: i64,
    /// Ended (unix ns).
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// Members by user id.
    #[serde(default)]
    pub members: BTreeMap<String, V2Member>,
}

impl V2Call {
    /// `type:id`.
    pub fn cid(&self) -> String {
        format!("{}:{}", self.call_type, self.id)
    }
}

/// Now, in unix nanoseconds.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}
