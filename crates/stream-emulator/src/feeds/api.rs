//! What other modules (reactions, users, data privacy, ...) need from the feed store, in one place.

use serde_json::{Map, Value};

use super::activity::{check_feed_id, prepare};
use super::read::{Page, flat_page};
use crate::error::ApiError;
use crate::state::AppState;

/// Checks that a feed id (`slug:user`) is valid.
pub fn check_feed(state: &AppState, feed: &str) -> Result<(), ApiError> {
    let _ = state;
    check_feed_id("feed", feed).map(|_| ())
}

/// Adds an activity (as a client would post it) to a feed, with `to` targets and fan-out.
/// Returns the stored activity.
pub fn add_to_feed(
    state: &mut AppState,
    feed: &str,
    activity: Map<String, Value>,
) -> Result<Value, ApiError> {
    let feed = check_feed_id("feed", feed)?;
    let p = prepare(&Value::Object(activity))?;
    Ok(state.feeds.add(&feed, p, &state.hub))
}

/// Removes the activities with this foreign id from a feed (and its fan-out copies).
pub fn remove_by_foreign_id(state: &mut AppState, feed: &str, foreign_id: &str) {
    state
        .feeds
        .remove_by_foreign_id(feed, foreign_id, &state.hub);
}

/// Removes an activity from the given feeds (all feeds, and the activity itself, when empty).
/// Returns whether it was found.
pub fn remove_activity(state: &mut AppState, id: &str, feeds: &[String]) -> bool {
    state.feeds.remove_everywhere(id, feeds, &state.hub)
}

/// An activity by id, as `get_activities` serves it.
pub fn get_activity(state: &AppState, id: &str) -> Option<Value> {
    state.feeds.get(id)
}

/// `(followers_count, following_count)` of a user: follows of/by any of the user's feeds.
pub fn follow_counts(state: &AppState, user_id: &str) -> (u64, u64) {
    let owned = |feed: &str| feed.split_once(':').is_some_and(|(_, u)| u == user_id);
    let followers = state
        .feeds
        .followers
        .iter()
        .filter(|(t, _)| owned(t))
        .map(|(_, m)| m.len() as u64)
        .sum();
    let following = state
        .feeds
        .following
        .iter()
        .filter(|(s, _)| owned(s))
        .map(|(_, m)| m.len() as u64)
        .sum();
    (followers, following)
}

/// The feeds `feed` follows.
pub fn following(state: &AppState, feed: &str) -> Vec<String> {
    state.feeds.following_of(feed)
}

/// The feeds following `feed`.
pub fn followers(state: &AppState, feed: &str) -> Vec<String> {
    state.feeds.followers_of(feed)
}

/// The newest activities of a flat feed, as served (at most `limit`, from `offset`).
pub fn read_feed(state: &AppState, feed: &str, limit: usize, offset: usize) -> Vec<Value> {
    let page = Page {
        limit,
        offset,
        ..Page::default()
    };
    flat_page(&state.feeds, feed, &page)
        .map(|(v, _)| v)
        .unwrap_or_default()
}
