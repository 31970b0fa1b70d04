//! The Bayeux session driven by hand: no socket, no clock.
use std::time::Duration;

use serde_json::{Value, json};
use stream_core::realtime::{
    ConnectionType, Event, FeedChannel, RealtimeError, Session, SessionOptions, Step, Transmit,
};
use stream_core::{
    ApiSecret, BuildError, Config, FeedId, Token, TransportError, TransportErrorKind,
};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .app_id("789")
        .build()
        .unwrap()
}

fn alice() -> FeedChannel {
    FeedChannel::for_feed(&config(), &FeedId::parse("user:alice").unwrap(), None).unwrap()
}

fn send(s: &mut Session) -> Transmit {
    match s.poll() {
        Step::Send(t) => t,
        other => panic!("expected Send, got {other:?}"),
    }
}

fn json_of(t: &Transmit) -> Vec<Value> {
    serde_json::from_str(&t.to_json()).unwrap()
}

/// Handshakes a session with one subscription to alice and confirms it; returns it ready.
fn connected() -> Session {
    let mut s = Session::new(SessionOptions::new(ConnectionType::WebSocket));
    s.subscribe(alice());
    let hs = send(&mut s);
    assert_eq!(hs.messages.len(), 1);
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","version":"1.0","id":"1","advice":{"reconnect":"retry","interval":0,"timeout":30000}}]"#,
    );
    let subs = send(&mut s);
    assert_eq!(subs.messages[0].channel, "/meta/subscribe");
    let connect = send(&mut s);
    assert!(connect.connect);
    s.handle_incoming(
        br#"[{"channel":"/meta/subscribe","successful":true,"subscription":"/site-789-feed-useralice","id":"2","clientId":"c1"}]"#,
    );
    assert!(matches!(s.poll_event(), Some(Event::Subscribed { .. })));
    s
}

#[test]
fn handshake_then_subscribe_then_connect_with_the_official_shapes() {
    let mut s = Session::new(SessionOptions::new(ConnectionType::WebSocket));
    s.subscribe(alice());
    let hs = json_of(&send(&mut s));
    assert_eq!(
        hs[0],
        json!({"channel":"/meta/handshake","id":"1","version":"1.0","supportedConnectionTypes":["websocket"]})
    );
    // Waiting for the handshake reply.
    assert!(matches!(s.poll(), Step::Receive(_)));
    s.handle_incoming(
        br#"{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}"#,
    );
    assert!(s.is_connected());
    assert_eq!(s.client_id(), Some("c1"));
    let sub = json_of(&send(&mut s));
    assert_eq!(sub[0]["channel"], "/meta/subscribe");
    assert_eq!(sub[0]["clientId"], "c1");
    assert_eq!(sub[0]["id"], "2");
    assert_eq!(sub[0]["subscription"], "/site-789-feed-useralice");
    assert_eq!(sub[0]["ext"]["user_id"], "site-789-feed-useralice");
    assert_eq!(sub[0]["ext"]["api_key"], "key123");
    let signature = sub[0]["ext"]["signature"].as_str().unwrap();
    let claims = stream_core::Signer::new(&ApiSecret::new("secret456"))
        .verify(signature, 0)
        .unwrap();
    assert_eq!(claims.feed_id(), Some("useralice"));
    assert_eq!(claims.action(), Some("read"));
    let connect = send(&mut s);
    assert!(connect.connect);
    assert_eq!(
        json_of(&connect)[0],
        json!({"channel":"/meta/connect","id":"3","clientId":"c1","connectionType":"websocket"})
    );
    // One connect at a time.
    assert!(matches!(s.poll(), Step::Receive(d) if d == Duration::from_secs(35)));
}

#[test]
fn data_messages_become_typed_updates_in_order() {
    let mut s = connected();
    s.handle_incoming(
        br#"[{"channel":"/site-789-feed-useralice","data":{"deleted":[],"deleted_foreign_ids":[],"new":[{"id":"a1","actor":"user:alice","verb":"post","object":"post:1","group":"post_2024"}],"app_id":789,"feed":"user:alice","published_at":"2024-01-01T00:00:00Z"}},
            {"channel":"/site-789-feed-useralice","data":{"deleted":["a1"],"deleted_foreign_ids":[["post:1","2024-01-01T00:00:00"]],"new":[],"feed":"user:alice"}},
            {"channel":"/site-789-feed-userbob","data":{"new":[{"id":"x"}]}}]"#,
    );
    let Some(Event::Message { channel, message }) = s.poll_event() else {
        panic!()
    };
    assert_eq!(channel, "/site-789-feed-useralice");
    assert_eq!(message.new[0].id.as_deref(), Some("a1"));
    assert_eq!(message.app_id.as_deref(), Some("789"));
    assert_eq!(
        message.groups().collect::<Vec<_>>(),
        vec![Some("post_2024".into())]
    );
    let Some(Event::Message { message, .. }) = s.poll_event() else {
        panic!()
    };
    assert_eq!(message.deleted, vec!["a1"]);
    assert_eq!(message.deleted_foreign_ids[0].foreign_id, "post:1");
    assert_eq!(
        message.deleted_foreign_ids[0].time.as_deref(),
        Some("2024-01-01T00:00:00")
    );
    // Not subscribed to bob: ignored.
    assert!(s.poll_event().is_none());
}

#[test]
fn connect_replies_keep_the_connect_loop_going_and_honour_interval() {
    let mut s = connected();
    s.handle_incoming(
        br#"[{"channel":"/meta/connect","successful":true,"id":"3","advice":{"interval":250}}]"#,
    );
    assert_eq!(s.poll(), Step::Wait(Duration::from_millis(250)));
    let c = send(&mut s);
    assert!(c.connect);
    assert_eq!(c.messages[0].id.as_deref(), Some("4"));
}

#[test]
fn a_refused_subscription_is_a_typed_error_and_leaves_the_table() {
    let mut s = Session::new(SessionOptions::new(ConnectionType::WebSocket));
    s.subscribe(alice());
    send(&mut s);
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}]"#,
    );
    send(&mut s);
    // Stream omits `subscription` in some replies: matched by id.
    s.handle_incoming(br#"[{"channel":"/meta/subscribe","successful":false,"id":"2","error":"403:site-789-feed-useralice:Invalid signature"}]"#);
    let Some(Event::Refused { channel, error }) = s.poll_event() else {
        panic!()
    };
    assert_eq!(channel, "/site-789-feed-useralice");
    assert!(
        matches!(&error, RealtimeError::Refused { code: Some(403), message, .. } if message == "Invalid signature")
    );
    assert!(error.is_refused() && !error.is_transient());
    assert_eq!(s.channels().count(), 0);
}

#[test]
fn a_lost_connection_backs_off_rehandshakes_and_replays_subscriptions() {
    let mut s = connected();
    let mut waits = Vec::new();
    for round in 0..8 {
        s.transport_failed(TransportError::new(TransportErrorKind::Io, "reset"), 0.0);
        assert!(matches!(s.poll_event(), Some(Event::Error(e)) if e.is_transient()));
        let Step::Wait(d) = s.poll() else {
            panic!("round {round}")
        };
        waits.push(d);
        let hs = send(&mut s);
        assert_eq!(hs.messages[0].channel, "/meta/handshake");
        assert!(hs.messages[0].client_id.is_none());
    }
    // 100 ms doubling, halved by zero jitter, capped at 10 s (5 s with zero jitter).
    assert_eq!(waits[0], Duration::from_millis(50));
    assert_eq!(waits[1], Duration::from_millis(100));
    assert_eq!(waits[7], Duration::from_millis(5000));
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c2","id":"12"}]"#,
    );
    let replay = send(&mut s);
    assert_eq!(replay.messages[0].channel, "/meta/subscribe");
    assert_eq!(replay.messages[0].client_id.as_deref(), Some("c2"));
    assert!(!s.is_subscribed("/site-789-feed-useralice"));
    let id = replay.messages[0].id.clone().unwrap();
    s.handle_incoming(
        format!(r#"[{{"channel":"/meta/subscribe","successful":true,"id":"{id}"}}]"#).as_bytes(),
    );
    assert!(s.is_subscribed("/site-789-feed-useralice"));
    // A good connect resets the failure count.
    let c = send(&mut s);
    s.handle_incoming(
        format!(
            r#"[{{"channel":"/meta/connect","successful":true,"id":"{}"}}]"#,
            c.messages[0].id.as_deref().unwrap()
        )
        .as_bytes(),
    );
    assert_eq!(s.failures(), 0);
}

#[test]
fn advice_handshake_rehandshakes_and_advice_none_closes() {
    let mut s = connected();
    s.handle_incoming(br#"[{"channel":"/meta/connect","successful":false,"id":"3","error":"401::Unknown client","advice":{"reconnect":"handshake","interval":0}}]"#);
    assert_eq!(s.poll(), Step::Wait(Duration::ZERO));
    assert_eq!(send(&mut s).messages[0].channel, "/meta/handshake");

    let mut s = connected();
    s.handle_incoming(br#"[{"channel":"/meta/connect","successful":false,"id":"3","advice":{"reconnect":"none"}}]"#);
    assert!(matches!(
        s.poll_event(),
        Some(Event::Closed(RealtimeError::Closed { .. }))
    ));
    assert_eq!(s.poll(), Step::Closed);
}

#[test]
fn retry_advice_on_a_failed_connect_waits_then_connects_again() {
    let mut s = connected();
    s.handle_incoming(br#"[{"channel":"/meta/connect","successful":false,"id":"3","advice":{"reconnect":"retry","interval":1000}}]"#);
    assert_eq!(s.poll(), Step::Wait(Duration::from_secs(1)));
    assert!(send(&mut s).connect);
}

#[test]
fn unsubscribe_sends_no_ext_and_drops_later_data() {
    let mut s = connected();
    assert!(s.unsubscribe("/site-789-feed-useralice"));
    let u = json_of(&send(&mut s));
    assert_eq!(u[0]["channel"], "/meta/unsubscribe");
    assert_eq!(u[0]["subscription"], "/site-789-feed-useralice");
    assert!(u[0].get("ext").is_none());
    s.handle_incoming(br#"[{"channel":"/site-789-feed-useralice","data":{"new":[]}}]"#);
    assert!(s.poll_event().is_none());
    assert!(!s.unsubscribe("/site-789-feed-useralice"));
}

#[test]
fn disconnect_sends_once_then_closes() {
    let mut s = connected();
    s.disconnect();
    let d = send(&mut s);
    assert_eq!(d.messages[0].channel, "/meta/disconnect");
    assert_eq!(d.messages[0].client_id.as_deref(), Some("c1"));
    assert_eq!(s.poll(), Step::Closed);
    assert!(s.is_closed());
}

#[test]
fn garbage_is_an_error_event_not_a_panic() {
    let mut s = connected();
    for junk in [
        &b"not json"[..],
        b"[1,2]",
        b"{}",
        b"[{\"channel\":\"/site-789-feed-useralice\",\"data\":{\"new\":7}}]",
    ] {
        s.handle_incoming(junk);
        assert!(
            matches!(
                s.poll_event(),
                Some(Event::Error(RealtimeError::Decode { .. }))
            ),
            "{junk:?}"
        );
    }
    // A handshake reply out of turn is ignored.
    s.handle_incoming(br#"[{"channel":"/meta/handshake","successful":true,"clientId":"zzz"}]"#);
    assert_eq!(s.client_id(), Some("c1"));
}

#[test]
fn max_connect_hold_is_sent_as_client_advice_and_bounds_reads() {
    let mut opts = SessionOptions::new(ConnectionType::LongPolling);
    opts.max_connect_hold = Some(Duration::from_millis(2500));
    opts.reply_grace = Duration::from_millis(500);
    let mut s = Session::new(opts);
    s.subscribe(alice());
    send(&mut s);
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}]"#,
    );
    send(&mut s);
    let c = json_of(&send(&mut s));
    assert_eq!(c[0]["connectionType"], "long-polling");
    assert_eq!(c[0]["advice"], json!({"timeout": 2500}));
    assert_eq!(s.read_timeout(), Duration::from_secs(3));
}

#[test]
fn giving_up_after_max_failures_closes() {
    let mut opts = SessionOptions::new(ConnectionType::WebSocket);
    opts.max_consecutive_failures = Some(2);
    let mut s = Session::new(opts);
    s.subscribe(alice());
    send(&mut s);
    s.timed_out(0.5);
    s.timed_out(0.5);
    assert!(matches!(s.poll_event(), Some(Event::Error(_))));
    assert!(matches!(s.poll_event(), Some(Event::Error(_))));
    assert!(matches!(s.poll_event(), Some(Event::Closed(_))));
    assert_eq!(s.poll(), Step::Closed);
}

#[test]
fn channels_need_an_app_id_and_use_the_right_token() {
    let feed = FeedId::parse("user:alice").unwrap();
    let no_app = Config::builder("key123", ApiSecret::new("secret456"))
        .build()
        .unwrap();
    let err = FeedChannel::for_feed(&no_app, &feed, None).unwrap_err();
    assert!(matches!(err, BuildError::MissingConfig(_)));
    assert!(err.to_string().contains("app id"), "{err}");

    let signer = stream_core::Signer::new(&ApiSecret::new("secret456"));
    let user_token = signer.user_token("alice");
    let client_side = Config::builder_with_user_token("key123", user_token.clone())
        .app_id("789")
        .build()
        .unwrap();
    let c = FeedChannel::for_feed(&client_side, &feed, None).unwrap();
    assert_eq!(c.ext().signature, user_token);
    let mine = Token::new("given");
    let c = FeedChannel::for_feed(&config(), &feed, Some(mine.clone())).unwrap();
    assert_eq!(c.ext().signature, mine);
}

#[test]
fn secrets_never_print() {
    let c = alice();
    let sig = c.ext().signature.as_str().to_owned();
    assert!(!format!("{c:?}").contains(&sig));
    let mut s = Session::new(SessionOptions::new(ConnectionType::WebSocket));
    s.subscribe(c);
    send(&mut s);
    s.handle_incoming(
        br#"[{"channel":"/meta/handshake","successful":true,"clientId":"c1","id":"1"}]"#,
    );
    let t = send(&mut s);
    assert!(t.to_json().contains(&sig));
    assert!(!format!("{t:?}").contains(&sig));
    assert!(!format!("{s:?}").contains(&sig));
}
