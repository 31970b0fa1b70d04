//! Property tests: user strings in paths and queries never escape their place, and custom
//! activity data survives a round trip exactly.
use proptest::prelude::*;
use serde_json::{Map, Value};
use stream_core::encode::decode_component;
use stream_core::endpoints::activities::GetActivities;
use stream_core::endpoints::feed::FeedRef;
use stream_core::models::activity::{Activity, NewActivity, RESERVED_FIELDS, Reference};
use stream_core::models::feed::FeedPage;
use stream_core::models::time::Timestamp;
use stream_core::{ApiSecret, Config, Response, decode_json};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://localhost:8000")
        .build()
        .unwrap()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e12f64..1.0e12).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn custom_fields() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((any::<String>(), json_value()), 0..6).prop_map(|kv| {
        kv.into_iter()
            .filter(|(k, _)| {
                // Names the models read as their own fields are not custom fields.
                !RESERVED_FIELDS.contains(&k.as_str())
                    && ![
                        "id",
                        "origin",
                        "score",
                        "reaction_counts",
                        "own_reactions",
                        "latest_reactions",
                        "latest_reactions_extra",
                    ]
                    .contains(&k.as_str())
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn path_segments_round_trip(segment in "\\PC{1,40}") {
        let req = config().build_request(&FeedRef::new("user", "alice").unwrap().remove_activity(segment.clone())).unwrap();
        let path = req.url_without_query();
        let last = path
            .strip_prefix("http://localhost:8000/api/v1.0/feed/user/alice/")
            .and_then(|p| p.strip_suffix('/'))
            .expect("segment stays in its place");
        prop_assert!(!last.contains('/') && !last.contains('?') && !last.contains('#'));
        prop_assert_ne!(last, "..");
        prop_assert_ne!(last, ".");
        // Path segments decode without the form rule (`+` is literal there).
        let decoded = decode_component(&last.replace('+', "%2B"));
        prop_assert_eq!(decoded, segment);
    }

    #[test]
    fn query_values_round_trip(id in "[^,]{1,40}") {
        let read = FeedRef::new("user", "alice").unwrap().get().id_lt(id.clone()).ranking("a&b=c#d");
        let req = config().build_request(&read).unwrap();
        let query = req.url.split_once('?').unwrap().1;
        prop_assert!(!query.contains('#'));
        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (decode_component(k), decode_component(v))
            })
            .collect();
        prop_assert!(pairs.contains(&("id_lt".to_owned(), id.clone())));
        prop_assert!(pairs.contains(&("ranking".to_owned(), "a&b=c#d".to_owned())));
        let req = config().build_request(&GetActivities::by_ids([id.clone()])).unwrap();
        let ids = req.url.split("ids=").nth(1).unwrap();
        prop_assert_eq!(decode_component(ids), id);
    }

    #[test]
    fn custom_data_survives_a_round_trip(extra in custom_fields()) {
        let new = NewActivity::new("user:alice", "post", "post:1").custom_fields(extra.clone());
        prop_assert!(new.validate().is_ok());
        let wire = serde_json::to_string(&new).unwrap();
        let back: NewActivity = serde_json::from_str(&wire).unwrap();
        prop_assert_eq!(&back.extra, &extra);
        let read: Activity = serde_json::from_str(&wire).unwrap();
        prop_assert_eq!(read.extra.to_map().unwrap(), extra.clone());
        prop_assert_eq!(read.extra.keys().collect::<Vec<_>>(), extra.keys().collect::<Vec<_>>());
        let again: Activity = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        prop_assert_eq!(again, read);
    }

    #[test]
    fn activities_decoded_in_place_equal_owned_decoding(
        extra in custom_fields(),
        actor in any::<String>(),
        to in prop::collection::vec(any::<String>(), 0..3),
    ) {
        let mut activity = Map::new();
        activity.insert("actor".into(), Value::String(actor.clone()));
        activity.insert("to".into(), to.iter().cloned().map(Value::String).collect());
        activity.extend(extra.clone());
        let page = serde_json::json!({"results": [Value::Object(activity)], "next": ""});
        // Through the SDK's decoding: strings and custom fields share the body.
        let body = serde_json::to_string(&page).unwrap();
        let shared: FeedPage<Activity> =
            decode_json("feed.get", &Response::new(200, body.into_bytes())).unwrap();
        // From a Value: every string is copied.
        let owned: FeedPage<Activity> = serde_json::from_value(page).unwrap();
        prop_assert_eq!(&shared, &owned);
        let a = &shared.results[0];
        prop_assert_eq!(a.actor.as_ref().and_then(Reference::id), Some(actor.as_str()));
        prop_assert_eq!(&a.to, &to);
        prop_assert_eq!(a.extra.to_map().unwrap(), extra);
    }

    #[test]
    fn timestamps_round_trip(secs in -62_135_596_800i64..253_402_300_799, micros in 0u32..1_000_000) {
        let t = Timestamp::from_unix(secs, micros * 1000);
        prop_assert_eq!(t.to_unix(), (secs, micros * 1000));
        let parsed = Timestamp::parse(t.as_str()).unwrap();
        prop_assert_eq!(parsed.as_str(), t.as_str());
        prop_assert_eq!(&parsed, &t);
        let zulu = format!("{}Z", t.as_str());
        let read: Timestamp = serde_json::from_value(serde_json::Value::from(zulu.clone())).unwrap();
        prop_assert_eq!(read.as_str(), zulu.as_str(), "a time read keeps its text");
        prop_assert_eq!(read.normalized().into_string(), t.as_str());
        prop_assert_eq!(Timestamp::parse(&zulu).unwrap(), t);
    }
}
