//! v2 video calls: upsert users, get-or-create a call with members, update it, change members,
//! query calls and members, end and delete it.
//!
//! ```text
//! cargo run -p stream-async --example video_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup};
use stream_async::models::v2::{CallRequest, MemberRequest, UserRequest};
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("video_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("video_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    client
        .send(client.v2_users().upsert([
            UserRequest::new(alice.as_str()).name("Alice"),
            UserRequest::new(bob.as_str()).name("Bob"),
            UserRequest::new(carol.as_str()).name("Carol"),
        ]))
        .await?;
    println!("upserted 3 users");

    let call = client.video().call("default", setup.id("standup"));
    let state = client
        .send(
            call.get_or_create().data(
                CallRequest::new()
                    .created_by_id(alice.as_str())
                    .member(MemberRequest::new(alice.as_str()).role("host"))
                    .member(MemberRequest::new(bob.as_str()))
                    .custom("topic", "daily standup"),
            ),
        )
        .await?;
    println!(
        "call {} created: {} · members {:?}",
        state.call.cid,
        state.created.unwrap_or(false),
        state.members.iter().map(|m| &m.user_id).collect::<Vec<_>>()
    );

    let updated = client
        .send(call.update().custom("topic", "weekly planning"))
        .await?;
    println!("custom now {}", serde_json::json!(updated.call.custom));

    client
        .send(
            call.update_call_members()
                .update(MemberRequest::new(carol.as_str()).role("guest"))
                .remove(bob.as_str()),
        )
        .await?;
    let members = client.send(call.query_members()).await?;
    println!(
        "members: {:?}",
        members
            .members
            .iter()
            .map(|m| &m.user_id)
            .collect::<Vec<_>>()
    );

    let calls = client.send(client.video().query_calls()).await?;
    println!("{} call(s) in the app", calls.calls.len());

    client.send(call.end()).await?;
    client.send(call.delete().hard(true)).await?;
    println!("ended and deleted {}", call.cid());
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
