//! Group commit: a commit takes every app's changed rows, writes them in one transaction with
//! one sync, then wakes every request waiting for those changes. Requests that change data while
//! a commit runs share the next one, so concurrent writers share syncs.
//!
//! The commit is run by the first waiting request that finds no commit running (so no thread
//! hand-off sits between a request and its sync); changes made outside a request (the test API)
//! are committed by a background thread.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::watch;

use super::db::DataFile;
use super::rows::Batch;
use crate::state::App;

/// How long the writer waits after a failed commit before trying again.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Commits done, as waiters see them.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    /// The last commit number on disk.
    durable: u64,
    /// The last commit number that failed.
    failed: u64,
}

#[derive(Debug, Default)]
struct Requests {
    /// Commits started so far (the next one gets `started + 1`).
    started: u64,
    /// Whether a change waits for a commit.
    wanted: bool,
    /// Whether a change made outside a request waits for the background thread.
    background: bool,
    /// Whether the background thread should stop.
    stopping: bool,
}

/// What one commit at a time owns: the file and the rows not yet on disk.
struct Committer {
    file: Option<DataFile>,
    /// Rows taken from the apps but not yet committed (kept after a failed commit).
    batch: Batch,
    apps: Vec<Weak<App>>,
}

/// The group-commit writer of one data file.
pub(crate) struct Writer {
    requests: Mutex<Requests>,
    wake: Condvar,
    committer: Mutex<Committer>,
    progress: watch::Sender<Progress>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

/// What one commit did.
enum Outcome {
    /// Commit `n` is on disk.
    Durable(u64),
    /// Commit `n` failed.
    Failed(u64),
    /// No change waited.
    Nothing,
}

/// A change that could not be stored.
#[derive(Debug)]
pub(crate) struct NotStored;

impl Writer {
    /// Starts the writer for these apps (their data goes to `file`).
    pub(crate) fn start(file: DataFile, apps: &[Arc<App>]) -> std::io::Result<Arc<Self>> {
        let writer = Arc::new(Self {
            requests: Mutex::new(Requests::default()),
            wake: Condvar::new(),
            committer: Mutex::new(Committer {
                file: Some(file),
                batch: Batch::default(),
                apps: apps.iter().map(Arc::downgrade).collect(),
            }),
            progress: watch::channel(Progress::default()).0,
            thread: Mutex::new(None),
        });
        for app in apps {
            app.attach_writer(writer.clone());
        }
        let w = Arc::downgrade(&writer);
        let handle = std::thread::Builder::new()
            .name("stream-emulator-writer".into())
            .spawn(move || background(&w))?;
        *writer.thread.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
        Ok(writer)
    }

    /// Asks for a commit of the changes made so far; returns its number. Call it after the change
    /// (a commit started later includes it). With `background`, the background thread runs it;
    /// otherwise the caller must [`Writer::wait`] for it.
    pub(crate) fn request(&self, background: bool) -> u64 {
        let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        r.wanted = true;
        if background && !r.background {
            r.background = true;
            self.wake.notify_one();
        }
        r.started + 1
    }

    /// Waits until commit `number` (or a later one) is on disk, running commits itself when no
    /// other waiter does.
    pub(crate) async fn wait(&self, number: u64) -> Result<(), NotStored> {
        let mut rx = self.progress.subscribe();
        loop {
            let p = *rx.borrow_and_update();
            if p.durable >= number {
                return Ok(());
            }
            if p.failed >= number {
                return Err(NotStored);
            }
            if let Ok(c) = self.committer.try_lock() {
                run_blocking(|| self.commit_and_tell(c));
                continue;
            }
            if rx.changed().await.is_err() {
                return Err(NotStored);
            }
        }
    }

    /// Runs one commit when a change waits, then tells the waiters (after releasing the
    /// committer, so a waiter that finds the news not its own can run the next commit).
    fn commit_and_tell(&self, mut c: MutexGuard<'_, Committer>) {
        let outcome = self.commit(&mut c);
        drop(c);
        // Sent even when nothing was committed: a waiter that found a commit running waits for
        // news, and must look again now that none runs.
        self.progress.send_modify(|p| match outcome {
            Outcome::Durable(n) => p.durable = n,
            Outcome::Failed(n) => p.failed = n,
            Outcome::Nothing => {}
        });
    }

    /// Runs one commit when a change waits.
    fn commit(&self, c: &mut Committer) -> Outcome {
        let number = {
            let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
            if !r.wanted {
                return Outcome::Nothing;
            }
            r.wanted = false;
            r.started += 1;
            r.started
        };
        for app in c.apps.iter().filter_map(Weak::upgrade) {
            app.lock_raw().take_changes(&app.api_key, &mut c.batch);
        }
        let Some(file) = &c.file else {
            return Outcome::Failed(number);
        };
        let result = if c.batch.is_empty() {
            Ok(())
        } else {
            file.commit(&c.batch)
        };
        match result {
            Ok(()) => {
                c.batch = Batch::default();
                Outcome::Durable(number)
            }
            Err(e) => {
                // The rows stay in the batch and go with the next commit.
                eprintln!(
                    "stream-emulator: cannot write {}: {e}",
                    file.path().display()
                );
                std::thread::sleep(RETRY_PAUSE);
                let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
                r.wanted = true;
                Outcome::Failed(number)
            }
        }
    }

    /// Commits what waits, stops the background thread and closes the file. Idempotent.
    pub(crate) fn stop(&self) {
        {
            let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
            r.stopping = true;
            self.wake.notify_one();
        }
        let handle = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(h) = handle {
            let _ = h.join();
        }
        let c = self
            .committer
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if c.file.is_some() {
            self.commit_and_tell(c);
            self.committer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .file = None;
        }
    }
}

/// Runs blocking work from async code: in place on a multi-threaded runtime (other tasks move to
/// other threads meanwhile), directly otherwise.
fn run_blocking(f: impl FnOnce()) {
    let multi_thread = tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
    if multi_thread {
        tokio::task::block_in_place(f);
    } else {
        f();
    }
}

/// The background thread: commits changes made outside requests, until stopped.
fn background(writer: &Weak<Writer>) {
    loop {
        let Some(w) = writer.upgrade() else { return };
        {
            let mut r = w.requests.lock().unwrap_or_else(PoisonError::into_inner);
            while !r.background && !r.stopping {
                r = w.wake.wait(r).unwrap_or_else(PoisonError::into_inner);
            }
            if r.stopping {
                return;
            }
            r.background = false;
        }
        let c = w.committer.lock().unwrap_or_else(PoisonError::into_inner);
        w.commit_and_tell(c);
    }
}
