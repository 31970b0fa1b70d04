//! The handles added for every Feeds v1 family (`activities`, `batch`, `og`, `audit_logs`,
//! `data_privacy`, `moderation`), each operation one short call through `stream-blocking`,
//! against the in-process emulator. `handles_async.rs` drives the same list through
//! `stream-async`.
use std::time::Duration;
use stream_blocking::prelude::*;

use stream_blocking::models::Timestamp;
use stream_blocking::models::activity::{ActivityChange, NewActivity};
use stream_blocking::models::follow::{FollowRelation, UnfollowRelation};
use stream_blocking::{Client, Error, FeedId};
use stream_emulator::Emulator;
use stream_emulator::og::OgData;

/// `2024-01-02T03:04:05.678900`, the service's form.
fn time() -> Timestamp {
    Timestamp::from_unix(1_704_164_645, 678_900_000)
}

fn start() -> (Emulator, Client) {
    let emu = Emulator::start_blocking().expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    (emu, client)
}

fn post(client: &Client, user: &str, object: &str) -> Result<String, Error> {
    let feed = client.feed("user", user)?;
    let added = client.send(feed.add_activity(NewActivity::new(user, "post", object)))?;
    Ok(added
        .activity
        .id
        .expect("the emulator assigns ids")
        .to_string())
}

#[test]
fn activities_update_get_and_partial_update() -> Result<(), Error> {
    let (_emu, client) = start();
    let alice = client.feed("user", "alice")?;
    let original = NewActivity::new("alice", "post", "post:1")
        .foreign_id("post:1")
        .time(time())
        .custom("rating", 1);
    let id = client
        .send(alice.add_activity(original))?
        .activity
        .id
        .expect("id")
        .to_string();

    let replaced = NewActivity::new("alice", "post", "post:1")
        .foreign_id("post:1")
        .time(time())
        .custom("rating", 5);
    client.send(client.activities().update(vec![replaced]))?;

    let by_id = client.send(client.activities().get_by_ids([id.as_str()]))?;
    assert_eq!(by_id.results.len(), 1);
    assert_eq!(
        by_id.results[0].extra.value("rating"),
        Some(serde_json::json!(5))
    );

    let by_fid = client.send(client.activities().get_by_foreign_ids([("post:1", time())]))?;
    assert_eq!(by_fid.results.len(), 1);
    assert_eq!(by_fid.results[0].id.as_deref(), Some(id.as_str()));

    let patched = client.send(
        client
            .activities()
            .partial_update(ActivityChange::by_id(&id).set("rating", 7).set("tag", "x")),
    )?;
    assert_eq!(patched.activities.len(), 1);
    assert_eq!(
        patched.activities[0].extra.value("rating"),
        Some(serde_json::json!(7))
    );

    let patched = client.send(client.activities().partial_update_many(vec![
        ActivityChange::by_foreign_id("post:1", time()).unset("tag"),
    ]))?;
    assert_eq!(patched.activities.len(), 1);
    assert!(!patched.activities[0].extra.contains_key("tag"));
    Ok(())
}

#[test]
fn batch_follow_many_is_split_and_every_relation_exists() -> Result<(), Error> {
    let (_emu, client) = start();
    let celebrity = FeedId::parse("user:celebrity")?;
    // 2,600 relations: more than one request may carry (the emulator refuses > 2,500).
    let relations = (0..2_600)
        .map(|i| {
            FeedId::from_parts("timeline", &format!("fan{i}"))
                .map(|t| FollowRelation::new(t, celebrity.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    client.send(client.batch().follow_many(relations).activity_copy_limit(0))?;
    let stats = client.send(client.feed_by_id(celebrity.clone()).follow_stats())?;
    assert_eq!(stats.followers(), 2_600);
    let last = client.send(client.feed("timeline", "fan2599")?.following())?;
    assert_eq!(last.results.len(), 1);

    let unfollows = (0..2_600)
        .map(|i| {
            FeedId::from_parts("timeline", &format!("fan{i}"))
                .map(|t| UnfollowRelation::new(t, celebrity.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    client.send(client.batch().unfollow_many(unfollows))?;
    let stats = client.send(client.feed_by_id(celebrity).follow_stats())?;
    assert_eq!(stats.followers(), 0);

    let feeds = vec![FeedId::parse("user:bob")?, FeedId::parse("user:carol")?];
    client.send(
        client
            .batch()
            .add_to_many(NewActivity::new("alice", "post", "post:many"), feeds),
    )?;
    for user in ["bob", "carol"] {
        let page = client.send(client.feed("user", user)?.get().limit(5))?;
        assert_eq!(page.results.len(), 1, "{user}");
    }
    Ok(())
}

#[test]
fn og_returns_a_registered_page() -> Result<(), Error> {
    let (emu, client) = start();
    let url = "https://example.com/article?id=1&x=2";
    emu.register_og_page(url, OgData::new("An article", "About things"));
    let page = client.send(client.og(url))?;
    assert_eq!(page.title.as_deref(), Some("An article"));
    assert_eq!(page.description.as_deref(), Some("About things"));
    let err = client
        .send(client.og("https://example.com/unknown"))
        .expect_err("not registered");
    assert_eq!(err.api().map(|a| a.status), Some(400), "{err}");
    Ok(())
}

#[test]
fn moderation_flag_shows_in_audit_logs() -> Result<(), Error> {
    let (_emu, client) = start();
    client.send(
        client
            .moderation()
            .flag_user("bob")
            .reported_by("alice")
            .reason("spam"),
    )?;
    let logs = client.send(client.audit_logs().entity("stream:user", "bob").limit(10))?;
    assert_eq!(logs.audit_logs.len(), 1, "{logs:?}");
    assert_eq!(logs.audit_logs[0].action, "flag");
    let by_alice = client.send(client.audit_logs().user("alice"))?;
    assert!(by_alice.audit_logs.iter().any(|l| l.entity_id == "bob"));
    let mut pages = 0;
    for page in client.pages(client.audit_logs().filter().limit(5)).take(3) {
        page?;
        pages += 1;
    }
    assert_eq!(pages, 1, "the emulator returns one page");
    Ok(())
}

#[test]
fn data_privacy_delete_removes_the_activity() -> Result<(), Error> {
    let (_emu, client) = start();
    let id = post(&client, "alice", "post:private")?;
    let feed = FeedId::parse("user:alice")?;
    client.send(client.data_privacy().delete_activity(&id, [feed]))?;
    let got = client.send(client.activities().get_by_ids([id.as_str()]))?;
    assert!(got.results.is_empty(), "{got:?}");
    let page = client.send(client.feed("user", "alice")?.get())?;
    assert!(page.results.is_empty());
    let logs = client.send(client.audit_logs().entity("activity", &id))?;
    assert!(logs.audit_logs.iter().any(|l| l.action == "delete"));
    Ok(())
}

#[test]
fn handles_refuse_bad_input_before_sending() {
    let (_emu, client) = start();
    let err = client
        .send(client.activities().get_by_ids(Vec::<String>::new()))
        .expect_err("empty");
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    let err = client.send(client.og("ftp://x")).expect_err("not http");
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    let err = client
        .send(client.data_privacy().delete_activities())
        .expect_err("empty");
    assert!(matches!(err, Error::Build(_)), "{err:?}");
}

#[test]
fn data_privacy_export_lists_a_users_activities_and_live_reactions() -> Result<(), Error> {
    let (_emu, client) = start();
    let first = post(&client, "bob", "post:1")?;
    let second = post(&client, "bob", "post:2")?;
    post(&client, "carol", "post:3")?;
    let like = client.send(
        client
            .reactions()
            .add("like", first.as_str())
            .user_id("bob"),
    )?;
    let gone = client.send(
        client
            .reactions()
            .add("like", second.as_str())
            .user_id("bob"),
    )?;
    client.send(client.reactions().delete(gone.id.as_str()).soft(true))?;

    let export = client.send(client.data_privacy().export_ids("bob"))?.export;
    let mut expected = vec![first, second];
    expected.sort();
    assert_eq!(export.activity_ids, expected, "only bob's activities");
    assert_eq!(export.activity_count, 2);
    assert_eq!(
        export.reaction_ids,
        vec![like.id],
        "soft-deleted reactions are not exported"
    );
    assert_eq!(export.reaction_count, 1);
    Ok(())
}
