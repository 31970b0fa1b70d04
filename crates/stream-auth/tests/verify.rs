//! `Signer::verify` and `dangerous::decode_unverified`: what they refuse, and that nothing a
//! caller sends makes them panic.
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use stream_auth::dangerous::decode_unverified;
use stream_auth::{ApiSecret, MAX_TOKEN_LEN, Signer, VerifyError};

const SECRET: &str = "secret456";
const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const NOW: i64 = 1_700_000_000;

fn signer() -> Signer {
    Signer::new(&ApiSecret::new(SECRET))
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with any header and payload bytes, correctly HS256-signed with `secret`.
fn forge(header: &[u8], payload: &[u8], secret: &str) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

fn signed(payload: &str) -> String {
    forge(HS256.as_bytes(), payload.as_bytes(), SECRET)
}

fn verify(token: &str) -> Result<stream_auth::Claims, VerifyError> {
    signer().verify(token, NOW)
}

fn is_malformed(r: Result<stream_auth::Claims, VerifyError>) -> bool {
    matches!(r, Err(VerifyError::Malformed(_)))
}

#[test]
fn accepts_a_forged_reference_token() {
    // Our forge helper agrees with the signer, so the tests below test what they claim.
    let token = signed(r#"{"user_id":"alice"}"#);
    assert_eq!(token, signer().user_token("alice").as_str());
    assert_eq!(verify(&token).unwrap().user_id(), Some("alice"));
}

#[test]
fn refuses_every_algorithm_but_hs256() {
    let payload = br#"{"user_id":"alice"}"#;
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"None"}"#,
        r#"{"alg":"RS256","typ":"JWT"}"#,
        r#"{"alg":"HS512","typ":"JWT"}"#,
        r#"{"alg":"hs256","typ":"JWT"}"#,
        r#"{"alg":"HS256 ","typ":"JWT"}"#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":null}"#,
        r#"{"alg":256}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{}"#,
    ] {
        // Even with a valid HS256 MAC over the whole thing.
        let token = forge(header.as_bytes(), payload, SECRET);
        assert_eq!(
            verify(&token).unwrap_err(),
            VerifyError::UnsupportedAlgorithm,
            "{header}"
        );
        assert_eq!(
            decode_unverified(&token).unwrap_err(),
            VerifyError::UnsupportedAlgorithm
        );
        // The classic `alg: none` form with an empty signature.
        let unsigned = format!("{}.{}.", b64(header.as_bytes()), b64(payload));
        assert!(verify(&unsigned).is_err(), "{header}");
    }
}

#[test]
fn refuses_a_bad_signature() {
    let s = signer();
    let other = forge(HS256.as_bytes(), br#"{"user_id":"alice"}"#, "secret457");
    assert_eq!(verify(&other).unwrap_err(), VerifyError::BadSignature);
    // But it is well formed: the dangerous decoder reads it.
    assert_eq!(decode_unverified(&other).unwrap().user_id(), Some("alice"));

    let good = s.user_token("alice").into_string();
    let (input, sig) = good.rsplit_once('.').unwrap();
    let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
    // Empty, truncated, extended and zeroed signatures.
    for bad in [
        Vec::new(),
        sig[..16].to_vec(),
        sig[..31].to_vec(),
        [sig.as_slice(), &[0]].concat(),
        vec![0; 32],
    ] {
        let token = format!("{input}.{}", b64(&bad));
        assert_eq!(verify(&token).unwrap_err(), VerifyError::BadSignature);
    }
    // A valid signature moved onto another payload.
    let alice_sig = good.rsplit_once('.').unwrap().1;
    let bob = s.user_token("bob").into_string();
    let swapped = format!("{}.{alice_sig}", bob.rsplit_once('.').unwrap().0);
    assert_eq!(verify(&swapped).unwrap_err(), VerifyError::BadSignature);
}

#[test]
fn checks_exp_and_nbf_against_now() {
    let cases: &[(&str, Result<(), VerifyError>)] = &[
        (r#"{"exp":1700000001}"#, Ok(())),
        (r#"{"exp":1700000000}"#, Err(VerifyError::Expired)),
        (r#"{"exp":1699999999}"#, Err(VerifyError::Expired)),
        (r#"{"exp":-1}"#, Err(VerifyError::Expired)),
        (r#"{"exp":1700000000.5}"#, Ok(())),
        (r#"{"exp":1699999999.5}"#, Err(VerifyError::Expired)),
        (r#"{"exp":18446744073709551615}"#, Ok(())),
        (r#"{"exp":1e300}"#, Ok(())),
        (r#"{"exp":null}"#, Ok(())),
        (r#"{"nbf":1700000000}"#, Ok(())),
        (r#"{"nbf":1699999999}"#, Ok(())),
        (r#"{"nbf":1700000001}"#, Err(VerifyError::NotYetValid)),
        (r#"{"nbf":1700000000.5}"#, Err(VerifyError::NotYetValid)),
        (
            r#"{"nbf":18446744073709551615}"#,
            Err(VerifyError::NotYetValid),
        ),
        (r#"{"nbf":-5}"#, Ok(())),
        (r#"{"nbf":1699999999,"exp":1700000001}"#, Ok(())),
        (
            r#"{"nbf":1700000001,"exp":1700000002}"#,
            Err(VerifyError::NotYetValid),
        ),
        (r#"{"iat":1800000000}"#, Ok(())),
    ];
    for (payload, want) in cases {
        let got = verify(&signed(payload)).map(|_| ());
        assert_eq!(&got, want, "{payload}");
    }
    for payload in [
        r#"{"exp":"1800000000"}"#,
        r#"{"nbf":true}"#,
        r#"{"exp":[1]}"#,
    ] {
        assert!(is_malformed(verify(&signed(payload))), "{payload}");
    }
    // The dangerous decoder checks no times.
    assert!(decode_unverified(&signed(r#"{"exp":1}"#)).is_ok());
}

#[test]
fn time_checks_use_the_now_passed_in() {
    let s = signer();
    let token = signed(r#"{"user_id":"alice","nbf":100,"exp":200}"#);
    assert_eq!(s.verify(&token, 99).unwrap_err(), VerifyError::NotYetValid);
    assert!(s.verify(&token, 100).is_ok());
    assert!(s.verify(&token, 199).is_ok());
    assert_eq!(s.verify(&token, 200).unwrap_err(), VerifyError::Expired);
    assert_eq!(
        s.verify(&token, i64::MAX).unwrap_err(),
        VerifyError::Expired
    );
    assert_eq!(
        s.verify(&token, i64::MIN).unwrap_err(),
        VerifyError::NotYetValid
    );
}

#[test]
fn malformed_structure_is_an_error() {
    let good = signer().user_token("alice").into_string();
    let header = good.split('.').next().unwrap().to_owned();
    for token in [
        String::new(),
        ".".into(),
        "..".into(),
        "...".into(),
        "a".into(),
        "a.b".into(),
        header.clone(),
        format!("{header}.{}", b64(b"{}")),
        format!("{good}."),
        format!("{good}.x"),
        format!(".{good}"),
        good.replacen('.', "..", 1),
        "a.b.c.d".into(),
    ] {
        assert!(is_malformed(verify(&token)), "{token:?}");
        assert!(is_malformed(decode_unverified(&token)), "{token:?}");
    }
}

#[test]
fn the_payload_is_parsed_only_after_the_signature_holds() {
    let not_json = forge(HS256.as_bytes(), b"not json", "another secret");
    assert_eq!(verify(&not_json).unwrap_err(), VerifyError::BadSignature);
    assert!(is_malformed(decode_unverified(&not_json)));
}

#[test]
fn bad_base64_is_an_error() {
    let good = signer().user_token("alice").into_string();
    let mut parts = good.split('.').map(str::to_owned).collect::<Vec<_>>();
    let sig = parts.pop().unwrap();
    let (h, p) = (&parts[0], &parts[1]);
    for token in [
        format!("{h}=.{p}.{sig}"),
        format!("{h}.{p}=.{sig}"),
        format!("{h}.{p}.{sig}="),
        format!("{h}.{p}==.{sig}"),
        format!("{h}.{p}.{sig}!"),
        format!("{h}.{}.{sig}", p.replace('i', "+")),
        format!("{h}.{}.{sig}", p.replace('i', "/")),
        format!("{h}.{p}.{}", sig.replace(|c: char| c.is_ascii_digit(), "*")),
        format!("{h}.ab%.{sig}"),
        format!("{h}.a.{sig}"),
        format!("{h}.{p}.a"),
        format!("{}.{p}.{sig}", "é".repeat(8)),
    ] {
        // The payload is only parsed once the signature holds, so a damaged payload may be
        // refused as a bad signature; the dangerous decoder must call it malformed.
        assert!(verify(&token).is_err(), "{token}");
        assert!(is_malformed(decode_unverified(&token)), "{token}");
    }
}

#[test]
fn header_and_payload_must_be_json_objects() {
    for payload in [
        "",
        "[]",
        "1",
        "\"s\"",
        "null",
        "true",
        "{",
        "{\"a\":}",
        "{}x",
        "{\"a\":1}{}",
    ] {
        assert!(is_malformed(verify(&signed(payload))), "{payload:?}");
        assert!(
            is_malformed(decode_unverified(&signed(payload))),
            "{payload:?}"
        );
    }
    // Not UTF-8.
    let token = forge(HS256.as_bytes(), b"{\"user_id\":\"\xff\"}", SECRET);
    assert!(is_malformed(verify(&token)));
    for header in ["[]", "\"HS256\"", "null", "", "{"] {
        let token = forge(header.as_bytes(), b"{}", SECRET);
        assert!(is_malformed(verify(&token)), "{header:?}");
    }
    // An empty object is fine (the v2 SDK's server token).
    assert!(verify(&signed("{}")).unwrap().is_server());
}

#[test]
fn hostile_inputs_are_errors_not_panics() {
    // Deep nesting (serde_json's recursion limit turns it into an error, not a stack overflow).
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let token = signed(&deep);
    assert!(token.len() > MAX_TOKEN_LEN);
    assert!(is_malformed(verify(&token)));
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(1_000), "]".repeat(1_000));
    assert!(is_malformed(verify(&signed(&deep))));
    assert!(is_malformed(decode_unverified(&signed(&deep))));

    // Huge inputs are refused by length before any decoding.
    let huge = "A".repeat(10 * 1024 * 1024);
    for token in [huge.clone(), format!("{huge}.{huge}.{huge}")] {
        assert_eq!(
            verify(&token).unwrap_err(),
            VerifyError::Malformed("token is longer than 64 KiB")
        );
        assert!(is_malformed(decode_unverified(&token)));
    }
    // Just under the cap is read (and signed correctly, accepted).
    let filler = "x".repeat(40_000);
    let big = signed(&format!("{{\"user_id\":\"alice\",\"pad\":\"{filler}\"}}"));
    assert!(big.len() <= MAX_TOKEN_LEN);
    assert_eq!(verify(&big).unwrap().user_id(), Some("alice"));

    // Control characters, NULs, unicode, lone dots.
    for token in ["\0", "\0.\0.\0", "é.é.é", "\u{202e}.a.b", "🦀.🦀.🦀", "..."] {
        assert!(is_malformed(verify(token)), "{token:?}");
    }
}

#[test]
fn bearer_prefix_and_whitespace_are_not_accepted() {
    let good = signer().user_token("alice").into_string();
    assert!(verify(&good).is_ok());
    for token in [
        format!("Bearer {good}"),
        format!("bearer {good}"),
        format!("Bearer: {good}"),
        format!(" {good}"),
        format!("{good} "),
        format!("{good}\n"),
        format!("{good}\r\n"),
        format!("\t{good}"),
        good.replacen('.', ". ", 1),
        good.replacen('.', "\n.", 1),
    ] {
        assert!(verify(&token).is_err(), "{token:?}");
        assert!(is_malformed(decode_unverified(&token)), "{token:?}");
    }
}

#[test]
fn errors_never_echo_the_token() {
    let good = signer().user_token("alice").into_string();
    let sig = good.rsplit_once('.').unwrap().1;
    let cases = [
        format!("Bearer {good}"),
        format!("{good}x"),
        forge(HS256.as_bytes(), b"[]", SECRET),
        forge(br#"{"alg":"none"}"#, b"{}", SECRET),
        signed(r#"{"exp":1}"#),
    ];
    for token in cases {
        let err = verify(&token).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(sig) && !shown.contains("eyJ"), "{shown}");
        assert!(!shown.contains(SECRET));
    }
}
