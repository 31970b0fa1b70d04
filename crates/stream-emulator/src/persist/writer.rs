//! Group commit: one thread takes every app's changed rows, writes them in one transaction with
//! one sync, then wakes every request waiting for those changes. Requests that change data while
//! a commit runs share the next one, so concurrent writers share syncs.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
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
    /// Whether the writer should stop once nothing waits.
    stopping: bool,
}

/// The group-commit writer of one data file.
#[derive(Debug)]
pub(crate) struct Writer {
    requests: Mutex<Requests>,
    wake: Condvar,
    progress: watch::Sender<Progress>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// A change that could not be stored.
#[derive(Debug)]
pub(crate) struct NotStored;

impl Writer {
    /// Starts the writer thread for these apps (their data goes to `file`).
    pub(crate) fn start(file: DataFile, apps: Vec<Arc<App>>) -> std::io::Result<Arc<Self>> {
        let writer = Arc::new(Self {
            requests: Mutex::new(Requests::default()),
            wake: Condvar::new(),
            progress: watch::channel(Progress::default()).0,
            thread: Mutex::new(None),
        });
        for app in &apps {
            app.attach_writer(writer.clone());
        }
        let w = writer.clone();
        let handle = std::thread::Builder::new()
            .name("stream-emulator-writer".into())
            .spawn(move || w.run(&file, &apps))?;
        *writer.thread.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
        Ok(writer)
    }

    /// Asks for a commit of the changes made so far; returns its number. Call it after the change
    /// (a commit started later includes it).
    pub(crate) fn request(&self) -> u64 {
        let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        r.wanted = true;
        self.wake.notify_one();
        r.started + 1
    }

    /// Waits until commit `number` (or a later one) is on disk.
    pub(crate) async fn wait(&self, number: u64) -> Result<(), NotStored> {
        let mut rx = self.progress.subscribe();
        let done = rx
            .wait_for(|p| p.durable >= number || p.failed >= number)
            .await
            .map(|p| p.durable >= number);
        match done {
            Ok(true) => Ok(()),
            _ => Err(NotStored),
        }
    }

    /// Commits what waits, stops the thread and closes the file. Idempotent.
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
    }

    /// The next commit number to run, or `None` to stop.
    fn next(&self) -> Option<u64> {
        let mut r = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        while !r.wanted && !r.stopping {
            r = self.wake.wait(r).unwrap_or_else(PoisonError::into_inner);
        }
        if !r.wanted {
            return None;
        }
        r.wanted = false;
        r.started += 1;
        Some(r.started)
    }

    fn run(&self, file: &DataFile, apps: &[Arc<App>]) {
        let mut batch = Batch::default();
        while let Some(number) = self.next() {
            for app in apps {
                app.lock_raw().take_changes(&app.api_key, &mut batch);
            }
            let result = if batch.is_empty() {
                Ok(())
            } else {
                file.commit(&batch)
            };
            match result {
                Ok(()) => {
                    batch = Batch::default();
                    self.progress.send_modify(|p| p.durable = number);
                }
                Err(e) => {
                    // The rows stay in the batch and go with the next commit.
                    eprintln!(
                        "stream-emulator: cannot write {}: {e}",
                        file.path().display()
                    );
                    self.progress.send_modify(|p| p.failed = number);
                    std::thread::sleep(RETRY_PAUSE);
                    let _ = self.request();
                    let stopping = self
                        .requests
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .stopping;
                    if stopping {
                        return;
                    }
                }
            }
        }
    }
}
