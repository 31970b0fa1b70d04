//! The `Call` state machine: send, read, decide whether to retry and how long to wait.
//!
//! Drivers loop on [`Call::poll`]: on [`Step::Send`] they execute the request and feed the outcome
//! to [`Call::handle`] together with the current Unix time and a jitter value in `[0, 1)`; on
//! [`Step::Wait`] they sleep; on [`Step::Done`] they return. The machine itself never touches a
//! socket, a clock or a random number generator, so its tests drive it by hand.
use std::time::Duration;

use crate::config::Config;
use crate::endpoint::{Endpoint, read_response};
use crate::error::{ApiError, Error, TransportError};
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryPolicy;

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

/// One call of one endpoint, with its retries.
pub struct Call<'e, E: Endpoint> {
    endpoint: &'e E,
    request: Option<Request>,
    policy: RetryPolicy,
    attempts: u32,
    state: State<E::Output>,
}

impl<'e, E: Endpoint> Call<'e, E> {
    /// Builds the request for `endpoint` with `config`. Build errors surface on the first poll.
    pub fn new(config: &Config, endpoint: &'e E) -> Self {
        let policy = config.retry_policy().clone();
        match config.build_request(endpoint) {
            Ok(request) => Self {
                endpoint,
                request: Some(request),
                policy,
                attempts: 0,
                state: State::Ready,
            },
            Err(e) => Self {
                endpoint,
                request: None,
                policy,
                attempts: 0,
                state: State::Done(Some(Err(e))),
            },
        }
    }

    /// Lets this call be retried even though its method is not idempotent (the caller knows a
    /// repeat is harmless, e.g. an add with a `foreign_id` and `time`).
    pub fn retry_non_idempotent(mut self) -> Self {
        if let Some(r) = &mut self.request {
            r.idempotent = true;
        }
        self
    }

    /// Overrides the retry policy for this call.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The request (absent when building failed).
    pub fn request(&self) -> Option<&Request> {
        self.request.as_ref()
    }

    /// How many times the request was handed out to be sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// What to do next.
    pub fn poll(&mut self) -> Step<'_, E::Output> {
        match &mut self.state {
            State::Ready => match &self.request {
                Some(request) => {
                    self.attempts += 1;
                    self.state = State::InFlight;
                    Step::Send(request)
                }
                None => Step::Done(Err(TransportError::new(
                    crate::error::TransportErrorKind::Other,
                    "call has no request",
                )
                .into())),
            },
            State::Backoff(d) => {
                let d = *d;
                self.state = State::Ready;
                Step::Wait(d)
            }
            State::InFlight => Step::Done(Err(TransportError::new(
                crate::error::TransportErrorKind::Other,
                "Call::poll called while a request was in flight; call handle() first",
            )
            .into())),
            State::Done(result) => match result.take() {
                Some(r) => Step::Done(r),
                None => Step::Done(Err(TransportError::new(
                    crate::error::TransportErrorKind::Other,
                    "call already finished",
                )
                .into())),
            },
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
        let retries_done = self.attempts.saturating_sub(1);
        let may_retry = self.request.as_ref().is_some_and(|r| r.idempotent)
            && retries_done < self.policy.max_retries;
        let op = self.request.as_ref().map_or("unknown", |r| r.op);
        let next = match outcome {
            Ok(resp) if resp.is_success() => {
                State::Done(Some(read_response(self.endpoint, op, resp)))
            }
            Ok(resp) => {
                let retryable = RetryPolicy::is_retryable_status(resp.status);
                if resp.status == 429 {
                    match RetryPolicy::rate_limit_wait(&resp, now_unix) {
                        Some(wait) if may_retry && wait <= self.policy.max_rate_limit_wait => {
                            State::Backoff(wait.max(self.policy.backoff(retries_done + 1, jitter)))
                        }
                        Some(_) => {
                            State::Done(Some(Err(ApiError::from_response(op, &resp).into())))
                        }
                        None if may_retry => {
                            State::Backoff(self.policy.backoff(retries_done + 1, jitter))
                        }
                        None => State::Done(Some(Err(ApiError::from_response(op, &resp).into()))),
                    }
                } else if retryable && may_retry {
                    State::Backoff(self.policy.backoff(retries_done + 1, jitter))
                } else {
                    State::Done(Some(Err(ApiError::from_response(op, &resp).into())))
                }
            }
            Err(e) if may_retry && e.is_retryable() => {
                State::Backoff(self.policy.backoff(retries_done + 1, jitter))
            }
            Err(e) => State::Done(Some(Err(e.into()))),
        };
        self.state = next;
    }
}

/// Runs a call to completion with the given blocking primitives: `send` executes a request,
/// `sleep` waits, `env` returns `(now_unix_seconds, jitter)`. Both facades' blocking paths and
/// tests use it; async drivers loop on [`Call::poll`] themselves.
pub fn run_blocking<E: Endpoint>(
    mut call: Call<'_, E>,
    mut send: impl FnMut(&Request) -> Result<Response, TransportError>,
    mut sleep: impl FnMut(Duration),
    mut env: impl FnMut() -> (u64, f64),
) -> Result<E::Output, Error> {
    // Bounded: each iteration either finishes, sends (at most max_retries + 1 times) or waits.
    loop {
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
}
