//! Users: add (get-or-create), get with follow counts, update, add/get/delete many, delete, a user
//! reference (`SU:<id>`) enriched into an activity, and matching a 404.
//!
//! ```text
//! cargo run -p stream-blocking --example users
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check_eq, line, object};
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
    check_eq(user.id.as_str(), alice.as_str(), "id of the added user")?;
    check_eq(
        json!(user.data["city"]),
        json!("Amsterdam"),
        "city of the added user",
    )?;

    let got = client.send(client.users().get(alice.as_str()).with_follow_counts(true))?;
    println!(
        "get: {} ({} followers)",
        json!(got.data),
        got.followers_count.unwrap_or(0)
    );
    check_eq(got.followers_count, Some(0), "followers of a new user")?;
    let updated = client.send(client.users().update(
        alice.as_str(),
        object(json!({ "name": "Alice", "city": "Utrecht" })),
    ))?;
    println!("update: {}", json!(updated.data));
    check_eq(
        json!(updated.data["city"]),
        json!("Utrecht"),
        "city after the update",
    )?;

    // Many at once.
    let created = client.send(client.users().add_many([
        NewUser::new(bob.as_str()).data(object(json!({ "name": "Bob" }))),
        NewUser::new(carol.as_str()).data(object(json!({ "name": "Carol" }))),
    ]))?;
    println!("created {} users", created.created_users.len());
    check_eq(
        created.created_users.len(),
        2,
        "users created in one request",
    )?;
    let listed = client.send(client.users().get_many([bob.as_str(), carol.as_str()]))?;
    println!(
        "get_many: {:?}",
        listed.users.iter().map(|u| &u.id).collect::<Vec<_>>()
    );
    let mut ids: Vec<&str> = listed.users.iter().map(|u| u.id.as_str()).collect();
    ids.sort_unstable();
    check_eq(
        ids,
        vec![bob.as_str(), carol.as_str()],
        "users read together",
    )?;

    // SU:<id> references are enriched into the user object.
    let feed = client.feed("user", &alice)?;
    client.send(feed.add_activity(
        NewActivity::new(format!("SU:{alice}"), "move", "city:utrecht").custom("text", "New city!"),
    ))?;
    let page = client.send(feed.get().limit(1).enrich(true))?;
    let moved = page
        .results
        .first()
        .ok_or("the feed read returned no activity")?;
    println!("enriched: {}", line(moved));
    check_eq(
        moved.actor.as_ref().map(common::reference_name).as_deref(),
        Some("Alice"),
        "the enriched actor's name",
    )?;

    // Deleting, and what a missing user looks like.
    client.send(client.users().delete_many([bob.as_str(), carol.as_str()]))?;
    client.send(client.users().delete(alice.as_str()))?;
    match client.send(client.users().get(alice.as_str())) {
        Ok(user) => return Err(format!("the deleted user {} is still there", user.id).into()),
        Err(Error::Api(e)) if e.status == 404 => {
            println!("gone: {e}");
            check_eq(
                e.code,
                Some(ErrorCode::DoesNotExist),
                "error code of a missing user",
            )?;
        }
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
