//! Tokens per second of stream-auth and jsonwebtoken on the same claims, in one process.
//!
//! `cargo run --release -p stream-auth --example mint_rate [-- <mints per round>]`
#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    common::print_rates(n, 3);
}
