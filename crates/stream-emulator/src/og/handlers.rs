//! HTTP handler for `og/?url=`.

use axum::http::{Method, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use stream_auth::Resource;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::others::common::with_duration;
use crate::others::guard::scope;
use crate::query::Params;
use crate::router::route_both;
use crate::state::SharedState;

/// The `og/` route.
pub(crate) fn routes() -> Router<SharedState> {
    route_both(Router::new(), "/api/v1.0/og", get(og))
}

async fn og(
    caller: Caller,
    method: Method,
    params: Params,
) -> ApiResult<(StatusCode, Json<Value>)> {
    scope(&caller, Resource::Url, &method)?;
    let url = params.get("url").unwrap_or("").to_owned();
    let app = caller.app.lock();
    let page = app.og_pages.lookup(&url)?;
    Ok((StatusCode::OK, Json(with_duration(page))))
}
