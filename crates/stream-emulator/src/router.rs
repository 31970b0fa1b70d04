//! The application router: every family's `routes()`, with Stream-format 404/405 answers.
//! Every v1 path is served with and without a trailing slash.

use axum::Router;
use axum::http::{Method, Uri};
use axum::routing::MethodRouter;

use crate::error::ApiError;
use crate::state::SharedState;

/// Where every v1 Feeds route starts.
pub(crate) const API: &str = "/api/v1.0";

/// Adds `path` and `path/` (or the slash-less form when `path` ends with `/`) to `router`.
pub(crate) fn route_both(
    router: Router<SharedState>,
    path: &str,
    mr: MethodRouter<SharedState>,
) -> Router<SharedState> {
    let trimmed = path.trim_end_matches('/');
    router
        .route(trimmed, mr.clone())
        .route(&format!("{trimmed}/"), mr)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::no_route(&format!("{method} {}", uri.path()))
}

async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}

/// The whole application router, one family's routes after another.
pub(crate) fn router(state: SharedState) -> Router {
    Router::new()
        .merge(crate::feed::routes())
        .merge(crate::follow::routes())
        .merge(crate::batch::routes())
        .merge(crate::activities::routes())
        .merge(crate::reactions::routes())
        .merge(crate::collections::routes())
        .merge(crate::users::routes())
        .merge(crate::files::routes())
        .merge(crate::og::routes())
        .merge(crate::personalization::routes())
        .merge(crate::analytics::routes())
        .merge(crate::moderation::routes())
        .merge(crate::audit_logs::routes())
        .merge(crate::data_privacy::routes())
        .merge(crate::v2::routes())
        .merge(crate::faye::routes(&state))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::extract::MAX_UPLOAD_BODY,
        ))
        .with_state(state)
}
