//! Follow relations of one feed: follow, unfollow, followers, following, follow stats.
//!
//! Wire choices: the path is `follows/` (Python, Go, Ruby, PHP; JS, Java and .NET use
//! `following/`, which the service accepts too); the follow body is `{"target"[,
//! "activity_copy_limit"]}` without Python's `target_token` (a wildcard feed token the service
//! does not need, and that we keep out of bodies); `keep_history=1` as JS and Go send it; scopes
//! are Python's narrow `follower/<action>/<feed>`.
use stream_auth::{Action, FeedScope, Resource, Scope};
use stream_models::FeedId;
use stream_models::feed::Ack;
use stream_models::follow::{FollowStats as Stats, FollowsPage};

use crate::config::{Config, Service};
use crate::endpoint::{Auth, Endpoint, JsonEndpoint, Paginated, Path, Spec, decode_json};
use crate::endpoints::feed::{feed_auth, feed_path, join_list};
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

/// The largest `activity_copy_limit` the service accepts.
pub const MAX_ACTIVITY_COPY_LIMIT: u32 = 1000;

/// The page size of followers/following when none is given.
pub const DEFAULT_FOLLOWS_LIMIT: u32 = 25;

/// Fails for copy limits above [`MAX_ACTIVITY_COPY_LIMIT`].
pub(crate) fn check_copy_limit(limit: Option<u32>) -> Result<(), BuildError> {
    match limit {
        Some(n) if n > MAX_ACTIVITY_COPY_LIMIT => Err(BuildError::field(
            "activity_copy_limit",
            format!("{n} is above the maximum of {MAX_ACTIVITY_COPY_LIMIT}"),
        )),
        _ => Ok(()),
    }
}

/// `source` follows `target`: `POST feed/<slug>/<user>/follows/`, scope `follower/write/<source>`.
///
/// `activity_copy_limit` (0..=1000) is how many of the target's existing activities are copied
/// into the source feed; 0 copies none. Following twice is harmless, so the call may be retried.
///
/// ```no_run
/// use stream_core::endpoints::follow::Follow;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let follow = Follow::new(FeedId::parse("timeline:alice")?, FeedId::parse("user:bob")?)
///     .activity_copy_limit(0);
/// let request = config.build_request(&follow)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    source: FeedId,
    target: FeedId,
    activity_copy_limit: Option<u32>,
}

#[derive(serde::Serialize)]
struct FollowBody<'a> {
    target: &'a FeedId,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_copy_limit: Option<u32>,
}

impl Follow {
    /// `source` follows `target`.
    pub fn new(source: FeedId, target: FeedId) -> Self {
        Self {
            source,
            target,
            activity_copy_limit: None,
        }
    }

    /// How many existing activities of `target` to copy (0..=1000; the service default is 100).
    pub fn activity_copy_limit(mut self, limit: u32) -> Self {
        self.activity_copy_limit = Some(limit);
        self
    }
}

impl JsonEndpoint for Follow {
    type Output = Ack;

    const OP: &'static str = "feed.follow";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_copy_limit(self.activity_copy_limit)?;
        if self.source == self.target {
            return Err(BuildError::field("target", "a feed cannot follow itself").into());
        }
        Ok(Spec::new(
            Self::OP,
            Method::Post,
            Service::Api,
            feed_path("feed", &self.source).lit("follows").build(),
            feed_auth(Resource::Follower, Action::Write, &self.source),
        )
        .json(&FollowBody {
            target: &self.target,
            activity_copy_limit: self.activity_copy_limit,
        })?
        .idempotent(true))
    }
}

/// `source` stops following `target`: `DELETE feed/<slug>/<user>/follows/<target>/`, scope
/// `follower/delete/<source>`. Copied activities are removed unless `keep_history(true)`.
///
/// ```no_run
/// use stream_core::endpoints::follow::Unfollow;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let unfollow = Unfollow::new(FeedId::parse("timeline:alice")?, FeedId::parse("user:bob")?)
///     .keep_history(true);
/// let request = config.build_request(&unfollow)?;
/// assert!(request.url.contains("/follows/user:bob/?"));
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfollow {
    source: FeedId,
    target: FeedId,
    keep_history: bool,
}

impl Unfollow {
    /// `source` stops following `target`.
    pub fn new(source: FeedId, target: FeedId) -> Self {
        Self {
            source,
            target,
            keep_history: false,
        }
    }

    /// Keeps the activities already copied into `source` (`keep_history=1`).
    pub fn keep_history(mut self, keep: bool) -> Self {
        self.keep_history = keep;
        self
    }
}

impl JsonEndpoint for Unfollow {
    type Output = Ack;

    const OP: &'static str = "feed.unfollow";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let spec = Spec::new(
            Self::OP,
            Method::Delete,
            Service::Api,
            feed_path("feed", &self.source)
                .lit("follows")
                .seg(&self.target.to_string())
                .build(),
            feed_auth(Resource::Follower, Action::Delete, &self.source),
        );
        // `1`, as JS and Go send it (Python sends `True`); only sent when keeping history.
        Ok(if self.keep_history {
            spec.query("keep_history", "1")
        } else {
            spec
        })
    }
}

/// Shared state of followers/following reads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FollowsQuery {
    feed: FeedId,
    limit: Option<u32>,
    offset: Option<u32>,
    filter: Vec<FeedId>,
}

impl FollowsQuery {
    fn spec(&self, op: &'static str, segment: &str) -> Result<Spec, Error> {
        let mut spec = Spec::new(
            op,
            Method::Get,
            Service::Api,
            feed_path("feed", &self.feed).lit(segment).build(),
            feed_auth(Resource::Follower, Action::Read, &self.feed),
        )
        .query_opt("limit", self.limit.map(|n| n.to_string()))
        .query_opt("offset", self.offset.map(|n| n.to_string()));
        if !self.filter.is_empty() {
            let ids: Vec<String> = self.filter.iter().map(ToString::to_string).collect();
            spec = spec.query("filter", join_list("filter", &ids)?);
        }
        Ok(spec)
    }

    /// After a full page, the same read at `offset + len`.
    fn next(&self, last: &FollowsPage) -> Option<Self> {
        let len = last.results.len();
        if len == 0 || len < self.limit.unwrap_or(DEFAULT_FOLLOWS_LIMIT) as usize {
            return None;
        }
        let mut next = self.clone();
        next.offset = Some(
            self.offset
                .unwrap_or(0)
                .checked_add(u32::try_from(len).ok()?)?,
        );
        Some(next)
    }
}

macro_rules! follows_read {
    ($(#[$doc:meta])* $name:ident, $op:literal, $segment:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(FollowsQuery);

        impl $name {
            /// Reads the relations of `feed`.
            pub fn new(feed: FeedId) -> Self {
                Self(FollowsQuery { feed, limit: None, offset: None, filter: Vec::new() })
            }

            /// Page size (service default 25).
            pub fn limit(mut self, limit: u32) -> Self {
                self.0.limit = Some(limit);
                self
            }

            /// Skips this many relations.
            pub fn offset(mut self, offset: u32) -> Self {
                self.0.offset = Some(offset);
                self
            }

            /// Only relations with these feeds ("does alice follow bob?").
            pub fn filter(mut self, feeds: impl IntoIterator<Item = FeedId>) -> Self {
                self.0.filter = feeds.into_iter().collect();
                self
            }
        }

        impl Endpoint for $name {
            type Output = FollowsPage;

            fn spec(&self, _config: &Config) -> Result<Spec, Error> {
                self.0.spec($op, $segment)
            }

            fn parse(&self, response: Response) -> Result<Self::Output, Error> {
                decode_json($op, &response)
            }
        }

        impl Paginated for $name {
            /// After a full page, the next `offset`; a short or empty page is the last.
            fn next_page(&self, last: &FollowsPage) -> Option<Self> {
                self.0.next(last).map(Self)
            }
        }
    };
}

follows_read!(
    /// The feeds following a feed: `GET feed/<slug>/<user>/followers/`, scope
    /// `follower/read/<feed>`, newest relation first, paged by offset. Only the options given
    /// are sent (Python always adds `limit=25&offset=0&filter=`).
    ///
    /// ```no_run
    /// use stream_core::endpoints::follow::Followers;
    /// use stream_core::{ApiSecret, Config, FeedId};
    ///
    /// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
    /// let request = config.build_request(&Followers::new(FeedId::parse("user:alice")?).limit(10).offset(5))?;
    /// # Ok::<(), stream_core::Error>(())
    /// ```
    Followers,
    "feed.followers",
    "followers"
);

follows_read!(
    /// The feeds a feed follows: `GET feed/<slug>/<user>/follows/`, scope
    /// `follower/read/<feed>`, paged by offset; `filter` checks specific targets.
    ///
    /// ```no_run
    /// use stream_core::endpoints::follow::Following;
    /// use stream_core::{ApiSecret, Config, FeedId};
    ///
    /// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
    /// let read = Following::new(FeedId::parse("timeline:alice")?).filter([FeedId::parse("user:bob")?]);
    /// let request = config.build_request(&read)?;
    /// # Ok::<(), stream_core::Error>(())
    /// ```
    Following,
    "feed.following",
    "follows"
);

/// Follower and following counts: `GET stats/follow/?followers=<feed>&following=<feed>`, with
/// optional slug filters; scope `*/*/*` (both official clients use it).
///
/// ```no_run
/// use stream_core::endpoints::follow::FollowStats;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let stats = FollowStats::new(FeedId::parse("user:alice")?)
///     .followers_slugs(["timeline"])
///     .following_slugs(["user"]);
/// let request = config.build_request(&stats)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowStats {
    feed: FeedId,
    followers_slugs: Vec<String>,
    following_slugs: Vec<String>,
}

impl FollowStats {
    /// The counts of `feed`.
    pub fn new(feed: FeedId) -> Self {
        Self {
            feed,
            followers_slugs: Vec::new(),
            following_slugs: Vec::new(),
        }
    }

    /// Only count followers in these feed groups.
    pub fn followers_slugs<I: IntoIterator<Item = S>, S: Into<String>>(mut self, slugs: I) -> Self {
        self.followers_slugs = slugs.into_iter().map(Into::into).collect();
        self
    }

    /// Only count followed feeds in these feed groups.
    pub fn following_slugs<I: IntoIterator<Item = S>, S: Into<String>>(mut self, slugs: I) -> Self {
        self.following_slugs = slugs.into_iter().map(Into::into).collect();
        self
    }
}

impl JsonEndpoint for FollowStats {
    type Output = Stats;

    const OP: &'static str = "feed.follow_stats";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        let feed = self.feed.to_string();
        let mut spec = Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit("stats/follow").build(),
            Auth::Scoped(Scope::new(Resource::All, Action::All, FeedScope::All)),
        )
        .query("followers", feed.clone())
        .query("following", feed);
        if !self.followers_slugs.is_empty() {
            spec = spec.query(
                "followers_slugs",
                join_list("followers_slugs", &self.followers_slugs)?,
            );
        }
        if !self.following_slugs.is_empty() {
            spec = spec.query(
                "following_slugs",
                join_list("following_slugs", &self.following_slugs)?,
            );
        }
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;
    use stream_models::follow::Follow as Relation;

    fn c() -> Config {
        Config::builder("k", ApiSecret::new("s")).build().unwrap()
    }

    fn id(s: &str) -> FeedId {
        FeedId::parse(s).unwrap()
    }

    #[test]
    fn copy_limit_and_self_follow_are_validated() {
        let f = Follow::new(id("timeline:a"), id("user:b"));
        assert!(f.clone().activity_copy_limit(1000).spec_for(&c()).is_ok());
        assert!(f.clone().activity_copy_limit(0).spec_for(&c()).is_ok());
        let e = f.activity_copy_limit(1001).spec_for(&c()).unwrap_err();
        assert!(matches!(
            e,
            Error::Build(BuildError::InvalidField {
                field: "activity_copy_limit",
                ..
            })
        ));
        assert!(
            Follow::new(id("user:a"), id("user:a"))
                .spec_for(&c())
                .is_err()
        );
    }

    #[test]
    fn follows_page_by_offset() {
        let page = |n: usize| {
            let mut p = FollowsPage::default();
            p.results = vec![Relation::default(); n];
            p
        };
        let r = Followers::new(id("user:a")).limit(2);
        assert_eq!(r.next_page(&page(2)).unwrap().0.offset, Some(2));
        assert_eq!(
            r.next_page(&page(2))
                .unwrap()
                .next_page(&page(2))
                .unwrap()
                .0
                .offset,
            Some(4)
        );
        assert!(r.next_page(&page(1)).is_none());
        assert!(r.next_page(&page(0)).is_none());
        let d = Following::new(id("user:a")).offset(5);
        assert_eq!(d.next_page(&page(25)).unwrap().0.offset, Some(30));
    }
}
