//! Users: add (get-or-create), get with follow counts, update, add/get/delete many, delete, a user
//! reference (`SU:<id>`) enriched into an activity, and matching a 404.
//!
//! ```text
//! cargo run -p stream-blocking --example users
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, line, object};
use serde_json::json;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::user::NewUser;
use stream_blocking::prelude::*;
use stream_blocking::{Error, ErrorCode};

fn main() -> std::process::ExitCode {
    common::run_main("users", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    let user = client.send(
        client
            .users()
            .add(alice.as_str())
            .data(object(json!({ "name": "Alice", "city": "Amsterdam" })))
            .get_or_create(true),
    )?;
    println!("added {} → {}", user.id, json!(user.data));

    let got = client.send(client.users().get(alice.as_str()).with_follow_counts(true))?;
    println!(
        "get: {} ({} followers)",
        json!(got.data),
        got.followers_count.unwrap_or(0)
    );
    let updated = client.send(client.users().update(
        alice.as_str(),
        object(json!({ "name": "Alice", "city": "Utrecht" })),
    ))?;
    println!("update: {}", json!(updated.data));

    // Many at once.
    let created = client.send(client.users().add_many([
        NewUser::new(bob.as_str()).data(object(json!({ "name": "Bob" }))),
        NewUser::new(carol.as_str()).data(object(json!({ "name": "Carol" }))),
    ]))?;
    println!("created {} users", created.created_users.len());
    let listed = client.send(client.users().get_many([bob.as_str(), carol.as_str()]))?;
    println!(
        "get_many: {:?}",
        listed.users.iter().map(|u| &u.id).collect::<Vec<_>>()
    );

    // SU:<id> references are enriched into the user object.
    let feed = client.feed("user", &alice)?;
    client.send(feed.add_activity(
        NewActivity::new(format!("SU:{alice}"), "move", "city:utrecht").custom("text", "New city!"),
    ))?;
    let page = client.send(feed.get().limit(1).enrich(true))?;
    for a in &page.results {
        println!("enriched: {}", line(a));
    }

    // Deleting, and what a missing user looks like.
    client.send(client.users().delete_many([bob.as_str(), carol.as_str()]))?;
    client.send(client.users().delete(alice.as_str()))?;
    match client.send(client.users().get(alice.as_str())) {
        Ok(user) => println!("still there: {}", user.id),
        Err(Error::Api(e)) if e.status == 404 => println!("gone: {e}"),
        Err(Error::Api(e)) if e.code == Some(ErrorCode::RateLimitReached) => {
            println!("slow down: {:?}", e.rate_limit)
        }
        Err(e) if e.is_timeout() => println!("timed out"),
        Err(e) => return Err(e.into()),
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
