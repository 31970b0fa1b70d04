//! Feed endpoints: read a feed, add and remove activities, and [`FeedRef`], the handle that
//! creates every per-feed endpoint value.
//!
//! Wire choices (the service accepts both official clients' forms; where they differ we pick one):
//! - **Scopes**: a narrow token per call, as the Python client mints them
//!   (`feed/read/<feed>`, `feed/write/<feed>`, `feed/delete/<feed>`), rather than JS's cached
//!   `*/*/<feed>` token, so a leaked request token grants as little as possible.
//! - **Booleans** in queries are `true`/`false` (JS, Go); Python's `True` is accepted too.
//! - **`to` targets** are sent bare (`"user:bob"`, JS and Go): Python's `"user:bob <token>"` form
//!   embeds a wildcard feed token in the body, which we never want in a payload that may be logged.
mod enrich;
mod read;
mod write;

pub(crate) use enrich::enrichment_setters;
pub use enrich::{Enrichment, Mark};
pub use read::{GetActivityDetail, GetFeed};
pub(crate) use write::invalid;
pub use write::{AddActivities, AddActivity, RemoveActivity};

use stream_auth::{Action, FeedScope, Resource, Scope};
use stream_models::activity::NewActivity;
use stream_models::time::Timestamp;
use stream_models::{FeedId, FeedSlug, UserId};

use crate::endpoint::{Auth, Path};
use crate::endpoints::activities::UpdateToTargets;
use crate::endpoints::follow::{Follow, FollowStats, Followers, Following, Unfollow};
use crate::error::{BuildError, Error};

/// A feed (`user:alice`) whose methods create endpoint values; it sends nothing itself.
/// Cheap to clone.
///
/// ```no_run
/// use stream_core::endpoints::feed::FeedRef;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let feed = FeedRef::new("user", "alice")?;
/// let read = config.build_request(&feed.get().limit(10))?;
/// let add = config.build_request(&feed.add_activity(NewActivity::new("user:alice", "post", "post:1")))?;
/// let follow = config.build_request(&FeedRef::new("timeline", "alice")?.follow(&FeedId::parse("user:bob")?))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedRef {
    id: FeedId,
}

impl FeedRef {
    /// Validates `slug` and `user` (letters, digits, `_`, `-`).
    pub fn new(slug: &str, user: &str) -> Result<Self, Error> {
        Ok(Self {
            id: FeedId::from_parts(slug, user)?,
        })
    }

    /// The feed with this id.
    pub fn from_id(id: FeedId) -> Self {
        Self { id }
    }

    /// The feed with these validated parts.
    pub fn from_parts(slug: FeedSlug, user: UserId) -> Self {
        Self {
            id: FeedId::new(slug, user),
        }
    }

    /// The feed id (`user:alice`).
    pub fn id(&self) -> &FeedId {
        &self.id
    }

    /// Reads the feed (flat feeds; use [`GetFeed::grouped`] for aggregated/notification feeds).
    pub fn get(&self) -> GetFeed {
        GetFeed::new(self.id.clone())
    }

    /// Reads one activity of the feed by id, with enrichment options.
    pub fn get_activity_detail(&self, activity_id: impl Into<String>) -> GetActivityDetail {
        GetActivityDetail::new(self.id.clone(), activity_id)
    }

    /// Adds one activity.
    pub fn add_activity(&self, activity: NewActivity) -> AddActivity {
        AddActivity::new(self.id.clone(), activity)
    }

    /// Adds several activities in one request.
    pub fn add_activities(&self, activities: Vec<NewActivity>) -> AddActivities {
        AddActivities::new(self.id.clone(), activities)
    }

    /// Removes an activity by its id.
    pub fn remove_activity(&self, activity_id: impl Into<String>) -> RemoveActivity {
        RemoveActivity::by_id(self.id.clone(), activity_id)
    }

    /// Removes an activity by its foreign id.
    pub fn remove_by_foreign_id(&self, foreign_id: impl Into<String>) -> RemoveActivity {
        RemoveActivity::by_foreign_id(self.id.clone(), foreign_id)
    }

    /// This feed follows `target`.
    pub fn follow(&self, target: &FeedId) -> Follow {
        Follow::new(self.id.clone(), target.clone())
    }

    /// This feed stops following `target`.
    pub fn unfollow(&self, target: &FeedId) -> Unfollow {
        Unfollow::new(self.id.clone(), target.clone())
    }

    /// The feeds following this feed.
    pub fn followers(&self) -> Followers {
        Followers::new(self.id.clone())
    }

    /// The feeds this feed follows.
    pub fn following(&self) -> Following {
        Following::new(self.id.clone())
    }

    /// Follower and following counts of this feed.
    pub fn follow_stats(&self) -> FollowStats {
        FollowStats::new(self.id.clone())
    }

    /// Changes the `to` targets of the activity with `foreign_id` and `time` in this feed.
    pub fn update_to_targets(
        &self,
        foreign_id: impl Into<String>,
        time: impl Into<Timestamp>,
    ) -> UpdateToTargets {
        UpdateToTargets::new(self.id.clone(), foreign_id, time)
    }
}

impl From<FeedId> for FeedRef {
    fn from(id: FeedId) -> Self {
        Self::from_id(id)
    }
}

/// The token scope `resource/action/<feed>` for one feed.
pub(crate) fn feed_auth(resource: Resource, action: Action, feed: &FeedId) -> Auth {
    Auth::Scoped(Scope::new(
        resource,
        action,
        FeedScope::Feed(feed.without_colon()),
    ))
}

/// `<prefix>/<slug>/<user>/`.
pub(crate) fn feed_path(prefix: &str, feed: &FeedId) -> Path {
    Path::new()
        .lit(prefix)
        .seg(feed.slug().as_str())
        .seg(feed.user().as_str())
}

/// Joins values with `,` for a list query parameter, refusing empty values and values that
/// contain a comma (they would split into two).
pub(crate) fn join_list<S: AsRef<str>>(
    field: &'static str,
    items: &[S],
) -> Result<String, BuildError> {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let item = item.as_ref();
        if item.is_empty() || item.contains(',') {
            return Err(BuildError::field(
                field,
                format!("{item:?} cannot be sent in a comma-separated list"),
            ));
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(item);
    }
    Ok(out)
}

/// Fails when `value` is empty.
pub(crate) fn non_empty(field: &'static str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        Err(BuildError::field(field, "must not be empty"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_refs_validate_and_create_endpoints() {
        assert!(FeedRef::new("user", "al ice").is_err());
        assert!(FeedRef::new("", "alice").is_err());
        let f = FeedRef::new("user", "alice").unwrap();
        assert_eq!(f.id().to_string(), "user:alice");
        assert_eq!(FeedRef::from(f.id().clone()), f);
        assert_eq!(join_list("ids", &["a", "b"]).unwrap(), "a,b");
        assert!(join_list("ids", &["a,b"]).is_err());
        assert!(join_list("ids", &[""]).is_err());
        assert_eq!(feed_path("feed", f.id()).build(), "feed/user/alice/");
    }
}
