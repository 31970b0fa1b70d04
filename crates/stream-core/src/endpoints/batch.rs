//! Batch writes across feeds (`follow_many`, `unfollow_many`, `add_to_many`) and [`Chunked`],
//! the way every batch larger than one request's limit is split.
//!
//! # Splitting batches
//!
//! The service caps batch sizes (5,000 feeds per `add_to_many`, 2,500 relations per
//! `follow_many`/`unfollow_many`, 100 activities per `update_activities`, 100 ids per
//! `get_activities`, 100 changes per partial update). The SDK splits larger batches instead of
//! refusing them: each batch type implements [`Chunked`], whose [`Chunked::parts`] validates the
//! whole batch first (so nothing is sent when any item is invalid) and returns compliant endpoint
//! values in order, and whose [`Chunked::merge`] combines their outputs. Their
//! [`Endpoint::split`] / [`Endpoint::merge`] hook that into [`crate::Call`], so `client.send(batch)`
//! in either facade sends the parts one after another (each with its own retries) and returns the
//! merged output. If a later part fails, the earlier parts stay applied. [`run_chunked`] does the
//! same with any send function.
use serde::Serialize;
use stream_auth::{Action, FeedScope, Resource, Scope};
use stream_models::FeedId;
use stream_models::activity::NewActivity;
use stream_models::feed::Ack;
use stream_models::follow::{FollowRelation, UnfollowRelation};

use crate::config::{Config, Service};
use crate::endpoint::{Auth, Endpoint, Path, Spec, decode_json};
use crate::endpoints::feed::invalid;
use crate::endpoints::follow::check_copy_limit;
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

/// Most target feeds per `add_to_many` request.
pub const MAX_ADD_TO_MANY_FEEDS: usize = 5_000;
/// Most relations per `follow_many` / `unfollow_many` request.
pub const MAX_FOLLOW_MANY: usize = 2_500;

/// An operation that may need several requests: split into [`Endpoint`] parts, merged back.
///
/// ```no_run
/// use stream_core::endpoints::batch::{Chunked, FollowMany};
/// use stream_core::models::follow::FollowRelation;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let timeline = FeedId::parse("timeline:alice")?;
/// let relations = (0..6000)
///     .map(|i| FeedId::from_parts("user", &format!("u{i}")).map(|t| FollowRelation::new(timeline.clone(), t)))
///     .collect::<Result<Vec<_>, _>>()?;
/// let batch = FollowMany::new(relations).activity_copy_limit(10);
/// for part in batch.parts()? {
///     let request = config.build_request(&part)?; // 3 requests: 2500 + 2500 + 1000
/// }
/// # Ok::<(), stream_core::Error>(())
/// ```
pub trait Chunked {
    /// One request's worth.
    type Part: Endpoint;
    /// The combined result.
    type Output;

    /// Validates the whole batch, then splits it into compliant parts, in order. Fails (and
    /// nothing should be sent) when any item is invalid or the batch is empty.
    fn parts(&self) -> Result<Vec<Self::Part>, Error>;

    /// Combines the parts' outputs (in the order of [`Chunked::parts`]).
    fn merge(outputs: Vec<<Self::Part as Endpoint>::Output>) -> Self::Output;
}

/// Sends every part of `batch` through `send` in order and merges the outputs; stops at the
/// first error (earlier parts stay applied). `send` is typically `|part| client.send(part)`.
pub fn run_chunked<C, F>(batch: &C, mut send: F) -> Result<C::Output, Error>
where
    C: Chunked,
    F: FnMut(&C::Part) -> Result<<C::Part as Endpoint>::Output, Error>,
{
    let parts = batch.parts()?;
    let mut outputs = Vec::with_capacity(parts.len());
    for part in &parts {
        outputs.push(send(part)?);
    }
    Ok(C::merge(outputs))
}

/// [`Endpoint::split`] for a [`Chunked`] batch of `len` items of which one request holds `max`:
/// `None` (send as is, no copy) when it fits, else the validated parts.
pub(crate) fn split_if_over<C: Chunked<Part = C>>(
    batch: &C,
    len: usize,
    max: usize,
) -> Result<Option<Vec<C>>, Error> {
    if len <= max {
        Ok(None)
    } else {
        batch.parts().map(Some)
    }
}

/// Fails for an empty batch, or one above `max` sent as a single request.
pub(crate) fn check_size(field: &'static str, len: usize, max: usize) -> Result<(), BuildError> {
    if len == 0 {
        return Err(BuildError::field(field, "must not be empty"));
    }
    if len > max {
        return Err(BuildError::field(
            field,
            format!(
                "{len} items exceed the {max} one request may carry; `client.send` splits \
                 such a batch automatically; `build_request` builds only one request"
            ),
        ));
    }
    Ok(())
}

/// Splits `items` into runs of at most `max`, each made into a part by `make`.
pub(crate) fn split<T: Clone, P>(items: &[T], max: usize, make: impl Fn(Vec<T>) -> P) -> Vec<P> {
    items.chunks(max.max(1)).map(|c| make(c.to_vec())).collect()
}

/// The merged answer of parts that each return an [`Ack`]: the last part's.
pub(crate) fn merge_acks(outputs: Vec<Ack>) -> Ack {
    outputs.into_iter().last().unwrap_or_default()
}

fn server_all(resource: Resource) -> Auth {
    Auth::ServerOnly(Scope::new(resource, Action::All, FeedScope::All))
}

/// Convenience handle for batch writes across feeds: creates endpoint values, sends nothing.
/// Batches over one request's limit are split by `client.send` (see [`Chunked`]).
///
/// ```no_run
/// use stream_core::endpoints::batch::Batch;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::models::follow::{FollowRelation, UnfollowRelation};
/// use stream_core::FeedId;
///
/// let timeline = FeedId::parse("timeline:alice")?;
/// let bob = FeedId::parse("user:bob")?;
/// let follow = Batch.follow_many(vec![FollowRelation::new(timeline.clone(), bob.clone())])
///     .activity_copy_limit(10);
/// let unfollow = Batch.unfollow_many(vec![UnfollowRelation::new(timeline.clone(), bob.clone())]);
/// let add = Batch.add_to_many(NewActivity::new("user:alice", "post", "post:9"), vec![bob]);
/// # let _ = (follow, unfollow, add);
/// # Ok::<(), stream_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Batch;

impl Batch {
    /// [`FollowMany`]: every relation's source follows its target.
    pub fn follow_many(&self, relations: Vec<FollowRelation>) -> FollowMany {
        FollowMany::new(relations)
    }

    /// [`UnfollowMany`]: removes every relation.
    pub fn unfollow_many(&self, relations: Vec<UnfollowRelation>) -> UnfollowMany {
        UnfollowMany::new(relations)
    }

    /// [`AddToMany`]: adds `activity` to every feed of `feeds` (no fan-out).
    pub fn add_to_many(&self, activity: NewActivity, feeds: Vec<FeedId>) -> AddToMany {
        AddToMany::new(activity, feeds)
    }
}

/// Many feeds follow many feeds in one request: `POST follow_many/?activity_copy_limit=n` with a
/// bare JSON array, scope `follower/*/*`; needs the API secret. Over 2,500 relations, use
/// [`Chunked`].
///
/// ```no_run
/// use stream_core::endpoints::batch::FollowMany;
/// use stream_core::models::follow::FollowRelation;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let batch = FollowMany::new(vec![
///     FollowRelation::new(FeedId::parse("timeline:alice")?, FeedId::parse("user:bob")?),
/// ]).activity_copy_limit(10);
/// let request = config.build_request(&batch)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowMany {
    relations: Vec<FollowRelation>,
    activity_copy_limit: Option<u32>,
}

impl FollowMany {
    /// Follows every relation.
    pub fn new(relations: Vec<FollowRelation>) -> Self {
        Self {
            relations,
            activity_copy_limit: None,
        }
    }

    /// How many existing activities each follow copies (0..=1000).
    pub fn activity_copy_limit(mut self, limit: u32) -> Self {
        self.activity_copy_limit = Some(limit);
        self
    }

    fn check(&self) -> Result<(), Error> {
        check_copy_limit(self.activity_copy_limit)?;
        if let Some(r) = self.relations.iter().find(|r| r.source == r.target) {
            return Err(BuildError::field(
                "relations",
                format!("{} cannot follow itself", r.source),
            )
            .into());
        }
        Ok(())
    }
}

impl Endpoint for FollowMany {
    type Output = Ack;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("relations", self.relations.len(), MAX_FOLLOW_MANY)?;
        self.check()?;
        Ok(Spec::new(
            "feed.follow_many",
            Method::Post,
            Service::Api,
            Path::new().lit("follow_many").build(),
            server_all(Resource::Follower),
        )
        .query_opt(
            "activity_copy_limit",
            self.activity_copy_limit.map(|n| n.to_string()),
        )
        .json(&self.relations)?
        .idempotent(true))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("feed.follow_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.relations.len(), MAX_FOLLOW_MANY)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for FollowMany {
    type Part = FollowMany;
    type Output = Ack;

    fn parts(&self) -> Result<Vec<FollowMany>, Error> {
        check_size("relations", self.relations.len(), usize::MAX)?;
        self.check()?;
        Ok(split(&self.relations, MAX_FOLLOW_MANY, |relations| {
            FollowMany {
                relations,
                activity_copy_limit: self.activity_copy_limit,
            }
        }))
    }

    fn merge(outputs: Vec<Ack>) -> Ack {
        merge_acks(outputs)
    }
}

/// Many unfollows in one request: `POST unfollow_many/` with a bare JSON array
/// (`{"source","target"[,"keep_history"]}`), scope `follower/*/*`; needs the API secret. Over
/// 2,500 relations, the client splits the batch into compliant requests (see [`Endpoint::split`]).
///
/// ```no_run
/// use stream_core::endpoints::batch::UnfollowMany;
/// use stream_core::models::follow::UnfollowRelation;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let batch = UnfollowMany::new(vec![
///     UnfollowRelation::new(FeedId::parse("timeline:alice")?, FeedId::parse("user:bob")?).keep_history(true),
/// ]);
/// let request = config.build_request(&batch)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfollowMany {
    relations: Vec<UnfollowRelation>,
}

impl UnfollowMany {
    /// Removes every relation.
    pub fn new(relations: Vec<UnfollowRelation>) -> Self {
        Self { relations }
    }
}

impl Endpoint for UnfollowMany {
    type Output = Ack;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("relations", self.relations.len(), MAX_FOLLOW_MANY)?;
        Ok(Spec::new(
            "feed.unfollow_many",
            Method::Post,
            Service::Api,
            Path::new().lit("unfollow_many").build(),
            server_all(Resource::Follower),
        )
        .json(&self.relations)?
        .idempotent(true))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("feed.unfollow_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.relations.len(), MAX_FOLLOW_MANY)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for UnfollowMany {
    type Part = UnfollowMany;
    type Output = Ack;

    fn parts(&self) -> Result<Vec<UnfollowMany>, Error> {
        check_size("relations", self.relations.len(), usize::MAX)?;
        Ok(split(&self.relations, MAX_FOLLOW_MANY, UnfollowMany::new))
    }

    fn merge(outputs: Vec<Ack>) -> Ack {
        merge_acks(outputs)
    }
}

/// Adds one activity to many feeds: `POST feed/add_to_many/` with `{"activity", "feeds"}`,
/// scope `feed/*/*`; needs the API secret. No fan-out to followers; `to` is not allowed. Over
/// 5,000 feeds, the client splits the batch into compliant requests (see [`Endpoint::split`]).
///
/// ```no_run
/// use stream_core::endpoints::batch::AddToMany;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let add = AddToMany::new(
///     NewActivity::new("user:alice", "post", "post:9"),
///     vec![FeedId::parse("user:bob")?, FeedId::parse("user:carol")?],
/// );
/// let request = config.build_request(&add)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct AddToMany {
    activity: NewActivity,
    feeds: Vec<FeedId>,
}

#[derive(Serialize)]
struct AddToManyBody<'a> {
    activity: &'a NewActivity,
    feeds: &'a [FeedId],
}

impl AddToMany {
    /// Adds `activity` to every feed of `feeds`.
    pub fn new(activity: NewActivity, feeds: Vec<FeedId>) -> Self {
        Self { activity, feeds }
    }

    fn check(&self) -> Result<(), Error> {
        self.activity.validate().map_err(invalid)?;
        if !self.activity.to.is_empty() {
            return Err(BuildError::field("to", "add_to_many does not accept `to` targets").into());
        }
        Ok(())
    }
}

impl Endpoint for AddToMany {
    type Output = Ack;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("feeds", self.feeds.len(), MAX_ADD_TO_MANY_FEEDS)?;
        self.check()?;
        let identified = self.activity.foreign_id.is_some() && self.activity.time.is_some();
        Ok(Spec::new(
            "feed.add_to_many",
            Method::Post,
            Service::Api,
            Path::new().lit("feed/add_to_many").build(),
            server_all(Resource::Feed),
        )
        .json(&AddToManyBody {
            activity: &self.activity,
            feeds: &self.feeds,
        })?
        .idempotent(identified))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("feed.add_to_many", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.feeds.len(), MAX_ADD_TO_MANY_FEEDS)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for AddToMany {
    type Part = AddToMany;
    type Output = Ack;

    fn parts(&self) -> Result<Vec<AddToMany>, Error> {
        check_size("feeds", self.feeds.len(), usize::MAX)?;
        self.check()?;
        Ok(split(&self.feeds, MAX_ADD_TO_MANY_FEEDS, |feeds| {
            AddToMany {
                activity: self.activity.clone(),
                feeds,
            }
        }))
    }

    fn merge(outputs: Vec<Ack>) -> Ack {
        merge_acks(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stream_auth::ApiSecret;

    fn feeds(n: usize) -> Vec<FeedId> {
        (0..n)
            .map(|i| FeedId::from_parts("user", &format!("u{i}")).unwrap())
            .collect()
    }

    #[test]
    fn oversized_batches_split_and_single_sends_refuse() {
        let c = Config::builder("k", ApiSecret::new("s")).build().unwrap();
        let a = NewActivity::new("user:a", "post", "p");
        let big = AddToMany::new(a.clone(), feeds(12_001));
        assert!(big.spec(&c).is_err());
        let parts = big.parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.feeds.len()).collect::<Vec<_>>(),
            [5000, 5000, 2001]
        );
        assert_eq!(
            parts
                .iter()
                .flat_map(|p| p.feeds.clone())
                .collect::<Vec<_>>(),
            big.feeds
        );
        for p in &parts {
            p.spec(&c).unwrap();
        }
        assert!(AddToMany::new(a.clone(), vec![]).parts().is_err());
        let with_to = a.to(feeds(1));
        assert!(AddToMany::new(with_to, feeds(2)).parts().is_err());

        let src = FeedId::parse("timeline:a").unwrap();
        let rels: Vec<_> = feeds(5001)
            .into_iter()
            .map(|t| FollowRelation::new(src.clone(), t))
            .collect();
        let fm = FollowMany::new(rels).activity_copy_limit(5);
        let parts = fm.parts().unwrap();
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.activity_copy_limit == Some(5)));
        assert!(fm.clone().activity_copy_limit(1001).parts().is_err());
        let mut calls = 0;
        let merged = run_chunked(&fm, |_part| {
            calls += 1;
            let mut ack = Ack::default();
            ack.duration = Some(format!("{calls}ms"));
            Ok(ack)
        })
        .unwrap();
        assert_eq!((calls, merged.duration.as_deref()), (3, Some("3ms")));
        let self_follow = FollowMany::new(vec![FollowRelation::new(src.clone(), src.clone())]);
        assert!(self_follow.parts().is_err());
    }
}
