//! v2 background tasks: what became of a deletion, deactivation or export the service runs
//! asynchronously (`GET /api/v2/tasks/{id}`).
use stream_models::v2::GetTaskResponse;

use super::{check_id, spec};
use crate::config::Config;
use crate::endpoint::{JsonEndpoint, Path, Spec};
use crate::error::Error;
use crate::request::Method;

/// Reads a task's status and, once completed, its result: `GET /api/v2/tasks/{id}`. Operations
/// such as [`DeleteUsers`](super::DeleteUsers) answer a `task_id` to poll with it.
///
/// ```no_run
/// use stream_core::{ApiSecret, Config};
/// use stream_core::v2::GetTask;
/// let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&GetTask::new("11111111-2222-4333-8444-555555555555"))?;
/// # Ok::<(), stream_core::Error>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetTask {
    id: String,
}

impl GetTask {
    /// The task `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

impl JsonEndpoint for GetTask {
    type Output = GetTaskResponse;

    const OP: &'static str = "v2.tasks.get";

    fn spec(&self, _: &Config) -> Result<Spec, Error> {
        check_id("task_id", &self.id)?;
        let path = Path::new()
            .lit("tasks")
            .seg_strict(&self.id)
            .no_trailing_slash();
        Ok(spec(Self::OP, Method::Get, path))
    }
}
