//! v2 user endpoints: upsert, query, partial update, deactivate/reactivate, delete, restore.
use serde::Serialize;
use stream_models::v2::{
    DurationResponse, QueryUsersPayload, QueryUsersResponse, SortParam, TaskResponse,
    UpdateUserPartialRequest, UpdateUsersResponse, UserActionResponse, UserRequest,
};

use serde_json::{Map, Value};

use super::{check_id, ids, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

/// Convenience handle for v2 users: creates endpoint values, sends nothing.
///
/// ```no_run
/// use serde_json::{Map, json};
/// use stream_core::models::v2::{UpdateUserPartialRequest, UserRequest};
/// use stream_core::v2::V2Users;
/// let upsert = V2Users.upsert([UserRequest::new("alice").name("Alice")]);
/// let mut filter = Map::new();
/// filter.insert("id".into(), json!({"$in": ["alice"]}));
/// let query = V2Users.query(filter).limit(10);
/// let rename = V2Users.update_partial([UpdateUserPartialRequest::new("alice").set("name", "Al")]);
/// let off = V2Users.deactivate("alice");
/// # let _ = (upsert, query, rename, off);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct V2Users;

impl V2Users {
    /// [`UpsertUsers`]: creates or replaces these users.
    pub fn upsert(&self, users: impl IntoIterator<Item = UserRequest>) -> UpsertUsers {
        UpsertUsers::new(users)
    }

    /// [`QueryUsers`] matching `filter_conditions` (`{}` for all).
    pub fn query(&self, filter_conditions: Map<String, Value>) -> QueryUsers {
        QueryUsers::new(filter_conditions)
    }

    /// [`UpdateUsersPartial`]: sets and unsets fields of these users.
    pub fn update_partial(
        &self,
        users: impl IntoIterator<Item = UpdateUserPartialRequest>,
    ) -> UpdateUsersPartial {
        UpdateUsersPartial::new(users)
    }

    /// [`DeactivateUser`] `user_id`.
    pub fn deactivate(&self, user_id: impl Into<String>) -> DeactivateUser {
        DeactivateUser::new(user_id)
    }

    /// [`ReactivateUser`] `user_id`.
    pub fn reactivate(&self, user_id: impl Into<String>) -> ReactivateUser {
        ReactivateUser::new(user_id)
    }

    /// [`DeactivateUsers`]: deactivates many users (an asynchronous task).
    pub fn deactivate_many<I: IntoIterator<Item = S>, S: Into<String>>(
        &self,
        user_ids: I,
    ) -> DeactivateUsers {
        DeactivateUsers::new(user_ids)
    }

    /// [`ReactivateUsers`]: reactivates many users (an asynchronous task).
    pub fn reactivate_many<I: IntoIterator<Item = S>, S: Into<String>>(
        &self,
        user_ids: I,
    ) -> ReactivateUsers {
        ReactivateUsers::new(user_ids)
    }

    /// [`DeleteUsers`]: deletes users (soft by default; see its setters).
    pub fn delete<I: IntoIterator<Item = S>, S: Into<String>>(&self, user_ids: I) -> DeleteUsers {
        DeleteUsers::new(user_ids)
    }

    /// [`RestoreUsers`]: restores soft-deleted users.
    pub fn restore<I: IntoIterator<Item = S>, S: Into<String>>(&self, user_ids: I) -> RestoreUsers {
        RestoreUsers::new(user_ids)
    }
}

/// Creates or replaces users: `POST /api/v2/users` with `{"users": {id: UserRequest}}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::UserRequest;
/// use stream_core::v2::UpsertUsers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let upsert = UpsertUsers::new([UserRequest::new("alice").name("Alice").role("admin")]);
/// let request = config.build_request(&upsert)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpsertUsers {
    users: Vec<UserRequest>,
}

impl UpsertUsers {
    /// Upserts these users (a later entry with the same id wins).
    pub fn new(users: impl IntoIterator<Item = UserRequest>) -> Self {
        Self {
            users: users.into_iter().collect(),
        }
    }

    /// Adds one more user.
    pub fn user(mut self, user: UserRequest) -> Self {
        self.users.push(user);
        self
    }
}

impl JsonEndpoint for UpsertUsers {
    type Output = UpdateUsersResponse;

    const OP: &'static str = "v2.users.upsert";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        if self.users.is_empty() {
            return Err(BuildError::field("users", "must hold at least one user").into());
        }
        let mut map = Map::new();
        for u in &self.users {
            check_id("users[].id", &u.id)?;
            let v = serde_json::to_value(u).map_err(|e| BuildError::Serialize(e.to_string()))?;
            map.insert(u.id.clone(), v);
        }
        let body = serde_json::json!({ "users": map });
        Ok(spec(Self::OP, Method::Post, "users".into())
            .json(&body)?
            .idempotent(true))
    }
}

/// Queries users: `GET /api/v2/users?payload=<JSON>` (the one v2 op with JSON in the query).
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::QueryUsers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let filter = serde_json::json!({"id": {"$in": ["alice", "bob"]}});
/// let query = QueryUsers::new(filter.as_object().cloned().unwrap_or_default()).limit(10).sort_asc("name");
/// let request = config.build_request(&query)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct QueryUsers {
    payload: QueryUsersPayload,
}

impl QueryUsers {
    /// Users matching `filter_conditions` (`{}` matches all).
    pub fn new(filter_conditions: Map<String, Value>) -> Self {
        Self {
            payload: QueryUsersPayload {
                filter_conditions,
                ..QueryUsersPayload::default()
            },
        }
    }

    /// From a full payload.
    pub fn from_payload(payload: QueryUsersPayload) -> Self {
        Self { payload }
    }

    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.payload.limit = Some(limit);
        self
    }

    /// Offset.
    pub fn offset(mut self, offset: u32) -> Self {
        self.payload.offset = Some(offset);
        self
    }

    /// Ascending sort by `field` (appended).
    pub fn sort_asc(mut self, field: impl Into<String>) -> Self {
        self.payload
            .sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::asc(field));
        self
    }

    /// Descending sort by `field` (appended).
    pub fn sort_desc(mut self, field: impl Into<String>) -> Self {
        self.payload
            .sort
            .get_or_insert_with(Vec::new)
            .push(SortParam::desc(field));
        self
    }

    /// Include deactivated users.
    pub fn include_deactivated_users(mut self, include: bool) -> Self {
        self.payload.include_deactivated_users = Some(include);
        self
    }

    /// Include presence.
    pub fn presence(mut self, presence: bool) -> Self {
        self.payload.presence = Some(presence);
        self
    }
}

impl JsonEndpoint for QueryUsers {
    type Output = QueryUsersResponse;

    const OP: &'static str = "v2.users.query";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        super::limits::check_filter("filter_conditions", &self.payload.filter_conditions)?;
        let payload = serde_json::to_string(&self.payload)
            .map_err(|e| BuildError::Serialize(e.to_string()))?;
        Ok(spec(Self::OP, Method::Get, "users".into()).query("payload", payload))
    }
}

/// Partially updates users: `PATCH /api/v2/users` with `{"users": [{id, set, unset}]}`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::models::v2::UpdateUserPartialRequest;
/// use stream_core::v2::UpdateUsersPartial;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = UpdateUsersPartial::new([UpdateUserPartialRequest::new("alice").set("name", "Alice B").unset("image")]);
/// let request = config.build_request(&update)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateUsersPartial {
    users: Vec<UpdateUserPartialRequest>,
}

impl UpdateUsersPartial {
    /// These partial updates.
    pub fn new(users: impl IntoIterator<Item = UpdateUserPartialRequest>) -> Self {
        Self {
            users: users.into_iter().collect(),
        }
    }
}

impl JsonEndpoint for UpdateUsersPartial {
    type Output = UpdateUsersResponse;

    const OP: &'static str = "v2.users.update_partial";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        if self.users.is_empty() {
            return Err(BuildError::field("users", "must hold at least one update").into());
        }
        for u in &self.users {
            check_id("users[].id", &u.id)?;
        }
        #[derive(Serialize)]
        struct Body<'a> {
            users: &'a [UpdateUserPartialRequest],
        }
        Ok(spec(Self::OP, Method::Patch, "users".into()).json(&Body { users: &self.users })?)
    }
}

fn user_action_path(user_id: &str, action: &str) -> String {
    Path::new()
        .lit("users")
        .seg_strict(user_id)
        .lit(action)
        .no_trailing_slash()
}

/// Deactivates one user: `POST /api/v2/users/{user_id}/deactivate`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::DeactivateUser;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeactivateUser::new("carol").created_by_id("alice"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeactivateUser {
    #[serde(skip)]
    user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mark_messages_deleted: Option<bool>,
}

impl DeactivateUser {
    /// Deactivates `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            created_by_id: None,
            mark_messages_deleted: None,
        }
    }

    /// Who deactivates.
    pub fn created_by_id(mut self, id: impl Into<String>) -> Self {
        self.created_by_id = Some(id.into());
        self
    }

    /// Also mark the user's messages deleted.
    pub fn mark_messages_deleted(mut self, yes: bool) -> Self {
        self.mark_messages_deleted = Some(yes);
        self
    }
}

impl JsonEndpoint for DeactivateUser {
    type Output = UserActionResponse;

    const OP: &'static str = "v2.users.deactivate";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user_id", &self.user_id)?;
        let path = user_action_path(&self.user_id, "deactivate");
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}

/// Reactivates one user: `POST /api/v2/users/{user_id}/reactivate`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::ReactivateUser;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&ReactivateUser::new("carol").restore_messages(true))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReactivateUser {
    #[serde(skip)]
    user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restore_messages: Option<bool>,
}

impl ReactivateUser {
    /// Reactivates `user_id`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            created_by_id: None,
            name: None,
            restore_messages: None,
        }
    }

    /// Who reactivates.
    pub fn created_by_id(mut self, id: impl Into<String>) -> Self {
        self.created_by_id = Some(id.into());
        self
    }

    /// A new display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Restore the user's messages.
    pub fn restore_messages(mut self, yes: bool) -> Self {
        self.restore_messages = Some(yes);
        self
    }
}

impl JsonEndpoint for ReactivateUser {
    type Output = UserActionResponse;

    const OP: &'static str = "v2.users.reactivate";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("user_id", &self.user_id)?;
        let path = user_action_path(&self.user_id, "reactivate");
        Ok(spec(Self::OP, Method::Post, path).json(self)?)
    }
}

/// Deactivates many users as a background task: `POST /api/v2/users/deactivate`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::DeactivateUsers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeactivateUsers::new(["bob", "carol"]))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeactivateUsers {
    user_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mark_channels_deleted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mark_messages_deleted: Option<bool>,
}

impl DeactivateUsers {
    /// Deactivates these users.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(user_ids: I) -> Self {
        Self {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
            created_by_id: None,
            mark_channels_deleted: None,
            mark_messages_deleted: None,
        }
    }

    /// Who deactivates.
    pub fn created_by_id(mut self, id: impl Into<String>) -> Self {
        self.created_by_id = Some(id.into());
        self
    }

    /// Also mark their channels deleted.
    pub fn mark_channels_deleted(mut self, yes: bool) -> Self {
        self.mark_channels_deleted = Some(yes);
        self
    }

    /// Also mark their messages deleted.
    pub fn mark_messages_deleted(mut self, yes: bool) -> Self {
        self.mark_messages_deleted = Some(yes);
        self
    }
}

impl JsonEndpoint for DeactivateUsers {
    type Output = TaskResponse;

    const OP: &'static str = "v2.users.deactivate_many";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        ids("user_ids", &self.user_ids)?;
        Ok(spec(Self::OP, Method::Post, "users/deactivate".into()).json(self)?)
    }
}

/// Reactivates many users as a background task: `POST /api/v2/users/reactivate`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::ReactivateUsers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&ReactivateUsers::new(["bob"]).restore_messages(true))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReactivateUsers {
    user_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restore_channels: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restore_messages: Option<bool>,
}

impl ReactivateUsers {
    /// Reactivates these users.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(user_ids: I) -> Self {
        Self {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
            created_by_id: None,
            restore_channels: None,
            restore_messages: None,
        }
    }

    /// Who reactivates.
    pub fn created_by_id(mut self, id: impl Into<String>) -> Self {
        self.created_by_id = Some(id.into());
        self
    }

    /// Restore their channels.
    pub fn restore_channels(mut self, yes: bool) -> Self {
        self.restore_channels = Some(yes);
        self
    }

    /// Restore their messages.
    pub fn restore_messages(mut self, yes: bool) -> Self {
        self.restore_messages = Some(yes);
        self
    }
}

impl JsonEndpoint for ReactivateUsers {
    type Output = TaskResponse;

    const OP: &'static str = "v2.users.reactivate_many";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        ids("user_ids", &self.user_ids)?;
        Ok(spec(Self::OP, Method::Post, "users/reactivate".into()).json(self)?)
    }
}

/// How thoroughly [`DeleteUsers`] deletes a kind of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DeleteMode {
    /// Mark deleted, restorable.
    Soft,
    /// Remove for good.
    Hard,
    /// Users only: remove and scrub references.
    Pruning,
}

/// Deletes users (and optionally their messages, conversations and calls) as a background task:
/// `POST /api/v2/users/delete`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::{DeleteMode, DeleteUsers};
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteUsers::new(["dave"]).user(DeleteMode::Hard))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeleteUsers {
    user_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calls: Option<DeleteMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversations: Option<DeleteMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    messages: Option<DeleteMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_call_owner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_channel_owner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<DeleteMode>,
}

impl DeleteUsers {
    /// Deletes these users.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(user_ids: I) -> Self {
        Self {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
            calls: None,
            conversations: None,
            messages: None,
            new_call_owner_id: None,
            new_channel_owner_id: None,
            user: None,
        }
    }

    /// How to delete the users themselves.
    pub fn user(mut self, mode: DeleteMode) -> Self {
        self.user = Some(mode);
        self
    }

    /// How to delete their messages.
    pub fn messages(mut self, mode: DeleteMode) -> Self {
        self.messages = Some(mode);
        self
    }

    /// How to delete their conversations.
    pub fn conversations(mut self, mode: DeleteMode) -> Self {
        self.conversations = Some(mode);
        self
    }

    /// How to delete their calls.
    pub fn calls(mut self, mode: DeleteMode) -> Self {
        self.calls = Some(mode);
        self
    }

    /// Who takes over their calls.
    pub fn new_call_owner_id(mut self, id: impl Into<String>) -> Self {
        self.new_call_owner_id = Some(id.into());
        self
    }

    /// Who takes over their channels.
    pub fn new_channel_owner_id(mut self, id: impl Into<String>) -> Self {
        self.new_channel_owner_id = Some(id.into());
        self
    }
}

impl JsonEndpoint for DeleteUsers {
    type Output = TaskResponse;

    const OP: &'static str = "v2.users.delete";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        ids("user_ids", &self.user_ids)?;
        Ok(spec(Self::OP, Method::Post, "users/delete".into()).json(self)?)
    }
}

/// Restores soft-deleted users: `POST /api/v2/users/restore`.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::RestoreUsers;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&RestoreUsers::new(["dave"]))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreUsers {
    user_ids: Vec<String>,
}

impl RestoreUsers {
    /// Restores these users.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(user_ids: I) -> Self {
        Self {
            user_ids: user_ids.into_iter().map(Into::into).collect(),
        }
    }
}

impl JsonEndpoint for RestoreUsers {
    type Output = DurationResponse;

    const OP: &'static str = "v2.users.restore";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        ids("user_ids", &self.user_ids)?;
        Ok(spec(Self::OP, Method::Post, "users/restore".into())
            .json(self)?
            .idempotent(true))
    }
}
