//! The workload shared by `benches/mint.rs` and `examples/mint_rate.rs`: the same claims minted
//! with `stream-auth` and with `jsonwebtoken`, and a tokens-per-second measurement of both.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::Instant;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use stream_auth::{Action, ApiSecret, FeedScope, Resource, Scope, Signer, Token, UserTokenOptions};

/// The secret of the golden recordings.
pub const SECRET: &str = "secret456";
/// `iat` of the user token (the v2 recording's).
pub const IAT: i64 = 1_704_164_640;
/// `exp` of the user token.
pub const EXP: i64 = 1_704_168_245;

/// The user token's claims for jsonwebtoken, in our order.
#[derive(Serialize)]
pub struct UserClaims<'a> {
    /// Issued at.
    pub iat: i64,
    /// The user.
    pub user_id: &'a str,
    /// Expiry.
    pub exp: i64,
}

/// The scoped feed token's claims for jsonwebtoken, in the Python client's order.
#[derive(Serialize)]
pub struct ScopedClaims<'a> {
    /// `read`.
    pub action: &'a str,
    /// `feed`.
    pub resource: &'a str,
    /// `useralice`.
    pub feed_id: &'a str,
}

/// Both minters, keyed once.
pub struct Minters {
    /// Ours.
    pub signer: Signer,
    /// jsonwebtoken's key, made once.
    pub key: EncodingKey,
    /// jsonwebtoken's header, made once.
    pub header: Header,
    /// Our user token options (iat, exp).
    pub user_options: UserTokenOptions,
    /// Our feed scope.
    pub scope: Scope,
}

impl Minters {
    /// Keys both with [`SECRET`].
    pub fn new() -> Self {
        Self {
            signer: Signer::new(&ApiSecret::new(SECRET)),
            key: EncodingKey::from_secret(SECRET.as_bytes()),
            header: Header::new(Algorithm::HS256),
            user_options: UserTokenOptions {
                iat: Some(IAT),
                exp: Some(EXP),
                extra: Vec::new(),
            },
            scope: Scope::new(
                Resource::Feed,
                Action::Read,
                FeedScope::feed("user", "alice"),
            ),
        }
    }

    /// `{"iat":..,"user_id":"alice","exp":..}` with stream-auth.
    pub fn ours_user(&self) -> Token {
        self.signer
            .user_token_with(black_box("alice"), black_box(&self.user_options))
    }

    /// The same claims with jsonwebtoken.
    pub fn theirs_user(&self) -> String {
        let claims = UserClaims {
            iat: black_box(IAT),
            user_id: black_box("alice"),
            exp: black_box(EXP),
        };
        jsonwebtoken::encode(&self.header, &claims, &self.key).expect("HS256 encode")
    }

    /// `{"action":"read","resource":"feed","feed_id":"useralice"}` with stream-auth.
    pub fn ours_scoped(&self) -> Token {
        self.signer.scoped(black_box(&self.scope))
    }

    /// The same claims with jsonwebtoken.
    pub fn theirs_scoped(&self) -> String {
        let claims = ScopedClaims {
            action: black_box("read"),
            resource: black_box("feed"),
            feed_id: black_box("useralice"),
        };
        jsonwebtoken::encode(&self.header, &claims, &self.key).expect("HS256 encode")
    }
}

impl Default for Minters {
    fn default() -> Self {
        Self::new()
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`), if the platform tells.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// One measurement: tokens per wall-clock second and per CPU second (when known).
#[derive(Clone, Copy, Default)]
pub struct Rate {
    /// Tokens per elapsed second.
    pub wall: f64,
    /// Tokens per second of this thread's CPU time (immune to other processes' load).
    pub cpu: Option<f64>,
}

impl Rate {
    fn best(self, other: Rate) -> Rate {
        Rate {
            wall: self.wall.max(other.wall),
            cpu: match (self.cpu, other.cpu) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// Tokens per second of `n` calls of `mint`.
pub fn measure<T>(n: u32, mut mint: impl FnMut() -> T) -> Rate {
    let cpu_start = thread_cpu_ns();
    let start = Instant::now();
    for _ in 0..n {
        black_box(mint());
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_ns()) {
        (Some(a), Some(b)) if b > a => Some(f64::from(n) / ((b - a) as f64 / 1e9)),
        _ => None,
    };
    Rate {
        wall: f64::from(n) / wall,
        cpu,
    }
}

/// Best of `rounds` rounds of `n` mints each, ours and theirs alternating so both see the same
/// machine load.
pub fn compare<A, B>(
    n: u32,
    rounds: u32,
    mut ours: impl FnMut() -> A,
    mut theirs: impl FnMut() -> B,
) -> (Rate, Rate) {
    let (mut a, mut b) = (Rate::default(), Rate::default());
    for _ in 0..rounds {
        a = a.best(measure(n, &mut ours));
        b = b.best(measure(n, &mut theirs));
    }
    (a, b)
}

fn print_line(name: &str, ours: Rate, theirs: Rate) {
    println!(
        "{name:<12} wall {:>10.0} {:>10.0} {:>5.2}x",
        ours.wall,
        theirs.wall,
        ours.wall / theirs.wall
    );
    if let (Some(o), Some(t)) = (ours.cpu, theirs.cpu) {
        println!("{name:<12} cpu  {o:>10.0} {t:>10.0} {:>5.2}x", o / t);
    }
}

/// Measures both libraries on both token kinds (`n` mints, best of `rounds`) and prints
/// `tokens/s ours, theirs, ratio` lines, per wall-clock second and per CPU second of the thread.
pub fn print_rates(n: u32, rounds: u32) {
    let m = Minters::new();
    println!(
        "tokens/s, one thread, {n} mints, best of {rounds}: ours, theirs (jsonwebtoken), ratio"
    );
    let (ours, theirs) = compare(n, rounds, || m.ours_user(), || m.theirs_user());
    print_line("user_token", ours, theirs);
    let (ours, theirs) = compare(n, rounds, || m.ours_scoped(), || m.theirs_scoped());
    print_line("feed_scoped", ours, theirs);
}
