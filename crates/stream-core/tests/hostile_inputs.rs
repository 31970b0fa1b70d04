//! Hostile input: whatever a server sends (any bytes, any JSON, any header) and
//! whatever ids a caller passes (`/`, `..`, `%`, unicode, empty), core never panics, never lets
//! an id escape its path segment or its query value, and the `Call` machine always stops with a
//! bounded number of sends and never repeats a non-idempotent one. These are the proptest
//! equivalents of the `parse_error_body`, `parse_feed_page` and `build_path_query` fuzz targets
//! in `fuzz/`, run with the normal test suite.
use proptest::prelude::*;
use serde_json::Value;
use stream_core::encode::decode_component;
use stream_core::endpoints::collections::Collections;
use stream_core::endpoints::feed::FeedRef;
use stream_core::endpoints::reactions::Reactions;
use stream_core::endpoints::users::Users;
use stream_core::{
    ApiError, ApiSecret, Call, Config, Endpoint, Error, Request, Response, RetryPolicy, Step,
    TransportError, TransportErrorKind,
};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://localhost:8000")
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("config")
}

/// Ids a caller could pass: hostile pieces glued together, or anything at all.
fn hostile_id() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "/", "..", ".", "%", "%2F", "%2e%2e", "?", "#", "&", "=", "+", " ", ":", "@", "\\", "ü",
        "日本", "🦀", "\u{202e}", "a", "Z", "0", "-", "_", "~", ",", "'", "\"", "<", ";",
    ]);
    prop_oneof![
        3 => prop::collection::vec(piece, 0..8).prop_map(|v| v.concat()),
        1 => any::<String>(),
        1 => Just(String::new()),
        1 => prop::sample::select(vec![".", "..", "../..", "/", "%", "%00"]).prop_map(str::to_owned),
    ]
}

/// Arbitrary JSON, nested a little.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        let key = prop_oneof![
            any::<String>(),
            prop::sample::select(vec![
                "code",
                "detail",
                "exception",
                "exception_fields",
                "exception_fields_list",
                "status_code",
                "StatusCode",
                "message",
                "details",
                "more_info",
                "duration",
                "unrecoverable",
                "results",
                "next",
                "id",
                "time",
                "actor",
                "verb",
                "object",
                "activities",
                "group",
                "reaction_counts",
                "latest_reactions",
                "own_reactions",
                "to",
                "foreign_id",
                "origin",
                "score",
                "unseen",
                "unread",
            ])
            .prop_map(str::to_owned),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A body: raw bytes, arbitrary JSON, or a JSON prefix cut anywhere.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json().prop_map(|v| v.to_string().into_bytes()),
        (json(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let s = v.to_string().into_bytes();
            let at = cut.index(s.len() + 1);
            s[..at].to_vec()
        }),
    ]
}

/// The encoded path segments of a request (between the base path and the query).
fn segments(request: &Request) -> Vec<String> {
    let path = request.url_without_query();
    let rest = path
        .strip_prefix("http://localhost:8000/api/v1.0/")
        .unwrap_or(path);
    rest.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// Percent-decodes a path segment (`+` stays `+` in paths).
fn decode_path(seg: &str) -> String {
    decode_component(&seg.replace('+', "%2B"))
}

/// `id` was either refused before building, or is exactly one segment that decodes back to it.
fn check_segment(result: Result<Request, Error>, id: &str, index: usize, len: usize) {
    match result {
        Err(Error::Build(_)) => {}
        Err(other) => panic!("only build errors may refuse an id: {other:?}"),
        Ok(request) => {
            let segs = segments(&request);
            assert_eq!(segs.len(), len, "{id:?} changed the path shape: {segs:?}");
            let seg = &segs[index];
            assert!(
                seg != "." && seg != ".." && !seg.is_empty(),
                "{id:?} → {seg:?}"
            );
            assert!(!seg.contains(['?', '#']), "{id:?} → {seg:?}");
            assert_eq!(request.url.matches('?').count(), 1, "{id:?} opened a query");
            assert!(
                seg.bytes().all(|b| b.is_ascii_graphic()),
                "{id:?} → {seg:?}"
            );
            assert_eq!(decode_path(seg), id);
            // The query holds only the parameters core put there.
            let query = request.url.split_once('?').map_or("", |(_, q)| q);
            assert!(
                query
                    .split('&')
                    .all(|kv| kv.starts_with("api_key=") || !kv.is_empty())
            );
            assert!(!request.url.contains('#'));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn error_bodies_of_any_shape_parse_without_panicking(
        status in 100u16..1000,
        body in body(),
        reset in any::<Option<String>>(),
    ) {
        let mut resp = Response::new(status, body.clone());
        if let Some(r) = reset {
            resp = resp.with_header("x-ratelimit-reset", r.clone()).with_header("retry-after", r);
        }
        let e = ApiError::from_response("feed.get", &resp);
        prop_assert_eq!(e.status, status);
        let shown = e.to_string();
        prop_assert!(shown.contains(&status.to_string()));
        if let Some(s) = &e.body_snippet {
            prop_assert!(s.chars().count() <= 200);
        }
        let _ = format!("{e:?}");
        let _ = RetryPolicy::rate_limit_wait(&resp, u64::MAX);
        let _ = RetryPolicy::rate_limit_wait(&resp, 0);
    }

    #[test]
    fn feed_pages_of_any_shape_parse_or_fail_typed(body in body()) {
        let feed = FeedRef::new("user", "alice").expect("feed");
        for outcome in [
            feed.get().parse(Response::new(200, body.clone())).map(drop),
            feed.get().grouped().parse(Response::new(200, body.clone())).map(drop),
            Reactions.get("r1").parse(Response::new(200, body.clone())).map(drop),
            Users.get("u1").parse(Response::new(200, body.clone())).map(drop),
        ] {
            match outcome {
                Ok(()) => {}
                Err(Error::Decode(d)) => {
                    prop_assert!(d.snippet.chars().count() <= 200);
                    let _ = d.to_string();
                }
                Err(other) => prop_assert!(false, "not a decode error: {other:?}"),
            }
        }
    }

    #[test]
    fn ids_never_escape_their_path_segment(id in hostile_id(), other in hostile_id()) {
        let c = config();
        check_segment(c.build_request(&Users.get(id.as_str())), &id, 1, 2);
        check_segment(c.build_request(&Users.delete(id.as_str())), &id, 1, 2);
        check_segment(c.build_request(&Reactions.get(id.as_str())), &id, 1, 2);
        // Two user values in one path: each stays in its own segment.
        let r = c.build_request(&Collections.get(id.as_str(), other.as_str()));
        if let Ok(req) = &r {
            let segs = segments(req);
            prop_assert_eq!(segs.len(), 3, "{:?}", segs);
            prop_assert_eq!(decode_path(&segs[2]), other.clone());
        }
        check_segment(r, &id, 1, 3);
    }

    #[test]
    fn feed_ids_are_validated_before_any_path(slug in hostile_id(), user in hostile_id()) {
        match FeedRef::new(&slug, &user) {
            Err(Error::Build(_)) => {}
            Err(other) => prop_assert!(false, "{other:?}"),
            Ok(feed) => {
                let req = config().build_request(&feed.get()).expect("valid feed builds");
                let segs = segments(&req);
                prop_assert_eq!(segs.len(), 3, "{:?}", segs);
                // Valid ids may be non-ASCII (`\w` is Unicode); they are percent-encoded in
                // the path and must decode back to exactly the id.
                prop_assert_eq!(decode_path(&segs[1]), slug);
                prop_assert_eq!(decode_path(&segs[2]), user);
            }
        }
    }

    #[test]
    fn the_call_machine_always_stops_and_never_repeats_a_post(
        outcomes in prop::collection::vec(
            prop_oneof![
                (100u16..600).prop_map(Some),
                Just(None),
            ],
            1..12,
        ),
        bodies in prop::collection::vec(body(), 12),
        resets in prop::collection::vec(any::<u64>(), 12),
        jitter in any::<f64>(),
        post in any::<bool>(),
    ) {
        let c = config();
        let feed = FeedRef::new("user", "alice").expect("feed");
        let get = feed.get();
        let add = feed.add_activity(stream_core::models::activity::NewActivity::new("a", "post", "o"));
        let max_sends = if post { 1 } else { 3 };
        let sends = if post {
            drive(Call::new(&c, &add), &outcomes, &bodies, &resets, jitter)
        } else {
            drive(Call::new(&c, &get), &outcomes, &bodies, &resets, jitter)
        };
        prop_assert!(sends <= max_sends, "{sends} sends");
    }
}

/// Drives a call through the scripted outcomes; returns how many requests it sent.
fn drive<E: Endpoint>(
    mut call: Call<'_, E>,
    outcomes: &[Option<u16>],
    bodies: &[Vec<u8>],
    resets: &[u64],
    jitter: f64,
) -> usize {
    let mut sends = 0;
    // Bounded: a correct machine needs at most 2 × (retries + 1) steps; 100 catches a loop.
    for _ in 0..100 {
        match call.poll() {
            Step::Done(_) => return sends,
            Step::Wait(d) => assert!(d.as_secs() <= 10, "waited {d:?}"),
            Step::Send(_) => {
                let i = sends.min(outcomes.len() - 1);
                let outcome = match outcomes[i] {
                    Some(status) => Ok(Response::new(status, bodies[i].clone())
                        .with_header("x-ratelimit-reset", resets[i].to_string())),
                    None => Err(TransportError::new(TransportErrorKind::Io, "reset")),
                };
                sends += 1;
                call.handle(outcome, 1_700_000_000, jitter);
            }
        }
    }
    panic!("the call did not stop");
}
