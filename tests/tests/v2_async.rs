//! The v2 API in `stream-async`: users, video calls, call types, error mapping and the tokens
//! the facade mints, each operation one short call, against the in-process emulator.
//! `v2_blocking.rs` drives the same list through `stream-blocking`.
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use stream_async::prelude::*;

use serde_json::{Map, Value, json};
use stream_async::core::AsyncTransport;
use stream_async::models::activity::NewActivity;
use stream_async::models::v2::{
    CallRequest, MemberRequest, PrivacySettings, UpdateUserPartialRequest, UserRequest,
};
use stream_async::{
    ApiSecret, Client, Endpoint, Error, ErrorCode, ReqwestTransport, Signer, Token,
};
use stream_emulator::Emulator;

async fn start() -> (Emulator, Client) {
    let emu = Emulator::start().await.expect("emulator starts");
    let client = Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    (emu, client)
}

fn user_client(emu: &Emulator, token: &Token) -> Client {
    Client::builder_with_user_token(emu.api_key(), token.as_str())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("user client")
}

/// The status of `endpoint` sent with `token` instead of the client's credentials (for tokens a
/// `Client` cannot be built from, such as a read-only feed token, which names no user).
async fn status_with_token<E: Endpoint>(client: &Client, endpoint: &E, token: &Token) -> u16 {
    let mut request = client.config().build_request(endpoint).expect("request");
    for h in request
        .headers
        .iter_mut()
        .filter(|h| h.name.eq_ignore_ascii_case("authorization"))
    {
        h.value = token.as_str().to_owned();
    }
    ReqwestTransport::new(client.config().timeouts())
        .expect("transport")
        .execute(&request)
        .await
        .expect("a response")
        .status
}

fn ids_filter(ids: &[&str]) -> Map<String, Value> {
    let mut filter = Map::new();
    filter.insert("id".into(), json!({ "$in": ids }));
    filter
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

async fn upsert_cast(client: &Client) -> Result<(), Error> {
    let users = client
        .send(client.v2_users().upsert([
            UserRequest::new("alice").name("Alice").role("admin"),
            UserRequest::new("bob").name("Bob"),
            UserRequest::new("carol").name("Carol"),
        ]))
        .await?;
    assert_eq!(users.users.len(), 3);
    Ok(())
}

#[tokio::test]
async fn users_upsert_query_update_deactivate() -> Result<(), Error> {
    let (_emu, client) = start().await;
    upsert_cast(&client).await?;

    let found = client
        .send(client.v2_users().query(ids_filter(&["alice", "bob"])))
        .await?;
    let mut ids: Vec<&str> = found.users.iter().map(|u| u.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["alice", "bob"]);

    let updated = client
        .send(
            client
                .v2_users()
                .update_partial([UpdateUserPartialRequest::new("alice")
                    .set("name", "Alice B")
                    .set("team_color", "blue")]),
        )
        .await?;
    let alice = updated.user("alice").expect("alice in the answer");
    assert_eq!(alice.name.as_deref(), Some("Alice B"));
    assert_eq!(alice.custom.value("team_color"), Some(json!("blue")));

    let off = client
        .send(client.v2_users().deactivate("carol").created_by_id("alice"))
        .await?;
    assert!(off.user.and_then(|u| u.deactivated_at).is_some());
    let visible = client
        .send(client.v2_users().query(ids_filter(&["carol"])))
        .await?;
    assert!(visible.users.is_empty(), "deactivated users are hidden");
    let all = client
        .send(
            client
                .v2_users()
                .query(ids_filter(&["carol"]))
                .include_deactivated_users(true),
        )
        .await?;
    assert_eq!(all.users.len(), 1);

    let on = client.send(client.v2_users().reactivate("carol")).await?;
    assert!(on.user.and_then(|u| u.deactivated_at).is_none());
    let visible = client
        .send(client.v2_users().query(ids_filter(&["carol"])))
        .await?;
    assert_eq!(visible.users.len(), 1);
    Ok(())
}

#[tokio::test]
async fn privacy_settings_are_typed_on_the_way_in_and_out() -> Result<(), Error> {
    let (_emu, client) = start().await;
    let users = client.v2_users();
    let quiet =
        UserRequest::new("pat").privacy_settings(PrivacySettings::new().typing_indicators(false));
    let upserted = client.send(users.upsert([quiet])).await?;
    let settings = upserted
        .user("pat")
        .and_then(|u| u.privacy_settings.clone())
        .expect("privacy settings");
    assert_eq!(settings.typing_indicators_enabled(), Some(false));
    assert_eq!(settings.read_receipts_enabled(), None);
    let updated = client
        .send(
            users.update_partial([UpdateUserPartialRequest::new("pat").set(
                "privacy_settings",
                json!({"read_receipts": {"enabled": false}}),
            )]),
        )
        .await?;
    let settings = updated
        .user("pat")
        .and_then(|u| u.privacy_settings.clone())
        .expect("privacy settings");
    assert_eq!(
        (
            settings.typing_indicators_enabled(),
            settings.read_receipts_enabled()
        ),
        (Some(false), Some(false))
    );
    Ok(())
}

#[tokio::test]
async fn call_lifecycle_with_members() -> Result<(), Error> {
    let (_emu, client) = start().await;
    upsert_cast(&client).await?;
    let call = client.video().call("default", "standup-1");

    let created = client
        .send(
            call.get_or_create().data(
                CallRequest::new()
                    .created_by_id("alice")
                    .member(MemberRequest::new("alice").role("host"))
                    .member(MemberRequest::new("bob")),
            ),
        )
        .await?;
    assert_eq!(created.call.cid, "default:standup-1");
    assert_eq!(created.members.len(), 2);

    let got = client.send(call.get()).await?;
    assert_eq!(got.call.id, "standup-1");
    assert_eq!(
        got.call.created_by.as_ref().map(|u| u.id.as_str()),
        Some("alice")
    );

    let updated = client
        .send(call.update().custom("topic", "planning"))
        .await?;
    assert_eq!(updated.call.custom.value("topic"), Some(json!("planning")));

    client
        .send(
            call.update_call_members()
                .update(MemberRequest::new("carol").role("admin"))
                .remove("bob"),
        )
        .await?;
    let members = client.send(call.query_members()).await?;
    let mut ids: Vec<&str> = members.members.iter().map(|m| m.user_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["alice", "carol"]);
    let members = client
        .send(client.video().query_call_members("default", "standup-1"))
        .await?;
    assert_eq!(members.members.len(), 2);

    let calls = client.send(client.video().query_calls()).await?;
    assert!(
        calls
            .calls
            .iter()
            .any(|c| c.call.cid == "default:standup-1")
    );

    client.send(call.end()).await?;
    let ended = client.send(call.get()).await?;
    assert!(ended.call.ended_at.is_some());

    let types = client.send(client.video().call_types()).await?;
    assert!(types.call_types.contains_key("default"), "{types:?}");
    let livestream = client.send(client.video().call_type("livestream")).await?;
    assert_eq!(livestream.name, "livestream");
    Ok(())
}

#[tokio::test]
async fn a_member_who_is_not_a_user_is_a_typed_input_error() -> Result<(), Error> {
    let (_emu, client) = start().await;
    upsert_cast(&client).await?;
    let err = client
        .send(
            client
                .video()
                .call("default", "ghost-call")
                .get_or_create()
                .data(
                    CallRequest::new()
                        .created_by_id("alice")
                        .member(MemberRequest::new("ghost")),
                ),
        )
        .await
        .expect_err("ghost is not a user");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 400, "{api:?}");
    assert_eq!(api.raw_code, Some(4));
    assert_eq!(api.code, Some(ErrorCode::Input));
    let message = api.detail.as_deref().unwrap_or_default();
    assert!(message.contains("ghost"), "{message}");
    assert!(err.to_string().contains("ghost"), "{err}");
    Ok(())
}

#[tokio::test]
async fn tokens_minted_by_the_facade_verify_with_the_app_secret() -> Result<(), Error> {
    let (emu, client) = start().await;
    let signer = Signer::new(&ApiSecret::new(emu.api_secret()));

    let token = client.v2_user_token("alice", None)?;
    let claims = signer.verify(token.as_str(), now()).expect("valid");
    assert_eq!(claims.user_id(), Some("alice"));
    let iat = claims.get("iat").and_then(Value::as_i64).expect("iat");
    let exp = claims.get("exp").and_then(Value::as_i64).expect("exp");
    assert_eq!(exp - iat, 3600 + 5, "one hour, iat backdated 5 s");
    assert!((now() - 10..=now()).contains(&iat));

    let call = client.v2_call_token("bob", &["default:standup-1"], Some("admin"), None)?;
    let claims = signer.verify(call.as_str(), now()).expect("valid");
    assert_eq!(claims.get("call_cids"), Some(&json!(["default:standup-1"])));
    assert_eq!(claims.get("role"), Some(&json!("admin")));

    let forever = client.v2_token(&stream_async::v2::TokenBuilder::new("carol").no_expiry())?;
    let claims = signer.verify(forever.as_str(), now()).expect("valid");
    assert!(claims.get("exp").is_none());

    let v1 = client.feeds_user_token("alice")?;
    let claims = signer.verify(v1.as_str(), now()).expect("valid");
    assert_eq!(claims.as_map().len(), 1, "just user_id: {claims:?}");

    let user_only = user_client(&emu, &v1);
    let err = user_only
        .v2_user_token("alice", None)
        .expect_err("no secret");
    assert!(matches!(err, Error::Build(_)), "{err:?}");
    assert!(client.feed_read_only_token("user", "al:ice").is_err());
    assert!(client.feeds_user_token("").is_err());
    Ok(())
}

#[tokio::test]
async fn a_user_token_with_expiry_works_until_exp() -> Result<(), Error> {
    let (emu, client) = start().await;
    let token = client.v2_user_token("alice", Some(Duration::from_secs(2)))?;
    let alice = user_client(&emu, &token);
    let page = alice
        .send(alice.feed("user", "alice")?.get().limit(5))
        .await?;
    assert!(page.results.is_empty());
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let err = alice
        .send(alice.feed("user", "alice")?.get().limit(5))
        .await
        .expect_err("expired");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 401, "{api:?}");
    Ok(())
}

#[tokio::test]
async fn v1_tokens_work_against_the_emulator() -> Result<(), Error> {
    let (emu, client) = start().await;
    let reader = client.feed_read_only_token("user", "alice")?;
    let alice_feed = client.feed("user", "alice")?;
    assert_eq!(
        status_with_token(&client, &alice_feed.get(), &reader).await,
        200
    );
    let bob_feed = client.feed("user", "bob")?;
    assert_eq!(
        status_with_token(&client, &bob_feed.get(), &reader).await,
        403
    );
    let write = alice_feed.add_activity(NewActivity::new("alice", "post", "post:1"));
    assert_eq!(status_with_token(&client, &write, &reader).await, 403);

    let alice = user_client(&emu, &client.feeds_user_token("alice")?);
    alice
        .send(
            alice
                .feed("user", "alice")?
                .add_activity(NewActivity::new("alice", "post", "post:2")),
        )
        .await?;
    let page = alice.send(alice.feed("user", "alice")?.get()).await?;
    assert_eq!(page.results.len(), 1);
    Ok(())
}
