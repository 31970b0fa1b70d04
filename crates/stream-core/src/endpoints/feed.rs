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
mod read_options;
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

/// A feed (`user:alice`) whose methods create endpoint values; it sends nothing itself: pass
/// what it makes to `client.send(..)`. Get one from `client.feed(slug, user)`. Cheap to clone.
///
/// ```
/// # use stream_core::{Endpoint, Error, StreamApi};
/// # use stream_core::models::activity::NewActivity;
/// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
/// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
/// let feed = client.feed("user", "alice")?;
/// let added = client.send(feed.add_activity(NewActivity::new("alice", "post", "post:1")))?;
/// println!("added {:?}", added.id); // an added activity reads as the activity
/// let page = client.send(feed.get().limit(10))?;
/// let timeline = client.feed("timeline", "alice")?;
/// client.send(timeline.follow(feed.id()))?;
/// # let _ = page;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedRef {
    id: FeedId,
}

impl FeedRef {
    /// Validates `slug` and `user` (letters, digits, `_`, `-`).
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = stream_core::endpoints::feed::FeedRef::new("user", "alice")?; // = client.feed(..)
    /// assert_eq!(feed.id().to_string(), "user:alice");
    /// assert!(client.feed("user", "al ice").is_err());
    /// # Ok(()) }
    /// ```
    pub fn new(slug: &str, user: &str) -> Result<Self, Error> {
        Ok(Self {
            id: FeedId::from_parts(slug, user)?,
        })
    }

    /// The feed with this id.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let id = stream_core::FeedId::parse("user:alice")?;
    /// let feed = stream_core::endpoints::feed::FeedRef::from_id(id.clone()); // = client.feed_by_id(..)
    /// client.send(feed.get())?;
    /// # Ok(()) }
    /// ```
    pub fn from_id(id: FeedId) -> Self {
        Self { id }
    }

    /// The feed with these validated parts.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// use stream_core::{FeedSlug, UserId};
    /// use stream_core::endpoints::feed::FeedRef;
    /// let feed = FeedRef::from_parts(FeedSlug::new("user")?, UserId::new("alice")?);
    /// client.send(feed.get())?;
    /// # Ok(()) }
    /// ```
    pub fn from_parts(slug: FeedSlug, user: UserId) -> Self {
        Self {
            id: FeedId::new(slug, user),
        }
    }

    /// The feed id (`user:alice`).
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// assert_eq!(feed.id().to_string(), "user:alice");
    /// # Ok(()) }
    /// ```
    pub fn id(&self) -> &FeedId {
        &self.id
    }

    /// Reads the feed (flat feeds; use [`GetFeed::grouped`] for aggregated/notification feeds).
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let page = client.send(feed.get().limit(25))?;
    /// for activity in &page.results {
    ///     println!("{:?}", activity.id);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self) -> GetFeed {
        GetFeed::new(self.id.clone())
    }

    /// Reads one activity of the feed by id, with enrichment options.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let detail = client.send(feed.get_activity_detail("11111111-2222-3333-4444-555555555555"))?;
    /// # let _ = detail;
    /// # Ok(()) }
    /// ```
    pub fn get_activity_detail(&self, activity_id: impl Into<String>) -> GetActivityDetail {
        GetActivityDetail::new(self.id.clone(), activity_id)
    }

    /// Adds one activity.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let id = client.send(feed.add_activity(NewActivity::new("alice", "post", "post:1")))?.id.clone();
    /// # let _ = id;
    /// # Ok(()) }
    /// ```
    pub fn add_activity(&self, activity: NewActivity) -> AddActivity {
        AddActivity::new(self.id.clone(), activity)
    }

    /// Adds several activities in one request.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let posts = vec![
    ///     NewActivity::new("alice", "post", "post:1"),
    ///     NewActivity::new("alice", "post", "post:2"),
    /// ];
    /// let added = client.send(feed.add_activities(posts))?;
    /// # let _ = added;
    /// # Ok(()) }
    /// ```
    pub fn add_activities(&self, activities: Vec<NewActivity>) -> AddActivities {
        AddActivities::new(self.id.clone(), activities)
    }

    /// Removes an activity by its id.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// client.send(feed.remove_activity("11111111-2222-3333-4444-555555555555"))?;
    /// # Ok(()) }
    /// ```
    pub fn remove_activity(&self, activity_id: impl Into<String>) -> RemoveActivity {
        RemoveActivity::by_id(self.id.clone(), activity_id)
    }

    /// Removes an activity by its foreign id.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// client.send(feed.remove_by_foreign_id("post:1"))?;
    /// # Ok(()) }
    /// ```
    pub fn remove_by_foreign_id(&self, foreign_id: impl Into<String>) -> RemoveActivity {
        RemoveActivity::by_foreign_id(self.id.clone(), foreign_id)
    }

    /// This feed follows `target`.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let timeline = client.feed("timeline", "alice")?;
    /// let bob = client.feed("user", "bob")?;
    /// client.send(timeline.follow(bob.id()))?;
    /// # Ok(()) }
    /// ```
    pub fn follow(&self, target: &FeedId) -> Follow {
        Follow::new(self.id.clone(), target.clone())
    }

    /// This feed stops following `target`.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let timeline = client.feed("timeline", "alice")?;
    /// client.send(timeline.unfollow(&stream_core::FeedId::parse("user:bob")?))?;
    /// # Ok(()) }
    /// ```
    pub fn unfollow(&self, target: &FeedId) -> Unfollow {
        Unfollow::new(self.id.clone(), target.clone())
    }

    /// The feeds following this feed.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "bob")?;
    /// let followers = client.send(feed.followers().limit(10))?;
    /// # let _ = followers;
    /// # Ok(()) }
    /// ```
    pub fn followers(&self) -> Followers {
        Followers::new(self.id.clone())
    }

    /// The feeds this feed follows.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let timeline = client.feed("timeline", "alice")?;
    /// let following = client.send(timeline.following())?;
    /// # let _ = following;
    /// # Ok(()) }
    /// ```
    pub fn following(&self) -> Following {
        Following::new(self.id.clone())
    }

    /// Follower and following counts of this feed.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "bob")?;
    /// let stats = client.send(feed.follow_stats())?;
    /// # let _ = stats;
    /// # Ok(()) }
    /// ```
    pub fn follow_stats(&self) -> FollowStats {
        FollowStats::new(self.id.clone())
    }

    /// Changes the `to` targets of the activity with `foreign_id` and `time` in this feed.
    ///
    /// ```
    /// # use stream_core::{Endpoint, Error, StreamApi};
    /// # use stream_core::models::activity::NewActivity;
    /// # trait Sends { fn send<E: Endpoint>(&self, e: E) -> Result<E::Output, Error>; }
    /// # fn demo(client: &(impl StreamApi + Sends)) -> Result<(), Error> {
    /// let feed = client.feed("user", "alice")?;
    /// let update = feed
    ///     .update_to_targets("post:1", stream_core::models::Timestamp::from_unix_seconds(1_704_164_645))
    ///     .add_targets([stream_core::FeedId::parse("notification:bob")?]);
    /// client.send(update)?;
    /// # Ok(()) }
    /// ```
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
