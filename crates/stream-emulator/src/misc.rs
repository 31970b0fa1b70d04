//! Audit logs, data privacy (activity deletion) and moderation flags, plus the small store
//! that keeps audit entries, flags and analytics events.

mod handlers;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::others::common::Stamp;
use crate::state::AppState;

pub(crate) use handlers::routes;

/// The most audit entries kept per app (oldest dropped first).
pub const MAX_AUDIT_ENTRIES: usize = 10_000;
/// The most flags and analytics events kept per app.
pub const MAX_EVENTS: usize = 10_000;

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// `create`, `update`, `delete`, `soft_delete`, `restore`.
    pub action: String,
    /// `user`, `reaction`, `collection`, `activity`.
    pub entity_type: String,
    /// Id of the changed entity.
    pub entity_id: String,
    /// Who made the change (when known).
    pub user_id: String,
    /// When (RFC 3339).
    pub created_at: String,
}

impl AuditEntry {
    /// The entry as `audit_logs/` returns it.
    pub fn to_json(&self) -> Value {
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

/// Audit entries, moderation flags and analytics events of one app.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub struct MiscStore {
    /// Audit log, oldest first.
    pub audit: Vec<AuditEntry>,
    /// Moderation flags as posted (plus `created_at`).
    pub flags: Vec<Map<String, Value>>,
    /// Analytics engagements as posted.
    pub engagements: Vec<Value>,
    /// Analytics impressions as posted.
    pub impressions: Vec<Value>,
}

impl MiscStore {
    /// Records a change.
    pub fn record(
        &mut self,
        entity_type: &str,
        entity_id: &str,
        action: &str,
        user_id: &str,
        now: Stamp,
    ) {
        if self.audit.len() >= MAX_AUDIT_ENTRIES {
            self.audit.remove(0);
        }
        self.audit.push(AuditEntry {
            action: action.to_owned(),
            entity_type: entity_type.to_owned(),
            entity_id: entity_id.to_owned(),
            user_id: user_id.to_owned(),
            created_at: now.rfc3339(),
        });
    }

    /// Entries matching the filters, newest first, at most `limit`.
    pub fn query(
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

/// Pushes onto a bounded event list (oldest dropped first).
pub(crate) fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= MAX_EVENTS {
        list.remove(0);
    }
    list.push(item);
}

/// Records a change in the app's audit log.
pub fn audit(
    state: &mut AppState,
    entity_type: &str,
    entity_id: &str,
    action: &str,
    user_id: &str,
) {
    state
        .misc
        .record(entity_type, entity_id, action, user_id, Stamp::now());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_query() {
        let mut m = MiscStore::default();
        m.record("user", "alice", "create", "alice", Stamp(1));
        m.record("reaction", "r1", "create", "alice", Stamp(2));
        m.record("user", "alice", "update", "alice", Stamp(3));
        let q = m.query(Some("user"), Some("alice"), None, 10);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].action, "update");
        assert_eq!(m.query(None, None, None, 1).len(), 1);
        assert_eq!(q[0].to_json()["custom"], json!({}));
        let mut list = Vec::new();
        for i in 0..MAX_EVENTS + 5 {
            push_bounded(&mut list, i);
        }
        assert_eq!(list.len(), MAX_EVENTS);
        assert_eq!(list[0], 5);
    }
}
