//! The cargo-fuzz harnesses of `fuzz/` (verify_token, parse_error_body,
//! parse_feed_page, build_path_query), run under proptest with the normal test suite. The
//! harness file is included as is, so CI checks exactly what the fuzzer checks.
use proptest::prelude::*;

#[path = "../../../fuzz/src/lib.rs"]
mod harness;

/// Bytes shaped like what each target meets: random, JSON-ish, token-ish.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        "[ -~]{0,200}".prop_map(String::into_bytes),
        r#"\{("results":\[(\{"id":"[a-z0-9]{0,4}","time":("2024-01-01T00:00:00"|1|null|\[\]),"actor":[^"]{0,4}"?\},?){0,3}\]?)?,?("next":"[^"]{0,8}")?\}?"#
            .prop_map(String::into_bytes),
        r#"[A-Za-z0-9_.=-]{0,120}"#.prop_map(String::into_bytes),
        r#"(\.|\.\.|/|%|%2F|\?|#|&|ü|日|🦀| |:|a|-|_|\xff){0,12}"#.prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn verify_token(data in bytes()) {
        harness::verify_token(&data);
    }

    #[test]
    fn parse_error_body(data in bytes()) {
        harness::parse_error_body(&data);
    }

    #[test]
    fn parse_feed_page(data in bytes()) {
        harness::parse_feed_page(&data);
    }

    #[test]
    fn build_path_query(data in bytes()) {
        harness::build_path_query(&data);
    }
}
