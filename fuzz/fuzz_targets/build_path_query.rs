//! cargo-fuzz target: see `stream_fuzz::build_path_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stream_fuzz::build_path_query(data));
