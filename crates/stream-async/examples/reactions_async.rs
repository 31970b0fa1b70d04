//! Reactions: add (with data and target feeds), child reactions, get, update, soft delete and
//! restore, filter by activity/user/reaction with pagination, and counts on an enriched read.
//!
//! ```text
//! cargo run -p stream-async --example reactions_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, object, short};
use serde_json::json;
use stream_async::models::activity::NewActivity;
use stream_async::prelude::*;
use stream_async::{FeedId, StreamExt};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("reactions_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("reactions_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));
    let feed = client.feed("user", &alice)?;
    let added = client
        .send(feed.add_activity(NewActivity::new(alice.as_str(), "post", "post:1")))
        .await?;
    let activity = added.activity.id.unwrap_or_default();

    // A like, and a comment that also lands in Alice's notification feed.
    let like = client
        .send(
            client
                .reactions()
                .add("like", activity.as_str())
                .user_id(bob.as_str()),
        )
        .await?;
    let comment = client
        .send(
            client
                .reactions()
                .add("comment", activity.as_str())
                .user_id(carol.as_str())
                .data(object(json!({ "text": "Nice!" })))
                .target_feeds([FeedId::from_parts("notification", &alice)?]),
        )
        .await?;
    println!(
        "like {} · comment {}",
        short(Some(&like.id)),
        short(Some(&comment.id))
    );

    // A reply to the comment (a child reaction).
    let reply = client
        .send(
            client
                .reactions()
                .add_child("comment", comment.id.as_str())
                .user_id(alice.as_str())
                .data(object(json!({ "text": "Thanks!" }))),
        )
        .await?;
    let parent = client
        .send(client.reactions().get(comment.id.as_str()))
        .await?;
    println!(
        "reply {} under {}: {} child comment(s)",
        short(Some(&reply.id)),
        short(Some(&parent.id)),
        parent.children_count("comment")
    );

    // Update the comment's data.
    let edited = client
        .send(
            client
                .reactions()
                .update(comment.id.as_str())
                .data(object(json!({ "text": "Very nice!" }))),
        )
        .await?;
    println!("edited: {}", json!(edited.data));

    // Filtering, page by page.
    let mut pages = client
        .pages(
            client
                .reactions()
                .filter_activity(activity.as_str())
                .limit(1),
        )
        .take(5);
    while let Some(page) = pages.next().await {
        let page = page?;
        for r in &page.results {
            println!(
                "  on the activity: {} by {}",
                r.kind,
                r.user_id.as_deref().unwrap_or("?")
            );
        }
    }
    let by_bob = client
        .send(client.reactions().filter_user(bob.as_str()).kind("like"))
        .await?;
    println!("likes by {bob}: {}", by_bob.results.len());
    let children = client
        .send(client.reactions().filter_reaction(comment.id.as_str()))
        .await?;
    println!("children of the comment: {}", children.results.len());

    // Counts on a feed read.
    let counted = client
        .send(
            feed.get()
                .limit(1)
                .with_reaction_counts(true)
                .with_own_reactions(true)
                .with_user_id(bob.as_str()),
        )
        .await?;
    if let Some(a) = counted.results.first() {
        println!(
            "likes {} · comments {}",
            a.reaction_count("like"),
            a.reaction_count("comment")
        );
    }

    // Soft delete, restore, delete.
    client
        .send(client.reactions().delete(like.id.as_str()).soft(true))
        .await?;
    client
        .send(client.reactions().restore(like.id.as_str()))
        .await?;
    client
        .send(client.reactions().delete(like.id.as_str()))
        .await?;
    println!("like deleted");
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
