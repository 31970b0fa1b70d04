//! Minting throughput: stream-auth's `Signer` against `jsonwebtoken` (HS256, key made once) on
//! the same claims. After criterion, prints tokens/s of both and their ratio.
//!
//! `cargo bench -p stream-auth -- --warm-up-time 1 --measurement-time 3`
use criterion::Criterion;

mod common;

fn user_token(c: &mut Criterion, m: &common::Minters) {
    let mut g = c.benchmark_group("user_token");
    g.bench_function("stream-auth", |b| b.iter(|| m.ours_user()));
    g.bench_function("jsonwebtoken", |b| b.iter(|| m.theirs_user()));
    g.finish();
}

fn feed_scoped_token(c: &mut Criterion, m: &common::Minters) {
    let mut g = c.benchmark_group("feed_scoped_token");
    g.bench_function("stream-auth", |b| b.iter(|| m.ours_scoped()));
    g.bench_function("jsonwebtoken", |b| b.iter(|| m.theirs_scoped()));
    g.finish();
}

fn main() {
    let m = common::Minters::new();
    let mut c = Criterion::default().configure_from_args();
    user_token(&mut c, &m);
    feed_scoped_token(&mut c, &m);
    c.final_summary();
    // `cargo bench` passes `--bench`; `cargo test --benches` does not: only measure when benching.
    if std::env::args().any(|a| a == "--bench") {
        common::print_rates(1_000_000, 3);
    }
}
