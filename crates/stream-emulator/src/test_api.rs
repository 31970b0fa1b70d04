//! The test API: what a test may do to an emulator besides sending it requests. It seeds data
//! the service would hold already (pages to scrape, reactions, collection entries, users) and
//! reads an app's data back as JSON. Everything acts on the emulator's first
//! app ([`Emulator::api_key`]) unless said otherwise.

use serde_json::{Map, Value};

use crate::Emulator;
use crate::og::OgData;
use crate::reactions::NewReaction;
use crate::stamp::Stamp;
use crate::state::AppState;

impl Emulator {
    fn with_app<T>(&self, f: impl FnOnce(&mut AppState) -> T) -> T {
        let app = self
            .state()
            .app(self.api_key())
            .expect("the emulator hosts its first app");
        f(&mut app.lock())
    }

    /// Registers the Open Graph data `og/?url=` returns for `url`, in every hosted app (the
    /// emulator never fetches pages itself).
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// use stream_emulator::{Emulator, og::OgData};
    /// let emulator = Emulator::start_blocking()?;
    /// emulator.register_og_page("https://example.com/", OgData::new("Example", "A page"));
    /// # Ok(()) }
    /// ```
    pub fn register_og_page(&self, url: impl Into<String>, data: impl Into<OgData>) {
        let url = url.into();
        let data = data.into().0;
        for app in self.state().apps.values() {
            app.lock().og_pages.register(url.clone(), data.clone());
        }
    }

    /// Makes sure a live reaction `id` of `kind` by `user_id` on `activity_id` exists: adds it
    /// when missing, restores it when soft-deleted, leaves it alone otherwise. Returns whether
    /// the ids were valid.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// assert!(emulator.seed_reaction("r1", "like", "a1", "alice"));
    /// # Ok(()) }
    /// ```
    pub fn seed_reaction(&self, id: &str, kind: &str, activity_id: &str, user_id: &str) -> bool {
        self.with_app(|app| match app.reactions.get(id) {
            None => {
                let new = NewReaction {
                    id: Some(id.into()),
                    kind: kind.into(),
                    activity_id: Some(activity_id.into()),
                    user_id: user_id.into(),
                    ..NewReaction::default()
                };
                app.reactions.add(new, Stamp::now()).is_ok()
            }
            Some(r) if r.deleted_at.is_some() => app.reactions.restore(id).is_ok(),
            Some(_) => true,
        })
    }

    /// Soft-deletes reaction `id` (and its children), as `DELETE reaction/<id>/?soft=true`
    /// does. Returns whether it existed.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// emulator.seed_reaction("r1", "like", "a1", "alice");
    /// assert!(emulator.soft_delete_reaction("r1"));
    /// # Ok(()) }
    /// ```
    pub fn soft_delete_reaction(&self, id: &str) -> bool {
        self.with_app(|app| app.reactions.delete(id, true, Stamp::now()).is_ok())
    }

    /// Makes sure collection entry `collection`/`id` exists (added with `data` when missing).
    /// Returns whether the names were valid.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// assert!(emulator.seed_collection_entry("food", "pizza-1", serde_json::Map::new()));
    /// # Ok(()) }
    /// ```
    pub fn seed_collection_entry(
        &self,
        collection: &str,
        id: &str,
        data: Map<String, Value>,
    ) -> bool {
        self.with_app(|app| {
            app.collections.get(collection, id).is_some()
                || app
                    .collections
                    .add(collection, Some(id.into()), None, data, Stamp::now())
                    .is_ok()
        })
    }

    /// Removes collection entry `collection`/`id`. Returns whether it existed.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// assert!(!emulator.remove_collection_entry("food", "pizza-1"));
    /// # Ok(()) }
    /// ```
    pub fn remove_collection_entry(&self, collection: &str, id: &str) -> bool {
        self.with_app(|app| app.collections.delete(collection, id).is_ok())
    }

    /// Makes sure user `id` exists (added with `data` when missing). Returns whether the id
    /// was valid.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// assert!(emulator.seed_user("alice", serde_json::Map::new()));
    /// # Ok(()) }
    /// ```
    pub fn seed_user(&self, id: &str, data: Map<String, Value>) -> bool {
        self.with_app(|app| app.users.add(id, data, true, Stamp::now()).is_ok())
    }

    /// Has v2 user `user_id` join call `call_type:id`, as the user's app does over WebRTC (the
    /// emulator carries no media): the call gets an active session, in which recordings,
    /// transcription, captions and broadcasts can start, and the user is a participant until
    /// kicked or the call ends. Returns the participant's user session id, or `None` when the
    /// call does not exist, has ended, blocks the user or is full.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// assert_eq!(emulator.join_call("default", "no-such-call", "alice"), None);
    /// # Ok(()) }
    /// ```
    pub fn join_call(&self, call_type: &str, id: &str, user_id: &str) -> Option<String> {
        if user_id.is_empty() {
            return None;
        }
        self.with_app(|app| {
            let c = app.v2.calls.get_mut(&format!("{call_type}:{id}"))?;
            let now = crate::v2::state::now_ns();
            let session = crate::v2::calls::egress::join(c, user_id, now)?;
            c.updated_at = now;
            Some(session)
        })
    }

    /// The data of the app with `api_key` as JSON: `feeds`,
    /// `reactions`, `collections`, `users`, `files`, `og_pages`, `misc` (audit log,
    /// moderation flags, analytics events) and `v2` (users, calls). `None` for an unknown app.
    ///
    /// ```no_run
    /// # fn demo() -> std::io::Result<()> {
    /// let emulator = stream_emulator::Emulator::start_blocking()?;
    /// let data = emulator.app_data(emulator.api_key()).expect("hosted app");
    /// assert!(data["misc"]["flags"].as_array().is_some_and(Vec::is_empty));
    /// # Ok(()) }
    /// ```
    pub fn app_data(&self, api_key: &str) -> Option<Value> {
        let app = self.state().app(api_key)?;
        serde_json::to_value(&*app.lock()).ok()
    }
}
