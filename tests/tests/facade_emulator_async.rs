//! Every operation family through `stream-async`, against the in-process emulator (a real
//! server on 127.0.0.1). `facade_emulator_blocking.rs` drives the same list through
//! `stream-blocking`.
use std::time::Duration;
use stream_async::prelude::*;

use serde_json::{Map, json};
use stream_async::endpoints::activities::GetActivities;
use stream_async::endpoints::batch::FollowMany;
use stream_async::models::activity::NewActivity;
use stream_async::models::follow::FollowRelation;
use stream_async::{Client, Error, FeedId, StreamExt};
use stream_emulator::Emulator;

async fn start() -> (Emulator, Client) {
    let emu = Emulator::start().await.expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    (emu, client)
}

async fn post(client: &Client, user: &str, object: &str) -> Result<String, Error> {
    let feed = client.feed("user", user)?;
    let added = client
        .send(feed.add_activity(NewActivity::new(user, "post", object)))
        .await?;
    Ok(added
        .activity
        .id
        .expect("the emulator assigns ids")
        .to_string())
}

#[tokio::test]
async fn feeds_add_and_read() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let id = post(&client, "alice", "post:1").await?;
    let page = client
        .send(client.feed("user", "alice")?.get().limit(10))
        .await?;
    assert!(
        page.results
            .iter()
            .any(|a| a.id.as_deref() == Some(id.as_str()))
    );
    Ok(())
}

#[tokio::test]
async fn follows_and_fan_out() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let alice = client.feed("user", "alice")?;
    let timeline = client.feed("timeline", "bob")?;
    client.send(timeline.follow(alice.id())).await?;
    let id = post(&client, "alice", "post:2").await?;
    let page = client.send(timeline.get().limit(10)).await?;
    assert!(
        page.results
            .iter()
            .any(|a| a.id.as_deref() == Some(id.as_str()))
    );
    let followers = client.send(alice.followers()).await?;
    assert_eq!(followers.results.len(), 1);
    Ok(())
}

#[tokio::test]
async fn activities_by_id() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let id = post(&client, "alice", "post:3").await?;
    let got = client.send(GetActivities::by_ids([id.clone()])).await?;
    assert_eq!(got.results.len(), 1);
    Ok(())
}

#[tokio::test]
async fn batches_are_sent_whole() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let alice = FeedId::parse("user:alice")?;
    let relations = ["carol", "dave"]
        .iter()
        .map(|u| FeedId::from_parts("timeline", u).map(|t| FollowRelation::new(t, alice.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    client.send(FollowMany::new(relations)).await?;
    let followers = client
        .send(client.feed("user", "alice")?.followers())
        .await?;
    assert_eq!(followers.results.len(), 2);
    Ok(())
}

#[tokio::test]
async fn reactions_add_and_page() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let id = post(&client, "alice", "post:4").await?;
    let like = client
        .send(client.reactions().add("like", id.as_str()).user_id("bob"))
        .await?;
    let pages = client
        .pages(client.reactions().filter_activity(id.as_str()).limit(5))
        .take(3)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    assert!(pages[0].results.iter().any(|r| r.id == like.id));
    Ok(())
}

#[tokio::test]
async fn collections_add_and_get() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let mut data = Map::new();
    data.insert("name".into(), json!("burger"));
    let added = client.send(client.collections().add("food", data)).await?;
    let got = client
        .send(client.collections().get("food", added.id.as_str()))
        .await?;
    assert_eq!(got.id, added.id);
    Ok(())
}

#[tokio::test]
async fn users_add_and_get() -> Result<(), Error> {
    let (_emu, client) = start().await;
    client.send(client.users().add("carol")).await?;
    assert_eq!(client.send(client.users().get("carol")).await?.id, "carol");
    Ok(())
}

#[tokio::test]
async fn files_upload() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let up = client
        .send(client.files().upload("hello.txt", b"hello".to_vec()))
        .await?;
    assert!(!up.file.is_empty());
    Ok(())
}

#[tokio::test]
async fn errors_from_the_server_carry_code_and_detail() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let err = client
        .send(client.users().get("nobody"))
        .await
        .expect_err("missing user");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 404);
    assert!(api.code.is_some() && api.detail.is_some(), "{api:?}");
    Ok(())
}
