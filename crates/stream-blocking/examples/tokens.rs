//! Tokens: what a server hands to its client apps. Feeds v1 user tokens and read-only feed
//! tokens, v2 user and call tokens, and a client built from a user token.
//!
//! ```text
//! cargo run -p stream-blocking --example tokens
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
//! Minting never sends a request; only the last step (a user-token client) does.
mod common;

use std::time::Duration;
use stream_blocking::prelude::*;

use common::{Result, Setup, check, check_eq, now_unix};
use serde_json::json;
use stream_blocking::Client;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::v2::TokenBuilder;

fn main() -> std::process::ExitCode {
    common::run_main("tokens", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let alice = setup.id("alice");

    // Feeds v1: a session token for a client app, and a read-only token for one feed.
    let user_token = client.feeds_user_token(&alice)?;
    let read_only = client.feed_read_only_token("user", &alice)?;
    // v2: a user token valid for 10 minutes, a call token, one without expiry.
    let v2 = client.v2_user_token(&alice, Some(Duration::from_secs(600)))?;
    let call = client.v2_call_token(&alice, &["default:standup"], Some("admin"), None)?;
    let forever = client.v2_token(&TokenBuilder::new(alice.as_str()).no_expiry())?;
    // A read-write token for one feed, a session token with extra claims, and a v2 token that
    // expires at a given Unix time.
    let read_write = client.feed_read_write_token("user", &alice)?;
    let mut extra = serde_json::Map::new();
    extra.insert("tier".into(), json!("gold"));
    let with_claims = client.feeds_user_token_with_claims(&alice, extra)?;
    let until = client.v2_token(&TokenBuilder::new(alice.as_str()).expires_at(now_unix() + 900))?;

    // Servers can check a token they receive (HS256 only, signature first, then exp/nbf).
    // Printed here are the verified claims, never the tokens themselves.
    let signer = client
        .config()
        .signer()
        .ok_or("minting needs the API secret")?;
    let now = i64::try_from(now_unix()).unwrap_or(i64::MAX);
    let mut verified = Vec::new();
    for (what, token) in [
        ("v1 user token", &user_token),
        ("read-only feed token", &read_only),
        ("v2 user token (10 min)", &v2),
        ("v2 call token", &call),
        ("v2 token, no expiry", &forever),
        ("read-write feed token", &read_write),
        ("v1 token with claims", &with_claims),
        ("v2 token until +15 min", &until),
    ] {
        let claims = serde_json::Value::Object(signer.verify(token.as_str(), now)?.into_map());
        println!("{what:<24} {claims}");
        verified.push(claims);
    }
    let [
        v1_user,
        feed_read,
        v2_user,
        v2_call,
        v2_forever,
        feed_rw,
        v1_claims,
        v2_until,
    ] = verified.as_slice()
    else {
        return Err("eight tokens were verified".into());
    };
    check_eq(
        &feed_rw["action"],
        &json!("*"),
        "action of the read-write feed token",
    )?;
    check_eq(
        &v1_claims["tier"],
        &json!("gold"),
        "extra claim of the v1 token",
    )?;
    check(
        v2_until["exp"].is_i64(),
        "the v2 token has its absolute exp",
    )?;
    check_eq(
        &v1_user["user_id"],
        &json!(alice),
        "user_id of the v1 user token",
    )?;
    check(
        v1_user.get("exp").is_none(),
        "the v1 user token does not expire",
    )?;
    check_eq(
        &feed_read["action"],
        &json!("read"),
        "action of the read-only feed token",
    )?;
    let lifetime = v2_user["exp"]
        .as_i64()
        .zip(v2_user["iat"].as_i64())
        .map(|(e, i)| e - i);
    check_eq(
        lifetime,
        Some(605),
        "seconds from iat (5 s back) to exp of the 10-minute token",
    )?;
    check_eq(
        &v2_call["call_cids"],
        &json!(["default:standup"]),
        "call_cids of the call token",
    )?;
    check_eq(&v2_call["role"], &json!("admin"), "role of the call token")?;
    check(
        v2_forever.get("exp").is_none(),
        "the no-expiry token has no exp",
    )?;

    // A client that acts as Alice, the way a client app would use its token.
    let mut builder =
        Client::builder_with_user_token(client.config().api_key(), user_token.as_str());
    if let Some(emulator) = setup.emulator_handle() {
        builder = builder.base_url(emulator.base_url());
    }
    let as_alice = builder.build()?;
    let feed = as_alice.feed("user", &alice)?;
    as_alice.send(feed.add_activity(NewActivity::new(format!("SU:{alice}"), "post", "post:1")))?;
    let page = as_alice.send(feed.get().limit(5))?;
    println!("as {alice}: {} activity in my feed", page.results.len());
    check_eq(
        page.results.len(),
        1,
        "activities in alice's feed, read with her own token",
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
