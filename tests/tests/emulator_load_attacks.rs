//! Attacks: the emulator refuses forged, expired, misused and out-of-scope credentials
//! and malformed or oversized bodies with the service's status and error body, and the SDK
//! surfaces them as typed [`ApiError`]s. Facade clients are used wherever the SDK can express
//! the attack; tokens it would never send (alg `none`, a tampered payload, a feed token) are put
//! on an SDK-built request and sent with the blocking facade's own transport.
use std::time::Duration;
use stream_blocking::prelude::*;

use serde_json::Map;
use stream_async::models::activity::NewActivity;
use stream_async::{Client, Error};
use stream_blocking::UreqTransport;
use stream_core::{
    ApiError, ApiSecret, Body, Config, Endpoint, Request, Signer, Timeouts, Transport,
};
use stream_emulator::Emulator;

const ALG_NONE_HEADER: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";

async fn emulator() -> Emulator {
    Emulator::start().await.expect("emulator starts")
}

fn client(emu: &Emulator, key: &str, secret: &str) -> Client {
    Client::builder(key, secret)
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn user_client(emu: &Emulator, token: String) -> Client {
    Client::builder_with_user_token(emu.api_key(), token)
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn signer(emu: &Emulator) -> Signer {
    Signer::new(&ApiSecret::new(emu.api_secret()))
}

fn now() -> i64 {
    i64::try_from(stream_tests::now_unix()).unwrap_or(i64::MAX)
}

/// The request the SDK builds for `endpoint`, with `token` instead of its own.
fn request_with_token(emu: &Emulator, endpoint: &impl Endpoint, token: &str) -> Request {
    let config = Config::builder(emu.api_key(), ApiSecret::new(emu.api_secret()))
        .base_url(emu.base_url())
        .build()
        .expect("config");
    let mut request = config.build_request(endpoint).expect("request");
    for h in &mut request.headers {
        if h.name.eq_ignore_ascii_case("authorization") {
            h.value = token.to_owned();
        }
    }
    request
}

/// Sends `request` with the blocking facade's transport (off the async runtime) and reads a
/// refusal the way the SDK does.
async fn refused(request: Request) -> ApiError {
    let response = tokio::task::spawn_blocking(move || {
        UreqTransport::new(Timeouts {
            request: Duration::from_secs(5),
            connect: Duration::from_secs(1),
        })
        .execute(&request)
        .map(|r| ApiError::from_response(request.op, &r))
    })
    .await
    .expect("joined")
    .expect("the emulator answered");
    assert!(response.status >= 400, "not refused: {response:?}");
    response
}

#[track_caller]
fn assert_refusal(e: &ApiError, status: u16, code: i64, exception: &str) {
    assert_eq!(e.status, status, "{e}");
    assert_eq!(e.raw_code, Some(code), "{e}");
    assert_eq!(e.exception.as_deref(), Some(exception), "{e}");
    assert!(e.detail.as_deref().is_some_and(|d| !d.is_empty()), "{e}");
    assert!(e.body_snippet.is_none(), "a Stream error body: {e}");
}

#[track_caller]
fn api(result: Result<impl std::fmt::Debug, Error>) -> ApiError {
    match result {
        Err(Error::Api(e)) => *e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn wrong_credentials_are_refused() -> Result<(), Error> {
    let emu = emulator().await;
    let feed = stream_core::endpoints::feed::FeedRef::new("user", "alice")?;

    let wrong_key = client(&emu, "nope", emu.api_secret());
    assert_refusal(
        &api(wrong_key.send(feed.get()).await),
        401,
        2,
        "ApiKeyException",
    );

    let wrong_secret = client(&emu, emu.api_key(), "not-the-secret");
    assert_refusal(
        &api(wrong_secret.send(feed.get()).await),
        401,
        3,
        "SignatureException",
    );

    let expired = signer(&emu).user_token_with(
        "alice",
        &stream_auth::UserTokenOptions {
            exp: Some(now() - 60),
            ..Default::default()
        },
    );
    let expired = user_client(&emu, expired.into_string());
    assert_refusal(
        &api(expired.send(feed.get()).await),
        401,
        3,
        "SignatureException",
    );
    Ok(())
}

#[tokio::test]
async fn forged_tokens_are_refused() -> Result<(), Error> {
    let emu = emulator().await;
    let feed = stream_core::endpoints::feed::FeedRef::new("user", "alice")?;
    let everything = Signer::new(&ApiSecret::new("attacker")).scoped(&stream_core::Scope::all());
    let payload = everything
        .as_str()
        .split('.')
        .nth(1)
        .unwrap_or_default()
        .to_owned();

    // alg: none, with and without a signature part.
    for token in [
        format!("{ALG_NONE_HEADER}.{payload}."),
        format!("{ALG_NONE_HEADER}.{payload}"),
    ] {
        let e = refused(request_with_token(&emu, &feed.get(), &token)).await;
        assert_refusal(&e, 401, 3, "SignatureException");
    }

    // A genuine read-only token whose payload was swapped for one granting everything.
    let genuine = signer(&emu)
        .read_only_feed_token("user", "alice")
        .into_string();
    let mut parts = genuine.split('.');
    let (header, _, signature) = (parts.next(), parts.next(), parts.next());
    let tampered = format!(
        "{}.{payload}.{}",
        header.unwrap_or_default(),
        signature.unwrap_or_default()
    );
    let add = feed.add_activity(NewActivity::new("alice", "post", "post:1"));
    let e = refused(request_with_token(&emu, &add, &tampered)).await;
    assert_refusal(&e, 401, 3, "SignatureException");

    // Garbage in the Authorization header.
    for token in ["", "Bearer", "a.b.c", "....", &"x".repeat(70_000)] {
        let e = refused(request_with_token(&emu, &feed.get(), token)).await;
        assert_eq!(e.status, 401, "{e}");
    }
    Ok(())
}

#[tokio::test]
async fn tokens_are_held_to_their_scope() -> Result<(), Error> {
    let emu = emulator().await;
    let s = signer(&emu);
    let alice = stream_core::endpoints::feed::FeedRef::new("user", "alice")?;
    let bob = stream_core::endpoints::feed::FeedRef::new("user", "bob")?;
    let post = || NewActivity::new("mallory", "post", "post:x");

    // A feed token for user:alice used on user:bob, to read and to write.
    let alice_token = s.feed_token("user", "alice").into_string();
    let e = refused(request_with_token(&emu, &bob.get(), &alice_token)).await;
    assert_refusal(&e, 403, 17, "NotAllowedException");
    let e = refused(request_with_token(
        &emu,
        &bob.add_activity(post()),
        &alice_token,
    ))
    .await;
    assert_refusal(&e, 403, 17, "NotAllowedException");

    // A read-only token used to write, to the feed it is for.
    let read_only = s.read_only_feed_token("user", "alice").into_string();
    let e = refused(request_with_token(
        &emu,
        &alice.add_activity(post()),
        &read_only,
    ))
    .await;
    assert_refusal(&e, 403, 17, "NotAllowedException");

    // A user token writing another user's feed and editing another user.
    let server = client(&emu, emu.api_key(), emu.api_secret());
    server.send(server.users().add("bob")).await?;
    let mallory = user_client(&emu, s.user_token("mallory").into_string());
    let e = api(mallory.send(bob.add_activity(post())).await);
    assert_refusal(&e, 403, 17, "NotAllowedException");
    let e = api(mallory
        .send(mallory.users().update("bob", Map::new()))
        .await);
    assert_refusal(&e, 403, 17, "NotAllowedException");

    // Nothing refused was written.
    assert!(server.send(bob.get()).await?.results.is_empty());
    assert!(server.send(alice.get()).await?.results.is_empty());
    Ok(())
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_refused_without_harm() -> Result<(), Error> {
    let emu = emulator().await;
    let alice = stream_core::endpoints::feed::FeedRef::new("user", "alice")?;
    let token = signer(&emu)
        .scoped(&stream_core::Scope::all())
        .into_string();
    let add = alice.add_activity(NewActivity::new("alice", "post", "post:1"));
    let with_body = |bytes: Vec<u8>| {
        let mut r = request_with_token(&emu, &add, &token);
        r.body = Some(Body::json(bytes));
        r
    };
    for bad in [
        br#"{"actor":"alice","verb":"#.to_vec(),
        b"not json at all".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x7b],
        b"[1,2,3]".to_vec(),
        br#"{"actor":1,"verb":[],"object":{}}"#.to_vec(),
        "{\"a\":".repeat(10_000).into_bytes(),
    ] {
        let e = refused(with_body(bad)).await;
        assert_eq!(e.status, 400, "{e}");
        assert_eq!(e.raw_code, Some(4), "{e}");
    }
    let huge = format!(
        r#"{{"actor":"alice","verb":"post","object":"{}"}}"#,
        "x".repeat(2 << 20)
    );
    let e = refused(with_body(huge.into_bytes())).await;
    assert_refusal(&e, 413, 18, "InputException");

    // Still serving, and nothing was written.
    let server = client(&emu, emu.api_key(), emu.api_secret());
    assert!(server.send(alice.get()).await?.results.is_empty());
    Ok(())
}
