//! The application router: every family's `routes()`, with Stream-format 404/405 answers.

use axum::Router;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use crate::error::ApiError;
use crate::state::SharedState;

/// Where every v1 Feeds route starts.
pub(crate) const API: &str = "/api/v1.0";

/// How families add their routes: every v1 path is served with and without a trailing slash,
/// as the service does.
pub(crate) trait RouterExt {
    /// Serves `path` under `/api/v1.0/` (`"feed/{slug}/{user}"`), with and without a trailing
    /// slash.
    fn v1(self, path: &str, method_router: MethodRouter<SharedState>) -> Self;

    /// Serves the full `path` with and without a trailing slash.
    fn both(self, path: &str, method_router: MethodRouter<SharedState>) -> Self;

    /// Serves `path` under `/api/v2/` (`"video/call/{call_type}/{id}"`), exactly as given: the
    /// v2 SDKs send no trailing slashes.
    fn v2(self, path: &str, method_router: MethodRouter<SharedState>) -> Self;
}

impl RouterExt for Router<SharedState> {
    fn v1(self, path: &str, method_router: MethodRouter<SharedState>) -> Self {
        self.both(&format!("{API}/{path}"), method_router)
    }

    fn both(self, path: &str, method_router: MethodRouter<SharedState>) -> Self {
        let trimmed = path.trim_end_matches('/');
        self.route(trimmed, method_router.clone())
            .route(&format!("{trimmed}/"), method_router)
    }

    fn v2(self, path: &str, method_router: MethodRouter<SharedState>) -> Self {
        self.route(&format!("/api/v2/{path}"), method_router)
    }
}

async fn not_found(method: Method, uri: Uri) -> Response {
    if crate::v2::error::is_v2_path(uri.path()) {
        return crate::v2::error::V2Error::no_route(&method, uri.path()).into_response();
    }
    ApiError::no_route(&format!("{method} {}", uri.path())).into_response()
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    if crate::v2::error::is_v2_path(uri.path()) {
        return crate::v2::error::V2Error::method_not_allowed(&method, uri.path()).into_response();
    }
    ApiError::method_not_allowed().into_response()
}

/// The whole application router, one family's routes after another; `/faye` holds clients
/// within `faye`.
pub(crate) fn router(state: SharedState, faye: crate::faye::FayeLimits) -> Router {
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
        .merge(crate::faye::routes(&state, faye))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::extract::MAX_UPLOAD_BODY,
        ))
        .with_state(state)
}
