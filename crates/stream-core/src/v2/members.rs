//! v2 queries over calls and call members (cursor-paginated POST queries).
use serde::Serialize;
use serde_json::{Map, Value};
use stream_models::v2::{MembersResponse, QueryCallsResponse, SortParam};

use super::limits::check_filter;
use super::{check_call_id, check_id, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Paginated, Spec};
use crate::error::Error;
use crate::request::Method;

/// Queries the members of one call: `POST /api/v2/video/call/members` with
/// `{"id", "type", "limit", "next", "prev", "sort", "filter_conditions"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::QueryCallMembers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let op = QueryCallMembers::new("default", "call-123").limit(10).sort_asc("user_id");
/// let request = config.build_request(&op)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryCallMembers {
    id: String,
    #[serde(rename = "type")]
    call_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<Vec<SortParam>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter_conditions: Option<Map<String, Value>>,
}

impl QueryCallMembers {
    /// The members of call `call_type:id`.
    pub fn new(call_type: impl Into<String>, id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            call_type: call_type.into(),
            limit: None,
            next: None,
            prev: None,
            sort: None,
            filter_conditions: None,
        }
    }

    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page after this cursor.
    pub fn next(mut self, cursor: impl Into<String>) -> Self {
        self.next = Some(cursor.into());
        self
    }

    /// The page before this cursor.
    pub fn prev(mut self, cursor: impl Into<String>) -> Self {
        self.prev = Some(cursor.into());
        self
    }

    /// Ascending sort by `field` (appended).
    pub fn sort_asc(mut self, field: impl Into<String>) -> Self {
        self.sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::asc(field));
        self
    }

    /// Descending sort by `field` (appended).
    pub fn sort_desc(mut self, field: impl Into<String>) -> Self {
        self.sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::desc(field));
        self
    }

    /// MongoDB-style filter (`{"role": {"$eq": "admin"}}`).
    pub fn filter(mut self, filter_conditions: Map<String, Value>) -> Self {
        self.filter_conditions = Some(filter_conditions);
        self
    }
}

impl JsonEndpoint for QueryCallMembers {
    type Output = MembersResponse;

    const OP: &'static str = "v2.video.call.query_members";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("type", &self.call_type)?;
        check_call_id("id", &self.id)?;
        if let Some(filter) = &self.filter_conditions {
            check_filter("filter_conditions", filter)?;
        }
        Ok(spec(Self::OP, Method::Post, "video/call/members".into())
            .json(self)?
            .idempotent(true))
    }
}

impl Paginated for QueryCallMembers {
    fn next_page(&self, last: &Self::Output) -> Option<Self> {
        let cursor = last.next.as_deref().filter(|c| !c.is_empty())?;
        let mut next = self.clone();
        next.prev = None;
        next.next = Some(cursor.to_owned());
        Some(next)
    }
}

/// Queries calls: `POST /api/v2/video/calls` with `{"limit", "next", "prev", "sort",
/// "filter_conditions"}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::QueryCalls;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&QueryCalls::new().limit(5).sort_desc("created_at"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QueryCalls {
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<Vec<SortParam>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter_conditions: Option<Map<String, Value>>,
}

impl QueryCalls {
    /// All calls, first page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page after this cursor.
    pub fn next(mut self, cursor: impl Into<String>) -> Self {
        self.next = Some(cursor.into());
        self
    }

    /// The page before this cursor.
    pub fn prev(mut self, cursor: impl Into<String>) -> Self {
        self.prev = Some(cursor.into());
        self
    }

    /// Ascending sort by `field` (appended).
    pub fn sort_asc(mut self, field: impl Into<String>) -> Self {
        self.sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::asc(field));
        self
    }

    /// Descending sort by `field` (appended).
    pub fn sort_desc(mut self, field: impl Into<String>) -> Self {
        self.sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::desc(field));
        self
    }

    /// MongoDB-style filter (`{"id": "call-123"}`).
    pub fn filter(mut self, filter_conditions: Map<String, Value>) -> Self {
        self.filter_conditions = Some(filter_conditions);
        self
    }
}

impl JsonEndpoint for QueryCalls {
    type Output = QueryCallsResponse;

    const OP: &'static str = "v2.video.query_calls";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        if let Some(filter) = &self.filter_conditions {
            check_filter("filter_conditions", filter)?;
        }
        Ok(spec(Self::OP, Method::Post, "video/calls".into())
            .json(self)?
            .idempotent(true))
    }
}

impl Paginated for QueryCalls {
    fn next_page(&self, last: &Self::Output) -> Option<Self> {
        let cursor = last.next.as_deref().filter(|c| !c.is_empty())?;
        let mut next = self.clone();
        next.prev = None;
        next.next = Some(cursor.to_owned());
        Some(next)
    }
}
