//! Audit logs: who changed what, filtered by entity or user, paginated by cursor.
//!
//! Token: `audit_logs/*/*` (the resource the Go client uses; JS sends `*/*/*`). Server-side only.
use stream_auth::Resource;
use stream_models::admin::AuditLogsPage;

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Paginated, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// The audit-logs handle (what a client's `audit_logs()` returns): creates [`QueryAuditLogs`]
/// queries, sends nothing.
///
/// ```no_run
/// use stream_core::endpoints::audit_logs::AuditLogs;
/// let of_activity = AuditLogs.entity("activity", "11111111-2222-3333-4444-555555555555").limit(5);
/// let by_alice = AuditLogs.user("alice");
/// let everything = AuditLogs.filter();
/// # let _ = (of_activity, by_alice, everything);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditLogs;

impl AuditLogs {
    /// [`QueryAuditLogs`] with no filter (narrow it with its setters).
    pub fn filter(&self) -> QueryAuditLogs {
        QueryAuditLogs::new()
    }

    /// [`QueryAuditLogs`] of one entity (`activity`, `reaction`, …, and its id).
    pub fn entity(
        &self,
        entity_type: impl Into<String>,
        entity_id: impl Into<String>,
    ) -> QueryAuditLogs {
        QueryAuditLogs::new().entity(entity_type, entity_id)
    }

    /// [`QueryAuditLogs`] of one user's actions.
    pub fn user(&self, user_id: impl Into<String>) -> QueryAuditLogs {
        QueryAuditLogs::new().user_id(user_id)
    }
}

/// `GET audit_logs/?entity_type=&entity_id=&user_id=&limit=&next=&prev=`. Implements
/// [`Paginated`] through the `next` cursor.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::audit_logs::QueryAuditLogs;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let logs = QueryAuditLogs::new()
///     .entity("activity", "11111111-2222-3333-4444-555555555555")
///     .limit(5);
/// let request = config.build_request(&logs)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryAuditLogs {
    entity_type: Option<String>,
    entity_id: Option<String>,
    user_id: Option<String>,
    limit: Option<u32>,
    next: Option<String>,
    prev: Option<String>,
}

impl QueryAuditLogs {
    /// All audit logs (narrow them with the setters).
    pub fn new() -> Self {
        Self::default()
    }

    /// The logs of one entity (`activity`, `reaction`, …, and its id).
    pub fn entity(mut self, entity_type: impl Into<String>, entity_id: impl Into<String>) -> Self {
        self.entity_type = Some(entity_type.into());
        self.entity_id = Some(entity_id.into());
        self
    }

    /// The logs of one user's actions.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Start after this cursor (from a previous page's `next`).
    pub fn next(mut self, cursor: impl Into<String>) -> Self {
        self.next = Some(cursor.into());
        self.prev = None;
        self
    }

    /// Start before this cursor (from a previous page's `prev`).
    pub fn prev(mut self, cursor: impl Into<String>) -> Self {
        self.prev = Some(cursor.into());
        self.next = None;
        self
    }
}

impl JsonEndpoint for QueryAuditLogs {
    type Output = AuditLogsPage;

    const OP: &'static str = "audit_logs.filter";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        for (field, v) in [
            ("entity_type", &self.entity_type),
            ("entity_id", &self.entity_id),
            ("user_id", &self.user_id),
        ] {
            if let Some(v) = v {
                validate::id(field, v)?;
            }
        }
        if self.limit == Some(0) {
            return Err(BuildError::field("limit", "must be greater than zero").into());
        }
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit("audit_logs").build(),
            Auth::ServerOnly(validate::scope(Resource::AuditLogs)),
        )
        .query_opt("entity_type", self.entity_type.clone())
        .query_opt("entity_id", self.entity_id.clone())
        .query_opt("user_id", self.user_id.clone())
        .query_opt("limit", self.limit.map(|l| l.to_string()))
        .query_opt("next", self.next.clone())
        .query_opt("prev", self.prev.clone()))
    }
}

impl Paginated for QueryAuditLogs {
    fn next_page(&self, last: &AuditLogsPage) -> Option<Self> {
        let cursor = last.next.as_deref().filter(|c| !c.is_empty())?;
        if self.next.as_deref() == Some(cursor) {
            return None;
        }
        Some(self.clone().next(cursor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_by_cursor_and_stops() {
        let first = QueryAuditLogs::new().limit(2);
        let page = AuditLogsPage {
            next: Some("c2".into()),
            ..Default::default()
        };
        let second = first.next_page(&page).unwrap();
        assert_eq!(second.next.as_deref(), Some("c2"));
        assert!(second.next_page(&page).is_none());
        assert!(first.next_page(&AuditLogsPage::default()).is_none());
        let c = Config::builder("k", stream_auth::ApiSecret::new("s"))
            .build()
            .unwrap();
        assert!(QueryAuditLogs::new().limit(0).spec(&c).is_err());
    }
}
