//! The SDK's clients doing the benchmarked calls: feed reads (25 activities) and activity adds.
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use stream_async::core::endpoints::feed::FeedRef;
use stream_async::core::models::activity::NewActivity;
use stream_async::{ClientSettings, StreamApi};

/// Credentials the clients sign with (the bench server does not check them).
pub(crate) const API_KEY: &str = "key123";
/// The API secret (tokens are minted per call, as in production).
pub(crate) const API_SECRET: &str = "bench-secret-0123456789abcdef";

fn feed() -> Result<FeedRef, String> {
    FeedRef::new("user", "alice").map_err(|e| e.to_string())
}

fn new_activity() -> NewActivity {
    NewActivity::new("user:alice", "post", "post:1")
        .foreign_id("post:1")
        .time(stream_models::Timestamp::from_unix(
            1_704_164_645,
            678_900_000,
        ))
        .custom("message", "hello")
}

/// A blocking client for `base_url`.
pub(crate) fn blocking_client(base_url: &str) -> Result<stream_blocking::Client, String> {
    stream_blocking::Client::builder(API_KEY, API_SECRET)
        .base_url(base_url)
        .build()
        .map_err(|e| e.to_string())
}

/// An async client for `base_url` (fresh connection pool).
pub(crate) fn async_client(base_url: &str) -> Result<stream_async::Client, String> {
    stream_async::Client::builder(API_KEY, API_SECRET)
        .base_url(base_url)
        .build()
        .map_err(|e| e.to_string())
}

/// `n` sequential reads of 25 activities, each page decoded into `T`s: the SDK's `Activity`, or
/// a caller's own type such as [`TimelineItem`].
pub(crate) fn blocking_reads<T: DeserializeOwned>(
    client: &stream_blocking::Client,
    n: u64,
) -> Result<(), String> {
    let feed = feed()?;
    for _ in 0..n {
        let page = client
            .send(feed.get().limit(25).items::<T>())
            .map_err(|e| format!("blocking read: {e}"))?;
        check_page(page.results.len())?;
    }
    Ok(())
}

/// The fields a timeline view needs, as a caller's own item type: `feed.get().items::<T>()`
/// decodes straight into it and skips everything else (custom fields, `to`, reactions).
#[derive(serde::Deserialize)]
#[allow(dead_code)] // the fields are filled by the decoder; the benchmark measures that
pub(crate) struct TimelineItem {
    /// Activity id.
    id: String,
    /// `user:alice`.
    actor: String,
    /// `post`.
    verb: String,
    /// `post:1`.
    object: String,
    /// Wire time.
    time: String,
}

/// `n` sequential activity adds.
pub(crate) fn blocking_adds(client: &stream_blocking::Client, n: u64) -> Result<(), String> {
    let feed = feed()?;
    for _ in 0..n {
        let added = client
            .send(feed.add_activity(new_activity()))
            .map_err(|e| format!("blocking add: {e}"))?;
        if added.activity.id.is_none() {
            return Err("add answer without an id".into());
        }
    }
    Ok(())
}

/// `n` reads of 25 activities by `concurrency` tasks sharing one client.
pub(crate) async fn async_reads(
    client: &stream_async::Client,
    concurrency: usize,
    n: u64,
) -> Result<(), String> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let client = client.clone();
        let next = Arc::clone(&next);
        let feed = feed()?;
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let page = client
                    .send(feed.get().limit(25))
                    .await
                    .map_err(|e| format!("async read: {e}"))?;
                check_page(page.results.len())?;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| format!("task: {e}"))??;
    }
    Ok(())
}

/// `n` activity adds by `concurrency` tasks sharing one client.
pub(crate) async fn async_adds(
    client: &stream_async::Client,
    concurrency: usize,
    n: u64,
) -> Result<(), String> {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let client = client.clone();
        let next = Arc::clone(&next);
        let feed = feed()?;
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < n {
                client
                    .send(feed.add_activity(new_activity()))
                    .await
                    .map_err(|e| format!("async add: {e}"))?;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| format!("task: {e}"))??;
    }
    Ok(())
}

fn check_page(len: usize) -> Result<(), String> {
    if len == 25 {
        Ok(())
    } else {
        Err(format!("expected 25 activities, got {len}"))
    }
}
