//! Server-side administration: audit logs and data privacy (GDPR) results.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One audit log entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    /// What was done (`create`, `update`, `delete`, …).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub action: String,
    /// When (RFC 3339 string as sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Custom data attached to the entry.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub custom: Map<String, Value>,
    /// The entity's id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub entity_id: String,
    /// The entity's type (`activity`, `reaction`, …).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub entity_type: String,
    /// Who did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of audit logs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditLogsPage {
    /// The entries.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub audit_logs: Vec<AuditLog>,
    /// Cursor of the next page (absent or empty on the last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Cursor of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An activity to delete for data privacy: its id and the feeds to remove it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityToDelete {
    /// Activity id.
    pub id: String,
    /// Feed ids (`user:alice`) to remove it from.
    pub remove_from_feeds: Vec<String>,
}

/// The answer to a data export: `{"export":{…}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedIds {
    /// The export.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub export: ExportIds,
    /// Server time spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The ids of everything one user created.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportIds {
    /// The user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// How many activities.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub activity_count: u64,
    /// How many reactions.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub reaction_count: u64,
    /// Activity ids.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub activity_ids: Vec<String>,
    /// Reaction ids.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub reaction_ids: Vec<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
