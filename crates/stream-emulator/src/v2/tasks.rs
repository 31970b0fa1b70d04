//! v2 background tasks (`GET /api/v2/tasks/{id}`). The emulator runs every task at once, so a
//! task is `completed` with its result by the time its id is answered.
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::auth::ServerCaller;
use super::error::{GetTask, Operation, V2Error};
use super::shapes;
use super::state::{V2State, now_ns};
use crate::extract::PathParams;
use crate::reply::Reply;
use crate::router::RouterExt;
use crate::state::SharedState;

/// How many finished tasks an app keeps (the oldest are forgotten first).
pub(crate) const MAX_KEPT: usize = 10_000;

/// A finished task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Task {
    /// `completed` (or `failed`).
    pub(crate) status: String,
    /// What the task produced.
    #[serde(default)]
    pub(crate) result: Map<String, Value>,
    /// Created (unix ns).
    pub(crate) created_at: i64,
    /// Finished (unix ns).
    pub(crate) updated_at: i64,
}

/// Records a task that completed with `result`; returns its id.
pub(crate) fn complete(data: &mut V2State, result: Map<String, Value>) -> String {
    data.tasks += 1;
    let id = format!("00000000-0000-4000-8000-{:012x}", data.tasks);
    let now = now_ns();
    data.task_log.insert(
        id.clone(),
        V2Task {
            status: "completed".into(),
            result,
            created_at: now,
            updated_at: now,
        },
    );
    while data.task_log.len() > MAX_KEPT {
        let Some(oldest) = data.task_log.keys().next().cloned() else {
            break;
        };
        data.task_log.remove(&oldest);
    }
    id
}

/// `{"<id>": {"status": "ok"}}` for every id a task handled.
pub(crate) fn per_id_ok<'a>(ids: impl IntoIterator<Item = &'a String>) -> Map<String, Value> {
    ids.into_iter()
        .map(|id| (id.clone(), json!({"status": "ok"})))
        .collect()
}

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v2("tasks/{id}", get(get_task))
}

/// `GET /api/v2/tasks/{id}`: the task's status and result, or 404 (code 16).
async fn get_task(
    caller: ServerCaller,
    PathParams(id, _): PathParams<String, GetTask>,
) -> Reply<V2Error> {
    const OP: &str = GetTask::NAME;
    let data = caller.app.lock();
    let task = data
        .v2
        .task_log
        .get(&id)
        .ok_or_else(|| V2Error::not_found(OP, format!("task {id} not found")))?;
    let mut out = Map::new();
    out.insert("task_id".into(), json!(id));
    out.insert("status".into(), json!(task.status));
    out.insert("result".into(), Value::Object(task.result.clone()));
    out.insert("created_at".into(), json!(task.created_at));
    out.insert("updated_at".into(), json!(task.updated_at));
    shapes::reply(StatusCode::OK, out)
}
