//! Feeds: activities, flat/aggregated/notification reads, fan-out to followers, `to` targets
//! and activity ids. The store also keeps the follow relationships (see `crate::follow`).

mod activity;
mod handlers;
mod ids;
mod kinds;
mod ranked;
mod ranking;
mod read;
mod store;
mod time;

use axum::Router;
use axum::routing::{delete, get};
use serde_json::{Map, Value};

pub(crate) use activity::{
    MAX_TO_TARGETS, apply_partial, check_feed_id, feed_key, feed_of, parse_time_field, prepare,
};
pub(crate) use ids::id_for_foreign_id;
pub use kinds::FeedKind;
pub(crate) use kinds::FeedKinds;
pub(crate) use ranked::cursor_window;
pub use ranking::{Ranking, RankingError};
pub(crate) use ranking::{Rankings, ranking_vars};
pub(crate) use read::{Page, flat_page, grouped_page};
pub(crate) use store::{
    DEFAULT_COPY_LIMIT, Entry, Feed, FeedStore, Follow, MAX_COPY_LIMIT, StoredActivity,
    with_null_origin,
};
pub(crate) use time::{format_rfc3339, now_us};

use crate::error::ApiError;
use crate::router::RouterExt;
use crate::state::{AppState, SharedState};

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .v1(
            "feed/{slug}/{user}",
            get(handlers::read_feed).post(handlers::add_activities),
        )
        .v1(
            "enrich/feed/{slug}/{user}",
            get(handlers::read_feed_enriched),
        )
        .v1(
            "feed/{slug}/{user}/{activity_id}",
            delete(handlers::remove_activity),
        )
}

/// What other families (reactions, data privacy) do to feeds.
impl AppState {
    /// Adds an activity (as a client would post it) to a feed, with `to` targets and fan-out.
    /// Returns the stored activity.
    pub(crate) fn add_to_feed(
        &mut self,
        feed: &str,
        activity: Map<String, Value>,
    ) -> Result<Value, ApiError> {
        let feed = check_feed_id("feed", feed)?;
        let p = prepare(&Value::Object(activity))?;
        Ok(self.feeds.add(&feed, p, &self.hub))
    }

    /// Removes the activities with this foreign id from a feed (and its fan-out copies).
    pub(crate) fn remove_by_foreign_id(&mut self, feed: &str, foreign_id: &str) {
        self.feeds.remove_by_foreign_id(feed, foreign_id, &self.hub);
    }

    /// Removes an activity from the given feeds (all feeds, and the activity itself, when
    /// empty). Returns whether it was found.
    pub(crate) fn remove_activity(&mut self, id: &str, feeds: &[String]) -> bool {
        self.feeds.remove_everywhere(id, feeds, &self.hub)
    }
}

impl FeedStore {
    /// The newest activities of a flat feed, as served (at most `limit`, from `offset`).
    pub(crate) fn newest(&self, feed: &str, limit: usize, offset: usize) -> Vec<Value> {
        let page = Page {
            limit,
            offset,
            ..Page::default()
        };
        flat_page(self, feed, &page)
            .map(|(v, _)| v)
            .unwrap_or_default()
    }
}
