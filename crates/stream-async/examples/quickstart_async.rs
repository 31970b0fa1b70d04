//! The stream-rs quickstart, async (`stream-async` on tokio): the same story as
//! `cargo run --example quickstart`, a small social app.
//!
//! ```text
//! cargo run -p stream-async --example quickstart_async
//! ```
//!
//! With no Stream credentials in the environment it starts `stream-emulator` in this process and
//! runs against it (nothing to install, no account). With `STREAM_API_KEY` and
//! `STREAM_API_SECRET` set (and `STREAM_APP_ID` for the live subscription; `STREAM_LOCATION` if
//! your app is not in us-east) it runs the same story against Stream; your app needs the default
//! feed groups `user` and `timeline` (flat) and `notification` (notification).
//!
//! The story: Alice, Bob and Carol sign up; Bob's timeline follows Alice; Bob watches his timeline
//! live; Alice posts (one post about a burger from the `food` collection, mentioning Carol);
//! Bob reads his enriched timeline, Carol her notifications; reactions and their counts; paging;
//! a partial update; Bob unfollows.
mod common;

use std::time::Duration;
use stream_async::prelude::*;

use serde_json::{Value, json};
use stream_async::models::activity::{ActivityChange, NewActivity};
use stream_async::{Client, StreamExt};

use common::{Result, Setup, chapter, check, check_eq, line, object, short};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match Setup::from_env_or_emulator().await {
        Ok(setup) => {
            println!(
                "stream-rs quickstart (async): talking to {}",
                setup.describe()
            );
            story(&setup).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            println!(
                "\nDone. Next: `concurrency_async` (many calls in flight), and the per-family examples in crates/stream-blocking/examples/ (the same calls, without `.await`)."
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("\nquickstart failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn story(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    chapter(1, "Users sign up");
    for (id, name) in [(&alice, "Alice"), (&bob, "Bob"), (&carol, "Carol")] {
        let user = client
            .send(
                client
                    .users()
                    .add(id.as_str())
                    .data(object(json!({ "name": name })))
                    .get_or_create(true),
            )
            .await?;
        println!("   user {:<6} → {}", user.id, json!(user.data));
        check_eq(
            json!(user.data["name"]),
            json!(name),
            "name of the new user",
        )?;
    }

    chapter(2, "A collection entry to refer to");
    let burger = setup.id("burger");
    let food = client
        .send(
            client
                .collections()
                .add(
                    "food",
                    object(json!({ "name": "Cheese Burger", "rating": 4 })),
                )
                .id(burger.as_str()),
        )
        .await?;
    println!("   food/{} → {}", food.id, json!(food.data));
    check_eq(
        food.id.as_str(),
        burger.as_str(),
        "id of the collection entry",
    )?;

    chapter(3, "Bob's timeline follows Alice's user feed");
    let alice_feed = client.feed("user", &alice)?;
    let bob_timeline = client.feed("timeline", &bob)?;
    client.send(bob_timeline.follow(alice_feed.id())).await?;
    let stats = client.send(alice_feed.follow_stats()).await?;
    println!("   {} now follows {}", bob_timeline.id(), alice_feed.id());
    println!(
        "   {} has {} follower(s), follows {}",
        alice_feed.id(),
        stats.followers(),
        stats.following()
    );
    check_eq(
        (stats.followers(), stats.following()),
        (1, 0),
        "alice's (followers, following)",
    )?;

    chapter(4, "Bob watches his timeline live");
    // LIVE SUBSCRIPTION: `client.subscribe(&feed).await` (stream_async::realtime) opens one
    // WebSocket per client (long-polling if refused); updates arrive as a `Stream` of
    // `RealtimeMessage`s with the new activities.
    let mut live = match client.config().app_id() {
        Some(_) => {
            let sub = client.subscribe(&bob_timeline).await?;
            println!("   subscribed to {} ({})", bob_timeline.id(), sub.channel());
            Some(sub)
        }
        None => {
            println!("   skipped: set STREAM_APP_ID to see realtime updates");
            None
        }
    };

    chapter(5, "Alice posts");
    let carol_notifications = client.feed("notification", &carol)?;
    let post = NewActivity::new(format!("SU:{alice}"), "eat", format!("SO:food:{burger}"))
        .foreign_id(setup.id("post:burger"))
        .custom("text", format!("Best burger in town, @{carol}!"))
        .to([carol_notifications.id().clone()]);
    let added = client.send(alice_feed.add_activity(post)).await?;
    let burger_post = added.activity.id.clone().unwrap_or_default();
    println!(
        "   {} ← [{}] {}",
        alice_feed.id(),
        short(Some(&burger_post)),
        line(&added.activity)
    );
    println!("     (copied to {} through `to`)", carol_notifications.id());

    if let Some(sub) = live.as_mut() {
        let update = tokio::time::timeout(Duration::from_secs(5), sub.next())
            .await
            .ok()
            .flatten()
            .ok_or("no live update within 5 s")??;
        for activity in &update.new {
            println!(
                "   live on {}: [{}] {}",
                update.feed.as_deref().unwrap_or("?"),
                short(activity.id.as_deref()),
                line(activity)
            );
        }
        check(
            update
                .new
                .iter()
                .any(|a| a.id.as_deref() == Some(burger_post.as_str())),
            "the live update carries alice's post",
        )?;
    }
    drop(live);

    for (note, text) in [
        ("run", "Morning run done"),
        ("rust", "Reading about Rust"),
        ("coffee", "Coffee time"),
    ] {
        let post = NewActivity::new(format!("SU:{alice}"), "post", format!("note:{note}"))
            .custom("text", text);
        let added = client.send(alice_feed.add_activity(post)).await?;
        println!(
            "   {} ← [{}] {}",
            alice_feed.id(),
            short(added.activity.id.as_deref()),
            line(&added.activity)
        );
    }

    chapter(6, "Bob reads his timeline, enriched");
    let page = client
        .send(bob_timeline.get().limit(10).enrich(true))
        .await?;
    for activity in &page.results {
        println!("   [{}] {}", short(activity.id.as_deref()), line(activity));
    }
    println!("   (SU:/SO: references came back as the user and the food entry)");
    check_eq(page.results.len(), 4, "activities on bob's timeline")?;
    let oldest = page.results.last().ok_or("bob's timeline is empty")?;
    check_eq(
        oldest
            .object
            .as_ref()
            .map(common::reference_name)
            .as_deref(),
        Some("Cheese Burger"),
        "the enriched food entry",
    )?;

    chapter(7, "Carol's notification feed");
    let groups = client
        .send(carol_notifications.get().grouped().limit(5).mark_seen(true))
        .await?;
    println!(
        "   unseen {} · unread {} · {} group(s)",
        groups.unseen.unwrap_or(0),
        groups.unread.unwrap_or(0),
        groups.results.len()
    );
    check_eq(
        (groups.unseen, groups.results.len()),
        (Some(1), 1),
        "carol's (unseen, groups)",
    )?;
    for group in &groups.results {
        println!(
            "   group {:?}: {} activity(ies), e.g. {}",
            group.verb.as_deref().unwrap_or("?"),
            group
                .activity_count
                .unwrap_or(group.activities.len() as u64),
            group.activities.first().map(line).unwrap_or_default()
        );
    }
    let again = client
        .send(carol_notifications.get().grouped().limit(5))
        .await?;
    println!("   after mark_seen: unseen {}", again.unseen.unwrap_or(0));
    check_eq(again.unseen, Some(0), "unseen after mark_seen")?;

    chapter(8, "Reactions and their counts");
    client
        .send(
            client
                .reactions()
                .add("like", burger_post.as_str())
                .user_id(bob.as_str()),
        )
        .await?;
    client
        .send(
            client
                .reactions()
                .add("like", burger_post.as_str())
                .user_id(carol.as_str()),
        )
        .await?;
    let comment = client
        .send(
            client
                .reactions()
                .add("comment", burger_post.as_str())
                .user_id(bob.as_str())
                .data(object(json!({ "text": "Save me a bite!" }))),
        )
        .await?;
    println!(
        "   {bob} and {carol} like it; {bob} comments ({})",
        short(Some(&comment.id))
    );
    let detail = client
        .send(
            bob_timeline
                .get_activity_detail(burger_post.as_str())
                .with_reaction_counts(true),
        )
        .await?;
    let activity = detail.ok_or("the burger post is not on bob's timeline")?;
    println!(
        "   [{}] likes {} · comments {}",
        short(activity.id.as_deref()),
        activity.reaction_count("like"),
        activity.reaction_count("comment")
    );
    check_eq(
        (
            activity.reaction_count("like"),
            activity.reaction_count("comment"),
        ),
        (2, 1),
        "(likes, comments) of the burger post",
    )?;

    chapter(9, "Paging through Bob's timeline, three at a time");
    // `pages` is a lazy `Stream`: one request per page, following the service's `next` link.
    let mut stream = client.pages(bob_timeline.get().limit(3)).take(10);
    let mut pages = Vec::new();
    while let Some(page) = stream.next().await {
        pages.push(page?);
    }
    for (n, page) in pages.iter().filter(|p| !p.results.is_empty()).enumerate() {
        let items: Vec<String> = page
            .results
            .iter()
            .map(|a| format!("[{}]", short(a.id.as_deref())))
            .collect();
        println!("   page {}: {}", n + 1, items.join(" "));
    }
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.results.len())
        .filter(|&n| n > 0)
        .collect();
    check_eq(
        sizes,
        vec![3, 1],
        "page sizes of four activities, three a page",
    )?;

    chapter(10, "A partial update");
    let change = ActivityChange::by_id(burger_post.as_str())
        .set("text", "Best burger in town (now with fries)")
        .set("rating", 5);
    let updated = client
        .send(client.activities().partial_update(change))
        .await?;
    for activity in &updated.activities {
        println!(
            "   [{}] {} (rating {})",
            short(activity.id.as_deref()),
            line(activity),
            activity.extra.value("rating").unwrap_or(Value::Null)
        );
    }
    let patched = updated
        .activities
        .first()
        .ok_or("the partial update returned nothing")?;
    check_eq(
        patched.extra.value("rating"),
        Some(json!(5)),
        "rating after the partial update",
    )?;

    chapter(11, "Bob unfollows Alice");
    client
        .send(bob_timeline.unfollow(alice_feed.id()).keep_history(false))
        .await?;
    let after = client.send(bob_timeline.get().limit(10)).await?;
    println!(
        "   {} no longer follows {}; timeline now has {} activities",
        bob_timeline.id(),
        alice_feed.id(),
        after.results.len()
    );
    check_eq(
        after.results.len(),
        0,
        "activities on bob's timeline after unfollowing",
    )?;
    cleanup(client, setup, &[&alice, &bob, &carol], &burger).await
}

/// On real Stream, removes what the story created; the emulator forgets everything on exit.
async fn cleanup(client: &Client, setup: &Setup, users: &[&String], burger: &str) -> Result {
    if setup.is_emulator() {
        return Ok(());
    }
    for user in users {
        client.send(client.users().delete(user.as_str())).await?;
    }
    client
        .send(client.collections().delete("food", burger))
        .await?;
    println!("\n   (removed the story's users and collection entry from your app)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use stream_async::prelude::*;

    #[tokio::test]
    async fn the_story_runs_against_the_emulator() {
        let setup = super::Setup::emulator().await.expect("emulator starts");
        super::story(&setup).await.expect("story runs");
    }

    /// Two runs against one server that keeps its data (as an emulator process or a Stream app
    /// does), back to back in the same second, both succeed and clean up after themselves.
    #[tokio::test]
    async fn the_story_runs_twice_against_one_server() {
        let emu = stream_emulator::Emulator::start()
            .await
            .expect("emulator starts");
        for run in 1..=2 {
            let client = super::Client::builder(emu.api_key(), emu.api_secret())
                .base_url(emu.base_url())
                .app_id(emu.app_id())
                .request_timeout(std::time::Duration::from_secs(10))
                .build()
                .expect("client");
            let setup = super::Setup::shared_app(client);
            (super::story(&setup).await).unwrap_or_else(|e| panic!("run {run}: {e}"));
        }
    }
}
