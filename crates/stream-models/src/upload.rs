//! Uploaded files and images, and the plain acknowledgement most write calls return.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The answer to a file or image upload (and to image processing): `{"file": "<url>"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Upload {
    /// The CDN URL of the stored (or processed) file.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub file: String,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A response that carries nothing but `duration` (deletes, tracking, moderation, …): the same
/// type as [`crate::feed::Ack`], re-exported here for the endpoints of this family.
pub use crate::feed::Ack;
