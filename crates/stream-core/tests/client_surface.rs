//! The client surface both facades share, driven through a client of our own: `StreamApi`'s
//! handles and tokens, `ClientSettings`' settings, `CallOptions` and the `Call` machine's budget.
use std::collections::HashMap;
use std::time::Duration;

use stream_core::endpoints::feed::FeedRef;
use stream_core::v2::TokenBuilder;
use stream_core::{
    ApiSecret, BuildError, Call, CallOptions, ClientSettings, Config, ConfigBuilder, Error, FeedId,
    Method, RetryPolicy, Step, StreamApi, Timeouts, Token, TransportErrorKind,
};

/// A client that only holds a configuration and a fixed clock.
struct Fixed(Config);

const NOW: u64 = 1_704_164_645;

impl StreamApi for Fixed {
    type Builder = Builder;

    fn config(&self) -> &Config {
        &self.0
    }

    fn now_unix(&self) -> u64 {
        NOW
    }
}

struct Builder(ConfigBuilder);

impl ClientSettings for Builder {
    type Client = Fixed;

    fn from_config_builder(config: ConfigBuilder) -> Self {
        Self(config)
    }

    fn map_config(self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        Self(change(self.0))
    }

    fn build(self) -> Result<Fixed, Error> {
        Ok(Fixed(self.0.build()?))
    }
}

fn client() -> Fixed {
    Fixed::builder("key123", "secret456")
        .build()
        .expect("client")
}

fn path(client: &Fixed, endpoint: &impl stream_core::Endpoint) -> String {
    let request = client.config().build_request(endpoint).expect("request");
    request.url_without_query().to_owned()
}

fn claims(client: &Fixed, token: &Token) -> serde_json::Value {
    let signer = client.config().signer().expect("secret");
    let claims = signer.verify(token.as_str(), NOW as i64).expect("verifies");
    serde_json::Value::Object(claims.into_map())
}

#[test]
fn every_handle_makes_its_family_s_endpoints() {
    let c = client();
    let api = "https://api.stream-io-api.com/api/v1.0/";
    let feed = c.feed("user", "alice").expect("valid");
    assert_eq!(path(&c, &feed.get()), format!("{api}feed/user/alice/"));
    let by_id = c.feed_by_id(FeedId::parse("timeline:bob").expect("valid"));
    assert_eq!(path(&c, &by_id.get()), format!("{api}feed/timeline/bob/"));
    assert!(c.feed("user", "no spaces").is_err());
    assert_eq!(
        path(&c, &c.reactions().get("r1")),
        format!("{api}reaction/r1/")
    );
    assert_eq!(
        path(&c, &c.collections().get("food", "burger")),
        format!("{api}collections/food/burger/")
    );
    assert_eq!(
        path(&c, &c.users().get("alice")),
        format!("{api}user/alice/")
    );
    assert!(path(&c, &c.files().delete("https://cdn/x")).ends_with("files/"));
    assert!(path(&c, &c.images().delete("https://cdn/x")).ends_with("images/"));
    assert!(path(&c, &c.og("https://example.com")).ends_with("og/"));
    assert!(path(&c, &c.audit_logs().user("alice")).ends_with("audit_logs/"));
    assert!(path(&c, &c.data_privacy().export_ids("alice")).contains("data_privacy"));
    assert!(path(&c, &c.moderation().flag_user("bob")).ends_with("moderation/flag"));
    assert!(path(&c, &c.activities().get_by_ids(["a1"])).ends_with("activities/"));
    assert!(
        path(&c, &c.personalization().follow_recommendations("alice"))
            .contains("follow_recommendations")
    );
    let _ = (c.analytics(), c.batch());
    assert!(path(&c, &c.v2_users().query(serde_json::Map::new())).contains("/api/v2/users"));
    assert!(path(&c, &c.video().call("default", "c1").get()).contains("/video/call/default/c1"));
}

#[test]
fn tokens_say_which_api_they_are_for_and_use_the_driver_s_clock() {
    let c = client();
    let v1 = claims(&c, &c.feeds_user_token("alice").expect("v1"));
    assert_eq!(v1, serde_json::json!({"user_id": "alice"}));
    assert!(c.feeds_user_token("").is_err());
    let read = claims(&c, &c.feed_read_only_token("user", "alice").expect("feed"));
    assert_eq!(read["feed_id"], "useralice");
    assert_eq!(read["action"], "read");
    assert!(c.feed_read_only_token("user", "a b").is_err());

    let v2 = claims(
        &c,
        &c.v2_user_token("alice", Some(Duration::from_secs(60)))
            .expect("v2"),
    );
    assert_eq!(v2["iat"], NOW - 5);
    assert_eq!(v2["exp"], NOW + 60);
    let call = claims(
        &c,
        &c.v2_call_token("bob", &["default:c1"], Some("admin"), None)
            .expect("call"),
    );
    assert_eq!(call["call_cids"], serde_json::json!(["default:c1"]));
    assert_eq!(call["role"], "admin");
    let forever = claims(
        &c,
        &c.v2_token(&TokenBuilder::new("carol").no_expiry())
            .expect("any"),
    );
    assert!(forever.get("exp").is_none());
}

fn js_token(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/golden/js_tokens.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("js tokens")).expect("json");
    v[name]["token"].as_str().expect("token").to_owned()
}

#[test]
fn read_write_and_extra_claim_tokens_match_the_official_clients() {
    let c = client();
    // JS `getReadWriteToken("user", "alice")`: the same claims (JS writes `resource` first).
    let rw = c.feed_read_write_token("user", "alice").expect("rw");
    let theirs = js_token("readwrite_token_user_alice");
    let theirs = claims(&c, &Token::new(theirs));
    assert_eq!(claims(&c, &rw), theirs);
    assert!(c.feed_read_write_token("user", "a b").is_err());

    // JS `createUserToken("alice", {company: "acme", tier: 2})`: byte-identical.
    let mut extra = serde_json::Map::new();
    extra.insert("company".into(), "acme".into());
    extra.insert("tier".into(), 2.into());
    let t = c
        .feeds_user_token_with_claims("alice", extra)
        .expect("extra");
    assert_eq!(t.as_str(), js_token("user_token_alice_extra"));

    // go2 `CreateUserTokenWithClaims("user", {"client": "go"})` with secret "secret"
    // (client_test.go `TestUserSessionTokenWithClaims`): the same claims (go2 sorts the keys,
    // we keep JS's order with `user_id` first).
    let go = Fixed::builder("key", "secret").build().expect("client");
    let go2_token = Token::new(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGllbnQiOiJnbyIsInVzZXJfaWQiOiJ1c2VyIn0.Us6UIuH83dJe1cXQIiudseFz9-1kVMr6-SL6-idzIB0",
    );
    let theirs = claims(&go, &go2_token);
    let mut claims_go = serde_json::Map::new();
    claims_go.insert("client".into(), "go".into());
    let mut hijack = claims_go.clone();
    hijack.insert("user_id".into(), "mallory".into());
    for extra in [claims_go, hijack] {
        let t = go.feeds_user_token_with_claims("user", extra).expect("go");
        assert_eq!(claims(&go, &t), theirs, "the user_id argument wins");
    }
    assert!(
        go.feeds_user_token_with_claims("", serde_json::Map::new())
            .is_err()
    );
}

#[test]
fn v2_tokens_take_an_absolute_expiry() {
    let c = client();
    // Node's `createToken(userId, exp)` with `exp` = now + 1 h.
    let at = claims(
        &c,
        &c.v2_token(&TokenBuilder::new("alice").expires_at(NOW + 3600))
            .expect("absolute"),
    );
    assert_eq!(at["exp"], NOW + 3600);
    assert_eq!(at["iat"], NOW - 5);
    assert_eq!(
        c.v2_token(&TokenBuilder::new("alice").expires_at(NOW + 3600))
            .expect("absolute"),
        c.v2_user_token("alice", Some(Duration::from_secs(3600)))
            .expect("relative"),
        "the same token as a relative hour"
    );
    assert!(
        c.v2_token(&TokenBuilder::new("alice").expires_at(NOW - 10))
            .is_err(),
        "an expiry before issue"
    );
}

#[test]
fn a_user_token_client_cannot_mint() {
    let token = client().feeds_user_token("alice").expect("token");
    let user = Fixed::builder_with_user_token("key123", token.as_str())
        .build()
        .expect("client");
    for minted in [
        user.feeds_user_token("alice"),
        user.feed_read_only_token("user", "alice"),
        user.feed_read_write_token("user", "alice"),
        user.feeds_user_token_with_claims("alice", serde_json::Map::new()),
        user.v2_user_token("alice", None),
    ] {
        assert!(
            matches!(minted, Err(Error::Build(BuildError::NeedsSecret { .. }))),
            "{minted:?}"
        );
    }
}

#[test]
fn settings_reach_the_configuration() {
    let policy = RetryPolicy {
        max_retries: 5,
        ..RetryPolicy::default()
    };
    let c = Fixed::builder("key123", "secret456")
        .location("eu-west")
        .app_id("789")
        .timeouts(Timeouts {
            request: Duration::from_secs(9),
            connect: Duration::from_secs(8),
        })
        .request_timeout(Duration::from_secs(7))
        .connect_timeout(Duration::from_secs(6))
        .retry_policy(policy.clone())
        .user_agent("my-app/1.0")
        .max_response_bytes(1024)
        .build()
        .expect("client");
    let config = c.config();
    assert!(config.urls().api.starts_with("https://eu-west-api."));
    assert_eq!(config.app_id(), Some("789"));
    assert_eq!(config.timeouts().request, Duration::from_secs(7));
    assert_eq!(config.timeouts().connect, Duration::from_secs(6));
    assert_eq!(config.retry_policy(), &policy);
    assert_eq!(config.user_agent(), "my-app/1.0");
    assert_eq!(config.max_response_bytes(), 1024);

    let local = Fixed::builder_from_config(Config::builder("k", ApiSecret::new("s")))
        .base_url("http://127.0.0.1:8000")
        .build()
        .expect("client");
    assert_eq!(local.config().urls().api, "http://127.0.0.1:8000/api/v1.0/");

    let zero = Fixed::builder("k", "s").max_response_bytes(0).build();
    assert!(matches!(zero, Err(Error::Build(_))), "{:?}", zero.err());
}

#[test]
fn environment_variables_configure_a_builder() {
    let vars = HashMap::from([
        ("STREAM_API_KEY", "key"),
        ("STREAM_API_SECRET", "secret"),
        ("STREAM_APP_ID", "42"),
    ]);
    let c = Builder::from_vars(|k| vars.get(k).map(|v| v.to_string()))
        .expect("vars")
        .build()
        .expect("client");
    assert_eq!(c.config().api_key(), "key");
    assert_eq!(c.config().app_id(), Some("42"));
    assert!(Builder::from_vars(|_| None).is_err());
}

#[test]
fn call_options_override_the_retry_policy_and_idempotency() {
    let c = client();
    let add = FeedRef::new("user", "alice").expect("valid").add_activity(
        stream_core::models::activity::NewActivity::new("alice", "post", "p:1"),
    );
    let plain = Call::new(c.config(), &add);
    assert_eq!(plain.request().map(|r| r.method), Some(Method::Post));
    assert_eq!(plain.request().map(|r| r.idempotent), Some(false));
    assert_eq!(plain.step_budget(), (2 + 1) * 2 + 2);

    let options = CallOptions::new()
        .retry_non_idempotent()
        .retry_policy(RetryPolicy::none());
    let call = Call::new(c.config(), &add).options(&options);
    assert_eq!(call.request().map(|r| r.idempotent), Some(true));
    assert_eq!(call.step_budget(), 2 + 2);
}

#[test]
fn a_driver_out_of_budget_gives_up_with_an_error() {
    let c = client();
    let get = FeedRef::new("user", "alice").expect("valid").get();
    let mut call = Call::new(c.config(), &get);
    assert!(matches!(call.poll(), Step::Send(_)));
    match call.give_up() {
        Err(Error::Transport(e)) => assert_eq!(e.kind, TransportErrorKind::Other),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(matches!(call.poll(), Step::Done(Err(_))));
}
