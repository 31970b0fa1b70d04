//! Feeds: add activities (one and several), read a feed with options, page through it, read one
//! activity, remove by id and by foreign id.
//!
//! ```text
//! cargo run -p stream-blocking --example feeds
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, line, short};
use stream_blocking::models::activity::NewActivity;
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("feeds", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let alice = setup.id("alice");
    let feed = client.feed("user", &alice)?;

    // One activity; `foreign_id` + `time` identify it across feeds.
    let added = client.send(
        feed.add_activity(
            NewActivity::new(alice.as_str(), "post", "post:1")
                .foreign_id("post:1")
                .custom("text", "Hello, feeds"),
        ),
    )?;
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
    let many = client.send(feed.add_activities(batch))?;
    println!("added {} more in one request", many.activities.len());

    // Newest first, with a limit.
    let page = client.send(feed.get().limit(3))?;
    for activity in &page.results {
        println!("  [{}] {}", short(activity.id.as_deref()), line(activity));
    }

    // Pages: a lazy iterator, one request each.
    let sizes = client
        .pages(feed.get().limit(4))
        .take(10)
        .map(|page| page.map(|p| p.results.len()))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    println!("page sizes with limit 4: {sizes:?}");

    // Reading around an id.
    let older = client.send(feed.get().id_lt(first.as_str()).limit(10))?;
    println!("older than the first post: {}", older.results.len());
    if let Some(one) = client.send(feed.get_activity_detail(first.as_str()))? {
        println!("by id: {}", line(&one));
    }

    // Removing.
    client.send(feed.remove_activity(first.as_str()))?;
    client.send(feed.remove_by_foreign_id("post:2"))?;
    let left = client.send(feed.get().limit(25))?;
    println!("after two removals: {} activities", left.results.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
