//! Moderation, audit logs and data privacy: flag a user and an activity, read the audit log of
//! an entity, delete a user's reactions and activities (GDPR), export a user's ids.
//!
//! ```text
//! cargo run -p stream-blocking --example admin
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq};
use stream_blocking::FeedId;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::moderation::StatusUpdate;
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("admin", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob) = (setup.id("alice"), setup.id("bob"));
    let feed_id = FeedId::from_parts("user", &bob)?;
    let feed = client.feed_by_id(feed_id.clone());
    let added = client.send(feed.add_activity(NewActivity::new(bob.as_str(), "post", "spam:1")))?;
    let activity = added.activity.id.unwrap_or_default();
    let like = client.send(
        client
            .reactions()
            .add("like", activity.as_str())
            .user_id(bob.as_str()),
    )?;

    // Moderation: flag a user, or any entity, with who reported it and why.
    client.send(
        client
            .moderation()
            .flag_user(bob.as_str())
            .reported_by(alice.as_str())
            .reason("spam"),
    )?;
    client.send(
        client
            .moderation()
            .flag("activity", activity.as_str())
            .reported_by(alice.as_str())
            .reason("spam"),
    )?;
    println!("{alice} flagged {bob} and one of his activities");

    // A moderator's decisions: one entity, or many at once (one result per entity).
    let decisions = client.send(client.moderation().update_status_batch(
        alice.as_str(),
        vec![
                StatusUpdate::activity(activity.as_str(), "complete")
                    .latest_moderator_action("mark_safe"),
                StatusUpdate::reaction(like.id.as_str(), "complete").recommended_action("watch"),
            ],
    ))?;
    println!("moderation statuses recorded: {}", decisions.results.len());
    client.send(client.moderation().invalidate_user_cache(bob.as_str()))?;

    // Audit logs of an entity (paginated with a cursor; `client.pages` follows it).
    let logs = client.send(
        client
            .audit_logs()
            .entity("activity", activity.as_str())
            .limit(10),
    )?;
    println!(
        "audit log entries for the activity: {}",
        logs.audit_logs.len()
    );
    for entry in &logs.audit_logs {
        println!("  {} on {}", entry.action, entry.entity_id);
    }
    check(
        logs.audit_logs
            .iter()
            .any(|e| e.action == "flag" && e.entity_id == activity),
        "the audit log records the flag on the activity",
    )?;

    // Data privacy: what Stream holds for a user, then delete it.
    let ids = client.send(client.data_privacy().export_ids(bob.as_str()))?;
    println!(
        "{bob} has {} activities and {} reactions",
        ids.export.activity_count, ids.export.reaction_count
    );
    check_eq(
        (ids.export.activity_count, ids.export.reaction_count),
        (1, 1),
        "bob's exported (activities, reactions)",
    )?;
    client.send(client.data_privacy().delete_reactions([like.id.as_str()]))?;
    client.send(
        client
            .data_privacy()
            .delete_activity(activity.as_str(), [feed_id]),
    )?;
    let left = client.send(feed.get().limit(10))?;
    println!(
        "after deletion, {} has {} activities",
        feed.id(),
        left.results.len()
    );
    check_eq(left.results.len(), 0, "activities left after the deletion")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
