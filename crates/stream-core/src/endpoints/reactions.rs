//! Reactions: add (to an activity or to another reaction), get, update, delete (hard or soft),
//! restore and filter.
//!
//! Token: `reactions/*/*`, as the Python client mints (JS uses `*/*/*`). Every call here also
//! works client-side with a user token ([`Auth::Scoped`]).
use serde::Serialize;
use serde_json::{Map, Value};
use stream_auth::Resource;
use stream_models::FeedId;
use stream_models::reaction::{Reaction, ReactionsPage};
use stream_models::upload::Ack;

use super::validate;
use crate::config::{Config, Service};
use crate::encode::decode_component;
use crate::endpoint::{Auth, JsonEndpoint, Paginated, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::Method;

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

/// `DELETE reaction/<id>/[?soft=true]`: deletes a reaction; a soft delete can be undone with
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteReaction {
    id: String,
    soft: bool,
}

impl DeleteReaction {
    /// Deletes the reaction `id` (hard by default).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            soft: false,
        }
    }

    /// Soft delete: the reaction gets `deleted_at` and can be restored.
    pub fn soft(mut self, soft: bool) -> Self {
        self.soft = soft;
        self
    }
}

impl JsonEndpoint for DeleteReaction {
    type Output = Ack;

    const OP: &'static str = "reaction.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        let spec = Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            reaction_path(&self.id).build(),
            auth(),
        );
        Ok(if self.soft {
            spec.query("soft", "true")
        } else {
            spec
        })
    }
}

/// `PUT reaction/<id>/restore/` (no body): restores a soft-deleted reaction. Restoring one that
/// is not deleted is a 404 `DoesNotExistException`.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::RestoreReaction;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&RestoreReaction::new("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReaction {
    id: String,
}

impl RestoreReaction {
    /// Restores the reaction `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl JsonEndpoint for RestoreReaction {
    type Output = Ack;

    const OP: &'static str = "reaction.restore";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("id", &self.id)?;
        Ok(Spec::new(
            Self::OP,
            Method::Put,
            Service::Api,
            reaction_path(&self.id).lit("restore").build(),
            auth(),
        ))
    }
}

/// What a reactions filter looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The reactions of an activity.
    ActivityId,
    /// The children of a reaction.
    ReactionId,
    /// The reactions of a user.
    UserId,
}

impl Lookup {
    fn as_str(self) -> &'static str {
        match self {
            Lookup::ActivityId => "activity_id",
            Lookup::ReactionId => "reaction_id",
            Lookup::UserId => "user_id",
        }
    }
}

/// `GET reaction/<activity_id|reaction_id|user_id>/<value>/[<kind>/]`: one page of reactions,
/// newest first. Implements [`Paginated`]: the next page uses `id_lt` from the `next` URL.
///
/// Query: `kind` (repeated from the path, as both official clients send it), `limit` (1 to
/// [`MAX_FILTER_LIMIT`]; the service's default when unset), `id_lt`/`id_lte`/`id_gt`/`id_gte`,
/// `with_activity_data`, `with_own_children`, `with_own_user_id`. Python also repeats the lookup
/// field (`activity_id=`) in the query, a leak of its helper we do not copy.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::reactions::FilterReactions;
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let page = FilterReactions::by_activity("11111111-2222-3333-4444-555555555555")
///     .kind("like")
///     .limit(5)
///     .with_activity_data(true);
/// let request = config.build_request(&page)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterReactions {
    lookup: Lookup,
    value: String,
    kind: Option<String>,
    limit: Option<u32>,
    id_lt: Option<String>,
    id_lte: Option<String>,
    id_gt: Option<String>,
    id_gte: Option<String>,
    with_activity_data: bool,
    with_own_children: bool,
    with_own_user_id: Option<String>,
}

impl FilterReactions {
    /// Reactions looked up by `lookup` = `value`.
    pub fn new(lookup: Lookup, value: impl Into<String>) -> Self {
        Self {
            lookup,
            value: value.into(),
            kind: None,
            limit: None,
            id_lt: None,
            id_lte: None,
            id_gt: None,
            id_gte: None,
            with_activity_data: false,
            with_own_children: false,
            with_own_user_id: None,
        }
    }

    /// The reactions of an activity.
    pub fn by_activity(activity_id: impl Into<String>) -> Self {
        Self::new(Lookup::ActivityId, activity_id)
    }

    /// The child reactions of a reaction.
    pub fn by_reaction(reaction_id: impl Into<String>) -> Self {
        Self::new(Lookup::ReactionId, reaction_id)
    }

    /// The reactions of a user.
    pub fn by_user(user_id: impl Into<String>) -> Self {
        Self::new(Lookup::UserId, user_id)
    }

    /// Only reactions of this kind.
    pub fn kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// Page size, 1 to 25.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Reactions older than this reaction id.
    pub fn id_lt(mut self, id: impl Into<String>) -> Self {
        self.id_lt = Some(id.into());
        self
    }

    /// Reactions older than or equal to this reaction id.
    pub fn id_lte(mut self, id: impl Into<String>) -> Self {
        self.id_lte = Some(id.into());
        self
    }

    /// Reactions newer than this reaction id.
    pub fn id_gt(mut self, id: impl Into<String>) -> Self {
        self.id_gt = Some(id.into());
        self
    }

    /// Reactions newer than or equal to this reaction id.
    pub fn id_gte(mut self, id: impl Into<String>) -> Self {
        self.id_gte = Some(id.into());
        self
    }

    /// Also return the activity (activity lookups only).
    pub fn with_activity_data(mut self, yes: bool) -> Self {
        self.with_activity_data = yes;
        self
    }

    /// Include the caller's own child reactions.
    pub fn with_own_children(mut self, yes: bool) -> Self {
        self.with_own_children = yes;
        self
    }

    /// Whose "own" children to include (server-side).
    pub fn with_own_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.with_own_user_id = Some(user_id.into());
        self
    }
}

impl JsonEndpoint for FilterReactions {
    type Output = ReactionsPage;

    const OP: &'static str = "reaction.filter";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id(self.lookup.as_str(), &self.value)?;
        let mut path = Path::new()
            .lit("reaction")
            .lit(self.lookup.as_str())
            .seg(&self.value);
        if let Some(kind) = &self.kind {
            check_kind(kind)?;
            path = path.seg(kind);
        }
        if let Some(limit) = self.limit {
            if limit == 0 || limit > MAX_FILTER_LIMIT {
                return Err(BuildError::field(
                    "limit",
                    format!("{limit} is out of range; the service returns 1 to {MAX_FILTER_LIMIT} reactions per page"),
                )
                .into());
            }
        }
        if self.with_activity_data && self.lookup != Lookup::ActivityId {
            return Err(BuildError::field(
                "with_activity_data",
                "only applies to reactions looked up by activity_id",
            )
            .into());
        }
        for (field, v) in [
            ("id_lt", &self.id_lt),
            ("id_lte", &self.id_lte),
            ("id_gt", &self.id_gt),
            ("id_gte", &self.id_gte),
            ("with_own_user_id", &self.with_own_user_id),
        ] {
            if let Some(v) = v {
                validate::id(field, v)?;
            }
        }
        let mut spec = Spec::new(Self::OP, Method::Get, Service::Api, path.build(), auth())
            .query_opt("kind", self.kind.clone())
            .query_opt("limit", self.limit.map(|l| l.to_string()))
            .query_opt("id_lt", self.id_lt.clone())
            .query_opt("id_lte", self.id_lte.clone())
            .query_opt("id_gt", self.id_gt.clone())
            .query_opt("id_gte", self.id_gte.clone());
        if self.with_activity_data {
            spec = spec.query("with_activity_data", "true");
        }
        if self.with_own_children {
            spec = spec.query("with_own_children", "true");
        }
        Ok(spec.query_opt("with_own_user_id", self.with_own_user_id.clone()))
    }
}

/// The value of `name` in the query of `url` (a full or relative URL), decoded.
pub(crate) fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(k) == name).then(|| decode_component(v))
    })
}

impl Paginated for FilterReactions {
    fn next_page(&self, last: &ReactionsPage) -> Option<Self> {
        let next = last.next.as_deref().filter(|n| !n.is_empty())?;
        let id_lt = query_param(next, "id_lt").filter(|v| !v.is_empty())?;
        if self.id_lt.as_deref() == Some(id_lt.as_str()) {
            // The service pointed back at the page we just read: stop instead of looping.
            return None;
        }
        let mut following = self.clone();
        following.id_lt = Some(id_lt);
        following.id_lte = None;
        following.id_gt = None;
        following.id_gte = None;
        Some(following)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stream_auth::ApiSecret;

    fn config() -> Config {
        Config::builder("key", ApiSecret::new("secret"))
            .build()
            .unwrap()
    }

    #[test]
    fn filter_validates_limit_and_lookup() {
        let c = config();
        assert!(
            FilterReactions::by_activity("a")
                .limit(26)
                .spec(&c)
                .is_err()
        );
        assert!(FilterReactions::by_activity("a").limit(0).spec(&c).is_err());
        assert!(FilterReactions::by_activity("a").limit(25).spec(&c).is_ok());
        assert!(FilterReactions::by_activity("").spec(&c).is_err());
        assert!(
            FilterReactions::by_user("u")
                .with_activity_data(true)
                .spec(&c)
                .is_err()
        );
    }

    #[test]
    fn add_validates_kind_and_ids() {
        let c = config();
        assert!(AddReaction::new("", "a").spec(&c).is_err());
        assert!(AddReaction::new("like", "").spec(&c).is_err());
        assert!(AddReaction::child("like", "").spec(&c).is_err());
        assert!(AddReaction::new("like", "a").user_id("").spec(&c).is_err());
    }

    #[test]
    fn ids_cannot_escape_their_segment() {
        let spec = GetReaction::new("../x?y").spec(&config()).unwrap();
        assert_eq!(spec.path, "reaction/..%2Fx%3Fy/");
    }

    #[test]
    fn next_page_follows_id_lt_and_stops() {
        let first = FilterReactions::by_activity("a")
            .kind("like")
            .limit(5)
            .id_gt("z");
        let page = ReactionsPage {
            next: Some("/api/v1.0/reaction/activity_id/a/like/?api_key=k&id_lt=r9&limit=5".into()),
            ..Default::default()
        };
        let second = first.next_page(&page).unwrap();
        assert_eq!(second.id_lt.as_deref(), Some("r9"));
        assert_eq!(second.id_gt, None);
        assert!(second.next_page(&page).is_none(), "same cursor again stops");
        let last = ReactionsPage {
            next: Some(String::new()),
            ..Default::default()
        };
        assert!(first.next_page(&last).is_none());
        assert!(first.next_page(&ReactionsPage::default()).is_none());
    }
}
