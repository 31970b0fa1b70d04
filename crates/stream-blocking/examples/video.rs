//! v2 video calls: upsert users, get-or-create a call with members, update it, change members,
//! query calls and members, end and delete it.
//!
//! ```text
//! cargo run -p stream-blocking --example video
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check, check_eq};
use stream_blocking::models::v2::{CallRequest, MemberRequest, UserRequest};
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("video", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    client.send(client.v2_users().upsert([
        UserRequest::new(alice.as_str()).name("Alice"),
        UserRequest::new(bob.as_str()).name("Bob"),
        UserRequest::new(carol.as_str()).name("Carol"),
    ]))?;
    println!("upserted 3 users");

    let call = client.video().call("default", setup.id("standup"));
    let state = client.send(
        call.get_or_create().data(
            CallRequest::new()
                .created_by_id(alice.as_str())
                .member(MemberRequest::new(alice.as_str()).role("host"))
                .member(MemberRequest::new(bob.as_str()))
                .custom("topic", "daily standup"),
        ),
    )?;
    println!(
        "call {} created: {} · members {:?}",
        state.call.cid,
        state.created.unwrap_or(false),
        state.members.iter().map(|m| &m.user_id).collect::<Vec<_>>()
    );
    check_eq(
        state.call.cid.as_str(),
        call.cid().as_str(),
        "cid of the created call",
    )?;
    check_eq(state.created, Some(true), "whether the call was created")?;
    let mut invited: Vec<&str> = state.members.iter().map(|m| m.user_id.as_str()).collect();
    invited.sort_unstable();
    check_eq(
        invited,
        vec![alice.as_str(), bob.as_str()],
        "members of the new call",
    )?;

    let updated = client.send(call.update().custom("topic", "weekly planning"))?;
    println!("custom now {}", serde_json::json!(updated.call.custom));
    check_eq(
        serde_json::json!(updated.call.custom),
        serde_json::json!({ "topic": "weekly planning" }),
        "custom data after the update",
    )?;

    client.send(
        call.update_call_members()
            .update(MemberRequest::new(carol.as_str()).role("guest"))
            .remove(bob.as_str()),
    )?;
    let members = client.send(call.query_members())?;
    println!(
        "members: {:?}",
        members
            .members
            .iter()
            .map(|m| &m.user_id)
            .collect::<Vec<_>>()
    );
    let mut now: Vec<&str> = members.members.iter().map(|m| m.user_id.as_str()).collect();
    now.sort_unstable();
    check_eq(
        now,
        vec![alice.as_str(), carol.as_str()],
        "members after adding carol and removing bob",
    )?;

    let calls = client.send(client.video().query_calls())?;
    println!("{} call(s) in the app", calls.calls.len());
    check(
        calls.calls.iter().any(|c| c.call.cid == call.cid()),
        "the call is among the app's calls",
    )?;

    client.send(call.end())?;
    client.send(call.delete().hard(true))?;
    println!("ended and deleted {}", call.cid());
    check(
        client.send(call.get()).is_err(),
        "a hard-deleted call cannot be read",
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
