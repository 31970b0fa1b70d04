//! v2 guest users (`POST /api/v2/guest`): what the service answers when it creates one.
use std::fmt;

use serde::{Deserialize, Serialize};

use super::user::UserResponse;
use crate::Fields;

/// Answer of create guest: the guest user (role `guest`, with the id the service gave it) and a
/// user token for that id. The token never appears in `Debug` output.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGuestResponse {
    /// A user token for the guest's id, for a client-side app to connect with.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub access_token: String,
    /// The guest user (use its `id`: the service may not keep the id asked for).
    #[serde(default)]
    pub user: UserResponse,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl fmt::Debug for CreateGuestResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateGuestResponse")
            .field("access_token", &"<redacted>")
            .field("user", &self.user)
            .field("duration", &self.duration)
            .field("extra", &self.extra)
            .finish()
    }
}
