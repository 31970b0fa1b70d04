//! Tokens cross over with the `jsonwebtoken` crate both ways.
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Map, Value, json};
use stream_auth::{ApiSecret, Signer, UserTokenOptions, VerifyError};

const SECRET: &str = "secret456";

fn validation() -> Validation {
    let mut v = Validation::new(Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    v
}

#[test]
fn jsonwebtoken_accepts_ours() {
    let s = Signer::new(&ApiSecret::new(SECRET));
    let key = DecodingKey::from_secret(SECRET.as_bytes());
    let token = s.user_token_with(
        "alice",
        &UserTokenOptions::new()
            .issued_at(1)
            .expires_at(2)
            .claim("ünï", "€😀\n"),
    );
    let data =
        jsonwebtoken::decode::<Map<String, Value>>(token.as_str(), &key, &validation()).unwrap();
    assert_eq!(
        Value::Object(data.claims),
        json!({"iat":1,"user_id":"alice","ünï":"€😀\n","exp":2})
    );
    assert!(
        jsonwebtoken::decode::<Value>(
            s.read_only_feed_token("user", "alice").as_str(),
            &key,
            &validation()
        )
        .is_ok()
    );
}

#[test]
fn we_accept_jsonwebtokens_and_refuse_its_other_algorithms() {
    let s = Signer::new(&ApiSecret::new(SECRET));
    let key = EncodingKey::from_secret(SECRET.as_bytes());
    let claims = json!({"user_id":"alice","exp":100});
    // jsonwebtoken writes `{"typ":"JWT","alg":"HS256"}`: another header, same meaning.
    let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap();
    assert_eq!(s.verify(&token, 99).unwrap().user_id(), Some("alice"));
    assert_eq!(s.verify(&token, 100).unwrap_err(), VerifyError::Expired);
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        let token = jsonwebtoken::encode(&Header::new(alg), &claims, &key).unwrap();
        assert_eq!(
            s.verify(&token, 0).unwrap_err(),
            VerifyError::UnsupportedAlgorithm
        );
    }
}
