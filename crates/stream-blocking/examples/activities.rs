//! Activities across feeds: `to` targets, add to many feeds, get by ids and by foreign id + time,
//! partial updates (one and many), whole-activity updates, and changing `to` targets.
//!
//! ```text
//! cargo run -p stream-blocking --example activities
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq, line};
use stream_blocking::FeedId;
use stream_blocking::models::Timestamp;
use stream_blocking::models::activity::{ActivityChange, NewActivity};
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("activities", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob) = (setup.id("alice"), setup.id("bob"));
    let feed = client.feed("user", &alice)?;
    let bob_notes = FeedId::from_parts("notification", &bob)?;

    // An activity with a foreign id and a time is identified by the pair in every feed it is in.
    let time = Timestamp::parse("2024-01-02T03:04:05.678900")?;
    let added = client.send(
        feed.add_activity(
            NewActivity::new(alice.as_str(), "post", "post:1")
                .foreign_id("post:1")
                .time(&time)
                .custom("text", "first draft")
                .to([bob_notes.clone()]),
        ),
    )?;
    let id = added.activity.id.clone().unwrap_or_default();
    println!("added {} (also in {bob_notes})", line(&added.activity));
    check(!id.is_empty(), "the added activity has an id")?;

    // The same activity into several feeds in one request.
    let feeds = vec![
        FeedId::from_parts("timeline", &alice)?,
        FeedId::from_parts("timeline", &bob)?,
    ];
    client.send(client.batch().add_to_many(
        NewActivity::new(alice.as_str(), "announce", "news:1").custom("text", "Hello all"),
        feeds,
    ))?;
    println!("announced into two timelines");

    // Reading activities without knowing their feed.
    let by_id = client.send(client.activities().get_by_ids([id.as_str()]))?;
    let by_fid = client.send(client.activities().get_by_foreign_ids([("post:1", &time)]))?;
    println!(
        "by id: {} · by foreign id + time: {}",
        by_id.results.len(),
        by_fid.results.len()
    );
    check_eq(by_id.results.len(), 1, "activities read by id")?;
    check_eq(
        by_fid.results.len(),
        1,
        "activities read by foreign id and time",
    )?;
    check_eq(
        by_fid.results[0].id.as_deref(),
        Some(id.as_str()),
        "the activity found by foreign id",
    )?;

    // Partial updates: set and unset fields, by id or by foreign id + time.
    let patched = client.send(
        client.activities().partial_update(
            ActivityChange::by_id(id.as_str())
                .set("text", "second draft")
                .set("tags", serde_json::json!(["rust", "feeds"])),
        ),
    )?;
    for a in &patched.activities {
        println!("patched: {}", line(a));
    }
    let patched_text = patched
        .activities
        .first()
        .and_then(|a| a.extra.get_str("text"));
    check_eq(
        patched_text.as_deref(),
        Some("second draft"),
        "text after the partial update",
    )?;
    client.send(client.activities().partial_update_many(vec![
        ActivityChange::by_foreign_id("post:1", &time).unset("tags"),
    ]))?;

    // A whole-activity update (replaces custom fields; needs foreign_id + time).
    client.send(client.activities().update(vec![
        NewActivity::new(alice.as_str(), "post", "post:1")
            .foreign_id("post:1")
            .time(&time)
            .custom("text", "final"),
    ]))?;
    let after = client.send(client.activities().get_by_ids([id.as_str()]))?;
    for a in &after.results {
        println!("after update: {}", line(a));
    }
    let updated = after
        .results
        .first()
        .ok_or("the updated activity is gone")?;
    check_eq(
        updated.extra.get_str("text").as_deref(),
        Some("final"),
        "text after the update",
    )?;
    check(
        updated.extra.get("tags").is_none(),
        "the update replaced the custom fields",
    )?;

    // Changing the `to` targets of an existing activity.
    let targets = client.send(
        feed.update_to_targets("post:1", &time)
            .add_targets([FeedId::from_parts("notification", &setup.id("carol"))?]),
    )?;

    println!("to targets added: {:?}", targets.added);
    check_eq(targets.added.len(), 1, "to targets added")?;

    // Several changes in one request: the answer is the first change's result.
    let dave = FeedId::from_parts("notification", &setup.id("dave"))?;
    let batch = client.send(client.activities().batch_update_to_targets(vec![
        feed.update_to_targets("post:1", time).add_targets([dave]),
    ]))?;
    println!("batch: to targets added: {:?}", batch.added);
    check_eq(batch.added.len(), 1, "to targets added by the batch")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
