//! Tokens: what a server hands to its client apps. Feeds v1 user tokens and read-only feed
//! tokens, v2 user and call tokens, and a client built from a user token.
//!
//! ```text
//! cargo run -p stream-async --example tokens_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
//! Minting never sends a request; only the last step (a user-token client) does.
mod common;

use std::time::Duration;
use stream_async::prelude::*;

use common::{Result, Setup, now_unix};
use stream_async::Client;
use stream_async::core::v2::TokenBuilder;
use stream_async::models::activity::NewActivity;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("tokens_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("tokens_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let alice = setup.id("alice");

    // Feeds v1: a session token for a client app, and a read-only token for one feed.
    let user_token = client.feeds_user_token(&alice)?;
    let read_only = client.feed_read_only_token("user", &alice)?;
    // v2: a user token valid for 10 minutes, a call token, one without expiry.
    let v2 = client.v2_user_token(&alice, Some(Duration::from_secs(600)))?;
    let call = client.v2_call_token(&alice, &["default:standup"], Some("admin"), None)?;
    let forever = client.v2_token(&TokenBuilder::new(alice.as_str()).no_expiry())?;

    // Servers can check a token they receive (HS256 only, signature first, then exp/nbf).
    // Printed here are the verified claims, never the tokens themselves.
    let signer = client
        .config()
        .signer()
        .ok_or("minting needs the API secret")?;
    let now = i64::try_from(now_unix()).unwrap_or(i64::MAX);
    for (what, token) in [
        ("v1 user token", &user_token),
        ("read-only feed token", &read_only),
        ("v2 user token (10 min)", &v2),
        ("v2 call token", &call),
        ("v2 token, no expiry", &forever),
    ] {
        let claims = signer.verify(token.as_str(), now)?;
        println!(
            "{what:<24} {}",
            serde_json::Value::Object(claims.into_map())
        );
    }

    // A client that acts as Alice, the way a client app would use its token.
    let mut builder =
        Client::builder_with_user_token(client.config().api_key(), user_token.as_str());
    if let Some(emulator) = setup.emulator_handle() {
        builder = builder.base_url(emulator.base_url());
    }
    let as_alice = builder.build()?;
    let feed = as_alice.feed("user", &alice)?;
    as_alice
        .send(feed.add_activity(NewActivity::new(format!("SU:{alice}"), "post", "post:1")))
        .await?;
    let page = as_alice.send(feed.get().limit(5)).await?;
    println!("as {alice}: {} activity in my feed", page.results.len());
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
