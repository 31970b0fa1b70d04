//! Answers about the people in a call: its participants (users connected now), and ringing
//! members.
use serde::{Deserialize, Serialize};

use super::call::{CallResponse, MemberResponse};
use super::time::serialize_opt_nanos;
use super::user::UserResponse;
use crate::{Fields, Timestamp};

/// One connection of a user to a call (a user may join from several devices).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallParticipantResponse {
    /// The user.
    #[serde(default)]
    pub user: UserResponse,
    /// This connection's session id (what pin and unpin name).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub user_session_id: String,
    /// The user's role in the call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub role: String,
    /// When it joined.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub joined_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of query call participants: the call, its members, the participants that match and
/// how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryCallParticipantsResponse {
    /// The call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub call: CallResponse,
    /// Its members.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members: Vec<MemberResponse>,
    /// What the caller may do.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub own_capabilities: Vec<String>,
    /// The participants that match the filter (up to `limit`).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub participants: Vec<CallParticipantResponse>,
    /// All participants in the call.
    #[serde(default)]
    pub total_participants: u64,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of ring: the members rung.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RingCallResponse {
    /// User ids of the members rung.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members_ids: Vec<String>,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}
