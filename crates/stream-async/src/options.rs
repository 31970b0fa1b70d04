//! Per-call overrides.
use stream_core::RetryPolicy;

/// Overrides for one call, passed to [`Client::send_with`](crate::Client::send_with).
///
/// ```no_run
/// use stream_async::{CallOptions, RetryPolicy};
/// let options = CallOptions::new().retry_non_idempotent().retry_policy(RetryPolicy::none());
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Retry this call even though its method is not idempotent.
    pub retry_non_idempotent: bool,
    /// Use this retry policy instead of the client's.
    pub retry_policy: Option<RetryPolicy>,
}

impl CallOptions {
    /// No overrides.
    ///
    /// ```no_run
    /// let options = stream_async::CallOptions::new();
    /// # let _ = options;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets a non-idempotent request (POST, PATCH) be retried, for calls the caller knows are
    /// safe to repeat (e.g. an activity add with `foreign_id` and `time`).
    ///
    /// ```no_run
    /// let options = stream_async::CallOptions::new().retry_non_idempotent();
    /// # let _ = options;
    /// ```
    pub fn retry_non_idempotent(mut self) -> Self {
        self.retry_non_idempotent = true;
        self
    }

    /// Uses `policy` for this call.
    ///
    /// ```no_run
    /// use stream_async::{CallOptions, RetryPolicy};
    /// let options = CallOptions::new().retry_policy(RetryPolicy::none());
    /// # let _ = options;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }
}
