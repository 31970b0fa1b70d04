//! Load: many concurrent writers and readers through `stream-async` against the
//! in-process emulator lose no activity and keep follow fan-out consistent, checked afterwards
//! by paging every feed.
//!
//! Defaults: 32 tasks × 500 operations (4 writes for every read; 16,000 operations), about
//! 25–40 s in a debug build on 2 busy cores and a few seconds with `--release`.
//! `STREAM_LOAD_OPS` and `STREAM_LOAD_TASKS` scale it (e.g. `STREAM_LOAD_OPS=100` for a quick
//! local run).
use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};
use stream_async::prelude::*;

use stream_async::models::activity::NewActivity;
use stream_async::{Client, Error, FeedId};
use stream_emulator::Emulator;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// The user feeds timeline `i` follows.
fn followed(i: usize, tasks: usize) -> BTreeSet<usize> {
    [i, (i + 1) % tasks, (i + 5) % tasks].into_iter().collect()
}

/// Whether operation `k` of a task is a read (every fifth).
fn is_read(k: usize) -> bool {
    k % 5 == 4
}

/// Every activity id of a feed, paged 100 at a time with offsets (bounded by the feed cap).
async fn all_ids(client: &Client, feed: &FeedId) -> Result<Vec<String>, Error> {
    let handle = client.feed(feed.slug().as_str(), feed.user().as_str())?;
    let mut ids = Vec::new();
    for page in 0..40u32 {
        let got = client
            .send(handle.get().limit(100).offset(page * 100))
            .await?;
        let n = got.results.len();
        ids.extend(
            got.results
                .into_iter()
                .filter_map(|a| a.id.map(String::from)),
        );
        if n < 100 {
            break;
        }
    }
    Ok(ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_and_readers_lose_nothing() -> Result<(), Error> {
    let tasks = env_usize("STREAM_LOAD_TASKS", 32);
    let ops = env_usize("STREAM_LOAD_OPS", 500);
    let emu = Emulator::start().await.expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(20))
        .build()?;

    for i in 0..tasks {
        let timeline = client.feed("timeline", &format!("t{i}"))?;
        for j in followed(i, tasks) {
            let target = FeedId::from_parts("user", &format!("u{j}"))?;
            client.send(timeline.follow(&target)).await?;
        }
    }

    let started = Instant::now();
    let mut handles = Vec::with_capacity(tasks);
    for i in 0..tasks {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            let user = format!("u{i}");
            let feed = client.feed("user", &user)?;
            let timeline = client.feed("timeline", &format!("t{i}"))?;
            let mut written = Vec::new();
            let mut reads = 0usize;
            for k in 0..ops {
                if is_read(k) {
                    let page = if k % 10 == 4 {
                        client.send(timeline.get().limit(5)).await?
                    } else {
                        client.send(feed.get().limit(5)).await?
                    };
                    assert!(page.results.len() <= 5);
                    reads += 1;
                } else {
                    let activity = NewActivity::new(user.as_str(), "post", format!("post:{i}:{k}"))
                        .foreign_id(format!("post:{i}:{k}"));
                    let added = client.send(feed.add_activity(activity)).await?;
                    written.push(added.activity.id.map(String::from).unwrap_or_default());
                }
            }
            Ok::<_, Error>((written, reads))
        }));
    }
    let mut written: HashMap<usize, Vec<String>> = HashMap::new();
    let mut reads = 0;
    for (i, h) in handles.into_iter().enumerate() {
        let (ids, r) = h.await.expect("task finished")?;
        written.insert(i, ids);
        reads += r;
    }
    let load_time = started.elapsed();

    // Nothing lost, nothing duplicated: each user feed holds exactly what its writer wrote.
    let mut total = 0;
    for i in 0..tasks {
        let expected: BTreeSet<&str> = written[&i].iter().map(String::as_str).collect();
        assert_eq!(expected.len(), written[&i].len(), "ids are unique");
        assert!(!expected.contains(""), "every add returned an id");
        let got = all_ids(&client, &FeedId::from_parts("user", &format!("u{i}"))?).await?;
        assert_eq!(
            got.len(),
            expected.len(),
            "user:u{i} holds every write once"
        );
        assert_eq!(
            got.iter().map(String::as_str).collect::<BTreeSet<_>>(),
            expected
        );
        total += got.len();
    }
    // Fan-out: each timeline holds exactly the union of the feeds it follows.
    for i in 0..tasks {
        let expected: BTreeSet<&str> = followed(i, tasks)
            .into_iter()
            .flat_map(|j| written[&j].iter().map(String::as_str))
            .collect();
        let got = all_ids(&client, &FeedId::from_parts("timeline", &format!("t{i}"))?).await?;
        assert_eq!(
            got.len(),
            expected.len(),
            "timeline:t{i} has no gap and no duplicate"
        );
        assert_eq!(
            got.iter().map(String::as_str).collect::<BTreeSet<_>>(),
            expected
        );
    }
    let writes_expected = tasks * (0..ops).filter(|k| !is_read(*k)).count();
    assert_eq!(total, writes_expected);
    eprintln!(
        "load: {tasks} tasks x {ops} ops = {} writes + {reads} reads in {load_time:?}",
        total
    );
    Ok(())
}
