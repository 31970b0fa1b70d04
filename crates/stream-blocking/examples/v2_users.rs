//! v2 users: upsert, query, partial update, deactivate + reactivate, delete + restore.
//!
//! ```text
//! cargo run -p stream-blocking --example v2_users
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
//! Every step checks that what it printed is what the service now holds; deleting users is an
//! asynchronous task on Stream, so the steps after it are only checked against the emulator.
mod common;

use common::{Result, Setup, check};
use serde_json::json;
use stream_blocking::models::v2::{QueryUsersResponse, UpdateUserPartialRequest, UserRequest};
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("v2_users", run)
}

/// The ids in a query answer, in the order the service sorted them.
fn ids(found: &QueryUsersResponse) -> Vec<&str> {
    found.users.iter().map(|u| u.id.as_str()).collect()
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let users = client.v2_users();
    let (alice, bob) = (setup.id("alice"), setup.id("bob"));
    let both = || common::object(json!({"id": {"$in": [alice, bob]}}));

    common::chapter(1, "upsert two users");
    let upserted = client.send(
        users.upsert([
            UserRequest::new(alice.as_str())
                .name("Alice")
                .role("admin")
                .custom("color", "red"),
            UserRequest::new(bob.as_str())
                .name("Bob")
                .teams(["blue"])
                .custom("color", "green"),
        ]),
    )?;
    for (id, user) in &upserted.users {
        println!(
            "   {id}: {} ({})",
            user.name.as_deref().unwrap_or("?"),
            user.role.as_deref().unwrap_or("?")
        );
    }
    check(upserted.users.len() == 2, "two users upserted")?;

    common::chapter(2, "query them, sorted by name");
    let found = client.send(users.query(both()).sort_asc("name").limit(10))?;
    println!("   found {:?}", ids(&found));
    check(
        ids(&found) == [alice.as_str(), bob.as_str()],
        "alice then bob",
    )?;

    common::chapter(
        3,
        "partial update: rename alice, recolour her, drop bob's team",
    );
    let updated = client.send(
        users.update_partial([
            UpdateUserPartialRequest::new(alice.as_str())
                .set("name", "Alice B")
                .set("color", "blue"),
            UpdateUserPartialRequest::new(bob.as_str()).unset("teams"),
        ]),
    )?;
    let new_alice = updated.users.get(&alice).ok_or("alice in the answer")?;
    let color = new_alice.custom.get_str("color").unwrap_or_default();
    println!(
        "   {alice}: name {:?}, color {color}",
        new_alice.name.as_deref().unwrap_or_default()
    );
    check(
        new_alice.name.as_deref() == Some("Alice B"),
        "alice renamed",
    )?;
    check(color == "blue", "alice's colour set")?;
    let new_bob = updated.users.get(&bob).ok_or("bob in the answer")?;
    println!("   {bob}: teams {:?}", new_bob.teams);
    check(new_bob.teams.is_empty(), "bob's teams unset")?;

    common::chapter(4, "deactivate bob, then reactivate him");
    let off = client.send(users.deactivate(bob.as_str()).created_by_id(alice.as_str()))?;
    let deactivated = off
        .user
        .as_ref()
        .is_some_and(|u| u.deactivated_at.is_some());
    println!("   deactivated: {deactivated}");
    check(deactivated, "deactivated_at set")?;
    let active = client.send(users.query(both()))?;
    let everyone = client.send(users.query(both()).include_deactivated_users(true))?;
    println!(
        "   active {:?}; with deactivated {:?}",
        ids(&active),
        ids(&everyone)
    );
    check(!ids(&active).contains(&bob.as_str()), "bob hidden")?;
    check(ids(&everyone).contains(&bob.as_str()), "bob still exists")?;
    let on = client.send(users.reactivate(bob.as_str()).restore_messages(true))?;
    let reactivated = on.user.as_ref().is_some_and(|u| u.deactivated_at.is_none());
    println!("   reactivated: {reactivated}");
    check(reactivated, "deactivated_at cleared")?;

    common::chapter(5, "soft-delete alice, then restore her");
    let task = client.send(users.delete([alice.as_str()]))?;
    println!(
        "   delete task {}",
        task.task_id.as_deref().unwrap_or("(none)")
    );
    check(task.task_id.is_some(), "a task id")?;
    if !setup.is_emulator() {
        println!("   (on Stream the deletion runs as a task: not restoring in this run)");
        return Ok(());
    }
    let after_delete = client.send(users.query(both()))?;
    println!("   after delete {:?}", ids(&after_delete));
    check(ids(&after_delete) == [bob.as_str()], "only bob left")?;
    client.send(users.restore([alice.as_str()]))?;
    let after_restore = client.send(users.query(both()).sort_asc("name"))?;
    println!("   after restore {:?}", ids(&after_restore));
    check(
        ids(&after_restore) == [alice.as_str(), bob.as_str()],
        "both back",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
