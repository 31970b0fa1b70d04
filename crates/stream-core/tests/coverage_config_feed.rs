//! Configuration rules (what a bad setting is refused with, what the environment sets) and feed
//! read options (every setter reaches the query; paging follows the service's `next` link).
use std::time::Duration;

use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::files::{Store, UploadFile};
use stream_core::models::feed::FeedPage;
use stream_core::{
    ApiSecret, Config, Error, Paginated, Request, StreamUrl, Timeouts, builder_from_vars,
};

fn builder() -> stream_core::ConfigBuilder {
    Config::builder("key123", ApiSecret::new("secret456"))
}

fn config() -> Config {
    builder()
        .base_url("http://127.0.0.1:8000")
        .build()
        .expect("config")
}

fn query(r: &Request, name: &str) -> Option<String> {
    let q = r.url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| stream_core::encode::decode_component(v))
}

#[test]
fn custom_user_agent_and_timeouts_are_kept() {
    let t = Timeouts {
        request: Duration::from_secs(9),
        connect: Duration::from_secs(1),
    };
    let cfg = builder()
        .user_agent("my-app/1.0")
        .timeouts(t)
        .build()
        .expect("config");
    assert_eq!(cfg.user_agent(), "my-app/1.0");
    assert_eq!(cfg.timeouts(), t);
}

#[test]
fn bad_settings_are_refused_with_the_field_named() {
    let field = |r: Result<Config, stream_core::BuildError>| r.unwrap_err().to_string();
    assert!(field(builder().location("us east").build()).contains("location"));
    assert!(field(builder().location("").build()).contains("location"));
    assert!(field(builder().base_url("http://127.0.0.1:1/?x=1").build()).contains("base_url"));
    assert!(field(builder().base_url("https://user@host").build()).contains("origin"));
    assert!(field(builder().request_timeout(Duration::ZERO).build()).contains("request_timeout"));
}

#[test]
fn stream_url_is_validated_before_use() {
    for bad in [
        "ftp://key:secret@us-east.stream-io-api.com/",
        "https://key:secret@us_east!.stream-io-api.com/",
        "https://key:secret@us-east.stream-io-api.com/?app_id=12a",
        "https://key:secret@us-east.stream-io-api.com/?app_id=",
        "https://ke y:secret@us-east.stream-io-api.com/",
    ] {
        assert!(StreamUrl::parse(bad).is_err(), "{bad} must be refused");
    }
    let ok =
        StreamUrl::parse("https://key:secret@api.stream-io-api.com/?app_id=42").expect("valid");
    assert_eq!(ok.location, None, "`api` means no location");
}

#[test]
fn environment_location_and_app_id_apply() {
    let vars = |k: &str| match k {
        "STREAM_API_KEY" => Some("key".to_owned()),
        "STREAM_API_SECRET" => Some("secret".to_owned()),
        "STREAM_LOCATION" => Some("eu-west".to_owned()),
        "STREAM_APP_ID" => Some("1234".to_owned()),
        _ => None,
    };
    let cfg = builder_from_vars(vars)
        .expect("builder")
        .build()
        .expect("config");
    assert_eq!(cfg.app_id(), Some("1234"));
    assert!(
        cfg.urls()
            .get(stream_core::Service::Api)
            .starts_with("https://eu-west-api.")
    );
    let err = builder_from_vars(|_| None).unwrap_err();
    assert!(err.to_string().contains("STREAM_API_KEY"), "{err}");
}

#[test]
fn feed_read_options_reach_the_query() {
    let feed = FeedRef::new("user", "alice").expect("valid");
    let get = feed
        .get()
        .id_gt("a1")
        .session("s-1")
        .with_own_children(true)
        .reaction_kinds([" like ", "comment"])
        .with_user_id("bob");
    assert_eq!(get.feed().to_string(), "user:alice");
    let r = config().build_request(&get).expect("builds");
    assert_eq!(query(&r, "id_gt").as_deref(), Some("a1"));
    assert_eq!(query(&r, "session").as_deref(), Some("s-1"));
    assert_eq!(query(&r, "withOwnChildren").as_deref(), Some("true"));
    assert_eq!(
        query(&r, "reactionKindsFilter").as_deref(),
        Some("like,comment"),
        "kinds are trimmed"
    );
    assert_eq!(query(&r, "user_id").as_deref(), Some("bob"));
    assert!(
        r.path().contains("/enrich/"),
        "enrichment options read the enrich endpoint: {}",
        r.path()
    );

    assert!(
        config()
            .build_request(&feed.get().with_user_id(""))
            .is_err(),
        "an empty user_id is refused"
    );
    assert_eq!(feed.get().limit(5), feed.get().limit(5));
    assert_ne!(feed.get().limit(5), feed.get().limit(6));
    assert!(format!("{:?}", feed.get().limit(5)).contains("limit: Some(5)"));
}

#[test]
fn notification_marks_accept_lists_of_group_ids() {
    let feed = FeedRef::new("notification", "alice").expect("valid");
    let owned = vec!["g1".to_owned(), "g2".to_owned()];
    let r = config()
        .build_request(&feed.get().mark_seen(owned))
        .expect("builds");
    assert_eq!(query(&r, "mark_seen").as_deref(), Some("g1,g2"));
    let slice: &[&str] = &["g3"];
    let r = config()
        .build_request(&feed.get().mark_read(slice))
        .expect("builds");
    assert_eq!(query(&r, "mark_read").as_deref(), Some("g3"));
}

#[test]
fn paging_falls_back_when_the_next_link_names_no_position() {
    let feed = FeedRef::new("user", "alice").expect("valid");
    let get = feed.get().limit(1);
    let page: FeedPage = serde_json::from_str(
        r#"{"results":[{"id":"a9","actor":"a","verb":"v","object":"o"}],"next":"/api/v1.0/feed/user/alice/?limit=1"}"#,
    )
    .expect("page");
    let next = get.next_page(&page).expect("a full page has a next page");
    let r = config().build_request(&next).expect("builds");
    assert_eq!(
        query(&r, "id_lt").as_deref(),
        Some("a9"),
        "falls back to the last id"
    );
}

#[test]
fn an_upload_never_prints_its_content() {
    let up = UploadFile::new(Store::Files, "secret.txt", &b"top secret payload"[..]);
    let dbg = format!("{up:?}");
    assert!(!dbg.contains("top secret"), "{dbg}");
    assert!(dbg.contains("content_len: 18"), "{dbg}");
    let bad = UploadFile::new(Store::Files, "a.txt", &b"x"[..]).content_type("text/ plain");
    match config().build_request(&bad) {
        Err(Error::Build(e)) => assert!(e.to_string().contains("content_type"), "{e}"),
        other => panic!("expected a build error, got {other:?}"),
    }
}
