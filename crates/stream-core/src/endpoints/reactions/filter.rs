//! Reading reactions by filter: the reactions of an activity, the children of a reaction, or a
//! user's reactions, one page at a time ([`FilterReactions`], [`Paginated`]).
use stream_models::reaction::ReactionsPage;

use crate::config::{Config, Service};
use crate::encode::decode_component;
use crate::endpoint::{JsonEndpoint, Paginated, Path, Spec};
use crate::endpoints::validate;
use crate::error::{BuildError, Error};
use crate::request::Method;

use super::{MAX_FILTER_LIMIT, auth, check_kind};

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
/// `with_activity_data`, `with_own_children`, `user_id` (whose own children,
/// [`FilterReactions::with_own_user_id`]), `children_user_id`, `filter_user_id` and `ranking`.
/// Python also repeats the lookup field (`activity_id=`) in the query, a leak of its helper we
/// do not copy.
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
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
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
    own_user_id: Option<String>,
    children_user_id: Option<String>,
    filter_user_id: Option<String>,
    ranking: Option<String>,
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
            own_user_id: None,
            children_user_id: None,
            filter_user_id: None,
            ranking: None,
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

    /// Whose "own" children to include, for server-side reads (`user_id`, as go2's
    /// `WithOwnUserID` sends it).
    pub fn with_own_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.own_user_id = Some(user_id.into());
        self
    }

    /// Only the own children of this user (`children_user_id`).
    pub fn children_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.children_user_id = Some(user_id.into());
        self
    }

    /// Only reactions by this user (`filter_user_id`), e.g. one user's reactions to an activity.
    pub fn filter_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.filter_user_id = Some(user_id.into());
        self
    }

    /// Orders the reactions by this ranking method of the app (`ranking`).
    pub fn ranking(mut self, ranking: impl Into<String>) -> Self {
        self.ranking = Some(ranking.into());
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
            ("user_id", &self.own_user_id),
            ("children_user_id", &self.children_user_id),
            ("filter_user_id", &self.filter_user_id),
            ("ranking", &self.ranking),
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
        Ok(spec
            .query_opt("user_id", self.own_user_id.clone())
            .query_opt("children_user_id", self.children_user_id.clone())
            .query_opt("filter_user_id", self.filter_user_id.clone())
            .query_opt("ranking", self.ranking.clone()))
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
    use crate::endpoints::reactions::*;
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
