//! Secret material never shows up in `Debug` or `Display` output.
use stream_auth::{ApiSecret, Signer, Token, VerifyError};

const SECRET: &str = "secret456-do-not-print";

fn shown(value: &impl std::fmt::Debug) -> String {
    format!("{value:?} {value:#?}")
}

#[test]
fn api_secret_debug_is_redacted() {
    let s = ApiSecret::new(SECRET);
    assert_eq!(format!("{s:?}"), "ApiSecret(<redacted>)");
    assert!(!shown(&s).contains("secret456"));
    // Nested in other types too.
    assert!(!shown(&Some(vec![s.clone()])).contains("secret456"));
}

#[test]
fn token_debug_is_redacted() {
    let signer = Signer::new(&ApiSecret::new(SECRET));
    let t = signer.user_token("alice");
    let sig = t.as_str().rsplit_once('.').unwrap().1.to_owned();
    assert_eq!(format!("{t:?}"), "Token(<redacted>)");
    let out = shown(&t);
    assert!(!out.contains("eyJ") && !out.contains(&sig), "{out}");
    let wrapped = Token::new(t.as_str());
    assert!(!shown(&(wrapped, "x")).contains(&sig));
}

#[test]
fn signer_debug_shows_no_key_material() {
    let signer = Signer::new(&ApiSecret::new(SECRET));
    let out = shown(&signer);
    assert_eq!(format!("{signer:?}"), "Signer(<redacted>)");
    assert!(!out.contains("secret456"), "{out}");
    // No state words either (HMAC states are derived from the key).
    assert!(!out.contains("state") && !out.contains("0x"), "{out}");
}

#[test]
fn verify_errors_show_neither_token_nor_secret() {
    let signer = Signer::new(&ApiSecret::new(SECRET));
    let good = signer.user_token("alice").into_string();
    let sig = good.rsplit_once('.').unwrap().1.to_owned();
    let other = Signer::new(&ApiSecret::new("other"));
    let errors = [
        other.verify(&good, 0).unwrap_err(),
        signer.verify(&format!("Bearer {good}"), 0).unwrap_err(),
        signer.verify(&format!("{good}.{sig}"), 0).unwrap_err(),
        signer
            .verify(&signer.sign_json(r#"{"exp":1}"#).into_string(), 2)
            .unwrap_err(),
        signer
            .verify(&signer.sign_json(r#"{"nbf":3}"#).into_string(), 2)
            .unwrap_err(),
        signer.verify("e30.e30.e30", 0).unwrap_err(),
    ];
    for e in errors {
        let out = format!("{e} {e:?} {e:#?}");
        assert!(!out.contains("eyJ") && !out.contains(&sig), "{out}");
        assert!(
            !out.contains("secret456") && !out.contains("alice"),
            "{out}"
        );
    }
    assert_eq!(
        VerifyError::BadSignature.to_string(),
        "token signature does not match"
    );
}

#[test]
fn claims_do_not_carry_the_signature() {
    let signer = Signer::new(&ApiSecret::new(SECRET));
    let token = signer.user_token("alice").into_string();
    let mut parts = token.split('.');
    let (header, payload, sig) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    for claims in [
        signer.verify(&token, 0).unwrap(),
        stream_auth::dangerous::decode_unverified(&token).unwrap(),
    ] {
        let out = format!(
            "{claims:?} {claims:#?} {}",
            serde_json::to_string(claims.as_map()).unwrap()
        );
        for part in [header, payload, sig] {
            assert!(!out.contains(part), "{out}");
        }
        assert!(!out.contains("HS256"), "{out}");
        assert!(!out.contains("secret456"), "{out}");
        assert!(out.contains("alice"));
    }
}
