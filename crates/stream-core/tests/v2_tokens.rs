//! Our v2 tokens are byte-identical to the ones the official Python SDK minted
//! (`tests/fixtures/golden/v2_python_tokens.json`, clock frozen at 1704164645).
use std::time::Duration;

use serde_json::Value;
use stream_core::v2::{TokenBuilder, create_call_token, create_token};
use stream_core::{ApiSecret, Config, Signer};

const NOW: u64 = 1_704_164_645;

fn golden(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/golden/v2_python_tokens.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["tokens"][name]["token"].as_str().unwrap().to_owned()
}

fn signer() -> Signer {
    Signer::new(&ApiSecret::new("secret456"))
}

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .build()
        .unwrap()
}

#[test]
fn user_token_without_expiry_matches_python() {
    let t = TokenBuilder::new("alice")
        .no_expiry()
        .sign(&signer(), NOW)
        .unwrap();
    assert_eq!(t.as_str(), golden("user_token"));
}

#[test]
fn user_token_defaults_to_one_hour_and_matches_python_expiration_3600() {
    let t = TokenBuilder::new("alice").sign(&signer(), NOW).unwrap();
    assert_eq!(t.as_str(), golden("user_token_exp"));
    let t = create_token(&config(), "alice", None, NOW).unwrap();
    assert_eq!(t.as_str(), golden("user_token_exp"));
    let t = create_token(&config(), "alice", Some(Duration::from_secs(3600)), NOW).unwrap();
    assert_eq!(t.as_str(), golden("user_token_exp"));
}

#[test]
fn call_tokens_match_python() {
    let t = TokenBuilder::new("alice")
        .no_expiry()
        .call_cids(["default:call-123"])
        .sign(&signer(), NOW)
        .unwrap();
    assert_eq!(t.as_str(), golden("call_token"));
    let t = create_call_token(
        &config(),
        "alice",
        &["default:call-123", "livestream:live-1"],
        Some("admin"),
        Some(Duration::from_secs(600)),
        NOW,
    )
    .unwrap();
    assert_eq!(t.as_str(), golden("call_token_role_exp"));
}

#[test]
fn iat_is_backdated_and_exp_relative_to_now() {
    let t = TokenBuilder::new("bob")
        .validity(Duration::from_secs(60))
        .sign(&signer(), NOW)
        .unwrap();
    let claims = signer().verify(t.as_str(), NOW as i64).unwrap();
    assert_eq!(claims.get("iat"), Some(&Value::from(NOW as i64 - 5)));
    assert_eq!(claims.get("exp"), Some(&Value::from(NOW as i64 + 60)));
    assert!(
        signer().verify(t.as_str(), NOW as i64 + 61).is_err(),
        "expired"
    );
}

#[test]
fn bad_input_is_refused() {
    assert!(TokenBuilder::new("").sign(&signer(), NOW).is_err());
    assert!(
        TokenBuilder::new("a")
            .role("admin")
            .sign(&signer(), NOW)
            .is_err()
    );
    assert!(
        TokenBuilder::new("a")
            .call_cids(Vec::<String>::new())
            .sign(&signer(), NOW)
            .is_err()
    );
    assert!(
        TokenBuilder::new("a")
            .call_cids(["nocolon"])
            .sign(&signer(), NOW)
            .is_err()
    );
    let user_cfg = Config::builder_with_user_token("key123", signer().user_token("alice"))
        .build()
        .unwrap();
    assert!(create_token(&user_cfg, "alice", None, NOW).is_err());
}

#[test]
fn server_token_forms_are_both_server_tokens() {
    let python = golden("server_token");
    assert!(signer().verify(&python, NOW as i64).unwrap().is_server());
    let ours = signer().server_token();
    assert!(
        signer()
            .verify(ours.as_str(), NOW as i64)
            .unwrap()
            .is_server()
    );
}
