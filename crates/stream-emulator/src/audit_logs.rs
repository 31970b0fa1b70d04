//! Audit logs: every change to users, reactions, collection entries and activities (and every
//! moderation flag) is recorded; `audit_logs/` lists them, newest first, filtered.

use axum::Router;
use axum::http::Method;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use stream_auth::Resource;

use crate::auth::{Caller, scope};
use crate::error::ApiError;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::router::RouterExt;
use crate::stamp::Stamp;
use crate::state::{AppState, EventLogs, SharedState};

/// The most audit entries kept per app (oldest dropped first).
pub(crate) const MAX_AUDIT_ENTRIES: usize = 10_000;
/// Default and largest page of audit logs.
const AUDIT_LIMITS: (usize, usize) = (25, 100);

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v1("audit_logs", get(audit_logs))
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct AuditEntry {
    /// `create`, `update`, `delete`, `soft_delete`, `restore`.
    pub(crate) action: String,
    /// `user`, `reaction`, `collection`, `activity`.
    pub(crate) entity_type: String,
    /// Id of the changed entity.
    pub(crate) entity_id: String,
    /// Who made the change (when known).
    pub(crate) user_id: String,
    /// When (RFC 3339).
    pub(crate) created_at: String,
}

impl AuditEntry {
    /// The entry as `audit_logs/` returns it.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "action": self.action,
            "created_at": self.created_at,
            "custom": {},
            "entity_id": self.entity_id,
            "entity_type": self.entity_type,
            "user_id": self.user_id,
        })
    }
}

impl EventLogs {
    /// Records a change.
    pub(crate) fn record(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        action: &str,
        user_id: &str,
        now: Stamp,
    ) {
        let entry = AuditEntry {
            action: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id: entity_id.to_owned(),
            user_id: user_id.to_owned(),
            created_at: now.rfc3339(),
        };
        self.audit.push_bounded(entry, MAX_AUDIT_ENTRIES);
    }

    /// Entries matching the filters, newest first, at most `limit`.
    pub(crate) fn query(
        &self,
        entity_type: Option<&str>,
        entity_id: Option<&str>,
        user_id: Option<&str>,
        limit: usize,
    ) -> Vec<&AuditEntry> {
        self.audit
            .iter()
            .rev()
            .filter(|e| entity_type.is_none_or(|t| e.entity_type == t))
            .filter(|e| entity_id.is_none_or(|i| e.entity_id == i))
            .filter(|e| user_id.is_none_or(|u| e.user_id == u))
            .take(limit)
            .collect()
    }
}

/// Records a change in the app's audit log.
pub(crate) fn audit(
    state: &mut AppState,
    entity_type: &str,
    entity_id: &str,
    action: &str,
    user_id: &str,
) {
    state
        .logs
        .record(entity_type, entity_id, action, user_id, Stamp::now());
}

async fn audit_logs(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::AuditLogs, &method)?;
    caller.server_only()?;
    let limit = params.usize("limit")?.unwrap_or(AUDIT_LIMITS.0);
    if limit > AUDIT_LIMITS.1 {
        return Err(ApiError::input_field(
            "limit",
            format!("limit must be at most {}", AUDIT_LIMITS.1),
        ));
    }
    let app = caller.app.lock();
    let logs: Vec<Value> = app
        .logs
        .query(
            params.get_nonempty("entity_type"),
            params.get_nonempty("entity_id"),
            params.get_nonempty("user_id"),
            limit,
        )
        .into_iter()
        .map(AuditEntry::to_json)
        .collect();
    ok(json!({"audit_logs": logs, "next": "", "prev": ""}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_query() {
        let mut m = EventLogs::default();
        m.record("user", "alice", "create", "alice", Stamp(1));
        m.record("reaction", "r1", "create", "alice", Stamp(2));
        m.record("user", "alice", "update", "alice", Stamp(3));
        let q = m.query(Some("user"), Some("alice"), None, 10);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].action, "update");
        assert_eq!(m.query(None, None, None, 1).len(), 1);
        assert_eq!(q[0].to_json()["custom"], json!({}));
    }
}
