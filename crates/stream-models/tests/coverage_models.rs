//! Behaviour a user relies on that the unit tests did not pin down: every way of making an id
//! validates it, times read and write the way the service expects, and request builders put each
//! option on the wire.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use stream_models::activity::{NewActivity, Reference};
use stream_models::analytics::{Engagement, Impression, UserData};
use stream_models::collection::CollectionEntry;
use stream_models::feed::FeedPage;
use stream_models::personalization::PersonalizationPage;
use stream_models::time::Timestamp;
use stream_models::{FeedId, FeedSlug, IdError, UserId, v2};

#[test]
fn every_conversion_into_an_id_validates_it() {
    let ok: FeedSlug = "user".parse().expect("valid slug");
    assert_eq!(ok.as_ref(), "user");
    assert_eq!(
        UserId::try_from("alice-1").expect("valid").to_string(),
        "alice-1"
    );
    assert_eq!(
        UserId::try_from(String::from("bob"))
            .expect("valid")
            .as_str(),
        "bob"
    );

    assert!(matches!(
        "a b".parse::<UserId>(),
        Err(IdError::InvalidChars { .. })
    ));
    assert!(matches!(FeedSlug::try_from(""), Err(IdError::Empty { .. })));
    let long = "x".repeat(256);
    assert!(matches!(
        UserId::try_from(long),
        Err(IdError::TooLong {
            len: 256,
            max: 255,
            ..
        })
    ));

    let feed: FeedId = "timeline:alice".parse().expect("valid feed id");
    assert_eq!(
        (feed.slug().as_str(), feed.user().as_str()),
        ("timeline", "alice")
    );
    assert_eq!(
        FeedId::try_from("user:bob").expect("valid").to_string(),
        "user:bob"
    );
    for bad in ["user", "a:b:c", ":alice", "user:"] {
        assert!(bad.parse::<FeedId>().is_err(), "{bad:?} must be refused");
    }
}

#[test]
fn ids_serialize_as_strings_and_refuse_invalid_json() {
    let id = UserId::new("alice").expect("valid");
    assert_eq!(
        serde_json::to_value(&id).expect("serializes"),
        json!("alice")
    );
    let back: UserId = serde_json::from_value(json!("alice")).expect("valid");
    assert_eq!(back, id);
    let err = serde_json::from_value::<FeedSlug>(json!("no spaces")).unwrap_err();
    assert!(err.to_string().contains("may only contain"), "{err}");
    assert!(serde_json::from_value::<UserId>(json!(7)).is_err());
}

#[test]
fn references_expose_their_id_only_when_there_is_one() {
    assert_eq!(Reference::from("user:alice").id(), Some("user:alice"));
    let obj: Reference = serde_json::from_value(json!({"id": "eric", "data": {}})).expect("obj");
    assert_eq!(obj.id(), Some("eric"));
    let other: Reference = serde_json::from_value(json!([1, 2])).expect("other");
    assert_eq!(other, Reference::Other(json!([1, 2])));
    assert_eq!(other.id(), None);
}

#[test]
fn new_activity_builder_puts_every_option_in_the_body_in_order() {
    let mut fields = Map::new();
    fields.insert("b".into(), json!(2));
    fields.insert("a".into(), json!(1));
    let act = NewActivity::new("user:1", "pin", "place:42")
        .target("board:7")
        .custom_fields(fields)
        .custom_data(&json!({"z": true}))
        .expect("an object is accepted");
    let body = serde_json::to_string(&act).expect("serializes");
    assert_eq!(
        body,
        r#"{"actor":"user:1","verb":"pin","object":"place:42","target":"board:7","b":2,"a":1,"z":true}"#
    );
}

#[test]
fn custom_data_refuses_what_is_not_a_json_object() {
    let err = NewActivity::new("a", "b", "c")
        .custom_data(&[1, 2])
        .unwrap_err();
    assert_eq!(err.field, "custom_data");
    assert!(err.reason.contains("JSON object"), "{}", err.reason);

    // A map with non-string keys cannot become JSON at all: the serializer's error is reported.
    let mut bad = std::collections::BTreeMap::new();
    bad.insert(vec![1u8], 1);
    let err = NewActivity::new("a", "b", "c")
        .custom_data(&bad)
        .unwrap_err();
    assert_eq!(err.field, "custom_data");
    assert!(!err.reason.is_empty());
}

#[test]
fn activity_times_convert_to_and_from_system_time_on_both_sides_of_1970() {
    let after = UNIX_EPOCH + Duration::new(1_704_164_645, 678_900_000);
    let t = Timestamp::from(after);
    assert_eq!(t.as_str(), "2024-01-02T03:04:05.678900");
    assert_eq!(t.to_system_time(), Some(after));

    let before = UNIX_EPOCH - Duration::new(1, 250_000_000);
    let t = Timestamp::from(before);
    assert_eq!(t.to_string(), "1969-12-31T23:59:58.750000");
    assert_eq!(t.to_system_time(), Some(before));
    let whole = Timestamp::from(UNIX_EPOCH - Duration::from_secs(86_400));
    assert_eq!(whole.as_ref(), "1969-12-31T00:00:00.000000");

    let err = Timestamp::try_from(String::from("not a time")).unwrap_err();
    assert_eq!(err.value, "not a time", "an unreadable string is no time");
    let kept = Timestamp::try_from(String::from("2024-01-02T03:04:05")).expect("readable");
    assert_eq!(Timestamp::from(&kept), kept);
    assert_eq!(kept.clone().into_string(), "2024-01-02T03:04:05");
    let _: SystemTime = kept.to_system_time().expect("readable");
}

#[test]
fn activity_time_parsing_refuses_bad_offsets_and_trailing_text() {
    let plus = Timestamp::parse("2024-01-02T03:04:05+0130").expect("offset without colon");
    assert_eq!(plus.normalized().as_str(), "2024-01-02T01:34:05.000000");
    let minus = Timestamp::parse("2024-01-02T03:04:05-01:00").expect("negative offset");
    assert_eq!(minus.normalized().as_str(), "2024-01-02T04:04:05.000000");
    for bad in [
        "2024-01-02T03:04:05+24:00",
        "2024-01-02T03:04:05+01:60",
        "2024-01-02T03:04:05Zjunk",
        "2024-01-02T03:04:05 x",
    ] {
        let err = Timestamp::parse(bad).unwrap_err();
        assert_eq!(err.value, bad);
        assert!(err.to_string().contains(bad), "{err}");
    }
}

#[test]
fn v2_timestamps_read_every_shape_the_service_sends_and_refuse_the_rest() {
    let read = |v: Value| serde_json::from_value::<Timestamp>(v);
    let want = Timestamp::from_unix_nanos(1_704_164_645_678_900_000);
    assert_eq!(
        read(json!(1_704_164_645_678_900_000u64)).expect("u64"),
        want
    );
    assert_eq!(
        read(json!(1.5e9)).expect("float").unix_nanos(),
        1_500_000_000
    );
    assert_eq!(read(json!(" 1704164645678900000 ")).expect("digits"), want);
    assert_eq!(
        read(json!("2024-01-02T03:04:05.6789Z")).expect("rfc3339"),
        want
    );
    assert_eq!(
        read(json!("2024-01-02t03:04:05.6789")).expect("no zone is UTC"),
        want
    );
    assert_eq!(
        read(json!("2024-01-02T04:04:05.6789+01:00")).expect("offset"),
        want,
        "offsets are applied"
    );
    assert_eq!(
        read(json!("2024-01-02T02:04:05.6789-01:00")).expect("offset"),
        want
    );

    for bad in [
        json!(u64::MAX),
        json!(1e300),
        json!("99999999999999999999999"),
        json!("yesterday"),
        json!("2024-13-02T03:04:05Z"),
        json!("2024-01-02T03:04:61Z"),
        json!("2024-01-02X03:04:05Z"),
        json!("2024-01-02T03:04:05.Z"),
        json!("2024-01-02T03:04:05Zz"),
        json!(true),
    ] {
        assert!(read(bad.clone()).is_err(), "{bad} must be refused");
    }
    let err = read(json!("yesterday")).unwrap_err().to_string();
    assert!(err.contains("not a timestamp"), "{err}");
    let err = read(json!(false)).unwrap_err().to_string();
    assert!(err.contains("unix nanoseconds"), "{err}");
    assert!(
        read(json!("2024-01-02T03:04:05+0100")).is_ok(),
        "offsets without a colon are read, as in v1"
    );
}

#[test]
fn v2_timestamps_write_nanoseconds_and_request_times_as_isoformat() {
    let t = Timestamp::from_unix_seconds(-1);
    let user = v2::UserResponse {
        created_at: Some(t.clone()),
        ..v2::UserResponse::default()
    };
    let body = serde_json::to_value(&user).expect("serializes");
    assert_eq!(body["created_at"], json!(-1_000_000_000i64));
    assert_eq!(t.to_iso(), "1969-12-31T23:59:59+00:00");
    let call = v2::CallRequest::new();
    let body = serde_json::to_value(&call).expect("serializes");
    assert!(body.get("starts_at").is_none_or(Value::is_null), "{body}");
}

#[test]
fn analytics_builders_send_every_option() {
    let e = Engagement::new("click", "tweet:1", String::from("alice"))
        .position(3)
        .boost(2);
    let v = serde_json::to_value(&e).expect("serializes");
    assert_eq!(v["user_data"], json!("alice"));
    assert_eq!(
        (v["position"].clone(), v["boost"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(UserData::from(String::from("x")), UserData::Id("x".into()));

    let i = Impression::new(["tweet:1", "tweet:2"], "alice").position(9);
    let v = serde_json::to_value(&i).expect("serializes");
    assert_eq!(v["position"], json!(9));
    assert_eq!(v["content_list"], json!(["tweet:1", "tweet:2"]));
}

#[test]
fn collection_fields_never_override_the_entry_id() {
    let mut fields = Map::new();
    fields.insert("id".into(), json!("other"));
    fields.insert("name".into(), json!("cheese"));
    let entry = CollectionEntry::new("cheese-1")
        .field("old", 1)
        .fields(fields);
    let v = serde_json::to_value(&entry).expect("serializes");
    assert_eq!(
        v,
        json!({"id": "cheese-1", "name": "cheese"}),
        "fields replace, id dropped"
    );
}

#[test]
fn empty_pages_are_last_pages() {
    let page: FeedPage = FeedPage::default();
    assert!(page.results.is_empty() && page.next.is_none() && page.unseen.is_none());
    let p: PersonalizationPage = PersonalizationPage::default();
    assert!(p.results.is_empty() && p.next.is_none() && p.extra.is_empty());
    assert_eq!(
        serde_json::to_value(&p).expect("serializes"),
        json!({"results": []})
    );
}

#[test]
fn v2_user_custom_map_replaces_custom_data() {
    let mut custom = Map::new();
    custom.insert("color".into(), json!("red"));
    let u = v2::UserRequest::new("alice")
        .custom("gone", 1)
        .custom_map(custom);
    let v = serde_json::to_value(&u).expect("serializes");
    assert_eq!(v["custom"], json!({"color": "red"}));
}
