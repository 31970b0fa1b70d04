//! Follows: follow with a copy limit, followers/following with filters, follow stats, batch
//! follow and unfollow, and unfollow keeping or purging history.
//!
//! ```text
//! cargo run -p stream-blocking --example follows
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check_eq};
use stream_blocking::FeedId;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::follow::{FollowRelation, UnfollowRelation};
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("follows", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));
    let alice_feed = client.feed("user", &alice)?;
    client.send(alice_feed.add_activity(NewActivity::new(alice.as_str(), "post", "post:1")))?;

    // Bob's timeline follows Alice, copying at most 10 of her existing activities.
    let timeline = client.feed("timeline", &bob)?;
    client.send(timeline.follow(alice_feed.id()).activity_copy_limit(10))?;
    println!("{} follows {}", timeline.id(), alice_feed.id());
    let copied = client.send(timeline.get().limit(10))?;
    println!("its timeline now shows {} activity", copied.results.len());
    check_eq(
        copied.results.len(),
        1,
        "activities copied into the timeline",
    )?;

    // Several follows in one request.
    let carol_timeline = FeedId::from_parts("timeline", &carol)?;
    let bob_user = FeedId::from_parts("user", &bob)?;
    client.send(client.batch().follow_many(vec![
        FollowRelation::new(carol_timeline.clone(), alice_feed.id().clone()),
        FollowRelation::new(carol_timeline.clone(), bob_user.clone()),
    ]))?;

    let followers = client.send(alice_feed.followers().limit(10))?;
    let mut names: Vec<_> = followers
        .results
        .iter()
        .filter_map(|f| f.feed_id.as_deref())
        .collect();
    names.sort_unstable();
    let (bob_timeline, carol_timeline_name) =
        (format!("timeline:{bob}"), format!("timeline:{carol}"));
    check_eq(
        names,
        vec![bob_timeline.as_str(), carol_timeline_name.as_str()],
        "followers of alice",
    )?;
    for f in &followers.results {
        println!(
            "follower of {}: {}",
            alice_feed.id(),
            f.feed_id.as_deref().unwrap_or("?")
        );
    }
    let following = client.send(
        client
            .feed_by_id(carol_timeline.clone())
            .following()
            .filter([bob_user.clone()]),
    )?;
    println!(
        "{carol_timeline} follows {bob_user}: {}",
        !following.results.is_empty()
    );
    check_eq(following.results.len(), 1, "carol's timeline following bob")?;
    let stats = client.send(alice_feed.follow_stats())?;
    check_eq(stats.followers(), 2, "alice's followers")?;
    println!("{}: {} followers", alice_feed.id(), stats.followers());

    // Unfollow: keep the copied activities, or purge them (the default).
    client.send(timeline.unfollow(alice_feed.id()).keep_history(true))?;
    let kept = client.send(timeline.get().limit(10))?;
    println!(
        "unfollowed keeping history: {} activity left",
        kept.results.len()
    );
    check_eq(
        kept.results.len(),
        1,
        "activities kept after unfollowing with history",
    )?;
    client.send(
        client
            .batch()
            .unfollow_many(vec![UnfollowRelation::new(carol_timeline, bob_user)]),
    )?;
    let stats = client.send(alice_feed.follow_stats())?;
    println!("{}: {} followers", alice_feed.id(), stats.followers());

    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
