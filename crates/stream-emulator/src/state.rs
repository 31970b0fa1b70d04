//! Shared server state: the apps the emulator hosts (keyed by api key), each with its data behind
//! a lock, and the broadcast of feed changes (for realtime).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use stream_auth::{ApiSecret, Signer};
use tokio::sync::broadcast;

use crate::feeds::{FeedKinds, FeedStore};

/// The state every handler gets (`State<SharedState>`).
pub type SharedState = Arc<EmulatorState>;

/// Everything the server shares between requests.
#[derive(Debug)]
pub struct EmulatorState {
    /// Hosted apps by api key.
    pub apps: HashMap<String, Arc<App>>,
    /// Base URL the server answers on, e.g. `http://127.0.0.1:8000` (no trailing slash).
    pub base_url: String,
    /// Every feed change, for realtime subscribers.
    pub changes: broadcast::Sender<FeedChange>,
}

impl EmulatorState {
    /// The app with this api key.
    pub fn app(&self, api_key: &str) -> Option<&Arc<App>> {
        self.apps.get(api_key)
    }
}

/// One hosted app: credentials and data.
pub struct App {
    /// Api key (public).
    pub api_key: String,
    /// App id (used in realtime channel names).
    pub app_id: String,
    secret: ApiSecret,
    /// Verifies (and, for tests, mints) this app's tokens.
    pub signer: Signer,
    data: Mutex<AppState>,
    generation: AtomicU64,
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
    pub fn new(
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
            secret,
            data: Mutex::new(data),
            generation: AtomicU64::new(0),
        }
    }

    /// The api secret.
    pub fn secret(&self) -> &ApiSecret {
        &self.secret
    }

    /// Locks this app's data (a poisoned lock is recovered: data stays consistent per call).
    /// Marks the data as changed for snapshots; do not hold it across an `.await`.
    pub fn lock(&self) -> MutexGuard<'_, AppState> {
        self.generation.fetch_add(1, Ordering::Relaxed);
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A counter bumped on every lock (used to decide when to write a snapshot).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Relaxed)
    }
}

/// A change to one feed, published after writes (for the realtime `/faye` endpoint).
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
pub struct ChangeHub {
    pub(crate) sender: Option<broadcast::Sender<FeedChange>>,
    pub(crate) app_id: String,
    /// Feed group kinds (to tell grouped feeds, whose new activities carry a `group`).
    pub(crate) kinds: crate::feeds::FeedKinds,
}

impl ChangeHub {
    /// Publishes a change; a no-op without subscribers.
    pub fn publish(&self, mut change: FeedChange) {
        if let Some(tx) = &self.sender {
            change.app_id.clone_from(&self.app_id);
            let _ = tx.send(change);
        }
    }

    /// Whether `feed` (`slug:user`) is aggregated or notification, so publishes carry groups.
    /// Always false while nothing listens (no group is computed then).
    pub fn is_grouped(&self, feed: &str) -> bool {
        let slug = feed.split_once(':').map_or(feed, |(s, _)| s);
        self.sender.is_some() && self.kinds.kind(slug) != crate::feeds::FeedKind::Flat
    }
}

/// One app's data.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct AppState {
    /// Activities, feeds, follows.
    #[serde(default)]
    pub feeds: FeedStore,
    /// Reactions (part B).
    #[serde(default)]
    pub reactions: crate::reactions::ReactionStore,
    /// Collections (part B).
    #[serde(default)]
    pub collections: crate::collections::CollectionStore,
    /// Users (part B).
    #[serde(default)]
    pub users: crate::users::UserStore,
    /// Uploaded files and images (part B).
    #[serde(default)]
    pub files: crate::files::FileStore,
    /// Open Graph pages registered for `og/` (part B).
    #[serde(default)]
    pub og_pages: crate::og::OgRegistry,
    /// Audit log, moderation flags and analytics events (part B).
    #[serde(default)]
    pub misc: crate::misc::MiscStore,
    /// v2 users and calls (issue 7).
    #[serde(default)]
    pub v2: crate::v2::V2State,
    /// Feed group kinds (configuration, not data).
    #[serde(skip)]
    pub kinds: FeedKinds,
    /// Where feed changes are published.
    #[serde(skip)]
    pub hub: ChangeHub,
}
// SKELETON READY
