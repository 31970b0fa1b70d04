//! v2 app-wide user blocks (`/api/v2/users/block`, `/unblock`) and user exports.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::time::serialize_opt_nanos;
use super::user::UserResponse;
use crate::{Fields, Timestamp};

/// Answer of block users: who blocked whom, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockUsersResponse {
    /// The user who blocks.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub blocked_by_user_id: String,
    /// The user blocked.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub blocked_user_id: String,
    /// When.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// One block: `user_id` blocked `blocked_user_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BlockedUserResponse {
    /// The user who blocked.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub user_id: String,
    /// The user blocked.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub blocked_user_id: String,
    /// When.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// The user who blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserResponse>,
    /// The user blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_user: Option<UserResponse>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of get blocked users.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetBlockedUsersResponse {
    /// The user's blocks.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub blocks: Vec<BlockedUserResponse>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of export user: the user and what they wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportUserResponse {
    /// The user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserResponse>,
    /// Their chat messages (raw).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub messages: Vec<Value>,
    /// Their reactions (raw).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub reactions: Vec<Value>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}
