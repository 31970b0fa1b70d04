//! Answers of going live and stopping a livestream.
use serde::{Deserialize, Serialize};

use super::call::CallResponse;
use crate::Fields;

/// Answer of go live: the call, now live (out of backstage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GoLiveResponse {
    /// The call.
    #[serde(default)]
    pub call: CallResponse,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of stop live: the call, back in backstage.
pub type StopLiveResponse = GoLiveResponse;
