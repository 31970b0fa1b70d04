//! v2 app settings (`GET /api/v2/app`) and the background tasks the service runs for long
//! operations (`GET /api/v2/tasks/{id}`).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::time::serialize_opt_nanos;
use crate::{Fields, Timestamp};

/// The app's settings as the service answers them (`AppResponseFields`): the fields a video
/// backend reads are typed, everything else is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppResponseFields {
    /// Numeric app id.
    #[serde(default)]
    pub id: i64,
    /// App name.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub name: String,
    /// Organization that owns the app.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub organization: String,
    /// Where the service delivers webhooks (`""` when none).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub webhook_url: String,
    /// The event types delivered to `webhook_url` (empty: all).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub webhook_events: Vec<String>,
    /// Teams (multi-tenancy) enabled.
    #[serde(default)]
    pub multi_tenant_enabled: bool,
    /// Tokens are not checked (development only).
    #[serde(default)]
    pub disable_auth_checks: bool,
    /// Permissions are not checked (development only).
    #[serde(default)]
    pub disable_permissions_checks: bool,
    /// Guests cannot be created.
    #[serde(default)]
    pub guest_user_creation_disabled: bool,
    /// Permission system version (`v2`).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub permission_version: String,
    /// Video use case (`calling`, `livestreaming`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_primary_use_case: Option<String>,
    /// Tokens issued before this time are refused.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub revoke_tokens_issued_before: Option<Timestamp>,
    /// App-wide grants per role.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub grants: BTreeMap<String, Vec<String>>,
    /// The app's call types by name, as the app endpoint summarizes them.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub call_types: BTreeMap<String, Value>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Answer of get app.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetApplicationResponse {
    /// The app's settings.
    #[serde(default)]
    pub app: AppResponseFields,
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// Why a task failed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskError {
    /// Error type.
    #[serde(
        default,
        rename = "type",
        deserialize_with = "crate::activity::null_default"
    )]
    pub kind: String,
    /// What went wrong.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub description: String,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A background task (user deletion, call deletion, exports): `GET /api/v2/tasks/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetTaskResponse {
    /// The task id.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub task_id: String,
    /// `waiting`, `pending`, `running`, `completed` or `failed`.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub status: String,
    /// What the task produced, once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Map<String, Value>>,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<TaskError>,
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
    /// Server-side duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl GetTaskResponse {
    /// Whether the task finished (`completed` or `failed`): polling it again changes nothing.
    pub fn is_finished(&self) -> bool {
        matches!(self.status.as_str(), "completed" | "failed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_task_and_an_app_leniently() {
        let task: GetTaskResponse = serde_json::from_value(serde_json::json!({
            "task_id": "t1", "status": "completed", "result": {"ok": true},
            "created_at": 1_704_164_645_000_000_000_i64, "updated_at": null,
            "error": null, "duration": "0.10ms"}))
        .unwrap();
        assert!(task.is_finished());
        assert_eq!(task.result.unwrap()["ok"], true);
        let app: GetApplicationResponse = serde_json::from_value(serde_json::json!({
            "app": {"id": 7, "name": "demo", "webhook_url": null, "grants": null,
                    "sqs_url": ""}}))
        .unwrap();
        assert_eq!(app.app.id, 7);
        assert_eq!(app.app.webhook_url, "");
        assert!(app.app.extra.contains_key("sqs_url"));
    }
}
