//! Personalization and analytics: follow recommendations, a personalized feed, tracking
//! engagements and impressions, and a tracked redirect URL.
//!
//! ```text
//! cargo run -p stream-async --example personalization_analytics_async
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
//! Personalization and analytics are enabled per app by Stream: on an app without them these
//! calls answer with an API error, which the example prints.
mod common;

use common::{Result, Setup};
use stream_async::Error;
use stream_async::models::activity::NewActivity;
use stream_async::models::analytics::{Engagement, Feature, Impression, TrackedEvent};
use stream_async::prelude::*;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let outcome = match common::start("personalization_analytics_async").await {
        Ok(setup) => run(&setup).await,
        Err(e) => Err(e),
    };
    common::exit("personalization_analytics_async", outcome)
}

async fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    // A small graph: Alice follows Bob, Bob follows Carol; Carol is a recommendation for Alice.
    let alice_tl = client.feed("timeline", &alice)?;
    let bob_tl = client.feed("timeline", &bob)?;
    let bob_user = client.feed("user", &bob)?;
    let carol_user = client.feed("user", &carol)?;
    client.send(alice_tl.follow(bob_user.id())).await?;
    client.send(bob_tl.follow(carol_user.id())).await?;
    client
        .send(carol_user.add_activity(NewActivity::new(carol.as_str(), "post", "post:1")))
        .await?;

    match client
        .send(
            client
                .personalization()
                .follow_recommendations(alice.as_str())
                .limit(5),
        )
        .await
    {
        Ok(recs) => {
            for r in &recs.results {
                println!(
                    "recommended for {alice}: {}",
                    r.foreign_id.as_deref().unwrap_or("?")
                );
            }
        }
        Err(e) => not_enabled(setup, "personalization", &e)?,
    }
    match client
        .send(client.personalization().feed(alice.as_str()).limit(10))
        .await
    {
        Ok(page) => println!(
            "personalized feed of {alice}: {} item(s)",
            page.results.len()
        ),
        Err(e) => not_enabled(setup, "personalization", &e)?,
    }

    // Analytics: what users saw and what they did.
    let seen = Impression::new(["post:1"], alice.as_str()).feed_id(format!("timeline:{alice}"));
    let clicked = Engagement::new("click", "post:1", alice.as_str())
        .feature(Feature::new("topic", "rust"))
        .position(1);
    match client
        .send(client.analytics().track_impressions([seen]))
        .await
    {
        Ok(_) => println!("impression tracked"),
        Err(e) => not_enabled(setup, "analytics", &e)?,
    }
    match client
        .send(client.analytics().track_engagements([clicked.clone()]))
        .await
    {
        Ok(_) => println!("engagement tracked"),
        Err(e) => not_enabled(setup, "analytics", &e)?,
    }

    // A link that records the click, then redirects (built locally, no request).
    let url = client.analytics().redirect_url(
        client.config(),
        "https://example.com/article",
        alice.as_str(),
        &[TrackedEvent::from(clicked)],
    )?;
    println!("tracked link: {}…", url.get(..60).unwrap_or(&url));
    Ok(())
}

/// On Stream, an API error from a service the app has not enabled is reported, not fatal; the
/// emulator serves both services, so there every error is fatal.
fn not_enabled(setup: &Setup, service: &str, e: &Error) -> Result {
    match e {
        Error::Api(api) if !setup.is_emulator() => {
            println!(
                "{service} answered {}: {}",
                api.status,
                api.detail.as_deref().unwrap_or("?")
            );
            Ok(())
        }
        _ => Err(e.to_string().into()),
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn runs_against_the_emulator() {
        let setup = super::Setup::emulator().await.expect("emulator");
        super::run(&setup).await.expect("example runs");
    }
}
