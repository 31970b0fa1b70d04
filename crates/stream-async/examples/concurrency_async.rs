//! Concurrency: one client shared by many tasks, several calls in flight at once, and pages read
//! as a `Stream`. What only the async client does; every operation itself is shown once, in
//! `crates/stream-blocking/examples` (the same calls with `.await`).
//!
//! ```text
//! cargo run -p stream-async --example concurrency_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check_eq};
use stream_async::models::activity::NewActivity;
use stream_async::prelude::*;

/// How many tasks post at the same time.
const TASKS: usize = 20;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("concurrency_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("concurrency_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let alice = setup.id("alice");
    let feed = client.feed("user", &alice)?;

    // Twenty tasks post at once. A client is cheap to clone (one `Arc`), and its futures are
    // `Send`, so each task gets its own handle to the same connection pool.
    let mut tasks = tokio::task::JoinSet::new();
    for n in 1..=TASKS {
        let (client, feed, alice) = (client.clone(), feed.clone(), alice.clone());
        tasks.spawn(async move {
            let post = NewActivity::new(alice.as_str(), "post", format!("post:{n}"))
                .foreign_id(format!("post:{n}"));
            client.send(feed.add_activity(post)).await
        });
    }
    let mut ids = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        ids.push(joined??.activity.id.unwrap_or_default());
    }
    ids.sort_unstable();
    ids.dedup();
    println!("{} tasks added {} distinct activities", TASKS, ids.len());
    check_eq(ids.len(), TASKS, "distinct activities added by the tasks")?;

    // Two calls in flight together on one task: `join!` polls both futures at once.
    let (page, stats) = tokio::join!(
        client.send(feed.get().limit(25)),
        client.send(feed.follow_stats())
    );
    let (page, stats) = (page?, stats?);
    println!(
        "read together: {} activities, {} followers",
        page.results.len(),
        stats.followers()
    );
    check_eq(page.results.len(), TASKS, "activities on alice's feed")?;
    check_eq(stats.followers(), 0, "followers of alice's feed")?;

    // Pages as a `Stream`: each page is handled as it arrives, one request per page.
    let mut pages = client.pages(feed.get().limit(7));
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page?.results.len());
    }
    println!("page sizes with limit 7: {sizes:?}");
    check_eq(
        sizes.iter().sum::<usize>(),
        TASKS,
        "activities over all pages",
    )?;
    check_eq(sizes.first().copied(), Some(7), "size of the first page")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn runs_against_the_emulator() {
        let setup = super::Setup::emulator().await.expect("emulator");
        super::run(&setup).await.expect("example runs");
    }
}
