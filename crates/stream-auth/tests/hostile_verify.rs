//! Hostile tokens: `verify` and `decode_unverified` never panic on any input, accept
//! nothing but an untouched HS256 token signed with the right secret, and refuse `alg: none`,
//! other algorithms, tampered payloads, swapped signatures, oversized and malformed tokens with
//! a typed [`VerifyError`]. The proptest equivalent of the `verify_token` fuzz target in `fuzz/`.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use proptest::prelude::*;
use stream_auth::{ApiSecret, MAX_TOKEN_LEN, Scope, Signer, VerifyError, dangerous};

fn signer() -> Signer {
    Signer::new(&ApiSecret::new("secret456"))
}

fn b64(s: &str) -> String {
    B64.encode(s.as_bytes())
}

fn genuine() -> String {
    signer().scoped(&Scope::all()).into_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_string_is_refused_without_panicking(token in any::<String>(), now in any::<i64>()) {
        prop_assert!(signer().verify(&token, now).is_err());
        let _ = dangerous::decode_unverified(&token);
    }

    #[test]
    fn any_three_parts_are_refused(
        h in "[A-Za-z0-9_=+/-]{0,40}",
        p in "[A-Za-z0-9_=+/-]{0,80}",
        s in "[A-Za-z0-9_=+/-]{0,60}",
    ) {
        let token = format!("{h}.{p}.{s}");
        prop_assert!(signer().verify(&token, 0).is_err());
        let _ = dangerous::decode_unverified(&token);
    }

    #[test]
    fn every_single_byte_change_is_refused(at in any::<prop::sample::Index>(), b in any::<u8>()) {
        let token = genuine();
        let mut bytes = token.clone().into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != b);
        bytes[i] = b;
        let Ok(changed) = String::from_utf8(bytes) else { return Ok(()); };
        // Base64url without padding has some slack in the last character's low bits; those
        // changes decode to the same bytes and are not a forgery.
        let same = changed.split('.').zip(token.split('.')).all(|(a, b)| {
            B64.decode(a).ok().zip(B64.decode(b).ok()).is_some_and(|(x, y)| x == y)
        });
        prop_assume!(!same);
        prop_assert!(signer().verify(&changed, 0).is_err(), "{changed}");
    }

    #[test]
    fn truncations_and_extensions_are_refused(cut in any::<prop::sample::Index>(), tail in ".{1,8}") {
        let token = genuine();
        let at = cut.index(token.len());
        prop_assert!(signer().verify(&token[..at], 0).is_err());
        let (after, before) = (format!("{token}{tail}"), format!("{tail}{token}"));
        prop_assert!(signer().verify(&after, 0).is_err());
        prop_assert!(signer().verify(&before, 0).is_err());
    }

    #[test]
    fn any_claims_under_another_algorithm_are_refused(
        alg in prop_oneof![
            Just("none".to_owned()), Just("None".to_owned()), Just("NONE".to_owned()),
            Just("HS512".to_owned()), Just("hs256".to_owned()), Just("RS256".to_owned()),
            Just("HS256 ".to_owned()), any::<String>(),
        ],
        claims in any::<String>(),
    ) {
        prop_assume!(alg != "HS256");
        let header = serde_json::json!({"alg": alg, "typ": "JWT"}).to_string();
        let payload = serde_json::json!({"resource": "*", "action": "*", "feed_id": "*", "x": claims}).to_string();
        let unsigned = format!("{}.{}", b64(&header), b64(&payload));
        // Even with a real HS256 signature over these bytes, a non-HS256 header is refused.
        let sig = genuine().rsplit('.').next().unwrap_or_default().to_owned();
        for token in [format!("{unsigned}."), unsigned.clone(), format!("{unsigned}.{sig}")] {
            prop_assert!(signer().verify(&token, 0).is_err());
        }
    }
}

#[test]
fn alg_none_and_missing_alg_are_unsupported() {
    let payload = b64(r#"{"resource":"*","action":"*","feed_id":"*"}"#);
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"none"}"#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["HS256"]}"#,
    ] {
        let token = format!("{}.{payload}.", b64(header));
        assert_eq!(
            signer().verify(&token, 0),
            Err(VerifyError::UnsupportedAlgorithm),
            "{header}"
        );
    }
}

#[test]
fn a_payload_swapped_under_a_genuine_signature_is_refused() {
    let genuine = signer().read_only_feed_token("user", "alice").into_string();
    let mut parts = genuine.split('.');
    let (h, _, s) = (parts.next(), parts.next(), parts.next());
    let forged = format!(
        "{}.{}.{}",
        h.unwrap_or_default(),
        b64(r#"{"action":"*","resource":"*","feed_id":"*"}"#),
        s.unwrap_or_default()
    );
    assert_eq!(signer().verify(&forged, 0), Err(VerifyError::BadSignature));
    let other = Signer::new(&ApiSecret::new("attacker")).scoped(&Scope::all());
    assert_eq!(
        signer().verify(other.as_str(), 0),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn oversized_and_deeply_nested_tokens_are_refused() {
    // Refused by their size or shape (no stack overflow on deep nesting); how fast is a matter
    // for the criterion benches, not for a test.
    let huge = format!("{}.{}.{}", "a".repeat(MAX_TOKEN_LEN), "b", "c");
    assert!(matches!(
        signer().verify(&huge, 0),
        Err(VerifyError::Malformed(_))
    ));
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let token = format!("{}.{}.", b64(r#"{"alg":"HS256"}"#), b64(&nested));
    assert!(signer().verify(&token, 0).is_err());
    assert!(dangerous::decode_unverified(&token).is_err());
    let nested_header = format!("{}.e30.", b64(&nested));
    assert!(signer().verify(&nested_header, 0).is_err());
}

#[test]
fn expired_and_not_yet_valid_tokens_are_refused_at_the_edges() {
    let s = signer();
    let exp = s.sign_json(r#"{"user_id":"a","exp":100}"#);
    assert!(s.verify(exp.as_str(), 99).is_ok());
    assert_eq!(s.verify(exp.as_str(), 100), Err(VerifyError::Expired));
    assert_eq!(s.verify(exp.as_str(), i64::MAX), Err(VerifyError::Expired));
    let nbf = s.sign_json(r#"{"user_id":"a","nbf":100}"#);
    assert_eq!(s.verify(nbf.as_str(), 99), Err(VerifyError::NotYetValid));
    assert_eq!(
        s.verify(nbf.as_str(), i64::MIN),
        Err(VerifyError::NotYetValid)
    );
    for odd in [
        r#"{"exp":"100"}"#,
        r#"{"exp":[]}"#,
        r#"{"exp":1e400}"#,
        r#"{"exp":-1e308}"#,
        r#"{"exp":18446744073709551616}"#,
        r#"{"nbf":NaN}"#,
    ] {
        // Never a panic; a refusal or (for times never reached) an acceptance.
        let _ = s.verify(s.sign_json(odd).as_str(), 0);
    }
}
