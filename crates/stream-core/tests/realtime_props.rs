//! Property tests of realtime input handling: whatever a server (or a man in the middle) sends —
//! arbitrary bytes, arbitrary JSON, Bayeux-shaped messages with hostile fields — the session and
//! the parsers never panic, and the session stays usable: a valid handshake, subscribe and
//! publish that follow still work.
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use stream_core::realtime::{
    ConnectionType, Event, FeedChannel, Message, RealtimeError, RealtimeMessage, Session,
    SessionOptions, Step,
};
use stream_core::{ApiSecret, Config, FeedId, TransportError, TransportErrorKind};

const CASES: u32 = 256;

fn feed() -> FeedChannel {
    let config = Config::builder("key", ApiSecret::new("secret"))
        .app_id("789")
        .build()
        .unwrap();
    FeedChannel::for_feed(&config, &FeedId::parse("user:alice").unwrap(), None).unwrap()
}

const CHANNEL: &str = "/site-789-feed-useralice";

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((".{0,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A value that is usually of the expected shape, sometimes anything.
fn or_any(expected: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => expected, 1 => json_value()].boxed()
}

fn channel() -> impl Strategy<Value = Value> {
    or_any(
        prop_oneof![
            Just("/meta/handshake".to_owned()),
            Just("/meta/connect".to_owned()),
            Just("/meta/subscribe".to_owned()),
            Just("/meta/unsubscribe".to_owned()),
            Just("/meta/disconnect".to_owned()),
            Just("/meta/whatever".to_owned()),
            Just(CHANNEL.to_owned()),
            Just("/site-789-feed-userbob".to_owned()),
            ".{0,16}",
        ]
        .prop_map(Value::String),
    )
}

fn advice() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(1e300)),
        Just(json!(-1.5)),
    ];
    or_any(
        (
            prop_oneof![
                Just(json!("retry")),
                Just(json!("handshake")),
                Just(json!("none")),
                json_value(),
            ],
            number.clone(),
            number,
        )
            .prop_map(|(r, i, t)| json!({"reconnect": r, "interval": i, "timeout": t})),
    )
}

fn error_text() -> impl Strategy<Value = Value> {
    or_any(
        prop_oneof![
            Just("403::Forbidden".to_owned()),
            Just("401::Unknown client".to_owned()),
            Just(":::".to_owned()),
            Just("999:a:".to_owned()),
            Just("".to_owned()),
            "[0-9]{0,4}:.{0,6}:.{0,12}",
            ".{0,24}",
        ]
        .prop_map(Value::String),
    )
}

fn data() -> impl Strategy<Value = Value> {
    or_any(
        (
            prop::collection::vec(json_value(), 0..3),
            json_value(),
            json_value(),
            json_value(),
        )
            .prop_map(|(new, deleted, app_id, mark)| {
                json!({"new": new, "deleted": deleted, "app_id": app_id, "mark_read": mark,
                       "deleted_foreign_ids": deleted})
            }),
    )
}

/// A Bayeux-shaped message: each field present or not, usually well-typed, sometimes not.
fn bayeux_message() -> impl Strategy<Value = Value> {
    (
        channel(),
        prop::option::of(or_any("[0-9]{1,3}".prop_map(Value::String))),
        prop::option::of(or_any(any::<bool>().prop_map(Value::Bool))),
        prop::option::of(or_any(".{0,8}".prop_map(Value::String))),
        prop::option::of(or_any(prop_oneof![
            Just(json!(CHANNEL)),
            Just(json!([CHANNEL, 7])),
            ".{0,8}".prop_map(Value::String),
        ])),
        prop::option::of(advice()),
        prop::option::of(error_text()),
        prop::option::of(data()),
    )
        .prop_map(
            |(channel, id, successful, client_id, subscription, advice, error, data)| {
                let mut m = Map::new();
                m.insert("channel".into(), channel);
                for (k, v) in [
                    ("id", id),
                    ("successful", successful),
                    ("clientId", client_id),
                    ("subscription", subscription),
                    ("advice", advice),
                    ("error", error),
                    ("data", data),
                ] {
                    if let Some(v) = v {
                        m.insert(k.into(), v);
                    }
                }
                Value::Object(m)
            },
        )
}

/// What a server may send: a batch of Bayeux-shaped messages, one of them alone, any JSON, or
/// any bytes.
fn incoming() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(bayeux_message(), 0..6)
            .prop_map(|v| serde_json::to_vec(&Value::Array(v)).unwrap()),
        bayeux_message().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        prop::collection::vec(any::<u8>(), 0..256),
    ]
}

/// A session in one of its phases: fresh, handshaking, connected, connected and subscribed.
fn session_in(phase: u8) -> Session {
    let mut s = Session::new(SessionOptions::new(ConnectionType::LongPolling));
    s.subscribe(feed());
    if phase == 0 {
        return s;
    }
    let _ = s.poll(); // the handshake
    if phase == 1 {
        return s;
    }
    s.handle_incoming(br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c0"}]"#);
    let _ = s.poll(); // the subscribe
    if phase == 3 {
        s.handle_incoming(
            br#"[{"channel":"/meta/subscribe","successful":true,"subscription":"/site-789-feed-useralice"}]"#,
        );
    }
    s
}

/// Polls (a bounded number of times, skipping waits and receives) until a batch is due.
fn next_send(s: &mut Session) -> Option<Vec<Message>> {
    for _ in 0..8 {
        match s.poll() {
            Step::Send(t) => return Some(t.messages),
            Step::Closed => return None,
            Step::Wait(_) | Step::Receive(_) => {}
        }
    }
    None
}

/// After whatever happened, a reconnect with valid replies subscribes and delivers again.
fn assert_recovers(s: &mut Session) {
    while s.poll_event().is_some() {}
    // Re-opens a closed session, then forces a fresh handshake.
    s.subscribe(feed());
    s.transport_failed(TransportError::new(TransportErrorKind::Io, "cut"), 0.0);
    let batch = next_send(s).expect("a handshake after the failure");
    assert_eq!(batch[0].channel, "/meta/handshake", "{batch:?}");
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"fresh","advice":{"reconnect":"retry","interval":0}}]"#,
    );
    assert!(s.is_connected());
    assert_eq!(s.client_id(), Some("fresh"));
    let batch = next_send(s).expect("the subscribe is replayed");
    let sub = batch
        .iter()
        .find(|m| m.channel == "/meta/subscribe")
        .expect("a subscribe");
    assert_eq!(sub.subscription.as_deref(), Some(CHANNEL));
    assert_eq!(sub.client_id.as_deref(), Some("fresh"));
    s.handle_incoming(
        br#"[{"channel":"/meta/subscribe","successful":true,"subscription":"/site-789-feed-useralice"}]"#,
    );
    assert!(s.is_subscribed(CHANNEL));
    s.handle_incoming(
        br#"[{"channel":"/site-789-feed-useralice","data":{"new":[{"id":"a1","actor":"alice","verb":"post","object":"p"}],"deleted":[]}}]"#,
    );
    let mut delivered = false;
    while let Some(e) = s.poll_event() {
        if let Event::Message { channel, message } = e {
            assert_eq!(channel, CHANNEL);
            assert_eq!(message.new[0].id.as_deref(), Some("a1"));
            delivered = true;
        }
    }
    assert!(delivered, "no message after recovering");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn the_parsers_never_panic(bytes in incoming()) {
        let _ = Message::parse_batch(&bytes);
        let _ = serde_json::from_slice::<RealtimeMessage>(&bytes);
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            let _ = serde_json::from_value::<RealtimeMessage>(v.clone());
            let _ = serde_json::from_value::<Message>(v);
        }
    }

    #[test]
    fn any_data_payload_is_a_message_or_a_decode_error(data in json_value()) {
        let mut s = session_in(3);
        while s.poll_event().is_some() {}
        let body = serde_json::to_vec(&json!([{"channel": CHANNEL, "data": data}])).unwrap();
        s.handle_incoming(&body);
        let mut events = 0;
        while let Some(e) = s.poll_event() {
            events += 1;
            match e {
                Event::Message { channel, .. } => prop_assert_eq!(channel, CHANNEL),
                Event::Error(RealtimeError::Decode { snippet, .. }) => {
                    prop_assert!(snippet.chars().count() <= 200);
                }
                other => prop_assert!(false, "unexpected {:?}", other),
            }
        }
        prop_assert_eq!(events, 1);
    }

    #[test]
    fn a_refusal_carries_any_error_text_without_panicking(error in ".{0,40}") {
        let mut s = session_in(2);
        let body = serde_json::to_vec(&json!([{"channel": "/meta/subscribe", "successful": false,
            "subscription": CHANNEL, "error": error}])).unwrap();
        s.handle_incoming(&body);
        let mut refused = false;
        while let Some(e) = s.poll_event() {
            if let Event::Refused { channel, error: RealtimeError::Refused { code, message, .. } } = e {
                prop_assert_eq!(channel, CHANNEL);
                if let Some(code) = code {
                    let head: String = error.chars().take(3).collect();
                    prop_assert_eq!(head.parse::<u16>().ok(), Some(code));
                }
                prop_assert!(error.contains(&message) || message == "subscription refused");
                refused = true;
            }
        }
        prop_assert!(refused || error.starts_with("401"));
        prop_assert!(!s.is_subscribed(CHANNEL));
    }

    #[test]
    fn hostile_input_in_any_phase_leaves_the_session_usable(
        phase in 0u8..4,
        inputs in prop::collection::vec(incoming(), 1..5),
        polls in prop::collection::vec(any::<bool>(), 1..5),
    ) {
        let mut s = session_in(phase);
        for (i, bytes) in inputs.iter().enumerate() {
            s.handle_incoming(bytes);
            if polls.get(i).copied().unwrap_or(false) {
                let _ = s.poll();
            }
            // Reading the state never panics either.
            let _ = (s.read_timeout(), s.connect_hold(), s.advice().interval(), s.failures());
            while s.poll_event().is_some() {}
        }
        assert_recovers(&mut s);
    }
}
