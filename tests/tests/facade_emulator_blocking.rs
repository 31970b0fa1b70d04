//! Every operation family through `stream-blocking`, against the in-process emulator (a real
//! server on 127.0.0.1). `facade_emulator_async.rs` drives the same list through `stream-async`.
use std::time::Duration;
use stream_blocking::prelude::*;

use serde_json::{Map, json};
use stream_blocking::endpoints::activities::GetActivities;
use stream_blocking::endpoints::batch::FollowMany;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::models::follow::FollowRelation;
use stream_blocking::{Client, Error, FeedId};
use stream_emulator::Emulator;

fn start() -> (Emulator, Client) {
    let emu = Emulator::start_blocking().expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(10))
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
fn feeds_add_and_read() -> Result<(), Error> {
    let (_emu, client) = start();
    let id = post(&client, "alice", "post:1")?;
    let page = client.send(client.feed("user", "alice")?.get().limit(10))?;
    assert!(
        page.results
            .iter()
            .any(|a| a.id.as_deref() == Some(id.as_str()))
    );
    Ok(())
}

#[test]
fn follows_and_fan_out() -> Result<(), Error> {
    let (_emu, client) = start();
    let alice = client.feed("user", "alice")?;
    let timeline = client.feed("timeline", "bob")?;
    client.send(timeline.follow(alice.id()))?;
    let id = post(&client, "alice", "post:2")?;
    let page = client.send(timeline.get().limit(10))?;
    assert!(
        page.results
            .iter()
            .any(|a| a.id.as_deref() == Some(id.as_str()))
    );
    let followers = client.send(alice.followers())?;
    assert_eq!(followers.results.len(), 1);
    Ok(())
}

#[test]
fn activities_by_id() -> Result<(), Error> {
    let (_emu, client) = start();
    let id = post(&client, "alice", "post:3")?;
    let got = client.send(GetActivities::by_ids([id.clone()]))?;
    assert_eq!(got.results.len(), 1);
    Ok(())
}

#[test]
fn batches_are_sent_whole() -> Result<(), Error> {
    let (_emu, client) = start();
    let alice = FeedId::parse("user:alice")?;
    let relations = ["carol", "dave"]
        .iter()
        .map(|u| FeedId::from_parts("timeline", u).map(|t| FollowRelation::new(t, alice.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    client.send(FollowMany::new(relations))?;
    let followers = client.send(client.feed("user", "alice")?.followers())?;
    assert_eq!(followers.results.len(), 2);
    Ok(())
}

#[test]
fn reactions_add_and_page() -> Result<(), Error> {
    let (_emu, client) = start();
    let id = post(&client, "alice", "post:4")?;
    let like = client.send(client.reactions().add("like", id.as_str()).user_id("bob"))?;
    let pages = client
        .pages(client.reactions().filter_activity(id.as_str()).limit(5))
        .take(3)
        .collect::<Result<Vec<_>, _>>()?;
    assert!(pages[0].results.iter().any(|r| r.id == like.id));
    Ok(())
}

#[test]
fn collections_add_and_get() -> Result<(), Error> {
    let (_emu, client) = start();
    let mut data = Map::new();
    data.insert("name".into(), json!("burger"));
    let added = client.send(client.collections().add("food", data))?;
    let got = client.send(client.collections().get("food", added.id.as_str()))?;
    assert_eq!(got.id, added.id);
    Ok(())
}

#[test]
fn users_add_and_get() -> Result<(), Error> {
    let (_emu, client) = start();
    client.send(client.users().add("carol"))?;
    assert_eq!(client.send(client.users().get("carol"))?.id, "carol");
    Ok(())
}

#[test]
fn files_upload() -> Result<(), Error> {
    let (_emu, client) = start();
    let up = client.send(client.files().upload("hello.txt", b"hello".to_vec()))?;
    assert!(!up.file.is_empty());
    Ok(())
}

#[test]
fn errors_from_the_server_carry_code_and_detail() -> Result<(), Error> {
    let (_emu, client) = start();
    let err = client
        .send(client.users().get("nobody"))
        .expect_err("missing user");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 404);
    assert!(api.code.is_some() && api.detail.is_some(), "{api:?}");
    Ok(())
}
