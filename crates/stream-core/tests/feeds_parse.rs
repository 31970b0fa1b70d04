//! Feed, follow and activity endpoints parse realistic responses (fixtures under `fixtures/`).
use stream_core::endpoints::activities::{ActivityPartialUpdate, GetActivities, UpdateToTargets};
use stream_core::endpoints::feed::{FeedRef, GetFeed};
use stream_core::models::activity::{ActivityChange, NewActivity, Reference};
use stream_core::models::feed::FeedPage;
use stream_core::{ApiSecret, Config, Endpoint, Error, FeedId, Paginated, Response};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn ok(body: impl Into<String>) -> Response {
    Response::new(200, body.into())
}

fn alice() -> FeedRef {
    FeedRef::new("user", "alice").unwrap()
}

#[test]
fn flat_page_of_25_parses_and_pages_by_next_link() {
    let read = alice().get();
    let page = read.parse(ok(fixture("feed_flat_25.json"))).unwrap();
    assert_eq!(page.results.len(), 25);
    let first = &page.results[0];
    assert_eq!(first.verb.as_deref(), Some("post"));
    assert_eq!(
        first.actor.as_ref().and_then(Reference::id),
        Some("user:alice")
    );
    assert_eq!(
        first.time.as_ref().map(|t| t.as_str()),
        Some("2024-01-02T03:04:05.678900")
    );
    assert_eq!(first.to, ["notification:carol"]);
    assert_eq!(first.origin.as_deref(), Some("user:bob"));
    assert_eq!(
        first.extra.keys().collect::<Vec<_>>(),
        ["message", "tags", "likes"],
        "custom fields kept in order"
    );
    assert_eq!(
        first.extra.value("message"),
        Some(serde_json::json!("Post number 100 \u{e9} \u{1f30d}"))
    );
    assert_eq!(page.duration.as_deref(), Some("6.42ms"));
    let next = read.next_page(&page).expect("a next page");
    let req = Config::builder("key123", ApiSecret::new("s"))
        .build()
        .unwrap()
        .build_request(&next)
        .unwrap();
    assert!(
        req.url
            .contains("id_lt=5f3a0000-0000-11ee-8080-80010000004c"),
        "{}",
        req.url
    );
}

#[test]
fn aggregated_page_parses_groups() {
    let page = alice()
        .get()
        .grouped()
        .parse(ok(fixture("feed_aggregated.json")))
        .unwrap();
    assert_eq!(page.results.len(), 3);
    let g = &page.results[0];
    assert_eq!(g.verb.as_deref(), Some("like"));
    assert_eq!(g.activities.len(), 3);
    assert_eq!(g.activity_count, Some(5));
    assert_eq!(g.actor_count, Some(1));
    assert!(g.group.as_deref().unwrap().starts_with("like_"));
    assert!(g.is_seen.is_none());
}

#[test]
fn notification_page_parses_seen_and_read() {
    let read = FeedRef::new("notification", "alice")
        .unwrap()
        .get()
        .grouped()
        .mark_seen(true);
    let page = read.parse(ok(fixture("feed_notification.json"))).unwrap();
    assert_eq!((page.unseen, page.unread), (Some(1), Some(2)));
    let flags: Vec<_> = page
        .results
        .iter()
        .map(|g| (g.is_seen, g.is_read))
        .collect();
    assert_eq!(
        flags,
        [
            (Some(false), Some(false)),
            (Some(true), Some(false)),
            (Some(true), Some(true))
        ]
    );
    assert!(
        read.next_page(&page).is_none(),
        "empty next link ends the feed"
    );
}

#[test]
fn enriched_page_parses_reactions_and_objects() {
    let read = alice()
        .get()
        .with_reaction_counts(true)
        .with_recent_reactions(true);
    let page = read.parse(ok(fixture("feed_enriched.json"))).unwrap();
    let a = &page.results[0];
    assert_eq!(a.actor.as_ref().and_then(Reference::id), Some("alice"));
    match &a.object {
        Some(Reference::Object(o)) => assert_eq!(o["collection"], "posts"),
        other => panic!("enriched object expected, got {other:?}"),
    }
    assert_eq!(a.reaction_count("like"), 2);
    assert_eq!(a.reaction_count("comment"), 1);
    let latest = a.latest_reactions.as_ref().unwrap();
    assert_eq!(latest["like"].as_array().unwrap().len(), 2);
    assert_eq!(latest["comment"][0]["data"]["text"], "Nice!");
    assert!(a.own_reactions.as_ref().unwrap().contains_key("like"));
    assert!(a.latest_reactions_extra.is_some());
    // Any shape reads as JSON values too.
    let raw: FeedPage<serde_json::Value> = read
        .items()
        .parse(ok(fixture("feed_enriched.json")))
        .unwrap();
    assert_eq!(raw.results.len(), 3);
}

#[test]
fn writes_parse_their_answers() {
    let added = alice()
        .add_activity(NewActivity::new("user:alice", "post", "post:1"))
        .parse(ok(r#"{"actor":"user:alice","verb":"post","object":"post:1","id":"x","time":"2024-01-02T03:04:05.678900","duration":"3ms","mood":"ok"}"#))
        .unwrap();
    assert_eq!(added.activity.id.as_deref(), Some("x"));
    assert_eq!(
        added.activity.extra.value("mood"),
        Some(serde_json::json!("ok"))
    );
    assert_eq!(added.duration.as_deref(), Some("3ms"));
    let removed = alice()
        .remove_activity("x")
        .parse(ok(r#"{"removed":"x","duration":"1ms"}"#))
        .unwrap();
    assert_eq!(removed.removed.as_deref(), Some("x"));
    let many = alice()
        .add_activities(vec![NewActivity::new("a", "b", "c")])
        .parse(ok(
            r#"{"activities":[{"id":"1"},{"id":"2"}],"duration":"1ms"}"#,
        ))
        .unwrap();
    assert_eq!(many.activities.len(), 2);
}

#[test]
fn follows_and_activity_endpoints_parse() {
    let followers = alice()
        .followers()
        .parse(ok(r#"{"results":[{"feed_id":"timeline:bob","target_id":"user:alice","created_at":"2024-01-02T03:04:05.123456789Z","updated_at":"2024-01-02T03:04:05.123456789Z"}],"duration":"1ms"}"#))
        .unwrap();
    assert_eq!(
        followers.results[0].feed_id.as_deref(),
        Some("timeline:bob")
    );
    let stats = alice()
        .follow_stats()
        .parse(ok(r#"{"results":{"followers":{"feed":"user:alice","count":7},"following":{"feed":"user:alice","count":2}},"duration":"1ms"}"#))
        .unwrap();
    assert_eq!((stats.followers(), stats.following()), (7, 2));
    let ack = alice()
        .follow(&FeedId::parse("user:bob").unwrap())
        .parse(ok(r#"{"duration":"1ms"}"#))
        .unwrap();
    assert_eq!(ack.duration.as_deref(), Some("1ms"));
    let got = GetActivities::by_ids(["1"])
        .parse(ok(r#"{"results":[],"duration":"1ms"}"#))
        .unwrap();
    assert!(got.results.is_empty());
    let updated = ActivityPartialUpdate::one(ActivityChange::by_id("1").set("a", 1))
        .parse(ok(r#"{"activities":[{"id":"1","a":1}],"duration":"1ms"}"#))
        .unwrap();
    assert_eq!(
        updated.activities[0].extra.value("a"),
        Some(serde_json::json!(1))
    );
    let targets = UpdateToTargets::new(FeedId::parse("user:alice").unwrap(), "post:1", stream_core::models::Timestamp::from_unix_seconds(0))
        .add_targets([FeedId::parse("user:dave").unwrap()])
        .parse(ok(r#"{"activity":{"id":"1","to":["user:dave"]},"added":["user:dave"],"removed":[],"duration":"1ms"}"#))
        .unwrap();
    assert_eq!(targets.activity.unwrap().to, ["user:dave"]);
    assert_eq!(targets.added, ["user:dave"]);
}

#[test]
fn a_bad_body_is_a_decode_error_with_its_path() {
    let err = GetFeed::new(FeedId::parse("user:alice").unwrap())
        .parse(ok(r#"{"results":[{"id":"1","to":"not-a-list"}]}"#))
        .unwrap_err();
    match err {
        Error::Decode(d) => assert!(d.path.contains("results[0]"), "{}", d.path),
        other => panic!("decode error expected, got {other:?}"),
    }
}

#[test]
fn a_body_that_is_not_utf8_is_a_decode_error_not_a_panic() {
    let feed = GetFeed::new(FeedId::parse("user:alice").unwrap());
    // Invalid UTF-8 inside a string value, and a lone continuation byte outside any string.
    for body in [
        &b"{\"results\":[{\"id\":\"\xff\"}]}"[..],
        &b"{\"results\":[]}\x80"[..],
    ] {
        let response = stream_core::Response::new(200, bytes::Bytes::copy_from_slice(body));
        match feed.parse(response) {
            Err(Error::Decode(d)) => assert!(!d.message.is_empty()),
            other => panic!("decode error expected, got {other:?}"),
        }
    }
    // The same page in valid UTF-8 (non-ASCII included) reads as before.
    let page = feed
        .parse(ok(
            r#"{"results":[{"id":"é🌍","message":"\u00e9 \ud83c\udf0d"}]}"#,
        ))
        .unwrap();
    assert_eq!(page.results[0].id.as_deref(), Some("é🌍"));
    assert_eq!(
        page.results[0].extra.value("message"),
        Some(serde_json::json!("é 🌍"))
    );
}

#[test]
fn ranked_page_parses_scores_and_pages_by_offset() {
    let read = alice()
        .get()
        .limit(2)
        .ranking("popular")
        .with_score_vars(true);
    let body = r#"{"results":[
        {"id":"a1","actor":"alice","verb":"post","object":"post:1","time":"2024-01-02T03:04:05.678900",
         "popularity":10,"score":20.5,"score_vars":{"popularity":10,"external.boost":0.5}},
        {"id":"a2","actor":"alice","verb":"post","object":"post:2","time":"2024-01-02T03:04:06.000000",
         "score":6}],
        "next":"/api/v1.0/feed/user/alice/?api_key=key123&limit=2&offset=2&ranking=popular&withScoreVars=true",
        "duration":"1ms"}"#;
    let page = read.parse(ok(body)).unwrap();
    let first = &page.results[0];
    assert_eq!(first.score, Some(20.5));
    let vars = first.score_vars.as_deref().expect("score_vars");
    assert_eq!(
        serde_json::Value::Object(vars.clone()),
        serde_json::json!({"popularity": 10, "external.boost": 0.5})
    );
    assert_eq!(first.extra.keys().collect::<Vec<_>>(), ["popularity"]);
    assert_eq!(page.results[1].score, Some(6.0));
    assert_eq!(page.results[1].score_vars, None);
    let next = read.next_page(&page).expect("a next page");
    let req = Config::builder("key123", ApiSecret::new("s"))
        .build()
        .unwrap()
        .build_request(&next)
        .unwrap();
    for part in [
        "offset=2",
        "ranking=popular",
        "withScoreVars=true",
        "limit=2",
    ] {
        assert!(req.url.contains(part), "{part}: {}", req.url);
    }
}
