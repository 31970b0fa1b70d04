//! Activities across feeds: `to` targets, add to many feeds, get by ids and by foreign id + time,
//! partial updates (one and many), whole-activity updates, and changing `to` targets.
//!
//! ```text
//! cargo run -p stream-async --example activities_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, line};
use stream_async::FeedId;
use stream_async::models::activity::{ActivityChange, NewActivity};
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("activities_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("activities_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob) = (setup.id("alice"), setup.id("bob"));
    let feed = client.feed("user", &alice)?;
    let bob_notes = FeedId::from_parts("notification", &bob)?;

    // An activity with a foreign id and a time is identified by the pair in every feed it is in.
    let time = "2024-01-02T03:04:05.678900";
    let added = client
        .send(
            feed.add_activity(
                NewActivity::new(alice.as_str(), "post", "post:1")
                    .foreign_id("post:1")
                    .time(time)
                    .custom("text", "first draft")
                    .to([bob_notes.clone()]),
            ),
        )
        .await?;
    let id = added.activity.id.clone().unwrap_or_default();
    println!("added {} (also in {bob_notes})", line(&added.activity));

    // The same activity into several feeds in one request.
    let feeds = vec![
        FeedId::from_parts("timeline", &alice)?,
        FeedId::from_parts("timeline", &bob)?,
    ];
    client
        .send(client.batch().add_to_many(
            NewActivity::new(alice.as_str(), "announce", "news:1").custom("text", "Hello all"),
            feeds,
        ))
        .await?;
    println!("announced into two timelines");

    // Reading activities without knowing their feed.
    let by_id = client
        .send(client.activities().get_by_ids([id.as_str()]))
        .await?;
    let by_fid = client
        .send(client.activities().get_by_foreign_ids([("post:1", time)]))
        .await?;
    println!(
        "by id: {} · by foreign id + time: {}",
        by_id.results.len(),
        by_fid.results.len()
    );

    // Partial updates: set and unset fields, by id or by foreign id + time.
    let patched = client
        .send(
            client.activities().partial_update(
                ActivityChange::by_id(id.as_str())
                    .set("text", "second draft")
                    .set("tags", serde_json::json!(["rust", "feeds"])),
            ),
        )
        .await?;
    for a in &patched.activities {
        println!("patched: {}", line(a));
    }
    client
        .send(client.activities().partial_update_many(vec![
            ActivityChange::by_foreign_id("post:1", time).unset("tags"),
        ]))
        .await?;

    // A whole-activity update (replaces custom fields; needs foreign_id + time).
    client
        .send(client.activities().update(vec![
        NewActivity::new(alice.as_str(), "post", "post:1")
            .foreign_id("post:1")
            .time(time)
            .custom("text", "final"),
    ]))
        .await?;
    let after = client
        .send(client.activities().get_by_ids([id.as_str()]))
        .await?;
    for a in &after.results {
        println!("after update: {}", line(a));
    }

    // Changing the `to` targets of an existing activity.
    let targets = client
        .send(
            feed.update_to_targets("post:1", time)
                .add_targets([FeedId::from_parts("notification", &setup.id("carol"))?]),
        )
        .await?;
    println!("to targets added: {:?}", targets.added);
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
