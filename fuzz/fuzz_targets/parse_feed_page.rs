//! cargo-fuzz target: see `stream_fuzz::parse_feed_page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stream_fuzz::parse_feed_page(data));
