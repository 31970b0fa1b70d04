//! Realtime through `stream-blocking` (Bayeux long-polling) against the in-process emulator.
use std::time::{Duration, Instant};
use stream_blocking::prelude::*;

use stream_blocking::models::activity::NewActivity;
use stream_blocking::realtime::{RealtimeError, RealtimeMessage, Subscription};
use stream_blocking::{Client, FeedId, Token};
use stream_emulator::Emulator;

fn client(emu: &Emulator, app_id: Option<&str>) -> Client {
    let mut b = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_millis(1500));
    if let Some(a) = app_id {
        b = b.app_id(a);
    }
    b.build().expect("client")
}

/// The next update, skipping nothing; fails the test after 5 s.
fn next(sub: &mut Subscription) -> RealtimeMessage {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        match sub.recv_timeout(Duration::from_secs(1)) {
            Some(Ok(m)) => return m,
            Some(Err(e)) => panic!("unexpected realtime error: {e}"),
            None => {}
        }
    }
    panic!("no realtime message within 5 s on {}", sub.channel());
}

fn post(client: &Client, user: &str, object: &str) -> String {
    let feed = client.feed("user", user).unwrap();
    let added = client
        .send(feed.add_activity(NewActivity::new(user, "post", object).foreign_id(object)))
        .expect("add");
    added.activity.id.expect("id").to_string()
}

#[test]
fn adds_and_removes_arrive_in_order() {
    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu, Some(emu.app_id()));
    let alice = client.feed("user", "alice").unwrap();
    let mut sub = client.subscribe(&alice).expect("subscribed");
    assert_eq!(
        sub.channel(),
        format!("/site-{}-feed-useralice", emu.app_id())
    );

    let first = post(&client, "alice", "post:1");
    let second = post(&client, "alice", "post:2");
    client
        .send(alice.remove_activity(&first))
        .expect("remove by id");
    client
        .send(alice.remove_by_foreign_id("post:2"))
        .expect("remove by foreign id");

    let m = next(&mut sub);
    assert_eq!(m.new[0].id.as_deref(), Some(first.as_str()));
    assert_eq!(m.feed.as_deref(), Some("user:alice"));
    assert_eq!(m.app_id.as_deref(), Some(emu.app_id()));
    assert!(m.published_at.is_some());
    assert_eq!(next(&mut sub).new[0].id.as_deref(), Some(second.as_str()));
    let removed = next(&mut sub);
    assert_eq!(removed.deleted, vec![first]);
    let removed = next(&mut sub);
    assert_eq!(removed.deleted, vec![second]);
    assert_eq!(removed.deleted_foreign_ids[0].foreign_id, "post:2");
    // Nothing else.
    assert!(sub.recv_timeout(Duration::from_millis(200)).is_none());
}

#[test]
fn a_follower_feed_sees_fan_out() {
    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu, Some(emu.app_id()));
    let timeline = client.feed("timeline", "bob").unwrap();
    client
        .send(timeline.follow(&FeedId::parse("user:carol").unwrap()))
        .unwrap();
    let mut sub = client.subscribe(&timeline).expect("subscribed");
    let id = post(&client, "carol", "post:9");
    let m = next(&mut sub);
    assert_eq!(m.new[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(m.feed.as_deref(), Some("timeline:bob"));
}

#[test]
fn a_token_for_another_feed_is_refused_and_no_app_id_is_a_build_error() {
    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu, Some(emu.app_id()));
    let signer = stream_blocking::Signer::new(&stream_blocking::ApiSecret::new(emu.api_secret()));
    let wrong: Token = signer.read_only_feed_token("user", "mallory");
    let err = client
        .subscribe_with_token(&client.feed("user", "alice").unwrap(), wrong)
        .expect_err("refused");
    assert!(
        matches!(
            &err,
            RealtimeError::Refused {
                code: Some(403),
                ..
            }
        ),
        "{err}"
    );

    let no_app = self::client(&emu, None);
    let err = no_app
        .subscribe(&no_app.feed("user", "alice").unwrap())
        .expect_err("no app id");
    assert!(matches!(err, RealtimeError::Build(_)), "{err}");
    assert!(err.to_string().contains("app id"), "{err}");
}

#[test]
fn the_subscription_survives_an_emulator_restart() {
    let emu = Emulator::start_blocking().unwrap();
    let port = emu.addr().port();
    let client = client(&emu, Some(emu.app_id()));
    let alice = client.feed("user", "alice").unwrap();
    let mut sub = client.subscribe(&alice).expect("subscribed");
    post(&client, "alice", "post:1");
    next(&mut sub);
    emu.shutdown(Duration::from_secs(2));
    let emu = Emulator::builder()
        .port(port)
        .start_blocking()
        .expect("same port again");
    // Errors arrive as items while the server is away; then the session re-handshakes and
    // resubscribes. Post until the update makes it through (bounded).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut delivered = false;
    let mut n = 0;
    while !delivered && Instant::now() < deadline {
        n += 1;
        let id = post(&client, "alice", &format!("post:again{n}"));
        while let Some(item) = sub.recv_timeout(Duration::from_millis(500)) {
            if let Ok(m) = item {
                if m.new.iter().any(|a| a.id.as_deref() == Some(id.as_str())) {
                    delivered = true;
                    break;
                }
            }
        }
    }
    assert!(delivered, "no update after the restart");
    drop(emu);
}

#[test]
fn partial_updates_and_to_targets_are_published() {
    use stream_blocking::models::activity::ActivityChange;

    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu, Some(emu.app_id()));
    let alice = client.feed("user", "alice").unwrap();
    let mut sub = client.subscribe(&alice).expect("subscribed");
    let mut bob = client
        .subscribe(&client.feed("user", "bob").unwrap())
        .expect("subscribed");
    let id = post(&client, "alice", "post:1");
    assert_eq!(next(&mut sub).new[0].id.as_deref(), Some(id.as_str()));

    client
        .send(
            client
                .activities()
                .partial_update(ActivityChange::by_id(&id).set("rating", 7)),
        )
        .unwrap();
    let m = next(&mut sub);
    assert_eq!(m.new[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(m.new[0].extra.value("rating"), Some(serde_json::json!(7)));

    let to = client
        .send(alice.add_activity(
            NewActivity::new("alice", "mention", "post:2").to([FeedId::parse("user:bob").unwrap()]),
        ))
        .unwrap()
        .activity
        .id
        .expect("id")
        .to_string();
    let m = next(&mut bob);
    assert_eq!(m.new[0].id.as_deref(), Some(to.as_str()));
    assert_eq!(m.feed.as_deref(), Some("user:bob"));
}
