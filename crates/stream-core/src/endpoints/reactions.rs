//! Reactions: add (to an activity or to another reaction), get (one or many by id), update,
//! delete (hard or soft), restore and filter.
//!
//! Token: `reactions/*/*`, as the Python client mints (JS uses `*/*/*`). Every call here also
//! works client-side with a user token ([`Auth::Scoped`]).
use serde::Serialize;
use serde_json::{Map, Value};
use stream_auth::Resource;
use stream_models::FeedId;
use stream_models::reaction::Reaction;
use stream_models::upload::Ack;

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

mod filter;
mod many;

pub use filter::{FilterReactions, Lookup};
pub use many::GetReactionsByIds;

/// The most reactions one filter page returns (the service caps `limit` at 25).
pub const MAX_FILTER_LIMIT: u32 = 25;

fn auth() -> Auth {
    Auth::Scoped(validate::scope(Resource::Reactions))
}

fn reaction_path(id: &str) -> Path {
    Path::new().lit("reaction").seg(id)
}

/// Convenience handle: creates reaction endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::reactions::Reactions;
/// let add = Reactions.add("like", "11111111-2222-3333-4444-555555555555").user_id("alice");
/// let page = Reactions.filter_activity("11111111-2222-3333-4444-555555555555").kind("like").limit(5);
/// # let _ = (add, page);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reactions;

impl Reactions {
    /// [`AddReaction`] of `kind` to an activity.
    pub fn add(&self, kind: impl Into<String>, activity_id: impl Into<String>) -> AddReaction {
        AddReaction::new(kind, activity_id)
    }

    /// [`AddReaction`] of `kind` to another reaction (a child reaction).
    pub fn add_child(&self, kind: impl Into<String>, parent_id: impl Into<String>) -> AddReaction {
        AddReaction::child(kind, parent_id)
    }

    /// [`GetReaction`].
    pub fn get(&self, id: impl Into<String>) -> GetReaction {
        GetReaction::new(id)
    }

    /// [`GetReactionsByIds`].
    pub fn get_many<I: IntoIterator<Item = S>, S: Into<String>>(
        &self,
        ids: I,
    ) -> GetReactionsByIds {
        GetReactionsByIds::new(ids)
    }

    /// [`UpdateReaction`].
    pub fn update(&self, id: impl Into<String>) -> UpdateReaction {
        UpdateReaction::new(id)
    }

    /// [`DeleteReaction`] (hard; call `.soft(true)` for a soft delete).
    pub fn delete(&self, id: impl Into<String>) -> DeleteReaction {
        DeleteReaction::new(id)
    }

    /// [`RestoreReaction`] (undo a soft delete).
    pub fn restore(&self, id: impl Into<String>) -> RestoreReaction {
        RestoreReaction::new(id)
    }

    /// [`FilterReactions`] of an activity.
    pub fn filter_activity(&self, activity_id: impl Into<String>) -> FilterReactions {
        FilterReactions::by_activity(activity_id)
    }

    /// [`FilterReactions`]: the children of a reaction.
    pub fn filter_reaction(&self, reaction_id: impl Into<String>) -> FilterReactions {
        FilterReactions::by_reaction(reaction_id)
    }

    /// [`FilterReactions`] by a user.
    pub fn filter_user(&self, user_id: impl Into<String>) -> FilterReactions {
        FilterReactions::by_user(user_id)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    Activity(String),
    Parent(String),
}

/// `POST reaction/`: adds a reaction to an activity, or a child reaction to a reaction.
///
/// The body follows the JS client: `{"id"?, "activity_id"|"parent", "kind", "data", "target_feeds",
/// "user_id"?, "target_feeds_extra_data"?}` with `data` defaulting to `{}` and `target_feeds` to
/// `[]`. Python sends `null` for the absent optional fields instead; the service treats both alike.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret, FeedId};
/// use stream_core::endpoints::reactions::AddReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("text".into(), "nice".into());
/// let add = AddReaction::new("like", "11111111-2222-3333-4444-555555555555")
///     .user_id("alice")
///     .data(data)
///     .target_feeds([FeedId::parse("notification:bob")?]);
/// let request = config.build_request(&add)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddReaction {
    kind: String,
    target: Target,
    id: Option<String>,
    user_id: Option<String>,
    data: Map<String, Value>,
    target_feeds: Vec<FeedId>,
    target_feeds_extra_data: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct AddBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    kind: &'a str,
    data: &'a Map<String, Value>,
    target_feeds: &'a [FeedId],
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_feeds_extra_data: Option<&'a Map<String, Value>>,
}

impl AddReaction {
    /// A reaction of `kind` to the activity `activity_id`.
    pub fn new(kind: impl Into<String>, activity_id: impl Into<String>) -> Self {
        Self::with_target(kind.into(), Target::Activity(activity_id.into()))
    }

    /// A child reaction of `kind` to the reaction `parent_id`.
    pub fn child(kind: impl Into<String>, parent_id: impl Into<String>) -> Self {
        Self::with_target(kind.into(), Target::Parent(parent_id.into()))
    }

    fn with_target(kind: String, target: Target) -> Self {
        Self {
            kind,
            target,
            id: None,
            user_id: None,
            data: Map::new(),
            target_feeds: Vec::new(),
            target_feeds_extra_data: None,
        }
    }

    /// Chooses the reaction id (the service generates one otherwise).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The reacting user (required server-side; a user token implies it).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Custom data.
    pub fn data(mut self, data: Map<String, Value>) -> Self {
        self.data = data;
        self
    }

    /// Feeds that also get an activity for this reaction (its verb is the kind).
    pub fn target_feeds(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.target_feeds = feeds.into_iter().collect();
        self
    }

    /// Extra fields merged into the activities created in the target feeds.
    pub fn target_feeds_extra_data(mut self, extra: Map<String, Value>) -> Self {
        self.target_feeds_extra_data = Some(extra);
        self
    }
}

fn check_kind(kind: &str) -> Result<(), BuildError> {
    validate::id("kind", kind)
}

fn check_user(user_id: Option<&str>) -> Result<(), BuildError> {
    user_id.map_or(Ok(()), |u| validate::id("user_id", u))
}

impl JsonEndpoint for AddReaction {
    type Output = Reaction;

    const OP: &'static str = "reaction.add";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_kind(&self.kind)?;
        let (activity_id, parent) = match &self.target {
            Target::Activity(a) => {
                validate::id("activity_id", a)?;
                (Some(a.as_str()), None)
            }
            Target::Parent(p) => {
                validate::id("parent", p)?;
                (None, Some(p.as_str()))
            }
        };
        if let Some(id) = &self.id {
            validate::id("id", id)?;
        }
        if let Some(user) = &self.user_id {
            validate::id("user_id", user)?;
        }
        let body = AddBody {
            id: self.id.as_deref(),
            activity_id,
            parent,
            kind: &self.kind,
            data: &self.data,
            target_feeds: &self.target_feeds,
            user_id: self.user_id.as_deref(),
            target_feeds_extra_data: self.target_feeds_extra_data.as_ref(),
        };
        let op = match self.target {
            Target::Activity(_) => Self::OP,
            Target::Parent(_) => "reaction.add_child",
        };
        Ok(Spec::new(
            op,
            Method::Post,
            Service::Api,
            Path::new().lit("reaction").build(),
            auth(),
        )
        .json(&body)?)
    }
}

/// `GET reaction/<id>/`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::GetReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetReaction::new("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetReaction {
    id: String,
}

impl GetReaction {
    /// The reaction `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl JsonEndpoint for GetReaction {
    type Output = Reaction;

    const OP: &'static str = "reaction.get";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            reaction_path(&self.id).build(),
            auth(),
        ))
    }
}

/// `PUT reaction/<id>/` with `{"data", "target_feeds"[, "target_feeds_extra_data"]}`: replaces
/// the data and target feeds of a reaction. Only the parts you set are sent.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret, FeedId};
/// use stream_core::endpoints::reactions::UpdateReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let mut data = serde_json::Map::new();
/// data.insert("text".into(), "edited".into());
/// let update = UpdateReaction::new("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").data(data);
/// let request = config.build_request(&update)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateReaction {
    id: String,
    data: Option<Map<String, Value>>,
    target_feeds: Option<Vec<FeedId>>,
    target_feeds_extra_data: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct UpdateBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_feeds: Option<&'a [FeedId]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_feeds_extra_data: Option<&'a Map<String, Value>>,
}

impl UpdateReaction {
    /// Updates the reaction `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            data: None,
            target_feeds: None,
            target_feeds_extra_data: None,
        }
    }

    /// The new custom data (replaces the old).
    pub fn data(mut self, data: Map<String, Value>) -> Self {
        self.data = Some(data);
        self
    }

    /// The new target feeds.
    pub fn target_feeds(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
        self.target_feeds = Some(feeds.into_iter().collect());
        self
    }

    /// Extra data for the target feeds' activities.
    pub fn target_feeds_extra_data(mut self, extra: Map<String, Value>) -> Self {
        self.target_feeds_extra_data = Some(extra);
        self
    }
}

impl JsonEndpoint for UpdateReaction {
    type Output = Reaction;

    const OP: &'static str = "reaction.update";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        let body = UpdateBody {
            data: self.data.as_ref(),
            target_feeds: self.target_feeds.as_deref(),
            target_feeds_extra_data: self.target_feeds_extra_data.as_ref(),
        };
        Ok(Spec::new(
            Self::OP,
            Method::Put,
            Service::Api,
            reaction_path(&self.id).build(),
            auth(),
        )
        .json(&body)?)
    }
}

/// `DELETE reaction/<id>/[?soft=true][&user_id=]`: deletes a reaction; a soft delete can be undone with
/// [`RestoreReaction`]. `soft=true` is sent only for soft deletes, like JS (Python always sends
/// `soft=False|True`; absent means hard).
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::DeleteReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteReaction::new("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").soft(true))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteReaction {
    id: String,
    soft: bool,
    user_id: Option<String>,
}

impl DeleteReaction {
    /// Deletes the reaction `id` (hard by default).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            soft: false,
            user_id: None,
        }
    }

    /// Soft delete: the reaction gets `deleted_at` and can be restored.
    pub fn soft(mut self, soft: bool) -> Self {
        self.soft = soft;
        self
    }

    /// The user deleting, for server-side calls (`user_id`, go2's `WithReactionUserID`).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for DeleteReaction {
    type Output = Ack;

    const OP: &'static str = "reaction.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        check_user(self.user_id.as_deref())?;
        let spec = Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            reaction_path(&self.id).build(),
            auth(),
        );
        let spec = if self.soft {
            spec.query("soft", "true")
        } else {
            spec
        };
        Ok(spec.query_opt("user_id", self.user_id.clone()))
    }
}

/// `PUT reaction/<id>/restore/[?user_id=]` (no body): restores a soft-deleted reaction. Restoring one that
/// is not deleted is a 404 `DoesNotExistException`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::RestoreReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&RestoreReaction::new("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReaction {
    id: String,
    user_id: Option<String>,
}

impl RestoreReaction {
    /// Restores the reaction `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            user_id: None,
        }
    }

    /// The user restoring, for server-side calls (`user_id`, go2's `WithReactionUserID`).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for RestoreReaction {
    type Output = Ack;

    const OP: &'static str = "reaction.restore";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        check_user(self.user_id.as_deref())?;
        Ok(Spec::new(
            Self::OP,
            Method::Put,
            Service::Api,
            reaction_path(&self.id).lit("restore").build(),
            auth(),
        )
        .query_opt("user_id", self.user_id.clone()))
    }
}
