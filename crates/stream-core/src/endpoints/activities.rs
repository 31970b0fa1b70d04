//! Activity-level endpoints: update (full and partial), get by ids or foreign id + time, and
//! change an activity's `to` targets. Scopes are `activities/*/*` (both official clients) and
//! `feed_targets/write/<feed>` (Python's narrow scope, rather than JS's `*/*/<feed>`).
use serde::Serialize;
use stream_auth::{Action, FeedScope, Resource, Scope};
use stream_models::FeedId;
use stream_models::activity::{ActivityChange, ActivityList, NewActivity};
use stream_models::feed::{Ack, FeedPage};
use stream_models::time::Timestamp;

use crate::config::{Config, Service};
use crate::endpoint::{Auth, Endpoint, Path, Spec, decode_json};
use crate::endpoints::batch::{Chunked, check_size, merge_acks, split};
use crate::endpoints::feed::enrichment_setters;
use crate::endpoints::feed::{Enrichment, invalid, join_list};
use crate::error::{BuildError, Error};
use crate::request::Method;
use crate::response::Response;

mod to_targets;

pub use to_targets::{BatchUpdateToTargets, MAX_TO_TARGETS_UPDATES, UpdateToTargets};

/// Most activities per `update_activities` request.
pub const MAX_UPDATE_ACTIVITIES: usize = 100;
/// Most ids (or foreign id + time pairs) per `get_activities` request.
pub const MAX_GET_ACTIVITIES: usize = 100;
/// Most changes per partial-update request.
pub const MAX_PARTIAL_UPDATES: usize = 100;

fn activities_scope() -> Scope {
    Scope::new(Resource::Activities, Action::All, FeedScope::All)
}

/// Convenience handle for activity-level operations: creates endpoint values, sends nothing.
///
/// ```no_run
/// use stream_core::endpoints::activities::Activities;
/// use stream_core::models::activity::{ActivityChange, NewActivity};
/// use stream_core::models::Timestamp;
///
/// let time = Timestamp::parse("2024-01-02T03:04:05.678900")?;
/// let update = Activities.update(vec![
///     NewActivity::new("user:alice", "post", "post:1")
///         .foreign_id("post:1")
///         .time(&time),
/// ]);
/// let by_ids = Activities.get_by_ids(["11111111-2222-3333-4444-555555555555"]);
/// let by_fid = Activities.get_by_foreign_ids([("post:1", time)]);
/// let patch = Activities.partial_update(
///     ActivityChange::by_id("11111111-2222-3333-4444-555555555555").set("score", 2),
/// );
/// # let _ = (update, by_ids, by_fid, patch);
/// # Ok::<(), stream_core::models::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activities;

impl Activities {
    /// [`UpdateActivities`]: replaces whole activities (each with `foreign_id` and `time`).
    pub fn update(&self, activities: Vec<NewActivity>) -> UpdateActivities {
        UpdateActivities::new(activities)
    }

    /// [`GetActivities`] by activity id.
    pub fn get_by_ids<I: IntoIterator<Item = S>, S: Into<String>>(&self, ids: I) -> GetActivities {
        GetActivities::by_ids(ids)
    }

    /// [`GetActivities`] by `(foreign_id, time)` pairs.
    pub fn get_by_foreign_ids<I, S, T>(&self, pairs: I) -> GetActivities
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: Into<Timestamp>,
    {
        GetActivities::by_foreign_ids(pairs)
    }

    /// [`ActivityPartialUpdate`] of one activity.
    pub fn partial_update(&self, change: ActivityChange) -> ActivityPartialUpdate {
        ActivityPartialUpdate::one(change)
    }

    /// [`ActivityPartialUpdate`] of several activities (split past 100 changes).
    pub fn partial_update_many(&self, changes: Vec<ActivityChange>) -> ActivityPartialUpdate {
        ActivityPartialUpdate::batch(changes)
    }

    /// [`UpdateToTargets`] of the activity `foreign_id` + `time` in `feed`.
    pub fn update_to_targets(
        &self,
        feed: FeedId,
        foreign_id: impl Into<String>,
        time: impl Into<Timestamp>,
    ) -> UpdateToTargets {
        UpdateToTargets::new(feed, foreign_id, time)
    }

    /// [`BatchUpdateToTargets`]: several `to`-target changes of one feed's activities at once.
    pub fn batch_update_to_targets(&self, updates: Vec<UpdateToTargets>) -> BatchUpdateToTargets {
        BatchUpdateToTargets::new(updates)
    }
}

/// Replaces whole activities, found by `foreign_id` + `time`: `POST activities/` with
/// `{"activities": [...]}`, scope `activities/*/*`; needs the API secret. Every activity needs
/// both `foreign_id` and `time`. Over 100 activities, the client splits the batch into compliant requests (see [`Endpoint::split`]).
///
/// ```no_run
/// use stream_core::endpoints::activities::UpdateActivities;
/// use stream_core::models::activity::NewActivity;
/// use stream_core::models::Timestamp;
/// use stream_core::{ApiSecret, Config};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = UpdateActivities::new(vec![
///     NewActivity::new("user:alice", "post", "post:1")
///         .foreign_id("post:1")
///         .time(Timestamp::parse("2024-01-02T03:04:05.678900")?)
///         .custom("extra", 1),
/// ]);
/// let request = config.build_request(&update)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateActivities {
    activities: Vec<NewActivity>,
}

#[derive(Serialize)]
struct ActivitiesBody<'a> {
    activities: &'a [NewActivity],
}

impl UpdateActivities {
    /// Replaces these activities.
    pub fn new(activities: Vec<NewActivity>) -> Self {
        Self { activities }
    }

    fn check(&self) -> Result<(), Error> {
        for a in &self.activities {
            a.validate().map_err(invalid)?;
            if a.foreign_id.as_deref().is_none_or(str::is_empty) || a.time.is_none() {
                return Err(BuildError::field(
                    "activities",
                    "every updated activity needs a foreign_id and a time",
                )
                .into());
            }
        }
        Ok(())
    }
}

impl Endpoint for UpdateActivities {
    type Output = Ack;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("activities", self.activities.len(), MAX_UPDATE_ACTIVITIES)?;
        self.check()?;
        Ok(Spec::new(
            "activities.update",
            Method::Post,
            Service::Api,
            Path::new().lit("activities").build(),
            Auth::ServerOnly(activities_scope()),
        )
        .json(&ActivitiesBody {
            activities: &self.activities,
        })?
        .idempotent(true))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("activities.update", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.activities.len(), MAX_UPDATE_ACTIVITIES)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for UpdateActivities {
    type Part = UpdateActivities;
    type Output = Ack;

    fn parts(&self) -> Result<Vec<UpdateActivities>, Error> {
        check_size("activities", self.activities.len(), usize::MAX)?;
        self.check()?;
        Ok(split(
            &self.activities,
            MAX_UPDATE_ACTIVITIES,
            UpdateActivities::new,
        ))
    }

    fn merge(outputs: Vec<Ack>) -> Ack {
        merge_acks(outputs)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lookup {
    Ids(Vec<String>),
    ForeignIds(Vec<(String, Timestamp)>),
}

impl Lookup {
    fn len(&self) -> usize {
        match self {
            Lookup::Ids(v) => v.len(),
            Lookup::ForeignIds(v) => v.len(),
        }
    }
}

/// Gets activities by id, or by `foreign_id` + `time`: `GET activities/?ids=a,b` or
/// `GET activities/?foreign_ids=a,b&timestamps=t1,t2`, scope `activities/*/*`; through
/// `enrich/activities/` with enrichment options or a user token. Unknown ones are left out.
/// Over 100 lookups, the client splits the batch into compliant requests (see [`Endpoint::split`]).
///
/// ```no_run
/// use stream_core::endpoints::activities::GetActivities;
/// use stream_core::models::time::Timestamp;
/// use stream_core::{ApiSecret, Config};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let by_ids = GetActivities::by_ids(["11111111-2222-3333-4444-555555555555"]);
/// let by_fid = GetActivities::by_foreign_ids([("post:1", Timestamp::from_unix(1_704_164_645, 678_900_000))]);
/// let request = config.build_request(&by_fid)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct GetActivities {
    lookup: Lookup,
    enrichment: Enrichment,
}

impl GetActivities {
    /// The activities with these ids.
    pub fn by_ids<I: IntoIterator<Item = S>, S: Into<String>>(ids: I) -> Self {
        Self {
            lookup: Lookup::Ids(ids.into_iter().map(Into::into).collect()),
            enrichment: Enrichment::default(),
        }
    }

    /// The activities with these `(foreign_id, time)` pairs.
    pub fn by_foreign_ids<I, S, T>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (S, T)>,
        S: Into<String>,
        T: Into<Timestamp>,
    {
        Self {
            lookup: Lookup::ForeignIds(
                pairs
                    .into_iter()
                    .map(|(f, t)| (f.into(), t.into()))
                    .collect(),
            ),
            enrichment: Enrichment::default(),
        }
    }

    enrichment_setters!();

    fn with_lookup(&self, lookup: Lookup) -> Self {
        Self {
            lookup,
            enrichment: self.enrichment.clone(),
        }
    }

    fn query(&self) -> Result<Vec<(&'static str, String)>, BuildError> {
        Ok(match &self.lookup {
            Lookup::Ids(ids) => vec![("ids", join_list("ids", ids)?)],
            Lookup::ForeignIds(pairs) => {
                let fids: Vec<&str> = pairs.iter().map(|(f, _)| f.as_str()).collect();
                let times: Vec<&str> = pairs.iter().map(|(_, t)| t.as_str()).collect();
                vec![
                    ("foreign_ids", join_list("foreign_ids", &fids)?),
                    ("timestamps", join_list("timestamps", &times)?),
                ]
            }
        })
    }
}

impl Endpoint for GetActivities {
    type Output = FeedPage;

    fn spec(&self, config: &Config) -> Result<Spec, Error> {
        check_size("ids", self.lookup.len(), MAX_GET_ACTIVITIES)?;
        let query = self.query()?;
        let path = if self.enrichment.use_enrich_endpoint(config) {
            "enrich/activities"
        } else {
            "activities"
        };
        let mut spec = Spec::new(
            "activities.get",
            Method::Get,
            Service::Api,
            Path::new().lit(path).build(),
            Auth::Scoped(activities_scope()),
        );
        spec.query.extend(query);
        Ok(self.enrichment.apply(spec)?)
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("activities.get", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.lookup.len(), MAX_GET_ACTIVITIES)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for GetActivities {
    type Part = GetActivities;
    type Output = FeedPage;

    fn parts(&self) -> Result<Vec<GetActivities>, Error> {
        check_size("ids", self.lookup.len(), usize::MAX)?;
        self.query()?;
        Ok(match &self.lookup {
            Lookup::Ids(ids) => split(ids, MAX_GET_ACTIVITIES, |c| {
                self.with_lookup(Lookup::Ids(c))
            }),
            Lookup::ForeignIds(p) => split(p, MAX_GET_ACTIVITIES, |c| {
                self.with_lookup(Lookup::ForeignIds(c))
            }),
        })
    }

    /// All results, in part order; the last part's duration.
    fn merge(outputs: Vec<FeedPage>) -> FeedPage {
        let mut merged = FeedPage::default();
        for page in outputs {
            merged.results.extend(page.results);
            merged.duration = page.duration;
        }
        merged
    }
}

/// Partially updates activities (`set` / `unset` per change): `POST activity/` with
/// `{"changes": [...]}`, scope `activities/*/*`. One change or a batch; each change may set and
/// unset at most 25 keys each. Over 100 changes, the client splits the batch into compliant requests (see [`Endpoint::split`]).
///
/// ```no_run
/// use stream_core::endpoints::activities::ActivityPartialUpdate;
/// use stream_core::models::activity::ActivityChange;
/// use stream_core::{ApiSecret, Config};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let update = ActivityPartialUpdate::one(
///     ActivityChange::by_id("11111111-2222-3333-4444-555555555555")
///         .set("product.price", 19.99)
///         .unset("old_field"),
/// );
/// let request = config.build_request(&update)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityPartialUpdate {
    changes: Vec<ActivityChange>,
}

#[derive(Serialize)]
struct ChangesBody<'a> {
    changes: &'a [ActivityChange],
}

impl ActivityPartialUpdate {
    /// One change.
    pub fn one(change: ActivityChange) -> Self {
        Self {
            changes: vec![change],
        }
    }

    /// Several changes.
    pub fn batch(changes: Vec<ActivityChange>) -> Self {
        Self { changes }
    }

    fn check(&self) -> Result<(), Error> {
        for c in &self.changes {
            c.validate().map_err(invalid)?;
        }
        Ok(())
    }
}

impl Endpoint for ActivityPartialUpdate {
    /// The updated activities, in change order.
    type Output = ActivityList;

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        check_size("changes", self.changes.len(), MAX_PARTIAL_UPDATES)?;
        self.check()?;
        Ok(Spec::new(
            "activities.partial_update",
            Method::Post,
            Service::Api,
            Path::new().lit("activity").build(),
            Auth::Scoped(activities_scope()),
        )
        .json(&ChangesBody {
            changes: &self.changes,
        })?
        .idempotent(true))
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        decode_json("activities.partial_update", &response)
    }

    fn split(&self) -> Result<Option<Vec<Self>>, Error> {
        crate::endpoints::batch::split_if_over(self, self.changes.len(), MAX_PARTIAL_UPDATES)
    }

    fn merge(outputs: Vec<Self::Output>) -> Result<Self::Output, Error> {
        Ok(<Self as Chunked>::merge(outputs))
    }
}

impl Chunked for ActivityPartialUpdate {
    type Part = ActivityPartialUpdate;
    type Output = ActivityList;

    fn parts(&self) -> Result<Vec<ActivityPartialUpdate>, Error> {
        check_size("changes", self.changes.len(), usize::MAX)?;
        self.check()?;
        Ok(split(
            &self.changes,
            MAX_PARTIAL_UPDATES,
            ActivityPartialUpdate::batch,
        ))
    }

    /// All updated activities, in change order; the last part's duration.
    fn merge(outputs: Vec<ActivityList>) -> ActivityList {
        let mut merged = ActivityList::default();
        for list in outputs {
            merged.activities.extend(list.activities);
            merged.duration = list.duration;
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;

    fn c() -> Config {
        Config::builder("k", ApiSecret::new("s")).build().unwrap()
    }

    #[test]
    fn updates_need_identity_and_split() {
        let a = |i: usize| NewActivity::new("user:a", "post", format!("p{i}"));
        assert!(
            UpdateActivities::new(vec![a(1)]).spec_for(&c()).is_err(),
            "no foreign_id/time"
        );
        let many: Vec<_> = (0..250)
            .map(|i| {
                a(i).foreign_id(format!("p{i}"))
                    .time(Timestamp::from_unix_seconds(0))
            })
            .collect();
        let up = UpdateActivities::new(many);
        assert!(up.spec_for(&c()).is_err());
        let parts = up.parts().unwrap();
        assert_eq!(
            parts.iter().map(|p| p.activities.len()).collect::<Vec<_>>(),
            [100, 100, 50]
        );
    }

    #[test]
    fn partial_updates_validate_every_change_before_splitting() {
        let changes: Vec<_> = (0..150)
            .map(|i| ActivityChange::by_id(format!("{i}")).set("a", 1))
            .collect();
        let ok = ActivityPartialUpdate::batch(changes.clone());
        assert_eq!(ok.parts().unwrap().len(), 2);
        let mut too_many_keys = ActivityChange::by_id("x");
        for i in 0..26 {
            too_many_keys = too_many_keys.set(format!("k{i}"), i);
        }
        let mut bad = changes;
        bad.push(too_many_keys);
        let e = ActivityPartialUpdate::batch(bad).parts().unwrap_err();
        assert!(matches!(
            e,
            Error::Build(BuildError::InvalidField { field: "set", .. })
        ));
        let merged = <ActivityPartialUpdate as Chunked>::merge(vec![
            serde_json::from_str(r#"{"activities":[{"id":"1"}]}"#).unwrap(),
            serde_json::from_str(r#"{"activities":[{"id":"2"}],"duration":"2ms"}"#).unwrap(),
        ]);
        assert_eq!(merged.activities.len(), 2);
        assert_eq!(merged.duration.as_deref(), Some("2ms"));
    }

    #[test]
    fn get_activities_split_and_refuse_commas() {
        let ids: Vec<String> = (0..201).map(|i| format!("id{i}")).collect();
        let g = GetActivities::by_ids(ids);
        assert!(g.spec_for(&c()).is_err());
        assert_eq!(g.parts().unwrap().len(), 3);
        assert!(GetActivities::by_ids(["a,b"]).parts().is_err());
        assert!(
            GetActivities::by_ids(Vec::<String>::new())
                .spec_for(&c())
                .is_err()
        );
        let spec = GetActivities::by_ids(["a"])
            .with_reaction_counts(true)
            .spec_for(&c())
            .unwrap();
        assert_eq!(spec.path, "enrich/activities/");
    }
}
