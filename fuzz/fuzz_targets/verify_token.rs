//! cargo-fuzz target: see `stream_fuzz::verify_token`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stream_fuzz::verify_token(data));
