//! Property tests: anything we mint verifies to the claims we put in, any single-byte change
//! breaks it, and tokens only use the base64url alphabet.
use proptest::prelude::*;
use serde_json::{Map, Value};
use stream_auth::{
    Action, ApiSecret, FeedScope, Resource, Scope, Signer, UserTokenOptions, VerifyError,
};

fn signer(secret: &str) -> Signer {
    Signer::new(&ApiSecret::new(secret))
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => leaf(),
        1 => prop::collection::vec(leaf(), 0..4).prop_map(Value::from),
        1 => prop::collection::vec((any::<String>(), leaf()), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    ]
}

fn key() -> impl Strategy<Value = String> {
    // Mostly arbitrary unicode, sometimes the reserved names, sometimes a repeat.
    prop_oneof![
        4 => any::<String>(),
        1 => prop::sample::select(vec!["user_id", "iat", "exp", "a", "a", "tier"])
            .prop_map(str::to_owned),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(vec![
        Action::All,
        Action::Read,
        Action::Write,
        Action::Delete,
    ])
}

/// The claims a user token should carry, built with serde_json's map (insertion order kept,
/// a repeated key keeps its first position and takes the last value).
fn expected_user_claims(user_id: &str, o: &UserTokenOptions) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(iat) = o.iat {
        m.insert("iat".into(), iat.into());
    }
    m.insert("user_id".into(), user_id.into());
    for (k, v) in &o.extra {
        let reserved =
            k == "user_id" || (k == "iat" && o.iat.is_some()) || (k == "exp" && o.exp.is_some());
        if !reserved {
            m.insert(k.clone(), v.clone());
        }
    }
    if let Some(exp) = o.exp {
        m.insert("exp".into(), exp.into());
    }
    m
}

fn payload_json(token: &str) -> String {
    use base64::Engine as _;
    let p = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(p)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

fn is_jwt_alphabet(token: &str) -> bool {
    token.split('.').count() == 3
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

proptest! {
    #[test]
    fn user_tokens_round_trip(
        secret in any::<String>(),
        user_id in any::<String>(),
        extra in prop::collection::vec((key(), value()), 0..6),
        iat in prop::option::of(-1_000_000i64..2_000_000_000),
        exp_after in prop::option::of(1i64..1_000_000),
    ) {
        let s = signer(&secret);
        let now = iat.unwrap_or(1_700_000_000);
        let options = UserTokenOptions {
            iat,
            exp: exp_after.map(|d| now + d),
            extra,
        };
        let token = s.user_token_with(&user_id, &options);
        prop_assert!(is_jwt_alphabet(token.as_str()));
        let claims = match s.verify(token.as_str(), now) {
            Ok(claims) => claims,
            Err(e) => {
                // Only an `exp` from `extra` (any JSON value) may make it fail.
                prop_assert!(options.exp.is_none(), "{e}");
                prop_assert!(options.extra.iter().any(|(k, _)| k == "exp"), "{e}");
                stream_auth::dangerous::decode_unverified(token.as_str()).unwrap()
            }
        };
        prop_assert_eq!(claims.user_id(), Some(user_id.as_str()));
        let want = expected_user_claims(&user_id, &options);
        // Byte for byte what serde_json writes for the same map (compact, raw UTF-8).
        prop_assert_eq!(payload_json(token.as_str()), serde_json::to_string(&want).unwrap());
        prop_assert_eq!(claims.into_map(), want);
        if let Some(exp) = options.exp {
            prop_assert_eq!(s.verify(token.as_str(), exp).unwrap_err(), VerifyError::Expired);
        }
        // Another secret never verifies it.
        let other = signer(&format!("{secret}x"));
        prop_assert_eq!(other.verify(token.as_str(), now).unwrap_err(), VerifyError::BadSignature);
    }

    #[test]
    fn scoped_tokens_round_trip(
        resource in any::<String>(),
        action in action(),
        feed in prop::option::of((any::<String>(), any::<String>())),
        user_id in prop::option::of(any::<String>()),
    ) {
        let s = signer("secret456");
        let feed_scope = match &feed {
            Some((slug, id)) => FeedScope::feed(slug, id),
            None => FeedScope::All,
        };
        let mut scope = Scope::new(Resource::parse(&resource), action, feed_scope.clone());
        if let Some(u) = &user_id {
            scope = scope.with_user_id(u.clone());
        }
        let token = s.scoped(&scope);
        prop_assert!(is_jwt_alphabet(token.as_str()));
        let claims = s.verify(token.as_str(), 0).unwrap();
        prop_assert_eq!(claims.resource(), Some(resource.as_str()));
        prop_assert_eq!(claims.action(), Some(action.as_str()));
        prop_assert_eq!(Action::parse(claims.action().unwrap()), Some(action));
        prop_assert_eq!(claims.feed_id(), Some(feed_scope.as_str()));
        prop_assert_eq!(claims.user_id(), user_id.as_deref());
        let keys: Vec<&str> = claims.as_map().keys().map(String::as_str).collect();
        let mut want = vec!["action", "resource", "feed_id"];
        if user_id.is_some() {
            want.push("user_id");
        }
        prop_assert_eq!(keys, want);
    }

    #[test]
    fn feed_tokens_equal_their_scopes(slug in any::<String>(), user in any::<String>()) {
        let s = signer("secret456");
        let read = Scope::new(Resource::All, Action::Read, FeedScope::feed(&slug, &user));
        prop_assert_eq!(s.read_only_feed_token(&slug, &user), s.scoped(&read));
        let all = Scope::new(Resource::All, Action::All, FeedScope::feed(&slug, &user));
        prop_assert_eq!(s.feed_token(&slug, &user), s.scoped(&all));
    }

    #[test]
    fn call_tokens_round_trip(
        user_id in any::<String>(),
        cids in prop::collection::vec(any::<String>(), 0..4),
        role in prop::option::of(any::<String>()),
        iat in prop::option::of(0i64..2_000_000_000),
    ) {
        let s = signer("secret456");
        let cid_refs: Vec<&str> = cids.iter().map(String::as_str).collect();
        let token = s.call_token(&user_id, &cid_refs, role.as_deref(), iat, Some(i64::MAX));
        let claims = s.verify(token.as_str(), 0).unwrap();
        let mut want = Map::new();
        if let Some(iat) = iat {
            want.insert("iat".into(), iat.into());
        }
        want.insert("call_cids".into(), cids.clone().into());
        if let Some(role) = &role {
            want.insert("role".into(), role.clone().into());
        }
        want.insert("user_id".into(), user_id.clone().into());
        want.insert("exp".into(), i64::MAX.into());
        prop_assert_eq!(payload_json(token.as_str()), serde_json::to_string(&want).unwrap());
        prop_assert_eq!(claims.into_map(), want);
    }

    #[test]
    fn sign_json_round_trips_any_object(
        entries in prop::collection::vec((any::<String>(), value()), 0..8),
    ) {
        let map: Map<String, Value> = entries.into_iter().collect();
        let json = serde_json::to_string(&map).unwrap();
        let s = signer("secret456");
        let token = s.sign_json(&json);
        prop_assert!(is_jwt_alphabet(token.as_str()));
        prop_assert_eq!(payload_json(token.as_str()), json);
        // No time claims in `map` unless generated as such; skip those.
        if !map.contains_key("exp") && !map.contains_key("nbf") {
            prop_assert_eq!(s.verify(token.as_str(), 0).unwrap().into_map(), map);
        }
    }

    #[test]
    fn any_single_byte_change_breaks_the_token(
        user_id in any::<String>(),
        index in any::<prop::sample::Index>(),
        mask in 1u8..128,
    ) {
        let s = signer("secret456");
        let token = s.user_token(&user_id).into_string();
        let mut bytes = token.into_bytes();
        let i = index.index(bytes.len());
        // Token bytes are ASCII, so the result stays ASCII (valid UTF-8).
        bytes[i] ^= mask;
        let tampered = String::from_utf8(bytes).unwrap();
        prop_assert!(s.verify(&tampered, 0).is_err());
    }

    #[test]
    fn verify_never_panics_on_arbitrary_text(text in any::<String>()) {
        let s = signer("secret456");
        prop_assert!(s.verify(&text, 0).is_err());
        let _ = stream_auth::dangerous::decode_unverified(&text);
    }

    #[test]
    fn verify_never_panics_on_dotted_garbage(
        parts in prop::collection::vec("[A-Za-z0-9_=+/-]{0,40}", 0..5),
    ) {
        let token = parts.join(".");
        let _ = signer("secret456").verify(&token, 0);
        let _ = stream_auth::dangerous::decode_unverified(&token);
    }
}
