//! Realtime through `stream-async` (WebSocket, and long-polling) against the in-process emulator.
use std::time::Duration;
use stream_async::prelude::*;

use stream_async::models::Timestamp;
use stream_async::models::activity::NewActivity;
use stream_async::realtime::{RealtimeError, RealtimeMessage, RealtimeTransport, Subscription};
use stream_async::{Client, FeedId, StreamExt};
use stream_emulator::Emulator;

fn client(emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(Duration::from_millis(1500))
        .build()
        .expect("client")
}

async fn next(updates: &mut Subscription) -> RealtimeMessage {
    match tokio::time::timeout(Duration::from_secs(5), updates.next()).await {
        Ok(Some(Ok(m))) => m,
        Ok(Some(Err(e))) => panic!("unexpected realtime error: {e}"),
        Ok(None) => panic!("the stream ended"),
        Err(_) => panic!("no realtime message within 5 s on {}", updates.channel()),
    }
}

async fn post(client: &Client, user: &str, object: &str) -> String {
    let feed = client.feed("user", user).unwrap();
    let added = client
        .send(feed.add_activity(NewActivity::new(user, "post", object).foreign_id(object)))
        .await
        .expect("add");
    added.activity.id.expect("id").to_string()
}

async fn adds_and_removes_in_order(transport: RealtimeTransport) {
    let emu = Emulator::start().await.unwrap();
    let client = client(&emu);
    client.set_realtime_transport(transport);
    let alice = client.feed("user", "alice").unwrap();
    let mut updates = client.subscribe(&alice).await.expect("subscribed");
    let first = post(&client, "alice", "post:1").await;
    let second = post(&client, "alice", "post:2").await;
    client.send(alice.remove_activity(&first)).await.unwrap();
    client
        .send(alice.remove_by_foreign_id("post:2"))
        .await
        .unwrap();
    assert_eq!(
        next(&mut updates).await.new[0].id.as_deref(),
        Some(first.as_str())
    );
    assert_eq!(
        next(&mut updates).await.new[0].id.as_deref(),
        Some(second.as_str())
    );
    assert_eq!(next(&mut updates).await.deleted, vec![first]);
    let m = next(&mut updates).await;
    assert_eq!(m.deleted, vec![second]);
    assert_eq!(m.deleted_foreign_ids[0].foreign_id, "post:2");
    assert!(
        tokio::time::timeout(Duration::from_millis(200), updates.next())
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_adds_and_removes_arrive_in_order() {
    adds_and_removes_in_order(RealtimeTransport::WebSocket).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polling_adds_and_removes_arrive_in_order() {
    adds_and_removes_in_order(RealtimeTransport::LongPolling).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_connection_serves_many_feeds_and_fan_out() {
    let emu = Emulator::start().await.unwrap();
    let client = client(&emu);
    let timeline = client.feed("timeline", "bob").unwrap();
    client
        .send(timeline.follow(&FeedId::parse("user:carol").unwrap()))
        .await
        .unwrap();
    let mut bob = client.subscribe(&timeline).await.unwrap();
    let mut carol = client
        .subscribe(&client.feed("user", "carol").unwrap())
        .await
        .unwrap();
    let mut carol2 = client
        .subscribe(&client.feed("user", "carol").unwrap())
        .await
        .unwrap();
    let id = post(&client, "carol", "post:9").await;
    for updates in [&mut carol, &mut carol2, &mut bob] {
        assert_eq!(next(updates).await.new[0].id.as_deref(), Some(id.as_str()));
    }
    // Dropping one stream keeps the other subscribed to the same feed.
    drop(carol2);
    let id = post(&client, "carol", "post:10").await;
    assert_eq!(
        next(&mut carol).await.new[0].id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(next(&mut bob).await.new[0].id.as_deref(), Some(id.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_for_another_feed_is_refused() {
    let emu = Emulator::start().await.unwrap();
    let client = client(&emu);
    let signer = stream_async::Signer::new(&stream_async::ApiSecret::new(emu.api_secret()));
    let err = client
        .subscribe_with_token(
            &client.feed("user", "alice").unwrap(),
            signer.read_only_feed_token("user", "mallory"),
        )
        .await
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
    let no_app = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .build()
        .unwrap();
    let err = no_app
        .subscribe(&no_app.feed("user", "alice").unwrap())
        .await
        .expect_err("no app id");
    assert!(matches!(err, RealtimeError::Build(_)), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_survives_an_emulator_restart() {
    let emu = Emulator::start().await.unwrap();
    let port = emu.addr().port();
    let client = client(&emu);
    let alice = client.feed("user", "alice").unwrap();
    let mut updates = client.subscribe(&alice).await.unwrap();
    post(&client, "alice", "post:1").await;
    next(&mut updates).await;
    drop(emu);
    // The cut shows up as an error item, not a stall.
    let item = tokio::time::timeout(Duration::from_secs(5), updates.next()).await;
    assert!(
        matches!(&item, Ok(Some(Err(e))) if e.is_transient()),
        "{item:?}"
    );
    let _emu = Emulator::builder()
        .port(port)
        .start()
        .await
        .expect("same port");
    let mut delivered = false;
    for n in 0..40 {
        let id = post(&client, "alice", &format!("post:again{n}")).await;
        let deadline = tokio::time::Instant::now() + Duration::from_millis(500);
        while let Ok(Some(item)) = tokio::time::timeout_at(deadline, updates.next()).await {
            if let Ok(m) = item {
                if m.new.iter().any(|a| a.id.as_deref() == Some(id.as_str())) {
                    delivered = true;
                }
            }
        }
        if delivered {
            break;
        }
    }
    assert!(delivered, "no update after the restart");
}

/// `2024-01-02T03:04:05.678900`, the service's form.
fn time() -> Timestamp {
    Timestamp::from_unix(1_704_164_645, 678_900_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_partial_updates_and_to_targets_are_published() {
    use stream_async::models::activity::ActivityChange;

    let emu = Emulator::start().await.unwrap();
    let client = client(&emu);
    let alice = client.feed("user", "alice").unwrap();
    let mut updates = client.subscribe(&alice).await.unwrap();
    let mut bob = client
        .subscribe(&client.feed("user", "bob").unwrap())
        .await
        .unwrap();
    let original = NewActivity::new("alice", "post", "post:1")
        .foreign_id("post:1")
        .time(time())
        .custom("rating", 1);
    let id = client
        .send(alice.add_activity(original))
        .await
        .unwrap()
        .activity
        .id
        .expect("id")
        .to_string();
    assert_eq!(
        next(&mut updates).await.new[0].id.as_deref(),
        Some(id.as_str())
    );

    // (a) update_activities republishes the replaced activity to the feeds holding it.
    let replaced = NewActivity::new("alice", "post", "post:1")
        .foreign_id("post:1")
        .time(time())
        .custom("rating", 5);
    client
        .send(client.activities().update(vec![replaced]))
        .await
        .unwrap();
    let m = next(&mut updates).await;
    assert_eq!(m.new[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(m.new[0].extra.value("rating"), Some(serde_json::json!(5)));

    // (b) a partial update too.
    client
        .send(
            client
                .activities()
                .partial_update(ActivityChange::by_id(&id).set("rating", 7)),
        )
        .await
        .unwrap();
    let m = next(&mut updates).await;
    assert_eq!(m.new[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(m.new[0].extra.value("rating"), Some(serde_json::json!(7)));

    // (c) an add with `to` reaches the subscribers of the target feed.
    let to = client
        .send(alice.add_activity(
            NewActivity::new("alice", "mention", "post:2").to([FeedId::parse("user:bob").unwrap()]),
        ))
        .await
        .unwrap()
        .activity
        .id
        .expect("id")
        .to_string();
    let m = next(&mut bob).await;
    assert_eq!(m.new[0].id.as_deref(), Some(to.as_str()));
    assert_eq!(m.feed.as_deref(), Some("user:bob"));
    assert_eq!(
        next(&mut updates).await.new[0].id.as_deref(),
        Some(to.as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_a_feed_already_subscribed_needs_a_token_for_the_same_grant() {
    // One Faye subscription serves every caller of a feed on a client, and the server checks
    // only the token that set it up, so a second caller's token is compared here.
    let emu = Emulator::start().await.unwrap();
    let client = client(&emu);
    let alice = client.feed("user", "alice").unwrap();
    let signer = stream_async::Signer::new(&stream_async::ApiSecret::new(emu.api_secret()));
    let mut first = client.subscribe(&alice).await.expect("subscribed");
    let err = client
        .subscribe_with_token(&alice, signer.read_only_feed_token("user", "mallory"))
        .await
        .expect_err("a token for another feed does not join");
    assert!(
        matches!(&err, RealtimeError::Refused { code: None, .. }),
        "{err}"
    );
    let mut second = client
        .subscribe_with_token(&alice, signer.read_only_feed_token("user", "alice"))
        .await
        .expect("the same token joins");
    // A differently minted token for the same grant (another claim order, an expiry) and a
    // broader one join too: this client holds the secret, so it checks them itself.
    let later: u64 = 4_102_444_800; // 2100-01-01
    let mut third = client
        .subscribe_with_token(
            &alice,
            signer.sign_json(&format!(
                r#"{{"feed_id":"useralice","resource":"*","action":"read","exp":{later}}}"#
            )),
        )
        .await
        .expect("the same grant, minted differently, joins");
    let full = client
        .subscribe_with_token(&alice, signer.feed_token("user", "alice"))
        .await
        .expect("a broader grant joins");
    // A token with the right claims but another key's signature does not.
    let forger = stream_async::Signer::new(&stream_async::ApiSecret::new("not-the-secret"));
    let err = client
        .subscribe_with_token(&alice, forger.read_only_feed_token("user", "alice"))
        .await
        .expect_err("a forged token does not join");
    assert!(
        matches!(&err, RealtimeError::Refused { code: None, .. }),
        "{err}"
    );
    // Nor does an expired one.
    let err = client
        .subscribe_with_token(
            &alice,
            signer.sign_json(r#"{"feed_id":"useralice","resource":"*","action":"read","exp":1}"#),
        )
        .await
        .expect_err("an expired token does not join");
    assert!(
        matches!(&err, RealtimeError::Refused { code: None, .. }),
        "{err}"
    );
    let id = post(&client, "alice", "post:1").await;
    assert_eq!(
        next(&mut first).await.new[0].id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(
        next(&mut second).await.new[0].id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(
        next(&mut third).await.new[0].id.as_deref(),
        Some(id.as_str())
    );
    // Once nobody listens, another token may subscribe afresh (and the server checks it).
    drop((first, second, third, full));
    let bob_token_refused = tokio::time::timeout(
        Duration::from_secs(10),
        client.subscribe_with_token(&alice, signer.read_only_feed_token("user", "bob")),
    )
    .await
    .expect("answered in time")
    .expect_err("the server refuses a token for another feed");
    assert!(
        matches!(
            &bob_token_refused,
            RealtimeError::Refused {
                code: Some(403),
                ..
            }
        ),
        "{bob_token_refused}"
    );
}
