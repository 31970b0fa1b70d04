//! Feeds: add activities (one and several), read a feed with options, page through it, read one
//! activity, remove by id and by foreign id.
//!
//! ```text
//! cargo run -p stream-async --example feeds_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, line, short};
use stream_async::StreamExt;
use stream_async::models::activity::NewActivity;
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("feeds_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("feeds_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let alice = setup.id("alice");
    let feed = client.feed("user", &alice)?;

    // One activity; `foreign_id` + `time` identify it across feeds.
    let added = client
        .send(
            feed.add_activity(
                NewActivity::new(alice.as_str(), "post", "post:1")
                    .foreign_id("post:1")
                    .custom("text", "Hello, feeds"),
            ),
        )
        .await?;
    let first = added.activity.id.clone().unwrap_or_default();
    println!("added [{}] {}", short(Some(&first)), line(&added.activity));

    // Several in one request.
    let batch = (2..=6)
        .map(|n| {
            NewActivity::new(alice.as_str(), "post", format!("post:{n}"))
                .foreign_id(format!("post:{n}"))
                .custom("text", format!("Post number {n}"))
        })
        .collect();
    let many = client.send(feed.add_activities(batch)).await?;
    println!("added {} more in one request", many.activities.len());

    // Newest first, with a limit.
    let page = client.send(feed.get().limit(3)).await?;
    for activity in &page.results {
        println!("  [{}] {}", short(activity.id.as_deref()), line(activity));
    }

    // Pages: a lazy iterator, one request each.
    let mut pages = client.pages(feed.get().limit(4)).take(10);
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page?.results.len());
    }
    println!("page sizes with limit 4: {sizes:?}");

    // Reading around an id.
    let older = client
        .send(feed.get().id_lt(first.as_str()).limit(10))
        .await?;
    println!("older than the first post: {}", older.results.len());
    if let Some(one) = client
        .send(feed.get_activity_detail(first.as_str()))
        .await?
    {
        println!("by id: {}", line(&one));
    }

    // Removing.
    client.send(feed.remove_activity(first.as_str())).await?;
    client.send(feed.remove_by_foreign_id("post:2")).await?;
    let left = client.send(feed.get().limit(25)).await?;
    println!("after two removals: {} activities", left.results.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn runs_against_the_emulator() {
        let setup = super::Setup::emulator().await.expect("emulator");
        super::run(&setup).await.expect("example runs");
    }
}
