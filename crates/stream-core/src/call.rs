//! The `Call` state machine: send, read, decide whether to retry and how long to wait.
//!
//! Drivers loop on [`Call::poll`]: on [`Step::Send`] they execute the request and feed the outcome
//! to [`Call::handle`] together with the current Unix time and a jitter value in `[0, 1)`; on
//! [`Step::Wait`] they sleep; on [`Step::Done`] they return. The machine itself never touches a
//! socket, a clock or a random number generator, so its tests drive it by hand.
//!
//! A batch over the service's per-request limit ([`Endpoint::split`]) becomes several requests
//! sent in order, each with its own retries; their outputs are merged with [`Endpoint::merge`].
use std::time::Duration;

use crate::config::Config;
use crate::endpoint::{Endpoint, read_response};
use crate::error::{ApiError, Error, TransportError, TransportErrorKind};
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryPolicy;
use crate::settings::CallOptions;
use crate::target::{Target as Address, UrlSetting};
use crate::trace;

/// What the driver must do next.
#[derive(Debug)]
pub enum Step<'c, T> {
    /// Send this request, then call [`Call::handle`].
    Send(&'c Request),
    /// Sleep this long, then poll again.
    Wait(Duration),
    /// The call is over.
    Done(Result<T, Error>),
}

enum State<T> {
    Ready,
    InFlight,
    Backoff(Duration),
    Done(Option<Result<T, Error>>),
}

/// The endpoint value(s) a call parses responses with.
enum Target<'e, E> {
    One(&'e E),
    Parts(Vec<E>),
}

/// One call of one endpoint, with its retries (and, for oversized batches, its parts).
pub struct Call<'e, E: Endpoint> {
    target: Target<'e, E>,
    requests: Vec<Request>,
    current: usize,
    outputs: Vec<E::Output>,
    policy: RetryPolicy,
    part_attempts: u32,
    total_attempts: u32,
    state: State<E::Output>,
    span: tracing::Span,
    /// Which setting chose the address the requests go to (named in transport errors).
    url_setting: UrlSetting,
}

impl<'e, E: Endpoint> Call<'e, E> {
    /// Builds the request(s) for `endpoint` with `config`. Build errors surface on the first poll.
    pub fn new(config: &Config, endpoint: &'e E) -> Self {
        let policy = config.retry_policy().clone();
        let built = match endpoint.split() {
            Ok(None) => config
                .build_request(endpoint)
                .map(|r| (Target::One(endpoint), vec![r])),
            Ok(Some(parts)) => parts
                .iter()
                .map(|p| config.build_request(p))
                .collect::<Result<Vec<_>, _>>()
                .map(|requests| (Target::Parts(parts), requests)),
            Err(e) => Err(e),
        };
        let (target, requests, state) = match built {
            Ok((target, requests)) => (target, requests, State::Ready),
            Err(e) => (Target::One(endpoint), Vec::new(), State::Done(Some(Err(e)))),
        };
        let span = trace::call_span(requests.first(), requests.len());
        let url_setting = requests
            .first()
            .map_or(UrlSetting::Default, |r| config.url_setting_of(&r.url));
        Self {
            target,
            requests,
            current: 0,
            outputs: Vec::new(),
            policy,
            part_attempts: 0,
            total_attempts: 0,
            state,
            span,
            url_setting,
        }
    }

    /// Applies per-call overrides (see [`CallOptions`]).
    pub fn options(mut self, options: &CallOptions) -> Self {
        if options.retry_non_idempotent {
            self = self.retry_non_idempotent();
        }
        if let Some(policy) = &options.retry_policy {
            self = self.with_policy(policy.clone());
        }
        self
    }

    /// The `stream.call` tracing span of this call: operation, method, path (never the query,
    /// which carries the api key), parts, attempt, status and error kind; never headers, bodies
    /// or tokens. The machine records into it; drivers enter it while they drive the call.
    pub fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// How many polls a driver needs at most to finish this call: each send is followed by at
    /// most one wait, and the machine stops after `max_retries + 1` sends per part. Drivers bound
    /// their loops with it so that only a broken machine could exhaust it.
    pub fn step_budget(&self) -> u64 {
        u64::from(self.policy.max_retries)
            .saturating_add(1)
            .saturating_mul(2)
            .saturating_mul(self.requests.len().max(1) as u64)
            .saturating_add(2)
    }

    /// Ends a call whose driver ran out of [`Call::step_budget`]: an error, recorded in the span.
    pub fn give_up(&mut self) -> Result<E::Output, Error> {
        self.state = State::Done(None);
        let result = Err(TransportError::new(
            TransportErrorKind::Other,
            "the call did not finish within its retry budget",
        )
        .into());
        trace::record_outcome(&self.span, &result);
        result
    }

    /// Lets this call be retried even though its method is not idempotent (the caller knows a
    /// repeat is harmless, e.g. an add with a `foreign_id` and `time`).
    pub fn retry_non_idempotent(mut self) -> Self {
        for r in &mut self.requests {
            r.idempotent = true;
        }
        self
    }

    /// Overrides the retry policy for this call.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The request being sent (absent when building failed or the call is over).
    pub fn request(&self) -> Option<&Request> {
        self.requests.get(self.current)
    }

    /// How many requests the call is made of (more than one for a split batch).
    pub fn parts(&self) -> usize {
        self.requests.len()
    }

    /// How many times a request was handed out to be sent, over all parts.
    pub fn attempts(&self) -> u32 {
        self.total_attempts
    }

    /// What to do next.
    pub fn poll(&mut self) -> Step<'_, E::Output> {
        match &mut self.state {
            State::Ready => match self.requests.get(self.current) {
                Some(request) => {
                    self.part_attempts += 1;
                    self.total_attempts += 1;
                    self.span.record("attempt", self.total_attempts);
                    self.state = State::InFlight;
                    Step::Send(request)
                }
                None => Step::Done(Err(misuse("call has no request"))),
            },
            State::Backoff(d) => {
                let d = *d;
                self.state = State::Ready;
                tracing::debug!(
                    wait_ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX),
                    "stream.retry"
                );
                Step::Wait(d)
            }
            State::InFlight => Step::Done(Err(misuse(
                "Call::poll called while a request was in flight; call handle() first",
            ))),
            State::Done(result) => {
                let result = result
                    .take()
                    .unwrap_or_else(|| Err(misuse("call already finished")));
                trace::record_outcome(&self.span, &result);
                Step::Done(result)
            }
        }
    }

    /// Feeds the outcome of the last [`Step::Send`]. `now_unix` is the current Unix time in
    /// seconds (for rate-limit resets), `jitter` a random value in `[0, 1)`.
    pub fn handle(
        &mut self,
        outcome: Result<Response, TransportError>,
        now_unix: u64,
        jitter: f64,
    ) {
        if !matches!(self.state, State::InFlight) {
            return;
        }
        let Some(request) = self.requests.get(self.current) else {
            return;
        };
        let op = request.op;
        if let Ok(response) = &outcome {
            self.span.record("status", response.status);
        }
        let retries_done = self.part_attempts.saturating_sub(1);
        let may_retry = request.idempotent && retries_done < self.policy.max_retries;
        let backoff = || State::Backoff(self.policy.backoff(retries_done + 1, jitter));
        let fail =
            |resp: &Response| State::Done(Some(Err(ApiError::from_response(op, resp).into())));
        self.state = match outcome {
            Ok(resp) if resp.is_success() => return self.part_succeeded(op, resp),
            Ok(resp) if resp.status == 429 => match RetryPolicy::rate_limit_wait(&resp, now_unix) {
                Some(wait) if may_retry && wait <= self.policy.max_rate_limit_wait => {
                    State::Backoff(wait.max(self.policy.backoff(retries_done + 1, jitter)))
                }
                None if may_retry => backoff(),
                _ => fail(&resp),
            },
            Ok(resp) if may_retry && RetryPolicy::is_retryable_status(resp.status) => backoff(),
            Ok(resp) => fail(&resp),
            Err(e) if may_retry && e.is_retryable() => backoff(),
            Err(e) => State::Done(Some(Err(e
                .at(Address::of_url(&request.url, self.url_setting))
                .into()))),
        };
    }

    fn part_succeeded(&mut self, op: &'static str, resp: Response) {
        let parsed = match &self.target {
            Target::One(endpoint) => read_response(*endpoint, op, resp),
            Target::Parts(parts) => match parts.get(self.current) {
                Some(part) => read_response(part, op, resp),
                None => Err(misuse("part index out of range")),
            },
        };
        self.state = match (parsed, &self.target) {
            (Err(e), _) => State::Done(Some(Err(e))),
            (Ok(out), Target::One(_)) => State::Done(Some(Ok(out))),
            (Ok(out), Target::Parts(_)) => {
                self.outputs.push(out);
                self.current += 1;
                self.part_attempts = 0;
                if self.current < self.requests.len() {
                    State::Ready
                } else {
                    State::Done(Some(E::merge(std::mem::take(&mut self.outputs))))
                }
            }
        };
    }
}

fn misuse(message: &'static str) -> Error {
    TransportError::new(TransportErrorKind::Other, message).into()
}

/// Runs a call to completion with the given blocking primitives, inside the call's span:
/// `send` executes a request, `sleep` waits, `env` returns `(now_unix_seconds, jitter)`. The
/// blocking facade's `send` and core's own tests use it; the async facade loops on
/// [`Call::poll`] itself, awaiting its transport and timer.
pub fn run_blocking<E: Endpoint>(
    mut call: Call<'_, E>,
    mut send: impl FnMut(&Request) -> Result<Response, TransportError>,
    mut sleep: impl FnMut(Duration),
    mut env: impl FnMut() -> (u64, f64),
) -> Result<E::Output, Error> {
    let span = call.span().clone();
    let _entered = span.enter();
    for _ in 0..call.step_budget() {
        let outcome = match call.poll() {
            Step::Done(result) => return result,
            Step::Wait(d) => {
                sleep(d);
                continue;
            }
            Step::Send(request) => send(request),
        };
        let (now, jitter) = env();
        call.handle(outcome, now, jitter);
    }
    call.give_up()
}
