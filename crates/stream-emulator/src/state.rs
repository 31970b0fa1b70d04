//! Shared server state: the apps the emulator hosts (keyed by api key), each with its data behind
//! a lock, and the broadcast of feed changes (for realtime).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use serde::{Deserialize, Serialize};
use stream_auth::{ApiSecret, Signer};
use tokio::sync::broadcast;

use crate::feed::{FeedKinds, FeedStore};
use crate::persist::{TrackedLog, Writer};

/// The state every handler gets (`State<SharedState>`).
pub(crate) type SharedState = Arc<EmulatorState>;

/// Everything the server shares between requests.
#[derive(Debug)]
pub(crate) struct EmulatorState {
    /// Hosted apps by api key.
    pub(crate) apps: HashMap<String, Arc<App>>,
    /// Base URL the server answers on, e.g. `http://127.0.0.1:8000` (no trailing slash).
    pub(crate) base_url: String,
    /// Every feed change, for realtime subscribers.
    pub(crate) changes: broadcast::Sender<FeedChange>,
    /// The `--data` file's writer (none when the data lives in memory only).
    pub(crate) writer: Option<Arc<Writer>>,
    /// Where v2 webhook events are queued (shared by the apps).
    pub(crate) webhooks: crate::v2::webhooks::Outbox,
}

impl Drop for EmulatorState {
    fn drop(&mut self) {
        // Closes the data file even when the server task never ran its stop.
        if let Some(w) = &self.writer {
            w.stop();
        }
    }
}

impl EmulatorState {
    /// The app with this api key.
    pub(crate) fn app(&self, api_key: &str) -> Option<&Arc<App>> {
        self.apps.get(api_key)
    }
}

/// One hosted app: credentials and data.
pub(crate) struct App {
    /// Api key (public).
    pub(crate) api_key: String,
    /// App id (used in realtime channel names).
    pub(crate) app_id: String,
    /// Verifies (and, for tests, mints) this app's tokens.
    pub(crate) signer: Signer,
    data: Mutex<AppState>,
    /// The `--data` writer, when the app's data is stored.
    writer: OnceLock<Arc<Writer>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("api_key", &self.api_key)
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl App {
    /// A new app with empty data.
    pub(crate) fn new(
        api_key: impl Into<String>,
        secret: impl Into<String>,
        app_id: impl Into<String>,
        data: AppState,
    ) -> Self {
        let secret = ApiSecret::new(secret.into());
        Self {
            api_key: api_key.into(),
            app_id: app_id.into(),
            signer: Signer::new(&secret),
            data: Mutex::new(data),
            writer: OnceLock::new(),
        }
    }

    /// Locks this app's data (a poisoned lock is recovered: data stays consistent per call).
    /// Do not hold it across an `.await`. When the app is stored (`--data`) and the holder
    /// changed data, releasing the lock asks the writer to store it, and the request being served
    /// is answered only once it is stored.
    pub(crate) fn lock(&self) -> AppGuard<'_> {
        let data = self.lock_raw();
        let marks = if self.writer.get().is_some() {
            data.marks()
        } else {
            0
        };
        AppGuard {
            data,
            marks,
            writer: self.writer.get(),
        }
    }

    /// Locks this app's data without noting changes (for the writer itself).
    pub(crate) fn lock_raw(&self) -> MutexGuard<'_, AppState> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Connects the `--data` writer (once, before the server starts) and starts tracking changes.
    pub(crate) fn attach_writer(&self, writer: Arc<Writer>) {
        self.lock_raw().track_changes();
        let _ = self.writer.set(writer);
    }
}

/// An app's locked data; see [`App::lock`].
pub(crate) struct AppGuard<'a> {
    data: MutexGuard<'a, AppState>,
    marks: u64,
    writer: Option<&'a Arc<Writer>>,
}

impl Deref for AppGuard<'_> {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.data
    }
}

impl DerefMut for AppGuard<'_> {
    fn deref_mut(&mut self) -> &mut AppState {
        &mut self.data
    }
}

impl Drop for AppGuard<'_> {
    fn drop(&mut self) {
        // Still locked here: the commit asked for starts after this change.
        if let Some(writer) = self.writer {
            if self.data.marks() != self.marks {
                crate::persist::note_change(writer);
            }
        }
    }
}

/// A change to one feed, published after writes: what the realtime `/faye` endpoint sends, and
/// what [`Emulator::subscribe`](crate::Emulator::subscribe) receives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedChange {
    /// App the feed belongs to.
    pub app_id: String,
    /// Feed id `slug:user`.
    pub feed_id: String,
    /// Activities added (as served).
    pub new: Vec<serde_json::Value>,
    /// Ids of activities removed.
    pub deleted: Vec<String>,
    /// `[foreign_id, time]` of removed activities that had a foreign id.
    pub deleted_foreign_ids: Vec<(String, String)>,
    /// Notification feeds: ids of the groups a read marked seen.
    pub mark_seen: Vec<String>,
    /// Notification feeds: ids of the groups a read marked read.
    pub mark_read: Vec<String>,
}

/// Where feed code publishes changes; empty (publishes nowhere) until the server connects it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChangeHub {
    pub(crate) sender: Option<broadcast::Sender<FeedChange>>,
    pub(crate) app_id: String,
    /// Feed group kinds (to tell grouped feeds, whose new activities carry a `group`).
    pub(crate) kinds: crate::feed::FeedKinds,
}

impl ChangeHub {
    /// Publishes a change; a no-op without subscribers.
    pub(crate) fn publish(&self, mut change: FeedChange) {
        if let Some(tx) = &self.sender {
            change.app_id.clone_from(&self.app_id);
            let _ = tx.send(change);
        }
    }

    /// Whether `feed` (`slug:user`) is aggregated or notification, so publishes carry groups.
    /// Always false while nothing listens (no group is computed then).
    pub(crate) fn is_grouped(&self, feed: &str) -> bool {
        let slug = feed.split_once(':').map_or(feed, |(s, _)| s);
        self.sender.is_some() && self.kinds.kind(slug) != crate::feed::FeedKind::Flat
    }
}

/// One app's data.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct AppState {
    /// Activities, feeds, follows.
    #[serde(default)]
    pub(crate) feeds: FeedStore,
    /// Reactions.
    #[serde(default)]
    pub(crate) reactions: crate::reactions::ReactionStore,
    /// Collections.
    #[serde(default)]
    pub(crate) collections: crate::collections::CollectionStore,
    /// Users.
    #[serde(default)]
    pub(crate) users: crate::users::UserStore,
    /// Uploaded files and images.
    #[serde(default)]
    pub(crate) files: crate::files::FileStore,
    /// Open Graph pages registered for `og/`.
    #[serde(default)]
    pub(crate) og_pages: crate::og::OgRegistry,
    /// Audit log, moderation flags and analytics events (shown by `app_data` as `misc`).
    #[serde(default, rename = "misc")]
    pub(crate) logs: EventLogs,
    /// v2 users and calls.
    #[serde(default)]
    pub(crate) v2: crate::v2::V2State,
    /// Feed group kinds (configuration, not data).
    #[serde(skip)]
    pub(crate) kinds: FeedKinds,
    /// Ranking methods by name (configuration, not data).
    #[serde(skip)]
    pub(crate) rankings: crate::feed::Rankings,
    /// Where feed changes are published.
    #[serde(skip)]
    pub(crate) hub: ChangeHub,
    /// Where v2 webhook events are queued.
    #[serde(skip)]
    pub(crate) webhooks: crate::v2::webhooks::Outbox,
    /// What the data file holds of this app, as far as writing needs to know (`--data`).
    #[serde(skip)]
    pub(crate) stored: crate::persist::StoredRows,
}

/// The most moderation flags and analytics events kept per app (oldest dropped first).
pub(crate) const MAX_EVENTS: usize = 10_000;

/// The append-only, bounded logs of one app: audit entries (see `crate::audit_logs`),
/// moderation flags (`crate::moderation`) and analytics events (`crate::analytics`).
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct EventLogs {
    /// Audit log, oldest first.
    pub(crate) audit: TrackedLog<crate::audit_logs::AuditEntry>,
    /// Moderation flags as posted (plus `created_at`).
    pub(crate) flags: TrackedLog<serde_json::Map<String, serde_json::Value>>,
    /// Moderation status updates as posted (plus `moderator_id` and `created_at`).
    #[serde(default)]
    pub(crate) statuses: TrackedLog<serde_json::Map<String, serde_json::Value>>,
    /// Data posted to personalization resources: `{"resource", "params", "data"}`.
    #[serde(default)]
    pub(crate) personalization: TrackedLog<serde_json::Map<String, serde_json::Value>>,
    /// Analytics engagements as posted.
    pub(crate) engagements: TrackedLog<serde_json::Value>,
    /// Analytics impressions as posted.
    pub(crate) impressions: TrackedLog<serde_json::Value>,
}

/// Pushes onto a bounded event list (oldest dropped first).
pub(crate) fn push_bounded<T>(list: &mut TrackedLog<T>, item: T) {
    list.push_bounded(item, MAX_EVENTS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lists_are_bounded() {
        let mut list = TrackedLog::default();
        for i in 0..MAX_EVENTS + 5 {
            push_bounded(&mut list, i);
        }
        assert_eq!(list.len(), MAX_EVENTS);
        assert_eq!(list[0], 5);
    }
}
