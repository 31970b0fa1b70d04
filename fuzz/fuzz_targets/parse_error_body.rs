//! cargo-fuzz target: see `stream_fuzz::parse_error_body`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stream_fuzz::parse_error_body(data));
