//! Reading a feed: `GET feed/<slug>/<user>/` or `GET enrich/feed/<slug>/<user>/`.
use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use stream_auth::{Action, Resource};
use stream_models::FeedId;
use stream_models::activity::Activity;
use stream_models::feed::{FeedPage, Group, PageItem};

use crate::config::{Config, Service};
use crate::encode::decode_component;
use crate::endpoint::{Endpoint, JsonEndpoint, Paginated, Spec, decode_json};
use crate::error::Error;
use crate::request::Method;
use crate::response::Response;

use super::enrich::{Enrichment, Mark, enrichment_setters};
use super::read_options::{ReadOptions, read_option_setters};
use super::{feed_auth, feed_path, non_empty};

/// The page size the service uses when none is given.
pub const DEFAULT_FEED_LIMIT: u32 = 25;

/// Reads a feed: `GET feed/<slug>/<user>/` (or `enrich/feed/…`), scope `feed/read/<feed>`.
///
/// `GetFeed` (= `GetFeed<Activity>`) reads flat feeds; [`GetFeed::grouped`] reads aggregated
/// and notification feeds (`FeedPage<Group>`); [`GetFeed::items`] reads into any type.
/// Pagination ([`Paginated::next_page`]) follows the page's `next` link when the service sends
/// one, and otherwise asks for `id_lt` = the last item's id (or the next `offset` on ranked reads).
///
/// ```no_run
/// use stream_core::endpoints::feed::GetFeed;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let read = GetFeed::new(FeedId::parse("user:alice")?)
///     .limit(5)
///     .id_lt("11111111-2222-3333-4444-555555555555")
///     .with_reaction_counts(true);
/// let request = config.build_request(&read)?;
/// assert!(request.url.contains("/enrich/feed/user/alice/"));
/// let notifications = GetFeed::new(FeedId::parse("notification:alice")?)
///     .grouped()
///     .mark_seen(true);
/// let request = config.build_request(&notifications)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
pub struct GetFeed<T = Activity> {
    feed: FeedId,
    limit: Option<u32>,
    offset: Option<u32>,
    id_lt: Option<String>,
    id_lte: Option<String>,
    id_gt: Option<String>,
    id_gte: Option<String>,
    ranking: Option<String>,
    session: Option<String>,
    enrichment: Enrichment,
    mark_seen: Option<Mark>,
    mark_read: Option<Mark>,
    read_options: ReadOptions,
    item: PhantomData<fn() -> T>,
}

// Manual impls: derives would needlessly require `T: Clone`/`T: Debug`/`T: PartialEq`.
impl<T> Clone for GetFeed<T> {
    fn clone(&self) -> Self {
        Self {
            feed: self.feed.clone(),
            limit: self.limit,
            offset: self.offset,
            id_lt: self.id_lt.clone(),
            id_lte: self.id_lte.clone(),
            id_gt: self.id_gt.clone(),
            id_gte: self.id_gte.clone(),
            ranking: self.ranking.clone(),
            session: self.session.clone(),
            enrichment: self.enrichment.clone(),
            mark_seen: self.mark_seen.clone(),
            mark_read: self.mark_read.clone(),
            read_options: self.read_options.clone(),
            item: PhantomData,
        }
    }
}

impl<T> fmt::Debug for GetFeed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetFeed")
            .field("feed", &self.feed)
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .field("id_lt", &self.id_lt)
            .field("id_lte", &self.id_lte)
            .field("id_gt", &self.id_gt)
            .field("id_gte", &self.id_gte)
            .field("ranking", &self.ranking)
            .field("enrichment", &self.enrichment)
            .field("mark_seen", &self.mark_seen)
            .field("mark_read", &self.mark_read)
            .field("read_options", &self.read_options)
            .finish_non_exhaustive()
    }
}

impl<T> PartialEq for GetFeed<T> {
    fn eq(&self, o: &Self) -> bool {
        (
            &self.feed,
            self.limit,
            self.offset,
            &self.id_lt,
            &self.id_lte,
            &self.id_gt,
            &self.id_gte,
            &self.ranking,
            &self.session,
        ) == (
            &o.feed, o.limit, o.offset, &o.id_lt, &o.id_lte, &o.id_gt, &o.id_gte, &o.ranking,
            &o.session,
        ) && self.enrichment == o.enrichment
            && self.mark_seen == o.mark_seen
            && self.mark_read == o.mark_read
            && self.read_options == o.read_options
    }
}

impl GetFeed<Activity> {
    /// Reads `feed` (a flat feed).
    pub fn new(feed: FeedId) -> Self {
        Self {
            feed,
            limit: None,
            offset: None,
            id_lt: None,
            id_lte: None,
            id_gt: None,
            id_gte: None,
            ranking: None,
            session: None,
            enrichment: Enrichment::default(),
            mark_seen: None,
            mark_read: None,
            read_options: ReadOptions::default(),
            item: PhantomData,
        }
    }

    /// Reads an aggregated or notification feed: results are [`Group`]s.
    pub fn grouped(self) -> GetFeed<Group> {
        self.items()
    }
}

impl<T> GetFeed<T> {
    /// Reads the results as `U` (e.g. your own activity type, or `serde_json::Value`).
    pub fn items<U>(self) -> GetFeed<U> {
        GetFeed {
            feed: self.feed,
            limit: self.limit,
            offset: self.offset,
            id_lt: self.id_lt,
            id_lte: self.id_lte,
            id_gt: self.id_gt,
            id_gte: self.id_gte,
            ranking: self.ranking,
            session: self.session,
            enrichment: self.enrichment,
            mark_seen: self.mark_seen,
            mark_read: self.mark_read,
            read_options: self.read_options,
            item: PhantomData,
        }
    }

    /// The feed read.
    pub fn feed(&self) -> &FeedId {
        &self.feed
    }

    /// Page size (the service's default is 25).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Skips this many items (ranked feeds page by offset).
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Only items with an id lower than `id` (older).
    pub fn id_lt(mut self, id: impl Into<String>) -> Self {
        self.id_lt = Some(id.into());
        self
    }

    /// Only items with an id lower than or equal to `id`.
    pub fn id_lte(mut self, id: impl Into<String>) -> Self {
        self.id_lte = Some(id.into());
        self
    }

    /// Only items with an id greater than `id` (newer).
    pub fn id_gt(mut self, id: impl Into<String>) -> Self {
        self.id_gt = Some(id.into());
        self
    }

    /// Only items with an id greater than or equal to `id`.
    pub fn id_gte(mut self, id: impl Into<String>) -> Self {
        self.id_gte = Some(id.into());
        self
    }

    /// Ranks the read with this ranking method of the feed group.
    pub fn ranking(mut self, ranking: impl Into<String>) -> Self {
        self.ranking = Some(ranking.into());
        self
    }

    /// A ranking session id (keeps ranked pages consistent).
    pub fn session(mut self, session: impl Into<String>) -> Self {
        self.session = Some(session.into());
        self
    }

    /// Notification feeds: marks groups as seen (`true`, `Mark::Current` or group ids).
    pub fn mark_seen(mut self, mark: impl Into<Mark>) -> Self {
        self.mark_seen = Some(mark.into());
        self
    }

    /// Notification feeds: marks groups as read (`true`, `Mark::Current` or group ids).
    pub fn mark_read(mut self, mark: impl Into<Mark>) -> Self {
        self.mark_read = Some(mark.into());
        self
    }

    enrichment_setters!();

    read_option_setters!();

    pub(crate) fn build_spec(&self, op: &'static str, config: &Config) -> Result<Spec, Error> {
        for (field, value) in [
            ("id_lt", &self.id_lt),
            ("id_lte", &self.id_lte),
            ("id_gt", &self.id_gt),
            ("id_gte", &self.id_gte),
            ("ranking", &self.ranking),
            ("session", &self.session),
        ] {
            if let Some(v) = value {
                non_empty(field, v)?;
            }
        }
        let prefix = if self.enrichment.use_enrich_endpoint(config) {
            "enrich/feed"
        } else {
            "feed"
        };
        let mut spec = Spec::new(
            op,
            Method::Get,
            Service::Api,
            feed_path(prefix, &self.feed).build(),
            feed_auth(Resource::Feed, Action::Read, &self.feed),
        )
        .query_opt("limit", self.limit.map(|n| n.to_string()))
        .query_opt("offset", self.offset.map(|n| n.to_string()))
        .query_opt("id_lt", self.id_lt.clone())
        .query_opt("id_lte", self.id_lte.clone())
        .query_opt("id_gt", self.id_gt.clone())
        .query_opt("id_gte", self.id_gte.clone())
        .query_opt("ranking", self.ranking.clone())
        .query_opt("session", self.session.clone());
        spec = self.enrichment.apply(spec)?;
        if let Some(mark) = &self.mark_seen {
            spec = spec.query_opt("mark_seen", mark.to_query("mark_seen")?);
        }
        if let Some(mark) = &self.mark_read {
            spec = spec.query_opt("mark_read", mark.to_query("mark_read")?);
        }
        Ok(self.read_options.apply(spec)?)
    }

    /// Applies a `next` link (`/api/v1.0/feed/user/alice/?api_key=…&id_lt=…&limit=25`):
    /// `None` when it names neither `id_lt` nor `offset`.
    fn page_at_next_link(&self, next: &str) -> Option<Self> {
        let query = next.split_once('?')?.1;
        let mut id_lt = None;
        let mut offset = None;
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "id_lt" => id_lt = Some(decode_component(v)).filter(|v| !v.is_empty()),
                "offset" => offset = decode_component(v).parse::<u32>().ok(),
                _ => {}
            }
        }
        let mut page = self.clone().after_first_page();
        match (id_lt, offset) {
            (Some(id), _) => {
                page.id_lt = Some(id);
                page.id_lte = None;
                page.offset = None;
            }
            (None, Some(off)) => page.offset = Some(off),
            (None, None) => return None,
        }
        Some(page)
    }

    /// Whether `next` reads past this request: a new `id_lt`, or an `offset` beyond this one.
    fn advances_to(&self, next: &Self) -> bool {
        if next.id_lt != self.id_lt {
            return next.id_lt.is_some();
        }
        match next.offset {
            Some(off) => off > self.offset.unwrap_or(0),
            None => false,
        }
    }

    /// Marks already applied on the first page are not repeated (except `current`).
    fn after_first_page(mut self) -> Self {
        let keep = |m: &Option<Mark>| matches!(m, Some(Mark::Current));
        if !keep(&self.mark_seen) {
            self.mark_seen = None;
        }
        if !keep(&self.mark_read) {
            self.mark_read = None;
        }
        self
    }
}

impl<T: DeserializeOwned> JsonEndpoint for GetFeed<T> {
    type Output = FeedPage<T>;

    const OP: &'static str = "feed.get";

    fn spec(&self, config: &Config) -> Result<Spec, Error> {
        self.build_spec(Self::OP, config)
    }
}

impl<T: DeserializeOwned + PageItem> Paginated for GetFeed<T> {
    /// The next page: from the `next` link when the service sent one (an empty link ends the
    /// feed); otherwise, after a full page, `offset` + page length on offset/ranked reads, or
    /// `id_lt` = the last item's id. An empty or short page ends the feed.
    fn next_page(&self, last: &FeedPage<T>) -> Option<Self> {
        let len = last.results.len();
        if len == 0 {
            return None;
        }
        match last.next.as_deref().map(str::trim) {
            Some("") => return None,
            Some(link) => {
                if let Some(page) = self.page_at_next_link(link) {
                    // A link back to this page (or an earlier offset) would loop forever.
                    return self.advances_to(&page).then_some(page);
                }
            }
            None => {}
        }
        if len < self.limit.unwrap_or(DEFAULT_FEED_LIMIT) as usize {
            return None;
        }
        let mut page = self.clone().after_first_page();
        if self.offset.is_some() || self.ranking.is_some() {
            let step = u32::try_from(len).ok()?;
            page.offset = Some(self.offset.unwrap_or(0).checked_add(step)?);
        } else {
            let id = last.results.last()?.page_id()?;
            if id.is_empty() || self.id_lt.as_deref() == Some(id) {
                return None;
            }
            page.id_lt = Some(id.to_owned());
            page.id_lte = None;
        }
        Some(page)
    }
}

/// Reads one activity of a feed by id, with enrichment (`id_lte = id_gte = id`, `limit=1`), as
/// the JS client's `getActivityDetail` does. Scope `feed/read/<feed>`.
///
/// ```no_run
/// use stream_core::endpoints::feed::GetActivityDetail;
/// use stream_core::{ApiSecret, Config, FeedId};
///
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let detail = GetActivityDetail::new(FeedId::parse("user:alice")?, "11111111-2222-3333-4444-555555555555")
///     .with_reaction_counts(true);
/// let request = config.build_request(&detail)?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq)]
pub struct GetActivityDetail {
    feed: FeedId,
    id: String,
    enrichment: Enrichment,
}

impl GetActivityDetail {
    /// The activity `id` of `feed`.
    pub fn new(feed: FeedId, id: impl Into<String>) -> Self {
        Self {
            feed,
            id: id.into(),
            enrichment: Enrichment::default(),
        }
    }

    enrichment_setters!();

    fn as_read(&self) -> GetFeed {
        GetFeed::new(self.feed.clone())
            .id_lte(self.id.clone())
            .id_gte(self.id.clone())
            .limit(1)
            .enrichment(self.enrichment.clone())
    }
}

impl Endpoint for GetActivityDetail {
    /// The activity, or `None` when the feed does not hold it.
    type Output = Option<Activity>;

    fn spec(&self, config: &Config) -> Result<Spec, Error> {
        non_empty("id", &self.id)?;
        self.as_read()
            .build_spec("feed.get_activity_detail", config)
    }

    fn parse(&self, response: Response) -> Result<Self::Output, Error> {
        let page: FeedPage<Activity> = decode_json("feed.get_activity_detail", &response)?;
        Ok(page
            .results
            .into_iter()
            .find(|a| a.id.as_deref() == Some(self.id.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::SpecFor;
    use stream_auth::ApiSecret;

    fn config() -> Config {
        Config::builder("k", ApiSecret::new("s")).build().unwrap()
    }

    fn feed() -> FeedId {
        FeedId::parse("user:alice").unwrap()
    }

    fn page(ids: &[&str], next: Option<&str>) -> FeedPage {
        let results: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| serde_json::json!({ "id": id }))
            .collect();
        serde_json::from_value(serde_json::json!({ "results": results, "next": next })).unwrap()
    }

    #[test]
    fn next_page_follows_the_next_link() {
        let read = GetFeed::new(feed()).limit(2).mark_seen(true);
        let next = read
            .next_page(&page(
                &["b", "a"],
                Some("/api/v1.0/feed/user/alice/?api_key=k&id_lt=a&limit=2"),
            ))
            .unwrap();
        assert_eq!(next.id_lt.as_deref(), Some("a"));
        assert_eq!(next.mark_seen, None);
        assert!(read.next_page(&page(&["b", "a"], Some(""))).is_none());
        let ranked = GetFeed::new(feed()).ranking("popularity").offset(0);
        let next = ranked
            .next_page(&page(
                &["b"],
                Some("/api/v1.0/feed/user/alice/?offset=25&limit=25"),
            ))
            .unwrap();
        assert_eq!(next.offset, Some(25));
    }

    #[test]
    fn next_page_without_a_link_uses_the_last_id_or_offset() {
        let read = GetFeed::new(feed()).limit(2).id_lte("z");
        let next = read.next_page(&page(&["b", "a"], None)).unwrap();
        assert_eq!(
            (next.id_lt.as_deref(), next.id_lte.as_deref()),
            (Some("a"), None)
        );
        assert!(
            read.next_page(&page(&["b"], None)).is_none(),
            "short page ends the feed"
        );
        assert!(read.next_page(&page(&[], None)).is_none());
        let ranked = GetFeed::new(feed()).limit(2).ranking("popularity");
        assert_eq!(
            ranked.next_page(&page(&["b", "a"], None)).unwrap().offset,
            Some(2)
        );
        let default_limit = GetFeed::new(feed());
        let ids: Vec<String> = (0..25).map(|i| format!("id{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(
            default_limit
                .next_page(&page(&refs, None))
                .unwrap()
                .id_lt
                .as_deref(),
            Some("id24")
        );
    }

    #[test]
    fn enrichment_picks_the_endpoint() {
        let c = config();
        let plain = GetFeed::new(feed()).limit(1).spec_for(&c).unwrap();
        assert_eq!(plain.path, "feed/user/alice/");
        let enriched = GetFeed::new(feed())
            .with_own_reactions(true)
            .spec_for(&c)
            .unwrap();
        assert_eq!(enriched.path, "enrich/feed/user/alice/");
        let forced_off = GetFeed::new(feed()).with_own_reactions(true).enrich(false);
        assert_eq!(forced_off.spec_for(&c).unwrap().path, "feed/user/alice/");
        assert!(GetFeed::new(feed()).id_lt("").spec_for(&c).is_err());
        let marks = GetFeed::new(feed())
            .grouped()
            .mark_seen(false)
            .mark_read(Mark::Current);
        let q = marks.spec_for(&c).unwrap().query;
        assert_eq!(q, vec![("mark_read", "current".to_owned())]);
    }

    #[test]
    fn activity_detail_picks_the_activity() {
        let d = GetActivityDetail::new(feed(), "a");
        let body = r#"{"results":[{"id":"a","verb":"v"}],"duration":"1ms"}"#;
        let got = d.parse(Response::new(200, body)).unwrap();
        assert_eq!(got.and_then(|a| a.verb).as_deref(), Some("v"));
        assert_eq!(
            d.parse(Response::new(200, r#"{"results":[]}"#)).unwrap(),
            None
        );
        assert!(
            GetActivityDetail::new(feed(), "")
                .spec_for(&config())
                .is_err()
        );
    }
}
