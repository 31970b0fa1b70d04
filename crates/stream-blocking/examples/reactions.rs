//! Reactions: add (with data and target feeds), child reactions, get, update, soft delete and
//! restore, filter by activity/user/reaction with pagination, and counts on an enriched read.
//!
//! ```text
//! cargo run -p stream-blocking --example reactions
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq, object, short};
use serde_json::json;
use stream_blocking::FeedId;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("reactions", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));
    let feed = client.feed("user", &alice)?;
    let added =
        client.send(feed.add_activity(NewActivity::new(alice.as_str(), "post", "post:1")))?;
    let activity = added.activity.id.unwrap_or_default();

    // A like, and a comment that also lands in Alice's notification feed.
    let like = client.send(
        client
            .reactions()
            .add("like", activity.as_str())
            .user_id(bob.as_str()),
    )?;
    let comment = client.send(
        client
            .reactions()
            .add("comment", activity.as_str())
            .user_id(carol.as_str())
            .data(object(json!({ "text": "Nice!" })))
            .target_feeds([FeedId::from_parts("notification", &alice)?]),
    )?;
    println!(
        "like {} · comment {}",
        short(Some(&like.id)),
        short(Some(&comment.id))
    );
    check_eq(like.kind.as_str(), "like", "kind of the first reaction")?;
    check_eq(
        comment.user_id.as_deref(),
        Some(carol.as_str()),
        "author of the comment",
    )?;

    // A reply to the comment (a child reaction).
    let reply = client.send(
        client
            .reactions()
            .add_child("comment", comment.id.as_str())
            .user_id(alice.as_str())
            .data(object(json!({ "text": "Thanks!" }))),
    )?;
    let parent = client.send(client.reactions().get(comment.id.as_str()))?;
    println!(
        "reply {} under {}: {} child comment(s)",
        short(Some(&reply.id)),
        short(Some(&parent.id)),
        parent.children_count("comment")
    );
    check_eq(
        parent.children_count("comment"),
        1,
        "child comments of the comment",
    )?;

    // Update the comment's data.
    let edited = client.send(
        client
            .reactions()
            .update(comment.id.as_str())
            .data(object(json!({ "text": "Very nice!" }))),
    )?;
    println!("edited: {}", json!(edited.data));
    check_eq(
        json!(edited.data),
        json!({ "text": "Very nice!" }),
        "data of the edited comment",
    )?;

    // Filtering, page by page.
    let mut kinds = Vec::new();
    for page in client
        .pages(
            client
                .reactions()
                .filter_activity(activity.as_str())
                .limit(1),
        )
        .take(5)
    {
        let page = page?;
        for r in &page.results {
            println!(
                "  on the activity: {} by {}",
                r.kind,
                r.user_id.as_deref().unwrap_or("?")
            );
            kinds.push(r.kind.to_string());
        }
    }
    kinds.sort_unstable();
    check_eq(
        kinds,
        vec!["comment".to_owned(), "like".to_owned()],
        "reactions on the activity, one a page",
    )?;
    let by_bob = client.send(client.reactions().filter_user(bob.as_str()).kind("like"))?;
    println!("likes by {bob}: {}", by_bob.results.len());
    check_eq(by_bob.results.len(), 1, "likes by bob")?;
    let children = client.send(client.reactions().filter_reaction(comment.id.as_str()))?;
    println!("children of the comment: {}", children.results.len());
    check_eq(children.results.len(), 1, "children of the comment")?;

    // Counts on a feed read.
    let counted = client.send(
        feed.get()
            .limit(1)
            .with_reaction_counts(true)
            .with_own_reactions(true)
            .with_user_id(bob.as_str()),
    )?;
    let a = counted
        .results
        .first()
        .ok_or("the feed read returned no activity")?;
    println!(
        "likes {} · comments {}",
        a.reaction_count("like"),
        a.reaction_count("comment")
    );
    check_eq(
        (a.reaction_count("like"), a.reaction_count("comment")),
        (1, 1),
        "reaction counts (likes, comments)",
    )?;

    // Several reactions at once by id, and one user's reactions to the activity.
    let both = client.send(
        client
            .reactions()
            .get_many([like.id.as_str(), comment.id.as_str()]),
    )?;
    println!("read by id: {}", both.reactions.len());
    check_eq(both.reactions.len(), 2, "reactions read by id")?;
    let carols = client.send(
        client
            .reactions()
            .filter_activity(activity.as_str())
            .filter_user_id(carol.as_str()),
    )?;
    check_eq(
        carols.results.len(),
        1,
        "reactions by carol on the activity",
    )?;

    // Soft delete and restore on Bob's behalf, then delete.
    client.send(
        client
            .reactions()
            .delete(like.id.as_str())
            .soft(true)
            .user_id(bob.as_str()),
    )?;
    client.send(
        client
            .reactions()
            .restore(like.id.as_str())
            .user_id(bob.as_str()),
    )?;
    client.send(client.reactions().delete(like.id.as_str()))?;
    println!("like deleted");
    match client.send(client.reactions().get(like.id.as_str())) {
        Err(stream_blocking::Error::Api(e)) => {
            check_eq(e.status, 404, "status of the deleted like")?
        }
        other => check(
            false,
            format_args!("reading the deleted like gave {other:?}"),
        )?,
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
