//! Follows: follow with a copy limit, followers/following with filters, follow stats, batch
//! follow and unfollow, and unfollow keeping or purging history.
//!
//! ```text
//! cargo run -p stream-async --example follows_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup};
use stream_async::FeedId;
use stream_async::models::activity::NewActivity;
use stream_async::models::follow::{FollowRelation, UnfollowRelation};
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("follows_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("follows_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));
    let alice_feed = client.feed("user", &alice)?;
    client
        .send(alice_feed.add_activity(NewActivity::new(alice.as_str(), "post", "post:1")))
        .await?;

    // Bob's timeline follows Alice, copying at most 10 of her existing activities.
    let timeline = client.feed("timeline", &bob)?;
    client
        .send(timeline.follow(alice_feed.id()).activity_copy_limit(10))
        .await?;
    println!("{} follows {}", timeline.id(), alice_feed.id());
    let copied = client.send(timeline.get().limit(10)).await?;
    println!("its timeline now shows {} activity", copied.results.len());

    // Several follows in one request.
    let carol_timeline = FeedId::from_parts("timeline", &carol)?;
    let bob_user = FeedId::from_parts("user", &bob)?;
    client
        .send(client.batch().follow_many(vec![
            FollowRelation::new(carol_timeline.clone(), alice_feed.id().clone()),
            FollowRelation::new(carol_timeline.clone(), bob_user.clone()),
        ]))
        .await?;

    let followers = client.send(alice_feed.followers().limit(10)).await?;
    for f in &followers.results {
        println!(
            "follower of {}: {}",
            alice_feed.id(),
            f.feed_id.as_deref().unwrap_or("?")
        );
    }
    let following = client
        .send(
            client
                .feed_by_id(carol_timeline.clone())
                .following()
                .filter([bob_user.clone()]),
        )
        .await?;
    println!(
        "{carol_timeline} follows {bob_user}: {}",
        !following.results.is_empty()
    );
    let stats = client.send(alice_feed.follow_stats()).await?;
    println!("{}: {} followers", alice_feed.id(), stats.followers());

    // Unfollow: keep the copied activities, or purge them (the default).
    client
        .send(timeline.unfollow(alice_feed.id()).keep_history(true))
        .await?;
    let kept = client.send(timeline.get().limit(10)).await?;
    println!(
        "unfollowed keeping history: {} activity left",
        kept.results.len()
    );
    client
        .send(
            client
                .batch()
                .unfollow_many(vec![UnfollowRelation::new(carol_timeline, bob_user)]),
        )
        .await?;
    let stats = client.send(alice_feed.follow_stats()).await?;
    println!("{}: {} followers", alice_feed.id(), stats.followers());
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
