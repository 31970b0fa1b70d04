//! Personalization and analytics: follow recommendations, a personalized feed, tracking
//! engagements and impressions, and a tracked redirect URL.
//!
//! ```text
//! cargo run -p stream-blocking --example personalization_analytics
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
//! Personalization and analytics are enabled per app by Stream: on an app without them these
//! calls answer with an API error, which the example prints.
mod common;

use common::{Result, Setup, check};
use stream_blocking::Error;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::analytics::{Engagement, Feature, Impression, TrackedEvent};
use stream_blocking::prelude::*;

fn main() -> std::process::ExitCode {
    common::run_main("personalization_analytics", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;
    let (alice, bob, carol) = (setup.id("alice"), setup.id("bob"), setup.id("carol"));

    // A small graph: Alice follows Bob, Bob follows Carol; Carol is a recommendation for Alice.
    let alice_tl = client.feed("timeline", &alice)?;
    let bob_tl = client.feed("timeline", &bob)?;
    let bob_user = client.feed("user", &bob)?;
    let carol_user = client.feed("user", &carol)?;
    client.send(alice_tl.follow(bob_user.id()))?;
    client.send(bob_tl.follow(carol_user.id()))?;
    client.send(carol_user.add_activity(NewActivity::new(carol.as_str(), "post", "post:1")))?;

    match client.send(
        client
            .personalization()
            .follow_recommendations(alice.as_str())
            .limit(5),
    ) {
        Ok(recs) => {
            for r in &recs.results {
                println!(
                    "recommended for {alice}: {}",
                    r.foreign_id.as_deref().unwrap_or("?")
                );
            }
            let carol_feed = format!("user:{carol}");
            check(
                recs.results
                    .iter()
                    .any(|r| r.foreign_id.as_deref() == Some(carol_feed.as_str())),
                format_args!("{carol_feed} is recommended for {alice}"),
            )?;
        }
        Err(e) => not_enabled(setup, "personalization", &e)?,
    }
    match client.send(client.personalization().feed(alice.as_str()).limit(10)) {
        Ok(page) => println!(
            "personalized feed of {alice}: {} item(s)",
            page.results.len()
        ),
        Err(e) => not_enabled(setup, "personalization", &e)?,
    }

    // Any other personalization resource: post data to it, delete it again.
    let mut data = serde_json::Map::new();
    data.insert("interest".into(), "rust".into());
    let posted = client.send(
        client
            .personalization()
            .post("user_interests", data)
            .param("user_id", alice.as_str()),
    );
    match posted {
        Ok(_) => {
            client.send(
                client
                    .personalization()
                    .delete("user_interests")
                    .param("user_id", alice.as_str()),
            )?;
            println!("posted to and deleted from user_interests");
        }
        Err(e) => not_enabled(setup, "personalization", &e)?,
    }

    // Analytics: what users saw and what they did.
    let seen = Impression::new(["post:1"], alice.as_str()).feed_id(format!("timeline:{alice}"));
    let clicked = Engagement::new("click", "post:1", alice.as_str())
        .feature(Feature::new("topic", "rust"))
        .position(1);
    match client.send(client.analytics().track_impressions([seen])) {
        Ok(_) => println!("impression tracked"),
        Err(e) => not_enabled(setup, "analytics", &e)?,
    }
    match client.send(client.analytics().track_engagements([clicked.clone()])) {
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
    check(
        url.starts_with(client.config().urls().redirect.as_str()) && url.contains("url=https"),
        "the tracked link goes through the redirect service to the article",
    )?;
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
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
