//! Moderation status updates: what a moderator decided about an activity, a reaction or a user,
//! and the per-entity results of a batch of such updates.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The entity type of a Feeds activity in the moderation service.
pub const ENTITY_ACTIVITY: &str = "stream:feeds:v2:activity";
/// The entity type of a Feeds reaction in the moderation service.
pub const ENTITY_REACTION: &str = "stream:feeds:v2:reaction";
/// The entity type of a user in the moderation service.
pub const ENTITY_USER: &str = "stream:user";

/// One entity's new moderation status, as stream-go2 sends it:
/// `{"entity_type","entity_id","status","recommended_action","latest_moderator_action"}`.
///
/// ```
/// use stream_models::moderation::StatusUpdate;
/// let update = StatusUpdate::activity("a1", "complete")
///     .recommended_action("watch")
///     .latest_moderator_action("mark_safe");
/// assert_eq!(update.entity_type, "stream:feeds:v2:activity");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    /// The entity type ([`ENTITY_ACTIVITY`], [`ENTITY_REACTION`], …).
    pub entity_type: String,
    /// The entity's id.
    pub entity_id: String,
    /// The review status (`complete`, …).
    pub status: String,
    /// What the moderation service recommends (`watch`, `flag`, …).
    #[serde(default)]
    pub recommended_action: String,
    /// What the moderator did last (`mark_safe`, `mark_harmful`, …).
    #[serde(default)]
    pub latest_moderator_action: String,
}

impl StatusUpdate {
    /// The status of any entity.
    pub fn new(
        entity_type: impl Into<String>,
        entity_id: impl Into<String>,
        status: impl Into<String>,
    ) -> Self {
        Self {
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            status: status.into(),
            recommended_action: String::new(),
            latest_moderator_action: String::new(),
        }
    }

    /// The status of activity `id`.
    pub fn activity(id: impl Into<String>, status: impl Into<String>) -> Self {
        Self::new(ENTITY_ACTIVITY, id, status)
    }

    /// The status of reaction `id`.
    pub fn reaction(id: impl Into<String>, status: impl Into<String>) -> Self {
        Self::new(ENTITY_REACTION, id, status)
    }

    /// The recommended action.
    pub fn recommended_action(mut self, action: impl Into<String>) -> Self {
        self.recommended_action = action.into();
        self
    }

    /// The moderator's latest action.
    pub fn latest_moderator_action(mut self, action: impl Into<String>) -> Self {
        self.latest_moderator_action = action.into();
        self
    }
}

/// The result for one entity of a batch status update.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusResult {
    /// The entity's id.
    #[serde(default)]
    pub entity_id: String,
    /// The entity type.
    #[serde(default)]
    pub entity_type: String,
    /// Whether the update was applied.
    #[serde(default)]
    pub success: bool,
    /// Why not, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The answer to a batch status update: `{"results":[…], "duration"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusResults {
    /// One result per update, in order.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub results: Vec<StatusResult>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
