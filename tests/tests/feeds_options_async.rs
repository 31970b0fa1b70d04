//! The Feeds v1 options and operations only some official clients have (reactions by ids,
//! the reaction filter's user options, `user_id` on deletes, batch `to` targets, go2's feed
//! read options, moderation statuses, personalization writes, client tokens, references,
//! `mark_seen=current`), through `stream-async` against the in-process emulator. `feeds_options_blocking.rs`
//! drives the same scenarios through `stream-blocking`.
use std::time::Duration;
use stream_async::prelude::*;

use serde_json::{Map, Value, json};
use stream_async::endpoints::feed::Mark;
use stream_async::models::Timestamp;
use stream_async::models::activity::NewActivity;
use stream_async::models::moderation::StatusUpdate;
use stream_async::models::refs::StreamRef;
use stream_async::{Client, Error, FeedId, StreamExt};
use stream_emulator::{Emulator, Ranking};

/// `2024-01-02T03:04:05.678900`, the service's form.
fn time() -> Timestamp {
    Timestamp::from_unix(1_704_164_645, 678_900_000)
}

/// A ranking config: twice the popularity plus the read's `boost`.
const POPULAR: &str = r#"{"score": "popularity * 2 + external.boost",
    "defaults": {"popularity": 1, "external": {"boost": 0}}}"#;

async fn start() -> (Emulator, Client) {
    let emu = Emulator::builder()
        .ranking("popularity", Ranking::parse("popularity").expect("formula"))
        .ranking("popular", Ranking::parse(POPULAR).expect("config"))
        .start()
        .await
        .expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    (emu, client)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[tokio::test]
async fn reaction_filter_user_options_reach_the_service() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let reactions = client.reactions();
    let act = "11111111-2222-3333-4444-555555555555";
    let r1 = client
        .send(reactions.add("like", act).user_id("alice"))
        .await?
        .id;
    let r2 = client
        .send(reactions.add("like", act).user_id("bob"))
        .await?
        .id;
    let child = client
        .send(reactions.add_child("reply", r1.as_str()).user_id("dave"))
        .await?
        .id;

    // Whose own children: the option must arrive as `user_id`, or the emulator (like the
    // service) shows no own children to a server-side caller.
    let page = client
        .send(
            reactions
                .filter_activity(act)
                .with_own_children(true)
                .with_own_user_id("dave"),
        )
        .await?;
    let first = page.results.iter().find(|r| r.id == r1).expect("r1 listed");
    let own = first.own_children.clone().unwrap_or_default();
    assert_eq!(own["reply"][0]["id"], child.as_str(), "{own:?}");

    let by_children_user = client
        .send(
            reactions
                .filter_activity(act)
                .with_own_children(true)
                .children_user_id("dave")
                .filter_user_id("alice"),
        )
        .await?;
    assert_eq!(by_children_user.results.len(), 1);
    assert!(by_children_user.results[0].own_children.is_some());

    let bobs = client
        .send(reactions.filter_activity(act).filter_user_id("bob"))
        .await?;
    let ids: Vec<&str> = bobs.results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [r2.as_str()]);
    let ranked = client
        .send(reactions.filter_activity(act).ranking("popularity"))
        .await?;
    assert_eq!(ranked.results.len(), 2);
    Ok(())
}

#[tokio::test]
async fn reactions_by_ids_and_user_id_on_delete_and_restore() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let reactions = client.reactions();
    let act = "11111111-2222-3333-4444-555555555555";
    let r1 = client
        .send(reactions.add("like", act).user_id("alice"))
        .await?
        .id;
    let r2 = client
        .send(reactions.add("like", act).user_id("bob"))
        .await?
        .id;

    let many = client
        .send(reactions.get_many([r2.as_str(), "unknown", r1.as_str()]))
        .await?;
    let ids: Vec<&str> = many.reactions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [r2.as_str(), r1.as_str()]);

    client
        .send(reactions.delete(r1.as_str()).soft(true).user_id("alice"))
        .await?;
    let live = client.send(reactions.get_many([r1.as_str()])).await?;
    assert!(live.reactions.is_empty(), "soft-deleted is left out");
    let all = client
        .send(reactions.get_many([r1.as_str()]).include_deleted(true))
        .await?;
    assert!(all.reactions[0].deleted_at.is_some());

    client
        .send(reactions.restore(r1.as_str()).user_id("alice"))
        .await?;
    assert_eq!(
        client
            .send(reactions.get_many([r1.as_str()]))
            .await?
            .reactions
            .len(),
        1
    );
    client
        .send(reactions.delete(r2.as_str()).user_id("bob"))
        .await?;
    assert!(
        client
            .send(reactions.get_many([r2.as_str()]))
            .await?
            .reactions
            .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn remove_with_user_id_and_batch_to_targets() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let alice = client.feed("user", "alice")?;
    let team = FeedId::parse("user:team")?;
    for fid in ["post:1", "post:2"] {
        let activity = NewActivity::new("alice", "post", fid)
            .foreign_id(fid)
            .time(time())
            .to([team.clone()]);
        client.send(alice.add_activity(activity)).await?;
    }
    let new = FeedId::parse("user:new")?;
    let other = FeedId::parse("user:other")?;
    let answer = client
        .send(client.activities().batch_update_to_targets(vec![
        alice.update_to_targets("post:1", time()).add_targets([new.clone()]),
        alice.update_to_targets("post:2", time()).new_targets([other.clone()]),
    ]))
        .await?;
    assert_eq!(answer.added, ["user:new"], "the first change's result");
    let to = answer.activity.expect("activity").to;
    assert_eq!(to.len(), 2, "{to:?}");
    let moved = client.send(client.feed("user", "other")?.get()).await?;
    assert_eq!(moved.results.len(), 1, "the second change applied too");

    let extra = client
        .send(alice.add_activity(NewActivity::new("alice", "post", "post:3")))
        .await?;
    let id = extra.activity.id.expect("id").to_string();
    client
        .send(alice.remove_activity(id.as_str()).user_id("alice"))
        .await?;
    let left = client.send(alice.get()).await?;
    assert!(
        left.results
            .iter()
            .all(|a| a.id.as_deref() != Some(id.as_str()))
    );
    Ok(())
}

#[tokio::test]
async fn feed_read_options_are_accepted() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let alice = client.feed("user", "alice")?;
    client
        .send(alice.add_activity(NewActivity::new("alice", "post", "post:1")))
        .await?;
    let vars = object(json!({"music": 1, "boost": 2.5}));
    let page = client
        .send(
            alice
                .get()
                .ranking_vars(vars)
                .with_score_vars(true)
                .refresh(true)
                .with_first_reactions(true)
                .reaction_limit(5)
                .own_children_kinds(["comment"])
                .custom_param("aaa", "bbb"),
        )
        .await?;
    assert_eq!(page.results.len(), 1);
    let shadowed = client
        .send(alice.get().limit(5).custom_param("limit", "6"))
        .await;
    assert!(matches!(shadowed, Err(Error::Build(_))), "{shadowed:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_minted_by_the_client_are_accepted() -> Result<(), Error> {
    let (emu, client) = start().await;
    // A user token with extra claims signs a client-side client in.
    let token = client.feeds_user_token_with_claims("alice", object(json!({"tier": 2})))?;
    let alice = Client::builder_with_user_token(emu.api_key(), token.as_str())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()?;
    let like = alice
        .send(
            alice
                .reactions()
                .add("like", "11111111-2222-3333-4444-555555555555"),
        )
        .await?;
    assert_eq!(like.user_id.as_deref(), Some("alice"));

    // The read-write feed token opens that feed's realtime channel.
    let realtime = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(Duration::from_secs(5))
        .build()?;
    let feed = realtime.feed("user", "alice")?;
    let mut updates = realtime
        .subscribe_with_token(&feed, realtime.feed_read_write_token("user", "alice")?)
        .await
        .expect("the read-write token subscribes");
    realtime
        .send(feed.add_activity(NewActivity::new("alice", "post", "post:1")))
        .await?;
    let update = tokio::time::timeout(Duration::from_secs(5), updates.next())
        .await
        .expect("an update within 5 s")
        .expect("the stream is open")
        .expect("no realtime error");
    assert_eq!(update.new.len(), 1);
    Ok(())
}

#[tokio::test]
async fn moderation_statuses_and_personalization_writes() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let moderation = client.moderation();
    let update = StatusUpdate::activity("a1", "complete").recommended_action("watch");
    client
        .send(moderation.update_status("moderator_1", update))
        .await?;
    // 150 updates go out as two requests; the results come back joined, in order.
    let updates = (0..150)
        .map(|i| StatusUpdate::reaction(format!("r{i}"), "complete"))
        .collect();
    let batch = client
        .send(moderation.update_status_batch("moderator_1", updates))
        .await?;
    assert_eq!(batch.results.len(), 150);
    assert!(batch.results.iter().all(|r| r.success));
    assert_eq!(batch.results[149].entity_id, "r149");
    client.send(moderation.invalidate_user_cache("bob")).await?;

    let personalization = client.personalization();
    let data = object(json!({"foo": "bar"}));
    let posted = client
        .send(
            personalization
                .post("some_resource", data)
                .param("feed", "user:123"),
        )
        .await?;
    assert_eq!(posted.results.len(), 1);
    let deleted = client
        .send(
            personalization
                .delete("some_resource")
                .param("feed", "user:123"),
        )
        .await?;
    assert_eq!(deleted.results[0]["foo"], "bar");
    Ok(())
}

#[tokio::test]
async fn references_build_and_read_back_enriched() -> Result<(), Error> {
    let (_emu, client) = start().await;
    client
        .send(
            client
                .users()
                .add("alice")
                .data(object(json!({"name": "Alice"}))),
        )
        .await?;
    client
        .send(
            client
                .collections()
                .add("food", object(json!({"name": "Burger"})))
                .id("burger"),
        )
        .await?;
    let feed = client.feed("user", "alice")?;
    let actor = StreamRef::user("alice").expect("a valid reference");
    let food = StreamRef::object("food", "burger").expect("a valid reference");
    client
        .send(feed.add_activity(NewActivity::new(&actor, "eat", &food)))
        .await?;
    let page = client.send(feed.get().enrich(true)).await?;
    let read = &page.results[0];
    assert_eq!(read.actor_data_str("name"), Some("Alice"));
    assert_eq!(read.object_data_str("name"), Some("Burger"));
    assert_eq!(
        read.actor.as_ref().and_then(|a| a.stream_ref()),
        Some(actor)
    );
    assert_eq!(
        read.object.as_ref().and_then(|o| o.stream_ref()),
        Some(food)
    );
    Ok(())
}

#[tokio::test]
async fn mark_seen_current_marks_only_the_groups_read() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let inbox = client.feed("notification", "alice")?;
    for verb in ["like", "comment", "follow"] {
        client
            .send(inbox.add_activity(NewActivity::new("bob", verb, "post:1")))
            .await?;
    }
    let first = client
        .send(inbox.get().grouped().limit(2).mark_seen(Mark::Current))
        .await?;
    assert_eq!(first.results.len(), 2);
    assert_eq!(
        first.unseen,
        Some(3),
        "the page shows the state before marking"
    );
    let after = client.send(inbox.get().grouped()).await?;
    assert_eq!(after.unseen, Some(1), "only the two groups read are seen");
    let seen: Vec<bool> = after
        .results
        .iter()
        .map(|g| g.is_seen.unwrap_or(false))
        .collect();
    assert_eq!(seen.iter().filter(|s| **s).count(), 2);
    Ok(())
}

#[tokio::test]
async fn ranked_reads_order_by_the_declared_formula() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let alice = client.feed("user", "alice")?;
    for (i, popularity) in [3, 10, 1, 10].into_iter().enumerate() {
        let activity = NewActivity::new("alice", "post", format!("post:{i}"))
            .foreign_id(format!("a{i}"))
            .time(Timestamp::from_unix(1_704_164_645 + i as i64 * 60, 0))
            .custom("popularity", popularity);
        client.send(alice.add_activity(activity)).await?;
    }
    let vars = object(json!({"boost": 0.5}));
    let first = alice
        .get()
        .limit(3)
        .ranking("popular")
        .ranking_vars(vars)
        .with_score_vars(true);
    let pages: Vec<_> = client
        .pages(first)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let order: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            p.results
                .iter()
                .filter_map(|a| a.foreign_id.as_deref().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(order, [vec!["a3", "a1", "a0"], vec!["a2"]]);
    let top = &pages[0].results[0];
    assert_eq!(top.score, Some(20.5));
    assert_eq!(
        top.score_vars.as_deref().cloned().map(Value::Object),
        Some(json!({"popularity": 10, "external.boost": 0.5}))
    );

    let reactions = client.reactions();
    let act = "11111111-2222-3333-4444-555555555555";
    let light = client
        .send(
            reactions
                .add("like", act)
                .user_id("bob")
                .data(object(json!({"popularity": 1}))),
        )
        .await?;
    let heavy = client
        .send(
            reactions
                .add("like", act)
                .user_id("bob")
                .data(object(json!({"popularity": 9}))),
        )
        .await?;
    let ranked = client
        .send(reactions.filter_activity(act).ranking("popular"))
        .await?;
    let ids: Vec<&str> = ranked.results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, [heavy.id.as_str(), light.id.as_str()]);

    let unknown = client.send(alice.get().ranking("nope")).await;
    let Err(Error::Api(e)) = unknown else {
        panic!("{unknown:?}")
    };
    assert_eq!((e.status, e.raw_code), (400, Some(12)));
    assert_eq!(e.exception.as_deref(), Some("MissingRankingException"));
    Ok(())
}
