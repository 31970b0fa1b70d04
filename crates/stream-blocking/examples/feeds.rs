//! Feeds: add activities (one and several), read a feed with options, page through it, read one
//! activity, remove by id and by foreign id, and (on the emulator) a ranked read.
//!
//! ```text
//! cargo run -p stream-blocking --example feeds
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq, line, short};
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
    check(!first.is_empty(), "the added activity has an id")?;
    check_eq(
        added.activity.extra.get_str("text").as_deref(),
        Some("Hello, feeds"),
        "custom field of the added activity",
    )?;

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
    check_eq(many.activities.len(), 5, "activities added in one request")?;

    // Newest first, with a limit.
    // `refresh` skips the service's read cache; `custom_param` sends any other query parameter.
    let page = client.send(
        feed.get()
            .limit(3)
            .refresh(true)
            .custom_param("new_option", "1"),
    )?;
    let texts: Vec<_> = page
        .results
        .iter()
        .map(|a| a.extra.get_str("text"))
        .collect();
    check_eq(texts.len(), 3, "activities on a page of 3")?;
    check_eq(
        texts[0].as_deref(),
        Some("Post number 6"),
        "the newest activity first",
    )?;
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
    check_eq(
        sizes,
        vec![4, 2],
        "page sizes of six activities, four a page",
    )?;

    // Reading around an id.
    let older = client.send(feed.get().id_lt(first.as_str()).limit(10))?;
    println!("older than the first post: {}", older.results.len());
    check_eq(older.results.len(), 0, "activities older than the first")?;
    if let Some(one) = client.send(feed.get_activity_detail(first.as_str()))? {
        println!("by id: {}", line(&one));
        check_eq(
            one.id.as_deref(),
            Some(first.as_str()),
            "activity read by id",
        )?;
    }

    // Removing.
    client.send(feed.remove_activity(first.as_str()).user_id(alice.as_str()))?;
    client.send(feed.remove_by_foreign_id("post:2"))?;
    let left = client.send(feed.get().limit(25))?;
    println!("after two removals: {} activities", left.results.len());
    check_eq(left.results.len(), 4, "activities left after two removals")?;

    // Ranked: a ranking method of the feed group orders by its score. On Stream, support
    // configures ranking methods; the emulator here declares `popular` (popularity * 2 + boost).
    if setup.is_emulator() {
        client.send(
            feed.add_activity(
                NewActivity::new(alice.as_str(), "post", "post:7")
                    .foreign_id("post:7")
                    .custom("popularity", 21),
            ),
        )?;
        let mut vars = serde_json::Map::new();
        vars.insert("boost".into(), 0.5.into());
        let ranked = client.send(
            feed.get()
                .limit(2)
                .ranking("popular")
                .ranking_vars(vars)
                .with_score_vars(true),
        )?;
        let top = ranked.results.first().ok_or("a ranked page")?;
        println!(
            "ranked first: [{}] score {:?} from {:?}",
            short(top.id.as_deref()),
            top.score,
            top.score_vars
        );
        check_eq(
            top.foreign_id.as_deref(),
            Some("post:7"),
            "the most popular first",
        )?;
        check_eq(top.score, Some(42.5), "its score: 21 * 2 + 0.5")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
