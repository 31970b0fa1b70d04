//! Realtime through `stream-blocking`: notification marks and the `group` of new activities on
//! aggregated feeds, against the in-process emulator.
use std::time::{Duration, Instant};
use stream_blocking::prelude::*;

use serde_json::json;
use stream_blocking::Client;
use stream_blocking::endpoints::feed::FeedRef;
use stream_blocking::models::activity::NewActivity;
use stream_blocking::realtime::{MarkedGroups, RealtimeMessage, Subscription};
use stream_emulator::Emulator;

fn client(emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .app_id(emu.app_id())
        .request_timeout(Duration::from_millis(1500))
        .build()
        .expect("client")
}

/// The next update; fails the test after 5 s.
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

fn add(client: &Client, feed: &FeedRef, actor: &str, verb: &str, object: &str) {
    client
        .send(feed.add_activity(NewActivity::new(actor, verb, object)))
        .expect("add");
}

#[test]
fn an_add_to_an_aggregated_feed_carries_its_group() {
    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu);
    let feed = client.feed("aggregated", "ann").unwrap();
    let mut sub = client.subscribe(&feed).expect("subscribed");
    add(&client, &feed, "ann", "like", "post:1");

    let m = next(&mut sub);
    let page = client.send(feed.get().grouped()).expect("read");
    let group = page.results[0].group.clone().expect("group");
    assert_eq!(
        m.groups().collect::<Vec<_>>(),
        vec![Some(group.as_str().into())]
    );
    assert_eq!(m.new[0].extra.value("group"), Some(json!(group)));
    assert_eq!(m.marked_seen(), None);
    assert!(!m.is_empty());
}

#[test]
fn a_read_with_mark_seen_publishes_the_marked_group_ids() {
    let emu = Emulator::start_blocking().unwrap();
    let client = client(&emu);
    let feed = client.feed("notification", "nia").unwrap();
    let mut sub = client.subscribe(&feed).expect("subscribed");
    add(&client, &feed, "bob", "like", "post:1");
    add(&client, &feed, "bob", "comment", "post:1");
    for _ in 0..2 {
        assert_eq!(next(&mut sub).new.len(), 1);
    }

    let page = client
        .send(feed.get().grouped().mark_seen(true))
        .expect("read");
    let ids: Vec<String> = page.results.iter().filter_map(|g| g.id.clone()).collect();
    assert_eq!(ids.len(), 2);

    let m = next(&mut sub);
    assert!(m.new.is_empty());
    assert_eq!(m.marked_read(), None);
    match m.marked_seen() {
        Some(MarkedGroups::Ids(mut seen)) => {
            let mut want = ids.clone();
            seen.sort();
            want.sort();
            assert_eq!(seen, want);
        }
        other => panic!("expected marked group ids, got {other:?}"),
    }
    assert_eq!(m.feed.as_deref(), Some("notification:nia"));
    assert!(!m.is_empty());
    // Marking again changes nothing, so nothing more arrives.
    client
        .send(feed.get().grouped().mark_seen(true))
        .expect("read again");
    assert!(sub.recv_timeout(Duration::from_millis(300)).is_none());
}

#[test]
fn marks_parse_as_true_or_a_list() {
    let parse = |v: serde_json::Value| -> RealtimeMessage { serde_json::from_value(v).unwrap() };
    let all = parse(json!({"mark_seen": true, "mark_read": false, "new": []}));
    assert_eq!(all.marked_seen(), Some(MarkedGroups::All));
    assert_eq!(all.marked_read(), None);
    assert!(all.marked_seen().is_some_and(|m| m.contains("anything")));
    let some = parse(json!({"mark_read": ["g1", "g2"], "mark_seen": []}));
    assert_eq!(
        some.marked_read(),
        Some(MarkedGroups::Ids(vec!["g1".into(), "g2".into()]))
    );
    assert_eq!(some.marked_seen(), None);
    let empty = parse(json!({"mark_read": [], "mark_seen": [], "new": [], "deleted": []}));
    assert!(empty.is_empty());
}
