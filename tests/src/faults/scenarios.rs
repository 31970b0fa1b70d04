//! The fault matrix: every transport fault the clients must survive, the outcome each must
//! produce, and the runner that plays a scenario against a [`FaultServer`].
use std::time::{Duration, Instant};

use super::{Fault, FaultServer};
use crate::HANG_LIMIT;

/// The operation a scenario sends, mapped to a real endpoint by each facade's test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An idempotent GET answering any JSON (retried).
    Get,
    /// A non-idempotent POST answering any JSON (never retried).
    Post,
    /// A typed read (`GET feed/user/alice/` → `FeedPage`), for wrong-shape bodies.
    Feed,
}

/// What a scenario must end with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A successful result.
    Ok,
    /// A [`stream_core::TransportError`] of this kind.
    Transport(stream_core::TransportErrorKind),
    /// A [`stream_core::ApiError`] with this status (and, when `snippet`, a body snippet).
    Api {
        /// HTTP status.
        status: u16,
        /// Whether the error must carry a snippet of a non-Stream body.
        snippet: bool,
    },
    /// A [`stream_core::DecodeError`] whose JSON path contains this text.
    Decode(&'static str),
}

/// One fault scenario: a script, an operation, the outcome and the number of requests the
/// server must have seen.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// A name for reports.
    pub name: &'static str,
    /// The script; a [`Fault::Respond`] `location` of [`TRAP`] is replaced by a second server
    /// that must never be hit.
    pub script: Vec<Fault>,
    /// What happens after the script ran out.
    pub fallback: Fault,
    /// What is sent.
    pub target: Target,
    /// The outcome.
    pub expect: Expect,
    /// Requests the server must have seen, exactly.
    pub hits: usize,
    /// Extra time the scenario may legitimately wait (rate-limit resets), on top of
    /// [`HANG_LIMIT`].
    pub extra_wait: Duration,
}

/// The `location` placeholder of redirect scenarios.
pub const TRAP: &str = "TRAP";
/// The request timeout the facades must be configured with for [`matrix`].
pub const REQUEST_TIMEOUT: Duration = Duration::from_millis(300);
/// The response size cap the facades must be configured with for [`matrix`].
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024;

fn sc(
    name: &'static str,
    script: Vec<Fault>,
    target: Target,
    expect: Expect,
    hits: usize,
) -> Scenario {
    Scenario {
        name,
        script,
        fallback: Fault::ok(),
        target,
        expect,
        hits,
        extra_wait: Duration::ZERO,
    }
}

fn always(mut s: Scenario, fallback: Fault) -> Scenario {
    s.fallback = fallback;
    s
}

fn api(status: u16) -> Expect {
    Expect::Api {
        status,
        snippet: false,
    }
}

/// Every transport fault the clients must survive, with the outcome each must produce under a client with
/// [`REQUEST_TIMEOUT`], [`MAX_RESPONSE_BYTES`] and [`crate::fast_retries`] (2 retries).
pub fn matrix() -> Vec<Scenario> {
    use Target::{Feed, Get, Post};
    use stream_core::TransportErrorKind as K;
    let now = crate::now_unix();
    let big = MAX_RESPONSE_BYTES as usize * 4;
    let rl_body = crate::stream_error_body(9, "RateLimitReached", "slow down");
    let rl = || Fault::json(429, &rl_body);
    let half = || br#"{"ok":tr"#.to_vec();
    let html = "<html><body>502 Bad Gateway</body></html>";
    let mut m = vec![
        // Connection reset before any answer.
        sc(
            "reset, then ok (GET retried)",
            vec![Fault::Reset],
            Get,
            Expect::Ok,
            2,
        ),
        always(
            sc(
                "reset every time (GET)",
                vec![],
                Get,
                Expect::Transport(K::Io),
                3,
            ),
            Fault::Reset,
        ),
        sc(
            "reset (POST not repeated)",
            vec![Fault::Reset],
            Post,
            Expect::Transport(K::Io),
            1,
        ),
        // Stall before the headers.
        sc(
            "stall before headers, then ok (GET)",
            vec![Fault::StallBeforeHeaders],
            Get,
            Expect::Ok,
            2,
        ),
        always(
            sc(
                "stall before headers every time (GET)",
                vec![],
                Get,
                Expect::Transport(K::Timeout),
                3,
            ),
            Fault::StallBeforeHeaders,
        ),
        sc(
            "stall before headers (POST not repeated)",
            vec![Fault::StallBeforeHeaders],
            Post,
            Expect::Transport(K::Timeout),
            1,
        ),
        // Stall in the middle of the body.
        sc(
            "stall mid-body, then ok (GET)",
            vec![Fault::StallMidBody {
                status: 200,
                declared: 100,
                sent: half(),
            }],
            Get,
            Expect::Ok,
            2,
        ),
        sc(
            "stall mid-body (POST not repeated)",
            vec![Fault::StallMidBody {
                status: 200,
                declared: 100,
                sent: half(),
            }],
            Post,
            Expect::Transport(K::Timeout),
            1,
        ),
        // The body ends before its content-length.
        sc(
            "short body, then ok (GET)",
            vec![Fault::ShortBody {
                status: 200,
                declared: 100,
                sent: half(),
            }],
            Get,
            Expect::Ok,
            2,
        ),
        sc(
            "short body (POST not repeated)",
            vec![Fault::ShortBody {
                status: 200,
                declared: 100,
                sent: half(),
            }],
            Post,
            Expect::Transport(K::Io),
            1,
        ),
        // Server errors.
        sc(
            "500 (not retried)",
            vec![Fault::json(500, "{}")],
            Get,
            api(500),
            1,
        ),
        sc(
            "502 then 503, then ok (GET)",
            vec![Fault::json(502, "{}"), Fault::json(503, "{}")],
            Get,
            Expect::Ok,
            3,
        ),
        always(
            sc("504 every time (GET)", vec![], Get, api(504), 3),
            Fault::json(504, "{}"),
        ),
        sc(
            "502 (POST not repeated)",
            vec![Fault::json(502, "{}")],
            Post,
            api(502),
            1,
        ),
        sc(
            "503 (POST not repeated)",
            vec![Fault::json(503, "{}")],
            Post,
            api(503),
            1,
        ),
        sc(
            "504 (POST not repeated)",
            vec![Fault::json(504, "{}")],
            Post,
            api(504),
            1,
        ),
        always(
            sc(
                "HTML 502 every time (GET)",
                vec![],
                Get,
                Expect::Api {
                    status: 502,
                    snippet: true,
                },
                3,
            ),
            Fault::typed(502, "text/html", html),
        ),
        sc(
            "plain-text 400",
            vec![Fault::typed(400, "text/plain", "bad request")],
            Get,
            Expect::Api {
                status: 400,
                snippet: true,
            },
            1,
        ),
        // Rate limits.
        sc(
            "429 without headers, then ok (GET)",
            vec![rl()],
            Get,
            Expect::Ok,
            2,
        ),
        always(
            sc(
                "429 without headers every time (GET)",
                vec![],
                Get,
                api(429),
                3,
            ),
            rl(),
        ),
        sc("429 (POST not repeated)", vec![rl()], Post, api(429), 1),
        Scenario {
            extra_wait: Duration::from_secs(2),
            ..sc(
                "429 with x-ratelimit-reset soon, then ok (GET)",
                vec![
                    rl().header("x-ratelimit-limit", "10")
                        .header("x-ratelimit-remaining", "0")
                        .header("x-ratelimit-reset", (now + 1).to_string()),
                ],
                Get,
                Expect::Ok,
                2,
            )
        },
        Scenario {
            extra_wait: Duration::from_secs(1),
            ..sc(
                "429 with retry-after 1, then ok (GET)",
                vec![rl().header("retry-after", "1")],
                Get,
                Expect::Ok,
                2,
            )
        },
        sc(
            "429 resetting in an hour (GET fails at once)",
            vec![rl().header("x-ratelimit-reset", (now + 3600).to_string())],
            Get,
            api(429),
            1,
        ),
        // Bodies that do not fit.
        sc(
            "truncated JSON 200",
            vec![Fault::json(200, r#"{"results":[{"id":"#)],
            Feed,
            Expect::Decode(""),
            1,
        ),
        sc(
            "non-JSON 200",
            vec![Fault::typed(200, "text/html", html)],
            Get,
            Expect::Decode(""),
            1,
        ),
        sc(
            "wrong shape 200",
            vec![Fault::json(200, r#"{"results":"nope"}"#)],
            Feed,
            Expect::Decode("results"),
            1,
        ),
        sc(
            "wrong shape 200 (array)",
            vec![Fault::json(200, r#"[1,2,3]"#)],
            Feed,
            Expect::Decode(""),
            1,
        ),
        sc(
            "wrong item shape 200",
            vec![Fault::json(200, r#"{"results":[{"id":"1","time":[]}]}"#)],
            Feed,
            Expect::Decode("results"),
            1,
        ),
        // Oversized bodies.
        sc(
            "oversized body with content-length",
            vec![Fault::json(
                200,
                &format!(r#"{{"pad":"{}"}}"#, "x".repeat(big)),
            )],
            Get,
            Expect::Transport(K::BodyTooLarge),
            1,
        ),
        sc(
            "oversized body without content-length",
            vec![Fault::Unframed {
                status: 200,
                len: big,
            }],
            Get,
            Expect::Transport(K::BodyTooLarge),
            1,
        ),
        sc(
            "oversized error body",
            vec![Fault::Unframed {
                status: 500,
                len: big,
            }],
            Get,
            Expect::Transport(K::BodyTooLarge),
            1,
        ),
    ];
    for (name, status, target) in [
        ("redirect 301 (GET)", 301, Get),
        ("redirect 302 (GET)", 302, Get),
        ("redirect 307 (POST)", 307, Post),
        ("redirect 308 (POST)", 308, Post),
    ] {
        m.push(sc(
            name,
            vec![Fault::redirect(status, TRAP)],
            target,
            Expect::Transport(K::Redirect),
            1,
        ));
    }
    m
}

/// Runs one scenario: starts its servers, calls `send(base_url, target)`, and checks the
/// outcome, the exact hit count, that no redirect was followed and that it did not hang
/// ([`HANG_LIMIT`]). Returns a description of every mismatch.
pub fn run(
    scenario: &Scenario,
    send: impl FnOnce(&str, Target) -> Result<(), stream_core::Error>,
) -> Result<(), String> {
    let trap = FaultServer::start(Vec::new());
    let trap_url = format!("{}/stolen/", trap.base_url());
    let script = scenario
        .script
        .iter()
        .cloned()
        .map(|f| match f {
            Fault::Respond {
                status,
                headers,
                body,
            } => Fault::Respond {
                status,
                headers: headers
                    .into_iter()
                    .map(|(n, v)| {
                        if v == TRAP {
                            (n, trap_url.clone())
                        } else {
                            (n, v)
                        }
                    })
                    .collect(),
                body,
            },
            other => other,
        })
        .collect();
    let server = FaultServer::with_fallback(script, scenario.fallback.clone());
    let started = Instant::now();
    let result = send(&server.base_url(), scenario.target);
    let took = started.elapsed();
    let mut problems = Vec::new();
    if let Err(e) = check(&scenario.expect, &result) {
        problems.push(e);
    }
    if server.hits() != scenario.hits {
        problems.push(format!(
            "{} hits, expected {}",
            server.hits(),
            scenario.hits
        ));
    }
    if scenario.target == Target::Post && server.hits_for("POST") != 1 {
        problems.push(format!("POST sent {} times", server.hits_for("POST")));
    }
    if trap.connections() > 0 {
        problems.push("the redirect was followed".into());
    }
    // A hang detector only: the attempts are counted exactly above, a timeout shows as its
    // error kind (a stalling server gives up after 10 s, which would read as `Io`), and the
    // waits are computed by `stream_core::Call` (tested against the time it is given).
    if took > HANG_LIMIT + scenario.extra_wait {
        problems.push(format!(
            "took {took:?}, the hang limit is {:?}",
            HANG_LIMIT + scenario.extra_wait
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: {} (result: {:?})",
            scenario.name,
            problems.join("; "),
            result
        ))
    }
}

/// Whether `result` is what `expect` says.
pub fn check(expect: &Expect, result: &Result<(), stream_core::Error>) -> Result<(), String> {
    use stream_core::Error as E;
    let ok = match (expect, result) {
        (Expect::Ok, Ok(())) => true,
        (Expect::Transport(kind), Err(E::Transport(t))) => t.kind == *kind,
        (Expect::Api { status, snippet }, Err(E::Api(a))) => {
            a.status == *status
                && (!snippet || a.body_snippet.as_deref().is_some_and(|s| !s.is_empty()))
                && (*status != 429 || a.is_rate_limited())
        }
        (Expect::Decode(path), Err(E::Decode(d))) => d.path.contains(path),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {expect:?}"))
    }
}

/// Scenarios run at once. They mostly wait, but with all 36 at once on a busy 2-core machine a
/// healthy reply could take longer than the 300 ms request timeout and count as a fault.
const PARALLEL_SCENARIOS: usize = 8;

/// Runs the scenarios of [`matrix`], eight at a time on their own threads, and
/// returns the number run, or every failure.
pub fn run_all(
    send: impl Fn(&str, Target) -> Result<(), stream_core::Error> + Sync,
) -> Result<usize, Vec<String>> {
    let scenarios = matrix();
    let mut failures: Vec<String> = Vec::new();
    for batch in scenarios.chunks(PARALLEL_SCENARIOS) {
        std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .map(|sc| {
                    let send = &send;
                    s.spawn(move || run(sc, |url, t| send(url, t)))
                })
                .collect();
            failures.extend(handles.into_iter().filter_map(|h| match h.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e),
                Err(_) => Some("a scenario panicked".to_owned()),
            }));
        });
    }
    if failures.is_empty() {
        Ok(scenarios.len())
    } else {
        Err(failures)
    }
}
