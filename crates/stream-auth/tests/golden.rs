//! Our tokens for the recorded claims are byte-identical to the official clients' tokens, and
//! every recorded token verifies. Vectors: `tests/fixtures/golden_tokens.json`, trimmed from the
//! workspace's `tests/fixtures/golden/` recordings.
use serde_json::{Map, Value};
use stream_auth::{
    Action, ApiSecret, Claims, FeedScope, Resource, Scope, Signer, UserTokenOptions,
};

/// One recorded token: where it came from, the compact JWT and its exact payload JSON.
#[derive(Clone)]
struct Vector {
    name: String,
    token: String,
    claims_raw: String,
}

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/golden_tokens.json")).expect("fixture parses")
}

fn vectors(section: &str) -> Vec<Vector> {
    let list = fixture()[section].as_array().expect("section").clone();
    assert!(!list.is_empty(), "{section} is empty");
    list.into_iter()
        .map(|v| Vector {
            name: v["name"].as_str().expect("name").to_owned(),
            token: v["token"].as_str().expect("token").to_owned(),
            claims_raw: v["claims_raw"].as_str().expect("claims_raw").to_owned(),
        })
        .collect()
}

fn signer() -> Signer {
    Signer::new(&ApiSecret::new(
        fixture()["secret"].as_str().expect("secret"),
    ))
}

/// Far past every recorded time claim.
const NOW: i64 = 1_704_164_645;

fn python_vectors() -> Vec<Vector> {
    let mut all = vectors("python_tokens");
    all.extend(vectors("python_requests"));
    all
}

fn js_vectors() -> Vec<Vector> {
    let mut all = vectors("js_tokens");
    all.extend(vectors("js_requests"));
    all
}

fn v2_vectors() -> Vec<Vector> {
    let mut all = vectors("v2_python_tokens");
    all.extend(vectors("v2_python_requests"));
    all
}

#[test]
fn sign_json_reproduces_every_recorded_token() {
    let s = signer();
    let all = [python_vectors(), js_vectors(), v2_vectors()].concat();
    assert!(all.len() >= 40, "only {} vectors", all.len());
    for v in &all {
        assert_eq!(s.sign_json(&v.claims_raw).as_str(), v.token, "{}", v.name);
    }
}

#[test]
fn every_recorded_token_verifies_with_the_secret() {
    let s = signer();
    for v in [python_vectors(), js_vectors(), v2_vectors()].concat() {
        let claims = s
            .verify(&v.token, NOW)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let raw: Map<String, Value> = serde_json::from_str(&v.claims_raw).expect("claims_raw");
        assert_eq!(claims.as_map(), &raw, "{}", v.name);
        // Order is kept too.
        let keys: Vec<_> = claims.as_map().keys().collect();
        assert_eq!(keys, raw.keys().collect::<Vec<_>>(), "{}", v.name);
    }
}

#[test]
fn js_tokens_fail_with_another_secret() {
    let other = Signer::new(&ApiSecret::new("secret457"));
    for v in js_vectors() {
        assert!(other.verify(&v.token, NOW).is_err(), "{}", v.name);
    }
}

/// The Scope a Python-ordered scoped claims object describes.
fn scope_of(claims: &Claims) -> Option<Scope> {
    let mut scope = Scope::new(
        Resource::parse(claims.resource()?),
        Action::parse(claims.action()?)?,
        match claims.feed_id()? {
            "*" => FeedScope::All,
            feed => FeedScope::Feed(feed.to_owned()),
        },
    );
    if let Some(user) = claims.user_id() {
        scope = scope.with_user_id(user);
    }
    Some(scope)
}

#[test]
fn scoped_reproduces_every_python_scoped_token() {
    let s = signer();
    let mut checked = 0;
    for v in python_vectors() {
        let claims = s.verify(&v.token, NOW).expect("verifies");
        if claims.resource().is_none() {
            continue; // a user token
        }
        let scope = scope_of(&claims).unwrap_or_else(|| panic!("{} is scoped", v.name));
        assert_eq!(s.scoped(&scope).as_str(), v.token, "{}", v.name);
        checked += 1;
    }
    assert_eq!(checked, 20);
}

fn python_token(name: &str) -> String {
    let v = vectors("python_tokens");
    let v = v.iter().find(|v| v.name == name).expect(name);
    v.token.clone()
}

fn v2_token(name: &str) -> String {
    let v = vectors("v2_python_tokens");
    let v = v.iter().find(|v| v.name == name).expect(name);
    v.token.clone()
}

#[test]
fn typed_helpers_match_python_v1() {
    let s = signer();
    assert_eq!(
        s.read_only_feed_token("user", "alice").as_str(),
        python_token("readonly_token_user_alice")
    );
    // Python's `feed.token` is the wildcard feed/*/*.
    assert_eq!(
        s.scoped(&Scope::new(Resource::Feed, Action::All, FeedScope::All))
            .as_str(),
        python_token("feed_token_user_alice")
    );
    assert_eq!(
        s.scoped(
            &Scope::new(Resource::RedirectAndTrack, Action::All, FeedScope::All)
                .with_user_id("alice")
        )
        .as_str(),
        python_token("create_redirect_url")
    );
    assert_eq!(
        s.user_token("alice").as_str(),
        python_token("user_token_alice_plain")
    );
    let extra = UserTokenOptions::new()
        .claim("company", "acme")
        .claim("tier", 2);
    assert_eq!(
        s.user_token_with("alice", &extra).as_str(),
        python_token("user_token_alice_extra")
    );
}

#[test]
fn feed_token_grants_everything_on_one_feed() {
    let s = signer();
    let claims = s
        .verify(s.feed_token("user", "alice").as_str(), NOW)
        .unwrap();
    // The JS client's feed token, in Python's key order.
    assert_eq!(
        serde_json::to_string(claims.as_map()).unwrap(),
        r#"{"action":"*","resource":"*","feed_id":"useralice"}"#
    );
}

#[test]
fn typed_helpers_match_python_v2() {
    let s = signer();
    let iat = 1_704_164_640;
    assert_eq!(
        s.user_token_with("alice", &UserTokenOptions::new().issued_at(iat))
            .as_str(),
        v2_token("user_token")
    );
    assert_eq!(
        s.user_token_with(
            "alice",
            &UserTokenOptions::new()
                .issued_at(iat)
                .expires_at(1_704_168_245)
        )
        .as_str(),
        v2_token("user_token_exp")
    );
    assert_eq!(
        s.call_token("alice", &["default:call-123"], None, Some(iat), None)
            .as_str(),
        v2_token("call_token")
    );
    assert_eq!(
        s.call_token(
            "alice",
            &["default:call-123", "livestream:live-1"],
            Some("admin"),
            Some(iat),
            Some(1_704_165_245)
        )
        .as_str(),
        v2_token("call_token_role_exp")
    );
    // The v2 SDK's server token is `{}`; ours is `{"server":true}`. Both count as server tokens.
    let recorded = s.verify(&v2_token("server_token"), NOW).unwrap();
    assert!(recorded.is_server());
    let ours = s.verify(s.server_token().as_str(), NOW).unwrap();
    assert!(ours.is_server());
    assert_eq!(ours.get("server"), Some(&Value::Bool(true)));
}

#[test]
fn recorded_user_tokens_decode_without_the_secret() {
    for name in ["user_token_alice_plain", "user_token_alice_extra"] {
        let claims = stream_auth::dangerous::decode_unverified(&python_token(name)).unwrap();
        assert_eq!(claims.user_id(), Some("alice"));
    }
}
